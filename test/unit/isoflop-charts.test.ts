/**
 * Geometry of the isoFLOP diagnostics charts: the profiles (a curve per used budget over its
 * sampled sizes, the minimum at the parabola's vertex, the N_opt interval bar, left-out budgets
 * hollow and grey with their reason, a law's profile, ln L parabolas drawn as exp) and the
 * N_opt / D_opt charts (a point per used budget, the power law's line, error bars).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_APPROACH2_OPTIONS, fitApproach2 } from '../../src/fit/approach2';
import type { IsoflopRun } from '../../src/fit/isoflop-budgets';
import { loss, type ScalingLaw } from '../../src/law/law';
import {
  isoflopProfileChart,
  LEFT_OUT_COLOUR,
  PROFILE_CSV_HEADER,
  parabolaLoss,
  profileCsvRows,
} from '../../src/ui/charts/isoflop-profile';
import {
  budgetOptima,
  OPTIMUM_CSV_HEADER,
  optimumCsvRows,
  optimumScalingChart,
} from '../../src/ui/charts/optimum-scaling';
import { centredIsoflops } from '../support/synthetic-runs';

const LAW: ScalingLaw = { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 };
const BUDGETS = [1e18, 1e19, 1e20, 1e21];
const W = 400;
const H = 200;

/** Centred isoFLOP runs, plus a budget of two sizes only (left out). */
function runs(): IsoflopRun[] {
  const out = centredIsoflops(LAW, { budgets: BUDGETS, sizes: 7, sigma: 0.002, seed: 3 });
  const C = 1e22;
  for (const N of [3e9, 6e9]) out.push({ N, D: C / (6 * N), C, loss: loss(LAW, N, C / (6 * N)) });
  return out;
}

const approach2Fit = (target: 'loss' | 'log-loss' = 'loss', bootstrap = 0) =>
  fitApproach2(runs(), { ...DEFAULT_APPROACH2_OPTIONS, target, bootstrap, seed: 5 });

describe('isoflopProfileChart', () => {
  it('draws one curve and one minimum per used budget, at the vertex', async () => {
    const r = await approach2Fit();
    const c = isoflopProfileChart(r, runs(), W, H);
    const used = c.budgets.filter((b) => b.used);
    expect(used).toHaveLength(4);
    for (const b of used) {
      expect(b.curve.length).toBeGreaterThan(10);
      expect(b.curvePath).toMatch(/^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+)+$/);
      const report = r.budgets.find((x) => x.C === b.C)!;
      expect(b.minimum!.N).toBe(report.parabola!.NOpt);
      expect(b.minimum!.loss).toBe(report.parabola!.lossMin);
      expect(b.minimum!.x).toBeCloseTo(c.x(Math.log10(report.parabola!.NOpt)), 9);
      expect(b.minimum!.y).toBeCloseTo(c.y(report.parabola!.lossMin), 9);
      // The vertex is the lowest point of the parabola.
      expect(Math.min(...b.curve.map((p) => p[1]))).toBeGreaterThanOrEqual(b.minimum!.loss - 1e-12);
      // The curve spans the budget's sampled sizes.
      const Ns = report.runs.map((i) => runs()[i]!.N);
      expect(b.curve[0]![0]).toBeCloseTo(Math.min(...Ns), 0);
      expect(b.curve.at(-1)![0]).toBeCloseTo(Math.max(...Ns), 0);
      expect(b.dots).toHaveLength(7);
      expect(b.hollow).toBe(false);
    }
    expect(c.legend).toHaveLength(4);
    expect(new Set(c.legend.map((l) => l.colour)).size).toBe(4);
  });

  it('draws a left-out budget hollow and grey, with its reason and no curve', async () => {
    const c = isoflopProfileChart(await approach2Fit(), runs(), W, H);
    const left = c.budgets.filter((b) => !b.used);
    expect(left).toHaveLength(1);
    expect(left[0]!.hollow).toBe(true);
    expect(left[0]!.colour).toBe(LEFT_OUT_COLOUR);
    expect(left[0]!.reason).toMatch(/distinct size/);
    expect(left[0]!.curvePath).toBe('');
    expect(left[0]!.minimum).toBeUndefined();
    expect(left[0]!.dots).toHaveLength(2);
  });

  it('keeps every dot and vertex inside the plot', async () => {
    const c = isoflopProfileChart(await approach2Fit(), runs(), W, H);
    for (const b of c.budgets) {
      for (const d of [...b.dots, ...(b.minimum ? [b.minimum] : [])]) {
        expect(d.x).toBeGreaterThanOrEqual(0);
        expect(d.x).toBeLessThanOrEqual(W);
        expect(d.y).toBeGreaterThanOrEqual(0);
        expect(d.y).toBeLessThanOrEqual(H);
      }
    }
    expect(c.xTicks.some((t) => t.label !== '')).toBe(true);
    expect(c.yTicks.length).toBeGreaterThan(1);
  });

  it('draws a parabola fitted to ln L as exp(y), its vertex at the minimum loss', async () => {
    const r = await approach2Fit('log-loss');
    const c = isoflopProfileChart(r, runs(), W, H);
    const b = c.budgets.find((x) => x.used)!;
    const p = r.budgets.find((x) => x.C === b.C)!.parabola!;
    expect(parabolaLoss(p, 'log-loss', p.lnNOpt)).toBeCloseTo(p.lossMin, 12);
    expect(b.minimum!.loss).toBeCloseTo(Math.exp(p.yMin), 12);
    // exp of y near the runs: about the runs' loss, not ln L.
    expect(b.curve[0]![1]).toBeGreaterThan(1.5);
  });

  it('bars the bootstrap interval of N_opt at the minimum', async () => {
    const c = isoflopProfileChart(await approach2Fit('loss', 60), runs(), W, H);
    for (const b of c.budgets.filter((x) => x.used)) {
      expect(b.ci).toBeDefined();
      expect(b.ci!.y).toBe(b.minimum!.y);
      expect(b.ci!.x0).toBeLessThanOrEqual(b.ci!.x1);
      expect(b.ci!.lo).toBeLessThanOrEqual(b.minimum!.N * 1.0001);
      expect(b.ci!.hi).toBeGreaterThanOrEqual(b.minimum!.N * 0.9999);
    }
  });

  it("overlays a law's profile L(N, C / (k N)) per budget", async () => {
    const c = isoflopProfileChart(await approach2Fit(), runs(), W, H, LAW);
    for (const b of c.budgets) {
      expect(b.law.length).toBeGreaterThan(10);
      const [N, L] = b.law[3]!;
      expect(L).toBeCloseTo(loss(LAW, N, b.C / (6 * N)), 12);
    }
    // The runs lie on the law (small noise), so its profile stays in the plot.
    expect(c.budgets.filter((b) => b.used).every((b) => b.lawPath.startsWith('M'))).toBe(true);
    const noLaw = isoflopProfileChart(await approach2Fit(), runs(), W, H);
    expect(noLaw.budgets.every((b) => b.law.length === 0 && b.lawPath === '')).toBe(true);
  });

  it('lists what is drawn as CSV rows', async () => {
    const c = isoflopProfileChart(await approach2Fit(), runs(), W, H);
    const rows = profileCsvRows(c);
    expect(rows.every((row) => row.length === PROFILE_CSV_HEADER.length)).toBe(true);
    expect(rows.filter((row) => row[0] === 'run')).toHaveLength(30);
    expect(rows.filter((row) => row[0] === 'minimum')).toHaveLength(4);
  });
});

