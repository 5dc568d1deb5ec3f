/**
 * Frame budget from a Chrome trace (src/bench/trace-frames.ts), the CPU-profile self times
 * (src/bench/cpu-profile.ts), the drag row's budget fields and the budget table, on small
 * hand-made traces: overlapping and nested tasks count once, a task spanning two frames is
 * split between them, a frame with no task is 0, other threads and processes are ignored.
 */
import { describe, expect, it } from 'vitest';
import { budgetEvents, formatDragBudget } from '../../bench/drag.mjs';
import { sourceFile, topFiles, topFunctions } from '../../src/bench/cpu-profile';
import { dragRow, MAIN_P95_GOAL_MS } from '../../src/bench/drag-stats';
import {
  clippedLength,
  frameBudget,
  frameBusy,
  mergeIntervals,
  type TraceEvent,
} from '../../src/bench/trace-frames';

const RENDERER = 10;
const MAIN = 1;
const OTHER_RENDERER = 20;
const GPU = 30;
const GPU_MAIN = 3;
const VIZ = 4;

const meta: TraceEvent[] = [
  { ph: 'M', name: 'process_name', pid: GPU, tid: 0, args: { name: 'GPU Process' } },
  { ph: 'M', name: 'process_name', pid: RENDERER, tid: 0, args: { name: 'Renderer' } },
  { ph: 'M', name: 'thread_name', pid: RENDERER, tid: MAIN, args: { name: 'CrRendererMain' } },
  { ph: 'M', name: 'thread_name', pid: RENDERER, tid: 2, args: { name: 'Compositor' } },
  {
    ph: 'M',
    name: 'thread_name',
    pid: OTHER_RENDERER,
    tid: MAIN,
    args: { name: 'CrRendererMain' },
  },
  { ph: 'M', name: 'thread_name', pid: GPU, tid: GPU_MAIN, args: { name: 'CrGpuMain' } },
  { ph: 'M', name: 'thread_name', pid: GPU, tid: VIZ, args: { name: 'VizCompositorThread' } },
];

/** A user-timing mark at `ms` on the page's main thread. */
const mark = (name: string, ms: number, pid = RENDERER, tid = MAIN): TraceEvent => ({
  name,
  cat: 'blink.user_timing',
  ph: 'R',
  pid,
  tid,
  ts: ms * 1000,
});

/** A top-level task from `ms` lasting `dur` ms. */
const task = (ms: number, dur: number, pid = RENDERER, tid = MAIN): TraceEvent => ({
  name: 'ThreadControllerImpl::RunTask',
  cat: 'toplevel',
  ph: 'X',
  pid,
  tid,
  ts: ms * 1000,
  dur: dur * 1000,
});

describe('mergeIntervals and clippedLength', () => {
  it('merges overlapping and nested spans and drops empty ones', () => {
    expect(
      mergeIntervals([
        [5, 8],
        [0, 2],
        [1, 3],
        [6, 7],
        [9, 9],
      ]),
    ).toEqual([
      [0, 3],
      [5, 8],
    ]);
  });

  it('counts only the part inside the window', () => {
    const merged: [number, number][] = [
      [0, 3],
      [5, 8],
    ];
    expect(clippedLength(merged, 2, 6)).toBe(2);
    expect(clippedLength(merged, 3, 5)).toBe(0);
    expect(clippedLength(merged, -10, 100)).toBe(6);
  });
});

describe('frameBusy', () => {
  // Begin at 100 ms, frames at 120, 140 and 160 ms: intervals 100-120, 120-140, 140-160.
  const events: TraceEvent[] = [
    ...meta,
    mark('surface-frame', 50), // before the begin mark: not a measured frame
    mark('drag-begin', 100),
    mark('surface-frame', 120),
    mark('surface-frame', 140),
    mark('surface-frame', 160),
    // Frame 1: two overlapping tasks 102-108 and 105-110 (8 ms once merged) and a nested one.
    task(102, 6),
    task(105, 5),
    task(103, 1),
    // Spans frames 1 and 2: 115-125 gives 5 ms to each.
    task(115, 10),
    // Frame 3 (140-160): no task on the main thread.
    // Ignored: other threads of the renderer, another renderer, an unrelated category.
    task(141, 10, RENDERER, 2),
    task(141, 10, OTHER_RENDERER, MAIN),
    { ...task(142, 10), cat: 'devtools.timeline' },
    mark('surface-frame', 145, OTHER_RENDERER, MAIN),
    // GPU process: CrGpuMain 101-104 and 118-122, Viz 130-131.
    task(101, 3, GPU, GPU_MAIN),
    task(118, 4, GPU, GPU_MAIN),
    task(130, 1, GPU, VIZ),
  ];

  it('finds the page renderer and the GPU process', () => {
    const out = frameBusy(events);
    expect(out.renderer).toEqual({ pid: RENDERER, tid: MAIN });
    expect(out.gpuPid).toBe(GPU);
  });

  it('gives each frame the clipped, merged busy time of its interval', () => {
    const { frames } = frameBusy(events);
    expect(frames.map((f) => [f.start, f.end])).toEqual([
      [100, 120],
      [120, 140],
      [140, 160],
    ]);
    expect(frames.map((f) => f.main)).toEqual([13, 5, 0]);
    expect(frames.map((f) => f.gpuMain)).toEqual([5, 2, 0]);
    expect(frames.map((f) => f.gpuProcess)).toEqual([5, 3, 0]);
  });

  it('without a begin mark, the first frame mark opens the first interval', () => {
    const { frames } = frameBusy(events.filter((e) => e.name !== 'drag-begin'));
    expect(frames.map((f) => [f.start, f.end])).toEqual([
      [50, 120],
      [120, 140],
      [140, 160],
    ]);
    expect(frames[0]!.main).toBe(13);
  });

  it('returns no frames when the trace has no frame marks', () => {
    const out = frameBusy(events.filter((e) => e.name !== 'surface-frame'));
    expect(out.frames).toEqual([]);
    expect(out.renderer).toBeUndefined();
  });

  it('summarises p50, p95 and max per series', () => {
    const b = frameBudget(frameBusy(events).frames);
    expect(b.frames).toBe(3);
    expect(b.main.p50).toBe(5);
    expect(b.main.max).toBe(13);
    expect(b.main.p95).toBeCloseTo(5 + (13 - 5) * 0.9, 12);
    expect(b.gpuProcess.max).toBe(5);
  });

  it('budgetEvents keeps what frameBusy reads and drops the rest', () => {
    const noise: TraceEvent = { name: 'Paint', cat: 'devtools.timeline', ph: 'X', ts: 1, dur: 1 };
    const kept = budgetEvents([...events, noise]);
    expect(kept).not.toContain(noise);
    expect(frameBusy(kept)).toEqual(frameBusy(events));
  });
});

