/**
 * The Compare view's numbers and geometry: L*(C) bands from replica curves (checked against the
 * percentiles computed here by hand), the default table budgets, the multiplier chart's split of
 * data and extrapolated stretches, its stop and rule where the reference cannot match, and the
 * CSV rows (no number where the value is unbounded).
 */
import { describe, expect, it } from 'vitest';
import { comparisonsAt, defaultTableBudgets, lossBand } from '../../src/law/compare-curves';
import { type FrontierLoss, frontierLoss, lossAtCompute } from '../../src/law/compute-multiplier';
import type { ScalingLaw } from '../../src/law/law';
import type { SeriesFrontier } from '../../src/law/recipe-compare';
import {
  compareCsvRows,
  lossChart,
  lossCsvRows,
  multiplierChart,
  seriesColour,
  seriesDash,
} from '../../src/ui/charts/compare-charts';

const R: ScalingLaw = { E: 1.8, A: 400, B: 1800, alpha: 0.34, beta: 0.28 };

function frontier(
  name: string,
  law: ScalingLaw,
  range: readonly [number, number],
  spread = 0.01,
): SeriesFrontier {
  const replicas: FrontierLoss[] = Array.from({ length: 41 }, (_, k) =>
    frontierLoss({
      ...law,
      A: law.A * (1 + (spread * (k - 20)) / 20),
      B: law.B * (1 + (spread * (k - 20)) / 20),
    }),
  );
  return { name, point: frontierLoss(law), replicas, budgetRange: range };
}

describe('lossBand', () => {
  it('gives the point curve and the 2.5/97.5 percentiles of the replicas, and marks budgets outside the runs', () => {
    const f = frontier('R', R, [1e18, 1e20], 0.2);
    const budgets = [1e17, 1e19, 1e21];
    const band = lossBand(f, budgets);
    for (const [i, p] of band.entries()) {
      const C = budgets[i]!;
      expect(p.loss).toBeCloseTo(lossAtCompute(f.point, C), 12);
      const values = f.replicas.map((r) => lossAtCompute(r!, C)).sort((a, b) => a - b);
      // 41 replicas: the 2.5th percentile sits at index 1, the 97.5th at index 39.
      expect(p.band![0]).toBeCloseTo(values[1]!, 12);
      expect(p.band![1]).toBeCloseTo(values[39]!, 12);
      expect(p.band![0]).toBeLessThan(p.loss);
      expect(p.band![1]).toBeGreaterThan(p.loss);
    }
    expect(band.map((p) => p.extrapolated)).toEqual([true, false, true]);
  });

  it('has no band when fewer than two replicas converged', () => {
    const f: SeriesFrontier = {
      ...frontier('R', R, [1e18, 1e20]),
      replicas: [null, null, frontierLoss(R)],
    };
    expect(lossBand(f, [1e19])[0]!.band).toBeNull();
  });
});

describe('defaultTableBudgets', () => {
  it('starts at the largest budget every series reaches, rounded down, then 10x and 100x', () => {
    const a = frontier('A', R, [1e17, 3.7e20]);
    const b = frontier('B', R, [2e17, 8.2e20]);
    expect(defaultTableBudgets([a, b])).toEqual([3e20, 3e21, 3e22]);
    expect(defaultTableBudgets([frontier('C', R, [1e18, 1e20])])).toEqual([1e20, 1e21, 1e22]);
  });
});

describe('multiplierChart', () => {
  it('draws solid inside both series’ budgets and dashed beyond, with m = 1 for identical laws', () => {
    const ref = frontier('R', R, [1e18, 1e20]);
    const same = frontier('X', R, [1e18, 1e20]);
    const budgets = [1e17, 1e18, 1e19, 1e20, 1e21];
    const [cmp] = comparisonsAt([ref, same], budgets);
    expect(cmp!.rows.map((r) => r.multiplier)).toEqual(budgets.map(() => expect.closeTo(1, 12)));
    const chart = multiplierChart([cmp!], () => 1, 400, 200);
    const kinds = chart.curves[0]!.segments.map((s) => s.extrapolated);
    expect(kinds).toEqual([true, false, true]);
    expect(chart.parity).not.toBeNull();
    // m = 1 everywhere: every vertex of the curve sits on the parity row.
    const ys = chart.curves[0]!.segments.flatMap((s) =>
      s.path
        .slice(1)
        .split('L')
        .map((p) => Number(p.split(',')[1])),
    );
    for (const y of ys) expect(y).toBeCloseTo(chart.parity!, 1);
  });

  it('stops the curve where the reference cannot match and marks that budget', () => {
    // X's floor is 0.1 below the reference's: from some budget on, X's loss is below E_ref.
    const ref = frontier('R', R, [1e18, 1e20]);
    const x = frontier('X', { ...R, E: R.E - 0.1 }, [1e18, 1e20]);
    const budgets = Array.from({ length: 25 }, (_, i) => 10 ** (17 + i * 0.5));
    const [cmp] = comparisonsAt([ref, x], budgets);
    const from = cmp!.unboundedFrom!;
    expect(from).toBeGreaterThan(1e17);
    expect(from).toBeLessThan(1e29);
    for (const r of cmp!.rows) {
      expect(r.unbounded).toBe(r.budget >= from);
      if (r.unbounded) expect(r.multiplier).toBeNull();
    }
    const chart = multiplierChart([cmp!], () => 1, 400, 200);
    const curve = chart.curves[0]!;
    expect(curve.unbounded?.budget).toBe(from);
    // The last vertex drawn lies left of the rule.
    const xs = curve.segments.flatMap((s) =>
      s.path
        .slice(1)
        .split('L')
        .map((p) => Number(p.split(',')[0])),
    );
    expect(Math.max(...xs)).toBeLessThan(curve.unbounded!.x);
    const csv = compareCsvRows(cmp!.rows);
    const last = csv[csv.length - 1]!;
    expect(last[3]).toBe('unbounded');
    expect(csv.flat().some((v) => typeof v === 'number' && !Number.isFinite(v))).toBe(false);
  });
});

describe('lossChart and colours', () => {
  it('gives each series its colour, the reference first, and a band path per stretch', () => {
    const series = ['R', 'X', 'Y'].map((name, i) => ({
      name,
      points: lossBand(
        frontier(name, { ...R, B: R.B * (1 - 0.1 * i) }, [1e18, 1e20]),
        [1e18, 1e19, 1e20],
      ),
    }));
    const chart = lossChart(series, 400, 200);
    expect(chart.curves.map((c) => c.colour)).toEqual([0, 1, 2].map(seriesColour));
    expect(chart.curves[0]!.reference).toBe(true);
    for (const c of chart.curves) expect(c.bands.length).toBe(1);
    expect(lossCsvRows(series)).toHaveLength(9);
  });

  it('keeps eight series apart by colour, and more by dash pattern', () => {
    const colours = new Set(Array.from({ length: 8 }, (_, i) => seriesColour(i)));
    expect(colours.size).toBe(8);
    expect(seriesDash(3)).toBeUndefined();
    expect(seriesDash(9)).toBeDefined();
  });
});
