import { describe, expect, it } from 'vitest';
import {
  colourise,
  colourTransform,
  INVALID_RGBA,
  lutIndex,
  rampPosition,
} from '../../src/colour/colour-map';
import { COLOUR_MAP_NAMES, colourMapLut, LUT_SIZE } from '../../src/colour/colour-maps';

describe('colour map (CPU twin of the heatmap colour pass)', () => {
  it('builds a 256-entry opaque viridis ramp from dark purple to yellow', () => {
    const lut = colourMapLut('viridis');
    expect(lut).toHaveLength(LUT_SIZE * 4);
    expect([...lut.subarray(0, 4)]).toEqual([68, 1, 84, 255]);
    const last = [...lut.subarray(255 * 4, 256 * 4)];
    expect(last[0]).toBeGreaterThan(240);
    expect(last[1]).toBeGreaterThan(220);
    expect(last[3]).toBe(255);
  });

  it('maps lo to the first entry, hi to the last, linearly between', () => {
    const tf = colourTransform({ mode: 'linear', lo: 2, hi: 4, E: 1 });
    expect(rampPosition(2, tf)).toBe(0);
    expect(rampPosition(4, tf)).toBe(1);
    expect(rampPosition(3, tf)).toBe(0.5);
    expect(rampPosition(10, tf)).toBe(1);
    expect(lutIndex(0)).toBe(0);
    expect(lutIndex(0.5)).toBe(128);
    expect(lutIndex(1)).toBe(255);
  });

  it('maps by the log of the reducible loss in log-reducible mode', () => {
    // ln(L - E): lo - E = 0.1, hi - E = 10, so L - E = 1 sits half-way
    const tf = colourTransform({ mode: 'log-reducible', lo: 1.1, hi: 11, E: 1 });
    expect(rampPosition(2, tf)).toBeCloseTo(0.5, 12);
    expect(rampPosition(1, tf)).toBe(0);
  });

  it.each(COLOUR_MAP_NAMES)(
    'flips rows to image orientation and marks non-finite values (%s LUT)',
    (map) => {
      const values = new Float32Array([1, 2, Number.NaN, 3]); // row 0: [1, 2], row 1: [NaN, 3]
      const rgba = colourise(values, 2, { mode: 'linear', lo: 1, hi: 3, E: 0, map });
      const lut = colourMapLut(map);
      expect([...rgba.subarray(0, 4)]).toEqual([...INVALID_RGBA]); // top-left = grid row 1, col 0
      expect([...rgba.subarray(4, 8)]).toEqual([...lut.subarray(255 * 4, 256 * 4)]);
      expect([...rgba.subarray(8, 12)]).toEqual([...lut.subarray(0, 4)]);
      expect([...rgba.subarray(12, 16)]).toEqual([...lut.subarray(128 * 4, 129 * 4)]);
    },
  );

  it('colours the same values differently in each map', () => {
    const values = Float32Array.from({ length: 64 }, (_, i) => i);
    const images = COLOUR_MAP_NAMES.map((map) =>
      colourise(values, 8, { mode: 'linear', lo: 0, hi: 63, E: 0, map }).join(),
    );
    expect(new Set(images).size).toBe(COLOUR_MAP_NAMES.length);
    // Each table is built once and kept (the GPU pass uploads it on a change of map).
    expect(colourMapLut('viridis')).toBe(colourMapLut('viridis'));
  });

  it('does not divide by zero on a flat surface', () => {
    const tf = colourTransform({ mode: 'linear', lo: 2, hi: 2, E: 1 });
    expect(rampPosition(2, tf)).toBe(0);
  });
});
