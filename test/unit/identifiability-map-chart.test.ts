/** The identifiability map's geometry and image on a 3 x 2 grid, checked by hand. */
import { describe, expect, it } from 'vitest';
import {
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
