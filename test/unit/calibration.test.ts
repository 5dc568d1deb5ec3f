/**
 * The interval calibration (src/fit/calibration.ts) checked against the truth. Data are
 * simulated from a known law (Chinchilla's published constants) with 1% Gaussian noise on ln L
 * over a 25-run isoFLOP design; one data set is fitted (16 random starts, K = 60 replicas) and
 * calibrated with R = 100 simulated data sets on the CPU in-process backend. Separately, 100
 * independent data sets from the known law are fitted with the same options, and the share of
 * their 95% percentile intervals that cover the true value is counted directly. Both shares
 * estimate the coverage of the same procedure on the same design (the calibration's from the
 * fitted law and resampled residuals, the direct one from the truth and Gaussian noise), so
 * they must agree within the combined binomial margin of two independent shares of 100:
 * |p_cal - p_dir| <= 2.576 sqrt(p~(1 - p~) (1/100 + 1/100)), p~ = (k_cal + k_dir + 2) /
 * (200 + 4) (99% per quantity, so the five quantities together hold at about 95%).
 * Measured (R = M = 100; the test prints them): the calibration reported 94% for alpha, 98% for
 * beta, 93% for a, 94% for E and 93% for N_opt at 1e25 FLOPs; directly, the intervals covered
 * the truth in 97%, 100%, 98%, 97% and 98% of the independent data sets (combined margins 5 to
 * 8 points). It took under 2 s on two loaded cores.
 */
import { describe, expect, it } from 'vitest';
import {
  type CalibratedQuantity,
  CalibrationError,
  calibrate,
  remediesFor,
} from '../../src/fit/calibration';
import {
  coverageReading,
  coverageStats,
  effectiveLevel,
  neededScale,
  wilsonInterval,
} from '../../src/fit/calibration-stats';
import { targetValue } from '../../src/fit/design';
import { inProcessFitBackend } from '../../src/fit/design-check';
import { ReplicaTable } from '../../src/fit/replica-table';
import { runFit } from '../../src/fit/run-fit';
import { runSeriesFits } from '../../src/fit/series-batch-fit';
import { DEFAULT_FIT_OPTIONS, type FitOptions, type FitResult } from '../../src/fit/types';
import type { LawTheta } from '../../src/law/law';
import { percentile } from '../../src/law/stats';
import { HOFFMANN_THETA, isoflopRuns } from '../support/synthetic-runs';

const TRUTH: LawTheta = HOFFMANN_THETA;
const DESIGN = {
  budgets: [1e19, 1e20, 1e21, 1e22, 1e23],
  sizes: [1e8, 3e8, 1e9, 3e9, 1e10],
  sigma: 0.01,
};
const SETS = 100;
const OPTIONS: FitOptions = {
  ...DEFAULT_FIT_OPTIONS,
  starts: { kind: 'random', count: 16 },
  bootstrap: 60,
  resampleGroups: false,
};
const backend = inProcessFitBackend();
const fitSeries = (plan: Parameters<typeof runSeriesFits>[0], o: FitOptions, job = {}) =>
  runSeriesFits(plan, o, backend, job);

const QUANTITY: Record<CalibratedQuantity, (t: LawTheta, budget: number) => number> = {
  alpha: (t) => t.alpha,
  beta: (t) => t.beta,
  a: (t) => t.beta / (t.alpha + t.beta),
  E: (t) => Math.exp(t.e),
  target: (t, budget) => targetValue(t, { kind: 'nopt', budget }),
};

/** Direct coverage of the truth over independent data sets fitted with OPTIONS. */
async function directCoverage(budget: number) {
  const plan = Array.from({ length: SETS }, (_, j) => ({
    series: `direct ${j}`,
    runs: isoflopRuns(TRUTH, { ...DESIGN, seed: 5000 + j }),
  }));
  const fits = await fitSeries(plan, { ...OPTIONS, seed: 77 });
  const results = fits.flatMap((f) => ('result' in f ? [f.result as FitResult] : []));
  return Object.fromEntries(
    (Object.keys(QUANTITY) as CalibratedQuantity[]).map((name) => {
      const q = (t: LawTheta) => QUANTITY[name](t, budget);
      const sims = results.map((r) => {
        const v = Float64Array.from(ReplicaTable.of(r.bootstrap!.replicas).thetas(), q).sort();
        const m = v.reduce((s, x) => s + x, 0) / v.length;
        const se = Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - 1));
        return {
          estimate: q(r.best.theta),
          se,
          lo: percentile(v, 0.025),
          hi: percentile(v, 0.975),
        };
      });
      return [name, coverageStats(sims, q(TRUTH))];
    }),
  ) as Record<CalibratedQuantity, ReturnType<typeof coverageStats>>;
}

