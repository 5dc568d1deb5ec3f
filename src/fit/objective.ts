/**
 * The Approach-3 objective (Hoffmann et al. 2022) in centred coordinates, with its analytic
 * gradient: sum_i w_i Huber_delta(LSE(a' - alpha n_i, b' - beta d_i, e) - ln L_i), where
 * n_i = ln N_i - mean(ln N), d_i = ln D_i - mean(ln D), a' = a - alpha mean(ln N) and
 * b' = b - beta mean(ln D). Centring decorrelates the intercepts from the exponents
 * (docs/METHODS.md, "Approach 3": on the Chinchilla runs it halves the f64 iterations and lets
 * f32 converge).
 * The SUM over rows, not the mean: with the mean, gradients are ~1/n smaller and L-BFGS stops
 * near its start (test/unit/fit-cpu.test.ts keeps a regression test).
 */
import type { LawTheta } from '../law/law';
import type { FitRun } from './types';

/** Number of parameters (a', b', e, alpha, beta). */
export const THETA_DIM = 5;

/** The runs in centred log coordinates. */
export interface FitData {
  readonly n: number;
  /** ln N - mean(ln N). */
  readonly lnN: Float64Array;
  /** ln D - mean(ln D). */
  readonly lnD: Float64Array;
  /** ln L. */
  readonly lnL: Float64Array;
  readonly meanLnN: number;
  readonly meanLnD: number;
}

/** Centres the runs' logs (unweighted means, shared by every bootstrap replica). */
export function prepareFitData(runs: readonly FitRun[]): FitData {
  const n = runs.length;
  const lnN = new Float64Array(n);
  const lnD = new Float64Array(n);
  const lnL = new Float64Array(n);
  let sumN = 0;
  let sumD = 0;
  runs.forEach((r, i) => {
    lnN[i] = Math.log(r.N);
    lnD[i] = Math.log(r.D);
    lnL[i] = Math.log(r.loss);
    sumN += lnN[i]!;
    sumD += lnD[i]!;
  });
  const meanLnN = n > 0 ? sumN / n : 0;
  const meanLnD = n > 0 ? sumD / n : 0;
  for (let i = 0; i < n; i++) {
    lnN[i]! -= meanLnN;
    lnD[i]! -= meanLnD;
  }
  return { n, lnN, lnD, lnL, meanLnN, meanLnD };
}

/** Fitting parameters to the centred vector (a', b', e, alpha, beta). */
export function toCentred(theta: LawTheta, data: FitData): Float64Array {
  return Float64Array.of(
    theta.a - theta.alpha * data.meanLnN,
    theta.b - theta.beta * data.meanLnD,
    theta.e,
    theta.alpha,
    theta.beta,
  );
}

/** The centred vector back to fitting parameters. */
export function fromCentred(x: ArrayLike<number>, data: FitData): LawTheta {
  const alpha = x[3]!;
  const beta = x[4]!;
  return { a: x[0]! + alpha * data.meanLnN, b: x[1]! + beta * data.meanLnD, e: x[2]!, alpha, beta };
}

/** Huber loss: r^2 / 2 inside |r| <= delta, delta (|r| - delta / 2) outside. */
export function huber(r: number, delta: number): number {
  const a = Math.abs(r);
  return a <= delta ? 0.5 * r * r : delta * (a - 0.5 * delta);
}

/**
 * Objective at centred x, with its gradient written into `grad` (length 5).
 * `weights` (integer resampling counts, or null for all ones) multiply each row's term.
 */
export function objectiveAndGradient(
  x: ArrayLike<number>,
  data: FitData,
  weights: ArrayLike<number> | null,
  delta: number,
  grad: Float64Array,
): number {
  const a = x[0]!;
  const b = x[1]!;
  const e = x[2]!;
  const alpha = x[3]!;
  const beta = x[4]!;
  let f = 0;
  let gA = 0;
  let gB = 0;
  let gE = 0;
  let gAlpha = 0;
  let gBeta = 0;
  const { lnN, lnD, lnL } = data;
  for (let i = 0; i < data.n; i++) {
    const w = weights ? weights[i]! : 1;
    if (w === 0) continue;
    const n = lnN[i]!;
    const d = lnD[i]!;
    const t1 = a - alpha * n;
    const t2 = b - beta * d;
    // exp(t - max) for the three terms; the largest is exactly 1, so two exp per row.
    let e1: number;
    let e2: number;
    let e3: number;
    let m: number;
    if (t1 >= t2 && t1 >= e) {
      m = t1;
      e1 = 1;
      e2 = Math.exp(t2 - m);
      e3 = Math.exp(e - m);
    } else if (t2 >= e) {
      m = t2;
      e1 = Math.exp(t1 - m);
      e2 = 1;
      e3 = Math.exp(e - m);
    } else {
      m = e;
      e1 = Math.exp(t1 - m);
      e2 = Math.exp(t2 - m);
      e3 = 1;
    }
    const s = e1 + e2 + e3;
    const r = m + Math.log(s) - lnL[i]!;
    const ar = Math.abs(r);
    let dr: number;
    if (ar <= delta) {
      f += w * 0.5 * r * r;
      dr = w * r;
    } else {
      f += w * delta * (ar - 0.5 * delta);
      dr = r > 0 ? w * delta : -w * delta;
    }
    const k = dr / s;
    const p1 = k * e1;
    const p2 = k * e2;
    gA += p1;
    gB += p2;
    gE += k * e3;
    gAlpha -= p1 * n;
    gBeta -= p2 * d;
  }
  grad[0] = gA;
  grad[1] = gB;
  grad[2] = gE;
  grad[3] = gAlpha;
  grad[4] = gBeta;
  return f;
}

/**
 * A minimisation problem over a free vector: all five centred parameters, or four when the
 * exponents are tied (alpha = beta, whose gradient is the sum of the two).
 */
export interface FitProblem {
  readonly dim: number;
  /** Objective at free vector x; writes the gradient into g. */
  evaluate(x: Float64Array, g: Float64Array): number;
  /** Free vector to the full centred vector (a', b', e, alpha, beta). */
  expand(x: Float64Array): Float64Array;
  /** Full centred vector to the free vector. */
  restrict(full: Float64Array): Float64Array;
}

/** Builds the problem for one dataset, weight vector and option set. */
export function fitProblem(
  data: FitData,
  weights: ArrayLike<number> | null,
  delta: number,
  tieExponents: boolean,
): FitProblem {
  const full = new Float64Array(THETA_DIM);
  const fullGrad = new Float64Array(THETA_DIM);
  if (!tieExponents) {
    return {
      dim: THETA_DIM,
      evaluate: (x, g) => objectiveAndGradient(x, data, weights, delta, g),
      expand: (x) => Float64Array.from(x),
      restrict: (v) => Float64Array.from(v),
    };
  }
  const expand = (x: Float64Array) => Float64Array.of(x[0]!, x[1]!, x[2]!, x[3]!, x[3]!);
  return {
    dim: 4,
    evaluate(x, g) {
      full.set(expand(x));
      const f = objectiveAndGradient(full, data, weights, delta, fullGrad);
      g[0] = fullGrad[0]!;
      g[1] = fullGrad[1]!;
      g[2] = fullGrad[2]!;
      g[3] = fullGrad[3]! + fullGrad[4]!;
      return f;
    },
    expand,
    restrict: (v) => Float64Array.of(v[0]!, v[1]!, v[2]!, 0.5 * (v[3]! + v[4]!)),
  };
}
