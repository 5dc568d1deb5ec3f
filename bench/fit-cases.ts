/**
 * Benchmark cases for the fitter (issue 3, item 9) on the 240 Chinchilla runs: the 4,500 starts
 * of the Hoffmann grid ("fit-grid") and K bootstrap replicas warm-started at the best fit
 * ("fit-bootstrap", K = 1,000 and 4,000), on the CPU engine's worker pool and on the GPU fit
 * kernel. One run is the whole batch, results back in JS as LocalFit objects; the unit is fits.
 * The scipy peer's rows come from bench/run.mjs, which runs bench/peers/scipy_fit.py in Node.
 */
import { cpuFitBackend } from '../src/engine/cpu-fit-backend';
import type { CpuExecutor } from '../src/engine/worker-pool';
import type { LocalFitOptions } from '../src/fit/local-fits';
import { prepareFitData } from '../src/fit/objective';
import { resampleUnits } from '../src/fit/resample';
import { gridStarts } from '../src/fit/starts';
import type { FitRun, LocalFit } from '../src/fit/types';
import type { GpuFitter } from '../src/gpu/fit';
import type { LawTheta } from '../src/law/law';
import type { MeasureOptions } from './measure';
import type { BenchCase } from './suite';

/** Bootstrap sizes of issue 3: K = 1,000 and 4,000. */
export const FIT_BOOTSTRAP_SIZES = [1000, 4000] as const;

/** Seed of the benchmark's resampling (the scipy peer uses the same, so the replicas match). */
export const FIT_BENCH_SEED = 1;

/** The fit options of the bench: DESIGN.md defaults. */
export const FIT_BENCH_OPTIONS: LocalFitOptions = { delta: 1e-3, tieExponents: false };

/** Fit batches take seconds: few repeats, one warm-up (worker start-up, JIT, pipeline compile). */
export const FIT_MEASURE: MeasureOptions = {
  warmups: 1,
  minRepeats: 3,
  maxRepeats: 5,
  targetSeconds: 4,
  minSampleSeconds: 0,
};

/** What the fit cases run on. */
export interface FitBenchEngines {
  /** The CPU engine's executor (the browser worker pool). */
  readonly cpu: CpuExecutor;
  /** The GPU fit kernel, when it could be created. */
  readonly gpu?: GpuFitter;
}

/** The data and the warm start of the bootstrap cases. */
export interface FitBenchData {
  readonly runs: readonly FitRun[];
  /** Where the replicas start: the best grid fit. */
  readonly warm: LawTheta;
}

/** The best converged fit of a batch. */
export function bestFit(fits: readonly LocalFit[]): LocalFit {
  let best: LocalFit | undefined;
  for (const f of fits) if (f.converged && (!best || f.objective < best.objective)) best = f;
  if (!best) throw new Error('no grid start converged');
  return best;
}

/** Fails the case if too few fits converged: a fast kernel that does not converge is no result. */
function checkConverged(fits: readonly LocalFit[], share: number, what: string): void {
  const converged = fits.filter((f) => f.converged).length;
  if (converged < share * fits.length) {
    throw new Error(`${what}: only ${converged} of ${fits.length} fits converged`);
  }
}

/** The grid and bootstrap cases for each engine present, CPU and GPU side by side per size. */
export function fitCases(engines: FitBenchEngines, bench: FitBenchData): BenchCase[] {
  const { runs, warm } = bench;
  const data = prepareFitData(runs);
  const units = resampleUnits(runs, false);
  const starts = gridStarts(false);
  const backend = cpuFitBackend(engines.cpu);
  const threads = engines.cpu.threads;
  const shape = (what: string) => `${what} · ${runs.length} runs`;
  const cases: BenchCase[] = [];
  const simple = (run: () => Promise<void>) => async () => ({ run, dispose() {} });

  const gridCase = (engine: string, mode: string, batch: () => Promise<LocalFit[]>): BenchCase => ({
    kernel: 'fit-grid',
    engine,
    mode,
    size: starts.length,
    unit: 'fits',
    shape: shape(`${starts.length} grid starts`),
    prepare: simple(async () => {
      // Grid starts far from the optimum may legitimately fail; most must converge.
      checkConverged(await batch(), 0.5, `${engine} fit-grid`);
    }),
  });
  const bootstrapCase = (
    engine: string,
    mode: string,
    K: number,
    batch: () => Promise<LocalFit[]>,
  ): BenchCase => ({
    kernel: 'fit-bootstrap',
    engine,
    mode,
    size: K,
    unit: 'fits',
    shape: shape(`K=${K}`),
    prepare: simple(async () => {
      checkConverged(await batch(), 0.98, `${engine} fit-bootstrap K=${K}`);
    }),
  });

  const cpuMode = `cpuFitBackend on the worker pool (${threads} thread${threads === 1 ? '' : 's'}), f64`;
  const gpuMode = 'GpuFitter, f32, end to end: weights, upload, kernel, readback, f64 objective';
  cases.push(
    gridCase('cpu', cpuMode, () => backend.fitStarts(runs, starts, FIT_BENCH_OPTIONS, {})),
  );
  const gpu = engines.gpu;
  if (gpu)
    cases.push(gridCase('gpu', gpuMode, () => gpu.fitFromStarts(data, starts, FIT_BENCH_OPTIONS)));
  for (const K of FIT_BOOTSTRAP_SIZES) {
    const request = { seed: FIT_BENCH_SEED, first: 0, count: K, warm, byGroup: false };
    cases.push(
      bootstrapCase('cpu', cpuMode, K, () =>
        backend.fitReplicas(runs, request, FIT_BENCH_OPTIONS, {}),
      ),
    );
    if (gpu) {
      cases.push(
        bootstrapCase('gpu', gpuMode, K, () =>
          gpu.fitReplicas(data, units, FIT_BENCH_SEED, 0, K, warm, FIT_BENCH_OPTIONS),
        ),
      );
    }
  }
  return cases;
}
