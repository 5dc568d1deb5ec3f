import { describe, expect, test } from 'vitest';
import { DEFAULT_GRID } from '../../src/law/grid';
import { decadeTicks, heatmapView, plotScales } from '../../src/ui/charts/axes';
import {
  clipPolyline,
  clipSegment,
  pointAlong,
  polylineLength,
  polylinePath,
} from '../../src/ui/charts/clip';
import { placeLabels } from '../../src/ui/charts/labels';

const unit = { x0: 0, x1: 1, y0: 0, y1: 1 };

describe('heatmapView and plotScales', () => {
  test('the image reaches half a cell beyond the first and last samples', () => {
    const v = heatmapView({ ...DEFAULT_GRID, width: 7, height: 4 });
    expect(v.log10NMin).toBeCloseTo(7 - 0.5, 12);
    expect(v.log10NMax).toBeCloseTo(13 + 0.5, 12);
    expect(v.log10DMin).toBeCloseTo(8 - 1, 12);
    expect(v.log10DMax).toBeCloseTo(14 + 1, 12);
  });
  test('scales map the view onto the plot, D upward, and invert exactly', () => {
    const view = { log10NMin: 7, log10NMax: 13, log10DMin: 8, log10DMax: 14 };
    const s = plotScales(view, 600, 300);
    expect(s.x(7)).toBe(0);
    expect(s.x(13)).toBe(600);
    expect(s.y(8)).toBe(300);
    expect(s.y(14)).toBe(0);
    expect(s.invertX(s.x(10.3))).toBeCloseTo(10.3, 12);
    expect(s.invertY(s.y(9.7))).toBeCloseTo(9.7, 12);
  });
});

describe('decadeTicks', () => {
  test('a major tick per decade in human units, minor ticks at 2..9', () => {
    const ticks = decadeTicks(7, 13);
    expect(ticks.filter((t) => t.major).map((t) => t.label)).toEqual([
      '10M',
      '100M',
      '1B',
      '10B',
      '100B',
      '1T',
      '10T',
    ]);
    expect(ticks.filter((t) => !t.major)).toHaveLength(6 * 8);
    expect(ticks.every((t) => t.log10 >= 7 && t.log10 <= 13)).toBe(true);
  });
  test('wide ranges thin the decades and drop minor ticks', () => {
    const ticks = decadeTicks(0, 30);
    expect(ticks.every((t) => t.major)).toBe(true);
    expect(ticks.length).toBeLessThanOrEqual(9);
  });
  test('a range inside one decade still gets labelled ends', () => {
    const ticks = decadeTicks(9.1, 9.6);
    expect(ticks.filter((t) => t.major).map((t) => t.label)).toEqual(['1.26B', '3.98B']);
  });
});

describe('clipping', () => {
  test('clipSegment keeps the inside part of a crossing segment', () => {
    const c = clipSegment([-1, 0.5], [2, 0.5], unit)!;
    expect(c[0]).toEqual([0, 0.5]);
    expect(c[1]).toEqual([1, 0.5]);
    expect(clipSegment([2, 2], [3, 3], unit)).toBeUndefined();
  });
  test('clipSegment on a diagonal', () => {
    const c = clipSegment([-1, 2], [2, -1], unit)!;
    expect(c[0][0]).toBeCloseTo(0, 12);
    expect(c[0][1]).toBeCloseTo(1, 12);
    expect(c[1][0]).toBeCloseTo(1, 12);
    expect(c[1][1]).toBeCloseTo(0, 12);
  });
  test('clipPolyline splits a line that leaves and re-enters', () => {
    const parts = clipPolyline(
      [
        [0.1, 0.5],
        [0.5, 2],
        [0.9, 0.5],
      ],
      unit,
    );
    expect(parts).toHaveLength(2);
    for (const part of parts) for (const p of part) expect(p[1]).toBeLessThanOrEqual(1);
  });
  test('pointAlong walks arc length and reads left to right', () => {
    const line = [
      [10, 0],
      [0, 0],
    ] as const;
    expect(polylineLength(line)).toBe(10);
    const p = pointAlong(line, 0.25)!;
    expect(p.x).toBeCloseTo(7.5, 12);
    expect(Math.abs(p.angle)).toBeLessThanOrEqual(90);
    expect(
      polylinePath([
        [1.234, 5],
        [2, 3.0001],
      ]),
    ).toBe('M1.23,5L2,3');
  });
});

describe('placeLabels', () => {
  test('labels keep their spacing and clearance, and short lines get none', () => {
    const lines = [0, 5, 100].map(
      (y) =>
        [
          [0, y],
          [200, y],
        ] as const,
    );
    const placed = placeLabels(
      [
        ...lines.map((line, i) => ({ key: String(i), text: `L${i}`, line, fractions: [0.5] })),
        {
          key: 'short',
          text: 's',
          line: [
            [0, 50],
            [5, 50],
          ],
          fractions: [0.5],
        },
      ],
      [],
      { spacing: 30, clearance: 0, minLength: 20 },
    );
    expect(placed.map((p) => p.key)).toEqual(['0', '2']);
    const blocked = placeLabels(
      [{ key: 'a', text: 'a', line: lines[0]!, fractions: [0.5, 0.9] }],
      [
        [
          [100, -5],
          [100, 5],
        ],
      ],
      {
        spacing: 0,
        clearance: 20,
        minLength: 0,
      },
    );
    expect(blocked[0]!.x).toBeCloseTo(180, 9);
  });
});
