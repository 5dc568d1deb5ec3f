/**
 * Benchmark cases for the fitter: batches of grid starts ("fit-grid", up to
 * the 4,500 starts of the Hoffmann grid) and K bootstrap replicas warm-started at the best fit
 * ("fit-bootstrap"), on the CPU engine's worker pool and on the GPU fit kernel. One run is the
 * whole batch, results back in JS as LocalFit objects; the unit is fits. The runs come from the
 * caller: the Chinchilla runs in `npm run bench`, the built-in dataset in the app. The scipy
 * peer's rows come from bench/run.mjs, which runs bench/peers/scipy_fit.py in Node.
 * seriesFitCases ("fit-series") times per-series bootstraps: S series in one batched job, in S
 * separate jobs, and one series of the same total size; seriesFitTable prints them side by side.
 */
import { cpuFitBackend } from '../engine/cpu-fit-backend';
import type { CpuExecutor } from '../engine/worker-pool';
import type { LocalFitOptions } from '../fit/local-fits';
import { type FitData, prepareFitData } from '../fit/objective';
import { resampleUnits } from '../fit/resample';
import { gridStarts } from '../fit/starts';
import type { FitRun, LocalFit } from '../fit/types';
import type { GpuFitter } from '../gpu/fit';
import { PassTimer } from '../gpu/pass-timer';
import type { LawTheta } from '../law/law';
import type { BenchCase, BenchRow } from './suite';

/** Seed of the benchmark's resampling (the scipy peer uses the same, so the replicas match). */
export const FIT_BENCH_SEED = 1;

/** The fit options of the bench: the Approach-3 defaults (delta = 1e-3, free exponents). */
export const FIT_BENCH_OPTIONS: LocalFitOptions = { delta: 1e-3, tieExponents: false };

/** What the fit cases run on. */
export interface FitBenchEngines {
  /** The CPU engine's executor (the browser worker pool). */
  readonly cpu: CpuExecutor;
  /** The GPU fit kernel, when it could be created. */
  readonly gpu?: GpuFitter | undefined;
  /** The GPU fit kernel's device when it has timestamp queries: GPU time of the GPU cases. */
  readonly timestamps?: GPUDevice | undefined;
}

/** The data and the warm start of the bootstrap cases. */
export interface FitBenchData {
  readonly runs: readonly FitRun[];
  /** Where the replicas start: the best grid fit. */
  readonly warm: LawTheta;
}

/** Batch sizes of the fit cases. */
export interface FitBenchSizes {
  readonly starts: readonly number[];
  readonly replicas: readonly number[];
}

/** The best converged fit of a batch. */
export function bestFit(fits: readonly LocalFit[]): LocalFit {
  let best: LocalFit | undefined;
  for (const f of fits) if (f.converged && (!best || f.objective < best.objective)) best = f;
  if (!best) throw new Error('no grid start converged');
  return best;
}

/**
 * `count` starts spread evenly over `starts` (every start when `count` is at least their
 * number), so a small batch samples the whole grid rather than one corner of it.
 */
export function spreadStarts<T>(starts: readonly T[], count: number): T[] {
  if (count >= starts.length) return [...starts];
  return Array.from({ length: count }, (_, i) => starts[Math.floor((i * starts.length) / count)]!);
}

/** The best CPU fit from every `stride`-th grid start: where the bootstrap cases start. */
export async function warmStart(
  cpu: CpuExecutor,
  runs: readonly FitRun[],
  stride: number,
  signal?: AbortSignal,
): Promise<LocalFit> {
  const grid = gridStarts(false);
  const starts = spreadStarts(grid, Math.ceil(grid.length / Math.max(1, stride)));
  return bestFit(
    await cpuFitBackend(cpu).fitStarts(runs, starts, FIT_BENCH_OPTIONS, signal ? { signal } : {}),
  );
}

/** Fails the case if too few fits converged: a fast kernel that does not converge is no result. */
function checkConverged(fits: readonly LocalFit[], share: number, what: string): void {
  const converged = fits.filter((f) => f.converged).length;
  if (converged < share * fits.length) {
    throw new Error(`${what}: only ${converged} of ${fits.length} fits converged`);
  }
}

/** Objective evaluations and L-BFGS iterations per fit of a batch. */
export function fitCounts(fits: readonly LocalFit[]): {
  evaluationsPerFit: number;
  iterationsPerFit: number;
} {
  let evaluations = 0;
  let iterations = 0;
  for (const f of fits) {
    evaluations += f.evaluations;
    iterations += f.iterations;
  }
  const n = Math.max(1, fits.length);
  return { evaluationsPerFit: evaluations / n, iterationsPerFit: iterations / n };
}

type Batch = (signal: AbortSignal | undefined) => Promise<LocalFit[]>;

