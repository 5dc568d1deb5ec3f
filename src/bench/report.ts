/**
 * The JSON a Bench view run exports: the rows in the shape of `npm run bench --json` (kernel,
 * engine, size, unit, perSecond, seconds, …) plus what the run ran on. Pure.
 */
import type { GpuInfo } from '../gpu/device';
import type { PresetId } from './plan';
import { ALL_GPU_CPU_PAIRS, type GpuCpuRatio, ratios } from './ratios.mjs';
import type { FitReport } from './run-bench';
import type { BenchRow } from './suite';

/** How a run ended. */
export type RunStatus = 'complete' | 'cancelled' | 'failed';

/** The exported report. */
export interface BenchExport {
  /** The adapter's name; null when there was no GPU. */
  readonly adapter: string | null;
  readonly cpuThreads: number;
  readonly results: readonly BenchRow[];
  readonly adapterInfo: Omit<GpuInfo, 'name'> | null;
  readonly timestampQuery: boolean;
  readonly date: string;
  readonly userAgent: string;
  readonly source: 'bench-view';
  readonly preset: PresetId;
  readonly status: RunStatus;
  /** Why the run failed, when it did. */
  readonly error?: string;
  readonly wallSeconds: number;
  /** GPU/CPU throughput per kernel pair and size, fit kernels and Approach 2 included. */
  readonly ratios: readonly GpuCpuRatio[];
  readonly fit?: FitReport;
  /** What was not measured, and why. */
  readonly skipped: readonly string[];
}

/** What a run knows about itself when it ends. */
export interface RunRecord {
  readonly adapter: GpuInfo | undefined;
  readonly cpuThreads: number;
  readonly rows: readonly BenchRow[];
  readonly preset: PresetId;
  readonly status: RunStatus;
  readonly error?: string | undefined;
  /** When the run started. */
  readonly started: Date;
  readonly wallSeconds: number;
  readonly userAgent: string;
  readonly fit?: FitReport | undefined;
  readonly skipped: readonly string[];
}

/** The export of a run. */
export function benchExport(run: RunRecord): BenchExport {
  const info = run.adapter;
  const { name, ...adapterInfo } = info ?? { name: null };
  return {
    adapter: name,
    cpuThreads: run.cpuThreads,
    results: run.rows,
    adapterInfo: info ? (adapterInfo as Omit<GpuInfo, 'name'>) : null,
    timestampQuery: info?.timestampQuery ?? false,
    date: run.started.toISOString(),
    userAgent: run.userAgent,
    source: 'bench-view',
    preset: run.preset,
    status: run.status,
    ...(run.error ? { error: run.error } : {}),
    wallSeconds: run.wallSeconds,
    ratios: ratios(run.rows, ALL_GPU_CPU_PAIRS),
    ...(run.fit ? { fit: run.fit } : {}),
    skipped: run.skipped,
  };
}

/** A file name for the export: 'scaling-sweep-bench-2026-11-22T10-04-05.json'. */
export function exportFileName(started: Date): string {
  return `scaling-sweep-bench-${started.toISOString().slice(0, 19).replaceAll(':', '-')}.json`;
}