describe('calibration statistics', () => {
  it('Wilson interval matches the closed form', () => {
    const [lo, hi] = wilsonInterval(38, 40);
    expect(lo).toBeCloseTo(0.8349, 3);
    expect(hi).toBeCloseTo(0.9862, 3);
    expect(wilsonInterval(40, 40)[1]).toBe(1);
  });

  it('the scale factor is the 95th percentile of the factor each interval needs', () => {
    expect(neededScale({ estimate: 1, se: 0.1, lo: 0.8, hi: 1.1 }, 0.6)).toBeCloseTo(2);
    expect(neededScale({ estimate: 1, se: 0.1, lo: 0.8, hi: 1.1 }, 1.05)).toBeCloseTo(0.5);
    // Intervals of half-width 1 about estimates at distances 0.05, 0.10, ... 1.00 from the truth.
    const band = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        estimate: (i + 1) / n,
        se: 0.5,
        lo: (i + 1) / n - 1,
        hi: (i + 1) / n + 1,
      }));
    const s = coverageStats(band(20), 0);
    expect(s.coverage).toBe(1);
    expect(s.scaleFactor).toBeCloseTo(0.05 * 19 + 0.05 * 0.05, 6);
    // 20 of 20 covered: the Wilson margin reaches down to 0.84, so it is not shown to over-cover.
    expect(s.verdict).toBe('nominal');
    expect(coverageStats(band(200), 0).verdict).toBe('over');
    expect(effectiveLevel(1)).toBeCloseTo(0.95, 5);
    expect(effectiveLevel(1.959964 / 1.281552)).toBeCloseTo(0.8, 4);
  });
});

describe('calibration readings', () => {
  const spread = (n: number, width: number) =>
    Array.from({ length: n }, (_, i) => ({
      estimate: (2 * (i + 1)) / n,
      se: width / 1.96,
      lo: (2 * (i + 1)) / n - width,
      hi: (2 * (i + 1)) / n + width,
    }));
  it('reads under- and over-coverage plainly', () => {
    const under = coverageStats(spread(200, 1), 0);
    expect(under.verdict).toBe('under');
    expect(under.coverage).toBeCloseTo(0.5, 2);
    expect(coverageReading('a', under)).toMatch(
      /^your 95% intervals for a cover 50% \(±7%\) on this design; they under-cover: a 95% interval behaves like a 70% one here$/,
    );
    const over = coverageStats(spread(200, 4), 0);
    expect(over.verdict).toBe('over');
    expect(coverageReading('a', over)).toMatch(
      /cover 100% \(margin 98% to 100%\) on this design; they over-cover \(intervals about 110% wider than needed; SEs about 175% too large\)$/,
    );
  });
});

describe('calibration remedies', () => {
  const over = {
    name: 'alpha' as const,
    label: 'alpha',
    truth: 0.34,
    reading: '',
    ...coverageStats(
      Array.from({ length: 200 }, (_, i) => ({ estimate: i / 200, se: 1, lo: -2, hi: 2 })),
      0,
    ),
  };
  it('offers the scale factor, and the data-chosen delta where delta is far below the noise', () => {
    expect(over.verdict).toBe('over');
    const remedies = remediesFor([over], OPTIONS, 0.02);
    expect(remedies.map((r) => [r.kind, r.computed])).toEqual([
      ['scale-factor', true],
      ['huber-delta', false],
    ]);
    expect(remedies[1]!.text).toMatch(/20 times the Huber delta 0.001/);
    expect(remediesFor([over], { ...OPTIONS, residualLoss: 'squared' }, 0.02)).toHaveLength(1);
    expect(remediesFor([{ ...over, verdict: 'nominal' }], OPTIONS, 0.01)).toEqual([]);
  });
});

