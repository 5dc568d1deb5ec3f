import { afterEach, describe, expect, it, vi } from 'vitest';
import { OptimumTable } from '../../src/law/optimum-table';
import { findPreset } from '../../src/law/presets';
import { axisValue, checkAxis, type SweepAxis } from '../../src/law/sweep';
import { sweepInBands } from '../../src/ui/charts/sweep-bands';
import { baseScenario, DEFAULT_BASE_VALUES } from '../../src/ui/charts/sweep-setup';

const U: SweepAxis = { field: 'U', min: 1e11, max: 1e14, count: 256, spacing: 'log' };

describe('axisValue', () => {
  it('gives the ends exactly, where exp(log(x)) does not', () => {
    // The round trip that produced "100000000000000.12 > 100000000000000".
    expect(Math.exp(Math.log(1e14))).not.toBe(1e14);
    for (const count of [2, 32, 256, 1024]) {
      for (const spacing of ['log', 'linear'] as const) {
        const a = { ...U, count, spacing };
        expect(axisValue(a, 0)).toBe(a.min);
        expect(axisValue(a, count - 1)).toBe(a.max);
        for (let i = 1; i < count; i++) {
          expect(axisValue(a, i)).toBeGreaterThanOrEqual(axisValue(a, i - 1));
          expect(axisValue(a, i)).toBeLessThanOrEqual(a.max);
        }
      }
    }
    const flat = { ...U, min: 1e14, max: 1e14, count: 5 };
    for (let i = 0; i < 5; i++) expect(axisValue(flat, i)).toBe(1e14);
  });
});

describe('sweepInBands with many laws', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('hands the engine only valid bands, down to a last band of one row at the axis end', async () => {
    const law = findPreset('hoffmann2022')!.law;
    // 65 laws x 256 columns is more than the first band's pairs: bands of 1, 2, 4 ... 128 rows,
    // then one last row, whose range is the axis end alone.
    const laws = Array.from({ length: 65 }, (_, i) => ({ ...law, E: law.E + i * 1e-3 }));
    const x: SweepAxis = { field: 'C', min: 1e20, max: 1e25, count: 256, spacing: 'log' };
    // A clock that stands still: every band is quick, so bands double as on a fast engine.
    vi.spyOn(performance, 'now').mockReturnValue(0);
    const bands: SweepAxis[] = [];
    const engine = {
      sweep: async (ls: readonly unknown[], _b: unknown, bx: SweepAxis, by: SweepAxis) => {
        checkAxis(by, 'y');
        bands.push(by);
        return OptimumTable.empty(ls.length, bx.count * by.count).data;
      },
    };
    await sweepInBands(engine, laws, baseScenario('data-constrained', DEFAULT_BASE_VALUES), x, U, {
      signal: new AbortController().signal,
      onProgress: () => {},
    });
    expect(bands.reduce((n, b) => n + b.count, 0)).toBe(U.count);
    const last = bands.at(-1)!;
    expect(last.count).toBe(1);
    expect(last.min).toBe(1e14);
    expect(last.max).toBe(1e14);
  });
});
