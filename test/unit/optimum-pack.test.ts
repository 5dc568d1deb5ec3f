// Host-side packing of the optimum kernel's records (no GPU): the sweep's fast path writes the
// same records as packing each cell's scenario, and the law records hold the f64 folds.
import { describe, expect, it } from 'vitest';
import {
  OPTIMUM_LAW,
  OPTIMUM_SCENARIO,
  packLaws,
  packScenarios,
  packSweep,
  recordStride,
  TARGET_FIRST,
} from '../../src/gpu/optimum-pack';
import { frontierCoefficients } from '../../src/law/frontier';
import { PRESETS } from '../../src/law/presets';
import { OptimumStatus, type Scenario } from '../../src/law/scenario';
import { type SweepAxis, sweepCell } from '../../src/law/sweep';

const axis = (field: SweepAxis['field'], min: number, max: number, count: number) =>
  ({ field, min, max, count, spacing: field === 'mfu' ? 'linear' : 'log' }) as const;

describe('optimum record packing', () => {
  it.each([
    ['C x U', { kind: 'data-constrained' }, axis('C', 1e18, 1e28, 7), axis('U', 1e9, 1e14, 5)],
    ['MFU x C', { kind: 'compute', C: 1e22 }, axis('mfu', 0.2, 0.6, 4), axis('C', 1e20, 1e24, 3)],
    [
      'C x MFU',
      { kind: 'inference-budget', Dinf: 1e12 },
      axis('C', 1e20, 1e26, 5),
      axis('mfu', 0.3, 1, 3),
    ],
    [
      'target x Dinf',
      { kind: 'inference-target' },
      axis('targetLoss', 1.8, 3, 6),
      axis('Dinf', 1e9, 1e15, 4),
    ],
    [
      'invalid corner',
      { kind: 'data-constrained', C: 1e22 },
      { field: 'U', min: -5e11, max: 1e12, count: 4, spacing: 'linear' },
      axis('q', 0.5, 2, 3),
    ],
  ] as const)('sweep fast path equals per-cell packing: %s', (_, base, x, y) => {
    const cells: Scenario[] = [];
    if (x.field === 'U') expect(packScenarios([sweepCell(base, x, y, 0, 0)]).byteLength).toBe(52);
    for (let row = 0; row < y.count; row++)
      for (let col = 0; col < x.count; col++) cells.push(sweepCell(base, x, y, col, row));
    expect(new Uint32Array(packSweep(base, x, y))).toEqual(new Uint32Array(packScenarios(cells)));
  });

  it('folds ln G and the frontier exponent in f64', () => {
    const law = PRESETS[0]!.law;
    const f = new Float32Array(packLaws([law]));
    const { G, a } = frontierCoefficients(law);
    expect(f[6]).toBe(Math.fround(Math.log(G)));
    expect(f[7]).toBe(Math.fround(a));
    expect(recordStride(OPTIMUM_LAW)).toBe(36);
    expect(recordStride(OPTIMUM_SCENARIO)).toBe(52);
  });

  it('flags a stray D_inf on target-loss so the kernel checks the target first', () => {
    const u = new Uint32Array(packScenarios([{ kind: 'target-loss', targetLoss: 2, Dinf: -1 }]));
    expect(u[1]).toBe(OptimumStatus.inferenceTokens | TARGET_FIRST);
  });
});
