/**
 * The per-budget parabola of Approach 2: a weighted least-squares quadratic of the loss (or ln
 * L) in ln N, with its acceptance tests. For conditioning (the GPU kernel runs the same
 * arithmetic in f32), each budget's ln N is centred on its mean and scaled by its half range,
 * u = (ln N - centre) / scale in [-1, 1], and its y on its mean, v = y - mean(y). The normal
 * equations of v = c0 + c1 u + c2 u^2 are solved by Gaussian elimination without pivoting
 * (the matrix is symmetric positive definite when at least 3 distinct u carry weight).
 *
 * This file is the f64 CPU twin of `shaders/isoflop.wgsl`: `parabolaRecord` is the arithmetic
 * of one (replica, budget) thread, statement for statement.
 */
import type { BudgetGrouping, IsoflopRun } from './isoflop-budgets';

/** What the parabola is fitted to: the loss, or its logarithm. */
export type ParabolaTarget = 'loss' | 'log-loss';

/** Outcome of one parabola, as a code (the kernel writes it as a float). */
export const PARABOLA_STATUS = {
  ok: 0,
  /** Fewer than 3 distinct sizes carry weight. */
  fewSizes: 1,
  /** Curvature zero or negative: a flat or concave profile has no interior minimum. */
  notConvex: 2,
  /** The vertex lies outside the sampled range of ln N. */
  vertexOutside: 3,
  /**
   * The fitted minimum lies below the budget's lowest weighted run by more than the runs'
   * whole spread: the normal equations are ill-conditioned (two sizes nearly equal, the third
   * far off, as a resample can leave them), and the minimum is an artefact, not a bracketed
   * optimum.
   */
  implausibleMinimum: 4,
} as const;

/** Floats per (replica, budget) record: status, vertex u, curvature c2, minimum v. */
export const PARABOLA_RECORD = 4;

/** The budgets of a fit packed for the parabola kernel and its twin (budget-major, by N). */
export interface PackedBudgets {
  /** Number of budgets. */
  readonly count: number;
  /** Start of budget b's runs in the packed arrays (count + 1 entries). */
  readonly offsets: Uint32Array;
  /** Input index of each packed run. */
  readonly order: Uint32Array;
  /** Centred, scaled ln N of each packed run. */
  readonly u: Float64Array;
  /** Centred y (loss or ln L) of each packed run. */
  readonly v: Float64Array;
  /** Per budget: mean ln N, half range of ln N (1 when all sizes are equal), mean y. */
  readonly centre: Float64Array;
  readonly scale: Float64Array;
  readonly yMean: Float64Array;
  /** Per budget: ln C of its centre. */
  readonly lnC: Float64Array;
  readonly target: ParabolaTarget;
}

/** Packs `budgets` (a subset of a grouping's, in order) of `runs` for the parabola fits. */
export function packBudgets(
  runs: readonly IsoflopRun[],
  budgets: BudgetGrouping['budgets'],
  target: ParabolaTarget,
): PackedBudgets {
  const count = budgets.length;
  const total = budgets.reduce((s, b) => s + b.runs.length, 0);
  const offsets = new Uint32Array(count + 1);
  const order = new Uint32Array(total);
  const u = new Float64Array(total);
  const v = new Float64Array(total);
  const centre = new Float64Array(count);
  const scale = new Float64Array(count);
  const yMean = new Float64Array(count);
  const lnC = new Float64Array(count);
  let at = 0;
  budgets.forEach((b, g) => {
    offsets[g] = at;
    const x = b.runs.map((i) => Math.log(runs[i]!.N));
    const y = b.runs.map((i) => (target === 'loss' ? runs[i]!.loss : Math.log(runs[i]!.loss)));
    const lo = Math.min(...x);
    const hi = Math.max(...x);
    centre[g] = x.reduce((s, t) => s + t, 0) / x.length;
    scale[g] = hi > lo ? (hi - lo) / 2 : 1;
    yMean[g] = y.reduce((s, t) => s + t, 0) / y.length;
    lnC[g] = Math.log(b.C);
    b.runs.forEach((i, j) => {
      order[at + j] = i;
      u[at + j] = (x[j]! - centre[g]!) / scale[g]!;
      v[at + j] = y[j]! - yMean[g]!;
    });
    at += b.runs.length;
  });
  offsets[count] = at;
  return { count, offsets, order, u, v, centre, scale, yMean, lnC, target };
}

/**
 * The parabola of packed budget `b` under weights `w` (one per packed run, read from
 * `w[wOffset + i]`), written as [status, vertex u, c2, minimum v] into `out` at `outOffset`.
 * Weights are resample counts (or 1 for the point fit); a run with weight 0 is left out.
 */
