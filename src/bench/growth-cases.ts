/**
 * Cases of the cost-growth run, GPU and CPU side by side per size, each row
 * named `growth-<series>`:
 * - surface: grids divisible by 4 (the vec4 cells pass), 128² to 4096², compute only on the GPU
 *   (the frame path), Engine.surface() on the CPU; surface-odd: odd sides (rows padded to a multiple of 4);
 *   surface-tiled: the GPU kernel planning its bands for a small binding, so the grid is tiled;
 * - bootstrap: K replicas on the built-in dataset, warm-started at its best fit (unit: fits);
 * - rows: a fixed K on datasets of 30 to 3,000 runs (unit: fit-rows, one fit over one run);
 * - sweep: Engine.sweep() over square grids and a ragged one.
 * Fit rows carry the mean evaluations per fit of their last run, so a per-row cost that moves
 * with the iteration count can be told from one that moves with the data.
 */

import { builtinDataset } from '../data/builtin';
import { cpuFitBackend } from '../engine/cpu-fit-backend';
import type { Engine } from '../engine/engine';
import type { GpuEngine } from '../engine/gpu-engine';
import type { CpuExecutor } from '../engine/worker-pool';
import { prepareFitData } from '../fit/objective';
import { resampleUnits } from '../fit/resample';
import type { BatchJob } from '../fit/run-fit';
import type { FitRun, LocalFit } from '../fit/types';
import type { GpuFitter } from '../gpu/fit';
import { type LawTheta, thetaFromLaw } from '../law/law';
import { bestFit, FIT_BENCH_OPTIONS, FIT_BENCH_SEED } from './fit-cases';
import { growthRuns } from './growth-data';
import type { GrowthSeriesId, GrowthSizes } from './growth-plan';
import { sweepCase } from './optimum-cases';
import type { BenchCase } from './suite';
import { engineSurface, gpuSurfaceCompute, surfaceGrid } from './surface-cases';

/** What the growth cases run on. */
export interface GrowthEngines {
  readonly cpu: Engine;
  readonly cpuExecutor: CpuExecutor;
  readonly gpu?: GpuEngine | undefined;
  /** The GPU fit kernel; no GPU fit rows without it. */
  readonly gpuFitter?: GpuFitter | undefined;
}

/** Share of replicas that must converge for a fit row to count. */
const CONVERGED_SHARE = 0.98;

/** The case with its GPU-time measurement removed (too slow on SwiftShader for big batches). */
export function withoutGpuTime(benchCase: BenchCase): BenchCase {
  return {
    ...benchCase,
    async prepare() {
      const { gpuSeconds: _, ...rest } = await benchCase.prepare();
      return rest;
    },
  };
}

function surfaceSeries(
  engines: GrowthEngines,
  series: 'surface' | 'surface-odd',
  sides: readonly number[],
): BenchCase[] {
  const kernel = `growth-${series}`;
  return sides.flatMap((side) => [
    ...(engines.gpu ? [gpuSurfaceCompute(engines.gpu, surfaceGrid(side), { kernel })] : []),
    engineSurface(engines.cpu, surfaceGrid(side), kernel),
  ]);
}

function tiledSeries(engines: GrowthEngines, sizes: GrowthSizes): BenchCase[] {
  const gpu = engines.gpu;
  if (!gpu) return [];
  const tileLimits = {
    ...gpu.gpu.info.limits,
    maxStorageBufferBindingSize: sizes.tiledBindingBytes,
  };
  return sizes.tiledSides.map((side) =>
    gpuSurfaceCompute(gpu, surfaceGrid(side), { kernel: 'growth-surface-tiled', tileLimits }),
  );
}

/** A batch job's progress callback that counts its chunks (progress comes once per chunk). */
export function chunkCounter(): {
  job: Pick<BatchJob, 'onProgress'>;
  summary(): { chunks: number; largestChunk: number; lastChunk: number };
} {
  const sizes: number[] = [];
  let done = 0;
  return {
    job: {
      onProgress: (now: number) => {
        sizes.push(now - done);
        done = now;
      },
    },
    summary: () => ({
      chunks: sizes.length,
      largestChunk: Math.max(0, ...sizes),
      lastChunk: sizes[sizes.length - 1] ?? 0,
    }),
  };
}

/** Mean evaluations per fit and the converged share of a batch; throws if too few converged. */
function checkBatch(fits: readonly LocalFit[], what: string): Record<string, number> {
  const converged = fits.filter((f) => f.converged).length;
  if (converged < CONVERGED_SHARE * fits.length) {
    throw new Error(`${what}: only ${converged} of ${fits.length} fits converged`);
  }
  const evaluations = fits.reduce((sum, f) => sum + f.evaluations, 0);
  return {
    evaluationsPerFit: evaluations / Math.max(1, fits.length),
    convergedShare: converged / Math.max(1, fits.length),
  };
}

