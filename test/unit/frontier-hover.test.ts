import { describe, expect, it } from 'vitest';
import type { Quantiles, ScenarioBands } from '../../src/law/bands';
import { bandsAt, largestBudget } from '../../src/law/frontier-curves';
import {
  extrapolationSpan,
  HOVER_STEPS_PER_DECADE,
  hoverKeyTarget,
  hoverLog10C,
} from '../../src/ui/charts/frontier-hover';
import { linearScale } from '../../src/ui/charts/scatter';

/** Quantiles whose every percentile is `v` times a factor (p5 = v/2, p50 = v, p95 = 2v). */
function q(v: number): Quantiles {
  return { p2_5: v / 3, p97_5: 3 * v, p5: v / 2, p25: v, p50: v, p75: v, p95: 2 * v };
}

function band(v: number, loss: Quantiles | null = q(2)): ScenarioBands {
  return { solved: 10, N: q(v), D: q(20 * v), tokensPerParam: q(20), loss };
}

describe('largestBudget', () => {
  it('is the largest k N D among the runs, ignoring unusable ones', () => {
    const runs = [
      { N: 1e9, D: 2e10 },
      { N: 4e9, D: 1e11 },
      { N: Number.NaN, D: 1e12 },
      { N: -1, D: 1e12 },
    ];
    expect(largestBudget(runs)).toBe(6 * 4e9 * 1e11);
    expect(largestBudget(runs, 8)).toBe(8 * 4e9 * 1e11);
    expect(largestBudget([])).toBeUndefined();
    expect(largestBudget([{ N: 0, D: 1 }])).toBeUndefined();
  });
});

describe('bandsAt', () => {
  const budgets = [1e20, 1e22, 1e24];
  const bands = [band(1e9), band(1e10, null), band(1e11)];

  it('gives the band of a budget exactly at a solved budget', () => {
    const at = bandsAt(budgets, bands, 1e24)!;
    expect(at.N).toEqual({ p5: 0.5e11, p50: 1e11, p95: 2e11 });
    expect(at.tokensPerParam!.p50).toBeCloseTo(20, 12);
  });

  it('interpolates in log C and log value between the budgets around C', () => {
    // Half-way in log C between 1e22 and 1e24: half-way in log N between 1e10 and 1e11.
    const at = bandsAt(budgets, bands, 1e23)!;
    expect(at.N!.p50).toBeCloseTo(10 ** 10.5, 0);
    expect(at.D!.p95).toBeCloseTo(2 * 20 * 10 ** 10.5, -1);
  });

  it('is null outside the budgets, and per quantity where a neighbour has no band', () => {
    expect(bandsAt(budgets, bands, 1e19)).toBeNull();
    expect(bandsAt(budgets, bands, 1e25)).toBeNull();
    expect(bandsAt([], [], 1e21)).toBeNull();
    const at = bandsAt(budgets, bands, 1e21)!;
    expect(at.loss).toBeNull();
    expect(at.N).not.toBeNull();
  });
});

describe('hover geometry', () => {
  it('maps a pointer to log10 C over the drawing, and nothing outside it', () => {
    expect(hoverLog10C(0, 300, 18, 28)).toBe(18);
    expect(hoverLog10C(150, 300, 18, 28)).toBe(23);
    expect(hoverLog10C(300, 300, 18, 28)).toBe(28);
    expect(hoverLog10C(-1, 300, 18, 28)).toBeUndefined();
    expect(hoverLog10C(301, 300, 18, 28)).toBeUndefined();
  });

  it('moves the readout a tenth of a decade per arrow, a decade with Shift, to the ends with Home and End', () => {
    const step = 1 / HOVER_STEPS_PER_DECADE;
    expect(hoverKeyTarget('ArrowRight', undefined, 18, 28)).toBe(23);
    expect(hoverKeyTarget('ArrowRight', 23, 18, 28)).toBeCloseTo(23 + step, 12);
    expect(hoverKeyTarget('ArrowLeft', 23, 18, 28)).toBeCloseTo(23 - step, 12);
    expect(hoverKeyTarget('ArrowRight', 23, 18, 28, true)).toBeCloseTo(24, 12);
    expect(hoverKeyTarget('ArrowLeft', 18.5, 18, 28, true)).toBe(18);
    expect(hoverKeyTarget('Home', 23, 18, 28)).toBe(18);
    expect(hoverKeyTarget('End', 23, 18, 28)).toBe(28);
    expect(hoverKeyTarget('ArrowRight', 28, 18, 28)).toBe(28);
    expect(hoverKeyTarget('ArrowUp', 23, 18, 28)).toBeUndefined();
    expect(hoverKeyTarget('a', undefined, 18, 28)).toBeUndefined();
  });

  it('shades right of the data budget, and nothing when the data reach the right edge', () => {
    const x = linearScale([18, 28], 0, 300);
    expect(extrapolationSpan(x, 23, 300)).toEqual({ x: 150, width: 150 });
    expect(extrapolationSpan(x, 17, 300)).toEqual({ x: 0, width: 300 });
    expect(extrapolationSpan(x, 28, 300)).toBeNull();
    expect(extrapolationSpan(x, 30, 300)).toBeNull();
    expect(extrapolationSpan(x, Number.NaN, 300)).toBeNull();
  });
});
