/**
 * The host side of the multiplier-curves kernel: bands of pairs cover every pair once, in order,
 * and each fits one binding (outputs and pair records) and one 2D dispatch.
 */
import { describe, expect, it } from 'vitest';
import { MULTIPLIER_WORKGROUP, planMultiplierBands } from '../../src/gpu/multiplier';
import { MULTIPLIER_PAIR_STRIDE } from '../../src/law/multiplier-curves';

const limits = {
  maxStorageBufferBindingSize: 1 << 20,
  maxBufferSize: 1 << 30,
  maxComputeWorkgroupsPerDimension: 65535,
};

describe('multiplier bands', () => {
  it.each([
    [1, 1],
    [123, 64],
    [100_000, 64],
    [65_537, 3],
    [10, 200_000],
  ])('%i pairs x %i budgets: contiguous bands within the limits', (pairs, budgets) => {
    const bands = planMultiplierBands(pairs, budgets, limits);
    let next = 0;
    for (const b of bands) {
      expect(b.start).toBe(next);
      expect(b.count).toBeGreaterThan(0);
      next += b.count;
      expect(b.count * budgets * 4).toBeLessThanOrEqual(limits.maxStorageBufferBindingSize);
      expect(b.count * MULTIPLIER_PAIR_STRIDE * 4).toBeLessThanOrEqual(
        limits.maxStorageBufferBindingSize,
      );
      const groups = Math.ceil((b.count * budgets) / MULTIPLIER_WORKGROUP.x);
      const max = limits.maxComputeWorkgroupsPerDimension;
      expect(Math.ceil(groups / Math.min(groups, max))).toBeLessThanOrEqual(max);
    }
    expect(next).toBe(pairs);
  });

  it('splits by the dispatch limit when it binds first', () => {
    const small = { ...limits, maxComputeWorkgroupsPerDimension: 4 };
    const bands = planMultiplierBands(1000, 64, small);
    // 4 x 4 workgroups of 64 threads: 16 pairs of 64 budgets a band.
    expect(bands.every((b) => b.count <= 16)).toBe(true);
    expect(bands).toHaveLength(63);
  });

  it('refuses a pair whose budgets exceed one binding', () => {
    expect(() => planMultiplierBands(2, (1 << 18) + 1, limits)).toThrow(RangeError);
  });
});
