/**
 * The Approach-3 objective (Hoffmann et al. 2022) in centred coordinates, with its analytic
 * gradient: sum_i w_i Huber_delta(LSE(a' - alpha n_i, b' - beta d_i, e) - ln L_i), where
 * n_i = ln N_i - mean(ln N), d_i = ln D_i - mean(ln D), a' = a - alpha mean(ln N) and
 * b' = b - beta mean(ln D). Centring decorrelates the intercepts from the exponents
 * (docs/METHODS.md, "Approach 3": on the Chinchilla runs it halves the f64 iterations and lets
 * f32 converge).
 * The SUM over rows, not the mean: with the mean, gradients are ~1/n smaller and L-BFGS stops
 * near its start (test/unit/fit-cpu.test.ts keeps a regression test).
 * Objective choices (src/fit/objective-options.ts): least squares in place of Huber, a factor
 * on the terms of over-predictions (r > 0), per-row weights multiplied into the resampling
 * counts, and parameters held fixed by zeroing their gradient components. At the defaults each
 * of them multiplies by exactly 1 or zeroes nothing, so the sums are the plain fit's, bit for bit.
 */
import type { LawTheta } from '../law/law';
import { gradientMask, type ObjectiveTerms, rowWeightsOf } from './objective-options';
import type { FitRun, RunWeighting } from './types';

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
  /** Per-row weights of the objective (objective-options rowWeightsOf); absent: all ones. */
  readonly rowWeight?: Float64Array | undefined;
}

/**
 * prepareFitData with, for a weighting other than 'none', the row weights attached
 * (objective-options rowWeightsOf; throws on unusable weights).
 */
