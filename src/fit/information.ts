/**
 * The information of the Approach-3 fit at an estimate, in f64: the Gauss-Newton matrix
 * M = J^T J / s^2 over the fit's runs, where row i of J is the gradient of the predicted
 * log-loss LSE(a - alpha ln N_i, b - beta ln D_i, e) of run i and s is the residual scale.
 *
 * Parameters are centred like the fitter's (src/fit/objective.ts): phi = (e, a', b', alpha,
 * beta) with a' = a - alpha cN, b' = b - beta cD and (cN, cD) the mean logs of the fit's runs.
 * Centring is a linear change of variables, so every variance g^T M^-1 g is the same as in the
 * uncentred parameters; it only makes M far better conditioned (and usable in f32 on the GPU).
 *
 * The scale s is the RMS residual with n - p degrees of freedom, s^2 = sum r_i^2 / (n - p):
 * the Sherman-Morrison update assumes a new run's noise has the same variance as the old runs',
 * and this is the unbiased estimate of that variance in the linearised least-squares model.
 */
import { type LawTheta, logLossLSE } from '../law/law';
import type { FitRun } from './types';

/** Number of parameters: (e, a', b', alpha, beta). */
export const INFO_DIM = 5;

/** Names of the centred parameters, in the order of every vector and matrix here. */
export const INFO_PARAMS = ['e', 'a', 'b', 'alpha', 'beta'] as const;

/** Why a design cannot be computed. */
export type DesignErrorCode =
  | 'target-budget'
  | 'target-point'
  | 'region-outside-budget'
  | 'budget-too-small'
  | 'not-converged'
  | 'not-identified'
  | 'bad-input';