describe('calibrate on a known law (1% noise, 25 runs, R = 100, K = 60)', () => {
  it('reports the coverage the intervals have against the truth', async () => {
    const runs = isoflopRuns(TRUTH, { ...DESIGN, seed: 1000 });
    const fit = await runFit(runs, OPTIONS, backend);
    const seen: number[] = [];
    const result = await calibrate(runs, fit, OPTIONS, {
      replicas: SETS,
      seed: 3,
      fitSeries,
      onProgress: (p) => seen.push(p.done / p.total),
    });
    expect(seen.at(-1)).toBe(1);
    expect(seen.every((v, i) => i === 0 || v >= seen[i - 1]!)).toBe(true);
    expect(result.used).toBe(SETS);
    expect(result.quantities.map((q) => q.name)).toEqual(['alpha', 'beta', 'a', 'E', 'target']);
    const direct = await directCoverage(result.target.budget);
    const log: Record<string, unknown> = {};
    for (const q of result.quantities) {
      const d = direct[q.name];
      const pooled = (q.covered + d.covered + 2) / (q.sets + d.sets + 4);
      const margin = 2.576 * Math.sqrt(pooled * (1 - pooled) * (1 / q.sets + 1 / d.sets));
      log[q.name] = {
        calibrated: q.coverage,
        direct: d.coverage,
        margin: +margin.toFixed(3),
        seRatio: +q.robust.seRatio.toFixed(2),
        biasInSe: +q.robust.biasInSe.toFixed(2),
        scale: q.scaleFactor === null ? null : +q.scaleFactor.toFixed(2),
      };
      expect(Math.abs(q.coverage - d.coverage)).toBeLessThanOrEqual(margin);
      expect(q.margin[0]).toBeLessThanOrEqual(q.coverage);
      expect(q.margin[1]).toBeGreaterThanOrEqual(q.coverage);
      expect(Number.isFinite(q.biasInSe)).toBe(true);
      expect(q.robust.seRatio).toBeGreaterThan(0);
      expect(q.reading).toMatch(/^your 95% intervals for /);
    }
    console.log('[calibration] coverage, calibrated vs direct:', JSON.stringify(log));
  }, 120_000);

  it('is reproducible for a seed and stops on abort', async () => {
    const runs = isoflopRuns(TRUTH, { ...DESIGN, seed: 1001 });
    const fit = await runFit(runs, { ...OPTIONS, bootstrap: 20 }, backend);
    const o = { ...OPTIONS, bootstrap: 20 };
    const one = await calibrate(runs, fit, o, { replicas: 4, seed: 9, fitSeries });
    const two = await calibrate(runs, fit, o, { replicas: 4, seed: 9, fitSeries });
    expect(two.quantities).toEqual(one.quantities);
    const controller = new AbortController();
    const aborted = calibrate(runs, fit, o, {
      replicas: 40,
      fitSeries,
      signal: controller.signal,
      onProgress: () => controller.abort(new Error('stop')),
    });
    await expect(aborted).rejects.toThrow('stop');
  }, 60_000);

  it('refuses R of 10,000 or more, a tiny K and a job beyond the cap', async () => {
    const runs = isoflopRuns(TRUTH, { ...DESIGN, seed: 1002 });
    const fit = await runFit(runs, { ...OPTIONS, bootstrap: 0 }, backend);
    const at = (replicas: number, options: FitOptions) =>
      calibrate(runs, fit, options, { replicas, fitSeries });
    await expect(at(10_000, OPTIONS)).rejects.toThrow(/from 2 to 9999, got 10000/);
    await expect(at(4, { ...OPTIONS, bootstrap: 5 })).rejects.toThrow(/K must be at least 10/);
    await expect(at(9_999, { ...OPTIONS, bootstrap: 4000 })).rejects.toThrow(CalibrationError);
    await expect(at(9_999, { ...OPTIONS, bootstrap: 4000 })).rejects.toThrow(/above the cap/);
  });
});
