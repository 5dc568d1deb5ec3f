import { describe, expect, test } from 'vitest';
import { replicaLaws } from '../../src/fit/replica-table';
import { frontierBands, logBudgets, quantiles } from '../../src/law/bands';
import {
  BAND_SLICE_PAIRS,
  bandSeconds,
  frontierBandsInSlices,
} from '../../src/law/frontier-curves';
import { thetaFromLaw } from '../../src/law/law';
import { PAIR_STRIDE, solveOptima } from '../../src/law/optima';
import { findPreset } from '../../src/law/presets';
import { OptimumStatus } from '../../src/law/scenario';
import { percentile } from '../../src/law/stats';

const hoffmann = findPreset('hoffmann2022')!.law;

describe('percentile and quantiles', () => {
  test('interpolate linearly between order statistics', () => {
    const s = Float64Array.from([1, 2, 3, 4, 5]);
    expect(percentile(s, 0)).toBe(1);
    expect(percentile(s, 0.5)).toBe(3);
    expect(percentile(s, 1)).toBe(5);
    expect(percentile(s, 0.25)).toBe(2);
    expect(percentile(s, 0.05)).toBeCloseTo(1.2, 12);
    expect(percentile(new Float64Array(), 0.5)).toBeNaN();
  });
  test('sort their input and give null when empty', () => {
    const q = quantiles([5, 1, 4, 2, 3])!;
    expect(q).toEqual({
      p2_5: 1.1,
      p97_5: expect.closeTo(4.9, 12),
      p5: 1.2,
      p25: 2,
      p50: 3,
      p75: 4,
      p95: expect.closeTo(4.8, 12),
    });
    expect(quantiles([])).toBeNull();
  });
});

describe('frontierBands', () => {
  test('summarise each scenario over the laws that solved it', () => {
    const laws = [0.9, 1, 1.1].map((f) => ({ ...hoffmann, A: hoffmann.A * f }));
    const budgets = [1e21, 1e23].map((C) => ({ kind: 'compute' as const, C }));
    const results = solveOptima(laws, budgets);
    // Knock out law 2 at budget 0: it must not count.
    results[(2 * budgets.length + 0) * PAIR_STRIDE + 3] = OptimumStatus.noOptimum;
    const bands = frontierBands(results, laws.length, budgets.length);
    expect(bands.map((b) => b.solved)).toEqual([2, 3]);
    const Ns = [0, 1, 2].map((l) => results[(l * 2 + 1) * PAIR_STRIDE]!).sort((a, b) => a - b);
    expect(bands[1]!.N!.p50).toBe(Ns[1]);
    expect(bands[1]!.N!.p5).toBeLessThan(bands[1]!.N!.p95);
    const r1 = results[(1 * 2 + 1) * PAIR_STRIDE + 1]! / results[(1 * 2 + 1) * PAIR_STRIDE]!;
    expect(bands[1]!.tokensPerParam!.p50).toBeCloseTo(r1, 3);
    const mid = [0, 1].map((l) => results[l * 2 * PAIR_STRIDE + 2]!);
    expect(bands[0]!.loss!.p50).toBeCloseTo((mid[0]! + mid[1]!) / 2, 6);
  });
  test('give nulls when no law solved a scenario, and refuse short arrays', () => {
    const results = new Float32Array(2 * PAIR_STRIDE);
    results[3] = OptimumStatus.budget;
    results[7] = OptimumStatus.budget;
    const [b] = frontierBands(results, 2, 1);
    expect(b).toEqual({ solved: 0, N: null, D: null, tokensPerParam: null, loss: null });
    expect(() => frontierBands(new Float32Array(3), 1, 1)).toThrow(RangeError);
  });
});

describe('frontierBandsInSlices', () => {
  const laws = Array.from({ length: 37 }, (_, i) => ({
    ...hoffmann,
    alpha: hoffmann.alpha * (0.9 + 0.005 * i),
  }));
  const budgets = logBudgets(1e19, 1e27, 23).map((C) => ({ kind: 'compute' as const, C }));
  const results = solveOptima(laws, budgets);
  results[(5 * budgets.length + 7) * PAIR_STRIDE + 3] = OptimumStatus.noOptimum;

  test('give the bands of the whole result, pausing between slices of at most slicePairs', async () => {
    let pauses = 0;
    const sliced = await frontierBandsInSlices(results, laws.length, budgets.length, {
      pause: async () => {
        pauses++;
      },
      slicePairs: 100,
    });
    expect(sliced).toEqual(frontierBands(results, laws.length, budgets.length));
    // 100 pairs hold 2 scenarios of 37 laws: 12 slices, 11 pauses.
    expect(pauses).toBe(11);
  });

  test('hand the thread back during a summary of 4,000 replicas x 515 budgets', async () => {
    const L = 4000;
    const S = 515;
    let pauses = 0;
    const big = new Float32Array(L * S * PAIR_STRIDE);
    await frontierBandsInSlices(big, L, S, {
      pause: async () => {
        pauses++;
      },
    });
    // Each slice is at most BAND_SLICE_PAIRS pairs: a summary in one go would not pause.
    expect(pauses + 1).toBe(Math.ceil(S / Math.floor(BAND_SLICE_PAIRS / L)));
    expect(pauses).toBeGreaterThanOrEqual(40);
  });

  test('stop at the next pause once the signal aborts', async () => {
    const controller = new AbortController();
    const run = frontierBandsInSlices(results, laws.length, budgets.length, {
      pause: async () => controller.abort(new Error('superseded')),
      signal: controller.signal,
      slicePairs: 100,
    });
    await expect(run).rejects.toThrow('superseded');
  });
});

describe('bandSeconds', () => {
  test('scales the timed pairs per second to a job, weighing large jobs more', () => {
    expect(bandSeconds(1000, [])).toBeUndefined();
    expect(bandSeconds(2000, [{ pairs: 1000, seconds: 0.5 }])).toBe(1);
    // 3,000 pairs in 1 s over both: 3,000 pairs a second.
    const t = [
      { pairs: 1000, seconds: 0.5 },
      { pairs: 2000, seconds: 0.5 },
    ];
    expect(bandSeconds(3000, t)).toBe(1);
    expect(bandSeconds(1000, [{ pairs: 0, seconds: 1 }, ...t])).toBeCloseTo(1 / 3, 12);
  });
});

describe('replicaLaws and logBudgets', () => {
  test('turn theta rows into laws and skip NaN rows', () => {
    const t = thetaFromLaw(hoffmann);
    const rows = Float64Array.from([t.a, t.b, t.e, t.alpha, t.beta, Number.NaN, 0, 0, 0, 0]);
    const laws = replicaLaws(rows);
    expect(laws).toHaveLength(1);
    expect(laws[0]!.A).toBeCloseTo(hoffmann.A, 9);
    expect(laws[0]!.E).toBeCloseTo(hoffmann.E, 12);
  });
  test('space budgets evenly in log10, ends included', () => {
    const b = logBudgets(1e18, 1e28, 512);
    expect(b).toHaveLength(512);
    expect(b[0]).toBeCloseTo(1e18, -4);
    expect(b[511]! / 1e28).toBeCloseTo(1, 12);
    expect(Math.log10(b[1]!) - Math.log10(b[0]!)).toBeCloseTo(10 / 511, 12);
    expect(logBudgets(5, 10, 1)).toEqual([5]);
  });
});
