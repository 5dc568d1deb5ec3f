import { describe, expect, test } from 'vitest';
import { computeOptimal } from '../../src/law/frontier';
import { DEFAULT_GRID } from '../../src/law/grid';
import { loss } from '../../src/law/law';
import { findPreset } from '../../src/law/presets';
import { evaluateSurface } from '../../src/law/surface';
import { heatmapView } from '../../src/ui/charts/axes';
import { coarseGrid, contourLines, lossLevels } from '../../src/ui/charts/contours';
import { frontierPath } from '../../src/ui/charts/frontier-path';
import { isoFlopLines } from '../../src/ui/charts/isoflop';
import { colourScaleFor } from '../../src/ui/charts/legend';

const law = findPreset('hoffmann2022')!.law;
const view = { log10NMin: 7, log10NMax: 13, log10DMin: 8, log10DMax: 14 };
const inView = (p: readonly [number, number], eps = 1e-9) =>
  p[0] >= view.log10NMin - eps &&
  p[0] <= view.log10NMax + eps &&
  p[1] >= view.log10DMin - eps &&
  p[1] <= view.log10DMax + eps;

describe('isoFlopLines', () => {
  test('one line per decade of C crossing the default view, clipped to it, on C = 6ND', () => {
    const lines = isoFlopLines(view);
    expect(lines.map((l) => l.log10C)).toEqual([16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27]);
    expect(lines[5]!.label).toBe('1e21 FLOPs');
    for (const l of lines) {
      for (const p of [l.from, l.to]) {
        expect(inView(p)).toBe(true);
        expect(p[0] + p[1] + Math.log10(6)).toBeCloseTo(l.log10C, 9);
      }
      expect(l.from[0]).toBeLessThan(l.to[0]);
    }
  });
  test('another FLOPs multiplier moves the lines; too many decades are thinned', () => {
    expect(isoFlopLines(view, 2)[0]!.log10C).toBe(16);
    const wide = isoFlopLines({ log10NMin: 0, log10NMax: 30, log10DMin: 0, log10DMax: 30 }, 6, 12);
    expect(wide.length).toBeLessThanOrEqual(12);
    expect(wide[1]!.log10C - wide[0]!.log10C).toBe(5);
  });
  test('a view no decade crosses has no lines', () => {
    expect(isoFlopLines({ log10NMin: 7, log10NMax: 7.01, log10DMin: 8, log10DMax: 8.01 })).toEqual(
      [],
    );
  });
});

describe('frontierPath', () => {
  test('every point is the compute optimum of its own C, inside the view', () => {
    const path = frontierPath(law, view);
    expect(path.lines).toHaveLength(1);
    for (const p of path.lines[0]!) {
      expect(inView(p)).toBe(true);
      const C = 6 * 10 ** (p[0] + p[1]);
      const o = computeOptimal(law, C);
      expect(Math.log10(o.N)).toBeCloseTo(p[0], 9);
      expect(Math.log10(o.D)).toBeCloseTo(p[1], 9);
    }
    expect(path.markers.map((o) => Math.round(Math.log10(o.C)))).toEqual([
      16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26,
    ]);
  });
  test('a frontier that misses the view draws nothing', () => {
    const path = frontierPath(law, { log10NMin: 12, log10NMax: 13, log10DMin: 8, log10DMax: 9 });
    expect(path.lines).toEqual([]);
    expect(path.markers).toEqual([]);
  });
});

describe('lossLevels', () => {
  const scale = colourScaleFor(law, DEFAULT_GRID, 'log-reducible');
  test('log-reducible levels are sorted, inside the extent and spread along ln(L - E)', () => {
    const levels = lossLevels(scale, 7);
    expect(levels.length).toBeGreaterThanOrEqual(5);
    for (let i = 1; i < levels.length; i++) expect(levels[i]!).toBeGreaterThan(levels[i - 1]!);
    expect(levels[0]!).toBeGreaterThan(scale.lo);
    expect(levels[levels.length - 1]!).toBeLessThan(scale.hi);
    const logs = levels.map((L) => Math.log(L - law.E));
    const gaps = logs.slice(1).map((v, i) => v - logs[i]!);
    expect(Math.max(...gaps) / Math.min(...gaps)).toBeLessThan(3);
  });
  test('linear levels are d3 nice ticks', () => {
    expect(lossLevels({ ...scale, mode: 'linear', lo: 1.75, hi: 5.75 }, 5)).toEqual([2, 3, 4, 5]);
    expect(lossLevels({ ...scale, lo: 2, hi: 2 })).toEqual([]);
  });
});

describe('contourLines', () => {
  test('iso-loss lines of the coarse surface lie on their level, with no border edges', () => {
    const grid = coarseGrid(DEFAULT_GRID, 64);
    const values = evaluateSurface(law, grid);
    const levels = [2, 2.5, 3.5];
    const contours = contourLines(values, grid, levels);
    expect(contours.map((c) => c.value)).toEqual(levels);
    const cell = 6 / 63;
    for (const c of contours) {
      expect(c.lines).toHaveLength(1);
      for (const [x, y] of c.lines[0]!) {
        expect(x).toBeGreaterThanOrEqual(7 - cell);
        expect(y).toBeLessThanOrEqual(14 + cell);
        const inside = x >= 7 && x <= 13 && y >= 8 && y <= 14;
        if (inside) expect(loss(law, 10 ** x, 10 ** y) / c.value).toBeCloseTo(1, 2);
      }
    }
  });
  test('a level outside the surface gives no lines', () => {
    const grid = coarseGrid(DEFAULT_GRID, 16);
    expect(contourLines(evaluateSurface(law, grid), grid, [0.5])[0]!.lines).toEqual([]);
  });
  test('the coarse grid spans the same ranges', () => {
    const g = coarseGrid(DEFAULT_GRID);
    expect([g.width, g.height, g.log10NMin, g.log10DMax]).toEqual([128, 128, 7, 14]);
    expect(heatmapView(g).log10NMin).toBeLessThan(7);
  });
});
