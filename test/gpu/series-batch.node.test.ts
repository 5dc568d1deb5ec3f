// Per-series fits batched on the GPU (Dawn's Node bindings, the `webgpu` package, on
// SwiftShader or a real GPU): several series' starts, then their replicas, in the same
// dispatches of the fit kernel, each fit reading only its own series' rows. Batched fits must
// be those of separate jobs, and match the f64 CPU twin within the fit contract's tolerances.
// A missing adapter fails the suite; nothing skips.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { create, globals } from 'webgpu';
import { SeededRandom } from '../../src/data/random';
import { CpuEngine } from '../../src/engine/cpu-engine';
import { cpuFitBackend } from '../../src/engine/cpu-fit-backend';
import { GpuEngine } from '../../src/engine/gpu-engine';
import { gpuFitBackend } from '../../src/engine/gpu-fit-backend';
import { createInlineExecutor } from '../../src/engine/worker-pool';
import { fitFromStarts, fitReplicas, type LocalFitOptions } from '../../src/fit/local-fits';
import { APPROACH3 } from '../../src/fit/methods/approach3';
import { type FitData, prepareFitData } from '../../src/fit/objective';
import { type ResampleUnits, resampleUnits } from '../../src/fit/resample';
import { runFit } from '../../src/fit/run-fit';
import { runSeriesFits } from '../../src/fit/series-batch-fit';
import { fitEachSeries, type SeriesPlan } from '../../src/fit/series-fit';
import { startsFor } from '../../src/fit/starts';
import {
  DEFAULT_FIT_OPTIONS,
  type FitOptions,
  type FitResult,
  type FitRun,
  type LocalFit,
} from '../../src/fit/types';
import { acquireGpu, type GpuContext } from '../../src/gpu/device';
import { GpuFitter } from '../../src/gpu/fit';
import { KernelError } from '../../src/gpu/pipelines';
import { computeOptimal } from '../../src/law/frontier';
import { type LawTheta, loss, type ScalingLaw } from '../../src/law/law';
import { findPreset } from '../../src/law/presets';
import { requireGpu } from './require-gpu';

Object.assign(globalThis, globals);
const webgpu = create([]);

/** The fit contract's tolerances for f32 against f64 (test/gpu/fit-contract.ts). */
const TOL = {
  objectiveRel: 1e-6,
  exponentAbs: 2e-4,
  eAbs: 2e-4,
  interceptAbs: 5e-3,
  percentileOfWidth: 0.02,
  convergedShare: 0.98,
} as const;

const OPTIONS: LocalFitOptions = { delta: 1e-3, tieExponents: false };
const SEED = 20240601;
const REPLICAS = 150;

