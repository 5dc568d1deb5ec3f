/**
 * Fit methods: Approach 3 through the method interface gives exactly the engine's own fit (bit
 * for bit), the registry finds methods by id, and a toy method registered beside it runs
 * through the engines and the per-series fit with no change to them.
 */
import { describe, expect, it } from 'vitest';
import { fitOutputJson } from '../../src/cli/fit-output';
import { CpuEngine } from '../../src/engine/cpu-engine';
import { createInlineExecutor } from '../../src/engine/worker-pool';
import type { FitMethod } from '../../src/fit/method';
import {
  DEFAULT_FIT_METHOD,
  FIT_METHODS,
  findFitMethod,
  fitMethodIds,
} from '../../src/fit/methods';
import { APPROACH3 } from '../../src/fit/methods/approach3';
import { FitError } from '../../src/fit/run-fit';
import { fitEachSeries, fittedSeries, planSeriesFits } from '../../src/fit/series-fit';
import { DEFAULT_FIT_OPTIONS, type FitOptions, type FitRun } from '../../src/fit/types';
import { loss, type ScalingLaw } from '../../src/law/law';

const LAW: ScalingLaw = { E: 1.8, A: 400, B: 1800, alpha: 0.34, beta: 0.28 };

function runs(series?: string, scale = 1): (FitRun & { series?: string })[] {
  const out: (FitRun & { series?: string })[] = [];
  for (const N of [3e7, 1e8, 3e8, 1e9]) {
    for (const D of [6e8, 2e9, 6e9]) {
      out.push({ N, D, loss: scale * loss(LAW, N, D), ...(series ? { series } : {}) });
    }
  }
  return out;
}

const OPTIONS: FitOptions = {
  ...DEFAULT_FIT_OPTIONS,
  starts: { kind: 'random', count: 24 },
  bootstrap: 16,
};

/** A toy method: the mean loss as E (A = B = 0); it refuses fewer than 2 runs. */
const MEAN: FitMethod<{ readonly scale: number }, { readonly mean: number; readonly n: number }> = {
  id: 'mean',
  label: 'Mean loss',
  defaults: { scale: 1 },
  validate: (r) => (r.length < 2 ? [`needs 2 runs, has ${r.length}`] : []),
  run: async (r, o, context) => {
    expect(context.backend.engine).toBe('cpu');
    context.onProgress?.({ phase: 'starts', done: 1, total: 1 });
    return { mean: (o.scale * r.reduce((s, x) => s + x.loss, 0)) / r.length, n: r.length };
  },
  law: (res) => ({ E: res.mean, A: 0, B: 0, alpha: 1, beta: 1 }),
  summary: (res) => `mean of ${res.n} runs`,
  rows: (res) => [{ name: 'E', estimate: res.mean }],
  json: (res) => ({ mean: res.mean, rows: res.n }),
};