export function parabolaRecord(
  packed: PackedBudgets,
  b: number,
  w: ArrayLike<number>,
  wOffset: number,
  out: Float64Array | Float32Array,
  outOffset: number,
): void {
  const first = packed.offsets[b]!;
  const last = packed.offsets[b + 1]!;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  let t0 = 0;
  let t1 = 0;
  let t2 = 0;
  let distinct = 0;
  let previous = Number.NaN;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  let vLo = Number.POSITIVE_INFINITY;
  let vHi = Number.NEGATIVE_INFINITY;
  for (let i = first; i < last; i++) {
    const wi = w[wOffset + i]!;
    if (!(wi > 0)) continue;
    const ui = packed.u[i]!;
    const vi = packed.v[i]!;
    if (ui !== previous) distinct++;
    previous = ui;
    lo = Math.min(lo, ui);
    hi = Math.max(hi, ui);
    vLo = Math.min(vLo, vi);
    vHi = Math.max(vHi, vi);
    const u2 = ui * ui;
    s0 += wi;
    s1 += wi * ui;
    s2 += wi * u2;
    s3 += wi * u2 * ui;
    s4 += wi * u2 * u2;
    t0 += wi * vi;
    t1 += wi * ui * vi;
    t2 += wi * u2 * vi;
  }
  const record = (status: number, vertex: number, c2: number, vMin: number) => {
    out[outOffset] = status;
    out[outOffset + 1] = vertex;
    out[outOffset + 2] = c2;
    out[outOffset + 3] = vMin;
  };
  if (distinct < 3) {
    record(PARABOLA_STATUS.fewSizes, Number.NaN, Number.NaN, Number.NaN);
    return;
  }
  const m11 = s2 - (s1 * s1) / s0;
  const m12 = s3 - (s1 * s2) / s0;
  const m22 = s4 - (s2 * s2) / s0;
  const r1 = t1 - (s1 * t0) / s0;
  const r2 = t2 - (s2 * t0) / s0;
  const c2 = (r2 - (m12 * r1) / m11) / (m22 - (m12 * m12) / m11);
  const c1 = (r1 - m12 * c2) / m11;
  const c0 = (t0 - s1 * c1 - s2 * c2) / s0;
  if (!(c2 > 0)) {
    record(PARABOLA_STATUS.notConvex, Number.NaN, c2, Number.NaN);
    return;
  }
  const vertex = -c1 / (2 * c2);
  const vMin = c0 + 0.5 * c1 * vertex;
  let status: number = PARABOLA_STATUS.ok;
  if (vertex < lo || vertex > hi) status = PARABOLA_STATUS.vertexOutside;
  else if (vMin < vLo - (vHi - vLo)) status = PARABOLA_STATUS.implausibleMinimum;
  record(status, vertex, c2, vMin);
}

/**
 * Every (replica, budget) parabola: `weights` holds R rows of packed-run weights (R x runs,
 * row-major); the result is R x count records of {@link PARABOLA_RECORD} floats.
 */
export function parabolaRecords(packed: PackedBudgets, weights: Float64Array): Float64Array {
  const n = packed.offsets[packed.count]!;
  const replicas = n === 0 ? 0 : weights.length / n;
  const out = new Float64Array(replicas * packed.count * PARABOLA_RECORD);
  for (let r = 0; r < replicas; r++) {
    for (let b = 0; b < packed.count; b++) {
      parabolaRecord(packed, b, weights, r * n, out, (r * packed.count + b) * PARABOLA_RECORD);
    }
  }
  return out;
}

/** A parabola in the data's own units (ln N, loss or ln L), with its minimum. */
export interface BudgetParabola {
  readonly status: number;
  /** y = c0 + c1 (ln N - centre) + c2 (ln N - centre)^2 about the budget's mean ln N. */
  readonly centre: number;
  readonly c0: number;
  readonly c1: number;
  readonly c2: number;
  /** ln N at the vertex, and N there. */
  readonly lnNOpt: number;
  readonly NOpt: number;
  /** The fitted minimum of y (loss, or ln L), and the loss there. */
  readonly yMin: number;
  readonly lossMin: number;
}

/** Record `r` of `records` for budget `b`, converted back to ln N and y. */
export function parabolaOf(
  packed: PackedBudgets,
  records: ArrayLike<number>,
  r: number,
  b: number,
): BudgetParabola {
  const at = (r * packed.count + b) * PARABOLA_RECORD;
  const s = packed.scale[b]!;
  const centre = packed.centre[b]!;
  const uStar = records[at + 1]!;
  const c2u = records[at + 2]!;
  const vMin = records[at + 3]!;
  const c2 = c2u / (s * s);
  const lnNOpt = centre + s * uStar;
  const yMin = packed.yMean[b]! + vMin;
  // y = yMin + c2 (x - x*)^2, expanded about the centre.
  const d = lnNOpt - centre;
  return {
    status: records[at]!,
    centre,
    c0: yMin + c2 * d * d,
    c1: -2 * c2 * d,
    c2,
    lnNOpt,
    NOpt: Math.exp(lnNOpt),
    yMin,
    lossMin: packed.target === 'loss' ? yMin : Math.exp(yMin),
  };
}
