// Engine.fitSeries on the CPU engine, through its real code path (worker API, batched backend):
// Approach 3 runs as one batched job whose entries are those of fitting each series alone
// (fitEachSeries over runMethod), with one progress over the whole job, never decreasing, and
// a cancel that rejects with the abort reason; any other method goes series by series through
// the engine's runMethod.
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/data/random';
import { CpuEngine } from '../../src/engine/cpu-engine';
import { createCpuWorkerApi } from '../../src/engine/cpu-worker-api';
import type { AsyncCpuApi, CpuExecutor } from '../../src/engine/worker-pool';
import type { FitMethod } from '../../src/fit/method';
import { APPROACH3 } from '../../src/fit/methods/approach3';
import { FitError } from '../../src/fit/run-fit';
import { fitEachSeries, type SeriesFit, type SeriesPlan } from '../../src/fit/series-fit';
import {
  DEFAULT_FIT_OPTIONS,
  type FitOptions,
  type FitProgress,
  type FitResult,
  type FitRun,
} from '../../src/fit/types';
import { computeOptimal } from '../../src/law/frontier';
import { loss, type ScalingLaw } from '../../src/law/law';
import { findPreset } from '../../src/law/presets';

/** An executor that claims `threads` threads but runs every call inline, counting the calls. */
function countingThreads(threads: number): CpuExecutor & { calls: number } {
  const api = createCpuWorkerApi() as unknown as AsyncCpuApi;
  const executor = {
    threads,
    calls: 0,
    run: <T>(task: (api: AsyncCpuApi) => Promise<T> | T) => {
      executor.calls++;
      return Promise.resolve().then(() => task(api));
    },
    dispose() {},
  };
  return executor;
}

/** 5 budgets x `perBudget` sizes around N_opt, log-normal noise of 1%. */
function seriesRuns(law: ScalingLaw, seed: number, perBudget = 6): FitRun[] {
  const rng = new SeededRandom(seed);
  const runs: FitRun[] = [];
  for (let b = 0; b < 5; b++) {
    const C = 6e18 * (3e21 / 6e18) ** (b / 4);
    const nOpt = computeOptimal(law, C).N;
    for (let i = 0; i < perBudget; i++) {
      const N = nOpt * 10 ** (-1 + (2 * i) / (perBudget - 1));
      const D = C / (6 * N);
      runs.push({ N, D, loss: loss(law, N, D) * Math.exp(0.01 * rng.normal()) });
    }
  }
  return runs;
}

const base = findPreset('besiroglu2024')!.law;
const PLAN: SeriesPlan<FitRun>[] = [
  { series: 'baseline', runs: seriesRuns(base, 1) },
  { series: 'better-data', runs: seriesRuns({ ...base, B: base.B * 0.8, beta: 0.4 }, 2) },
  { series: 'tiny', runs: seriesRuns(base, 4).slice(0, 4) },
  { series: 'wide', runs: seriesRuns({ ...base, E: base.E * 1.1, alpha: 0.3 }, 3, 8) },
];

const OPTIONS: FitOptions = {
  ...DEFAULT_FIT_OPTIONS,
  starts: { kind: 'random', count: 48 },
  bootstrap: 80,
  seed: 11,
  resampleGroups: false,
};

/** An entry without its wall time, which no two jobs share. */
function timeless(fit: SeriesFit<FitResult>): unknown {
  return 'result' in fit ? { ...fit, result: { ...fit.result, seconds: 0 } } : fit;
}

/** A toy method: the mean loss of the runs, refusing fewer than two. */
const MEAN: FitMethod<{ scale: number }, { mean: number }> = {
  id: 'mean',
  label: 'Mean loss',
  defaults: { scale: 1 },
  validate: (runs) => (runs.length < 2 ? [`needs 2 runs, has ${runs.length}`] : []),
  run: async (runs, o) => ({
    mean: (o.scale * runs.reduce((s, r) => s + r.loss, 0)) / runs.length,
  }),
  law: () => undefined,
  summary: (r) => `mean ${r.mean}`,
  rows: (r) => [{ name: 'mean', estimate: r.mean }],
  json: (r) => ({ mean: r.mean }),
};

