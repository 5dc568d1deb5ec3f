/**
 * The CLI's `calibrate` in-process on the built-in dataset with tiny R and K (4 data sets,
 * K = 12, 48 random starts): the versioned JSON shape with no NaN or infinity, the text
 * readings, R of 10,000 or more refused with exit 2, a bad target, and `calibrate --help`.
 */
import { describe, expect, it } from 'vitest';
import { parseCalibrateCommand, parseTargetFlag } from '../../src/cli/calibrate-args';
import { builtinCsv } from '../support/cli';
import { jsonNumbers as numbers, runMain as run } from '../support/cli-run';

const { csvPath } = builtinCsv('cli-calibrate-');
const FAST = ['--replicas', '4', '--bootstrap', '12', '--starts', '48', '--engine', 'cpu'];

describe('CLI calibrate', () => {
  it('prints the calibration as versioned JSON', async () => {
    const r = await run(['calibrate', csvPath, ...FAST, '--target', 'nopt@1e24', '--json']);
    expect(r.code, r.err).toBe(0);
    const out = JSON.parse(r.out);
    expect(out).toMatchObject({
      version: 1,
      command: 'calibrate',
      replicas: 4,
      bootstrap: 12,
      starts: 48,
      nominal: 0.95,
      target: { quantity: 'N_opt', budget: 1e24 },
    });
    expect(out.quantities.map((q: { name: string }) => q.name)).toEqual([
      'alpha',
      'beta',
      'a',
      'E',
      'target',
    ]);
    for (const q of out.quantities) {
      expect(q.sets).toBe(out.used);
      expect(q.margin).toHaveLength(2);
      expect(q.reading).toMatch(/^your 95% intervals for /);
    }
    expect(out.readings).toHaveLength(5);
    expect(numbers(out).every(Number.isFinite)).toBe(true);
  }, 60_000);

  it('prints the readings as text', async () => {
    const r = await run(['calibrate', csvPath, ...FAST]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/simulated data sets fitted/);
    expect(r.out).toMatch(/your 95% intervals for N_opt at .* FLOPs cover \d+%/);
  }, 60_000);

  it('refuses R of 10,000 or more with exit 2', async () => {
    const r = await run(['calibrate', csvPath, '--replicas', '10000', '--engine', 'cpu']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--replicas must be below 10,000 \(got 10000\)/);
    expect(r.err).toMatch(/scaling-sweep calibrate --help/);
    expect(r.out).toBe('');
  });

  it('refuses a job beyond the cap with exit 2', async () => {
    const r = await run([
      'calibrate',
      csvPath,
      ...['--replicas', '9999', '--bootstrap', '4000', '--engine', 'cpu'],
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/above the cap of 10,000,000/);
  }, 60_000);

  it('parses the target and refuses a bad one', () => {
    expect(parseTargetFlag('nopt@1e24')).toEqual({ kind: 'nopt', budget: 1e24 });
    expect(() => parseTargetFlag('dopt@1e24')).toThrow(/nopt@C/);
    expect(() => parseTargetFlag('nopt@-1')).toThrow(/nopt@C/);
    const c = parseCalibrateCommand(['calibrate', 'f.csv']);
    expect(c).toMatchObject({ replicas: 200, options: { bootstrap: 200 }, engine: 'auto' });
    expect(c.options).not.toHaveProperty('tolerance');
  });

  it('calibrate --help exits 0', async () => {
    const r = await run(['calibrate', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^usage: scaling-sweep calibrate FILE/);
    const overview = await run(['--help']);
    expect(overview.out).toMatch(/calibrate FILE/);
  });
});
