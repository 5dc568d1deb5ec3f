// Per-series Approach-3 fits as one job (src/fit/series-batch-fit.ts) on the CPU backend: the
// batched job gives exactly the numbers of separate runFit calls, names the series it cannot fit
// and fits the others, rejects with the abort reason, and reports progress over the whole job.
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/data/random';
import { cpuFitBackend } from '../../src/engine/cpu-fit-backend';
import { createCpuWorkerApi } from '../../src/engine/cpu-worker-api';
import type { AsyncCpuApi, CpuExecutor } from '../../src/engine/worker-pool';
import { type FitBackend, FitError, runFit } from '../../src/fit/run-fit';
import { runSeriesFits } from '../../src/fit/series-batch-fit';
import type { SeriesFit, SeriesPlan } from '../../src/fit/series-fit';
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

/** An executor that claims `threads` threads but runs every call inline. */
function fakeThreads(threads: number): CpuExecutor {
  const api = createCpuWorkerApi() as unknown as AsyncCpuApi;
  return { threads, run: (task) => Promise.resolve().then(() => task(api)), dispose() {} };
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
  { series: 'wide', runs: seriesRuns({ ...base, E: base.E * 1.1, alpha: 0.3 }, 3, 8) },
];

const OPTIONS: FitOptions = {
  ...DEFAULT_FIT_OPTIONS,
  starts: { kind: 'random', count: 64 },
  bootstrap: 120,
  seed: 7,
  resampleGroups: false,
};

/** A result without its wall time, which no two runs share. */
function timeless(fit: SeriesFit<FitResult>): unknown {
  return 'result' in fit ? { ...fit, result: { ...fit.result, seconds: 0 } } : fit;
}

/** The CPU backend with its batch methods removed: the driver loops over problems. */
function unbatched(backend: FitBackend): FitBackend {
  return {
    engine: backend.engine,
    fitStarts: backend.fitStarts.bind(backend),
    fitReplicas: backend.fitReplicas.bind(backend),
  };
}

async function separately(
  plan: readonly SeriesPlan<FitRun>[],
  options: FitOptions,
  backend: FitBackend,
) {
  const out: SeriesFit<FitResult>[] = [];
  for (const entry of plan) {
    const result = await runFit(entry.runs, options, backend);
    out.push({ series: entry.series, runs: entry.runs.length, result });
  }
  return out;
}

describe('per-series fits in one job (CPU)', () => {
  it('gives exactly the results of separate runFit calls, batched or looped', async () => {
    const want = (await separately(PLAN, OPTIONS, cpuFitBackend(fakeThreads(1)))).map(timeless);
    for (const threads of [1, 3]) {
      const backend = cpuFitBackend(fakeThreads(threads));
      expect(backend.fitStartsBatch).toBeDefined();
      const batched = await runSeriesFits(PLAN, OPTIONS, backend);
      expect(batched.map(timeless)).toEqual(want);
      const looped = await runSeriesFits(PLAN, OPTIONS, unbatched(backend));
      expect(looped.map(timeless)).toEqual(want);
    }
    for (const fit of want as SeriesFit<FitResult>[]) {
      if (!('result' in fit)) throw new Error(`${fit.series} did not fit: ${fit.problem}`);
      expect(fit.result.bootstrap?.converged).toBeGreaterThan(100);
    }
  });

  it('names a series with too few runs and fits the others', async () => {
    const plan = [PLAN[0]!, { series: 'tiny', runs: PLAN[1]!.runs.slice(0, 4) }, PLAN[2]!];
    const options = { ...OPTIONS, bootstrap: 20 };
    const fits = await runSeriesFits(plan, options, cpuFitBackend(fakeThreads(2)));
    expect(fits.map((f) => f.series)).toEqual(['baseline', 'tiny', 'wide']);
    const tiny = fits[1]!;
    expect('problem' in tiny && tiny.problem).toMatch(/more runs than free parameters: 4 usable/);
    expect(tiny.runs).toBe(4);
    const alone = await runFit(plan[2]!.runs, options, cpuFitBackend(fakeThreads(1)));
    expect(timeless(fits[2]!)).toEqual(timeless({ series: 'wide', runs: 40, result: alone }));
  });

  it('rejects runs without series that a fit refuses, as runFit does', async () => {
    const plan = [{ series: null, runs: PLAN[0]!.runs.slice(0, 3) }];
    await expect(runSeriesFits(plan, OPTIONS, cpuFitBackend(fakeThreads(1)))).rejects.toThrow(
      FitError,
    );
  });

  it('names a series whose fit diverges and fits the others', async () => {
    const inner = cpuFitBackend(fakeThreads(2));
    const diverging = PLAN[1]!.runs;
    const backend: FitBackend = {
      ...unbatched(inner),
      async fitStarts(runs, starts, options, job) {
        const fits = await inner.fitStarts(runs, starts, options, job);
        return runs === diverging ? fits.map((f) => ({ ...f, converged: false })) : fits;
      },
    };
    const progress: FitProgress[] = [];
    const options = { ...OPTIONS, bootstrap: 20 };
    const fits = await runSeriesFits(PLAN, options, backend, {
      onProgress: (p) => progress.push(p),
    });
    expect('problem' in fits[1]! && fits[1].problem).toBe(
      'the fit diverged: none of the 64 starts converged',
    );
    expect('result' in fits[0]! && 'result' in fits[2]!).toBe(true);
    expect(progress.at(-1)).toEqual({ phase: 'bootstrap', done: 3 * (64 + 20), total: 3 * 84 });
  });

  it('reports progress over the whole job, never decreasing, starts before replicas', async () => {
    const progress: FitProgress[] = [];
    await runSeriesFits(PLAN, OPTIONS, cpuFitBackend(fakeThreads(3)), {
      onProgress: (p) => progress.push(p),
    });
    const total = PLAN.length * (64 + OPTIONS.bootstrap);
    expect(progress.length).toBeGreaterThan(6);
    expect(new Set(progress.map((p) => p.total))).toEqual(new Set([total]));
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i]!.done).toBeGreaterThanOrEqual(progress[i - 1]!.done);
    }
    const phases = progress.map((p) => p.phase);
    expect(phases.lastIndexOf('starts')).toBeLessThan(phases.indexOf('bootstrap'));
    expect(progress[phases.lastIndexOf('starts')]!.done).toBe(PLAN.length * 64);
    expect(progress.at(-1)!.done).toBe(total);
  });

  it('rejects with the abort reason when cancelled mid-job, batched or looped', async () => {
    for (const backend of [
      cpuFitBackend(fakeThreads(2)),
      unbatched(cpuFitBackend(fakeThreads(2))),
    ]) {
      const controller = new AbortController();
      const reason = new Error('cancelled by the test');
      const seen: FitProgress[] = [];
      const job = runSeriesFits(PLAN, OPTIONS, backend, {
        signal: controller.signal,
        onProgress: (p) => {
          seen.push(p);
          if (p.phase === 'bootstrap' && p.done > PLAN.length * 64 + 100) {
            controller.abort(reason);
          }
        },
      });
      await expect(job).rejects.toBe(reason);
      const last = seen.at(-1)!;
      expect(last.done).toBeLessThan(last.total);
    }
    const before = new AbortController();
    before.abort(new Error('never started'));
    await expect(
      runSeriesFits(PLAN, OPTIONS, cpuFitBackend(fakeThreads(1)), { signal: before.signal }),
    ).rejects.toThrow('never started');
  });
});