describe('Engine.fitSeries on the CPU engine', () => {
  it('fits Approach 3 as one batched job with the entries of fitting each series alone', async () => {
    const executor = countingThreads(3);
    const engine = new CpuEngine(executor);
    const alone = await fitEachSeries(APPROACH3, PLAN, OPTIONS, (runs, job) =>
      engine.runMethod(APPROACH3, runs, OPTIONS, job),
    );
    const callsAlone = executor.calls;
    executor.calls = 0;
    const progress: FitProgress[] = [];
    const batched = await engine.fitSeries(APPROACH3, PLAN, OPTIONS, {
      onProgress: (p) => progress.push(p),
    });
    expect(batched.map(timeless)).toEqual(alone.map(timeless));
    expect(batched.map((f) => [f.series, f.runs, 'result' in f])).toEqual([
      ['baseline', 30, true],
      ['better-data', 30, true],
      ['tiny', 4, false],
      ['wide', 40, true],
    ]);
    expect('problem' in batched[2]! && batched[2].problem).toMatch(/more runs than free/);
    for (const f of batched) if ('result' in f) expect(f.result.engine).toBe('cpu');
    // One chunked job over all series: no more worker calls than the series one by one.
    expect(executor.calls).toBeLessThanOrEqual(callsAlone);

    const total = 3 * (48 + OPTIONS.bootstrap);
    expect(new Set(progress.map((p) => p.total))).toEqual(new Set([total]));
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i]!.done).toBeGreaterThanOrEqual(progress[i - 1]!.done);
    }
    const phases = progress.map((p) => p.phase);
    expect(phases.lastIndexOf('starts')).toBeLessThan(phases.indexOf('bootstrap'));
    expect(progress.at(-1)).toEqual({ phase: 'bootstrap', done: total, total });
  });

  it('rejects with the abort reason when cancelled mid-job, or before it starts', async () => {
    const engine = new CpuEngine(countingThreads(2));
    const controller = new AbortController();
    const reason = new Error('cancelled by the test');
    const seen: FitProgress[] = [];
    const job = engine.fitSeries(APPROACH3, PLAN, OPTIONS, {
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(p);
        if (p.phase === 'bootstrap') controller.abort(reason);
      },
    });
    await expect(job).rejects.toBe(reason);
    expect(seen.at(-1)!.done).toBeLessThan(seen.at(-1)!.total);

    const before = new AbortController();
    before.abort(new Error('never started'));
    await expect(
      engine.fitSeries(APPROACH3, PLAN, OPTIONS, { signal: before.signal }),
    ).rejects.toThrow('never started');
  });

  it('rejects runs without series that the fit refuses with a FitError, as a plain fit does', async () => {
    const engine = new CpuEngine(countingThreads(1));
    const plan = [{ series: null, runs: PLAN[0]!.runs.slice(0, 3) }];
    await expect(engine.fitSeries(APPROACH3, plan, OPTIONS)).rejects.toBeInstanceOf(FitError);
  });

  it('fits any other method series by series through the engine runMethod', async () => {
    const engine = new CpuEngine(countingThreads(1));
    const methods: string[] = [];
    const runMethod = engine.runMethod.bind(engine);
    Object.assign(engine, {
      runMethod: ((method, runs, options, job) => {
        methods.push(method.id);
        return runMethod(method, runs, options, job);
      }) satisfies CpuEngine['runMethod'],
    });
    const fits = await engine.fitSeries(MEAN, PLAN, { scale: 2 });
    const alone = await fitEachSeries(MEAN, PLAN, { scale: 2 }, (runs) =>
      MEAN.run(runs, { scale: 2 }, {} as never),
    );
    expect(fits).toEqual(alone);
    expect(methods).toEqual(['mean', 'mean', 'mean', 'mean']);
  });
});
