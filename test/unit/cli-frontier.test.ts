import { describe, expect, it } from 'vitest';
import { frontierReport } from '../../src/cli/frontier';
import {
  DEFAULT_FRONTIER_BUDGETS,
  FRONTIER_DEFAULT_BOOTSTRAP,
  parseFrontierCommand,
} from '../../src/cli/frontier-args';
import { main } from '../../src/cli/main';
import { DEFAULT_FIT_OPTIONS } from '../../src/fit/types';
import { computeOptimal } from '../../src/law/frontier';
import { findPreset } from '../../src/law/presets';
import { builtinCsv, capture } from '../support/cli';

const { csvPath } = builtinCsv('scaling-sweep-frontier-');

describe('parseFrontierCommand', () => {
  it('reads a preset with budgets and constraints', () => {
    expect(
      parseFrontierCommand([
        'frontier',
        '--law',
        'hoffmann2022',
        '--budget',
        '1e23',
        '--budget',
        '1e24',
        '--unique-tokens',
        '1e11',
        '--json',
      ]),
    ).toEqual({
      command: 'frontier',
      law: { kind: 'preset', id: 'hoffmann2022' },
      kind: 'data-constrained',
      budgets: [1e23, 1e24],
      uniqueTokens: 1e11,
      json: true,
    });
  });

  it('defaults to the decades 1e18 .. 1e26 and picks the kind from the constraints', () => {
    const c = parseFrontierCommand(['frontier', '--law', 'besiroglu2024']);
    expect(c.budgets).toEqual(DEFAULT_FRONTIER_BUDGETS);
    expect(DEFAULT_FRONTIER_BUDGETS).toEqual([
      1e18, 1e19, 1e20, 1e21, 1e22, 1e23, 1e24, 1e25, 1e26,
    ]);
    expect(c.kind).toBe('compute');
    const kind = (...args: string[]) =>
      parseFrontierCommand(['frontier', '--law', 'hoffmann2022', ...args]).kind;
    expect(kind('--inference-tokens', '1e12')).toBe('inference-budget');
    expect(kind('--target-loss', '2')).toBe('target-loss');
    expect(kind('--target-loss', '2', '--inference-tokens', '1e12')).toBe('inference-target');
    expect(kind('--unique-tokens', '1e11', '--inference-tokens', '1e12')).toBe(
      'data-constrained-inference',
    );
    expect(
      parseFrontierCommand(['frontier', '--law', 'hoffmann2022', '--target-loss', '2']).budgets,
    ).toEqual([]);
  });

  it('passes fit options through, with a modest default K', () => {
    const c = parseFrontierCommand([
      'frontier',
      '--fit',
      'runs.csv',
      '--seed',
      '9',
      '--engine',
      'cpu',
    ]);
    expect(c.law).toEqual({
      kind: 'fit',
      file: 'runs.csv',
      engine: 'cpu',
      options: { ...DEFAULT_FIT_OPTIONS, bootstrap: FRONTIER_DEFAULT_BOOTSTRAP, seed: 9 },
    });
    expect(FRONTIER_DEFAULT_BOOTSTRAP).toBe(1000);
  });

  it.each([
    [['frontier'], /give one of --law PRESET or --fit FILE/],
    [['frontier', '--law', 'x'], /--law needs one of hoffmann2022, .*got x/],
    [['frontier', '--law', 'hoffmann2022', '--fit', 'f'], /give one of/],
    [
      ['frontier', '--law', 'hoffmann2022', '--budget', 'lots'],
      /--budget needs a number, got lots/,
    ],
    [['frontier', '--law', 'hoffmann2022', '--budget'], /--budget needs a number, got nothing/],
    [
      ['frontier', '--law', 'hoffmann2022', '--unique-tokens', '1e9', '--target-loss', '2'],
      /cannot be combined with --target-loss: unique tokens U cannot be combined with a target loss/,
    ],
    [
      ['frontier', '--law', 'hoffmann2022', '--target-loss', '2', '--budget', '1e20'],
      /do not combine/,
    ],
    [['frontier', '--law', 'hoffmann2022', '--seed', '3'], /--seed applies to --fit only/],
    [['frontier', '--fit', 'f', '--bootstrap', '-1'], /--bootstrap needs a whole number/],
    [['frontier', '--law', 'hoffmann2022', '--wat'], /unknown option --wat/],
    [['frontier', '--law', 'hoffmann2022', 'extra'], /unexpected argument extra/],
  ])('rejects %j with a clear message', (argv, message) => {
    expect(() => parseFrontierCommand(argv as string[])).toThrow(message);
  });
});