/** A design that cannot be computed, with a specific message for the user. */
export class DesignError extends Error {
  override name = 'DesignError';
  constructor(
    readonly code: DesignErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Where the parameters are centred: the mean ln N and ln D of the fit's runs. */
export interface InformationCentre {
  readonly lnN: number;
  readonly lnD: number;
}

/** The information of a fit at one estimate. */
export interface FitInformation {
  readonly theta: LawTheta;
  readonly centre: InformationCentre;
  /** Runs the matrix sums over. */
  readonly n: number;
  /** Residual scale s on ln L. */
  readonly scale: number;
  /** M = J^T J / s^2, row-major 5 x 5. */
  readonly matrix: Float64Array;
  /** M^-1, row-major 5 x 5: the linearised covariance of the centred parameters. */
  readonly covariance: Float64Array;
  /** Reciprocal condition number of M after unit-diagonal scaling (1 is perfect). */
  readonly reciprocalCondition: number;
}

/** Below this reciprocal condition (of the unit-diagonal M) a parameter is not identified. */
export const MIN_RECIPROCAL_CONDITION = 1e-12;

/**
 * Gradient of the predicted ln L at (ln N, ln D) with respect to the centred parameters,
 * written into `out` (length 5): (w_E, w_A, w_B, -w_A (ln N - cN), -w_B (ln D - cD)), where
 * w are the softmax weights of the three terms of the log-sum-exp.
 */
export function runGradient(
  theta: LawTheta,
  centre: InformationCentre,
  lnN: number,
  lnD: number,
  out: Float64Array = new Float64Array(INFO_DIM),
): Float64Array {
  const n = lnN - centre.lnN;
  const d = lnD - centre.lnD;
  const xA = theta.a - theta.alpha * centre.lnN - theta.alpha * n;
  const xB = theta.b - theta.beta * centre.lnD - theta.beta * d;
  const xE = theta.e;
  const m = Math.max(xA, xB, xE);
  const eA = Math.exp(xA - m);
  const eB = Math.exp(xB - m);
  const eE = Math.exp(xE - m);
  const sum = eA + eB + eE;
  const wA = eA / sum;
  const wB = eB / sum;
  out[0] = eE / sum;
  out[1] = wA;
  out[2] = wB;
  out[3] = -wA * n;
  out[4] = -wB * d;
  return out;
}

/**
 * Converts a gradient with respect to the uncentred (e, a, b, alpha, beta) into one with
 * respect to the centred parameters (the chain rule of a = a' + alpha cN, b = b' + beta cD).
 */
export function centredGradient(g: ArrayLike<number>, centre: InformationCentre): Float64Array {
  return Float64Array.of(
    g[0]!,
    g[1]!,
    g[2]!,
    g[3]! + centre.lnN * g[1]!,
    g[4]! + centre.lnD * g[2]!,
  );
}

/**
 * Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations (exact to f64 rounding
 * for the 5 x 5 matrices here). Returns eigenvalues and eigenvectors as columns, row-major.
 */
export function symmetricEigen(
  matrix: ArrayLike<number>,
  size: number,
): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix as ArrayLike<number>);
  const v = new Float64Array(size * size);
  for (let i = 0; i < size; i++) v[i * size + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < size; i++) {
      diag += a[i * size + i]! ** 2;
      for (let j = i + 1; j < size; j++) off += a[i * size + j]! ** 2;
    }
    if (off <= 1e-32 * diag || off === 0) break;
    for (let p = 0; p < size; p++) {
      for (let q = p + 1; q < size; q++) {
        const apq = a[p * size + q]!;
        if (apq === 0) continue;
        const app = a[p * size + p]!;
        const aqq = a[q * size + q]!;
        const tau = (aqq - app) / (2 * apq);
        const t = Math.sign(tau || 1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        for (let k = 0; k < size; k++) {
          const akp = a[k * size + p]!;
          const akq = a[k * size + q]!;
          a[k * size + p] = c * akp - s * akq;
          a[k * size + q] = s * akp + c * akq;
        }
        for (let k = 0; k < size; k++) {
          const apk = a[p * size + k]!;
          const aqk = a[q * size + k]!;
          a[p * size + k] = c * apk - s * aqk;
          a[q * size + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < size; k++) {
          const vkp = v[k * size + p]!;
          const vkq = v[k * size + q]!;
          v[k * size + p] = c * vkp - s * vkq;
          v[k * size + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(size);
  for (let i = 0; i < size; i++) values[i] = a[i * size + i]!;
  return { values, vectors: v };
}

/** Options of {@link fitInformation}. */
export interface InformationOptions {
  /** Use this residual scale instead of estimating it (a known noise level, in tests). */
  readonly scale?: number;
}

/** Residuals ln L_i - predicted ln L_i of the runs at theta. */
export function residuals(theta: LawTheta, runs: readonly FitRun[]): Float64Array {
  return Float64Array.from(
    runs,
    (r) => Math.log(r.loss) - logLossLSE(theta, Math.log(r.N), Math.log(r.D)),
  );
}

/**
 * The Gauss-Newton information of the fit at theta over `runs`, with its inverse.
 * Throws DesignError 'bad-input' for too few or invalid runs or a zero residual scale, and
 * 'not-identified' (naming the parameters of the weakest direction) for a singular M.
 */
export function fitInformation(
  theta: LawTheta,
  runs: readonly FitRun[],
  options: InformationOptions = {},
): FitInformation {
  const p = INFO_DIM;
  const n = runs.length;
  if (!Object.values(theta).every(Number.isFinite))
    throw new DesignError('bad-input', 'the fitted parameters are not all finite numbers');
  const bad = runs.findIndex((r) => ![r.N, r.D, r.loss].every((x) => Number.isFinite(x) && x > 0));
  if (bad >= 0)
    throw new DesignError(
      'bad-input',
      `run ${bad + 1} has a value that is not a finite positive number (N ${runs[bad]!.N}, D ${runs[bad]!.D}, loss ${runs[bad]!.loss})`,
    );
  if (n <= p)
    throw new DesignError(
      'bad-input',
      `the information of a fit needs more runs than its ${p} parameters: ${n} run${n === 1 ? '' : 's'}`,
    );
  let sumN = 0;
  let sumD = 0;
  for (const r of runs) {
    sumN += Math.log(r.N);
    sumD += Math.log(r.D);
  }
  const centre = { lnN: sumN / n, lnD: sumD / n };
  let scale = options.scale;
  if (scale === undefined) {
    let ss = 0;
    for (const r of residuals(theta, runs)) ss += r * r;
    scale = Math.sqrt(ss / (n - p));
  }
  if (!(scale > 0) || !Number.isFinite(scale))
    throw new DesignError(
      'bad-input',
      `the residual scale is ${scale}: the fit leaves no noise to estimate, so variances are undefined`,
    );
  const jtj = new Float64Array(p * p);
  const j = new Float64Array(p);
  for (const r of runs) {
    runGradient(theta, centre, Math.log(r.N), Math.log(r.D), j);
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) jtj[a * p + b]! += j[a]! * j[b]!;
  }
  const s2 = scale * scale;
  const matrix = jtj.map((x) => x / s2);
  const { covariance, reciprocalCondition } = invertInformation(matrix);
  return { theta, centre, n, scale, matrix, covariance, reciprocalCondition };
}

/**
 * Inverse of an information matrix through the eigen-decomposition of its unit-diagonal
 * scaling. Throws DesignError 'not-identified' naming the parameters with the largest
 * components of the weakest eigenvector when the reciprocal condition is below
 * {@link MIN_RECIPROCAL_CONDITION}.
 */
export function invertInformation(matrix: Float64Array): {
  covariance: Float64Array;
  reciprocalCondition: number;
} {
  const p = INFO_DIM;
  const dScale = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    const d = matrix[i * p + i]!;
    if (!(d > 0)) {
      throw new DesignError(
        'not-identified',
        `the runs carry no information on ${INFO_PARAMS[i]}: it is not identified. Open the identifiability map to see which directions the runs fix.`,
      );
    }
    dScale[i] = 1 / Math.sqrt(d);
  }
  const scaled = new Float64Array(p * p);
  for (let i = 0; i < p; i++)
    for (let k = 0; k < p; k++) scaled[i * p + k] = matrix[i * p + k]! * dScale[i]! * dScale[k]!;
  const { values, vectors } = symmetricEigen(scaled, p);
  let lo = 0;
  let hi = 0;
  for (let i = 1; i < p; i++) {
    if (values[i]! < values[lo]!) lo = i;
    if (values[i]! > values[hi]!) hi = i;
  }
  const reciprocalCondition = values[lo]! / values[hi]!;
  if (!(reciprocalCondition >= MIN_RECIPROCAL_CONDITION)) {
    // Every direction below the threshold: with two null directions, name both.
    const weak = Array.from({ length: p }, (_, m) => m).filter(
      (m) => !(values[m]! / values[hi]! >= MIN_RECIPROCAL_CONDITION),
    );
    const named = new Set<string>();
    const directions = weak.map((m) => {
      // Components in the unit-diagonal scaling, so parameters of different units compare.
      const comp = Array.from({ length: p }, (_, i) => vectors[i * p + m]!);
      const norm = Math.max(...comp.map(Math.abs));
      INFO_PARAMS.forEach((name, i) => {
        if (Math.abs(comp[i]!) >= 0.3 * norm) named.add(name);
      });
      return comp
        .map((c, i) => ({ c: c / norm, name: INFO_PARAMS[i]! }))
        .filter((x) => Math.abs(x.c) >= 0.05)
        .map((x, k) => `${x.c >= 0 ? (k ? '+ ' : '') : '- '}${Math.abs(x.c).toFixed(2)} ${x.name}`)
        .join(' ');
    });
    const list = [...named];
    const names = list.length > 1 ? `${list.slice(0, -1).join(', ')} and ${list.at(-1)}` : list[0];
    throw new DesignError(
      'not-identified',
      `the runs do not identify ${names}: the information matrix is singular (reciprocal condition ${Math.max(0, reciprocalCondition).toExponential(1)}, below ${MIN_RECIPROCAL_CONDITION}) along ${directions.join('; and along ')}. Open the identifiability map to see which directions the runs fix.`,
    );
  }
  const covariance = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let k = 0; k < p; k++) {
      let sum = 0;
      for (let m = 0; m < p; m++) sum += (vectors[i * p + m]! * vectors[k * p + m]!) / values[m]!;
      covariance[i * p + k] = sum * dScale[i]! * dScale[k]!;
    }
  }
  return { covariance, reciprocalCondition };
}

/** Quadratic form x^T A y for a 5 x 5 row-major A. */
export function bilinear(x: ArrayLike<number>, a: ArrayLike<number>, y: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < INFO_DIM; i++) {
    let row = 0;
    for (let k = 0; k < INFO_DIM; k++) row += a[i * INFO_DIM + k]! * y[k]!;
    sum += x[i]! * row;
  }
  return sum;
}
