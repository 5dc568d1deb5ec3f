/**
 * Strong-Wolfe line search (Nocedal & Wright, Numerical Optimization, 2nd ed., Algorithms 3.5
 * and 3.6), with safeguarded cubic interpolation in the zoom phase. It allocates nothing per
 * trial: a LineSearch owns its buffers and is reused for every iteration of a minimisation.
 */

/** Objective and gradient at x; writes the gradient into g. */
export type ObjectiveFn = (x: Float64Array, g: Float64Array) => number;

/**
 * Sufficient-decrease and curvature constants (the usual choice for quasi-Newton methods), the
 * evaluation cap, the largest step, and the factor a step grows by while bracketing. The f32
 * kernel (shaders/fit.wgsl) declares the same constants; test/unit/fit-constants.test.ts
 * keeps the two equal.
 */
export const WOLFE = { c1: 1e-4, c2: 0.9, maxEvaluations: 30, maxStep: 1e8, expansion: 4 } as const;

/** Minimiser of the cubic through (a, fa, da) and (b, fb, db), kept inside the bracket. */
export function cubicStep(
  a: number,
  fa: number,
  da: number,
  b: number,
  fb: number,
  db: number,
): number {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  const margin = 0.1 * (hi - lo);
  const d1 = da + db - (3 * (fa - fb)) / (a - b);
  const disc = d1 * d1 - da * db;
  let t = Number.NaN;
  if (disc >= 0) {
    const d2 = Math.sign(b - a) * Math.sqrt(disc);
    t = b - ((b - a) * (db + d2 - d1)) / (db - da + 2 * d2);
  }
  if (!Number.isFinite(t) || t < lo + margin || t > hi - margin) return 0.5 * (a + b);
  return t;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/**
 * A reusable strong-Wolfe search in `dim` dimensions. After `search` returns true, `step`, `f`,
 * `x` and `g` hold the accepted point; after false, no point made progress.
 */
export class LineSearch {
  /** Accepted step, objective, point and gradient (valid after a successful search). */
  step = 0;
  f = 0;
  readonly x: Float64Array;
  readonly g: Float64Array;
  /** Objective evaluations of the last search. */
  evaluations = 0;
  /** Gradient at the trial point. */
  private readonly gTrial: Float64Array;
  /** Gradient at the low end of the bracket (the best sufficient-decrease point so far). */
  private readonly gLo: Float64Array;

  constructor(dim: number) {
    this.x = new Float64Array(dim);
    this.g = new Float64Array(dim);
    this.gTrial = new Float64Array(dim);
    this.gLo = new Float64Array(dim);
  }

  /**
   * Searches along d from x for a step satisfying the strong Wolfe conditions.
   * f0 and slope0 (< 0) are the objective and directional derivative at x.
   */
  search(
    fn: ObjectiveFn,
    x: Float64Array,
    d: Float64Array,
    f0: number,
    slope0: number,
    firstStep: number,
  ): boolean {
    const { c1, c2, maxEvaluations, maxStep, expansion } = WOLFE;
    const xt = this.x;
    const gt = this.gTrial;
    const dim = x.length;
    let evaluations = 0;
    let trialF = 0;
    let trialSlope = 0;
    const at = (step: number) => {
      for (let i = 0; i < dim; i++) xt[i] = x[i]! + step * d[i]!;
      trialF = fn(xt, gt);
      trialSlope = dot(gt, d);
      evaluations++;
    };
    const sufficient = (step: number, f: number) => f <= f0 + c1 * step * slope0;
    const curvature = (slope: number) => Math.abs(slope) <= -c2 * slope0;
    // The bracket: lo is the best sufficient-decrease point (step 0 = the start), hi the other end.
    let loStep = 0;
    let loF = f0;
    let loSlope = slope0;
    let hiStep = 0;
    let hiF = 0;
    let hiSlope = 0;
    const keepLo = (step: number) => {
      loStep = step;
      loF = trialF;
      loSlope = trialSlope;
      this.gLo.set(gt);
    };
    const accept = (step: number, f: number, g: Float64Array) => {
      this.step = step;
      this.f = f;
      for (let i = 0; i < dim; i++) xt[i] = x[i]! + step * d[i]!;
      this.g.set(g);
      this.evaluations = evaluations;
      return true;
    };
    const fail = () => {
      this.evaluations = evaluations;
      return false;
    };

    // Bracketing: grow the step until it overshoots, then zoom.
    let zoom = false;
    let step = firstStep;
    while (evaluations < maxEvaluations) {
      at(step);
      if (!Number.isFinite(trialF) || !Number.isFinite(trialSlope)) {
        step = 0.5 * (loStep + step);
        continue;
      }
      if (!sufficient(step, trialF) || (loStep > 0 && trialF >= loF)) {
        hiStep = step;
        hiF = trialF;
        hiSlope = trialSlope;
        zoom = true;
        break;
      }
      if (curvature(trialSlope)) return accept(step, trialF, gt);
      if (trialSlope >= 0) {
        hiStep = loStep;
        hiF = loF;
        hiSlope = loSlope;
        keepLo(step);
        zoom = true;
        break;
      }
      keepLo(step);
      step = Math.min(expansion * step, maxStep);
    }
    if (!zoom) return loStep > 0 ? accept(loStep, loF, this.gLo) : fail();

    // Zoom between lo and hi by safeguarded cubic interpolation.
    while (evaluations < maxEvaluations) {
      const t = cubicStep(loStep, loF, loSlope, hiStep, hiF, hiSlope);
      if (Math.abs(hiStep - loStep) <= 1e-16 * Math.max(1, Math.abs(loStep))) break;
      at(t);
      if (!Number.isFinite(trialF) || !sufficient(t, trialF) || trialF >= loF) {
        hiStep = t;
        hiF = trialF;
        hiSlope = trialSlope;
      } else {
        if (curvature(trialSlope)) return accept(t, trialF, gt);
        if (trialSlope * (hiStep - loStep) >= 0) {
          hiStep = loStep;
          hiF = loF;
          hiSlope = loSlope;
        }
        keepLo(t);
      }
    }
    // Out of evaluations: the best sufficient-decrease point still makes progress.
    return loStep > 0 && loF < f0 ? accept(loStep, loF, this.gLo) : fail();
  }
}
