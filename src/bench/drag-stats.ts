/**
 * Interactive feel: frame times while a law parameter is dragged. From what the page
 * recorded during a drag (input events with the value each set, the heatmap frames with the
 * value each drew, animation-frame times and long tasks) this works out, for every input event,
 * how long until a frame showing it (or a later value) was on screen, and summarises them. Pure.
 */
import { quantile } from './measure';
import type { BenchRow } from './suite';
import type { FrameBudget } from './trace-frames';

/** An input event: when the movement that caused it happened (ms) and the value it set. */
export interface DragInput {
  readonly t: number;
  readonly value: number;
}

/** A finished heatmap draw: when it completed (ms) and the parameter value it drew. */
export interface DragFrame {
  readonly t: number;
  readonly value: number;
}

/** A long task (main thread busy for 50 ms or more), in ms. */
export interface LongTask {
  readonly start: number;
  readonly duration: number;
}

/** What the page recorded during one drag, all times in ms on the page's clock. */
export interface DragRecord {
  readonly inputs: readonly DragInput[];
  readonly frames: readonly DragFrame[];
  /** Times of the animation-frame callbacks during and after the drag, ascending. */
  readonly rafs: readonly number[];
  readonly longTasks: readonly LongTask[];
}

/** A drawn frame matched to the input it shows and the animation frame that presented it. */
export interface MatchedFrame {
  /** Index of the latest input with the drawn value before the draw completed. */
  readonly input: number;
  readonly drawn: number;
  /** First animation frame after the draw completed: when it reaches the screen (ms). */
  readonly presented: number;
}

/** The summary of a drag; times in seconds. */
export interface DragStats {
  readonly inputs: number;
  /** Frames drawn that show a measured input. */
  readonly framesDrawn: number;
  /** Inputs no frame showed (neither they nor a later value were drawn in time). */
  readonly undrawn: number;
  /** Per input: from the input to the first presented frame showing it or a later value. */
  readonly latencies: readonly number[];
  readonly p50: number;
  readonly p95: number;
  readonly min: number;
  readonly max: number;
  readonly q1: number;
  readonly q3: number;
  /** Between consecutive presented frames. */
  readonly intervalP50: number;
  readonly intervalP95: number;
  /** From the first input to the last presented frame. */
  readonly seconds: number;
  readonly framesPerSecond: number;
  readonly longTasks: number;
  readonly longestTask: number;
}

