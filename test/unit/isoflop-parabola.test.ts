/**
 * The pieces of Approach 2: the budget grouping rule, the weighted parabola with its acceptance
 * tests, the within-budget resample weights and the power-law line.
 */
import { describe, expect, it } from 'vitest';
import { budgetReplicaWeights } from '../../src/fit/approach2-bootstrap';
import {
  groupBudgets,
  type IsoflopRun,
  noBudgetStructure,
  runCompute,
} from '../../src/fit/isoflop-budgets';
import {
  PARABOLA_RECORD,
  PARABOLA_STATUS,
  packBudgets,
  parabolaOf,
  parabolaRecord,
  parabolaRecords,
} from '../../src/fit/isoflop-parabola';
import { fitLine, powerLaws } from '../../src/fit/isoflop-power-law';

const run = (N: number, C: number, loss = 3): IsoflopRun => ({ N, D: C / (6 * N), loss, C });

describe('budget grouping', () => {
  it('merges runs within the tolerance of the geometric centre, in order of C', () => {
    // By C: 0.97e19 opens a budget; 1.0e19 and 1.03e19 lie within 5% of the running centre
    // (|ln 1.03 - ln(0.97)/2| = 0.045 < ln 1.05 = 0.049); 1.2e19 is 18% above it.
    const runs = [run(1e8, 1.0e19), run(2e8, 1.03e19), run(3e8, 0.97e19), run(1e8, 1.2e19)];
    const g = groupBudgets(runs, 0.05, 6);
    expect(g.budgets.map((b) => b.runs)).toEqual([[0, 1, 2], [3]]);
    expect(g.budgets[0]!.C / Math.cbrt(1.0e19 * 1.03e19 * 0.97e19)).toBeCloseTo(1, 14);
    expect(g.fromColumn).toBe(true);
    // With 1.04e19 in place of 1.03e19 the running centre (of 0.97e19 and 1.0e19) is 5.4% away.
    expect(
      groupBudgets([...runs.slice(0, 1), run(2e8, 1.04e19), ...runs.slice(2)], 0.05, 6).budgets,
    ).toHaveLength(3);
    // 25% merges all four.
    expect(groupBudgets(runs, 0.25, 6).budgets).toHaveLength(1);
    // 0 keeps only exact repeats together.
    expect(groupBudgets(runs, 0, 6).budgets).toHaveLength(4);
  });

  it('derives C = k N D for runs without C', () => {
    const r: IsoflopRun = { N: 1e8, D: 2e9, loss: 3 };
    expect(runCompute(r, 6)).toBe(1.2e18);
    expect(groupBudgets([r, { N: 2e8, D: 1e9, loss: 3 }], 0.01, 6).budgets).toHaveLength(1);
    expect(groupBudgets([r], 0.01, 6).fromColumn).toBe(false);
  });

  it('says when no budget has two runs, and how to bucket them', () => {
    const runs = [run(1e8, 1e19), run(1e8, 2e19), run(1e8, 4e19)];
    const message = noBudgetStructure(groupBudgets(runs, 0.05, 6), runs.length);
    expect(message).toMatch(/needs isoFLOP groups/);
    expect(message).toMatch(/every one of the 3 runs/);
    expect(message).toMatch(/5% bucketing tolerance/);
    expect(message).toMatch(/raise the tolerance/);
    expect(noBudgetStructure(groupBudgets(runs, 1.5, 6), runs.length)).toBeNull();
  });
});

/** A budget whose loss is exactly `f(ln N)` at the given sizes. */
function budget(sizes: number[], f: (x: number) => number): IsoflopRun[] {
  return sizes.map((N) => run(N, 1e20, f(Math.log(N))));
}

function record(runs: IsoflopRun[], weights?: number[]) {
  const packed = packBudgets(runs, groupBudgets(runs, 0.01, 6).budgets, 'loss');
  const out = new Float64Array(PARABOLA_RECORD);
  parabolaRecord(packed, 0, weights ?? runs.map(() => 1), 0, out, 0);
  return { packed, out, parabola: parabolaOf(packed, out, 0, 0) };
}

