import { describe, expect, it } from 'vitest';
import { solveSweep } from '../../src/law/optima';
import { OptimumTable } from '../../src/law/optimum-table';
import { findPreset } from '../../src/law/presets';
import type { Scenario } from '../../src/law/scenario';
import type { SweepAxis } from '../../src/law/sweep';
import { extractOutput, quantityApplies } from '../../src/law/sweep-output';

const law = findPreset('hoffmann2022')!.law;
const C: SweepAxis = { field: 'C', min: 1e20, max: 1e24, count: 3, spacing: 'log' };
const U: SweepAxis = { field: 'U', min: 1e9, max: 1e11, count: 2, spacing: 'log' };
const Dinf: SweepAxis = { field: 'Dinf', min: 1e10, max: 1e12, count: 2, spacing: 'log' };
const compute: Scenario = { kind: 'compute', C: 1e22 };
const cost = { peakFlops: 1e15, mfu: 0.4, pricePerHour: 2 };

describe('quantityApplies', () => {
  it('offers epochs only where there is a unique-token cap', () => {
    expect(quantityApplies('epochs', compute, C, Dinf)).toBe(false);
    expect(quantityApplies('epochs', compute, C, U)).toBe(true);
    expect(quantityApplies('epochs', { kind: 'data-constrained', C: 1e22, U: 1e10 }, C, Dinf)).toBe(
      true,
    );
    expect(quantityApplies('loss', compute, C, Dinf)).toBe(true);
  });
});

describe('extractOutput over an OptimumTable', () => {
  it('reads the same values from a table as from its packed array, for any law', () => {
    const base: Scenario = { kind: 'data-constrained', C: 1e22, U: 1e10 };
    const laws = [law, { ...law, A: law.A * 1.1 }];
    const raw = solveSweep(laws, base, C, U);
    const ctx = { base, x: C, y: U, cost };
    const table = new OptimumTable(raw, 2, C.count * U.count);
    for (const l of [0, 1]) {
      const fromRaw = extractOutput(raw, l, laws[l]!, 'epochs', ctx);
      expect(extractOutput(table, l, laws[l]!, 'epochs', ctx)).toEqual(fromRaw);
      expect(fromRaw[0]).toBeCloseTo(table.D(l, 0) / 1e9, 3);
    }
    const wrong = new OptimumTable(raw, 1, 3);
    expect(() => extractOutput(wrong, 0, law, 'N', ctx)).toThrow(
      /has 3 cells per law, expected 3 x 2/,
    );
  });
});