/** The grid and bootstrap cases for each engine present, CPU and GPU side by side per size. */
export function fitCases(
  engines: FitBenchEngines,
  bench: FitBenchData,
  sizes: FitBenchSizes,
): BenchCase[] {
  const { runs, warm } = bench;
  const data = prepareFitData(runs);
  const units = resampleUnits(runs, false);
  const grid = gridStarts(false);
  const backend = cpuFitBackend(engines.cpu);
  const threads = engines.cpu.threads;
  const shape = (what: string) => `${what} · ${runs.length} runs`;
  const job = (signal: AbortSignal | undefined) => (signal ? { signal } : {});
  const device = engines.timestamps;
  /** GPU seconds of one batch, from the kernel's timestamped passes. */
  const gpuTime = (batch: (timer: PassTimer) => Promise<unknown>) => async () => {
    const timer = new PassTimer(device!);
    try {
      await batch(timer);
      return timer.seconds;
    } finally {
      timer.dispose();
    }
  };

  const batchCase = (
    kernel: 'fit-grid' | 'fit-bootstrap',
    engine: string,
    mode: string,
    size: number,
    what: string,
    share: number,
    batch: Batch,
    timed?: (timer: PassTimer) => Promise<unknown>,
  ): BenchCase => ({
    kernel,
    engine,
    mode,
    size,
    unit: 'fits',
    shape: shape(what),
    prepare: async () => {
      let counts: Record<string, number> = {};
      return {
        async run(signal) {
          const fits = await batch(signal);
          checkConverged(fits, share, `${engine} ${kernel} ${what}`);
          counts = fitCounts(fits);
        },
        ...(timed && device ? { gpuSeconds: gpuTime(timed) } : {}),
        dispose() {},
        extra: () => counts,
      };
    },
  });

  const cpuMode = `cpuFitBackend on the worker pool (${threads} thread${threads === 1 ? '' : 's'}), f64`;
  const gpuMode = 'GpuFitter, f32, end to end: weights, upload, kernel, readback, f64 objective';
  const gpu = engines.gpu;
  const cases: BenchCase[] = [];
  for (const n of sizes.starts) {
    const starts = spreadStarts(grid, n);
    const what = `${starts.length} grid starts`;
    // Grid starts far from the optimum may legitimately fail; most must converge.
    cases.push(
      batchCase('fit-grid', 'cpu', cpuMode, starts.length, what, 0.5, (s) =>
        backend.fitStarts(runs, starts, FIT_BENCH_OPTIONS, job(s)),
      ),
    );
    if (gpu) {
      cases.push(
        batchCase(
          'fit-grid',
          'gpu',
          gpuMode,
          starts.length,
          what,
          0.5,
          (s) => gpu.fitFromStarts(data, starts, FIT_BENCH_OPTIONS, job(s)),
          (timer) => gpu.fitFromStarts(data, starts, FIT_BENCH_OPTIONS, { timer }),
        ),
      );
    }
  }
  for (const K of sizes.replicas) {
    const request = { seed: FIT_BENCH_SEED, first: 0, count: K, warm, byGroup: false };
    cases.push(
      batchCase('fit-bootstrap', 'cpu', cpuMode, K, `K=${K}`, 0.98, (s) =>
        backend.fitReplicas(runs, request, FIT_BENCH_OPTIONS, job(s)),
      ),
    );
    if (gpu) {
      cases.push(
        batchCase(
          'fit-bootstrap',
          'gpu',
          gpuMode,
          K,
          `K=${K}`,
          0.98,
          (s) =>
            gpu.fitReplicas(data, units, FIT_BENCH_SEED, 0, K, warm, FIT_BENCH_OPTIONS, job(s)),
          (timer) =>
            gpu.fitReplicas(data, units, FIT_BENCH_SEED, 0, K, warm, FIT_BENCH_OPTIONS, { timer }),
        ),
      );
    }
  }
  return cases;
}

/** The three ways seriesFitCases fits the same replicas, as the rows' `mode` starts. */
export const SERIES_FIT_VARIANTS = {
  batched: 'S series batched in one job',
  separate: 'S series in S separate jobs',
  pooled: 'one series of the same total size',
} as const;

/** Sizes of the per-series cases: series counts S and replicas per series. */
export interface SeriesBenchSizes {
  readonly series: readonly number[];
  readonly replicas: number;
}

/** `runs` dealt into `count` interleaved series (run i to series i mod count). */
export function dealSeries(runs: readonly FitRun[], count: number): FitRun[][] {
  return Array.from({ length: count }, (_, s) => runs.filter((_, i) => i % count === s));
}

/**
 * Per-series fits: for each S, the caller's runs dealt into S series of about n / S runs, and K
 * bootstrap replicas per series warm-started at `bench.warm`, fitted three ways on each engine
 * present: all series in one batched job (fitReplicasBatch), one job per series, and, for
 * scale, S x K replicas of the n runs as one series (the cost of a batch whose fits all read
 * every row). The unit is replicas.
 */
