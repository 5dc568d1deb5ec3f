/**
 * Approach 2's allocation across budgets with its bootstrap band (the Frontier's overlay): the
 * point law at every budget, a band that holds it and widens away from the data, and the truth
 * of a simulated law inside the band across the fitted budgets.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_APPROACH2_OPTIONS, fitApproach2 } from '../../src/fit/approach2';
import { approach2Frontier } from '../../src/fit/approach2-band';
import { computeOptimal } from '../../src/law/frontier';
import { centredIsoflops } from '../support/synthetic-runs';

const LAW = { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.34 };
const BUDGETS = [1e18, 3e18, 1e19, 3e19, 1e20, 3e20, 1e21];

describe('Approach 2 frontier band', () => {
  it('holds the point law and the truth, and widens beyond the data', async () => {
    const runs = centredIsoflops(LAW, { budgets: BUDGETS, sizes: 9, sigma: 0.005, seed: 3 });
    const result = await fitApproach2(runs, {
      ...DEFAULT_APPROACH2_OPTIONS,
      bootstrap: 400,
      seed: 2,
    });
    const Cs = [1e19, 1e21, 1e24];
    const f = approach2Frontier(result, Cs);
    expect(f.replicas).toBeGreaterThan(380);
    expect(f.dataC).toBeCloseTo(1e21, -18);
    expect(result.bootstrap?.lines?.length).toBe(800);
    const bands = f.bands!;
    const widths = Cs.map((_, i) => Math.log(bands[i]!.N!.p97_5 / bands[i]!.N!.p2_5));
    Cs.forEach((C, i) => {
      const N = f.N[i]!;
      expect(N).toBeCloseTo(result.N.coefficient * C ** result.N.exponent, 6);
      expect(f.D[i]!).toBeCloseTo(C / (6 * N), 0);
      expect(bands[i]!.N!.p2_5).toBeLessThan(N);
      expect(bands[i]!.N!.p97_5).toBeGreaterThan(N);
      expect(bands[i]!.D!.p2_5 * bands[i]!.N!.p97_5).toBeCloseTo(C / 6, -Math.log10(C / 6) + 3);
      expect(bands[i]!.loss).toBeNull();
    });
    // Inside the fitted budgets the truth lies in the band; far beyond, the band is wider.
    for (const i of [0, 1]) {
      const truth = computeOptimal(LAW, Cs[i]!, 6).N;
      expect(truth).toBeGreaterThan(bands[i]!.N!.p2_5);
      expect(truth).toBeLessThan(bands[i]!.N!.p97_5);
    }
    expect(widths[2]!).toBeGreaterThan(widths[1]!);
  });

  it('has no band without a bootstrap', async () => {
    const runs = centredIsoflops(LAW, { budgets: BUDGETS, sizes: 7, sigma: 0.005, seed: 5 });
    const result = await fitApproach2(runs, { ...DEFAULT_APPROACH2_OPTIONS, bootstrap: 0 });
    const f = approach2Frontier(result, [1e20]);
    expect(f.bands).toBeUndefined();
    expect(f.replicas).toBe(0);
    expect(f.N[0]).toBeGreaterThan(0);
  });
});