describe('parabola', () => {
  const sizes = [1e8, 2e8, 4e8, 8e8, 1.6e9];
  const x0 = Math.log(3e8);
  const quad = (x: number) => 2.5 + 0.04 * (x - x0) ** 2;

  it('recovers an exact quadratic in ln N: vertex, curvature and minimum', () => {
    const { parabola } = record(budget(sizes, quad));
    expect(parabola.status).toBe(PARABOLA_STATUS.ok);
    expect(parabola.lnNOpt).toBeCloseTo(x0, 12);
    expect(parabola.c2).toBeCloseTo(0.04, 12);
    expect(parabola.lossMin).toBeCloseTo(2.5, 12);
    // The expansion about the centre evaluates to the data.
    const x = Math.log(8e8) - parabola.centre;
    expect(parabola.c0 + parabola.c1 * x + parabola.c2 * x * x).toBeCloseTo(
      quad(Math.log(8e8)),
      12,
    );
  });

  it('weights act as repeated rows, and weight 0 leaves a run out', () => {
    const noisy = budget(sizes, (x) => quad(x) + 0.01 * Math.sin(7 * x));
    const weighted = record(noisy, [2, 1, 0, 3, 1]).out;
    const repeated = [noisy[0]!, noisy[0]!, noisy[1]!, noisy[3]!, noisy[3]!, noisy[3]!, noisy[4]!];
    const packed = packBudgets(repeated, groupBudgets(repeated, 0.01, 6).budgets, 'loss');
    const twin = new Float64Array(PARABOLA_RECORD);
    parabolaRecord(
      packed,
      0,
      repeated.map(() => 1),
      0,
      twin,
      0,
    );
    const a = parabolaOf(record(noisy).packed, weighted, 0, 0);
    const b = parabolaOf(packed, twin, 0, 0);
    expect(a.lnNOpt).toBeCloseTo(b.lnNOpt, 10);
    expect(a.c2).toBeCloseTo(b.c2, 10);
    expect(a.yMin).toBeCloseTo(b.yMin, 10);
  });

  it('refuses fewer than 3 distinct sizes, a concave or flat profile and an outside vertex', () => {
    expect(record(budget([1e8, 1e8, 2e8], quad)).out[0]).toBe(PARABOLA_STATUS.fewSizes);
    expect(record(budget(sizes, quad), [1, 0, 0, 0, 4]).out[0]).toBe(PARABOLA_STATUS.fewSizes);
    expect(record(budget(sizes, (x) => 3 - 0.05 * (x - x0) ** 2)).out[0]).toBe(
      PARABOLA_STATUS.notConvex,
    );
    expect(record(budget(sizes, (x) => 3 - 0.1 * x)).out[0]).toBe(PARABOLA_STATUS.notConvex);
    const outside = record(budget(sizes, (x) => 2.5 + 0.04 * (x - Math.log(5e9)) ** 2));
    expect(outside.out[0]).toBe(PARABOLA_STATUS.vertexOutside);
    expect(outside.parabola.NOpt).toBeCloseTo(5e9, -3);
  });

  it('refuses a minimum far below the runs, as an ill-conditioned resample gives', () => {
    // Two sizes 0.1% apart and a third far off: the parabola through them has an enormous
    // curvature and dips far below every run inside the sampled range.
    const close = budget([1e8, 1.001e8, 1e9], (x) => (x < Math.log(1.0005e8) ? 3.0 : 2.99));
    const r = record(close);
    expect(r.out[0]).toBe(PARABOLA_STATUS.implausibleMinimum);
    expect(r.parabola.lossMin).toBeLessThan(2.98);
    // A well-spread noisy profile still passes.
    const noisy = budget(sizes, (x) => quad(x) + 0.005 * Math.sin(11 * x));
    expect(record(noisy).out[0]).toBe(PARABOLA_STATUS.ok);
  });

  it('ln L as the target fits the log of the loss', () => {
    const runs = budget(sizes, (x) => Math.exp(quad(x)));
    const packed = packBudgets(runs, groupBudgets(runs, 0.01, 6).budgets, 'log-loss');
    const out = parabolaRecords(packed, new Float64Array(runs.length).fill(1));
    const p = parabolaOf(packed, out, 0, 0);
    expect(p.lnNOpt).toBeCloseTo(x0, 12);
    expect(p.yMin).toBeCloseTo(2.5, 12);
    expect(p.lossMin).toBeCloseTo(Math.exp(2.5), 10);
  });
});

describe('resampling and power laws', () => {
  it('resamples within each budget: counts sum to its size, reproducibly by seed', () => {
    const runs = [
      ...[1, 2, 3, 4, 5].map((i) => run(i * 1e8, 1e19)),
      ...[1, 2, 3, 4, 5, 6, 7].map((i) => run(i * 1e8, 1e20)),
    ];
    const packed = packBudgets(runs, groupBudgets(runs, 0.05, 6).budgets, 'loss');
    const w = new Float64Array(12);
    const again = new Float64Array(12);
    let differs = 0;
    for (let k = 0; k < 20; k++) {
      budgetReplicaWeights(packed, 7, k, w);
      budgetReplicaWeights(packed, 7, k, again);
      expect(Array.from(again)).toEqual(Array.from(w));
      expect(w.slice(0, 5).reduce((s, v) => s + v, 0)).toBe(5);
      expect(w.slice(5).reduce((s, v) => s + v, 0)).toBe(7);
      budgetReplicaWeights(packed, 8, k, again);
      if (Array.from(again).join() !== Array.from(w).join()) differs++;
    }
    expect(differs).toBeGreaterThan(15);
  });

  it('fits the power laws in logs, with b = 1 - a from D_opt = C / (k N_opt)', () => {
    const lnC = [40, 42, 44, 46];
    const lnN = lnC.map((c) => -1.2 + 0.45 * c);
    const line = fitLine(lnC, lnN);
    expect(line.slope).toBeCloseTo(0.45, 12);
    expect(line.intercept).toBeCloseTo(-1.2, 10);
    const laws = powerLaws(lnC, lnN, 6);
    expect(laws.N.exponent).toBeCloseTo(0.45, 12);
    expect(laws.N.coefficient).toBeCloseTo(Math.exp(-1.2), 12);
    expect(laws.D.exponent).toBeCloseTo(0.55, 12);
    expect(laws.D.coefficient).toBeCloseTo(Math.exp(1.2) / 6, 12);
  });
});
