/**
 * One cost-growth run: builds the growth cases of the chosen series on the run's engines (and
 * the GPU fit kernel when a fit series is asked for) and times them one after another with each
 * series' timing. Shared by bench/bench-page.ts; the analysis of the rows is in growth.mjs.
 */

import { growthCases } from './growth-cases';
import { type GrowthPlan, type GrowthSeriesId, seriesOfKernel } from './growth-plan';
import { defaultGpuFitter } from './run-bench';
import type { BenchEngines } from './session';
import { type BenchRow, runSuite, type SuiteHooks } from './suite';

/** What a growth run needs besides the engines. */
export interface RunGrowthOptions extends SuiteHooks {
  readonly plan: GrowthPlan;
  /** Series to run, in this order. */
  readonly series: readonly GrowthSeriesId[];
  /** A step before the cases start, for a progress line. */
  readonly onStage?: (stage: string) => void;
}

/** The rows of a growth run and why the GPU fit rows are missing, if they are. */
export interface GrowthOutcome {
  readonly rows: BenchRow[];
  readonly gpuFitSkipped: string | null;
}

const FIT_SERIES: readonly GrowthSeriesId[] = ['bootstrap', 'rows'];

/**
 * Runs the growth series on `engines`. Rejects with the signal's reason or the first failing
 * case's error.
 */
export async function runGrowth(
  engines: BenchEngines,
  options: RunGrowthOptions,
): Promise<GrowthOutcome> {
  let gpuFitSkipped: string | null = null;
  let gpuFitter: Awaited<ReturnType<typeof defaultGpuFitter>> | undefined;
  if (engines.gpu && options.series.some((s) => FIT_SERIES.includes(s))) {
    options.onStage?.('Growth: compiling the GPU fit kernel…');
    gpuFitter = await defaultGpuFitter(engines);
    if (typeof gpuFitter === 'string') gpuFitSkipped = gpuFitter;
  }
  options.signal?.throwIfAborted();
  const cases = growthCases(
    {
      cpu: engines.cpu,
      cpuExecutor: engines.cpuExecutor,
      gpu: engines.gpu,
      gpuFitter: typeof gpuFitter === 'string' ? undefined : gpuFitter,
    },
    options.plan.sizes,
    options.series,
  );
  const rows = await runSuite(
    cases,
    (c) => options.plan.measure[seriesOfKernel(c.kernel)],
    options,
  );
  return { rows, gpuFitSkipped };
}