describe('optimumScalingChart', () => {
  it('places a point per used budget and the power law through them', async () => {
    const r = await approach2Fit();
    for (const q of ['N', 'D'] as const) {
      const c = optimumScalingChart(r, q, W, H);
      expect(c.points).toHaveLength(4);
      const law = q === 'N' ? r.N : r.D;
      const slope = (c.line.y1 - c.line.y0) / (c.line.x1 - c.line.x0);
      // Pixel slope = exponent times the ratio of the scales' pixels per decade.
      const px = (c.x(1) - c.x(0)) / 1;
      const py = c.y(1) - c.y(0);
      expect(slope).toBeCloseTo((law.exponent * py) / px, 9);
      expect(c.line.from[1]).toBeCloseTo(law.coefficient * c.line.from[0] ** law.exponent, 0);
      for (const p of c.points) {
        expect(p.x).toBeGreaterThanOrEqual(0);
        expect(p.x).toBeLessThanOrEqual(W);
        // Points near the line (the runs are nearly exact).
        const onLine = c.y(Math.log10(law.coefficient) + law.exponent * Math.log10(p.C));
        expect(Math.abs(p.y - onLine)).toBeLessThan(6);
      }
      expect(c.formula).toMatch(new RegExp(`^${q}_opt = `));
    }
  });

  it('maps D_opt = C / (k N_opt) and its interval from N_opt', async () => {
    const r = await approach2Fit('loss', 60);
    const n = budgetOptima(r, 'N');
    const d = budgetOptima(r, 'D');
    n.forEach((o, i) => {
      expect(d[i]!.value).toBeCloseTo(o.C / (6 * o.value), 0);
      expect(d[i]!.ci![0]).toBeCloseTo(o.C / (6 * o.ci![1]), 0);
      expect(d[i]!.ci![1]).toBeCloseTo(o.C / (6 * o.ci![0]), 0);
    });
    const c = optimumScalingChart(r, 'D', W, H);
    for (const p of c.points) expect(p.ci!.y0).toBeGreaterThanOrEqual(p.ci!.y1);
    const rows = optimumCsvRows(c);
    expect(rows.every((row) => row.length === OPTIMUM_CSV_HEADER.length)).toBe(true);
    expect(rows.filter((row) => row[0] === 'budget')).toHaveLength(4);
  });

  it('has no error bars without a bootstrap', async () => {
    const c = optimumScalingChart(await approach2Fit(), 'N', W, H);
    expect(c.points.every((p) => p.ci === undefined)).toBe(true);
  });
});
