import { describe, expect, test } from 'vitest';
import { computeOptimal } from '../../src/law/frontier';
import { budgetFromHardware } from '../../src/law/hardware';
import { loss } from '../../src/law/law';
import {
  computePenalty,
  type PlannerInputs,
  plannerScenario,
  solvePlan,
} from '../../src/law/planner';
import { findPreset } from '../../src/law/presets';
import {
  fixedRatioRule,
  KAPLAN_2020,
  kaplanRule,
  REFERENCE_MODELS,
  referenceCompute,
} from '../../src/law/references';

const law = findPreset('hoffmann2022')!.law;
const base: PlannerInputs = {
  budgetMode: 'flops',
  flops: 1e23,
  hardware: { count: 1024, days: 30, peakFlops: 989.4e12, mfu: 0.4 },
  pricePerHour: 2,
  q: 1,
};

describe('plannerScenario', () => {
  test('picks the kind from the constraints', () => {
    const kind = (i: Partial<PlannerInputs>) => {
      const p = plannerScenario({ ...base, ...i });
      return p.ok ? p.scenario.kind : p.reason;
    };
    expect(kind({})).toBe('compute');
    expect(kind({ U: 1e11 })).toBe('data-constrained');
    expect(kind({ Dinf: 1e12 })).toBe('inference-budget');
    expect(kind({ targetLoss: 2.1 })).toBe('target-loss');
    expect(kind({ targetLoss: 2.1, Dinf: 1e12 })).toBe('inference-target');
  });
  test('takes the budget from the hardware in hardware mode', () => {
    const p = plannerScenario({ ...base, budgetMode: 'hardware' });
    expect(p.ok && p.budget).toBe(budgetFromHardware(base.hardware));
  });
  test('reports MFU and price problems with the hardware helpers messages', () => {
    const mfu = plannerScenario({ ...base, hardware: { ...base.hardware, mfu: 1.5 } });
    expect(mfu).toEqual({ ok: false, reason: 'MFU must be in (0, 1], got 1.5' });
    const price = plannerScenario({ ...base, pricePerHour: -1 });
    expect(price.ok).toBe(false);
    expect(!price.ok && price.reason).toMatch(/price per accelerator-hour must be zero or more/);
    const days = plannerScenario({
      ...base,
      budgetMode: 'hardware',
      hardware: { ...base.hardware, days: 0 },
    });
    expect(!days.ok && days.reason).toMatch(/days must be positive/);
    const flopsMode = plannerScenario({ ...base, hardware: { ...base.hardware, days: 0 } });
    expect(flopsMode.ok).toBe(true);
    const count = plannerScenario({ ...base, hardware: { ...base.hardware, count: 0 } });
    expect(!count.ok && count.reason).toMatch(/accelerator count must be positive/);
  });
});

describe('solvePlan', () => {
  test('solves the compute-optimal plan with time and cost', () => {
    const r = solvePlan(law, base);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const o = computeOptimal(law, 1e23);
    expect(r.plan.optimum.N).toBeCloseTo(o.N, -3);
    const seconds = 1e23 / (1024 * 989.4e12 * 0.4);
    expect(r.plan.days).toBeCloseTo(seconds / 86400, 9);
    expect(r.plan.cost).toBeCloseTo((1e23 / (989.4e12 * 0.4 * 3600)) * 2, 6);
  });
  test('passes on the solvers messages for bad budgets, U and targets', () => {
    const bad = (i: Partial<PlannerInputs>) => {
      const r = solvePlan(law, { ...base, ...i });
      return r.ok ? 'ok' : r.reason;
    };
    expect(bad({ flops: 0 })).toBe('budget C must be positive, got 0');
    expect(bad({ flops: -5 })).toBe('budget C must be positive, got -5');
    expect(bad({ U: 0 })).toBe('unique tokens U must be positive, got 0');
    expect(bad({ targetLoss: 1.5 })).toMatch(/at or below the irreducible loss E = 1.69/);
  });
});

