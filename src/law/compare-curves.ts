/**
 * What the Compare view draws besides the comparison rows: each series' compute-optimal loss
 * L*(C) with its bootstrap percentile band, and the budgets a table shows by default. Pure f64.
 */
import { lossAtCompute } from './compute-multiplier';
import {
  type CompareOptions,
  compareWithReference,
  type SeriesComparison,
  type SeriesFrontier,
} from './recipe-compare';
import { percentile } from './stats';

/** L*(C) of one series at one budget, with its percentile band over the converged replicas. */
export interface LossBandPoint {
  readonly budget: number;
  readonly loss: number;
  /** Null when fewer than two replicas converged. */
  readonly band: readonly [number, number] | null;
  /** The budget lies outside the series' own runs. */
  readonly extrapolated: boolean;
}

/** L*(C) of `f` at each budget with the `level` percentile band of its replicas' curves. */
export function lossBand(
  f: SeriesFrontier,
  budgets: readonly number[],
  level = 0.95,
): LossBandPoint[] {
  const tail = (1 - level) / 2;
  const replicas = f.replicas.filter((r) => r !== null);
  const values = new Float64Array(replicas.length);
  const [lo, hi] = f.budgetRange;
  return budgets.map((C) => {
    for (const [k, r] of replicas.entries()) values[k] = lossAtCompute(r, C);
    values.sort();
    const band =
      replicas.length >= 2
        ? ([percentile(values, tail), percentile(values, 1 - tail)] as const)
        : null;
    return {
      budget: C,
      loss: lossAtCompute(f.point, C),
      band,
      extrapolated: !(C >= lo * (1 - 1e-12) && C <= hi * (1 + 1e-12)),
    };
  });
}

/**
 * The budgets a comparison table shows when the user named none: the largest budget both
 * series' runs reach, rounded down to one significant digit (so it stays inside the data),
 * then ten and a hundred times that.
 */
export function defaultTableBudgets(frontiers: readonly SeriesFrontier[]): number[] {
  const top = Math.min(...frontiers.map((f) => f.budgetRange[1]));
  if (!(top > 0 && Number.isFinite(top))) return [];
  const decade = 10 ** Math.floor(Math.log10(top));
  const first = Math.max(1, Math.floor(top / decade + 1e-9)) * decade;
  return [first, Number((first * 10).toPrecision(12)), Number((first * 100).toPrecision(12))];
}

/**
 * Every series of `frontiers` after the first compared with the first (the reference) at
 * `budgets`: the rows a table shows at budgets other than the curves'.
 */
export function comparisonsAt(
  frontiers: readonly SeriesFrontier[],
  budgets: readonly number[],
  options: CompareOptions = {},
): SeriesComparison[] {
  const [ref, ...others] = frontiers;
  if (!ref) return [];
  return others.map((x) => compareWithReference(x, ref, budgets, options));
}
