/**
 * The comparison job the Compare view and the CLI's `compare` share, on the three synthetic
 * series: a missing reference lists the series, a series with too few runs is left out with its
 * reason, two identical series compare as 1, sharing E, alpha and beta gives the budget-free
 * multiplier, and an aborted signal rejects the joint fit.
 */
import { describe, expect, it } from 'vitest';
import { parseRuns } from '../../src/data/runs';
import { compareEntries, runComparison } from '../../src/fit/compare-job';
import { CompareError } from '../../src/fit/compare-recipes';
import { inProcessFitBackend } from '../../src/fit/design-check';
import { APPROACH3 } from '../../src/fit/methods/approach3';
import { runFit } from '../../src/fit/run-fit';
import { fitEachSeries, planSeriesFits } from '../../src/fit/series-fit';
import { DEFAULT_FIT_OPTIONS, type FitOptions } from '../../src/fit/types';
import { loss } from '../../src/law/law';
import { SERIES_LAWS, seriesCsv } from '../support/synthetic-runs';

const OPTIONS: FitOptions = {
  ...DEFAULT_FIT_OPTIONS,
  starts: { kind: 'random', count: 60 },
  bootstrap: 30,
  seed: 3,
};

/** `base` again under another name: the same runs, so the same fit. */
const TWIN = seriesCsv()
  .trim()
  .split('\n')
  .filter((l) => l.endsWith(',base'))
  .map((l) => l.replace(/,base$/, ',twin'));
const TINY = [3e7, 1e8, 3e8].map((N) => `${N},2e9,${loss(SERIES_LAWS.base!, N, 2e9)},tiny`);

async function fitted(extra: readonly string[] = []) {
  const runs = parseRuns(seriesCsv(extra)).runs;
  const plan = planSeriesFits(runs, []);
  const fits = await fitEachSeries(APPROACH3, plan, OPTIONS, (r, job) =>
    runFit(r, OPTIONS, inProcessFitBackend(), job),
  );
  return { plan, fits };
}

const job = await fitted([...TWIN, ...TINY]);
const input = { method: 'approach3', ...job, options: OPTIONS };

describe('runComparison', () => {
  it('names the series when the reference is not among them', async () => {
    await expect(runComparison({ ...input, reference: 'nope' })).rejects.toThrow(CompareError);
    await expect(runComparison({ ...input, reference: 'nope' })).rejects.toThrow(
      /"nope" is not among the series; the series are "base", "wide", "deep", "twin", "tiny"/,
    );
  });

  it('leaves out a series with too few runs, with its reason', async () => {
    const out = await runComparison({ ...input, reference: 'base', budgets: [1e18, 1e19] });
    expect(out.separate.leftOut).toEqual([
      { name: 'tiny', problem: expect.stringMatching(/more runs than free parameters/) },
    ]);
    expect(out.separate.comparisons.map((c) => c.series)).toEqual(['wide', 'deep', 'twin']);
    expect(out.verdicts).toHaveLength(3);
    expect(out.joint).toBeUndefined();
    expect(compareEntries('approach3', job.fits, job.plan).map((e) => 'problem' in e)).toEqual([
      false,
      false,
      false,
      false,
      true,
    ]);
  });

  it('compares two identical series as 1, the interval covering 1', async () => {
    const out = await runComparison({ ...input, reference: 'base', budgets: [1e17, 1e19, 1e21] });
    const twin = out.separate.comparisons.find((c) => c.series === 'twin')!;
    for (const row of twin.rows) {
      expect(row.multiplier).toBeCloseTo(1, 9);
      expect(row.interval[0]!).toBeLessThanOrEqual(1 + 1e-9);
      expect(row.interval[1]!).toBeGreaterThanOrEqual(1 - 1e-9);
      expect(row.lossGap).toBeCloseTo(0, 9);
    }
    expect(out.verdicts[2]).toMatch(/^twin is worth 1× the compute of base at 1e17 FLOPs/);
  });

  it('takes default budgets from the frontiers when none are given', async () => {
    const out = await runComparison({ ...input, reference: 'base' });
    expect(out.separate.budgets.length).toBe(49);
    expect(out.verdicts[0]).toMatch(/within the data/);
  });

  it('gives the budget-free multiplier with E, alpha and beta shared', async () => {
    const steps: string[] = [];
    const out = await runComparison(
      { ...input, reference: 'base', budgets: [1e19, 1e20], shared: ['E', 'alpha', 'beta'] },
      { onProgress: (p) => steps.push(p.phase) },
    );
    const joint = out.joint!;
    expect(joint.fit.shared).toEqual(['E', 'alpha', 'beta']);
    expect(joint.fit.series.map((s) => s.name)).toEqual(['base', 'wide', 'deep', 'twin']);
    expect(joint.test.df).toBe(3 * 3);
    expect(joint.test.pValue).toBeGreaterThanOrEqual(0);
    expect(joint.constant.map((c) => c.series)).toEqual(['wide', 'deep', 'twin']);
    for (const c of joint.constant) {
      const cmp = joint.comparison.comparisons.find((s) => s.series === c.series)!;
      for (const row of cmp.rows) expect(row.multiplier!).toBeCloseTo(c.multiplier, 6);
    }
    expect(joint.constant[2]!.multiplier).toBeCloseTo(1, 6);
    expect(joint.comparison.leftOut.map((l) => l.name)).toEqual(['tiny']);
    expect(out.verdicts).toHaveLength(6);
    expect(out.verdicts[3]).toMatch(/^With E, alpha, beta shared: wide is worth/);
    expect(steps).toContain('bootstrap');
  });

  it('gives no constant multiplier when only the exponents are shared', async () => {
    const out = await runComparison({
      ...input,
      reference: 'base',
      budgets: [1e19],
      shared: ['alpha', 'beta'],
      options: { ...OPTIONS, bootstrap: 0 },
    });
    expect(out.joint!.constant).toEqual([]);
    expect(out.joint!.test.df).toBe(3 * 2);
  });

  it('refuses unknown shared parameters, and shared parameters with another method', async () => {
    await expect(
      runComparison({ ...input, reference: 'base', shared: ['E', 'gamma' as 'E'] }),
    ).rejects.toThrow(/unknown shared parameter gamma: choose from E, A, B, alpha, beta/);
    await expect(
      runComparison({ ...input, method: 'compute-only', reference: 'base', shared: ['E'] }),
    ).rejects.toThrow(/needs the approach3 method; the series were fitted with compute-only/);
  });

  it('refuses fewer than two series and unnamed series', async () => {
    const one = { ...input, fits: job.fits.slice(0, 1), reference: 'base' };
    await expect(runComparison(one)).rejects.toThrow(
      /at least two series; the runs carry only "base"/,
    );
    const unnamed = [{ series: null, runs: 3, problem: 'x' }];
    expect(() => compareEntries('approach3', unnamed, [])).toThrow(/the runs carry no series/);
  });

  it('rejects when the joint fit is cancelled', async () => {
    const controller = new AbortController();
    const run = runComparison(
      { ...input, reference: 'base', shared: ['alpha', 'beta'] },
      {
        signal: controller.signal,
        onProgress: () => controller.abort(new Error('cancelled by the test')),
      },
    );
    await expect(run).rejects.toThrow(/cancelled by the test/);
  });
});
