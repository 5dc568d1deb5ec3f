/**
 * Benchmark cases for the sweep designer ("design", a family of its own): the variance
 * reduction of the target for every candidate of a side x side grid through
 * Engine.designReductions on the GPU and CPU engines, results back in JS. The model is the
 * CLI `design` command's: an Approach-3 fit of the built-in dataset, its information matrix,
 * and the target N_opt at 100 x the largest budget of the runs; the candidates span the runs'
 * N and D up to ten times their largest, as `design` does by default. The unit is candidates.
 * No GPU time: the designer kernel has no timestamped pass, so the rows are end to end only.
 */
import { builtinDataset } from '../data/builtin';
import type { Engine } from '../engine/engine';
import { defaultTarget } from '../fit/calibration';
import {
  type CandidateGrid,
  type DesignModel,
  defaultCandidateGrid,
  designModel,
} from '../fit/design';
import { fitInformation } from '../fit/information';
import { DEFAULT_FIT_OPTIONS, type FitOptions, type FitRun } from '../fit/types';
import type { LawTheta } from '../law/law';
import type { BenchCase } from './suite';

/** The kernel name of the designer rows. */
export const DESIGN_KERNEL = 'design';

/** The GPU/CPU pair of the designer rows, for `ratios` (src/bench/ratios.mjs). */
export const DESIGN_PAIR = [DESIGN_KERNEL, DESIGN_KERNEL] as const;

/** Seed of the built-in dataset and of the base fit's random starts. */
export const DESIGN_BENCH_SEED = 1;

/** The fit the designer and calibration cases start from, and its runs. */
export interface BenchBaseFit {
  readonly runs: readonly FitRun[];
  readonly theta: LawTheta;
  readonly label: string;
}

/** The base fit's options: the Approach-3 defaults with 16 random starts and no bootstrap. */
export const BASE_FIT_OPTIONS: FitOptions = {
  ...DEFAULT_FIT_OPTIONS,
  starts: { kind: 'random', count: 16 },
  bootstrap: 0,
  seed: DESIGN_BENCH_SEED,
  resampleGroups: false,
};

/**
 * The Approach-3 fit of the built-in dataset (seed 1) on `engine`. Rejects when the fit did not
 * converge to positive exponents: neither the designer nor the simulation has a law then.
 */
export async function builtinBaseFit(engine: Engine, signal?: AbortSignal): Promise<BenchBaseFit> {
  const runs = builtinDataset(DESIGN_BENCH_SEED).runs.map((r) => ({
    N: r.N,
    D: r.D,
    loss: r.loss,
  }));
  const fit = await engine.fit(runs, BASE_FIT_OPTIONS, signal ? { signal } : {});
  const theta = fit.best.theta;
  if (!fit.best.converged || !(theta.alpha > 0 && theta.beta > 0))
    throw new Error('bench base fit: the fit of the built-in dataset did not converge');
  return { runs, theta, label: `built-in dataset, seed ${DESIGN_BENCH_SEED}` };
}

/** The design model of the CLI's default target (N_opt at 100 x the largest budget) at `base`. */
export function benchDesignModel(base: BenchBaseFit): DesignModel {
  return designModel(fitInformation(base.theta, base.runs), defaultTarget(base.runs));
}

/** The side x side candidate grid of `design`'s default region for `runs`. */
export function benchCandidateGrid(runs: readonly FitRun[], side: number): CandidateGrid {
  return defaultCandidateGrid(runs, side);
}

/** A case fails when the result has the wrong length or a value that is not finite. */
function check(what: string, out: Float64Array, expected: number): void {
  if (out.length !== expected) throw new Error(`${what}: ${out.length} values, not ${expected}`);
  if (!out.every(Number.isFinite)) throw new Error(`${what}: a value is not finite`);
}

/** Designer cases for each engine (GPU first where there is one), side by side per grid side. */
export function designCases(
  engines: { gpu?: Engine | undefined; cpu: Engine },
  base: BenchBaseFit,
  sides: readonly number[],
): BenchCase[] {
  const model = benchDesignModel(base);
  const present = engines.gpu ? [engines.gpu, engines.cpu] : [engines.cpu];
  return sides.flatMap((side) => {
    const grid = benchCandidateGrid(base.runs, side);
    return present.map(
      (engine): BenchCase => ({
        kernel: DESIGN_KERNEL,
        engine: engine.kind,
        mode: 'Engine.designReductions(): variance reduction per candidate (upload, kernel or workers, results in JS)',
        size: side * side,
        unit: 'candidates',
        shape: `${side}x${side} · ${base.runs.length} runs (${base.label})`,
        prepare: async () => ({
          async run(signal) {
            const out = await engine.designReductions(model, grid, signal ? { signal } : {});
            check(`${engine.kind} ${DESIGN_KERNEL} ${side}x${side}`, out, side * side);
          },
          dispose() {},
        }),
      }),
    );
  });
}
