import { describe, expect, it } from 'vitest';
import type { SweepAxis } from '../../src/law/sweep';
import {
  AUTO_BUDGET_SECONDS,
  COARSE_SIDE,
  coarseAxis,
  fitSeconds,
  isCoarseEnough,
  PROBE_SIDE,
  planPass,
  ThroughputLog,
  throughputKey,
} from '../../src/law/sweep-plan';

const axis = (count: number): SweepAxis => ({
  field: 'C',
  min: 1e20,
  max: 1e25,
  count,
  spacing: 'log',
});

describe('coarse pass', () => {
  it('keeps the range and caps the cells of each axis', () => {
    expect(coarseAxis(axis(1024))).toEqual({ ...axis(1024), count: COARSE_SIDE });
    expect(coarseAxis(axis(1024), PROBE_SIDE).count).toBe(128);
    expect(coarseAxis(axis(40))).toEqual(axis(40));
    expect(isCoarseEnough(axis(64), axis(10))).toBe(true);
    expect(isCoarseEnough(axis(65), axis(10))).toBe(false);
  });
});

describe('fitSeconds', () => {
  it('separates the fixed overhead from the time per pair once it has two sizes', () => {
    // 50 ms per pass plus 1 µs per pair.
    const t = (pairs: number) => ({ pairs, seconds: 0.05 + pairs * 1e-6 });
    expect(fitSeconds([t(4096), t(16384)], 1 << 20)).toBeCloseTo(0.05 + 1.048576, 9);
    expect(fitSeconds([t(4096), t(16384), t(65536)], 262144)).toBeCloseTo(0.05 + 0.262144, 9);
  });

  it('scales the largest run in proportion with one size, or when the line is unusable', () => {
    expect(fitSeconds([], 10)).toBeUndefined();
    expect(fitSeconds([{ pairs: 4096, seconds: 0.1 }], 16384)).toBeCloseTo(0.4, 12);
    // Larger runs that took less time (a loaded machine): no line with a positive slope.
    const noisy = [
      { pairs: 4096, seconds: 0.3 },
      { pairs: 65536, seconds: 0.2 },
    ];
    expect(fitSeconds(noisy, 131072)).toBeCloseTo(0.4, 12);
  });

  it('never fits a negative overhead', () => {
    const samples = [
      { pairs: 1000, seconds: 0.0001 },
      { pairs: 2000, seconds: 0.002 },
      { pairs: 4000, seconds: 0.004 },
    ];
    const est = fitSeconds(samples, 8000)!;
    const b = (1000 * 0.0001 + 2000 * 0.002 + 4000 * 0.004) / (1000 ** 2 + 2000 ** 2 + 4000 ** 2);
    expect(est).toBeCloseTo(b * 8000, 12);
  });
});

describe('ThroughputLog', () => {
  it('knows nothing before a run, and keeps keys apart', () => {
    const log = new ThroughputLog();
    const key = throughputKey('gpu', 'compute');
    expect(key).toBe('gpu:compute');
    expect(log.estimate(key, 100)).toBeUndefined();
    expect(log.isCold(key)).toBe(false);
    log.record(key, { pairs: 1000, seconds: 0.5 });
    expect(log.isCold(key)).toBe(true);
    expect(log.estimate(key, 2000)).toBeCloseTo(1, 12);
    expect(log.estimate(throughputKey('cpu', 'compute'), 100)).toBeUndefined();
    expect(log.estimate(throughputKey('gpu', 'data-constrained'), 100)).toBeUndefined();
  });

  it('uses the first (cold) run only until a second one is recorded', () => {
    const log = new ThroughputLog();
    log.record('k', { pairs: 4096, seconds: 0.4 });
    log.record('k', { pairs: 4096, seconds: 0.02 });
    expect(log.isCold('k')).toBe(false);
    expect(log.samples('k')).toEqual([{ pairs: 4096, seconds: 0.02 }]);
  });

  it('keeps the latest run of each size, so many small runs do not crowd out a large one', () => {
    const log = new ThroughputLog();
    log.record('k', { pairs: 1, seconds: 9 });
    log.record('k', { pairs: 65536, seconds: 0.3 });
    for (let i = 0; i < 20; i++) log.record('k', { pairs: 4096, seconds: 0.1 + i * 1e-3 });
    log.record('k', { pairs: 4000, seconds: 0.05 });
    expect(log.samples('k')).toEqual([
      { pairs: 65536, seconds: 0.3 },
      { pairs: 4000, seconds: 0.05 },
    ]);
  });

  it('ignores runs it cannot measure', () => {
    const log = new ThroughputLog();
    log.record('k', { pairs: 0, seconds: 1 });
    log.record('k', { pairs: 10, seconds: 0 });
    log.record('k', { pairs: 10, seconds: Number.NaN });
    expect(log.estimate('k', 10)).toBeUndefined();
  });
});

describe('planPass', () => {
  const probe = COARSE_SIDE * COARSE_SIDE;

  it('runs the probe by itself before any measurement, and nothing larger', () => {
    expect(planPass(probe, undefined, probe)).toEqual({ auto: true, estimate: undefined });
    expect(planPass(100, undefined, probe).auto).toBe(true);
    expect(planPass(probe + 1, undefined, probe)).toEqual({ auto: false, estimate: undefined });
  });

  it('runs by itself while the estimate is within the budget, and waits for Run above it', () => {
    expect(planPass(65536, 0.3, probe)).toEqual({ auto: true, estimate: 0.3 });
    expect(planPass(1 << 20, 3.5, probe)).toEqual({ auto: false, estimate: 3.5 });
    expect(planPass(1 << 20, AUTO_BUDGET_SECONDS, probe).auto).toBe(true);
    expect(planPass(1 << 20, AUTO_BUDGET_SECONDS + 1e-9, probe).auto).toBe(false);
    // An estimate decides even for the probe: a slow engine does not run it by itself.
    expect(planPass(probe, 2, probe).auto).toBe(false);
    expect(planPass(200, 2, probe, 3).auto).toBe(true);
  });
});
