/**
 * The quantities the Sweep view shows, derived from each cell's optimum in the engine's sweep
 * result (an {@link OptimumTable} of L laws x cells): N, D, tokens per parameter, loss,
 * training cost, epochs over U, the compute ratio against the Chinchilla-optimal run at the
 * same loss, the loss gap, and the compute multiplier against a reference law. Also the
 * per-cell spread across replicas and how many replicas a sweep can afford. Pure.
 *
 * Savings against Chinchilla-optimal: the Chinchilla-optimal run is the compute-optimal model
 * (kind 'compute', closed form) that reaches the same loss as the cell's optimum, serving the
 * same inference demand D_inf. Its total FLOPs are C*(L) + 2 N*(L) D_inf. The output 'savings'
 * is the ratio (k N D + 2 N D_inf) / (C*(L) + 2 N*(L) D_inf): below 1 the cell's optimum saves
 * that share of total compute (inference-aware runs), above 1 it needs that much more (a data
 * cap costs compute), 1 for kind 'compute'. "Loss gap" is the other reading: the cell's loss
 * minus the compute-optimal loss at the same training FLOPs k N D.
 *
 * Multiplier against a reference: with L the cell's optimal loss under its law X and k N D its
 * training compute, m = C_R(L) / (k N D), where C_R(L) is the least compute at which the
 * reference law R reaches L on its compute-optimal frontier. m = 2: R needs twice the compute
 * of this cell to reach the loss this cell reaches. NaN where L <= E_R (R cannot reach it).
 */
import { computeOptimal, frontierCoefficients } from './frontier';
import { trainingCost } from './hardware';
import { DEFAULT_FLOPS_PER_PARAM_TOKEN, type ScalingLaw } from './law';
import { OptimumTable } from './optimum-table';
import type { Scenario } from './scenario';
import { percentile } from './stats';
import { axisValue, type SweepAxis } from './sweep';

/** A quantity of a cell's optimum that a sweep can show. */
export type SweepQuantity =
  | 'N'
  | 'D'
  | 'tokensPerParam'
  | 'loss'
  | 'cost'
  | 'epochs'
  | 'savings'
  | 'lossGap'
  | 'multiplier';

/** Hardware behind the cost output: peak FLOP/s per accelerator, MFU and price per hour. */
export interface CostAssumption {
  readonly peakFlops: number;
  /** Used when MFU is not swept. */
  readonly mfu: number;
  readonly pricePerHour: number;
}

/** What extraction needs besides the result. */
export interface SweepContext {
  readonly base: Scenario;
  readonly x: SweepAxis;
  readonly y: SweepAxis;
  readonly cost: CostAssumption;
  /**
   * The reference laws of the multiplier, aligned with the sweep's laws: index 0 for the point
   * law, then one per replica (the reference's replica of the same bootstrap index); null or
   * missing where a law has no reference to pair with (its multiplier is NaN).
   */
  readonly reference?: readonly (ScalingLaw | null)[];
}

/** Whether a quantity means anything for a sweep (epochs need a unique-token cap U). */
export function quantityApplies(
  quantity: SweepQuantity,
  scenario: Scenario,
  x: SweepAxis,
  y: SweepAxis,
): boolean {
  if (quantity !== 'epochs') return true;
  return scenario.kind === 'data-constrained' || x.field === 'U' || y.field === 'U';
}

/** Per-cell values of a field (swept or base), computed once per extraction. */
function fieldReader(ctx: SweepContext, field: 'U' | 'Dinf' | 'mfu') {
  const values = (a: SweepAxis) =>
    Float64Array.from({ length: a.count }, (_, i) => axisValue(a, i));
  const xs = ctx.x.field === field ? values(ctx.x) : undefined;
  const ys = ctx.y.field === field ? values(ctx.y) : undefined;
  const fallback =
    field === 'mfu'
      ? ctx.cost.mfu
      : field === 'Dinf'
        ? (ctx.base.Dinf ?? 0)
        : (ctx.base.U ?? Number.NaN);
  return (col: number, row: number): number => (xs ? xs[col]! : ys ? ys[row]! : fallback);
}

/**
 * The compute-optimal (Chinchilla) run that reaches loss L: its N* and training FLOPs C*,
 * inverting L*(C) = E + K P^-gamma with P = C / k; null when L is not above E.
 */
export function chinchillaForLoss(
  law: ScalingLaw,
  L: number,
  k = DEFAULT_FLOPS_PER_PARAM_TOKEN,
): { N: number; C: number } | null {
  if (!(L > law.E)) return null;
  const { G, a } = frontierCoefficients(law);
  const gamma = (law.alpha * law.beta) / (law.alpha + law.beta);
  const K = law.A * G ** -law.alpha + law.B * G ** law.beta;
  const P = ((L - law.E) / K) ** (-1 / gamma);
  const N = G * P ** a;
  return { N, C: k * P };
}

/**
 * The compute multiplier of a run that reaches loss L with training compute C, against the
 * reference law R: C_R(L) / C, with C_R(L) the least compute at which R reaches L on its
 * compute-optimal frontier. NaN where L <= E_R (R cannot reach L at any compute) and where the
 * ratio does not fit in f32 (R reaches L only at compute beyond any sweep's range).
 */
