/**
 * The bootstrap of Approach 2: each replica resamples the runs within every budget (counts as
 * weights, drawn from the counter source), refits every parabola through a batch (the f64 twin
 * or the GPU kernel) and the power law of N_opt, and the replicas give percentile intervals.
 */
import { percentile } from '../law/stats';
import type { Approach2Options, BudgetPrediction, BudgetReport } from './approach2';
import { uniformAt } from './counter-rng';
import {
  PARABOLA_RECORD,
  PARABOLA_STATUS,
  type PackedBudgets,
  parabolaRecords,
} from './isoflop-parabola';
import { fitLine, MIN_BUDGETS } from './isoflop-power-law';
import type { FitProgress } from './types';

/** The bootstrap of Approach 2. */
export interface Approach2Bootstrap {
  readonly requested: number;
  /** Replicas with at least MIN_BUDGETS usable budgets, which the intervals summarise. */
  readonly used: number;
  /** Replicas left out because fewer than MIN_BUDGETS budgets passed. */
  readonly failed: number;
  /** (replica, budget) pairs whose parabola failed, so the budget was dropped from that replica. */
  readonly droppedBudgets: number;
  readonly a: { readonly median: number; readonly ci95: readonly [number, number] };
  readonly b: { readonly median: number; readonly ci95: readonly [number, number] };
  /**
   * Each replica's power law of N_opt as (a, ln k_N) pairs, K x 2; NaN rows failed. The
   * Frontier draws Approach 2's band from them.
   */
  readonly lines?: Float64Array;
}

/** What a parabola batch returns: the records, and the engine that computed them. */
export interface ParabolaBatchResult {
  readonly records: Float64Array | Float32Array;
  readonly engine: 'gpu' | 'cpu';
}

/**
 * Every (replica, budget) parabola for `weights` (R x packed runs): R x budgets records of
 * {@link PARABOLA_RECORD} floats. The CPU twin is `parabolaRecords`; the GPU engine passes its
 * kernel (which falls back to the twin, and says so, when the kernel cannot be built).
 */
export type ParabolaBatch = (
  packed: PackedBudgets,
  weights: Float64Array,
) => Promise<ParabolaBatchResult>;

/** The f64 CPU batch. */
export const cpuParabolaBatch: ParabolaBatch = async (packed, weights) => ({
  records: parabolaRecords(packed, weights),
  engine: 'cpu',
});

/**
 * Resample weights of replica `k` (one per packed run): each budget draws as many runs as it has,
 * uniformly with replacement among its own, from the counter source at (seed, k, packed index).
 */
export function budgetReplicaWeights(
  packed: PackedBudgets,
  seed: number,
  k: number,
  out: Float64Array,
  outOffset = 0,
): void {
  const n = packed.offsets[packed.count]!;
  out.fill(0, outOffset, outOffset + n);
  for (let b = 0; b < packed.count; b++) {
    const first = packed.offsets[b]!;
    const size = packed.offsets[b + 1]! - first;
    for (let j = 0; j < size; j++) {
      const pick = Math.min(size - 1, Math.floor(uniformAt(seed, k, first + j) * size));
      out[outOffset + first + pick]! += 1;
    }
  }
}

/** Replicas per parabola batch (bounds the weight buffer and paces progress and cancel). */
const CHUNK = 1024;

const interval = (values: number[]): readonly [number, number] => {
  values.sort((x, y) => x - y);
  return [percentile(values, 0.025), percentile(values, 0.975)];
};

/**
 * Runs the parabolas of replicas 0..K-1 (K = `options.bootstrap`) through `batch` in chunks of
 * at most 1024 replicas, each replica resampled within every budget (budgetReplicaWeights), and
 * hands each chunk's records (count x budgets x PARABOLA_RECORD) to `visit`; checks `signal`
 * before every chunk and reports bootstrap progress after it.
 */
