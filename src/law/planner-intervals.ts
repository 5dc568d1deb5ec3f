/**
 * The planner's bootstrap intervals: a plan's scenario solved for every replica law (one
 * frontier result of L laws x 1 scenario) turned into percentile bands of N, D, tokens per
 * parameter and loss, and of the training compute k N D; the compute interval then mapped to
 * training time and cost on the plan's hardware. Pure.
 */
import { frontierBands, type Quantiles, quantiles, type ScenarioBands } from './bands';
import { DEFAULT_FLOPS_PER_PARAM_TOKEN } from './law';
import { OptimumTable } from './optimum-table';
import { type PlannerInputs, timeAndCost } from './planner';

/** The replicas' spread for a plan. */
export interface PlanInterval {
  readonly bands: ScenarioBands;
  /** Quantiles of training compute k N D over the replicas that solved the plan. */
  readonly C: Quantiles | null;
}

/**
 * The intervals of one plan from the frontier result of `lawCount` replica laws with the
 * plan's scenario alone; `k` is the scenario's FLOPs per parameter-token.
 */
export function planInterval(
  results: Float32Array,
  lawCount: number,
  k = DEFAULT_FLOPS_PER_PARAM_TOKEN,
): PlanInterval {
  const table = new OptimumTable(results, lawCount, 1);
  const bands = frontierBands(results, lawCount, 1)[0]!;
  const C = table.solvedAcrossLaws(0).map((p) => k * p.N * p.D);
  return { bands, C: quantiles(C) };
}

/** A 95% interval (the 2.5th and 97.5th percentiles). */
export interface Interval95 {
  readonly p2_5: number;
  readonly p97_5: number;
}

/**
 * The 95% intervals of training days and cost that the compute interval `C` means on the
 * inputs' hardware and price (both grow with C, so the bounds map to bounds); null without C.
 */
export function timeAndCostIntervals(
  inputs: PlannerInputs,
  C: Quantiles | null,
): { days: Interval95; cost: Interval95 } | null {
  if (!C) return null;
  const lo = timeAndCost(inputs, C.p2_5);
  const hi = timeAndCost(inputs, C.p97_5);
  return {
    days: { p2_5: lo.days, p97_5: hi.days },
    cost: { p2_5: lo.cost, p97_5: hi.cost },
  };
}
