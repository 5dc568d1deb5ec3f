import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseFitCommand } from '../../src/cli/args';
import { main } from '../../src/cli/main';
import { builtinDataset } from '../../src/data/builtin';
import { DEFAULT_FIT_OPTIONS } from '../../src/fit/types';
import { builtinCsv, capture } from '../support/cli';

const { dir, csvPath } = builtinCsv('scaling-sweep-cli-');

describe('parseFitCommand', () => {
  it('reads every option', () => {
    const c = parseFitCommand([
      'fit',
      'runs.csv',
      '--bootstrap',
      '1000',
      '--seed',
      '7',
      '--starts',
      '300',
      '--engine',
      'cpu',
      '--json',
      '--tie-exponents',
      '--delta',
      '0.01',
    ]);
    expect(c).toEqual({
      command: 'fit',
      file: 'runs.csv',
      engine: 'cpu',
      json: true,
      options: {
        ...DEFAULT_FIT_OPTIONS,
        bootstrap: 1000,
        seed: 7,
        starts: { kind: 'random', count: 300 },
        tieExponents: true,
        delta: 0.01,
      },
    });
    expect(parseFitCommand(['fit', 'x.csv', '--starts', 'grid']).options.starts).toEqual({
      kind: 'grid',
    });
    expect(parseFitCommand(['fit', 'x.csv', '--threads', '3']).threads).toBe(3);
    expect(parseFitCommand(['fit', 'x.csv'])).not.toHaveProperty('threads');
  });

  it.each([
    [[], /no command/],
    [['plot'], /unknown command 'plot'/],
    [['fit'], /no FILE/],
    [['fit', 'a', 'b'], /one FILE only/],
    [
      ['fit', 'a', '--bootstrap', '-3'],
      /--bootstrap needs a whole number from 0 to 200000, got -3/,
    ],
    [['fit', 'a', '--bootstrap', '1e3'], /whole number/],
    [['fit', 'a', '--seed'], /got nothing/],
    [['fit', 'a', '--engine', 'tpu'], /--engine needs one of auto, gpu, cpu, got tpu/],
    [['fit', 'a', '--delta', '0'], /positive number/],
    [['fit', 'a', '--frobnicate'], /unknown option --frobnicate/],
    [['fit', 'a', '--threads', '0'], /--threads needs a whole number, 1 or more, got 0/],
    [['fit', 'a', '--threads', '1.5'], /--threads needs a whole number, 1 or more, got 1.5/],
    [['fit', 'a', '--threads', 'all'], /--threads needs a whole number, 1 or more, got all/],
  ])('rejects %j with a clear message', (argv, message) => {
    expect(() => parseFitCommand(argv as string[])).toThrow(message);
  });
});

