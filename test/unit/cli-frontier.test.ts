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
    expect(parseFrontierCommand(['frontier', '--fit', 'runs.csv', '--threads', '3']).law).toEqual({
      kind: 'fit',
      file: 'runs.csv',
      engine: 'auto',
      threads: 3,
      options: { ...DEFAULT_FIT_OPTIONS, bootstrap: FRONTIER_DEFAULT_BOOTSTRAP },
    });
  });

  it.each([
    [['frontier'], /give one of --law PRESET, --law E=..,A=..,B=..,alpha=..,beta=.. or --fit FILE/],
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
    [['frontier', '--law', 'hoffmann2022', '--threads', '2'], /--threads applies to --fit only/],
    [['frontier', '--fit', 'f', '--threads', '0'], /--threads needs a whole number, 1 or more/],
    [['frontier', '--law', 'hoffmann2022', '--law', 'besiroglu2024'], /give --law once/],
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
    const r = frontierReport(c, law);
    const o = computeOptimal(preset.law, 1e23);
    expect(r.rows[0]).toEqual({
      budget: 1e23,
      trainingFlops: 6 * o.N * o.D,
      totalFlops: 6 * o.N * o.D,
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
    );
    expect(ok.rows).toHaveLength(1);
    expect((ok.rows[0] as { loss: number }).loss).toBeCloseTo(2, 10);
    const bad = frontierReport(
      parseFrontierCommand(['frontier', '--law', 'hoffmann2022', '--target-loss', '1.5']),
      law,
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
    const row = frontierReport(c, law, { replicas }).rows[0] as unknown as {
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
    expect(Object.keys(r)).toEqual(['version', 'law', 'engine', 'constraints', 'rows']);
    expect(r.version).toBe(1);
    expect(r.engine).toBeNull();
    expect(r.law).toMatchObject({ source: 'preset', id: 'muennighoff2023' });
    expect(r.constraints).toMatchObject({
      kind: 'data-constrained',
      uniqueTokens: 1e10,
      targetQuality: null,
      RStarD: 15.387756,
      RStarN: 5.309743,
    });
    expect(Object.keys(r.rows[0])).toEqual([
      'budget',
      'trainingFlops',
      'totalFlops',
      'N',
      'D',
      'loss',
      'tokensPerParam',
      'epochs',
    ]);
    expect(r.rows[0].trainingFlops / 1e22).toBeCloseTo(1, 12);
    expect(r.rows[0].epochs).toBeCloseTo(r.rows[0].D / 1e10, 12);
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
    // In-process (no bundled thread script), the CPU engine runs on the calling thread.
    expect(r.engine).toEqual({ kind: 'cpu', adapter: null, threads: null });
    for (const row of r.rows) {
      expect(row.interval.replicas).toBeGreaterThanOrEqual(35);
      for (const k of ['N', 'D', 'loss', 'tokensPerParam']) {
        expect(row.interval[k][0]).toBeLessThanOrEqual(row[k]);
        expect(row.interval[k][1]).toBeGreaterThanOrEqual(row[k]);
      }
    }
  });

  it('exits 2 with the problem and a pointer to the usage on bad arguments', async () => {
    const io = capture();
    expect(await main(['frontier', '--law', 'nope'], io.streams)).toBe(2);
    expect(io.err()).toBe(
      'scaling-sweep: --law needs one of hoffmann2022, hoffmann2022-unrounded, besiroglu2024, muennighoff2023 or E=…,A=…,B=…,alpha=…,beta=…, got nope\nsee: scaling-sweep frontier --help\n',
    );
    expect(io.out()).toBe('');
  });
});

describe('frontier --law with typed constants', () => {
  const typed = 'E=1.69,A=406.4,B=410.7,alpha=0.34,beta=0.28';
  it('takes the five constants wherever a preset is taken, and solves as the preset does', async () => {
    expect(parseFrontierCommand(['frontier', '--law', typed]).law).toEqual({
      kind: 'typed',
      law: findPreset('hoffmann2022')!.law,
    });
    const outOf = async (law: string) => {
      const io = capture();
      expect(await main(['frontier', '--law', law, '--budget', '1e24', '--json'], io.streams)).toBe(
        0,
      );
      expect(io.err()).toBe('');
      return JSON.parse(io.out());
    };
    const [mine, preset] = [
      await outOf(` ${typed.replaceAll(',', ' , ')} `),
      await outOf('hoffmann2022'),
    ];
    expect(mine.law).toEqual({ source: 'typed', ...findPreset('hoffmann2022')!.law });
    expect(mine.rows).toEqual(preset.rows);
    // No unique tokens: Muennighoff's repetition constants do not apply and are not given.
    expect(mine.constraints).not.toHaveProperty('RStarD');
    expect(mine.constraints).not.toHaveProperty('RStarN');
  });

  it.each([
    [
      'E=1.69,A=406.4,B=410.7,alpha=0.34',
      '--law: missing beta (a typed law gives all of E, A, B, alpha, beta)',
    ],
    [
      'E=1.69,A=406.4',
      '--law: missing B, alpha, beta (a typed law gives all of E, A, B, alpha, beta)',
    ],
    [
      `${typed},gamma=2`,
      '--law: unknown constant "gamma" (the constants are E, A, B, alpha, beta)',
    ],
    [`${typed},E=2`, '--law: E given twice'],
    ['E=1.69,A=lots,B=410.7,alpha=0.34,beta=0.28', '--law: A needs a number, got "lots"'],
    ['E=1.69,A=,B=410.7,alpha=0.34,beta=0.28', '--law: A needs a number, got ""'],
    ['E=1.69,A=406.4,B=Infinity,alpha=0.34,beta=0.28', '--law: B must be finite'],
    ['E=1.69,A=406.4,B=410.7,alpha=0,beta=0.28', '--law: alpha must be positive, got 0'],
    ['E=-1,A=406.4,B=410.7,alpha=0.34,beta=0.28', '--law: E must be positive, got -1'],
    [
      'E=1.69,A=406.4,B=410.7,alpha=0.34,beta',
      '--law: "beta" is not CONSTANT=VALUE (give E, A, B, alpha, beta)',
    ],
  ])('refuses %s with exit 2: %s', async (law, message) => {
    const io = capture();
    expect(await main(['frontier', '--law', law], io.streams)).toBe(2);
    expect(io.err()).toBe(`scaling-sweep: ${message}\nsee: scaling-sweep frontier --help\n`);
  });
});

describe('frontier --target-quality', () => {
  const hoffmann = findPreset('hoffmann2022')!.law;
  it('targets the loss of the compute-optimal N-parameter model', async () => {
    const o = computeOptimal(hoffmann, 1e24);
    const io = capture();
    const code = await main(
      ['frontier', '--law', 'hoffmann2022', '--target-quality', String(o.N), '--json'],
      io.streams,
    );
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    const r = JSON.parse(io.out());
    expect(r.constraints.kind).toBe('target-loss');
    expect(r.constraints.targetLoss).toBeCloseTo(o.loss, 12);
    expect(r.constraints.targetQuality.N).toBe(o.N);
    expect(r.constraints.targetQuality.trainingFlops / 1e24).toBeCloseTo(1, 12);
    // The least compute reaching that loss is the compute-optimal point itself.
    const [row] = r.rows;
    expect(row.budget).toBeNull();
    expect(row.trainingFlops / 1e24).toBeCloseTo(1, 6);
    expect(row.N / o.N).toBeCloseTo(1, 6);
  });

  it('with inference tokens, names training and total compute apart', async () => {
    const io = capture();
    const code = await main(
      [
        'frontier',
        '--law',
        'hoffmann2022',
        '--target-quality',
        '7e10',
        '--inference-tokens',
        '2e13',
        '--json',
      ],
      io.streams,
    );
    expect(code).toBe(0);
    const r = JSON.parse(io.out());
    expect(r.constraints.kind).toBe('inference-target');
    const [row] = r.rows;
    expect(row.trainingFlops / (6 * row.N * row.D)).toBeCloseTo(1, 12);
    expect(row.totalFlops / (row.trainingFlops + 2 * row.N * 2e13)).toBeCloseTo(1, 12);
    // Inference demand makes the cheaper total a smaller model, trained longer.
    expect(row.N).toBeLessThan(7e10);
    expect(row.loss).toBeCloseTo(r.constraints.targetLoss, 8);
  });

  it.each([
    [
      ['--target-quality', '0'],
      '--target-quality needs a positive model size N (parameters), got 0',
    ],
    [
      ['--target-quality', '-7e9'],
      '--target-quality needs a positive model size N (parameters), got -7000000000',
    ],
    [['--target-quality', 'big'], '--target-quality needs a number, got big'],
    [
      ['--target-quality', '7e9', '--target-loss', '2'],
      'give one of --target-loss or --target-quality, not both',
    ],
    [
      ['--target-quality', '7e9', '--budget', '1e22'],
      '--target-quality finds the budget itself: do not combine it with --budget',
    ],
    [
      ['--target-quality', '7e9', '--unique-tokens', '1e11'],
      '--unique-tokens cannot be combined with --target-quality: unique tokens U cannot be combined with a target loss',
    ],
  ])('refuses %j with exit 2', async (args, message) => {
    const io = capture();
    expect(await main(['frontier', '--law', 'hoffmann2022', ...args], io.streams)).toBe(2);
    expect(io.err()).toMatch(message);
  });

  it('refuses a model so large that its loss is the floor E, with exit 2', async () => {
    const io = capture();
    expect(
      await main(['frontier', '--law', 'hoffmann2022', '--target-quality', '1e300'], io.streams),
    ).toBe(2);
    expect(io.err()).toMatch(
      /^scaling-sweep: --target-quality 1e\+300: a compute-optimal model of N = 1e\+300 parameters has a loss of 1.69, not above the irreducible loss E = 1.69\n$/,
    );
    expect(io.out()).toBe('');
  });
});
