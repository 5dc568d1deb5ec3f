/**
 * Benchmark cases for the fitter: batches of grid starts ("fit-grid", up to
 * the 4,500 starts of the Hoffmann grid) and K bootstrap replicas warm-started at the best fit
 * ("fit-bootstrap"), on the CPU engine's worker pool and on the GPU fit kernel. One run is the
 * whole batch, results back in JS as LocalFit objects; the unit is fits. The runs come from the
 * caller: the Chinchilla runs in `npm run bench`, the built-in dataset in the app. The scipy
 * peer's rows come from bench/run.mjs, which runs bench/peers/scipy_fit.py in Node.
 */
import { cpuFitBackend } from '../engine/cpu-fit-backend';
import type { CpuExecutor } from '../engine/worker-pool';
import type { LocalFitOptions } from '../fit/local-fits';
import { prepareFitData } from '../fit/objective';
import { resampleUnits } from '../fit/resample';
import { gridStarts } from '../fit/starts';
import type { FitRun, LocalFit } from '../fit/types';
import type { GpuFitter } from '../gpu/fit';
import { PassTimer } from '../gpu/pass-timer';
import type { LawTheta } from '../law/law';
import type { BenchCase } from './suite';

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
    prepare: async () => ({
      async run(signal) {
        checkConverged(await batch(signal), share, `${engine} ${kernel} ${what}`);
      },
      ...(timed && device ? { gpuSeconds: gpuTime(timed) } : {}),
      dispose() {},
    }),
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
