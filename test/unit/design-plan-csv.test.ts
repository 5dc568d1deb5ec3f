/**
 * The plan CSV (src/export/design-plan.ts): the metadata lines above the columns
 * budget_flops,N,D,flops,name, one row per planned run with its suggested name, and metadata
 * values that cannot split a line.
 */
import { describe, expect, it } from 'vitest';
import { designPlanCsv, planRunName } from '../../src/export/design-plan';
import type { DesignPlan } from '../../src/fit/design';
import { findPreset } from '../../src/law/presets';

const plan: DesignPlan = {
  kind: 'designer',
  runs: [
    { N: 1.1e8, D: 2.45e8, flops: 6 * 1.1e8 * 2.45e8, reduction: 0.01, varianceAfter: 0.09 },
    { N: 3e9, D: 6e10, flops: 6 * 3e9 * 6e10, reduction: 0.005, varianceAfter: 0.085 },
  ],
  flops: 6 * 1.1e8 * 2.45e8 + 6 * 3e9 * 6e10,
  varianceBefore: 0.1,
  varianceAfter: 0.085,
};
const law = findPreset('hoffmann2022')!.law;
const date = new Date('2026-01-02T03:04:05Z');

describe('designPlanCsv', () => {
  it('writes the metadata lines, the columns and one named row per run', () => {
    const lines = designPlanCsv(plan, {
      target: 'nopt@1e24',
      budgetFlops: 5e21,
      law,
      data: 'runs.csv',
      date,
    }).split('\r\n');
    expect(lines[0]).toMatch(/^# tool: scaling-sweep \S+$/);
    expect(lines.slice(1, 8)).toEqual([
      '# plan: designer (2 runs 1.0801617e21 FLOPs)',
      '# target: nopt@1e24',
      '# budget_flops: 5e21',
      '# data: runs.csv',
      expect.stringMatching(
        /^# law: E=1\.69 A=406\.4 B=410\.7 alpha=0\.34 beta=0\.28 \(preset hoffmann2022/,
      ),
      '# predicted_variance: 0.1 before and 0.085 after (linearised at the fit)',
      '# date: 2026-01-02T03:04:05.000Z',
    ]);
    expect(lines.slice(8)).toEqual([
      'budget_flops,N,D,flops,name',
      `5e+21,110000000,245000000,${6 * 1.1e8 * 2.45e8},designer-01-N1.10e8-D2.45e8`,
      `5e+21,3000000000,60000000000,${6 * 3e9 * 6e10},designer-02-N3.00e9-D6.00e10`,
      '',
    ]);
  });

  it('keeps a hostile target or file name on its own comment line', () => {
    const text = designPlanCsv(plan, {
      target: 'a\r\n=1,2',
      budgetFlops: 5e21,
      law,
      data: 'x;y.csv',
      date,
    });
    expect(text).toContain('# target: a =1 2\r\n');
    expect(text).toContain('# data: x y.csv\r\n');
    expect(text.split('\r\n').filter((l) => !l.startsWith('#'))[0]).toBe(
      'budget_flops,N,D,flops,name',
    );
  });

  it('names runs by plan, position and size', () => {
    expect(planRunName('classic', 9, { N: 1.234e9, D: 5e10 })).toBe('classic-10-N1.23e9-D5.00e10');
  });
});
