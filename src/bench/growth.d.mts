/** Types of growth.mjs (plain JavaScript so that the Node bench runner can import it). */

/** The fields of a bench row the growth analysis reads. */
export interface GrowthRow {
  readonly kernel: string;
  readonly engine: string;
  readonly size: number;
  readonly unit: string;
  readonly shape: string;
  /** Median seconds per run. */
  readonly seconds: number;
  readonly gpuSeconds?: number;
  /** Seconds per run of the fastest sample. */
  readonly spread?: { readonly min: number };
  /** Mean L-BFGS evaluations per fit (fit rows). */
  readonly evaluationsPerFit?: number;
}

/** One size of a series. */
export interface GrowthPoint {
  readonly size: number;
  readonly shape: string;
  readonly seconds: number;
  /** Seconds per unit of work (seconds / size). */
  readonly perUnit: number;
  /** Seconds per unit of the fastest sample. */
  readonly bestPerUnit?: number;
  /** GPU seconds per unit, where timestamp queries measured the row. */
  readonly gpuPerUnit?: number;
  /** Seconds per unit and fit evaluation (fit rows). */
  readonly perEvaluation?: number;
}

/** A jump in median per-unit cost between two neighbouring sizes. */
export interface Cliff {
  readonly from: GrowthPoint;
  readonly to: GrowthPoint;
  /** to.perUnit / from.perUnit. */
  readonly ratio: number;
  /** The same step for the fastest samples, where both points have them. */
  readonly bestRatio: number | undefined;
  /** True when the fastest samples jump too (or cannot be checked). */
  readonly confirmed: boolean;
}

/** The growth of one series (one kernel on one engine). */
export interface GrowthSeries {
  /** The kernel without the 'growth-' prefix ('surface', 'bootstrap', …). */
  readonly series: string;
  readonly kernel: string;
  readonly engine: string;
  readonly unit: string;
  /** Ascending by size. */
  readonly points: readonly GrowthPoint[];
  readonly medianPerUnit: number;
  /** Per-unit cost at the largest size over the median per-unit cost (1: linear growth). */
  readonly largestOverMedian: number;
  /** Jumps seen in the median and the best run. */
  readonly cliffs: readonly Cliff[];
  /** Jumps of the median alone: interference, not the code. */
  readonly noise: readonly Cliff[];
}

/** One size of a series against the matching size of another. */
export interface SeriesComparison {
  readonly size: number;
  readonly shape: string;
  /** The shape it was compared with. */
  readonly against: string;
  /** Per-unit cost over the other's. */
  readonly ratio: number;
  /** The same for GPU time, where both have it. */
  readonly gpuRatio?: number;
}

export interface GrowthTable {
  readonly header: string[];
  readonly lines: string[][];
}

export declare const CLIFF_FACTOR: number;
export declare const GROWTH_PREFIX: string;
export declare function isGrowthRow(row: { readonly kernel: string }): boolean;
export declare function median(values: readonly number[]): number;
export declare function growthPoint(row: GrowthRow): GrowthPoint;
export declare function findSteps(points: readonly GrowthPoint[], factor?: number): Cliff[];
export declare function findCliffs(points: readonly GrowthPoint[], factor?: number): Cliff[];
export declare function growthSeries(
  kernel: string,
  engine: string,
  unit: string,
  points: readonly GrowthPoint[],
  factor?: number,
): GrowthSeries;
export declare function growthSummary(rows: readonly GrowthRow[], factor?: number): GrowthSeries[];
export declare function compareSeries(
  a: GrowthSeries,
  b: GrowthSeries,
  tolerance?: number,
): SeriesComparison[];
export declare function timeUnit(seconds: number): {
  unit: 's' | 'ms' | 'µs' | 'ns';
  scale: number;
};
export declare function unitSingular(unit: string): string;
export declare function growthTable(series: readonly GrowthSeries[], factor?: number): GrowthTable;
export declare function growthVerdicts(series: readonly GrowthSeries[], factor?: number): string[];
