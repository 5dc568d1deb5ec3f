/** Types of report.mjs (plain JavaScript, run by the Node bench runner; tests import it). */

import type { GrowthRow } from '../src/bench/growth.mjs';
import type { FitRatio, GpuCpuRatio, RatioRow } from '../src/bench/ratios.mjs';

export { growthSummary } from '../src/bench/growth.mjs';
export { fitRatios, ratios } from '../src/bench/ratios.mjs';

/** A row as the tables read it. */
export interface ReportRow extends RatioRow, GrowthRow {
  readonly repeats: number;
  readonly runsPerSample: number;
  readonly spread: { min: number; max: number; q1: number; q3: number };
}

export declare const GROWTH_COMPARISONS: readonly {
  readonly series: string;
  readonly against: string;
  readonly tolerance: number;
  readonly what: string;
}[];
export declare function formatRows(rows: readonly ReportRow[]): string;
export declare function formatRatios(list: readonly GpuCpuRatio[]): string;
export declare function formatFitRatios(list: readonly FitRatio[], cpuThreads: number): string;
export declare function formatGrowth(rows: readonly GrowthRow[], factor?: number): string;
export declare function formatDrag(rows: readonly Record<string, unknown>[]): string;
