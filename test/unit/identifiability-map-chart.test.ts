/** The identifiability map's geometry, image and basin marks on a 3 x 2 grid, checked by hand. */
import { describe, expect, it } from 'vitest';
import type { Basins } from '../../src/fit/identifiability';
import {
  BASIN_RADIUS,
  basinLegend,
  basinMarks,
  identifiabilityChart,
  identifiabilityImage,
} from '../../src/ui/charts/identifiability-map';

const FRAME = { width: 100, height: 60, margin: { top: 10, right: 0, bottom: 10, left: 10 } };
const alphas = Float64Array.from([0.2, 0.3, 0.4]);
const betas = Float64Array.from([0.3, 0.5]);

describe('identifiabilityChart', () => {
  // Cells 30 x 20 px; alpha 0.15..0.45 over x 10..100, beta 0.2..0.6 over y 50..10.
  const region = Uint8Array.from([0, 1, 1, 0, 0, 0]);
  const chart = identifiabilityChart(
    { alphas, betas, region },
    [
      [0.3, 0.3],
      [0.9, 0.3],
    ],
    { alpha: 0.3, beta: 0.5 },
    FRAME,
  );

  it('places the image, the cells, the best fit and the dots inside the plot', () => {
    expect(chart.image).toEqual({ x: 10, y: 10, width: 90, height: 40 });
    expect(chart.cell).toEqual({ width: 30, height: 20 });
    expect(chart.best.x).toBeCloseTo(55, 9);
    expect(chart.best.y).toBeCloseTo(20, 9);
    expect(chart.dotCount).toBe(1);
  });

  it('outlines the region along the cell edges between it and the rest', () => {
    expect(chart.outline).toBe('M40,30V50M40,50H70M40,30H70M100,30V50M70,50H100M70,30H100');
  });
});

describe('identifiabilityImage', () => {
  it('flips rows so beta grows upward and leaves unconverged cells transparent', () => {
    const rgba = identifiabilityImage(
      {
        alphas,
        objective: Float64Array.from([1, 2, 3, 4, 5, 6]),
        converged: Uint8Array.from([1, 1, 1, 1, 1, 0]),
        minimum: 1,
        scale: { kind: 'scaled', scale: 1, description: '' },
      },
      'viridis',
    );
    expect(rgba.length).toBe(24);
    // Cell (2, 1) did not converge: first image row, third pixel.
    expect(rgba[2 * 4 + 3]).toBe(0);
    // Cell (0, 0) is the minimum: last image row, first pixel, the low end of the ramp.
    expect(rgba[12 + 3]).toBe(255);
    expect(Array.from(rgba.slice(12, 15))).not.toEqual(Array.from(rgba.slice(4, 7)));
  });
});

describe('basin marks and legend', () => {
  const basins: Basins = {
    starts: 20,
    converged: 18,
    counts: Uint32Array.from([0, 9, 1, 4, 0, 0]),
    outside: 4,
    top: [
      { alpha: 0.3, beta: 0.3, count: 9, objective: 1 },
      { alpha: 0.2, beta: 0.5, count: 4, objective: 2 },
    ],
  };

  it('puts a circle at each visited cell centre, area by count, the largest first', () => {
    const marks = basinMarks({ alphas, betas }, basins, FRAME, 2);
    // Cells 30 x 20 px from (10, 50) upward: cell (1, 0) centres at (55, 40), (0, 1) at (25, 20).
    expect(marks.map((m) => [m.x, m.y, m.count])).toEqual([
      [55, 40, 9],
      [25, 20, 4],
      [85, 40, 1],
    ]);
    expect(marks[0]!.r).toBe(BASIN_RADIUS.max);
    expect(marks[1]!.r).toBeCloseTo(BASIN_RADIUS.max * Math.sqrt(4 / 9), 2);
    expect(marks[2]!.r).toBe(Math.max(BASIN_RADIUS.min, BASIN_RADIUS.max / 3));
    expect(marks.map((m) => m.label)).toEqual(['9', '4', undefined]);
  });

  it('counts the starts inside, the cells, the most visited, and those outside or failed', () => {
    expect(basinLegend(basins)).toBe(
      '14 of 20 starts converged into 3 cells of the grid; the most visited (alpha 0.300, beta 0.300) holds 9; 4 converged outside the grid (alpha or beta beyond its range); 2 did not converge.',
    );
  });
});
