/**
 * The CLI's `compare` on the three synthetic series (with noise of sd 0.01 on ln L, and a
 * series too small to fit): the JSON shape, an unknown reference listing the series, the joint
 * fit with its likelihood-ratio test, a budget beyond the runs marked extrapolated, an
 * unbounded multiplier written as null, usage errors and `compare --help`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/data/random';
import { loss } from '../../src/law/law';
import { jsonNumbers as numbers, runMain as run } from '../support/cli-run';
import { SERIES_LAWS, seriesCsv } from '../support/synthetic-runs';

const rng = new SeededRandom(11);
const TINY = [3e7, 1e8, 3e8].map((N) => `${N},2e9,${loss(SERIES_LAWS.base!, N, 2e9)},tiny`);
const noisy = seriesCsv(TINY)
  .trim()
  .split('\n')
  .map((line, i) => {
    if (i === 0) return line.replace(',series', ',recipe');
    const [N, D, L, s] = line.split(',');
    return `${N},${D},${Number(L) * Math.exp(0.01 * rng.normal())},${s}`;
  });
const dir = mkdtempSync(join(tmpdir(), 'cli-compare-'));
const csvPath = join(dir, 'recipes.csv');
writeFileSync(csvPath, `${noisy.join('\n')}\n`);
const FAST = ['--bootstrap', '40', '--starts', '60', '--engine', 'cpu'];
const BASE = ['compare', csvPath, '--series', 'recipe', ...FAST];

describe('CLI compare', () => {
  it('prints the comparison as JSON, a budget beyond the runs marked extrapolated', async () => {
    const r = await run([...BASE, '--reference', 'base', '--budget', '1e18,1e22', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out);
    expect(out).toMatchObject({ version: 1, command: 'compare', method: 'approach3' });
    expect(out.reference).toBe('base');
    expect(out.budgets).toEqual([1e18, 1e22]);
    expect(out.laws.map((l: { series: string }) => l.series)).toEqual(['base', 'wide', 'deep']);
    for (const l of out.laws) {
      expect(Object.keys(l.law)).toEqual(['E', 'A', 'B', 'alpha', 'beta']);
      expect(l.law.alpha).toBeGreaterThan(0);
      expect(l.runs).toBe(16);
      expect(l.budgetRange[0]).toBeCloseTo(6 * 3e7 * 6e8, -10);
    }
    expect(out.leftOut).toEqual([
      { series: 'tiny', problem: expect.stringMatching(/more runs than free parameters/) },
    ]);
    expect(out.rows).toHaveLength(4);
    for (const row of out.rows) {
      expect(Object.keys(row)).toEqual([
        'series',
        'budget',
        'multiplier',
        'unbounded',
        'interval',
        'extrapolated',
        'lossGap',
        'lossGapInterval',
      ]);
      expect(row.extrapolated).toBe(row.budget === 1e22);
      expect(row.interval).toHaveLength(2);
    }
    expect(out.exponentGaps.map((g: { series: string }) => g.series)).toEqual(['wide', 'deep']);
    expect(out.verdicts).toHaveLength(2);
    expect(out.verdicts[0]).toMatch(/^wide is worth .* the compute of base at 1e18 FLOPs/);
    expect(out.joint).toBeUndefined();
    expect(r.err).toMatch(/series tiny left out: a fit needs more runs/);
  });

  it('exits 2 naming the series when the reference is unknown', async () => {
    const r = await run([...BASE, '--reference', 'nope']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(
      /the reference "nope" is not among the series; the series are "base", "wide", "deep", "tiny"/,
    );
  });

  it('fits jointly with --shared and prints the LR test and the constant multiplier', async () => {
    const args = [...BASE, '--reference', 'base', '--budget', '1e19', '--shared', 'E,alpha,beta'];
    const json = JSON.parse((await run([...args, '--json'])).out);
    const joint = json.joint;
    expect(joint.shared).toEqual(['E', 'alpha', 'beta']);
    expect(joint.laws.map((l: { series: string }) => l.series)).toEqual(['base', 'wide', 'deep']);
    expect(new Set(joint.laws.map((l: { law: { E: number } }) => l.law.E)).size).toBe(1);
    expect(joint.test.df).toBe(6);
    // The three laws differ in E and the exponents: sharing them is rejected.
    expect(joint.test.statistic).toBeGreaterThan(20);
    expect(joint.test.pValue).toBeLessThan(0.01);
    expect(joint.constant.map((c: { series: string }) => c.series)).toEqual(['wide', 'deep']);
    for (const [i, c] of joint.constant.entries()) {
      expect(joint.rows[i].multiplier).toBeCloseTo(c.multiplier, 6);
      expect(c.interval[0]).toBeLessThanOrEqual(c.interval[1]);
    }
    expect(json.verdicts).toHaveLength(4);
    const text = await run(args);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^== joint fit, E, alpha, beta shared$/m);
    expect(text.out).toMatch(
      /^likelihood-ratio test against separate fits: [\d.]+ on 6 df, p = .* \(rejected at 5%/m,
    );
    expect(text.out).toMatch(/^the multiplier at every budget \(E, alpha, beta shared\):$/m);
  });

  it('writes an unbounded multiplier as null, never Infinity or NaN', async () => {
    // deep's floor (E = 2.0) lies above what wide (E = 1.6) reaches at 1e30 FLOPs.
    const r = await run([...BASE, '--reference', 'deep', '--budget', '1e19,1e30', '--json']);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/NaN|Infinity/);
    const out = JSON.parse(r.out);
    for (const n of numbers(out)) expect(Number.isFinite(n)).toBe(true);
    const far = out.rows.find(
      (row: { series: string; budget: number }) => row.series === 'wide' && row.budget === 1e30,
    );
    expect(far).toMatchObject({ multiplier: null, unbounded: true, extrapolated: true });
    expect(far.interval[1]).toBeNull();
    const text = await run([...BASE, '--reference', 'deep', '--budget', '1e19,1e30']);
    expect(text.out).toMatch(/^ {2}1e30 +unbounded .* extrapolated$/m);
    expect(text.out).toMatch(/deep cannot match at any compute from \S+ FLOPs on/);
  });

  it('prints a table per compared series with the verdicts', async () => {
    const r = await run([...BASE, '--reference', 'wide', '--budget', '1e18', '--budget', '1e22']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^base against wide$/m);
    expect(r.out).toMatch(/^deep against wide$/m);
    expect(r.out).toMatch(/^ {2}1e22 .* extrapolated$/m);
    expect(r.out).toMatch(/^ {2}left out tiny: /m);
    expect(r.out).toMatch(/^verdicts:\n- base is worth/m);
  });

  it('refuses bad usage with exit 2 and a specific message', async () => {
    const cases: [string[], RegExp][] = [
      [['--reference', 'base', '--shared', 'E,gamma'], /--shared: unknown parameter gamma/],
      [
        ['--reference', 'base', '--method', 'compute-only', '--shared', 'E'],
        /--shared fits jointly with Approach 3/,
      ],
      [
        ['--reference', 'base', '--method', 'approach2'],
        /--method needs one of approach3, compute-only/,
      ],
      [['--budget', '1e19'], /--reference NAME is required/],
      [['--reference', 'base', '--budget', '-3'], /--budget needs a positive number/],
    ];
    for (const [extra, message] of cases) {
      const r = await run([...BASE, ...extra]);
      expect(r.code, extra.join(' ')).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err).toMatch(/see: scaling-sweep compare --help/);
    }
    const noColumn = await run(['compare', csvPath, '--reference', 'base']);
    expect(noColumn.code).toBe(2);
    expect(noColumn.err).toMatch(/--series COLUMN is required/);
    const wrongColumn = await run([...BASE.slice(0, 2), '--series', 'nope', '--reference', 'base']);
    expect(wrongColumn.code).toBe(2);
  });

  it('prints its usage for compare --help and exits 0', async () => {
    const r = await run(['compare', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^usage: scaling-sweep compare FILE --series COLUMN --reference NAME/);
    const overview = await run(['--help']);
    expect(overview.out).toMatch(/^ {2}compare FILE {6}compare recipes/m);
  });
});