describe('computePenalty', () => {
  test('is zero at the optimum and grows away from it', () => {
    const C = 1e23;
    const o = computeOptimal(law, C);
    const at = computePenalty(law, C, o.N);
    expect(at.ok && at.extraCompute).toBeCloseTo(0, 6);
    const small = computePenalty(law, C, 0.3 * o.N);
    expect(small.ok).toBe(true);
    if (!small.ok) return;
    expect(small.sizeRatio).toBeCloseTo(0.3, 9);
    expect(small.extraCompute).toBeGreaterThan(0);
    // The tokens it needs reach the optimal loss exactly.
    const D = small.computeNeeded / (6 * small.N);
    expect(loss(law, small.N, D)).toBeCloseTo(o.loss, 9);
    expect(small.lossAtBudget).toBeGreaterThan(o.loss);
    const big = computePenalty(law, C, 3 * o.N);
    expect(big.ok && big.extraCompute).toBeGreaterThan(0);
  });
  test('is infinite for a model too small ever to reach the loss, and reports bad input', () => {
    const tiny = computePenalty(law, 1e25, 1e6);
    expect(tiny.ok && tiny.computeNeeded).toBe(Number.POSITIVE_INFINITY);
    expect(computePenalty(law, 0, 1e9)).toEqual({
      ok: false,
      reason: 'budget C must be positive, got 0',
    });
    expect(computePenalty(law, 1e21, -1).ok).toBe(false);
  });
});

describe('reference rules and models', () => {
  test('Kaplan passes through its anchor with its exponents', () => {
    const anchor = { C: 1e21, N: 1e9, D: 1.6e11 };
    expect(kaplanRule(anchor, 1e21)).toEqual({ N: 1e9, D: 1.6e11 });
    const up = kaplanRule(anchor, 1e22);
    expect(up.N / 1e9).toBeCloseTo(10 ** KAPLAN_2020.nExponent, 12);
    expect(up.D / 1.6e11).toBeCloseTo(10 ** 0.27, 12);
  });
  test('the 20 tokens/param rule spends C exactly', () => {
    const r = fixedRatioRule(1.2e23);
    expect(r.D / r.N).toBeCloseTo(20, 12);
    expect(6 * r.N * r.D).toBeCloseTo(1.2e23, -10);
  });
  test('reference models have sources and C = 6ND', () => {
    const chin = REFERENCE_MODELS.find((m) => m.id === 'chinchilla')!;
    expect(referenceCompute(chin)).toBeCloseTo(5.88e23, -20);
    for (const m of REFERENCE_MODELS) expect(m.source.length).toBeGreaterThan(10);
  });
});

describe('a budget of days on a cluster, then serving D_inf tokens', () => {
  const hardware = { ...base, budgetMode: 'hardware' as const, U: 3e11, Dinf: 1e13 };
  test('combines unique tokens with inference demand in one kind', () => {
    const p = plannerScenario(hardware);
    expect(p.ok && p.scenario).toEqual({
      kind: 'data-constrained-inference',
      C: budgetFromHardware(base.hardware),
      U: 3e11,
      Dinf: 1e13,
      q: 1,
    });
    expect(p.ok && p.note).toMatch(
      /The 30 days on the cluster cover training and then serving D_inf tokens on the same cluster/,
    );
  });
  test('splits the days into training and serving, which add up to the days given', () => {
    const r = solvePlan(law, hardware);
    if (!r.ok) throw new Error(r.reason);
    const { plan } = r;
    expect(plan.computeOnly).toBe(false);
    expect(plan.servingDays).toBeGreaterThan(0);
    expect(plan.days + plan.servingDays!).toBeCloseTo(base.hardware.days, 9);
    expect(plan.optimum.totalFlops - plan.optimum.C).toBeCloseTo(2 * plan.optimum.N * 1e13, -10);
    const noDemand = solvePlan(law, { ...hardware, Dinf: undefined });
    expect(noDemand.ok && noDemand.plan.servingDays).toBeUndefined();
  });
  test('refuses unique tokens with a target loss, the one policy', () => {
    const p = plannerScenario({ ...base, U: 1e11, targetLoss: 2.1 });
    expect(p).toEqual({
      ok: false,
      reason:
        'unique tokens U cannot be combined with a target loss: no solver reaches a target with limited unique data',
    });
  });
});
