/**
 * Timing for the benchmark: warm-up excluded, median over repeats, with spread. Generic over
 * kernels and engines. Every run is raced against an optional AbortSignal, so a cancelled or
 * failed suite stops waiting at once even when the work itself cannot be interrupted.
 */
import { abortable } from '../engine/abort';

/** How long and how often one case is timed. */
export interface MeasureOptions {
  /** Untimed runs first (pipeline compile, worker start-up, JIT, allocation). */
  readonly warmups: number;
  /** Timed samples taken at least. */
  readonly minRepeats: number;
  /** Timed samples taken at most. */
  readonly maxRepeats: number;
  /** Keep sampling (up to maxRepeats) until this much time went into samples. */
  readonly targetSeconds: number;
  /**
   * A sample shorter than this repeats the run several times and divides, so fast cases stay
   * above the browser's coarse clock (performance.now() is rounded to 0.1 ms or more).
   */
  readonly minSampleSeconds: number;
}

/** Defaults sized so the whole surface suite runs in well under two minutes on SwiftShader. */
export const DEFAULT_MEASURE: MeasureOptions = {
  warmups: 2,
  minRepeats: 7,
  maxRepeats: 30,
  targetSeconds: 3,
  minSampleSeconds: 0.02,
};

/** Summary of the samples of one case, in seconds per run. */
export interface Timing {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** First and third quartiles. */
  readonly q1: number;
  readonly q3: number;
  /** Timed samples. */
  readonly repeats: number;
  /** Runs per sample (see MeasureOptions.minSampleSeconds). */
  readonly runsPerSample: number;
}

/** The q-quantile (0..1) of ascending `sorted`, linearly interpolated. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Median, quartiles and range of `samples` (seconds per run). */
export function summarise(samples: readonly number[], runsPerSample = 1): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    median: quantile(sorted, 0.5),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
    q1: quantile(sorted, 0.25),
    q3: quantile(sorted, 0.75),
    repeats: sorted.length,
    runsPerSample,
  };
}

/** Runs per sample so that one sample lasts at least `minSampleSeconds` (1 to 1000). */
export function runsPerSampleFor(runSeconds: number, minSampleSeconds: number): number {
  return Math.min(1000, Math.max(1, Math.ceil(minSampleSeconds / Math.max(runSeconds, 1e-6))));
}

/**
 * Times `run` (which must resolve only when its work is complete) and summarises the samples.
 * Rejects with the signal's reason as soon as `signal` aborts.
 */
export async function measure(
  run: (signal?: AbortSignal) => Promise<void>,
  options: MeasureOptions = DEFAULT_MEASURE,
  signal?: AbortSignal,
): Promise<Timing> {
  const once = () => {
    signal?.throwIfAborted();
    return abortable(run(signal), signal);
  };
  let lastWarmup = 0;
  for (let i = 0; i < Math.max(1, options.warmups); i++) {
    const t0 = performance.now();
    await once();
    lastWarmup = (performance.now() - t0) / 1000;
  }
  const runsPerSample = runsPerSampleFor(lastWarmup, options.minSampleSeconds);
  const samples: number[] = [];
  let spent = 0;
  while (
    samples.length < Math.max(1, options.minRepeats) ||
    (spent < options.targetSeconds && samples.length < options.maxRepeats)
  ) {
    const t0 = performance.now();
    for (let i = 0; i < runsPerSample; i++) await once();
    const seconds = (performance.now() - t0) / 1000;
    spent += seconds;
    samples.push(seconds / runsPerSample);
  }
  return summarise(samples, runsPerSample);
}