describe('fit methods', () => {
  it('registers Approach 3 first, as the default', () => {
    expect(DEFAULT_FIT_METHOD).toBe('approach3');
    expect(FIT_METHODS[0]).toBe(APPROACH3);
    expect(findFitMethod('approach3')).toBe(APPROACH3);
    expect(findFitMethod('approach9')).toBeUndefined();
    expect(fitMethodIds([...FIT_METHODS, MEAN])).toEqual([
      'approach3',
      'approach2',
      'compute-only',
      'mean',
    ]);
    expect(findFitMethod('mean', [...FIT_METHODS, MEAN])).toBe(MEAN);
  });

  it('Approach 3 as a method is the engine fit, bit for bit', async () => {
    const engine = new CpuEngine(createInlineExecutor());
    try {
      const direct = await engine.fit(runs(), OPTIONS);
      const viaMethod = await engine.runMethod(APPROACH3, runs(), OPTIONS);
      expect(viaMethod.best.theta).toEqual(direct.best.theta);
      expect(viaMethod.bootstrap?.replicas).toEqual(direct.bootstrap?.replicas);
      expect(APPROACH3.law(viaMethod)).toEqual(direct.best.law);
      const rows = APPROACH3.rows(viaMethod);
      expect(rows.map((r) => r.name)).toEqual(['E', 'A', 'B', 'alpha', 'beta', 'a', 'b']);
      expect(rows[0]!.estimate).toBe(direct.best.law.E);
      expect(rows[0]!.interval).toEqual(direct.bootstrap!.params.E.ci95);
      expect(APPROACH3.summary(viaMethod)).toBe(
        'Approach 3 on 12 runs, 16 bootstrap replicas (CPU)',
      );
    } finally {
      engine.dispose();
    }
  });

  it('a toy method runs through the engine, the per-series fit and the CLI JSON unchanged', async () => {
    const engine = new CpuEngine(createInlineExecutor());
    try {
      const all = [...runs('a'), ...runs('b', 2), { N: 1e9, D: 1e10, loss: 3, series: 'c' }];
      const plan = planSeriesFits(all, []);
      expect(plan.map((p) => [p.series, p.runs.length])).toEqual([
        ['a', 12],
        ['b', 12],
        ['c', 1],
      ]);
      const progress: number[] = [];
      const fits = await fitEachSeries(
        MEAN,
        plan,
        { scale: 1 },
        (r, job) => engine.runMethod(MEAN, r, { scale: 1 }, job),
        { onProgress: (p) => progress.push(p.done / p.total) },
      );
      expect(fits[2]).toEqual({ series: 'c', runs: 1, problem: 'needs 2 runs, has 1' });
      const ok = fittedSeries(fits);
      expect(ok.map((f) => f.series)).toEqual(['a', 'b']);
      expect(ok[1]!.result.mean).toBeCloseTo(2 * ok[0]!.result.mean, 12);
      // One progress for the whole job: series 1 of 3 done, then 2 of 3.
      expect(progress).toEqual([Math.round(1000 / 3) / 1000, Math.round(2000 / 3) / 1000]);
      const json = fitOutputJson(MEAN, fits, null);
      expect(json).toMatchObject({ version: 1, method: 'mean' });
      expect((json.series as unknown[])[0]).toEqual({
        series: 'a',
        mean: ok[0]!.result.mean,
        rows: 12,
      });
    } finally {
      engine.dispose();
    }
  });

  it('treats runs with one series, or none, as one fit that fails as a plain fit does', async () => {
    expect(planSeriesFits(runs('only'), [])).toEqual([{ series: null, runs: runs('only') }]);
    expect(planSeriesFits(runs('only'), ['only'])[0]!.series).toBe('only');
    const tooFew = runs().slice(0, 3);
    await expect(
      fitEachSeries(APPROACH3, planSeriesFits(tooFew, []), OPTIONS, async () => {
        throw new Error('not reached');
      }),
    ).rejects.toBeInstanceOf(FitError);
  });

  it('stops at once when cancelled', async () => {
    const controller = new AbortController();
    controller.abort(new DOMException('cancelled', 'AbortError'));
    const plan = planSeriesFits([...runs('a'), ...runs('b')], []);
    await expect(
      fitEachSeries(MEAN, plan, { scale: 1 }, async (r) => MEAN.run(r, { scale: 1 }, {} as never), {
        signal: controller.signal,
      }),
    ).rejects.toThrow('cancelled');
  });
});

describe('CLI text of any method', () => {
  it('prints a method without its own table from its summary and rows', async () => {
    const { fitOutputText } = await import('../../src/cli/fit-output');
    const text = fitOutputText(
      MEAN,
      [
        { series: 'a', runs: 12, result: { mean: 2.5, n: 12 } },
        { series: 'b', runs: 1, problem: 'needs 2 runs, has 1' },
      ],
      null,
    );
    expect(text).toContain('== series a (12 runs) · mean\nmean of 12 runs\n');
    expect(text).toMatch(/^E\s+2\.5000$/m);
    expect(text).toContain('== series b (1 run) · mean\nnot fitted: needs 2 runs, has 1');
  });
});