export function weightedFitData(
  runs: readonly FitRun[],
  weighting: RunWeighting | undefined,
): FitData {
  const data = prepareFitData(runs);
  const rowWeight = rowWeightsOf(runs, weighting);
  return rowWeight ? { ...data, rowWeight } : data;
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
 * The rows one fit reads: the rows with a non-zero weight, in their order, with their weights
 * (all ones for an unweighted fit). A bootstrap replica draws about 63% of the rows at least
 * once, so its loop skips the rest without a branch. Skipped rows add exactly 0 and ones
 * multiply exactly, so the sums are those over all rows, bit for bit.
 */
export interface FitRows {
  readonly n: number;
  readonly lnN: Float64Array;
  readonly lnD: Float64Array;
  readonly lnL: Float64Array;
  readonly w: Float64Array;
}

/**
 * The rows of `data` with a non-zero weight (every row when `weights` is null), each weight
 * times the row's weight when `data` carries row weights.
 */
export function fitRows(data: FitData, weights: ArrayLike<number> | null): FitRows {
  let n = 0;
  for (let i = 0; i < data.n; i++) if ((weights ? weights[i]! : 1) !== 0) n++;
  const lnN = new Float64Array(n);
  const lnD = new Float64Array(n);
  const lnL = new Float64Array(n);
  const w = new Float64Array(n);
  let j = 0;
  const rowWeight = data.rowWeight;
  for (let i = 0; i < data.n; i++) {
    const wi = weights ? weights[i]! : 1;
    if (wi === 0) continue;
    lnN[j] = data.lnN[i]!;
    lnD[j] = data.lnD[i]!;
    lnL[j] = data.lnL[i]!;
    w[j] = rowWeight ? wi * rowWeight[i]! : wi;
    j++;
  }
  return { n, lnN, lnD, lnL, w };
}

/**
 * Objective at centred x over `rows`, with its gradient written into `grad` (length 5): the
 * log-sum-exp shifted by its largest term (which cannot overflow; that term is exactly 1, so
 * two exp and one log per row), the Huber value and slope of each residual. Least squares is
 * Huber with an infinite threshold; an over-prediction (r > 0) has its weight times
 * `terms.overPenalty`.
 */
export function rowsObjective(
  x: ArrayLike<number>,
  rows: FitRows,
  delta: number,
  grad: Float64Array,
  terms?: ObjectiveTerms,
): number {
  const threshold = terms?.residualLoss === 'squared' ? Number.POSITIVE_INFINITY : delta;
  const over = terms?.overPenalty ?? 1;
  const a = x[0]!;
  const b = x[1]!;
  const e = x[2]!;
  const alpha = x[3]!;
  const beta = x[4]!;
  const { n, lnN, lnD, lnL, w } = rows;
  let f = 0;
  let gA = 0;
  let gB = 0;
  let gE = 0;
  let gAlpha = 0;
  let gBeta = 0;
  for (let i = 0; i < n; i++) {
    const ni = lnN[i]!;
    const di = lnD[i]!;
    const t1 = a - alpha * ni;
    const t2 = b - beta * di;
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
    const wi = r > 0 ? w[i]! * over : w[i]!;
    const ar = Math.abs(r);
    let dr: number;
    if (ar <= threshold) {
      f += wi * 0.5 * r * r;
      dr = wi * r;
    } else {
      f += wi * threshold * (ar - 0.5 * threshold);
      dr = r > 0 ? wi * threshold : -wi * threshold;
    }
    const k = dr / s;
    const p1 = k * e1;
    const p2 = k * e2;
    gA += p1;
    gB += p2;
    gE += k * e3;
    gAlpha -= p1 * ni;
    gBeta -= p2 * di;
  }
  grad[0] = gA;
  grad[1] = gB;
  grad[2] = gE;
  grad[3] = gAlpha;
  grad[4] = gBeta;
  return f;
}

/**
 * Objective at centred x, with its gradient written into `grad` (length 5).
 * `weights` (integer resampling counts, or null for all ones) multiply each row's term.
 * For one call; a minimiser builds the rows once (fitProblem) and calls rowsObjective.
 */
export function objectiveAndGradient(
  x: ArrayLike<number>,
  data: FitData,
  weights: ArrayLike<number> | null,
  delta: number,
  grad: Float64Array,
  terms?: ObjectiveTerms,
): number {
  return rowsObjective(x, fitRows(data, weights), delta, grad, terms);
}

/** Residuals r_i = ln L_pred - ln L_i at centred x (all rows, unweighted). */
export function residualsAt(x: ArrayLike<number>, data: FitData): Float64Array {
  const out = new Float64Array(data.n);
  for (let i = 0; i < data.n; i++) {
    const t1 = x[0]! - x[3]! * data.lnN[i]!;
    const t2 = x[1]! - x[4]! * data.lnD[i]!;
    const e = x[2]!;
    const m = Math.max(t1, t2, e);
    out[i] = m + Math.log(Math.exp(t1 - m) + Math.exp(t2 - m) + Math.exp(e - m)) - data.lnL[i]!;
  }
  return out;
}

/**
 * A minimisation problem over a free vector: all five centred parameters, or four when the
 * exponents are tied (alpha = beta, whose gradient is the sum of the two). Fixed parameters
 * stay in the vector with their gradient components zeroed, so L-BFGS never moves them: every
 * step direction and curvature pair is zero there, and x + t 0 = x exactly.
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

/** Zeroes the components of g whose bit is set in mask. */
function maskGradient(g: Float64Array, mask: number): void {
  for (let j = 0; j < g.length; j++) if (mask & (1 << j)) g[j] = 0;
}

/** Builds the problem for one dataset, weight vector and option set. */
export function fitProblem(
  data: FitData,
  weights: ArrayLike<number> | null,
  delta: number,
  tieExponents: boolean,
  terms?: ObjectiveTerms,
): FitProblem {
  const rows = fitRows(data, weights);
  const full = new Float64Array(THETA_DIM);
  const fullGrad = new Float64Array(THETA_DIM);
  const mask = gradientMask(terms, tieExponents);
  if (!tieExponents) {
    return {
      dim: THETA_DIM,
      evaluate: terms
        ? (x, g) => {
            const f = rowsObjective(x, rows, delta, g, terms);
            maskGradient(g, mask);
            return f;
          }
        : (x, g) => rowsObjective(x, rows, delta, g),
      expand: (x) => Float64Array.from(x),
      restrict: (v) => Float64Array.from(v),
    };
  }
  const expand = (x: Float64Array) => Float64Array.of(x[0]!, x[1]!, x[2]!, x[3]!, x[3]!);
  return {
    dim: 4,
    evaluate(x, g) {
      full[0] = x[0]!;
      full[1] = x[1]!;
      full[2] = x[2]!;
      full[3] = x[3]!;
      full[4] = x[3]!;
      const f = rowsObjective(full, rows, delta, fullGrad, terms);
      g[0] = fullGrad[0]!;
      g[1] = fullGrad[1]!;
      g[2] = fullGrad[2]!;
      g[3] = fullGrad[3]! + fullGrad[4]!;
      maskGradient(g, mask);
      return f;
    },
    expand,
    restrict: (v) => Float64Array.of(v[0]!, v[1]!, v[2]!, 0.5 * (v[3]! + v[4]!)),
  };
}
