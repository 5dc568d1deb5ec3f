/**
 * The CLI's method flags: the objective and isoFLOP choices parse with clear messages and reach
 * the fit's JSON; `--method approach2|compute-only` print their own results; and
 * `--compare-methods` prints the comparison the Fit view shows (table, disagreements,
 * cross-validation, design bias), as text and as JSON.
 */
import { describe, expect, it } from 'vitest';
import { parseFitCommand } from '../../src/cli/args';
import { main } from '../../src/cli/main';
import { applyMethodFlag, parseFixFlag } from '../../src/cli/method-flags';
import { DEFAULT_FIT_OPTIONS } from '../../src/fit/types';
import { builtinCsv, capture } from '../support/cli';

const { csvPath } = builtinCsv('cli-methods-');
const FAST = ['--bootstrap', '30', '--starts', '60', '--engine', 'cpu'];

describe('method flags', () => {
  it('parse into the options object, each checked', () => {
    const c = parseFitCommand([
      'fit',
      'x.csv',
      '--loss',
      'huber',
      '--delta-from-data',
      '1.345',
      '--over-penalty',
      '3',
      '--weights',
      'sqrt-compute',
      '--fix',
      'E=1.69,alpha=0.34',
      '--tolerance',
      '0.1',
      '--target',
      'log-loss',
    ]);
    expect(c.options).toEqual({
      ...DEFAULT_FIT_OPTIONS,
      residualLoss: 'huber',
      deltaRule: { kind: 'scaled', constant: 1.345 },
      overPenalty: 3,
      weighting: 'sqrt-compute',
      fixed: { E: 1.69, alpha: 0.34 },
      tolerance: 0.1,
      target: 'log-loss',
    });
    expect(applyMethodFlag('--bootstrap', () => '1', DEFAULT_FIT_OPTIONS)).toBeUndefined();
    const bad = (argv: string[]) => () => parseFitCommand(['fit', 'x.csv', ...argv]);
    expect(bad(['--loss', 'l1'])).toThrow('--loss needs one of huber, squared, got l1');
    expect(bad(['--over-penalty', '0.5'])).toThrow('--over-penalty needs a number from 1 to 1000');
    expect(bad(['--weights'])).toThrow('--weights needs one of none, column, sqrt-compute');
    expect(bad(['--tolerance', '1'])).toThrow('--tolerance needs a number from 0 to 0.99');
    expect(bad(['--compare-methods', '--method', 'approach2'])).toThrow(
      '--compare-methods fits every method',
    );
    expect(bad(['--budget', '-1'])).toThrow('--budget needs a positive number of FLOPs');
    expect(() => parseFixFlag('gamma=1')).toThrow('unknown parameter "gamma"');
    expect(() => parseFixFlag('E=0')).toThrow('E must be above 0 and at most 100, got 0');
    expect(() => parseFixFlag('alpha')).toThrow('"alpha" is not P=V');
    expect(() => parseFixFlag('E=1,E=2')).toThrow('E is given twice');
  });
});

describe('CLI methods', () => {
  it('Approach 2 prints its a, b and per-budget parabolas, with the grouping it used', async () => {
    const io = capture();
    const code = await main(
      ['fit', csvPath, ...FAST, '--method', 'approach2', '--target', 'log-loss', '--json'],
      io.streams,
    );
    expect(code).toBe(0);
    const json = JSON.parse(io.out());
    expect(json.method).toBe('approach2');
    expect(json.options.target).toBe('log-loss');
    expect(json.a).toBeGreaterThan(0.3);
    expect(json.a).toBeLessThan(0.7);
    expect(json.budgets.filter((b: { used: boolean }) => b.used).length).toBeGreaterThanOrEqual(3);
    expect(json.budgets[0].parabola.c2).toBeGreaterThan(0);
    expect(json.bootstrap.a.ci95[0]).toBeLessThan(json.a);
  });

  it('the compute-only law prints E, A and alpha with intervals', async () => {
    const io = capture();
    const code = await main(['fit', csvPath, ...FAST, '--method', 'compute-only'], io.streams);
    expect(code).toBe(0);
    expect(io.out()).toMatch(/alpha/);
  });

  it('--compare-methods prints the table, the cross-validation and the design bias', async () => {
    const io = capture();
    const code = await main(
      ['fit', csvPath, ...FAST, '--compare-methods', '--budget', '1e21', '--json'],
      io.streams,
    );
    expect(code).toBe(0);
    const json = JSON.parse(io.out());
    expect(json.command).toBe('compare-methods');
    expect(json.budget).toBe(1e21);
    expect(json.estimates.map((e: { method: string }) => e.method)).toEqual([
      'approach3',
      'approach2',
      'compute-only',
    ]);
    const a3 = json.estimates[0];
    expect(a3.a.ci95[0]).toBeLessThanOrEqual(a3.a.point);
    expect(a3.a.ci95[1]).toBeGreaterThanOrEqual(a3.a.point);
    expect(json.crossValidation.heldOut.length).toBeGreaterThan(0);
    expect(json.designBias.aTrue).toBeCloseTo(a3.a.point, 10);

    const text = capture();
    expect(
      await main(['fit', csvPath, ...FAST, '--compare-methods', '--budget', '1e21'], text.streams),
    ).toBe(0);
    expect(text.out()).toMatch(/method to trust, at C = 1\.000e\+21 FLOPs/);
    expect(text.out()).toMatch(/Approach 3 +0\.\d+ \[0\.\d+, 0\.\d+\]/);
    expect(text.out()).toMatch(/leave one budget out/);
    expect(text.out()).toMatch(/design bias: .* Approach 2 finds a = 0\.\d+/);
  });
});
