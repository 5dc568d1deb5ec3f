/**
 * When a sweep runs by itself: the rule behind the Sweep view's live runs. A sweep is solved in
 * two passes, a coarse one (at most {@link COARSE_SIDE} cells a side) and then the full grid;
 * each pass runs automatically while its estimated time is within a budget (about a second),
 * and otherwise waits for the Run button, with its estimate. The estimate comes from the sweep
 * times measured in this session (against the pairs solved, laws x cells), kept apart per
 * engine and scenario kind. Pure: no clock and no DOM; the caller measures and records.
 */
import type { SweepAxis } from './sweep';

/** Most cells a side of the coarse pass. */
export const COARSE_SIDE = 64;

/**
 * Most cells a side of the second, warm probe: run after the coarse pass when the estimates
 * rest on one run size alone (or on the cold first run) and the full grid would wait.
 */
export const PROBE_SIDE = 2 * COARSE_SIDE;

/** Seconds a pass may be estimated to take and still run without the Run button. */
export const AUTO_BUDGET_SECONDS = 1;

/** One finished run: how many (law, cell) pairs it solved, in how many seconds. */
export interface ThroughputSample {
  readonly pairs: number;
  readonly seconds: number;
}

/** The axis of the coarse pass: the same range with at most `side` cells. */
export function coarseAxis(axis: SweepAxis, side = COARSE_SIDE): SweepAxis {
  return axis.count <= side ? axis : { ...axis, count: side };
}

/** True when the coarse pass of a grid would be the grid itself (no second pass needed). */
export function isCoarseEnough(x: SweepAxis, y: SweepAxis, side = COARSE_SIDE): boolean {
  return x.count <= side && y.count <= side;
}

/** The key of a throughput: engine kind and scenario kind ("gpu:data-constrained"). */
export function throughputKey(engine: string, scenarioKind: string): string {
  return `${engine}:${scenarioKind}`;
}

/**
 * Measured sweep times per key, and the time a new pass should take. A pass costs a fixed
 * overhead (dispatch, read-back, yielding to the page) plus its pairs at the engine's rate, so
 * a small run reads much slower per pair than a large one. The log keeps the latest run of
 * each size (sizes within a factor of about 1.4 share a slot) and, once it has two sizes, fits
 * seconds = a + b * pairs to them by least squares; with one size it scales that run's time in
 * proportion, which overestimates larger passes.
 *
 * The first run under a key is "cold": it pays one-time costs (pipelines built, workers
 * started, an engine measured) and can read several times slower than the engine is. It is
 * used only until a second run is recorded; {@link ThroughputLog.isCold} says when that is so.
 */
export class ThroughputLog {
  private readonly sizes = new Map<string, Map<number, ThroughputSample>>();
  private readonly cold = new Map<string, ThroughputSample>();

  /** Records a finished run; runs with no pairs or no measurable time are ignored. */
  record(key: string, sample: ThroughputSample): void {
    if (!(sample.pairs > 0) || !(sample.seconds > 0) || !Number.isFinite(sample.seconds)) return;
    if (!this.cold.has(key)) {
      this.cold.set(key, sample);
      return;
    }
    const slots = this.sizes.get(key) ?? new Map<number, ThroughputSample>();
    slots.set(Math.round(Math.log2(sample.pairs)), sample);
    this.sizes.set(key, slots);
  }

  /** True when the estimates under `key` rest on the first (cold) run alone. */
  isCold(key: string): boolean {
    return this.cold.has(key) && !this.sizes.has(key);
  }

  /** The runs an estimate under `key` rests on: the latest of each size, or the cold one. */
  samples(key: string): ThroughputSample[] {
    const slots = this.sizes.get(key);
    if (slots) return [...slots.values()];
    const first = this.cold.get(key);
    return first ? [first] : [];
  }

  /** Estimated seconds for a pass of `pairs` under `key`; undefined before any run there. */
  estimate(key: string, pairs: number): number | undefined {
    return fitSeconds(this.samples(key), pairs);
  }
}

/**
 * Seconds for `pairs` from measured runs: the least-squares line seconds = a + b * pairs
 * through runs of at least two sizes (with a kept at 0 or more, and b above 0), otherwise the
 * time per pair of the largest run. Undefined without runs.
 */
export function fitSeconds(
  samples: readonly ThroughputSample[],
  pairs: number,
): number | undefined {
  if (samples.length === 0) return undefined;
  const largest = samples.reduce((m, s) => (s.pairs > m.pairs ? s : m));
  const proportional = (largest.seconds / largest.pairs) * pairs;
  const n = samples.length;
  const mp = samples.reduce((t, s) => t + s.pairs, 0) / n;
  const ms = samples.reduce((t, s) => t + s.seconds, 0) / n;
  let spp = 0;
  let sps = 0;
  for (const s of samples) {
    spp += (s.pairs - mp) ** 2;
    sps += (s.pairs - mp) * (s.seconds - ms);
  }
  if (n < 2 || !(spp > 0)) return proportional;
  let b = sps / spp;
  let a = ms - b * mp;
  if (a < 0) {
    // No negative overhead: the line through the origin, b = sum(p t) / sum(p^2).
    a = 0;
    b =
      samples.reduce((t, s) => t + s.pairs * s.seconds, 0) /
      samples.reduce((t, s) => t + s.pairs * s.pairs, 0);
  }
  return b > 0 ? a + b * pairs : proportional;
}

/** What to do about one pass. */
export interface PassPlan {
  /** Run it now, without the Run button. */
  readonly auto: boolean;
  /** Its estimated time in seconds, when a throughput was measured. */
  readonly estimate: number | undefined;
}

/**
 * Whether a pass of `pairs` runs by itself, given its `estimate` in seconds (undefined before
 * any run was measured). With an estimate it does while that is within `budget` seconds.
 * Without one it does only when it is a probe: a pass no larger than `probePairs` (the coarse
 * pass, whose time gives the first estimate).
 */
export function planPass(
  pairs: number,
  estimate: number | undefined,
  probePairs: number,
  budget = AUTO_BUDGET_SECONDS,
): PassPlan {
  const auto = estimate === undefined ? pairs <= probePairs : estimate <= budget;
  return { auto, estimate };
}
