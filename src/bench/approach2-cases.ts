/**
 * Benchmark cases for the Approach-2 bootstrap ("fit-approach2"): K replicas of `fitApproach2`
 * (isoFLOP parabolas resampled within every budget, the power law of N_opt refitted per
 * replica, percentile intervals) with the parabolas of every replica run by the f64 CPU twin
 * `cpuParabolaBatch` or by the GPU kernel `GpuIsoflop`, wired as GpuEngine.runMethod wires it.
 * One run is the whole fit, results back in JS; the unit is replicas. The bootstrap hands the
 * batch at most 1,024 replicas at a time (src/fit/approach2-bootstrap.ts), so on the GPU one
 * run is ceil(K / 1024) submissions, each with its upload and readback.
 */
import { type Approach2Options, DEFAULT_APPROACH2_OPTIONS, fitApproach2 } from '../fit/approach2';
import { cpuParabolaBatch, type ParabolaBatch } from '../fit/approach2-bootstrap';
import type { IsoflopRun } from '../fit/isoflop-budgets';
import type { GpuContext } from '../gpu/device';
import type { GpuIsoflop } from '../gpu/isoflop';
import type { BenchCase } from './suite';

/** The kernel name of the Approach-2 rows (a member of the 'fit' family). */
export const APPROACH2_KERNEL = 'fit-approach2';

/** The GPU/CPU pair of the Approach-2 rows, for `ratios` (src/bench/ratios.mjs). */
export const APPROACH2_PAIR = [APPROACH2_KERNEL, APPROACH2_KERNEL] as const;

/** Seed of the bench's resampling: every engine draws the same replicas. */
export const APPROACH2_BENCH_SEED = 1;

/** What the Approach-2 cases run on. */
export interface Approach2BenchEngines {
  /** The GPU parabola kernel, when it could be built; without it only the CPU rows run. */
  readonly gpu?: GpuIsoflop | undefined;
}

/** The isoFLOP runs of the cases and where they came from. */
export interface Approach2BenchData {
  readonly runs: readonly IsoflopRun[];
  readonly label: string;
}

/** A case fails when fewer replicas than this share were usable: a fast wrong fit is no result. */
const MIN_USED_SHARE = 0.98;

/**
 * The GPU parabola kernel on `gpu`, or why there is none. Loaded dynamically so that the other
 * rows still run when the kernel fails to compile.
 */
export async function loadGpuIsoflop(gpu: GpuContext): Promise<GpuIsoflop | string> {
  try {
    const { GpuIsoflop } = await import('../gpu/isoflop');
    return await GpuIsoflop.create(gpu);
  } catch (e) {
    return `the GPU isoFLOP kernel is not available: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
  }
}

/** The GPU batch as GpuEngine.runMethod passes it to Approach 2 (kernel built, no fallback). */
export function gpuParabolaBatch(kernel: GpuIsoflop, signal?: AbortSignal): ParabolaBatch {
  return async (packed, weights) => ({
    records: await kernel.records(packed, weights, signal),
    engine: 'gpu',
  });
}

/** The Approach-2 options of a K-replica case: the defaults with the bench's seed. */
export function approach2BenchOptions(replicas: number): Approach2Options {
  return { ...DEFAULT_APPROACH2_OPTIONS, bootstrap: replicas, seed: APPROACH2_BENCH_SEED };
}

/**
 * For each K in `replicas`, a GPU case (where there is a kernel) and a CPU case side by side:
 * the Approach-2 fit of `data` with K bootstrap replicas. A case fails when the fit ran on the
 * other engine or when fewer than 98% of the replicas were usable.
 */
export function approach2Cases(
  engines: Approach2BenchEngines,
  data: Approach2BenchData,
  replicas: readonly number[],
): BenchCase[] {
  const { runs, label } = data;
  const kernel = engines.gpu;
  const variants: {
    engine: 'gpu' | 'cpu';
    mode: string;
    batch: (s?: AbortSignal) => ParabolaBatch;
  }[] = [
    ...(kernel
      ? [
          {
            engine: 'gpu' as const,
            mode: 'fitApproach2 with GpuIsoflop (f32): weights on the CPU, upload, kernel, readback per 1,024 replicas',
            batch: (s?: AbortSignal) => gpuParabolaBatch(kernel, s),
          },
        ]
      : []),
    {
      engine: 'cpu',
      mode: 'fitApproach2 with cpuParabolaBatch (f64 twin), one thread (the page’s main thread)',
      batch: () => cpuParabolaBatch,
    },
  ];
  return replicas.flatMap((K) =>
    variants.map(
      ({ engine, mode, batch }): BenchCase => ({
        kernel: APPROACH2_KERNEL,
        engine,
        mode,
        size: K,
        unit: 'replicas',
        shape: `K=${K} · ${runs.length} runs (${label})`,
        prepare: async () => {
          let extra: Record<string, number> = {};
          return {
            async run(signal) {
              const fit = await fitApproach2(
                runs,
                approach2BenchOptions(K),
                batch(signal),
                signal ? { signal } : {},
              );
              const used = fit.bootstrap?.used ?? 0;
              if (fit.engine !== engine)
                throw new Error(`${engine} ${APPROACH2_KERNEL} K=${K}: ran on ${fit.engine}`);
              if (used < MIN_USED_SHARE * K)
                throw new Error(
                  `${engine} ${APPROACH2_KERNEL} K=${K}: only ${used} of ${K} replicas usable`,
                );
              extra = {
                budgets: fit.budgets.filter((b) => b.used).length,
                exponentA: fit.bootstrap!.a.median,
              };
            },
            dispose() {},
            extra: () => extra,
          };
        },
      }),
    ),
  );
}