/** Index of the first element of ascending `sorted` greater than `t` (length if none). */
function firstAfter(sorted: readonly number[], t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! > t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The frames of `record` that show a measured input, in drawing order: each is matched to the
 * latest input that set the drawn value before the draw completed (the scheduler draws the
 * latest request), and presented at the first animation frame after it (or when drawn, if the
 * recording has no later animation frame). Frames of other values are left out.
 */
export function matchFrames(record: DragRecord): MatchedFrame[] {
  const frames = [...record.frames].sort((a, b) => a.t - b.t);
  const out: MatchedFrame[] = [];
  for (const frame of frames) {
    let input = -1;
    for (let i = record.inputs.length - 1; i >= 0; i--) {
      const x = record.inputs[i]!;
      if (x.t <= frame.t && x.value === frame.value) {
        input = i;
        break;
      }
    }
    if (input < 0) continue;
    const next = firstAfter(record.rafs, frame.t);
    const presented = next < record.rafs.length ? record.rafs[next]! : frame.t;
    out.push({ input, drawn: frame.t, presented });
  }
  return out;
}

/**
 * Latency of each input in seconds: from the input to the presentation of the first frame that
 * shows it or a later input and finished after it; NaN for inputs no frame showed.
 */
export function inputLatencies(record: DragRecord, frames = matchFrames(record)): number[] {
  return record.inputs.map((x, i) => {
    const frame = frames.find((f) => f.input >= i && f.drawn >= x.t);
    return frame ? (frame.presented - x.t) / 1000 : Number.NaN;
  });
}

/** The summary of a drag. */
export function dragStats(record: DragRecord): DragStats {
  const frames = matchFrames(record);
  const all = inputLatencies(record, frames);
  const latencies = all.filter((v) => Number.isFinite(v));
  const sorted = [...latencies].sort((a, b) => a - b);
  const presented = frames.map((f) => f.presented);
  const intervals = presented
    .slice(1)
    .map((t, i) => (t - presented[i]!) / 1000)
    .sort((a, b) => a - b);
  const first = record.inputs[0]?.t;
  const last = presented[presented.length - 1];
  const seconds = first !== undefined && last !== undefined ? (last - first) / 1000 : 0;
  const q = (p: number) => quantile(sorted, p);
  return {
    inputs: record.inputs.length,
    framesDrawn: frames.length,
    undrawn: all.length - latencies.length,
    latencies,
    p50: q(0.5),
    p95: q(0.95),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
    q1: q(0.25),
    q3: q(0.75),
    intervalP50: quantile(intervals, 0.5),
    intervalP95: quantile(intervals, 0.95),
    seconds,
    framesPerSecond: seconds > 0 ? frames.length / seconds : 0,
    longTasks: record.longTasks.length,
    longestTask: Math.max(0, ...record.longTasks.map((t) => t.duration)) / 1000,
  };
}

/** What a drag row says about the drag besides its statistics. */
export interface DragSetup {
  /** 'gpu' or 'cpu'. */
  readonly engine: string;
  /** The surface grid, e.g. '1024x1024'. */
  readonly grid: string;
  /** The parameter dragged, e.g. 'alpha'. */
  readonly parameter: string;
  /** How the input was driven, in words. */
  readonly input: string;
}

/** What the GPU-side figures of a drag row measure, in words. */
export const GPU_TIME_KIND =
  "GPU process busy time from the trace (not timestamp-query GPU time): gpuMain is CrGpuMain's top-level tasks (the WebGPU commands through Dawn and the display compositor's GL work, both on SwiftShader here; SwiftShader's own worker threads are not in the trace, and on the CPU engine only the compositor's share remains), gpuProcess adds every traced GPU-process thread (the Viz compositor included)";

/** The per-frame budget goal: main-thread time per frame at p95, ms. */
export const MAIN_P95_GOAL_MS = 8;

/** The frame-budget fields of a drag row (ms), from the trace of the drag. */
function budgetFields(budget: FrameBudget): Record<string, unknown> {
  return {
    tracedFrames: budget.frames,
    mainMsP50: budget.main.p50,
    mainMsP95: budget.main.p95,
    mainMsMax: budget.main.max,
    gpuMainMsP50: budget.gpuMain.p50,
    gpuMainMsP95: budget.gpuMain.p95,
    gpuMainMsMax: budget.gpuMain.max,
    gpuProcessMsP50: budget.gpuProcess.p50,
    gpuProcessMsP95: budget.gpuProcess.p95,
    gpuProcessMsMax: budget.gpuProcess.max,
    gpuTimeKind: GPU_TIME_KIND,
    mainGoalMet: budget.frames > 0 && budget.main.p95 <= MAIN_P95_GOAL_MS,
  };
}

/**
 * The bench row of a drag (kernel 'drag-frame', unit 'frames'): size is the frames drawn,
 * perSecond the frames per second, seconds the median latency with its spread over inputs,
 * plus p50, p95 and max latency (seconds) and the drag's other figures; with a frame budget
 * from the drag's trace, the renderer main thread's and the GPU process's busy time per drawn
 * frame (p50/p95/max, ms) and whether the main-thread goal (p95 at most 8 ms) is met.
 */
export function dragRow(
  setup: DragSetup,
  stats: DragStats,
  budget?: FrameBudget,
): BenchRow & Record<string, unknown> {
  return {
    ...(budget ? budgetFields(budget) : {}),
    kernel: 'drag-frame',
    engine: setup.engine,
    size: stats.framesDrawn,
    unit: 'frames',
    perSecond: stats.framesPerSecond,
    seconds: stats.p50,
    mode: `${setup.parameter} slider dragged in the app (Surface view, ${setup.grid}): ${setup.input}; latency from the input event to the first animation frame after the heatmap draw that shows it`,
    shape: `${setup.grid} · ${stats.inputs} inputs`,
    repeats: stats.latencies.length,
    runsPerSample: 1,
    spread: { min: stats.min, max: stats.max, q1: stats.q1, q3: stats.q3 },
    p50: stats.p50,
    p95: stats.p95,
    max: stats.max,
    inputs: stats.inputs,
    framesDrawn: stats.framesDrawn,
    undrawn: stats.undrawn,
    intervalP50: stats.intervalP50,
    intervalP95: stats.intervalP95,
    dragSeconds: stats.seconds,
    longTasks: stats.longTasks,
    longestTask: stats.longestTask,
  };
}
