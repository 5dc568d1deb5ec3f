import { describe, expect, it } from 'vitest';
import {
  ACCELERATOR_PRESETS,
  acceleratorHours,
  budgetFromHardware,
  findAccelerator,
  hardwareIssue,
  mfuIssue,
  priceIssue,
  trainingCost,
  trainingDays,
} from '../../src/law/hardware';

describe('accelerator presets', () => {
  it('carry dense bf16 peaks with sources', () => {
    expect(ACCELERATOR_PRESETS.map((p) => p.id)).toEqual([
      'h100-sxm',
      'h200',
      'a100-sxm',
      'b200',
      'tpu-v5p',
    ]);
    for (const p of ACCELERATOR_PRESETS) {
      expect(p.peakFlops).toBeGreaterThan(1e14);
      expect(p.source).toMatch(/datasheet|documentation/);
    }
    expect(findAccelerator('h100-sxm')!.peakFlops).toBe(989.4e12);
    expect(findAccelerator('a100-sxm')!.peakFlops).toBe(312e12);
    expect(findAccelerator('tpu-v5p')!.peakFlops).toBe(459e12);
    expect(findAccelerator('nope')).toBeUndefined();
  });
});

describe('budget, time and cost', () => {
  const plan = { count: 1000, days: 30, peakFlops: 989.4e12, mfu: 0.4 };
  it('multiplies count x days x 86,400 s x peak x MFU', () => {
    expect(budgetFromHardware(plan)).toBeCloseTo(1000 * 30 * 86400 * 989.4e12 * 0.4, -10);
    expect(budgetFromHardware(plan)).toBeCloseTo(1.0258e24, -20);
  });
  it('inverts to days and prices accelerator-hours', () => {
    const C = budgetFromHardware(plan);
    expect(trainingDays(C, 1000, plan.peakFlops, 0.4)).toBeCloseTo(30, 10);
    expect(acceleratorHours(C, plan.peakFlops, 0.4)).toBeCloseTo(720_000, 4);
    expect(trainingCost(C, plan.peakFlops, 0.4, 2.5)).toBeCloseTo(1_800_000, 2);
  });
  it('gives clear messages for bad input', () => {
    expect(hardwareIssue(plan)).toBeNull();
    expect(mfuIssue(1)).toBeNull();
    expect(mfuIssue(0)).toBe('MFU must be in (0, 1], got 0');
    expect(mfuIssue(1.5)).toBe('MFU must be in (0, 1], got 1.5');
    expect(mfuIssue(Number.NaN)).toBe('MFU must be a finite number, got NaN');
    expect(hardwareIssue({ ...plan, count: 0 })).toBe('accelerator count must be positive, got 0');
    expect(hardwareIssue({ ...plan, days: -2 })).toBe('days must be positive, got -2');
    expect(hardwareIssue({ ...plan, mfu: -0.1 })).toBe('MFU must be in (0, 1], got -0.1');
    expect(priceIssue(0)).toBeNull();
    expect(priceIssue(-1)).toBe('price per accelerator-hour must be zero or more, got -1');
  });
});
