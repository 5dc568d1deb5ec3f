/**
 * Strong-Wolfe line search (Nocedal & Wright, Numerical Optimization, 2nd ed., Algorithms 3.5
 * and 3.6), with safeguarded cubic interpolation in the zoom phase.
 */

/** Objective and gradient at x; writes the gradient into g. */
export type ObjectiveFn = (x: Float64Array, g: Float64Array) => number;

/** A point the search evaluated. */
export interface LinePoint {
  readonly step: number;
  readonly f: number;
  /** Directional derivative g(x + step d) . d. */
  readonly slope: number;
  readonly x: Float64Array;
  readonly g: Float64Array;
}

/** Outcome of a search: the accepted point, or none. */
export interface LineSearchResult {
  readonly point: LinePoint | undefined;
  readonly evaluations: number;
}

/**
 * Sufficient-decrease and curvature constants (the usual choice for quasi-Newton methods), the
 * evaluation cap, the largest step, and the factor a step grows by while bracketing. The f32
 * kernel (shaders/fit.wgsl) declares the same constants; test/unit/fit-constants.test.ts
 * keeps the two equal.
 */
export const WOLFE = { c1: 1e-4, c2: 0.9, maxEvaluations: 30, maxStep: 1e8, expansion: 4 } as const;

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

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

/**
 * Finds a step along d from x satisfying the strong Wolfe conditions.
 * f0 and slope0 (< 0) are the objective and directional derivative at x.
 */
export function strongWolfe(
  fn: ObjectiveFn,
  x: Float64Array,
  d: Float64Array,
  f0: number,
  slope0: number,
  firstStep: number,
): LineSearchResult {
  const { c1, c2, maxEvaluations, maxStep, expansion } = WOLFE;
  let evaluations = 0;
  const at = (step: number): LinePoint => {
    const xs = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) xs[i] = x[i]! + step * d[i]!;
    const g = new Float64Array(x.length);
    const f = fn(xs, g);
    evaluations++;
    return { step, f, slope: dot(g, d), x: xs, g };
  };
  const sufficient = (p: LinePoint) => p.f <= f0 + c1 * p.step * slope0;
  const curvature = (p: LinePoint) => Math.abs(p.slope) <= -c2 * slope0;

  const zoom = (lo: LinePoint, hi: LinePoint): LineSearchResult => {
    while (evaluations < maxEvaluations) {
      const step = cubicStep(lo.step, lo.f, lo.slope, hi.step, hi.f, hi.slope);
      if (Math.abs(hi.step - lo.step) <= 1e-16 * Math.max(1, Math.abs(lo.step))) break;
      const p = at(step);
      if (!Number.isFinite(p.f) || !sufficient(p) || p.f >= lo.f) {
        hi = p;
      } else {
        if (curvature(p)) return { point: p, evaluations };
        if (p.slope * (hi.step - lo.step) >= 0) hi = lo;
        lo = p;
      }
    }
    // Out of evaluations: the best sufficient-decrease point still makes progress.
    return { point: lo.step > 0 && lo.f < f0 ? lo : undefined, evaluations };
  };

  const origin: LinePoint = { step: 0, f: f0, slope: slope0, x, g: new Float64Array(0) };
  let prev = origin;
  let step = firstStep;
  while (evaluations < maxEvaluations) {
    const p = at(step);
    if (!Number.isFinite(p.f) || !Number.isFinite(p.slope)) {
      step = 0.5 * (prev.step + step);
      continue;
    }
    if (!sufficient(p) || (prev !== origin && p.f >= prev.f)) return zoom(prev, p);
    if (curvature(p)) return { point: p, evaluations };
    if (p.slope >= 0) return zoom(p, prev);
    prev = p;
    step = Math.min(expansion * step, maxStep);
  }
  return { point: prev !== origin ? prev : undefined, evaluations };
}
