import { describe, expect, it } from 'vitest';
import { solveOptima } from '../../src/law/optima';
import { solveOptimum } from '../../src/law/optimum';
import { OptimumTable } from '../../src/law/optimum-table';
import { findPreset } from '../../src/law/presets';
import { OptimumStatus, type Scenario } from '../../src/law/scenario';

const hoffmann = findPreset('hoffmann2022')!.law;
const besiroglu = findPreset('besiroglu2024')!.law;
const scenarios: Scenario[] = [
  { kind: 'compute', C: 1e21 },
  { kind: 'compute', C: 1e24 },
  { kind: 'compute', C: -1 },
];

describe('OptimumTable', () => {
  const laws = [hoffmann, besiroglu];
  const table = new OptimumTable(solveOptima(laws, scenarios), laws.length, scenarios.length);

  it('reads each (law, scenario) pair as the f32 rounding of its f64 optimum', () => {
    for (const [l, law] of laws.entries()) {
      for (const s of [0, 1]) {
        const want = solveOptimum(law, scenarios[s]!);
        if (!want.ok) throw new Error(want.reason);
        const got = table.at(l, s);
        expect(got.status).toBe(OptimumStatus.ok);
        expect(got.N).toBe(Math.fround(want.N));
        expect(got.D).toBe(Math.fround(want.D));
        expect(got.loss).toBe(Math.fround(want.loss));
        expect([table.N(l, s), table.D(l, s), table.loss(l, s)]).toEqual([got.N, got.D, got.loss]);
        expect(table.ok(l, s)).toBe(true);
      }
    }
  });

  it('reports a failed pair by its status', () => {
    expect(table.status(1, 2)).toBe(OptimumStatus.budget);
    expect(table.ok(1, 2)).toBe(false);
    expect(table.at(1, 2)).toMatchObject({ N: 0, D: 0, loss: 0 });
  });

  it('gives one scenario across laws (solved only) and one law across scenarios', () => {
    expect(table.solvedAcrossLaws(1).map((p) => p.N)).toEqual([table.N(0, 1), table.N(1, 1)]);
    expect(table.solvedAcrossLaws(2)).toEqual([]);
    const row = table.law(1);
    expect(row.laws).toBe(1);
    expect(row.at(0, 1)).toEqual(table.at(1, 1));
  });

  it('places the scenarios of a band into every law, as a banded sweep needs', () => {
    const whole = OptimumTable.empty(2, 3);
    const band = new OptimumTable(solveOptima(laws, scenarios.slice(1)), 2, 2);
    whole.setScenarios(band, 1);
    expect(whole.at(0, 0).N).toBe(0);
    expect(whole.at(0, 1)).toEqual(table.at(0, 1));
    expect(whole.at(1, 2)).toEqual(table.at(1, 2));
    expect(() => whole.setScenarios(band, 2)).toThrow(/cannot place 2 x 2 pairs at scenario 2/);
  });

  it('refuses a short array and pairs outside the table, saying which', () => {
    expect(() => new OptimumTable(new Float32Array(7), 1, 2)).toThrow(
      /has 7 values, expected 8 \(1 laws x 2 scenarios x 4\)/,
    );
    expect(() => table.at(2, 0)).toThrow(/pair \(2, 0\) is outside the 2 x 3 optimum table/);
    expect(() => table.at(0, 3)).toThrow(RangeError);
    expect(OptimumTable.size(3, 5)).toBe(60);
  });
});
