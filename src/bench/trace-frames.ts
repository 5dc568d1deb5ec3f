/**
 * Frame budget from a Chrome trace: per drawn heatmap frame (the app's 'surface-frame' user-timing
 * marks), how long the page's renderer main thread was busy, and how long the GPU process's
 * threads were busy, in that frame's interval. Pure: it reads trace events (the JSON objects of
 * the Trace Event Format, times in microseconds) and returns milliseconds.
 *
 * A frame's interval runs from the previous frame mark (for the first frame, from the 'begin'
 * mark) to its own mark. Busy time on a thread is the union of its top-level tasks (complete
 * events, ph 'X', of the 'toplevel' category) clipped to the interval, so nested or overlapping
 * tasks count once.
 */
import { quantile } from './measure';

/** One trace event, as Chrome writes it (only the fields read here). */
export interface TraceEvent {
  readonly name?: string;
  readonly cat?: string;
  readonly ph?: string;
  readonly pid?: number;
  readonly tid?: number;
  /** Microseconds. */
  readonly ts?: number;
  /** Microseconds, for complete ('X') events. */
  readonly dur?: number;
  readonly args?: Record<string, unknown>;
}

/** A thread of the trace: process and thread ids. */
export interface TraceThread {
  readonly pid: number;
  readonly tid: number;
}

/** Busy milliseconds in one frame's interval. */
export interface FrameBusy {
  /** Interval start and end (ms on the trace clock). */
  readonly start: number;
  readonly end: number;
  /** The renderer main thread (CrRendererMain) of the page. */
  readonly main: number;
  /** The GPU process's main thread (CrGpuMain), where the WebGPU (Dawn) commands are handled. */
  readonly gpuMain: number;
  /** All traced threads of the GPU process, each thread's busy time added (compositor included). */
  readonly gpuProcess: number;
}

/** What frameBusy found in a trace. */
export interface TraceFrames {
  readonly frames: readonly FrameBusy[];
  /** The page's renderer main thread, if the frame marks were found. */
  readonly renderer?: TraceThread;
  /** The GPU process id, if the trace names one. */
  readonly gpuPid?: number;
}

/** Marks that mean a point in time: 'R' (Blink user-timing mark), 'I'/'i' (instant), 'n'. */
const MARK_PHASES = new Set(['R', 'I', 'i', 'n']);

function isUserMark(e: TraceEvent, name: string): boolean {
  return (
    e.name === name &&
    MARK_PHASES.has(e.ph ?? '') &&
    (e.cat ?? '').split(',').includes('blink.user_timing') &&
    typeof e.ts === 'number'
  );
}

function isTopLevelTask(e: TraceEvent): boolean {
  return (
    e.ph === 'X' &&
    (e.cat ?? '').split(',').includes('toplevel') &&
    typeof e.ts === 'number' &&
    typeof e.dur === 'number'
  );
}

/** Thread names from the metadata events: key `${pid}:${tid}`. */
function threadNames(events: readonly TraceEvent[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name' && typeof e.args?.name === 'string') {
      out.set(`${e.pid}:${e.tid}`, e.args.name);
    }
  }
  return out;
}

/** The id of the process whose metadata names it `name` (e.g. 'GPU Process'). */
export function processNamed(events: readonly TraceEvent[], name: string): number | undefined {
  const e = events.find((x) => x.ph === 'M' && x.name === 'process_name' && x.args?.name === name);
  return e?.pid;
}

/**
 * Merges intervals [start, end) into disjoint ascending ones (overlapping or nested tasks
 * count once).
 */
