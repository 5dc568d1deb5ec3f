import { describe, expect, test } from 'vitest';
import { colourTransform, rampPosition } from '../../src/colour/colour-map';
import { colourMapLut } from '../../src/colour/colour-maps';
import { DEFAULT_GRID } from '../../src/law/grid';
import { findPreset } from '../../src/law/presets';
import { surfaceExtent } from '../../src/law/surface';
import { colourScaleFor, gradientStops, legendTicks } from '../../src/ui/charts/legend';
import { readoutAt } from '../../src/ui/charts/readout';
import { fromSlider, SLIDERS, toSlider } from '../../src/ui/charts/slider';

const law = findPreset('hoffmann2022')!.law;

describe('legend', () => {
  test('the scale spans the exact surface extent with E from the law', () => {
    const scale = colourScaleFor(law, DEFAULT_GRID, 'linear');
    const { min, max } = surfaceExtent(law, DEFAULT_GRID);
    expect(scale).toEqual({ mode: 'linear', lo: min, hi: max, E: law.E, map: 'viridis' });
  });
  test.each(['linear', 'log-reducible'] as const)(
    '%s ticks sit where the heatmap puts their colour',
    (mode) => {
      const scale = colourScaleFor(law, DEFAULT_GRID, mode);
      const ticks = legendTicks(scale);
      expect(ticks[0]!.t).toBe(0);
      expect(ticks[ticks.length - 1]!.t).toBe(1);
      const tf = colourTransform(scale);
      for (let i = 1; i < ticks.length; i++) {
        expect(ticks[i]!.t).toBeGreaterThan(ticks[i - 1]!.t);
        expect(ticks[i]!.t).toBe(rampPosition(ticks[i]!.L, tf));
      }
    },
  );
  test('log-reducible ticks differ from linear ones (more of them near E)', () => {
    const log = legendTicks(colourScaleFor(law, DEFAULT_GRID, 'log-reducible'));
    const lin = legendTicks(colourScaleFor(law, DEFAULT_GRID, 'linear'));
    expect(log.filter((t) => t.L < 2).length).toBeGreaterThan(lin.filter((t) => t.L < 2).length);
  });
  test('gradient stops run from the first to the last LUT entry', () => {
    const lut = colourMapLut('viridis');
    const stops = gradientStops(lut, 4);
    expect(stops.map((s) => s.offset)).toEqual([0, 1 / 3, 2 / 3, 1]);
    expect(stops[0]!.colour).toBe(`rgb(${lut[0]}, ${lut[1]}, ${lut[2]})`);
    expect(stops[3]!.colour).toBe(`rgb(${lut[1020]}, ${lut[1021]}, ${lut[1022]})`);
  });
});

describe('readoutAt', () => {
  test('Chinchilla: 70B parameters, 1.4T tokens', () => {
    const r = readoutAt(law, Math.log10(70e9), Math.log10(1.4e12));
    expect(r.N).toBeCloseTo(70e9, -3);
    expect(r.C / 5.88e23).toBeCloseTo(1, 10);
    expect(r.L).toBeCloseTo(1.93665, 5);
    expect(r.tokensPerParam).toBeCloseTo(20, 9);
    expect(r.optimum.C).toBe(r.C);
    expect(r.optimum.loss).toBeLessThanOrEqual(r.L);
  });
  test('another FLOPs multiplier changes C only', () => {
    const a = readoutAt(law, 10, 11);
    const b = readoutAt(law, 10, 11, 8);
    expect(b.C / a.C).toBeCloseTo(8 / 6, 12);
    expect(b.L).toBe(a.L);
  });
});

describe('sliders', () => {
  test('log sliders for A and B round-trip', () => {
    expect(toSlider(SLIDERS.A, 1000)).toBeCloseTo(3, 12);
    expect(fromSlider(SLIDERS.A, 3)).toBe(1000);
    expect(fromSlider(SLIDERS.B, toSlider(SLIDERS.B, 410.7))).toBeCloseTo(410.7, 3);
  });
  test('out-of-range and invalid values clamp to the slider', () => {
    expect(toSlider(SLIDERS.alpha, 9)).toBe(SLIDERS.alpha.max);
    expect(toSlider(SLIDERS.alpha, Number.NaN)).toBe(SLIDERS.alpha.min);
    expect(toSlider(SLIDERS.A, -5)).toBe(SLIDERS.A.min);
    expect(fromSlider(SLIDERS.beta, 0.3)).toBe(0.3);
  });
});