describe('drag row budget fields and the budget table', () => {
  const stats = {
    inputs: 10,
    framesDrawn: 3,
    undrawn: 0,
    latencies: [0.1, 0.2],
    p50: 0.15,
    p95: 0.2,
    min: 0.1,
    max: 0.2,
    q1: 0.12,
    q3: 0.18,
    intervalP50: 0.02,
    intervalP95: 0.03,
    seconds: 1,
    framesPerSecond: 3,
    longTasks: 0,
    longestTask: 0,
  };
  const setup = { engine: 'gpu', grid: '1024x1024', parameter: 'alpha', input: 'mouse' };
  const perFrame = (main: number[]) =>
    frameBudget(main.map((m, i) => ({ start: i, end: i + 1, main: m, gpuMain: 1, gpuProcess: 2 })));

  it('carries p50/p95/max and says whether the goal is met', () => {
    const under = dragRow(setup, stats, perFrame([2, 3, 4]));
    expect(under.mainMsP95).toBeCloseTo(3.9, 12);
    expect(under.mainMsMax).toBe(4);
    expect(under.gpuProcessMsP50).toBe(2);
    expect(under.mainGoalMet).toBe(true);
    const over = dragRow(setup, stats, perFrame([2, 3, MAIN_P95_GOAL_MS + 5]));
    expect(over.mainGoalMet).toBe(false);
    expect(String(over.gpuTimeKind)).toMatch(/not timestamp-query/);
    expect(dragRow(setup, stats).mainMsP95).toBeUndefined();
  });

  it('prints the budget and the goal line', () => {
    const rows = [
      { ...dragRow(setup, stats, perFrame([2, 3, 20])), mouseMoves: 120 },
      dragRow({ ...setup, grid: '512x512' }, stats, perFrame([1, 1, 1])),
    ];
    const text = formatDragBudget(rows);
    expect(text).toMatch(/gpu\s+1024x1024\s+3\s+150\.0\/200\.0\s+3\.0\/18\.3\/20\.0/);
    expect(text).toMatch(/512x512.*met/);
    expect(text).toContain('at 1024²): gpu not met (18.3 ms)');
    expect(formatDragBudget([])).toBe('');
  });
});

describe('cpu profile self times', () => {
  const profile = {
    nodes: [
      { id: 1, callFrame: { functionName: '(root)', url: '' } },
      { id: 2, callFrame: { functionName: 'render', url: 'http://h/src/ui/planner-panel.ts?t=1' } },
      { id: 3, callFrame: { functionName: 'update', url: 'http://h/src/ui/planner-panel.ts' } },
      { id: 4, callFrame: { functionName: '(idle)', url: '' } },
      { id: 5, callFrame: { functionName: '', url: 'http://h/node_modules/.vite/deps/lit.js' } },
    ],
    // Each sample lasts until the next: 2 → 3 ms, 3 → 1 ms, 4 (idle) → 10 ms, 5 → 2 ms, 2 → 1 ms.
    samples: [2, 3, 4, 5, 2, 3],
    timeDeltas: [0, 3000, 1000, 10000, 2000, 1000],
  };

  it('names files without host or query', () => {
    expect(sourceFile('http://h/src/ui/run-marks.ts?t=5')).toBe('src/ui/run-marks.ts');
    expect(sourceFile('')).toBe('');
  });

  it('ranks functions and files by self time, idle left out', () => {
    expect(topFunctions(profile)).toEqual([
      { name: 'render (src/ui/planner-panel.ts)', ms: 4 },
      { name: '(anonymous) (node_modules/.vite/deps/lit.js)', ms: 2 },
      { name: 'update (src/ui/planner-panel.ts)', ms: 1 },
    ]);
    expect(topFiles(profile, 1)).toEqual([{ name: 'src/ui/planner-panel.ts', ms: 5 }]);
  });
});
