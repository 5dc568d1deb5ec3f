/**
 * The benchmark suite's shape: a case is one (kernel, engine, size) to time; running the suite
 * turns cases into rows of the JSON report. New kernels add cases; nothing here changes.
 */
import { abortable } from '../engine/abort';
import { DEFAULT_MEASURE, type MeasureOptions, measure } from './measure';

/** A case ready to run: its buffers and inputs are allocated once and reused across repeats. */
export interface PreparedCase {
  /** One run; resolves when the work is complete. Should stop early when `signal` aborts. */
  run(signal?: AbortSignal): Promise<void>;
  /** One run timed on the GPU itself (timestamp queries), in seconds; absent when unsupported. */
  gpuSeconds?(): Promise<number>;
  /** Frees what prepare() allocated. */
  dispose(): void;
  /**
   * Extra fields for the row, read after timing (e.g. evaluations per fit of the last run);
   * they never replace the row's own fields.
   */
  extra?(): Readonly<Record<string, number | string>>;
}

/** One thing to time. */
export interface BenchCase {
  /** 'surface', 'surface-readback', 'fit-grid', 'fit-bootstrap', 'frontier', 'sweep'. */
  readonly kernel: string;
  /** 'gpu' or 'cpu' (the scipy peer adds 'scipy' from outside the browser). */
  readonly engine: string;
  /** What one run covers, in words (e.g. 'compute into device memory, no readback'). */
  readonly mode: string;
  /** Problem size in `unit`s. */
  readonly size: number;
  readonly unit: string;
  /** Extra description of the size (e.g. '1024x1024'). */
  readonly shape: string;
  prepare(): Promise<PreparedCase>;
}

/** One row of the report (the rows of `npm run bench -- --json FILE`). */
export interface BenchRow {
  readonly kernel: string;
  readonly engine: string;
  readonly size: number;
  readonly unit: string;
  /** Units per second at the median. */
  readonly perSecond: number;
  /** Median seconds per run, wall clock. */
  readonly seconds: number;
  readonly mode: string;
  readonly shape: string;
  readonly repeats: number;
  readonly runsPerSample: number;
  /** Seconds per run: range and quartiles of the samples. */
  readonly spread: { min: number; max: number; q1: number; q3: number };
  /** Median GPU time per run from timestamp queries, where the adapter has them. */
  readonly gpuSeconds?: number;
  readonly gpuPerSecond?: number;
}

/** Progress of a suite run: a row finished. */
export interface SuiteProgress {
  readonly done: number;
  readonly total: number;
  readonly row: BenchRow;
}

/** Cancellation and progress of a suite run. */
export interface SuiteHooks {
  /** Aborting rejects the run with the signal's reason, at once. */
  readonly signal?: AbortSignal;
  /** A case is about to be prepared (`index` counts from 0). */
  readonly onStart?: (benchCase: BenchCase, index: number, total: number) => void;
  /** A case finished with its row. */
  readonly onRow?: (progress: SuiteProgress) => void;
}

/** How many timestamped runs feed the GPU-time median. */
const GPU_TIME_REPEATS = 7;

async function medianGpuSeconds(
  prepared: PreparedCase,
  signal?: AbortSignal,
): Promise<number | undefined> {
  if (!prepared.gpuSeconds) return undefined;
  const samples: number[] = [];
  for (let i = 0; i < GPU_TIME_REPEATS; i++) {
    signal?.throwIfAborted();
    samples.push(await abortable(prepared.gpuSeconds(), signal));
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

/** Times one case into a row; rejects with the signal's reason as soon as `signal` aborts. */
export async function runCase(
  benchCase: BenchCase,
  options: MeasureOptions = DEFAULT_MEASURE,
  signal?: AbortSignal,
): Promise<BenchRow> {
  signal?.throwIfAborted();
  const prepared = await abortable(benchCase.prepare(), signal);
  try {
    const t = await measure((s) => prepared.run(s), options, signal);
    const gpuSeconds = await medianGpuSeconds(prepared, signal);
    return {
      ...prepared.extra?.(),
      kernel: benchCase.kernel,
      engine: benchCase.engine,
      size: benchCase.size,
      unit: benchCase.unit,
      perSecond: benchCase.size / t.median,
      seconds: t.median,
      mode: benchCase.mode,
      shape: benchCase.shape,
      repeats: t.repeats,
      runsPerSample: t.runsPerSample,
      spread: { min: t.min, max: t.max, q1: t.q1, q3: t.q3 },
      ...(gpuSeconds !== undefined && gpuSeconds > 0
        ? { gpuSeconds, gpuPerSecond: benchCase.size / gpuSeconds }
        : {}),
    };
  } finally {
    prepared.dispose();
  }
}

/**
 * Runs `cases` one after another (never concurrently: engines share the CPU here), each with
 * the timing `options` gives for it.
 */
export async function runSuite(
  cases: readonly BenchCase[],
  options: MeasureOptions | ((benchCase: BenchCase) => MeasureOptions) = DEFAULT_MEASURE,
  hooks: SuiteHooks = {},
): Promise<BenchRow[]> {
  const optionsFor = typeof options === 'function' ? options : () => options;
  const rows: BenchRow[] = [];
  for (const [index, benchCase] of cases.entries()) {
    hooks.signal?.throwIfAborted();
    hooks.onStart?.(benchCase, index, cases.length);
    const row = await runCase(benchCase, optionsFor(benchCase), hooks.signal);
    rows.push(row);
    hooks.onRow?.({ done: rows.length, total: cases.length, row });
  }
  return rows;
}
