/**
 * The effective compute multiplier against truths computed another way: the frontier loss
 * against computeOptimal, the inverse against bisection on computeOptimal, the shared-law
 * constant against its closed form, and the unbounded and extrapolated cases.
 */
import { describe, expect, it } from 'vitest';
import {
  computeForLoss,
  computeMultiplier,
  frontierLoss,
  lossAtCompute,
  unboundedFrom,
} from '../../src/law/compute-multiplier';
import { computeOptimal } from '../../src/law/frontier';
import type { ScalingLaw } from '../../src/law/law';
import {
  compareWithReference,
  isExtrapolated,
  type SeriesFrontier,
} from '../../src/law/recipe-compare';

const R: ScalingLaw = { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 };

/** The least C at which computeOptimal(law, C).loss <= L, by bisection in ln C. */
function bisectCompute(law: ScalingLaw, L: number): number {
  let lo = Math.log(1e10);
  let hi = Math.log(1e40);
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (computeOptimal(law, Math.exp(mid)).loss > L) lo = mid;
    else hi = mid;
  }
  return Math.exp((lo + hi) / 2);
}

function series(name: string, law: ScalingLaw, range: [number, number]): SeriesFrontier {
  return { name, point: frontierLoss(law), replicas: [], budgetRange: range };
}