describe('frontierReport', () => {
  const preset = findPreset('hoffmann2022')!;
  const law = { source: 'preset' as const, id: preset.id, ...preset.law };
  it('gives the closed form per budget and an error row for a bad budget', () => {
    const c = parseFrontierCommand([
      'frontier',
      '--law',
      'hoffmann2022',
      '--budget',
      '1e23',
      '--budget',
      '0',
    ]);
    const r = frontierReport(c, law, null);
    const o = computeOptimal(preset.law, 1e23);
    expect(r.rows[0]).toEqual({
      budget: 1e23,
      N: o.N,
      D: o.D,
      loss: o.loss,
      tokensPerParam: o.tokensPerParam,
    });
    expect(r.rows[1]).toEqual({ budget: 0, error: 'budget C must be positive, got 0' });
  });
  it('gives one row for a target loss, or its reason', () => {
    const ok = frontierReport(
      parseFrontierCommand(['frontier', '--law', 'hoffmann2022', '--target-loss', '2']),
      law,
      null,
    );
    expect(ok.rows).toHaveLength(1);
    expect((ok.rows[0] as { loss: number }).loss).toBeCloseTo(2, 10);
    const bad = frontierReport(
      parseFrontierCommand(['frontier', '--law', 'hoffmann2022', '--target-loss', '1.5']),
      law,
      null,
    );
    expect(bad.rows).toEqual([
      { budget: null, error: 'target loss 1.5 is at or below the irreducible loss E = 1.69' },
    ]);
  });
  it('brackets the point estimate with replica intervals', () => {
    const c = parseFrontierCommand(['frontier', '--law', 'hoffmann2022', '--budget', '1e22']);
    const replicas = [0.9, 0.95, 1, 1.05, 1.1].map((m) => ({
      ...preset.law,
      alpha: preset.law.alpha * m,
    }));
    const row = frontierReport(c, law, replicas).rows[0] as unknown as {
      N: number;
      interval: { N: [number, number]; replicas: number };
    };
    expect(row.interval.replicas).toBe(5);
    expect(row.interval.N[0]).toBeLessThan(row.N);
    expect(row.interval.N[1]).toBeGreaterThan(row.N);
  });
});

describe('CLI frontier', () => {
  it('prints the frontier JSON shape for a preset', async () => {
    const io = capture();
    const code = await main(
      [
        'frontier',
        '--law',
        'muennighoff2023',
        '--unique-tokens',
        '1e10',
        '--budget',
        '1e22',
        '--budget',
        '-5',
        '--json',
      ],
      io.streams,
    );
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    const r = JSON.parse(io.out());
    expect(Object.keys(r)).toEqual(['law', 'constraints', 'rows']);
    expect(r.law).toMatchObject({ source: 'preset', id: 'muennighoff2023' });
    expect(r.constraints).toMatchObject({
      kind: 'data-constrained',
      uniqueTokens: 1e10,
      RStarD: 15.387756,
      RStarN: 5.309743,
    });
    expect(Object.keys(r.rows[0])).toEqual(['budget', 'N', 'D', 'loss', 'tokensPerParam']);
    expect(r.rows[1]).toEqual({ budget: -5, error: 'budget C must be positive, got -5' });
  });

  it('prints a table', async () => {
    const io = capture();
    expect(await main(['frontier', '--law', 'hoffmann2022'], io.streams)).toBe(0);
    expect(io.out()).toMatch(/hoffmann2022/);
    expect(io.out().trim().split('\n')).toHaveLength(4 + 9);
  });

  it('fits a file and gives bootstrap intervals', async () => {
    const io = capture();
    const code = await main(
      [
        'frontier',
        '--fit',
        csvPath,
        '--bootstrap',
        '40',
        '--starts',
        '40',
        '--engine',
        'cpu',
        '--budget',
        '1e21',
        '--budget',
        '1e24',
        '--json',
      ],
      io.streams,
    );
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    const r = JSON.parse(io.out());
    expect(r.law).toMatchObject({ source: 'fit', file: csvPath });
    for (const row of r.rows) {
      expect(row.interval.replicas).toBeGreaterThanOrEqual(35);
      for (const k of ['N', 'D', 'loss', 'tokensPerParam']) {
        expect(row.interval[k][0]).toBeLessThanOrEqual(row[k]);
        expect(row.interval[k][1]).toBeGreaterThanOrEqual(row[k]);
      }
    }
  });

  it('exits 2 with usage on bad arguments', async () => {
    const io = capture();
    expect(await main(['frontier', '--law', 'nope'], io.streams)).toBe(2);
    expect(io.err()).toMatch(/--law needs one of/);
    expect(io.err()).toMatch(/usage: npm run cli -- frontier/);
  });
});
