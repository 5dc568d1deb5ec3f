/**
 * The in-page half of the drag measurement (bench/drag.mjs drives the mouse): loaded into the
 * running app by the runner, it records, while a law slider is dragged, every 'input' event of
 * that slider (at the time of the earliest pointer movement behind it, and the value it set),
 * the app's 'surface-frame' marks (one per finished heatmap draw, with the law it drew; the
 * Surface view sets them in development builds), every animation-frame callback and long tasks.
 * Touches nothing in the app.
 */
import {
  type DragFrame,
  type DragInput,
  type DragRecord,
  type DragStats,
  dragStats,
  type LongTask,
} from './drag-stats';

/** The mark the Surface view sets after each heatmap draw (src/ui/surface-controller.ts). */
export const FRAME_MARK = 'surface-frame';
/** The mark begin() sets: a trace of the drag starts its first frame's interval there. */
export const BEGIN_MARK = 'drag-begin';

/** A recording in progress. */
export interface DragRecorder {
  /** Starts (or restarts) recording: what came before is dropped. */
  begin(): void;
  /** Inputs recorded since begin(). */
  inputCount(): number;
  /** The value the last recorded input set. */
  lastValue(): number | undefined;
  /** True once a frame drawing `value` finished and an animation frame followed it. */
  presented(value: number): boolean;
  /** True once any frame drawing `value` finished, recording or not (to wait out a warm-up). */
  drawn(value: number): boolean;
  /** Stops recording and returns the record and its statistics. */
  stop(): { record: DragRecord; stats: DragStats };
}

/** The event's path starts at this slider. */
function sliderOf(e: Event, field: string): HTMLInputElement | undefined {
  const target = e.composedPath()[0];
  return target instanceof HTMLInputElement && target.dataset.slider === field ? target : undefined;
}

function frameMarks(since: number, field: string): DragFrame[] {
  return performance
    .getEntriesByName(FRAME_MARK, 'mark')
    .filter((e) => e.startTime >= since)
    .flatMap((e) => {
      const value = ((e as PerformanceMark).detail as Record<string, unknown> | null)?.[field];
      return typeof value === 'number' ? [{ t: e.startTime, value }] : [];
    });
}

/** Starts listening for the slider of law field `field` (e.g. 'alpha'); call begin() to record. */
export function startDragRecorder(field: string): DragRecorder {
  let since = Number.POSITIVE_INFINITY;
  let recording = false;
  let stopped = false;
  let inputs: DragInput[] = [];
  let rafs: number[] = [];
  let longTasks: LongTask[] = [];
  let pendingMove: number | undefined;

  const onMove = (e: Event) => {
    if (!recording || pendingMove !== undefined) return;
    const first = e instanceof PointerEvent ? e.getCoalescedEvents()[0] : undefined;
    pendingMove = first?.timeStamp ?? e.timeStamp;
  };
  const onInput = (e: Event) => {
    const slider = sliderOf(e, field);
    if (!recording || !slider) return;
    inputs.push({ t: pendingMove ?? e.timeStamp, value: Number(slider.value) });
    pendingMove = undefined;
  };
  const tick = () => {
    if (stopped) return;
    if (recording) rafs.push(performance.now());
    requestAnimationFrame(tick);
  };
  const observer = new PerformanceObserver((list) => {
    if (!recording) return;
    for (const e of list.getEntries()) {
      if (e.startTime >= since) longTasks.push({ start: e.startTime, duration: e.duration });
    }
  });
  window.addEventListener('pointermove', onMove, { capture: true, passive: true });
  window.addEventListener('input', onInput, { capture: true });
  try {
    observer.observe({ type: 'longtask' });
  } catch {
    // No long-task timing in this browser: the count stays 0.
  }
  requestAnimationFrame(tick);

  return {
    begin() {
      performance.mark(BEGIN_MARK);
      since = performance.now();
      recording = true;
      inputs = [];
      rafs = [];
      longTasks = [];
      pendingMove = undefined;
    },
    inputCount: () => inputs.length,
    lastValue: () => inputs[inputs.length - 1]?.value,
    presented(value) {
      const drawn = frameMarks(since, field).filter((f) => f.value === value);
      const last = rafs[rafs.length - 1];
      return drawn.some((f) => last !== undefined && last > f.t);
    },
    drawn: (value) => frameMarks(0, field).some((f) => f.value === value),
    stop() {
      recording = false;
      stopped = true;
      observer.disconnect();
      window.removeEventListener('pointermove', onMove, { capture: true });
      window.removeEventListener('input', onInput, { capture: true });
      const record: DragRecord = { inputs, frames: frameMarks(since, field), rafs, longTasks };
      return { record, stats: dragStats(record) };
    },
  };
}
