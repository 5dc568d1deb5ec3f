import { describe, expect, it } from 'vitest';
import { logBudgets } from '../../src/law/bands';
import {
  curveValues,
  FrontierCurveCache,
  quantityOf,
  solveFrontierCurve,
} from '../../src/law/frontier-curves';
import { solveOptimum } from '../../src/law/optimum';
import { findPreset } from '../../src/law/presets';
import type { Scenario } from '../../src/law/scenario';

const law = findPreset('hoffmann2022')!.law;
const budgets = logBudgets(1e18, 1e26, 9);
type Limits = { readonly U?: number; readonly q: number };
const scenarioAt = (C: number, c: Limits): Scenario =>
  c.U === undefined
    ? { kind: 'compute', C, q: c.q }
    : { kind: 'data-constrained', C, U: c.U, q: c.q };

describe('solveFrontierCurve and curveValues', () => {
  it('hold the f64 optimum at each budget and NaN where it does not solve', () => {
    const curve = solveFrontierCurve(law, [...budgets, -1], (C) => scenarioAt(C, { q: 1 }));
    for (const [i, C] of budgets.entries()) {
      const r = solveOptimum(law, { kind: 'compute', C, q: 1 });
      if (!r.ok) throw new Error(r.reason);
      expect([curve.N[i], curve.D[i], curve.loss[i]]).toEqual([r.N, r.D, r.loss]);
    }
    expect(curve.N[budgets.length]).toBeNaN();
    const tpp = curveValues(curve, 'tokensPerParam');
    expect(tpp[3]).toBe(curve.D[3]! / curve.N[3]!);
    expect(curveValues(curve, 'loss')).toEqual(curve.loss);
    expect(quantityOf('D', 1, 2, 3)).toBe(2);
  });
});

describe('FrontierCurveCache', () => {
  it('solves a curve once per (law, constraints): a re-render with equal inputs reuses it', () => {
    const cache = new FrontierCurveCache<Limits>(budgets, scenarioAt);
    const first = cache.curve(law, { q: 1 });
    expect(cache.solves).toBe(1);
    // A new but equal law object and constraint object: still the same curve.
    expect(cache.curve({ ...law }, { q: 1 })).toBe(first);
    expect(cache.curve(law, { q: 1, U: undefined })).toBe(first);
    expect(cache.solves).toBe(1);
  });

  it('solves again when a constant, a constraint or the extras change', () => {
    const cache = new FrontierCurveCache<Limits>(budgets, scenarioAt);
    const a = cache.curve(law, { q: 1 });
    const b = cache.curve({ ...law, alpha: law.alpha + 1e-9 }, { q: 1 });
    const c = cache.curve(law, { q: 1, U: 1e11 });
    const d = cache.curve(law, { q: 0.9 });
    cache.curve(law, { q: 1 }, { RD: 15 });
    expect(cache.solves).toBe(5);
    expect(new Set([a, b, c, d]).size).toBe(4);
    expect(c.N[8]).not.toBe(a.N[8]);
    expect(cache.curve(law, { q: 1, U: 1e11 })).toBe(c);
    expect(cache.solves).toBe(5);
  });

  it('keeps only the most recent curves', () => {
    const cache = new FrontierCurveCache<Limits>(budgets, scenarioAt, 2);
    const a = cache.curve(law, { q: 1 });
    cache.curve(law, { q: 0.9 });
    cache.curve(law, { q: 1 }); // a becomes the most recent
    cache.curve(law, { q: 0.8 }); // evicts q = 0.9
    expect(cache.curve(law, { q: 1 })).toBe(a);
    expect(cache.solves).toBe(3);
    cache.curve(law, { q: 0.9 });
    expect(cache.solves).toBe(4);
  });
});