/** The best fit of `runs` from the law that generated the built-in data: where replicas start. */
async function warmFor(cpu: CpuExecutor, runs: readonly FitRun[]): Promise<LawTheta> {
  const start = thetaFromLaw(builtinDataset(1).law);
  const fits = await cpuFitBackend(cpu).fitStarts(runs, [start], FIT_BENCH_OPTIONS, {});
  return bestFit(fits).theta;
}

/**
 * K bootstrap replicas of `runs` on each engine. `size` and `unit` say what one unit of work is
 * (K fits, or K x rows fit-rows).
 */
function replicaCases(
  engines: GrowthEngines,
  kernel: string,
  runs: readonly FitRun[],
  K: number,
  work: { size: number; unit: string; shape: string },
): BenchCase[] {
  const data = prepareFitData(runs);
  const units = resampleUnits(runs, false);
  const backend = cpuFitBackend(engines.cpuExecutor);
  const request = (warm: LawTheta) => ({
    seed: FIT_BENCH_SEED,
    first: 0,
    count: K,
    warm,
    byGroup: false,
  });
  const threads = engines.cpuExecutor.threads;
  const make = (
    engine: string,
    mode: string,
    batch: (warm: LawTheta, job: BatchJob) => Promise<LocalFit[]>,
  ): BenchCase => ({
    kernel,
    engine,
    mode,
    ...work,
    async prepare() {
      const warm = await warmFor(engines.cpuExecutor, runs);
      let last: Record<string, number> = {};
      return {
        async run(signal) {
          const chunks = chunkCounter();
          const fits = await batch(warm, { ...(signal ? { signal } : {}), ...chunks.job });
          last = {
            ...checkBatch(fits, `${engine} ${kernel} ${work.shape}`),
            ...chunks.summary(),
          };
        },
        dispose() {},
        extra: () => ({ ...last, rows: runs.length, replicas: K }),
      };
    },
  });
  const cases = [
    make(
      'cpu',
      `cpuFitBackend on the worker pool (${threads} thread${threads === 1 ? '' : 's'}), f64, bootstrap replicas`,
      (warm, job) => backend.fitReplicas(runs, request(warm), FIT_BENCH_OPTIONS, job),
    ),
  ];
  const gpu = engines.gpuFitter;
  if (gpu) {
    cases.unshift(
      make('gpu', 'GpuFitter, f32, end to end (adaptive chunks), bootstrap replicas', (warm, job) =>
        gpu.fitReplicas(data, units, FIT_BENCH_SEED, 0, K, warm, FIT_BENCH_OPTIONS, job),
      ),
    );
  }
  return cases;
}

function bootstrapSeries(engines: GrowthEngines, replicas: readonly number[]): BenchCase[] {
  const runs = builtinDataset(1).runs.map((r) => ({ N: r.N, D: r.D, loss: r.loss }));
  return replicas.flatMap((K) =>
    replicaCases(engines, 'growth-bootstrap', runs, K, {
      size: K,
      unit: 'fits',
      shape: `K=${K} · ${runs.length} runs`,
    }),
  );
}

function rowsSeries(engines: GrowthEngines, sizes: GrowthSizes): BenchCase[] {
  const K = sizes.rowReplicas;
  return sizes.rowCounts.flatMap((n) =>
    replicaCases(engines, 'growth-rows', growthRuns(n), K, {
      size: K * n,
      unit: 'fit-rows',
      shape: `${n} runs · K=${K}`,
    }),
  );
}

function sweepSeries(engines: GrowthEngines, sizes: GrowthSizes): BenchCase[] {
  const present: Engine[] = engines.gpu ? [engines.gpu, engines.cpu] : [engines.cpu];
  return sizes.sweepShapes.flatMap(({ width, height }) =>
    present.map((engine) => withoutGpuTime(sweepCase(engine, width, height, 'growth-sweep'))),
  );
}

/** The cases of `series`, in that order, GPU (where present) and CPU side by side per size. */
export function growthCases(
  engines: GrowthEngines,
  sizes: GrowthSizes,
  series: readonly GrowthSeriesId[],
): BenchCase[] {
  const builders: Record<GrowthSeriesId, () => BenchCase[]> = {
    surface: () => surfaceSeries(engines, 'surface', sizes.surfaceSides),
    'surface-odd': () => surfaceSeries(engines, 'surface-odd', sizes.oddSides),
    'surface-tiled': () => tiledSeries(engines, sizes),
    bootstrap: () => bootstrapSeries(engines, sizes.bootstrapReplicas),
    rows: () => rowsSeries(engines, sizes),
    sweep: () => sweepSeries(engines, sizes),
  };
  return series.flatMap((s) => builders[s]());
}