/** 5 budgets x `perBudget` sizes around N_opt, log-normal noise of 1%. */
function seriesRuns(law: ScalingLaw, seed: number, perBudget: number): FitRun[] {
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

const law = findPreset('besiroglu2024')!.law;
const PLAN: SeriesPlan<FitRun>[] = [
  { series: 'baseline', runs: seriesRuns(law, 1, 5) },
  { series: 'better-data', runs: seriesRuns({ ...law, B: law.B * 0.8, beta: 0.4 }, 2, 6) },
  { series: 'wide', runs: seriesRuns({ ...law, E: law.E * 1.1, alpha: 0.3 }, 3, 8) },
];
const STARTS = startsFor({ kind: 'random', count: 64 }, 3, false);

interface Series {
  readonly runs: readonly FitRun[];
  readonly data: FitData;
  readonly units: ResampleUnits;
}

function bestConverged(fits: readonly LocalFit[]): LocalFit {
  const ok = fits.filter((f) => f.converged);
  if (ok.length === 0) throw new Error('no fit converged');
  return ok.reduce((x, y) => (y.objective < x.objective ? y : x));
}

/** Fails with got/expected/error when |got - want| > tol; returns the error. */
function within(what: string, got: number, want: number, tol: number, relative = false): number {
  const err = relative ? Math.abs(got / want - 1) : Math.abs(got - want);
  if (!(err <= tol)) {
    expect.fail(`${what}: GPU ${got}, reference ${want}, error ${err.toExponential(3)} > ${tol}`);
  }
  return err;
}

function expectThetaNear(label: string, got: LocalFit, want: LocalFit): void {
  const g = got.theta;
  const w = want.theta;
  const errors = {
    objective: within(`${label} objective`, got.objective, want.objective, TOL.objectiveRel, true),
    alpha: within(`${label} alpha`, g.alpha, w.alpha, TOL.exponentAbs),
    beta: within(`${label} beta`, g.beta, w.beta, TOL.exponentAbs),
    e: within(`${label} e`, g.e, w.e, TOL.eAbs),
    a: within(`${label} a`, g.a, w.a, TOL.interceptAbs),
    b: within(`${label} b`, g.b, w.b, TOL.interceptAbs),
  };
  console.info(`${label}: observed errors ${rounded(errors)}`);
}

const rounded = (o: object) =>
  JSON.stringify(o, (_, v) => (typeof v === 'number' ? Number(v.toExponential(2)) : v));

function median(values: readonly number[]): number {
  const s = [...values].sort((x, y) => x - y);
  const mid = (s.length - 1) / 2;
  return (s[Math.floor(mid)]! + s[Math.ceil(mid)]!) / 2;
}

function percentile(values: readonly number[], p: number): number {
  const s = [...values].sort((x, y) => x - y);
  const pos = (s.length - 1) * p;
  const lo = Math.floor(pos);
  return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (pos - lo);
}

/** Medians of alpha and beta over converged replicas, within 2% of the reference's CI width. */
function expectMediansNear(label: string, got: readonly LocalFit[], want: readonly LocalFit[]) {
  const share = got.filter((f) => f.converged).length / got.length;
  expect(share, `${label}: share of GPU replicas converged`).toBeGreaterThanOrEqual(
    TOL.convergedShare,
  );
  const errors: Record<string, number> = { converged: share };
  for (const key of ['alpha', 'beta'] as const) {
    const g = got.filter((f) => f.converged).map((f) => f.theta[key]);
    const w = want.filter((f) => f.converged).map((f) => f.theta[key]);
    const width = percentile(w, 0.975) - percentile(w, 0.025);
    errors[key] = within(
      `${label} median ${key} (as a share of the CI width ${width})`,
      (median(g) - median(w)) / width,
      0,
      TOL.percentileOfWidth,
    );
  }
  console.info(`${label}: median errors as a share of the CI width ${rounded(errors)}`);
}

/** Drops what no two runs share (wall time) and what differs by engine. */
function comparable(result: FitResult) {
  return { ...result, seconds: 0 };
}

describe('per-series fits batched in one GPU job (node, webgpu package)', () => {
  let gpu: GpuContext;
  let fitter: GpuFitter;
  let series: Series[];
  let separateBest: LocalFit[];
  let batchedStarts: LocalFit[][];

  beforeAll(async () => {
    gpu = await requireGpu('node (webgpu package)', () => acquireGpu({ gpu: webgpu }));
    fitter = await GpuFitter.create(gpu);
    series = PLAN.map((p) => ({
      runs: p.runs,
      data: prepareFitData(p.runs),
      units: resampleUnits(p.runs, false),
    }));
  });

  afterAll(() => gpu?.device.destroy());

  it('fits every series from its starts in one batch as separate jobs do', async () => {
    const t0 = performance.now();
    batchedStarts = await fitter.fitFromStartsBatch(
      series.map((s) => ({ data: s.data, starts: STARTS })),
      OPTIONS,
    );
    const t1 = performance.now();
    const separate: LocalFit[][] = [];
    for (const s of series) separate.push(await fitter.fitFromStarts(s.data, STARTS, OPTIONS));
    const t2 = performance.now();
    expect(batchedStarts.map((f) => f.length)).toEqual(series.map(() => STARTS.length));
    separateBest = separate.map(bestConverged);
    series.forEach((s, i) => {
      const label = `${PLAN[i]!.series} (${s.data.n} runs)`;
      const best = bestConverged(batchedStarts[i]!);
      expectThetaNear(`${label} batched vs separate best`, best, separateBest[i]!);
      expectThetaNear(
        `${label} batched vs CPU f64 best`,
        best,
        bestConverged(fitFromStarts(s.data, STARTS, OPTIONS)),
      );
    });
    // Same rows in the same order and the same weights: the same f32 arithmetic.
    expect(batchedStarts).toEqual(separate);
    console.info(
      `${series.length} series x ${STARTS.length} starts: batched ${(t1 - t0).toFixed(0)} ms, separate ${(t2 - t1).toFixed(0)} ms`,
    );
  });

  it('fits every series bootstrap in one batch as separate jobs do, like the CPU twin', async () => {
    const warm: LawTheta[] = separateBest.map((f) => f.theta);
    const t0 = performance.now();
    const batched = await fitter.fitReplicasBatch(
      series.map((s, i) => ({
        data: s.data,
        units: s.units,
        seed: SEED,
        first: 0,
        count: REPLICAS,
        warm: warm[i]!,
      })),
      OPTIONS,
    );
    const t1 = performance.now();
    const separate: LocalFit[][] = [];
    for (const [i, s] of series.entries()) {
      separate.push(
        await fitter.fitReplicas(s.data, s.units, SEED, 0, REPLICAS, warm[i]!, OPTIONS),
      );
    }
    const t2 = performance.now();
    expect(batched).toEqual(separate);
    series.forEach((s, i) => {
      const cpu = fitReplicas(s.data, s.units, SEED, 0, REPLICAS, warm[i]!, OPTIONS);
      expectMediansNear(`${PLAN[i]!.series} replicas vs CPU twin`, batched[i]!, cpu);
    });
    console.info(
      `${series.length} series x ${REPLICAS} replicas: batched ${(t1 - t0).toFixed(0)} ms, separate ${(t2 - t1).toFixed(0)} ms`,
    );
  });

  it('gives the same fits thread-per-fit, batched or separate', async () => {
    const thread = await GpuFitter.create(gpu, { mode: 'thread' });
    const starts = STARTS.slice(0, 24);
    const batched = await thread.fitFromStartsBatch(
      series.map((s) => ({ data: s.data, starts })),
      OPTIONS,
    );
    const separate: LocalFit[][] = [];
    for (const s of series) separate.push(await thread.fitFromStarts(s.data, starts, OPTIONS));
    expect(batched).toEqual(separate);
    series.forEach((s, i) => {
      expectThetaNear(
        `${PLAN[i]!.series} thread-per-fit vs CPU f64 best`,
        bestConverged(batched[i]!),
        bestConverged(fitFromStarts(s.data, starts, OPTIONS)),
      );
    });
  });

  it('splits chunks across series boundaries with progress over all series, and frees buffers', async () => {
    const small = await GpuFitter.create(gpu, { chunkSize: 50 });
    const progress: [number, number][] = [];
    const problems = series.map((s, i) => ({
      data: s.data,
      units: s.units,
      seed: 5,
      first: 10,
      count: 40,
      warm: separateBest[i]!.theta,
    }));
    const chunked = await small.fitReplicasBatch(problems, OPTIONS, {
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(progress).toEqual([
      [50, 120],
      [100, 120],
      [120, 120],
    ]);
    expect(chunked).toEqual(await fitter.fitReplicasBatch(problems, OPTIONS));
    expect(gpu.resources.counts().liveBuffers).toBe(0);
  });

  it('rejects with the abort reason when cancelled mid-batch, and frees its buffers', async () => {
    const small = await GpuFitter.create(gpu, { chunkSize: 32 });
    const controller = new AbortController();
    const reason = new Error('cancelled by the test');
    const progress: number[] = [];
    const job = small.fitFromStartsBatch(
      series.map((s) => ({ data: s.data, starts: STARTS })),
      OPTIONS,
      {
        signal: controller.signal,
        onProgress: (done) => {
          progress.push(done);
          if (done >= 96) controller.abort(reason);
        },
      },
    );
    await expect(job).rejects.toBe(reason);
    expect(progress).toEqual([32, 64, 96]);
    expect(gpu.resources.counts().liveBuffers).toBe(0);
  });

  it('runs the per-series job on the GPU backend as separate runFit jobs, near the CPU', async () => {
    const options: FitOptions = {
      ...DEFAULT_FIT_OPTIONS,
      starts: { kind: 'random', count: 64 },
      bootstrap: 200,
      seed: 9,
      resampleGroups: false,
    };
    const backend = gpuFitBackend(async () => fitter);
    const plan = [...PLAN, { series: 'tiny', runs: PLAN[0]!.runs.slice(0, 5) }];
    const batched = await runSeriesFits(plan, options, backend);
    expect('problem' in batched[3]! && batched[3].problem).toMatch(/more runs than/);
    const cpu = await runSeriesFits(plan, options, cpuFitBackend(createInlineExecutor()));
    for (const [i, entry] of PLAN.entries()) {
      const fit = batched[i]!;
      const twin = cpu[i]!;
      if (!('result' in fit) || !('result' in twin)) throw new Error(`${entry.series} failed`);
      const alone = await runFit(entry.runs, options, backend);
      expect(comparable(fit.result)).toEqual(comparable(alone));
      expect(fit.result.engine).toBe('gpu');
      expectThetaNear(`${entry.series} GPU vs CPU best`, fit.result.best, twin.result.best);
      const errors: Record<string, number> = {};
      for (const key of ['alpha', 'beta'] as const) {
        const g = fit.result.bootstrap!.params[key];
        const c = twin.result.bootstrap!.params[key];
        errors[key] = within(
          `${entry.series} bootstrap median ${key} as a share of the CPU CI width`,
          (g.median - c.median) / (c.ci95[1] - c.ci95[0]),
          0,
          TOL.percentileOfWidth,
        );
      }
      console.info(`${entry.series} runSeriesFits GPU vs CPU medians ${rounded(errors)}`);
    }
  });

  it('GpuEngine.fitSeries fits Approach 3 as one job, each series as it fits alone', async () => {
    const options: FitOptions = {
      ...DEFAULT_FIT_OPTIONS,
      starts: { kind: 'random', count: 64 },
      bootstrap: 120,
      seed: 5,
      resampleGroups: false,
    };
    // Not disposed: its dispose would destroy the shared device.
    const engine = await GpuEngine.create(gpu);
    const alone = await fitEachSeries(APPROACH3, PLAN, options, (runs, job) =>
      engine.runMethod(APPROACH3, runs, options, job),
    );
    const done: number[] = [];
    const batched = await engine.fitSeries(APPROACH3, PLAN, options, {
      onProgress: (p) => done.push(p.done / p.total),
    });
    expect(batched.map((f) => [f.series, f.runs])).toEqual(
      PLAN.map((p) => [p.series, p.runs.length]),
    );
    for (const [i, fit] of batched.entries()) {
      const one = alone[i]!;
      if (!('result' in fit) || !('result' in one)) throw new Error(`${fit.series} failed`);
      expect(fit.result.engine).toBe('gpu');
      expect(comparable(fit.result)).toEqual(comparable(one.result));
    }
    for (let i = 1; i < done.length; i++) expect(done[i]).toBeGreaterThanOrEqual(done[i - 1]!);
    expect(done.at(-1)).toBe(1);
  });

  it('GpuEngine.fitSeries of runs without series (a batch of one) fits as a plain fit does', async () => {
    // A batch of one problem once wrote a range per fit into the one-range buffer: a WebGPU
    // validation error, every replica after the first reading a stale range, and a bootstrap
    // whose median equalled the point fit.
    const options: FitOptions = {
      ...DEFAULT_FIT_OPTIONS,
      starts: { kind: 'random', count: 32 },
      bootstrap: 60,
      seed: 9,
      resampleGroups: false,
    };
    const engine = await GpuEngine.create(gpu);
    const errors: string[] = [];
    gpu.device.pushErrorScope('validation');
    const runs = PLAN[0]!.runs;
    const [only] = await engine.fitSeries(APPROACH3, [{ series: null, runs }], options);
    const error = await gpu.device.popErrorScope();
    if (error) errors.push(error.message);
    expect(errors).toEqual([]);
    const alone = await engine.runMethod(APPROACH3, runs, options);
    if (!only || !('result' in only)) throw new Error('the fit failed');
    expect(comparable(only.result)).toEqual(comparable(alone));
    const boot = only.result.bootstrap!;
    expect(boot.converged).toBeGreaterThan(50);
    // Replicas differ from one another (the bug left them all at the warm start).
    expect(boot.params.alpha.se).toBeGreaterThan(0);
  });

  it('GpuEngine.fitSeries runs on the CPU engine when the fit kernel fails to build', async () => {
    const options: FitOptions = {
      ...DEFAULT_FIT_OPTIONS,
      starts: { kind: 'random', count: 32 },
      bootstrap: 10,
      seed: 5,
    };
    const cpu = new CpuEngine(createInlineExecutor());
    const failed: string[] = [];
    const create = vi
      .spyOn(GpuFitter, 'create')
      .mockRejectedValueOnce(new KernelError('fit', 'injected by the test'));
    try {
      const engine = await GpuEngine.create(gpu, {
        cpu: () => cpu,
        onKernelFailed: (kernel) => failed.push(kernel),
      });
      const fits = await engine.fitSeries(APPROACH3, PLAN.slice(0, 2), options);
      expect(failed).toEqual(['fit']);
      const want = await cpu.fitSeries(APPROACH3, PLAN.slice(0, 2), options);
      expect(fits.map((f) => ('result' in f ? comparable(f.result) : f))).toEqual(
        want.map((f) => ('result' in f ? comparable(f.result) : f)),
      );
      for (const f of fits) expect('result' in f && f.result.engine).toBe('cpu');
    } finally {
      create.mockRestore();
    }
  });
});