export async function eachReplicaBatch(
  packed: PackedBudgets,
  options: { readonly bootstrap: number; readonly seed: number },
  batch: ParabolaBatch,
  job: { readonly signal?: AbortSignal; readonly onProgress?: (p: FitProgress) => void },
  visit: (first: number, count: number, records: ArrayLike<number>) => void,
): Promise<void> {
  const K = options.bootstrap;
  const n = packed.offsets[packed.count]!;
  for (let first = 0; first < K; first += CHUNK) {
    job.signal?.throwIfAborted();
    const count = Math.min(CHUNK, K - first);
    const weights = new Float64Array(count * n);
    for (let r = 0; r < count; r++)
      budgetReplicaWeights(packed, options.seed, first + r, weights, r * n);
    const { records } = await batch(packed, weights);
    visit(first, count, records);
    job.onProgress?.({ phase: 'bootstrap', done: first + count, total: K });
  }
}

/** The bootstrap over the used budgets `packed`: its summary and interval makers. */
export async function bootstrapApproach2(
  packed: PackedBudgets,
  options: Approach2Options,
  batch: ParabolaBatch,
  job: { readonly signal?: AbortSignal; readonly onProgress?: (p: FitProgress) => void },
) {
  const K = options.bootstrap;
  const B = packed.count;
  const lnNOpt = new Float64Array(K * B).fill(Number.NaN);
  const laws: { a: number; lnKN: number }[] = [];
  let failed = 0;
  let dropped = 0;
  const drops = new Uint32Array(B);
  const lines = new Float64Array(K * 2).fill(Number.NaN);
  await eachReplicaBatch(packed, options, batch, job, (first, count, records) => {
    for (let r = 0; r < count; r++) {
      const x: number[] = [];
      const y: number[] = [];
      for (let b = 0; b < B; b++) {
        const at = (r * B + b) * PARABOLA_RECORD;
        if (records[at] !== PARABOLA_STATUS.ok) {
          dropped++;
          drops[b]!++;
          continue;
        }
        const v = packed.centre[b]! + packed.scale[b]! * records[at + 1]!;
        lnNOpt[(first + r) * B + b] = v;
        x.push(packed.lnC[b]!);
        y.push(v);
      }
      if (x.length < MIN_BUDGETS) {
        failed++;
        continue;
      }
      const line = fitLine(x, y);
      laws.push({ a: line.slope, lnKN: line.intercept });
      lines[(first + r) * 2] = line.slope;
      lines[(first + r) * 2 + 1] = line.intercept;
    }
  });
  const as = laws.map((l) => l.a);
  const median = (v: number[]) =>
    percentile(
      [...v].sort((p, q) => p - q),
      0.5,
    );
  // ln D_opt = ln C - ln k - ln N_opt, so b = 1 - a in every replica.
  const aCi = interval([...as]);
  const summary: Approach2Bootstrap = {
    requested: K,
    used: laws.length,
    failed,
    droppedBudgets: dropped,
    a: { median: median(as), ci95: aCi },
    b: { median: 1 - median(as), ci95: [1 - aCi[1], 1 - aCi[0]] },
    lines,
  };
  const predictionCis = (c: number): Partial<BudgetPrediction> => {
    if (laws.length === 0) return {};
    const lnNs = laws.map((l) => l.lnKN + l.a * Math.log(c));
    const N = interval(lnNs.map(Math.exp));
    const D = interval(lnNs.map((v) => c / (options.k * Math.exp(v))));
    const tpp = interval(lnNs.map((v) => c / (options.k * Math.exp(2 * v))));
    return { NOptCi: N, DOptCi: D, tokensPerParamCi: tpp };
  };
  const budgetCis = (b: number): Pick<BudgetReport, 'NOptCi' | 'replicaDrops'> => {
    const v: number[] = [];
    for (let r = 0; r < K; r++) {
      const x = lnNOpt[r * B + b]!;
      if (!Number.isNaN(x)) v.push(Math.exp(x));
    }
    return v.length > 0
      ? { NOptCi: interval(v), replicaDrops: drops[b]! }
      : { replicaDrops: drops[b]! };
  };
  return { summary, predictionCis, budgetCis };
}
