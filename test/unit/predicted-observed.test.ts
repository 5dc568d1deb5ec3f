/**
 * Geometry of the predicted-against-observed chart: the law's loss at every run, shared log
 * axes with y = x as the diagonal, excluded runs hollow, and the compute-only law's L*(C)
 * against the budgets' minima.
 */
import { describe, expect, it } from 'vitest';
import type { Run } from '../../src/data/types';
import { DEFAULT_APPROACH2_OPTIONS } from '../../src/fit/approach2';
import { fitComputeOnly } from '../../src/fit/compute-only';
import { computeOnlyLoss, lossAtCompute } from '../../src/law/compute-multiplier';
import { loss, type ScalingLaw, thetaFromLaw } from '../../src/law/law';
import {
  computeOnlyPredictedObserved,
  logLossTicks,
  predictedObserved,
  predictedObservedChart,
} from '../../src/ui/charts/predicted-observed';
import { centredIsoflops } from '../support/synthetic-runs';

const LAW: ScalingLaw = { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 };

function runs(): Run[] {
  return [1e8, 3e8, 1e9, 3e9].map((N, i) => {
    const D = 20 * N;
    return { row: i + 2, N, D, C: 6 * N * D, loss: loss(LAW, N, D) * (1 + 0.01 * (i - 1.5)) };
  });
}

describe('predictedObserved', () => {
  it("gives the law's loss at every run and flags the excluded ones", () => {
    const p = predictedObserved(thetaFromLaw(LAW), runs(), new Set([3]));
    expect(p).toHaveLength(4);
    runs().forEach((r, i) => {
      expect(p[i]!.predicted).toBeCloseTo(loss(LAW, r.N, r.D), 10);
      expect(p[i]!.observed).toBe(r.loss);
    });
    expect(p.map((x) => x.excluded)).toEqual([false, true, false, false]);
  });
});

describe('predictedObservedChart', () => {
  const W = 300;
  const H = 200;

  it('draws one dot per run, hollow when excluded, and y = x across the plot', () => {
    const p = predictedObserved(thetaFromLaw(LAW), runs(), new Set([3]));
    const c = predictedObservedChart(p, W, H);
    expect(c.dots).toHaveLength(4);
    expect(c.dots.map((d) => d.hollow)).toEqual([false, true, false, false]);
    expect(c.diagonal.x0).toBeCloseTo(0, 9);
    expect(c.diagonal.y0).toBeCloseTo(H, 9);
    expect(c.diagonal.x1).toBeCloseTo(W, 9);
    expect(c.diagonal.y1).toBeCloseTo(0, 9);
    // A point with predicted = observed lies on the diagonal.
    const t = (c.x(Math.log10(2.5)) - c.diagonal.x0) / (c.diagonal.x1 - c.diagonal.x0);
    expect(c.y(Math.log10(2.5))).toBeCloseTo(
      c.diagonal.y0 + t * (c.diagonal.y1 - c.diagonal.y0),
      9,
    );
    p.forEach((q, i) => {
      expect(c.dots[i]!.x).toBeCloseTo(c.x(Math.log10(q.observed)), 9);
      expect(c.dots[i]!.y).toBeCloseTo(c.y(Math.log10(q.predicted)), 9);
      // Above the diagonal exactly when the law predicts more than was observed.
      const onDiagonal = c.y(Math.log10(q.observed));
      expect(c.dots[i]!.y < onDiagonal).toBe(q.predicted > q.observed);
    });
  });

  it('labels round losses on both axes', () => {
    const c = predictedObservedChart(predictedObserved(thetaFromLaw(LAW), runs(), new Set()), W, H);
    expect(c.xTicks.length).toBeGreaterThan(1);
    expect(c.xTicks.every((t) => t.label !== '' && t.at >= 0 && t.at <= W)).toBe(true);
    expect(c.yTicks.every((t) => t.at >= 0 && t.at <= H)).toBe(true);
    expect(logLossTicks(c.x).map((t) => t.label)).toEqual(c.xTicks.map((t) => t.label));
  });
});

describe('computeOnlyPredictedObserved', () => {
  it("sets the law's L*(C) against each budget's minimum", async () => {
    const data = centredIsoflops(LAW, {
      budgets: [1e18, 1e19, 1e20, 1e21, 1e22],
      sizes: 7,
      sigma: 0.002,
      seed: 2,
    });
    const r = await fitComputeOnly(data, { ...DEFAULT_APPROACH2_OPTIONS, bootstrap: 0 });
    const p = computeOnlyPredictedObserved(r);
    expect(p).toHaveLength(r.minima.length);
    p.forEach((q, i) => {
      expect(q.observed).toBe(r.minima[i]!.loss);
      expect(q.predicted).toBeCloseTo(lossAtCompute(computeOnlyLoss(r.law), r.minima[i]!.C), 12);
      expect(Math.abs(q.predicted / q.observed - 1)).toBeLessThan(0.01);
    });
    expect(predictedObservedChart(p, 300, 200).dots).toHaveLength(p.length);
  });
});
