/**
 * Comparing recipes: the effective compute multiplier of each series against a reference at
 * chosen budgets, with paired bootstrap intervals, the loss gap, the difference of frontier
 * exponents, and where a budget is an extrapolation (src/law/compute-multiplier.ts has the
 * definitions).
 *
 * Intervals: replica k of the series is paired with replica k of the reference (each series was
 * bootstrapped on its own, or jointly with resampling within series), and the interval is the
 * pair of percentiles of the paired values. A pair in which the reference cannot match sorts as
 * +infinity: when an end of the interval falls among those pairs, that end is unbounded (null),
 * never a huge number.
 */
import {
  computeMultiplier,
  type FrontierLoss,
  lossAtCompute,
  unboundedFrom,
} from './compute-multiplier';
import { percentile } from './stats';

/** One series as the comparison sees it. */
export interface SeriesFrontier {
  readonly name: string;
  /** The point fit's frontier curve. */
  readonly point: FrontierLoss;
  /** The bootstrap replicas' curves, by replica index (null: the replica did not converge). */
  readonly replicas: readonly (FrontierLoss | null)[];
  /** Smallest and largest training compute among the series' runs (FLOPs). */
  readonly budgetRange: readonly [number, number];
  /** The frontier exponent a of N_opt ~ C^a, point and by replica, when the law has one. */
  readonly exponent?: {
    readonly point: number;
    readonly replicas: readonly (number | null)[];
  };
}

/** A two-sided interval; a null end is unbounded (the reference cannot match there). */
export type OpenInterval = readonly [number | null, number | null];

/** The comparison of one series with the reference at one budget. */
export interface CompareRow {
  readonly series: string;
  readonly reference: string;
  readonly budget: number;
  /** m(C) from the point fits; null when unbounded. */
  readonly multiplier: number | null;
  readonly unbounded: boolean;
  /** Percentile interval of m over the paired replicas (null ends are unbounded). */
  readonly interval: OpenInterval;
  /** Median of m over the pairs (null when unbounded). */
  readonly median: number | null;
  /** Share of the pairs in which the reference cannot match. */
  readonly unboundedShare: number;
  /** Pairs in which both replicas converged. */
  readonly pairs: number;
  /** The budget lies outside the budgets of either series' runs. */
  readonly extrapolated: boolean;
  /** L*_series(C) - L*_reference(C): negative when the series reaches a lower loss. */
  readonly lossGap: number;
  readonly lossGapInterval: readonly [number, number] | null;
}

/** Everything the comparison of one series with the reference says. */
export interface SeriesComparison {
  readonly series: string;
  readonly reference: string;
  readonly rows: readonly CompareRow[];
  /** The budget from which the reference cannot match at all (point fits), or null. */
  readonly unboundedFrom: number | null;
  /** a_series - a_reference with its interval, when both laws have frontier exponents. */
  readonly exponentGap: {
    readonly point: number;
    readonly interval: readonly [number, number] | null;
  } | null;
}

/** Options of a comparison. */
export interface CompareOptions {
  /** Coverage of the intervals (default 0.95). */
  readonly level?: number;
}

/** Whether budget C lies outside the runs' budgets of either series. */
export function isExtrapolated(C: number, x: SeriesFrontier, ref: SeriesFrontier): boolean {
  const lo = Math.max(x.budgetRange[0], ref.budgetRange[0]);
  const hi = Math.min(x.budgetRange[1], ref.budgetRange[1]);
  return !(C >= lo * (1 - 1e-12) && C <= hi * (1 + 1e-12));
}

/** The budgets both series' runs cover: [max of minima, min of maxima]; null when disjoint. */
export function sharedBudgetRange(
  x: SeriesFrontier,
  ref: SeriesFrontier,
): readonly [number, number] | null {
  const lo = Math.max(x.budgetRange[0], ref.budgetRange[0]);
  const hi = Math.min(x.budgetRange[1], ref.budgetRange[1]);
  return lo <= hi ? [lo, hi] : null;
}

/**
 * Percentile p of values where `infinite` more values are +infinity: null when p falls among
 * (or interpolates into) them. `sorted` holds the finite values in ascending order.
 */
function openPercentile(sorted: Float64Array, infinite: number, p: number): number | null {
  const n = sorted.length + infinite;
  if (n === 0) return null;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  if (lo >= sorted.length) return null;
  if (h === lo || hi === lo) return sorted[lo]!;
  if (hi >= sorted.length) return null;
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

function closedInterval(values: number[], level: number): readonly [number, number] | null {
  if (values.length < 2) return null;
  const sorted = Float64Array.from(values).sort();
  const tail = (1 - level) / 2;
  return [percentile(sorted, tail), percentile(sorted, 1 - tail)];
}

/** The paired replicas (both converged) of two series. */
function pairs(x: SeriesFrontier, ref: SeriesFrontier): [FrontierLoss, FrontierLoss][] {
  const out: [FrontierLoss, FrontierLoss][] = [];
  const n = Math.min(x.replicas.length, ref.replicas.length);
  for (let k = 0; k < n; k++) {
    const a = x.replicas[k];
    const b = ref.replicas[k];
    if (a && b) out.push([a, b]);
  }
  return out;
}

/**
 * Compares `x` with the reference `ref` at each budget: the multiplier with its paired
 * interval, the loss gap with its interval, the extrapolation mark; and the exponent gap.
 */
export function compareWithReference(
  x: SeriesFrontier,
  ref: SeriesFrontier,
  budgets: readonly number[],
  options: CompareOptions = {},
): SeriesComparison {
  const level = options.level ?? 0.95;
  const tail = (1 - level) / 2;
  const paired = pairs(x, ref);
  const rows = budgets.map((C): CompareRow => {
    const finite: number[] = [];
    let infinite = 0;
    const gaps: number[] = [];
    for (const [a, b] of paired) {
      const m = computeMultiplier(a, b, C);
      if (m === null) infinite++;
      else finite.push(m);
      gaps.push(lossAtCompute(a, C) - lossAtCompute(b, C));
    }
    const sorted = Float64Array.from(finite).sort();
    const m = computeMultiplier(x.point, ref.point, C);
    const has = paired.length > 0;
    return {
      series: x.name,
      reference: ref.name,
      budget: C,
      multiplier: m,
      unbounded: m === null,
      interval: has
        ? [openPercentile(sorted, infinite, tail), openPercentile(sorted, infinite, 1 - tail)]
        : [null, null],
      median: has ? openPercentile(sorted, infinite, 0.5) : null,
      unboundedShare: has ? infinite / paired.length : m === null ? 1 : 0,
      pairs: paired.length,
      extrapolated: isExtrapolated(C, x, ref),
      lossGap: lossAtCompute(x.point, C) - lossAtCompute(ref.point, C),
      lossGapInterval: closedInterval(gaps, level),
    };
  });
  let exponentGap: SeriesComparison['exponentGap'] = null;
  if (x.exponent && ref.exponent) {
    const diffs: number[] = [];
    const n = Math.min(x.exponent.replicas.length, ref.exponent.replicas.length);
    for (let k = 0; k < n; k++) {
      const a = x.exponent.replicas[k];
      const b = ref.exponent.replicas[k];
      if (a !== null && a !== undefined && b !== null && b !== undefined) diffs.push(a - b);
    }
    exponentGap = {
      point: x.exponent.point - ref.exponent.point,
      interval: closedInterval(diffs, level),
    };
  }
  return {
    series: x.name,
    reference: ref.name,
    rows,
    unboundedFrom: unboundedFrom(x.point, ref.point),
    exponentGap,
  };
}
