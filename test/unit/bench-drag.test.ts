/**
 * Interactive feel (src/bench/drag-stats.ts and the drag table of bench/report.mjs): frames are
 * matched to the latest input that set the drawn value, each input's latency runs to the first
 * animation frame after a draw that shows it or a later value, coalesced inputs share a frame,
 * undrawn inputs are counted apart, and the row has the bench shape plus p50/p95/max.
 */
import { describe, expect, it } from 'vitest';
import { dragPath } from '../../bench/drag.mjs';
import { formatDrag } from '../../bench/report.mjs';
import {
  type DragRecord,
  dragRow,
  dragStats,
  inputLatencies,
  matchFrames,
} from '../../src/bench/drag-stats';

/** Inputs every 16 ms from t = 0 with values 0.300, 0.301, …; rAFs every 16 ms from t = 8. */
function record(frames: { t: number; value: number }[], inputs = 6): DragRecord {
  return {
    inputs: Array.from({ length: inputs }, (_, i) => ({ t: i * 16, value: 0.3 + i / 1000 })),
    frames,
    rafs: Array.from({ length: 20 }, (_, i) => 8 + i * 16),
    longTasks: [{ start: 10, duration: 70 }],
  };
}

describe('matchFrames', () => {
  it('matches a frame to the latest earlier input with its value and presents it at the next rAF', () => {
    const r = record([
      { t: 30, value: 0.301 },
      { t: 70, value: 0.304 },
    ]);
    expect(matchFrames(r)).toEqual([
      { input: 1, drawn: 30, presented: 40 },
      { input: 4, drawn: 70, presented: 72 },
    ]);
  });

  it('leaves out frames of values no measured input set, and picks the latest of repeated values', () => {
    const r: DragRecord = {
      inputs: [
        { t: 0, value: 0.5 },
        { t: 16, value: 0.6 },
        { t: 32, value: 0.5 },
      ],
      frames: [
        { t: 20, value: 0.9 },
        { t: 40, value: 0.5 },
      ],
      rafs: [45],
      longTasks: [],
    };
    expect(matchFrames(r)).toEqual([{ input: 2, drawn: 40, presented: 45 }]);
  });

  it('falls back to the draw time when no animation frame followed', () => {
    const r = { ...record([{ t: 500, value: 0.305 }]), rafs: [8, 24] };
    expect(matchFrames(r)).toEqual([{ input: 5, drawn: 500, presented: 500 }]);
  });
});

describe('inputLatencies and dragStats', () => {
  const r = record([
    { t: 30, value: 0.301 },
    { t: 70, value: 0.304 },
  ]);

  it('gives coalesced inputs the frame that superseded them and NaN to undrawn ones', () => {
    // Input 0 (t 0) and 1 (t 16) -> frame at 40; inputs 2-4 (t 32, 48, 64) -> 72; input 5 none.
    const ms = inputLatencies(r).map((s) => s * 1000);
    expect(ms.slice(0, 5).map((v) => Math.round(v))).toEqual([40, 24, 40, 24, 8]);
    expect(ms[5]).toBeNaN();
  });

  it('summarises latencies, frames, intervals and long tasks in seconds', () => {
    const s = dragStats(r);
    expect(s.inputs).toBe(6);
    expect(s.framesDrawn).toBe(2);
    expect(s.undrawn).toBe(1);
    expect(s.latencies).toHaveLength(5);
    expect(s.p50).toBeCloseTo(0.024, 12);
    expect(s.max).toBeCloseTo(0.04, 12);
    expect(s.min).toBeCloseTo(0.008, 12);
    expect(s.p95).toBeGreaterThan(s.p50);
    expect(s.p95).toBeLessThanOrEqual(s.max);
    expect(s.intervalP50).toBeCloseTo(0.032, 12);
    expect(s.seconds).toBeCloseTo(0.072, 12);
    expect(s.framesPerSecond).toBeCloseTo(2 / 0.072, 9);
    expect(s.longTasks).toBe(1);
    expect(s.longestTask).toBeCloseTo(0.07, 12);
  });

  it('never pairs an input with a frame that finished before it', () => {
    // A frame of the same value as input 0 but drawn before input 1 cannot show input 1.
    const early = record([{ t: 10, value: 0.3 }], 2);
    const ms = inputLatencies(early);
    expect(ms[0]! * 1000).toBeCloseTo(24, 9);
    expect(ms[1]).toBeNaN();
  });

  it('turns the statistics into a drag-frame row with p50, p95 and max', () => {
    const s = dragStats(r);
    const row = dragRow(
      { engine: 'gpu', grid: '1024x1024', parameter: 'alpha', input: 'test moves' },
      s,
    );
    expect(row).toMatchObject({
      kernel: 'drag-frame',
      engine: 'gpu',
      unit: 'frames',
      size: 2,
      seconds: s.p50,
      p50: s.p50,
      p95: s.p95,
      max: s.max,
      inputs: 6,
      framesDrawn: 2,
      undrawn: 1,
      repeats: 5,
      shape: '1024x1024 · 6 inputs',
    });
    expect(row.spread).toEqual({ min: s.min, max: s.max, q1: s.q1, q3: s.q3 });
    expect(row.perSecond).toBeCloseTo(s.framesPerSecond, 12);
    const table = formatDrag([{ ...row, mouseMoves: 9 }, { kernel: 'surface' }]);
    expect(table.split('\n')).toHaveLength(3);
    expect(table).toMatch(/gpu\s+1024x1024\s+9\s+6\s+2\s+1\s+24\s+\d+\s+40\s+32\/\d+/);
  });
});

describe('dragPath', () => {
  it('moves one pixel a step and turns back at the ends', () => {
    expect(dragPath(10, 5, 0, 100)).toEqual([11, 12, 13, 14, 15]);
    expect(dragPath(3, 6, 0, 5)).toEqual([4, 5, 4, 3, 2, 1]);
    const long = dragPath(50, 400, 20, 120);
    expect(Math.min(...long)).toBeGreaterThanOrEqual(20);
    expect(Math.max(...long)).toBeLessThanOrEqual(120);
    expect(long.slice(1).every((x, i) => Math.abs(x - long[i]!) === 1)).toBe(true);
  });
});