describe('CLI main', () => {
  it('prints the JSON report of a CPU fit', async () => {
    const io = capture();
    const code = await main(
      [
        'fit',
        csvPath,
        '--bootstrap',
        '50',
        '--starts',
        '40',
        '--seed',
        '3',
        '--engine',
        'cpu',
        '--json',
      ],
      io.streams,
    );
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(io.out());
    expect(report).toMatchObject({
      version: 1,
      method: 'approach3',
      engine: 'cpu',
      adapter: null,
      rows: builtinDataset(1).runs.length,
    });
    // In-process (no bundled thread script): the calling thread, and no thread count.
    expect(report).not.toHaveProperty('threads');
    for (const k of ['E', 'A', 'B', 'alpha', 'beta', 'objective'])
      expect(Number.isFinite(report.fit[k])).toBe(true);
    expect(report.bootstrap.replicas).toBe(50);
    expect(report.bootstrap.converged).toBeGreaterThanOrEqual(49);
    for (const k of ['E', 'A', 'B', 'alpha', 'beta', 'a', 'b']) {
      const [lo, hi] = report.bootstrap.ci95[k];
      expect(lo).toBeLessThanOrEqual(report.bootstrap.median[k]);
      expect(hi).toBeGreaterThanOrEqual(report.bootstrap.median[k]);
      expect(report.bootstrap.se[k]).toBeGreaterThan(0);
    }
    expect(report.seconds).toBeGreaterThan(0);
    expect(report.fitsPerSecond).toBeGreaterThan(0);
  });

  it('runs the GPU engine through the webgpu package', async () => {
    const io = capture();
    const code = await main(
      ['fit', csvPath, '--bootstrap', '50', '--starts', '40', '--engine', 'gpu', '--json'],
      io.streams,
    );
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(io.out());
    expect(report.engine).toBe('gpu');
    expect(report.adapter).toMatch(/\w/);
  });

  it('exits 2 with the reason for a missing or malformed file', async () => {
    const io = capture();
    expect(await main(['fit', join(dir, 'nope.csv')], io.streams)).toBe(2);
    expect(io.err()).toMatch(/cannot read .*nope\.csv/);
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'size,loss\n1,2\n');
    const io2 = capture();
    expect(await main(['fit', bad, '--engine', 'cpu'], io2.streams)).toBe(2);
    expect(io2.err()).toMatch(/params|tokens|column/i);
  });

  it('runs end to end through npm run cli (the Vite-backed launcher)', async () => {
    const { stdout } = await promisify(execFile)(
      'node',
      [
        'src/cli/launch.mjs',
        'fit',
        csvPath,
        '--bootstrap',
        '20',
        '--starts',
        '20',
        '--engine',
        'cpu',
        '--json',
      ],
      { timeout: 120_000 },
    );
    expect(JSON.parse(stdout).bootstrap.replicas).toBe(20);
  });
});

describe('CLI help and usage errors', () => {
  const run = async (argv: string[]) => {
    const io = capture();
    const code = await main(argv, io.streams);
    return { code, out: io.out(), err: io.err() };
  };

  it.each([['--help'], ['-h'], ['help'], ['help', '--help']])(
    '%s prints the overview to stdout and exits 0',
    async (...argv) => {
      const r = await run(argv);
      expect(r).toMatchObject({ code: 0, err: '' });
      expect(r.out).toMatch(/^usage: scaling-sweep COMMAND/);
      expect(r.out).toMatch(/fit FILE .*\n.*frontier/);
      expect(r.out).toMatch(/Exit codes: 0 done, 1 .*, 2 bad usage/);
    },
  );

  it.each([
    [['fit', '--help'], /^usage: scaling-sweep fit FILE/],
    [['help', 'fit'], /^usage: scaling-sweep fit FILE/],
    [['fit', 'no-such.csv', '--bootstrap', '-1', '-h'], /^usage: scaling-sweep fit FILE/],
    [['frontier', '--help'], /^usage: scaling-sweep frontier --law PRESET/],
    [['-h', 'frontier'], /^usage: scaling-sweep frontier --law PRESET/],
  ])(
    '%j prints that command’s usage and exits 0, before reading or checking anything',
    async (argv, usage) => {
      const r = await run(argv);
      expect(r).toMatchObject({ code: 0, err: '' });
      expect(r.out).toMatch(usage);
      expect(r.out).toMatch(/--threads/);
    },
  );

  it.each([
    [[], 'no command given', 'see: scaling-sweep --help'],
    [['plot'], "unknown command 'plot'", 'see: scaling-sweep --help'],
    [['help', 'plot'], "no help for unknown command 'plot'", 'see: scaling-sweep --help'],
    [['--version'], "unknown command '--version'", 'see: scaling-sweep --help'],
    [['fit', 'a.csv', '--wat'], 'unknown option --wat', 'see: scaling-sweep fit --help'],
    [['fit'], 'no FILE given', 'see: scaling-sweep fit --help'],
  ])('%j exits 2 with the problem and where to read the usage', async (argv, problem, pointer) => {
    const r = await run(argv);
    expect(r).toEqual({ code: 2, out: '', err: `scaling-sweep: ${problem}\n${pointer}\n` });
  });
});
