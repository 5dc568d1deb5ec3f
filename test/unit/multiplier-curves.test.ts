/**
 * The multiplier-curves twin against computeMultiplier (the pair-by-pair f64 definition), the
 * packer's layout and its input checks.
 */
import { describe, expect, it } from 'vitest';
import { computeMultiplier, frontierLoss, unboundedFrom } from '../../src/law/compute-multiplier';
import type { ScalingLaw } from '../../src/law/law';
import {
  MULTIPLIER_PAIR_STRIDE,
  type MultiplierPair,
  multiplierCurves,
  packMultiplierPairs,
} from '../../src/law/multiplier-curves';

const R: ScalingLaw = { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 };
const budgets = Array.from({ length: 27 }, (_, i) => 10 ** (15 + i / 2));

describe('multiplier curves (f64 twin)', () => {
  const ref = frontierLoss(R);
  const better = frontierLoss({ ...R, A: 300, B: 350 });
  const lowFloor = { ...frontierLoss({ ...R, A: 350 }), E: 1.6 };
  const computeOnly = { E: 1.75, K: 30, gamma: 0.05, k: 1 };
  const pairs: MultiplierPair[] = [
    [better, ref],
    [ref, ref],
    [lowFloor, ref],
    [computeOnly, ref],
    [ref, computeOnly],
  ];

  it('gives ln computeMultiplier pair-major, NaN where it is null', () => {
    const out = multiplierCurves(pairs, budgets);
    expect(out).toHaveLength(pairs.length * budgets.length);
    for (const [p, [x, r]] of pairs.entries())
      for (const [b, C] of budgets.entries()) {
        const m = computeMultiplier(x, r, C);
        const got = out[p * budgets.length + b]!;
        if (m === null) expect(got).toBeNaN();
        else expect(got).toBeCloseTo(Math.log(m), 10);
      }
  });

  it('is 0 for identical laws and unbounded exactly from unboundedFrom on', () => {
    const out = multiplierCurves(pairs, budgets);
    const B = budgets.length;
    for (let b = 0; b < B; b++) expect(Math.abs(out[B + b]!)).toBeLessThan(1e-12);
    const from = unboundedFrom(lowFloor, ref)!;
    expect(from).toBeGreaterThan(budgets[0]!);
    expect(from).toBeLessThan(budgets.at(-1)!);
    for (const [b, C] of budgets.entries()) expect(Number.isNaN(out[2 * B + b]!)).toBe(C >= from);
  });

  it('does not overflow at 1e30 FLOPs', () => {
    const out = multiplierCurves([[better, ref]], [1e30, 1e40]);
    expect(Array.from(out).every(Number.isFinite)).toBe(true);
  });

  it('packs 8 floats a pair and rejects unusable inputs', () => {
    expect(packMultiplierPairs(pairs)).toHaveLength(pairs.length * MULTIPLIER_PAIR_STRIDE);
    expect(MULTIPLIER_PAIR_STRIDE).toBe(8);
    expect(() => multiplierCurves([[{ ...ref, K: -1 }, ref]], budgets)).toThrow(/pair 0, recipe/);
    expect(() => multiplierCurves([[ref, { ...ref, gamma: 0 }]], budgets)).toThrow(/reference/);
    expect(() => multiplierCurves([[ref, ref]], [1e20, Number.NaN])).toThrow(/budget 1/);
    expect(multiplierCurves([], budgets)).toHaveLength(0);
  });
});
