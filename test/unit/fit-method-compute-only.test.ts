/**
 * The compute-only law L*(C) = E + A C^-alpha through the isoFLOP minima: exact recovery on
 * exact minima, recovery of the frontier's own power law from a two-term law's runs (on the
 * frontier L* = E + K (C/6)^-gamma exactly), coverage of its bootstrap interval on noisy
 * designs, and the refusals.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_APPROACH2_OPTIONS } from '../../src/fit/approach2';
import { fitComputeOnly } from '../../src/fit/compute-only';
import { fitComputeOnlyLaw } from '../../src/fit/compute-only-law';
import { inProcessFitBackend } from '../../src/fit/design-check';
import { findFitMethod } from '../../src/fit/methods';
import { COMPUTE_ONLY } from '../../src/fit/methods/compute-only';
import { FitError } from '../../src/fit/run-fit';
import { frontierLoss } from '../../src/law/compute-multiplier';
import type { ScalingLaw } from '../../src/law/law';
import { centredIsoflops } from '../support/synthetic-runs';

const LAW: ScalingLaw = { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 };
const BUDGETS = [1e18, 3e18, 1e19, 3e19, 1e20, 3e20, 1e21];
const OPTIONS = { ...DEFAULT_APPROACH2_OPTIONS, bootstrap: 0 };

describe('fitComputeOnlyLaw', () => {
  it('recovers E, A and alpha from exact minima', () => {
    const truth = { E: 2.1, A: 3.2e3, alpha: 0.17 };
    const C = [1e17, 1e18, 1e19, 1e20, 1e21];
    const L = C.map((c) => truth.E + truth.A * c ** -truth.alpha);
    const fit = fitComputeOnlyLaw(C, L)!;
    expect(fit.alpha).toBeCloseTo(truth.alpha, 7);
    expect(fit.E).toBeCloseTo(truth.E, 6);
    expect(fit.A / truth.A).toBeCloseTo(1, 5);
    expect(fit.rss).toBeLessThan(1e-18);
  });

  it('keeps E >= 0 and refuses minima that do not fall with compute', () => {
    const C = [1e17, 1e18, 1e19, 1e20];
    const pure = fitComputeOnlyLaw(
      C,
      C.map((c) => 40 * c ** -0.05),
    )!;
    expect(pure.E).toBeGreaterThanOrEqual(0);
    expect(pure.alpha).toBeCloseTo(0.05, 3);
    expect(fitComputeOnlyLaw(C, [2, 2.1, 2.2, 2.3])).toBeNull();
    expect(fitComputeOnlyLaw(C.slice(0, 3), [3, 2.5, 2.2])).toBeNull();
  });
});

describe('fitComputeOnly on runs of a two-term law', () => {
  it('finds the frontier power law: alpha = gamma, E = E (parabola minima sit just below)', async () => {
    const result = await fitComputeOnly(centredIsoflops(LAW, { budgets: BUDGETS }), OPTIONS);
    const f = frontierLoss(LAW);
    expect(result.minima).toHaveLength(BUDGETS.length);
    // The parabola's minimum lies below the true minimum by under 2e-3 of the reducible loss
    // (the Approach-2 test measures it), almost a constant fraction: alpha is nearly unbiased.
    expect(Math.abs(result.law.alpha - f.gamma)).toBeLessThan(0.01);
    expect(Math.abs(result.law.E - LAW.E)).toBeLessThan(0.02);
  });

  it('covers the true exponent with its 95% interval on noisy designs', async () => {
    const f = frontierLoss(LAW);
    let covered = 0;
    const seeds = 20;
    const widths: number[] = [];
    for (let seed = 1; seed <= seeds; seed++) {
      const runs = centredIsoflops(LAW, { budgets: BUDGETS, sigma: 0.005, seed });
      const result = await fitComputeOnly(runs, { ...OPTIONS, bootstrap: 200, seed });
      const [lo, hi] = result.bootstrap!.alpha.ci95;
      widths.push(hi - lo);
      if (lo <= f.gamma && f.gamma <= hi) covered++;
    }
    widths.sort((a, b) => a - b);
    console.log(
      `compute-only alpha 95% interval covered gamma = ${f.gamma.toFixed(4)} in ${covered} of ${seeds} seeds; median width ${widths[seeds / 2]!.toFixed(4)}`,
    );
    // Nominal 19 of 20; 15 or fewer would be a real under-coverage (binomial p < 0.02).
    expect(covered).toBeGreaterThanOrEqual(16);
  }, 120_000);
});

describe('the compute-only method', () => {
  it('is registered and reports E, A, alpha and L* with intervals', async () => {
    expect(findFitMethod('compute-only')).toBe(COMPUTE_ONLY);
    const runs = centredIsoflops(LAW, { budgets: BUDGETS, sigma: 0.005, seed: 3 });
    const options = { ...OPTIONS, bootstrap: 100, budgets: [1e22] };
    expect(COMPUTE_ONLY.validate(runs, options)).toEqual([]);
    const result = await COMPUTE_ONLY.run(runs, options, { backend: inProcessFitBackend() });
    const rows = COMPUTE_ONLY.rows(result);
    expect(rows.map((r) => r.name)).toEqual(['E', 'A', 'alpha', 'L*(1e22)']);
    expect(rows.every((r) => r.interval !== undefined)).toBe(true);
    expect(COMPUTE_ONLY.law(result)).toBeUndefined();
    const json = COMPUTE_ONLY.json(result, null);
    expect(JSON.parse(JSON.stringify(json))).toMatchObject({ law: { E: result.law.E } });
    expect(COMPUTE_ONLY.summary(result)).toMatch(/through 7 budget minima, 100 bootstrap replicas/);
  });

  it('names how many budgets it found when there are too few', async () => {
    const runs = centredIsoflops(LAW, { budgets: BUDGETS.slice(0, 3) });
    await expect(fitComputeOnly(runs, OPTIONS)).rejects.toThrow(FitError);
    await expect(fitComputeOnly(runs, OPTIONS)).rejects.toThrow(
      /needs at least 4 usable isoFLOP budgets .* and found 3/,
    );
  });
});
