/**
 * One benchmark run over a plan: prepares the fit cases' warm start and the GPU fit kernel,
 * builds every case in order (surface, fits, frontier and multiplier curves, sweep; GPU and CPU
 * side by side per size) and times them one after another. Shared by the Bench view and
 * bench/bench-page.ts.
 * The fit family is the grid and bootstrap fits and the per-series fits of the caller's runs,
 * then the Approach-2 bootstrap of the built-in isoFLOP sweep and the calibration fits of data
 * sets simulated from a fit of the built-in dataset (neither needs fit data). The design family
 * (the sweep designer's candidate map) starts from that same fit of the built-in dataset.
 */
import { builtinDataset } from '../data/builtin';
import type { FitRun } from '../fit/types';
import type { GpuFitter } from '../gpu/fit';
import type { LawTheta } from '../law/law';
import { type Approach2BenchData, approach2Cases, loadGpuIsoflop } from './approach2-cases';
import { CALIBRATION_KERNEL, calibrationCases } from './calibration-cases';
import { type BenchBaseFit, builtinBaseFit, DESIGN_KERNEL, designCases } from './design-cases';
import { fitCases, seriesFitCases, warmStart } from './fit-cases';
import { multiplierCases } from './multiplier-cases';
import { frontierCases, sweepCases } from './optimum-cases';
import { type BenchFamily, type BenchPlan, familyOf } from './plan';
import type { BenchEngines } from './session';
import { type BenchCase, type BenchRow, runSuite, type SuiteHooks } from './suite';
import { surfaceCases } from './surface-cases';

/** What the fit cases ran on. */
export interface FitReport {
  /** Runs in the data. */
  readonly rows: number;
  /** Where the data came from (e.g. 'built-in dataset'). */
  readonly data: string;
  /** The best grid fit (CPU engine): where every engine's replicas start. */
  readonly warm: LawTheta;
  readonly warmObjective: number;
  /** Null when the GPU fit rows ran, else why they were skipped. */
  readonly gpuSkipped: string | null;
  /** Batch sizes measured. */
  readonly starts: readonly number[];
  readonly replicas: readonly number[];
}

/** What the Approach-2 cases ran on. */
export interface Approach2Report {
  readonly rows: number;
  readonly data: string;
  /** Null when the GPU rows ran, else why they were skipped. */
  readonly gpuSkipped: string | null;
  readonly replicas: readonly number[];
}

/** The fit cases' data. */
export interface FitInput {
  readonly runs: readonly FitRun[];
  readonly label: string;
}

/** What a run needs besides the engines. */
export interface RunBenchOptions extends SuiteHooks {
  readonly plan: BenchPlan;
  /** Families to run, in this order (default: all of them). */
  readonly families?: readonly BenchFamily[];
  /** The fit cases' data; no fit rows without it. */
  readonly fit?: FitInput | undefined;
  /** A step before the cases start (e.g. 'fit: warm start'), for a progress line. */
  readonly onStage?: (stage: string) => void;
  /** The GPU fit kernel, or why there is none; default: GpuFitter.create on the GPU engine. */
  readonly gpuFitter?: () => Promise<GpuFitter | string>;
  /** The Approach-2 cases' isoFLOP runs (default: the built-in dataset, seed 1). */
  readonly approach2?: Approach2BenchData;
  /**
   * Only the cases of these kernels (e.g. ['fit-calibration', 'design']); default: every case
   * of the families. Set-up steps no chosen case needs (the fit warm start) are skipped.
   */
  readonly kernels?: readonly string[];
}

/** The kernels of the fit cases that read the caller's runs and need the warm start. */
const FIT_DATA_KERNELS = ['fit-grid', 'fit-bootstrap', 'fit-series'];

/** The built-in isoFLOP sweep (seed 1) as the Approach-2 cases' data. */
export function builtinApproach2Data(): Approach2BenchData {
  const runs = builtinDataset(1).runs.map((r) => ({ N: r.N, D: r.D, loss: r.loss, C: r.C }));
  return { runs, label: 'built-in dataset, seed 1' };
}

/** The rows of a run (possibly partial) and the fit set-up. */
export interface BenchOutcome {
  readonly rows: BenchRow[];
  readonly fit?: FitReport;
  readonly approach2?: Approach2Report;
}

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/**
 * The GPU fit kernel, or why there is none. Loaded dynamically so the other rows still run when
 * the fit kernel fails to compile.
 */
export async function defaultGpuFitter(engines: BenchEngines): Promise<GpuFitter | string> {
  if (!engines.gpu) return 'no GPU';
  try {
    const { GpuFitter } = await import('../gpu/fit');
    return await GpuFitter.create(engines.gpu.gpu);
  } catch (e) {
    return `the GPU fit kernel is not available: ${describe(e)}`;
  }
}

