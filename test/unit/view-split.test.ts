import { describe, expect, it } from 'vitest';
import type { SurfaceGrid } from '../../src/law/grid';
import { heatmapView, plotScales } from '../../src/ui/charts/axes';
import { sameScales } from '../../src/ui/charts/run-marks';
import { chartAspect } from '../../src/ui/sweep-plot';

describe('run marks are kept across law changes', () => {
  const view = { log10NMin: 7, log10NMax: 11, log10DMin: 9, log10DMax: 13 };

  it('treats scales rebuilt for the same view and size as the same', () => {
    // The surface overlay builds new scales on every law change: the marks must stand.
    const a = plotScales(view, 640, 480);
    const b = plotScales({ ...view }, 640, 480);
    expect(a).not.toBe(b);
    expect(sameScales(a, b)).toBe(true);
  });

  it('tells scales of another view or size apart', () => {
    const a = plotScales(view, 640, 480);
    expect(sameScales(a, plotScales(view, 641, 480))).toBe(false);
    expect(sameScales(a, plotScales(view, 640, 479))).toBe(false);
    expect(sameScales(a, plotScales({ ...view, log10NMax: 12 }, 640, 480))).toBe(false);
    expect(sameScales(a, plotScales({ ...view, log10DMin: 8.5 }, 640, 480))).toBe(false);
  });

  it('tells apart the views of grids that differ only in resolution', () => {
    const range = { log10NMin: 7, log10NMax: 11, log10DMin: 9, log10DMax: 13 };
    const coarse: SurfaceGrid = { ...range, width: 64, height: 64 };
    const fine: SurfaceGrid = { ...range, width: 128, height: 128 };
    const at = (g: SurfaceGrid) => plotScales(heatmapView(g), 500, 400);
    expect(sameScales(at(coarse), at({ ...coarse }))).toBe(true);
    expect(sameScales(at(coarse), at(fine))).toBe(false);
  });
});

describe('the Sweep chart follows the axes', () => {
  it('is square for square grids and as wide as the cells up to a cap', () => {
    expect(chartAspect(256, 256)).toBe(1);
    expect(chartAspect(256, 128)).toBe(2);
    expect(chartAspect(512, 64)).toBe(2.4);
  });

  it('is never taller than wide, and copes with empty axes', () => {
    expect(chartAspect(64, 256)).toBe(1);
    expect(chartAspect(0, 0)).toBe(1);
  });
});
