import { describe, expect, it } from 'vitest';
import { allRows, columnLog10N, DEFAULT_GRID, rowLog10D } from '../../src/law/grid';
import { loss } from '../../src/law/law';
import { findPreset } from '../../src/law/presets';
import { evaluateSurface, surfaceExtent } from '../../src/law/surface';

const law = findPreset('hoffmann2022')!.law;
const grid = { ...DEFAULT_GRID, width: 37, height: 23 };

describe('evaluateSurface (CPU twin)', () => {
  it('matches loss(N, D) at every cell, row-major with rows along D', () => {
    const values = evaluateSurface(law, grid);
    expect(values).toHaveLength(37 * 23);
    for (let row = 0; row < grid.height; row++) {
      for (let col = 0; col < grid.width; col++) {
        const expected = loss(law, 10 ** columnLog10N(grid, col), 10 ** rowLog10D(grid, row));
        // f64 result rounded to f32 once: half an f32 ulp, plus f64 noise from the log form
        expect(Math.abs(values[row * grid.width + col]! / expected - 1)).toBeLessThan(1e-7);
      }
    }
  });

  it('evaluates a band of rows identically to the same rows of the whole grid', () => {
    const whole = evaluateSurface(law, grid);
    const band = evaluateSurface(law, grid, { start: 5, count: 7 });
    expect(band).toEqual(whole.subarray(5 * grid.width, 12 * grid.width));
    expect(evaluateSurface(law, grid, allRows(grid))).toEqual(whole);
  });

  it('places the extremes at the corners, as surfaceExtent says', () => {
    const values = evaluateSurface(law, grid);
    const { min, max } = surfaceExtent(law, grid);
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const v of values) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    expect(lo / min).toBeCloseTo(1, 6);
    expect(hi / max).toBeCloseTo(1, 6);
  });
});
