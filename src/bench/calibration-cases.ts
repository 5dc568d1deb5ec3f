/**
 * Benchmark cases for calibration fits ("fit-calibration", a member of the 'fit' family): R
 * data sets simulated from the base fit of the built-in dataset (simulateRuns of
 * src/fit/calibration.ts, residuals resampled from the fit's) fitted as one batched per-series
 * job, `Engine.fitSeries(APPROACH3, plan, options)` with one series per data set, each with
 * CALIBRATION_BENCH_STARTS random starts and K bootstrap replicas, on the GPU and CPU engines.
 * A calibration hands the engine CALIBRATION_CHUNK data sets per job; a case here is one job of
 * all R. The unit is fits: R x (starts + K) local fits.
 */
import type { Engine } from '../engine/engine';
import { centredResiduals, simulateRuns } from '../fit/calibration';
import { APPROACH3 } from '../fit/methods/approach3';
import type { SeriesPlan } from '../fit/series-fit';
import type { FitOptions, FitRun } from '../fit/types';
import { BASE_FIT_OPTIONS, type BenchBaseFit } from './design-cases';
import { passTimeOf } from './pass-time';
import type { BenchCase } from './suite';

/** The kernel name of the calibration rows. */
export const CALIBRATION_KERNEL = 'fit-calibration';

/** The GPU/CPU pair of the calibration rows, for `ratios` (src/bench/ratios.mjs). */
export const CALIBRATION_PAIR = [CALIBRATION_KERNEL, CALIBRATION_KERNEL] as const;

/** Random starts per simulated data set. */
export const CALIBRATION_BENCH_STARTS = 16;

/** Seed of the simulation and of the fits. */
export const CALIBRATION_BENCH_SEED = 1;

/** A case fails when fewer data sets than this share were fitted with 2+ usable replicas. */
const MIN_FITTED_SHARE = 0.9;

/** The fit options of a case: the base fit's with K bootstrap replicas. */
export function calibrationBenchOptions(replicas: number): FitOptions {
  return {
    ...BASE_FIT_OPTIONS,
    starts: { kind: 'random', count: CALIBRATION_BENCH_STARTS },
    bootstrap: replicas,
    seed: CALIBRATION_BENCH_SEED,
  };
}

/** `count` data sets simulated from `base`, one series each, as a calibration builds them. */
export function simulatedPlan(base: BenchBaseFit, count: number): SeriesPlan<FitRun>[] {
  const pool = centredResiduals(base.theta, base.runs);
  return Array.from({ length: count }, (_, j) => ({
    series: `simulated ${j + 1}`,
    runs: simulateRuns(base.runs, base.theta, pool, CALIBRATION_BENCH_SEED, j),
  }));
}

/**
 * For each R in `dataSets`, a GPU case (where there is a GPU engine) and a CPU case side by
 * side: R simulated data sets x (starts + `replicas`) fits in one fitSeries job. A case fails
 * when a fit ran on the other engine, or when fewer than 90% of the data sets gave a fit with at
 * least two converged replicas.
 */
export function calibrationCases(
  engines: { gpu?: Engine | undefined; cpu: Engine },
  base: BenchBaseFit,
  sizes: { readonly dataSets: readonly number[]; readonly replicas: number },
): BenchCase[] {
  const K = sizes.replicas;
  const options = calibrationBenchOptions(K);
  const present = engines.gpu ? [engines.gpu, engines.cpu] : [engines.cpu];
  const per = CALIBRATION_BENCH_STARTS + K;
  return sizes.dataSets.flatMap((R) => {
    const plan = simulatedPlan(base, R);
    return present.map(
      (engine): BenchCase => ({
        kernel: CALIBRATION_KERNEL,
        engine: engine.kind,
        mode: `Engine.fitSeries(APPROACH3): one batched job, one series per data set (${engine.kind === 'gpu' ? 'GpuFitter, f32' : `worker pool, ${engine.label}, f64`})`,
        size: R * per,
        unit: 'fits',
        shape: `R=${R} data sets x (${CALIBRATION_BENCH_STARTS} starts + K=${K}) · ${base.runs.length} runs (${base.label})`,
        prepare: async () => {
          const timed = passTimeOf(engine);
          let extra: Record<string, number> = {};
          return {
            async run(signal) {
              const fits = await engine.fitSeries(
                APPROACH3,
                plan,
                options,
                signal ? { signal } : {},
              );
              const results = fits.flatMap((f) => ('result' in f ? [f.result] : []));
              const other = results.find((r) => r.engine !== engine.kind);
              if (other)
                throw new Error(
                  `${engine.kind} ${CALIBRATION_KERNEL} R=${R}: ran on ${other.engine}`,
                );
              const fitted = results.filter((r) => (r.bootstrap?.converged ?? 0) >= 2).length;
              if (fitted < MIN_FITTED_SHARE * R)
                throw new Error(
                  `${engine.kind} ${CALIBRATION_KERNEL} R=${R}: only ${fitted} of ${R} data sets fitted`,
                );
              extra = { dataSets: R, fitted };
            },
            ...(timed
              ? {
                  gpuSeconds: () =>
                    timed((timer) => engine.fitSeries(APPROACH3, plan, options, { timer })),
                }
              : {}),
            dispose() {},
            extra: () => extra,
          };
        },
      }),
    );
  });
}