/** The cases of a plan, in run order, and the fit set-up they use. */
export async function planCases(
  engines: BenchEngines,
  options: RunBenchOptions,
): Promise<{ cases: BenchCase[]; fit?: FitReport; approach2?: Approach2Report }> {
  const { plan, signal } = options;
  const families = options.families ?? ['surface', 'fit', 'frontier', 'sweep', 'design'];
  const { gpu, cpu } = engines;
  const wanted = (kernel: string) => !options.kernels || options.kernels.includes(kernel);
  const cases: BenchCase[] = [];
  let fit: FitReport | undefined;
  let approach2: Approach2Report | undefined;
  let base: BenchBaseFit | undefined;
  const baseFit = async () => {
    if (base) return base;
    options.onStage?.('Fitting the built-in dataset (designer and calibration cases)…');
    base = await builtinBaseFit(cpu, signal);
    signal?.throwIfAborted();
    return base;
  };
  for (const family of families) {
    signal?.throwIfAborted();
    if (family === 'surface') cases.push(...surfaceCases({ gpu, cpu }, plan.sizes.surfaceSides));
    if (family === 'frontier') {
      cases.push(...frontierCases({ gpu, cpu }, plan.sizes.frontierReplicas));
      cases.push(...multiplierCases({ gpu, cpu }, plan.sizes.multiplierPairs));
    }
    if (family === 'sweep') cases.push(...sweepCases({ gpu, cpu }, plan.sizes.sweepSides));
    if (family === 'design' && plan.sizes.designSides.length > 0 && wanted(DESIGN_KERNEL))
      cases.push(...designCases({ gpu, cpu }, await baseFit(), plan.sizes.designSides));
    if (family === 'fit' && options.fit && FIT_DATA_KERNELS.some(wanted)) {
      const { runs, label } = options.fit;
      options.onStage?.(`Fits: finding the warm start on ${label}…`);
      const best = await warmStart(engines.cpuExecutor, runs, plan.warmStride, signal);
      signal?.throwIfAborted();
      options.onStage?.('Fits: compiling the GPU fit kernel…');
      const kernel = gpu
        ? await (options.gpuFitter ?? (() => defaultGpuFitter(engines)))()
        : 'no GPU';
      signal?.throwIfAborted();
      const sizes = { starts: plan.sizes.fitStarts, replicas: plan.sizes.bootstrapReplicas };
      const fitEngines = {
        cpu: engines.cpuExecutor,
        gpu: typeof kernel === 'string' ? undefined : kernel,
        timestamps:
          typeof kernel !== 'string' && engines.gpu?.gpu.info.timestampQuery
            ? engines.gpu.gpu.device
            : undefined,
      };
      cases.push(...fitCases(fitEngines, { runs, warm: best.theta }, sizes));
      cases.push(
        ...seriesFitCases(
          fitEngines,
          { runs, warm: best.theta },
          { series: plan.sizes.fitSeries, replicas: plan.seriesReplicas },
        ),
      );
      fit = {
        rows: runs.length,
        data: label,
        warm: best.theta,
        warmObjective: best.objective,
        gpuSkipped: typeof kernel === 'string' ? kernel : null,
        ...sizes,
      };
    }
    if (family === 'fit' && plan.sizes.approach2Replicas.length > 0 && wanted('fit-approach2')) {
      const data = options.approach2 ?? builtinApproach2Data();
      options.onStage?.('Approach 2: compiling the GPU isoFLOP kernel…');
      const isoflop = gpu ? await loadGpuIsoflop(gpu.gpu) : 'no GPU';
      signal?.throwIfAborted();
      if (gpu && typeof isoflop === 'string')
        options.onStage?.(`Approach 2: GPU rows skipped: ${isoflop}`);
      const replicas = plan.sizes.approach2Replicas;
      cases.push(
        ...approach2Cases(
          { gpu: typeof isoflop === 'string' ? undefined : isoflop },
          data,
          replicas,
        ),
      );
      approach2 = {
        rows: data.runs.length,
        data: data.label,
        gpuSkipped: typeof isoflop === 'string' ? isoflop : null,
        replicas,
      };
    }
    if (
      family === 'fit' &&
      plan.sizes.calibrationDataSets.length > 0 &&
      wanted(CALIBRATION_KERNEL)
    ) {
      const sizes = {
        dataSets: plan.sizes.calibrationDataSets,
        replicas: plan.calibrationReplicas,
      };
      cases.push(...calibrationCases({ gpu, cpu }, await baseFit(), sizes));
    }
  }
  const chosen = options.kernels ? cases.filter((c) => wanted(c.kernel)) : cases;
  return { cases: chosen, ...(fit ? { fit } : {}), ...(approach2 ? { approach2 } : {}) };
}

/**
 * Runs the plan on `engines`. Rejects with the signal's reason (cancel, GPU loss) or the first
 * failing case's error; rows finished before that reach `onRow` first.
 */
export async function runBench(
  engines: BenchEngines,
  options: RunBenchOptions,
): Promise<BenchOutcome> {
  const { cases, fit, approach2 } = await planCases(engines, options);
  const rows = await runSuite(cases, (c) => options.plan.measure[familyOf(c.kernel)], options);
  return { rows, ...(fit ? { fit } : {}), ...(approach2 ? { approach2 } : {}) };
}