export function mergeIntervals(spans: readonly (readonly [number, number])[]): [number, number][] {
  const sorted = spans.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** Total length of the disjoint ascending `merged` intervals inside [start, end). */
export function clippedLength(
  merged: readonly (readonly [number, number])[],
  start: number,
  end: number,
): number {
  let total = 0;
  for (const [s, e] of merged) {
    if (s >= end) break;
    total += Math.max(0, Math.min(e, end) - Math.max(s, start));
  }
  return total;
}

/** The merged top-level task spans (µs) of each thread, keyed `${pid}:${tid}`. */
function taskSpans(events: readonly TraceEvent[]): Map<string, [number, number][]> {
  const raw = new Map<string, [number, number][]>();
  for (const e of events) {
    if (!isTopLevelTask(e)) continue;
    const key = `${e.pid}:${e.tid}`;
    const list = raw.get(key) ?? [];
    list.push([e.ts!, e.ts! + e.dur!]);
    raw.set(key, list);
  }
  const out = new Map<string, [number, number][]>();
  for (const [key, list] of raw) out.set(key, mergeIntervals(list));
  return out;
}

/**
 * Per drawn frame of a trace, the busy time of the page's renderer main thread and of the GPU
 * process. The page's renderer is the thread that set the `frameMark` marks; only marks after
 * its last `beginMark` (if any) count, and the first frame's interval starts at that mark (with
 * no begin mark, the first frame mark only opens the first interval).
 */
export function frameBusy(
  events: readonly TraceEvent[],
  frameMark = 'surface-frame',
  beginMark = 'drag-begin',
): TraceFrames {
  const marks = events.filter((e) => isUserMark(e, frameMark));
  const gpuPid = processNamed(events, 'GPU Process');
  if (marks.length === 0) return { frames: [], ...(gpuPid !== undefined ? { gpuPid } : {}) };
  const names = threadNames(events);
  // The renderer main thread: the CrRendererMain thread with the most frame marks.
  const counts = new Map<string, number>();
  for (const m of marks) {
    const key = `${m.pid}:${m.tid}`;
    if (names.get(key) === undefined || names.get(key) === 'CrRendererMain') {
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  const best = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
  if (!best) return { frames: [], ...(gpuPid !== undefined ? { gpuPid } : {}) };
  const [pid, tid] = best[0].split(':').map(Number) as [number, number];
  const onMain = (e: TraceEvent) => e.pid === pid && e.tid === tid;
  const begins = events.filter((e) => onMain(e) && isUserMark(e, beginMark)).map((e) => e.ts!);
  const begin = begins.length > 0 ? Math.max(...begins) : undefined;
  const times = marks
    .filter((e) => onMain(e) && (begin === undefined || e.ts! >= begin))
    .map((e) => e.ts!)
    .sort((a, b) => a - b);
  const edges = begin === undefined ? times : [begin, ...times];
  const spans = taskSpans(events);
  const mainSpans = spans.get(best[0]) ?? [];
  const gpuThreads = [...spans.entries()].filter(([key]) => Number(key.split(':')[0]) === gpuPid);
  const gpuMainKey = gpuThreads.find(([key]) => names.get(key) === 'CrGpuMain')?.[0];
  const frames: FrameBusy[] = [];
  for (let i = 1; i < edges.length; i++) {
    const s = edges[i - 1]!;
    const e = edges[i]!;
    frames.push({
      start: s / 1000,
      end: e / 1000,
      main: clippedLength(mainSpans, s, e) / 1000,
      gpuMain: gpuMainKey ? clippedLength(spans.get(gpuMainKey)!, s, e) / 1000 : 0,
      gpuProcess: gpuThreads.reduce((sum, [, list]) => sum + clippedLength(list, s, e), 0) / 1000,
    });
  }
  return { frames, renderer: { pid, tid }, ...(gpuPid !== undefined ? { gpuPid } : {}) };
}

/** p50, p95 and max of a list of milliseconds (NaN when empty). */
export interface Percentiles {
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
}

/** p50, p95 and max of `values`. */
export function percentiles(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    max: sorted.length > 0 ? sorted[sorted.length - 1]! : Number.NaN,
  };
}

/** The per-frame budget summary of a drag, in milliseconds. */
export interface FrameBudget {
  readonly frames: number;
  readonly main: Percentiles;
  readonly gpuMain: Percentiles;
  readonly gpuProcess: Percentiles;
}

/** Summarises frameBusy's frames. */
export function frameBudget(frames: readonly FrameBusy[]): FrameBudget {
  return {
    frames: frames.length,
    main: percentiles(frames.map((f) => f.main)),
    gpuMain: percentiles(frames.map((f) => f.gpuMain)),
    gpuProcess: percentiles(frames.map((f) => f.gpuProcess)),
  };
}