export function multiplierAtLoss(
  reference: ScalingLaw,
  L: number,
  C: number,
  k = DEFAULT_FLOPS_PER_PARAM_TOKEN,
): number {
  const r = chinchillaForLoss(reference, L, k);
  if (!r) return Number.NaN;
  const m = Math.exp(Math.log(r.C) - Math.log(C));
  return Number.isFinite(Math.fround(m)) ? m : Number.NaN;
}

/**
 * The chosen quantity of law `l` in every cell of a sweep result (L laws x x.count * y.count
 * cells), row-major (row = y index), NaN where the solve failed or the quantity is undefined
 * there.
 */
export function extractOutput(
  result: Float32Array | OptimumTable,
  l: number,
  law: ScalingLaw,
  output: SweepQuantity,
  ctx: SweepContext,
): Float32Array {
  const { x, y } = ctx;
  const cells = x.count * y.count;
  const table = result instanceof OptimumTable ? result : new OptimumTable(result, l + 1, cells);
  if (table.scenarios !== cells)
    throw new RangeError(
      `sweep result has ${table.scenarios} cells per law, expected ${x.count} x ${y.count}`,
    );
  const out = new Float32Array(cells);
  const k = ctx.base.k ?? DEFAULT_FLOPS_PER_PARAM_TOKEN;
  const U = fieldReader(ctx, 'U');
  const Dinf = fieldReader(ctx, 'Dinf');
  const mfu = fieldReader(ctx, 'mfu');
  const ref = ctx.reference?.[l] ?? null;
  for (let row = 0; row < y.count; row++) {
    for (let col = 0; col < x.count; col++) {
      const c = row * x.count + col;
      if (!table.ok(l, c)) {
        out[c] = Number.NaN;
        continue;
      }
      const N = table.N(l, c);
      const D = table.D(l, c);
      const L = table.loss(l, c);
      let v: number;
      switch (output) {
        case 'N':
          v = N;
          break;
        case 'D':
          v = D;
          break;
        case 'tokensPerParam':
          v = D / N;
          break;
        case 'loss':
          v = L;
          break;
        case 'cost':
          v = trainingCost(k * N * D, ctx.cost.peakFlops, mfu(col, row), ctx.cost.pricePerHour);
          break;
        case 'epochs':
          v = D / U(col, row);
          break;
        case 'savings': {
          const ref = chinchillaForLoss(law, L, k);
          const inf = 2 * Dinf(col, row);
          v = ref ? (k * N * D + N * inf) / (ref.C + ref.N * inf) : Number.NaN;
          break;
        }
        case 'lossGap':
          v = L - computeOptimal(law, k * N * D, k).loss;
          break;
        case 'multiplier':
          v = ref ? multiplierAtLoss(ref, L, k * N * D, k) : Number.NaN;
          break;
      }
      out[c] = Number.isFinite(v) ? v : Number.NaN;
    }
  }
  return out;
}

/**
 * The chosen quantity of every replica of a sweep result (law i + 1 for `replicas[i]`), one
 * array per replica, for {@link replicaSpread}. For the multiplier only the replicas with a
 * reference replica to pair with (`ctx.reference[i + 1]`) are kept: a pair that is missing
 * drops out, rather than counting as a replica that solved no cell.
 */
export function replicaOutputs(
  result: Float32Array | OptimumTable,
  replicas: readonly ScalingLaw[],
  output: SweepQuantity,
  ctx: SweepContext,
): Float32Array[] {
  return replicas.flatMap((law, i) =>
    output === 'multiplier' && !ctx.reference?.[i + 1]
      ? []
      : [extractOutput(result, i + 1, law, output, ctx)],
  );
}

/**
 * Per-cell 5-95% spread of a quantity over replicas (one extracted array per replica): the
 * ratio q95 / q05 for log quantities (a factor >= 1), the difference q95 - q05 for linear
 * ones. NaN where fewer than `minValid` replicas solved the cell.
 */
export function replicaSpread(
  perReplica: readonly Float32Array[],
  log: boolean,
  minValid = 3,
): Float32Array {
  const cells = perReplica[0]?.length ?? 0;
  const out = new Float32Array(cells);
  const buf = new Float64Array(perReplica.length);
  for (let c = 0; c < cells; c++) {
    let n = 0;
    for (const r of perReplica) {
      const v = r[c]!;
      if (Number.isFinite(v) && (!log || v > 0)) buf[n++] = v;
    }
    if (n < minValid) {
      out[c] = Number.NaN;
      continue;
    }
    const s = buf.subarray(0, n).sort();
    const lo = percentile(s, 0.05);
    const hi = percentile(s, 0.95);
    out[c] = log ? hi / lo : hi - lo;
  }
  return out;
}

/** Most (law, cell) pairs one sweep with replicas may ask for (16 B each: 128 MiB). */
export const MAX_SWEEP_PAIRS = 8 * 1024 * 1024;

/** How many replicas fit a sweep of `cells` (at most `available` and `cap`), with the point law. */
export function replicaBudget(cells: number, available: number, cap = 200): number {
  const room = Math.floor(MAX_SWEEP_PAIRS / Math.max(1, cells)) - 1;
  const n = Math.max(0, Math.min(available, cap, room));
  return n < 3 ? 0 : n;
}