describe('frontier loss', () => {
  it('equals the loss of the closed-form optimum at every budget', () => {
    const f = frontierLoss(R);
    for (const C of [1e18, 1e20, 5.76e23, 1e26]) {
      expect(lossAtCompute(f, C)).toBeCloseTo(computeOptimal(R, C).loss, 12);
    }
  });

  it('inverts: C(L*(C)) = C, and a loss at or below E is never reached', () => {
    const f = frontierLoss(R);
    for (const C of [1e18, 1e21, 1e25]) {
      expect(computeForLoss(f, lossAtCompute(f, C)) / C).toBeCloseTo(1, 10);
      expect(
        computeForLoss(f, lossAtCompute(f, C)) / bisectCompute(R, lossAtCompute(f, C)),
      ).toBeCloseTo(1, 8);
    }
    expect(computeForLoss(f, R.E)).toBe(Number.POSITIVE_INFINITY);
    expect(computeForLoss(f, R.E - 0.1)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('computeMultiplier', () => {
  it('is 1 for one law against itself', () => {
    for (const C of [1e17, 1e21, 1e25]) {
      expect(computeMultiplier(frontierLoss(R), frontierLoss(R), C)).toBeCloseTo(1, 12);
    }
  });

  it('matches bisection when X has a third of the data term and a lower floor', () => {
    const X: ScalingLaw = { ...R, E: 1.6, B: R.B / 3, alpha: 0.36 };
    for (const C of [1e18, 1e20, 1e22]) {
      const LX = computeOptimal(X, C).loss;
      const truth = bisectCompute(R, LX) / C;
      expect(truth).toBeGreaterThan(1);
      expect(computeMultiplier(frontierLoss(X), frontierLoss(R), C)! / truth).toBeCloseTo(1, 7);
    }
  });

  it('is constant, (K_R / K_X)^(1/gamma), with E and both exponents shared', () => {
    const X: ScalingLaw = { ...R, A: R.A * 0.8, B: R.B / 2 };
    const fx = frontierLoss(X);
    const fr = frontierLoss(R);
    const closed = (fr.K / fx.K) ** (1 / fr.gamma);
    for (const C of [1e16, 1e20, 1e24, 1e28]) {
      expect(computeMultiplier(fx, fr, C)! / closed).toBeCloseTo(1, 10);
    }
    expect(closed).toBeGreaterThan(1);
  });

  it('is null (unbounded) once X falls below the reference floor, from the budget named', () => {
    const X: ScalingLaw = { ...R, E: 1.5 };
    const fx = frontierLoss(X);
    const fr = frontierLoss(R);
    const from = unboundedFrom(fx, fr)!;
    expect(lossAtCompute(fx, from)).toBeCloseTo(R.E, 10);
    expect(computeMultiplier(fx, fr, from * 0.5)).not.toBeNull();
    expect(computeMultiplier(fx, fr, from * 2)).toBeNull();
    expect(unboundedFrom(fr, fx)).toBeNull();
  });

  it('stays finite for extreme budgets (the ratio is formed in logs)', () => {
    const X: ScalingLaw = { ...R, B: R.B / 3 };
    for (const C of [1e6, 1e40]) {
      const m = computeMultiplier(frontierLoss(X), frontierLoss(R), C);
      expect(Number.isFinite(m)).toBe(true);
    }
  });
});

describe('compareWithReference', () => {
  const range: [number, number] = [1e18, 1e21];

  it('marks budgets outside either series data as extrapolated', () => {
    const x = series('x', R, [1e18, 1e20]);
    const ref = series('r', R, [1e17, 1e21]);
    expect(isExtrapolated(1e19, x, ref)).toBe(false);
    expect(isExtrapolated(1e20, x, ref)).toBe(false);
    expect(isExtrapolated(3e20, x, ref)).toBe(true);
    expect(isExtrapolated(5e17, x, ref)).toBe(true);
  });

  it('pairs replica k with replica k and takes percentiles of the pairs', () => {
    const laws = Array.from({ length: 101 }, (_, k) => ({ ...R, B: R.B / (1 + k / 50) }));
    const x: SeriesFrontier = {
      ...series('x', { ...R, B: R.B / 2 }, range),
      replicas: laws.map((l) => frontierLoss(l)),
    };
    const ref: SeriesFrontier = {
      ...series('r', R, range),
      replicas: laws.map(() => frontierLoss(R)),
    };
    const [row] = compareWithReference(x, ref, [1e20]).rows;
    const ms = laws
      .map((l) => computeMultiplier(frontierLoss(l), frontierLoss(R), 1e20)!)
      .sort((a, b) => a - b);
    expect(row!.pairs).toBe(101);
    expect(row!.interval[0]).toBeCloseTo((ms[2]! + ms[3]!) / 2, 12);
    expect(row!.interval[1]).toBeCloseTo((ms[97]! + ms[98]!) / 2, 12);
    expect(row!.median).toBeCloseTo(ms[50]!, 12);
    expect(row!.multiplier).toBeCloseTo(computeMultiplier(x.point, ref.point, 1e20)!, 12);
    expect(row!.lossGap).toBeLessThan(0);
    expect(row!.extrapolated).toBe(false);
  });

  it('leaves an end unbounded (null) when enough pairs cannot be matched, and counts them', () => {
    // 10 of 100 replicas of X fall below the reference floor at 1e22.
    const reps = Array.from({ length: 100 }, (_, k) => ({
      ...R,
      E: k < 10 ? 1.2 : 1.69,
      B: R.B / 2,
    }));
    const x: SeriesFrontier = {
      ...series('x', { ...R, B: R.B / 2 }, range),
      replicas: reps.map((l) => frontierLoss(l)),
    };
    const ref: SeriesFrontier = {
      ...series('r', R, range),
      replicas: reps.map(() => frontierLoss(R)),
    };
    const [row] = compareWithReference(x, ref, [1e26]).rows;
    expect(row!.unboundedShare).toBeCloseTo(0.1, 12);
    expect(row!.interval[1]).toBeNull();
    expect(row!.interval[0]).not.toBeNull();
    expect(row!.multiplier).not.toBeNull();
    expect(row!.extrapolated).toBe(true);
  });

  it('compares identical series as exactly 1 with the interval [1, 1]', () => {
    const reps = Array.from({ length: 20 }, (_, k) => frontierLoss({ ...R, alpha: 0.3 + k / 200 }));
    const x: SeriesFrontier = { ...series('x', R, range), replicas: reps };
    const [row] = compareWithReference(x, { ...x, name: 'r' }, [1e19, 1e24]).rows;
    expect(row!.multiplier).toBeCloseTo(1, 12);
    expect(row!.interval[0]).toBeCloseTo(1, 12);
    expect(row!.interval[1]).toBeCloseTo(1, 12);
    expect(row!.lossGap).toBe(0);
  });
});
