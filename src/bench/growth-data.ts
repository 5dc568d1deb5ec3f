/**
 * Data of the growth cases' fits: datasets of any size drawn around the built-in dataset
 * (src/data/builtin.ts). Up to its 135 runs, a subset spread over all its budgets; beyond that,
 * every built-in run plus runs made by jittering a built-in run's model size at the same compute
 * (D = C / (6 N)) and drawing its loss from the same law with the same 1% log-normal noise.
 * Seeded, so every engine and every run fits the same rows.
 */
import { BUILTIN_SWEEP, builtinDataset } from '../data/builtin';
import { SeededRandom } from '../data/random';
import type { FitRun } from '../fit/types';
import { DEFAULT_FLOPS_PER_PARAM_TOKEN, loss } from '../law/law';
import { spreadStarts } from './fit-cases';

/** Seed of the growth datasets' extra runs. */
export const GROWTH_DATA_SEED = 7;

/** Model-size jitter of the extra runs: N x exp(sigma z). */
const SIZE_SIGMA = 0.15;

/** `count` runs (at least 1) around the built-in dataset, deterministic for a given seed. */
export function growthRuns(count: number, seed = GROWTH_DATA_SEED): FitRun[] {
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(`a growth dataset needs a positive whole number of runs, got ${count}`);
  }
  const builtin = builtinDataset(1);
  const base = builtin.runs.map((r) => ({ N: r.N, D: r.D, loss: r.loss }));
  if (count <= base.length) return spreadStarts(base, count);
  const rng = new SeededRandom(seed);
  const k = DEFAULT_FLOPS_PER_PARAM_TOKEN;
  const extra = Array.from({ length: count - base.length }, (): FitRun => {
    const from = base[rng.int(base.length)]!;
    const C = k * from.N * from.D;
    const N = from.N * Math.exp(SIZE_SIGMA * rng.normal());
    const D = C / (k * N);
    return { N, D, loss: loss(builtin.law, N, D) * Math.exp(BUILTIN_SWEEP.sigma * rng.normal()) };
  });
  return [...base, ...extra];
}