export function seriesFitCases(
  engines: FitBenchEngines,
  bench: FitBenchData,
  sizes: SeriesBenchSizes,
): BenchCase[] {
  const { runs, warm } = bench;
  const K = sizes.replicas;
  const backend = cpuFitBackend(engines.cpu);
  const gpu = engines.gpu;
  const job = (signal: AbortSignal | undefined) => (signal ? { signal } : {});
  const cases: BenchCase[] = [];
  const gpuProblem = (data: FitData, rows: readonly FitRun[], count: number) => ({
    data,
    units: resampleUnits(rows, false),
    seed: FIT_BENCH_SEED,
    first: 0,
    count,
    warm,
  });
  for (const S of sizes.series) {
    const series = dealSeries(runs, S).filter((r) => r.length > 0);
    const datas = series.map((r) => prepareFitData(r));
    const request = (count: number) => ({
      seed: FIT_BENCH_SEED,
      first: 0,
      count,
      warm,
      byGroup: false,
    });
    const add = (
      engine: 'cpu' | 'gpu',
      variant: keyof typeof SERIES_FIT_VARIANTS,
      batch: Batch,
    ) => {
      const threads = engines.cpu.threads;
      const how =
        engine === 'cpu'
          ? `cpuFitBackend (${threads} thread${threads === 1 ? '' : 's'}), f64`
          : 'GpuFitter, f32, end to end';
      cases.push({
        kernel: 'fit-series',
        engine,
        mode: `${SERIES_FIT_VARIANTS[variant]} · ${how}`,
        size: series.length * K,
        unit: 'replicas',
        shape: `S=${series.length} series of ~${Math.round(runs.length / series.length)} runs, K=${K} each · ${runs.length} runs`,
        prepare: async () => ({
          async run(signal) {
            checkConverged(await batch(signal), 0.9, `${engine} fit-series ${variant} S=${S}`);
          },
          dispose() {},
        }),
      });
    };
    add('cpu', 'batched', async (s) =>
      (
        await backend.fitReplicasBatch!(
          series.map((r) => ({ runs: r, request: request(K) })),
          FIT_BENCH_OPTIONS,
          job(s),
        )
      ).flat(),
    );
    add('cpu', 'separate', async (s) => {
      const out: LocalFit[] = [];
      for (const r of series) {
        out.push(...(await backend.fitReplicas(r, request(K), FIT_BENCH_OPTIONS, job(s))));
      }
      return out;
    });
    add('cpu', 'pooled', (s) =>
      backend.fitReplicas(runs, request(series.length * K), FIT_BENCH_OPTIONS, job(s)),
    );
    if (gpu) {
      add('gpu', 'batched', async (s) =>
        (
          await gpu.fitReplicasBatch(
            series.map((r, i) => gpuProblem(datas[i]!, r, K)),
            FIT_BENCH_OPTIONS,
            job(s),
          )
        ).flat(),
      );
      add('gpu', 'separate', async (s) => {
        const out: LocalFit[] = [];
        for (const [i, r] of series.entries()) {
          const p = gpuProblem(datas[i]!, r, K);
          out.push(
            ...(await gpu.fitReplicas(
              p.data,
              p.units,
              p.seed,
              0,
              K,
              warm,
              FIT_BENCH_OPTIONS,
              job(s),
            )),
          );
        }
        return out;
      });
      const all = prepareFitData(runs);
      const units = resampleUnits(runs, false);
      add('gpu', 'pooled', (s) =>
        gpu.fitReplicas(
          all,
          units,
          FIT_BENCH_SEED,
          0,
          series.length * K,
          warm,
          FIT_BENCH_OPTIONS,
          job(s),
        ),
      );
    }
  }
  return cases;
}

/**
 * The "fit-series" rows side by side: per engine and S, replicas/s of the three variants and
 * the batched job's speed-up over separate jobs and over one series of the same total size.
 */
export function seriesFitTable(rows: readonly BenchRow[]): string {
  const variantOf = (mode: string) =>
    (Object.keys(SERIES_FIT_VARIANTS) as (keyof typeof SERIES_FIT_VARIANTS)[]).find((v) =>
      mode.startsWith(SERIES_FIT_VARIANTS[v]),
    );
  const groups = new Map<string, Partial<Record<keyof typeof SERIES_FIT_VARIANTS, number>>>();
  for (const row of rows) {
    const variant = row.kernel === 'fit-series' ? variantOf(row.mode) : undefined;
    if (!variant) continue;
    const key = `${row.engine} · ${row.shape}`;
    groups.set(key, { ...groups.get(key), [variant]: row.perSecond });
  }
  const fmt = (v: number | undefined) => (v === undefined ? '-' : v.toFixed(0));
  const ratio = (a: number | undefined, b: number | undefined) =>
    a === undefined || b === undefined ? '-' : `${(a / b).toFixed(2)}x`;
  const lines = [
    'per-series fits (replicas/s): batched | separate | one series of the same size | batched/separate | batched/one',
  ];
  for (const [key, g] of groups) {
    lines.push(
      `${key}: ${fmt(g.batched)} | ${fmt(g.separate)} | ${fmt(g.pooled)} | ${ratio(g.batched, g.separate)} | ${ratio(g.batched, g.pooled)}`,
    );
  }
  return lines.join('\n');
}
