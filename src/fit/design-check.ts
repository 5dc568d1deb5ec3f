/**
 * The simulation check of a design: simulate each plan's new runs from the fitted law with
 * residuals resampled from the fit, refit the augmented data with the bootstrap (the existing
 * fitter, warm-started at the estimate), and compare the target's 95% bootstrap interval width
 * before and after, for the designer's batch, the classic plan and a random batch.
 */
import { SeededRandom } from '../data/random';
import { DEFAULT_FLOPS_PER_PARAM_TOKEN, type LawTheta, logLossLSE } from '../law/law';
import { percentile } from '../law/stats';
import type { SeriesFitter } from './calibration';
import { type DesignPlan, type DesignTarget, targetValue, validateTarget } from './design';
import { DesignError, residuals } from './information';
import { fitFromStarts, fitReplicas } from './local-fits';
import { prepareFitData } from './objective';
import { resampleUnits } from './resample';
import type { FitBackend } from './run-fit';
import { runSeriesFits } from './series-batch-fit';
import type { SeriesPlan } from './series-fit';
import { DEFAULT_FIT_OPTIONS, type FitOptions, type FitRun } from './types';

/** Most simulated data sets per plan of one check. */
export const MAX_CHECK_REPLICAS = 1000;

/** Most local fits one check may ask for (the Design view refuses more). */
export const MAX_CHECK_FITS = 5_000_000;

/** Local fits of a check of `plans` plans: the current runs and R data sets per plan, 1 + K fits each. */
export function checkFitCount(plans: number, replicas: number, bootstrap: number): number {
  return (1 + plans * replicas) * (1 + bootstrap);
}

/** Fits in this thread with the f64 twins (no workers): for tests and small checks. */
export function inProcessFitBackend(): FitBackend {
  return {
    engine: 'cpu',
    fitStarts: async (runs, starts, options) =>
      fitFromStarts(prepareFitData(runs), starts, options),
    fitReplicas: async (runs, r, options) =>
      fitReplicas(
        prepareFitData(runs),
        resampleUnits(runs, r.byGroup),
        r.seed,
        r.first,
        r.count,
        r.warm,
        options,
      ),
  };
}

/** The fitted estimate the check starts from. */
export interface FittedEstimate {
  readonly theta: LawTheta;
  readonly converged: boolean;
}

/** Options of {@link checkPlans}. */
export interface SimulationCheckOptions {
  /** Simulated data sets per plan (default 4). */
  readonly replicas?: number;
  /** Bootstrap replicas K of every refit (default 100). */
  readonly bootstrap?: number;
  /** Seed of the residual draws and of the bootstrap. */
  readonly seed?: number;
  /** Huber delta of the refits (default the fitter's). */
  readonly delta?: number;
  /** The per-series fitter, e.g. an engine's `fitSeries` bound to Approach 3 (default in process). */
  readonly fitSeries?: SeriesFitter;
  readonly flopsPerParamToken?: number;
  readonly signal?: AbortSignal;
  /** Local fits done of all (1 + R x plans) x (1 + K), never decreasing. */
  readonly onProgress?: (progress: { readonly done: number; readonly total: number }) => void;
}

/** The simulated outcome of one plan. */
export interface PlanCheck {
  readonly kind: DesignPlan['kind'];
  readonly runs: number;
  readonly flops: number;
  /** The linearised prediction: sqrt(varianceAfter / varianceBefore). */
  readonly predictedWidthRatio: number;
  /** 95% interval width of the target after the plan, averaged over simulated data sets. */
  readonly widthAfter: number;
  /** The width of each simulated data set. */
  readonly widths: readonly number[];
  /** 1 - widthAfter / widthBefore. */
  readonly shrinkage: number;
}

/** The check of several plans against the same starting interval. */
export interface SimulationCheck {
  /** 95% bootstrap interval width of the target on the current runs. */
  readonly widthBefore: number;
  readonly plans: readonly PlanCheck[];
  /** True when the designer's plan shrinks the interval more than every other plan. */
  readonly designerBeatsAll: boolean;
  /** One sentence for the user. */
  readonly verdict: string;
}

/** Width of the central 95% interval of the target over converged bootstrap replicas. */
export function bootstrapWidth(
  replicas: Float64Array,
  target: DesignTarget,
  flopsPerParamToken: number = DEFAULT_FLOPS_PER_PARAM_TOKEN,
): number {
  const values: number[] = [];
  for (let k = 0; k + 5 <= replicas.length; k += 5) {
    const theta: LawTheta = {
      a: replicas[k]!,
      b: replicas[k + 1]!,
      e: replicas[k + 2]!,
      alpha: replicas[k + 3]!,
      beta: replicas[k + 4]!,
    };
    const v = targetValue(theta, target, flopsPerParamToken);
    if (Number.isFinite(v)) values.push(v);
  }
  if (values.length < 2)
    throw new DesignError(
      'not-converged',
      'too few bootstrap replicas converged to measure an interval',
    );
  const sorted = Float64Array.from(values).sort();
  return percentile(sorted, 0.975) - percentile(sorted, 0.025);
}

/** Simulated data sets per fitter call: a GPU fits a chunk's starts and replicas in the same dispatches. */
export const CHECK_CHUNK = 16;

/** The in-process fitter as a per-series fitter (the default of {@link checkPlans}). */
export function inProcessSeriesFitter(): SeriesFitter {
  const backend = inProcessFitBackend();
  return (plan, options, job) => runSeriesFits(plan, options, backend, job);
}

/** The new runs of `plan` for simulated data set `r`: the fitted law plus a drawn residual each. */
function simulatedRuns(
  plan: DesignPlan,
  theta: LawTheta,
  pool: Float64Array,
  rng: SeededRandom,
): FitRun[] {
  return plan.runs.map((p) => ({
    N: p.N,
    D: p.D,
    loss: Math.exp(logLossLSE(theta, Math.log(p.N), Math.log(p.D)) + pool[rng.int(pool.length)]!),
  }));
}

/** One sentence on how the designer's plan did against the others. */
function checkVerdict(checks: readonly PlanCheck[]): {
  designerBeatsAll: boolean;
  verdict: string;
} {
  const designer = checks.find((c) => c.kind === 'designer');
  const others = checks.filter((c) => c !== designer);
  const designerBeatsAll = !!designer && others.every((o) => designer.widthAfter < o.widthAfter);
  const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
  const verdict = !designer
    ? 'no designer plan was checked'
    : designerBeatsAll
      ? `the designer's batch shrinks the interval by ${pct(designer.shrinkage)}, more than ${others.map((o) => `the ${o.kind} plan (${pct(o.shrinkage)})`).join(' and ')}`
      : `the designer's batch (${pct(designer.shrinkage)} shrinkage) does not beat ${others
          .filter((o) => o.widthAfter <= designer.widthAfter)
          .map((o) => `the ${o.kind} plan (${pct(o.shrinkage)})`)
          .join(' and ')} in this simulation`;
  return { designerBeatsAll, verdict };
}

/**
 * Simulates every plan's runs and measures the target's bootstrap interval before and after.
 * Every data set (the current runs, then R per plan) is one series of a per-series fit job, in
 * chunks of {@link CHECK_CHUNK}, so a GPU fits a chunk in the same dispatches; each series gets
 * the fit it would get alone. Throws DesignError 'not-converged' when the starting fit did not
 * converge; rejects with the abort reason when `signal` aborts.
 */
export async function checkPlans(
  runs: readonly FitRun[],
  estimate: FittedEstimate,
  target: DesignTarget,
  plans: readonly DesignPlan[],
  options: SimulationCheckOptions = {},
): Promise<SimulationCheck> {
  if (!estimate.converged)
    throw new DesignError(
      'not-converged',
      'the fit did not converge, so there is no estimate to plan from; fix the fit first',
    );
  validateTarget(target, estimate.theta);
  const k = options.flopsPerParamToken ?? DEFAULT_FLOPS_PER_PARAM_TOKEN;
  const replicas = options.replicas ?? 4;
  if (!(Number.isInteger(replicas) && replicas >= 1 && replicas <= MAX_CHECK_REPLICAS))
    throw new DesignError(
      'bad-input',
      `the simulation check needs a whole number of simulated data sets from 1 to ${MAX_CHECK_REPLICAS}, got ${replicas}`,
    );
  const seed = options.seed ?? 1;
  const fitSeries = options.fitSeries ?? inProcessSeriesFitter();
  const fitOptions: FitOptions = {
    ...DEFAULT_FIT_OPTIONS,
    starts: { kind: 'warm', theta: estimate.theta },
    bootstrap: options.bootstrap ?? 100,
    seed,
    delta: options.delta ?? DEFAULT_FIT_OPTIONS.delta,
    resampleGroups: false,
  };
  const pool = residuals(estimate.theta, runs);
  const sets: SeriesPlan<FitRun>[] = [{ series: 'current runs', runs }];
  for (const plan of plans) {
    // The same residual draws for every plan (common random numbers), so plans differ by design.
    const rng = new SeededRandom(seed ^ 0x5bd1e995);
    for (let r = 0; r < replicas; r++)
      sets.push({
        series: `${plan.kind} ${r + 1}`,
        runs: [...runs, ...simulatedRuns(plan, estimate.theta, pool, rng)],
      });
  }
  const per = 1 + fitOptions.bootstrap;
  const total = checkFitCount(plans.length, replicas, fitOptions.bootstrap);
  const widths: number[] = [];
  for (let first = 0; first < sets.length; first += CHECK_CHUNK) {
    options.signal?.throwIfAborted();
    const chunk = sets.slice(first, first + CHECK_CHUNK);
    const offset = first * per;
    const fits = await fitSeries(chunk, fitOptions, {
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: (p) =>
        options.onProgress?.({
          done: Math.min(
            total,
            offset + (p.total > 0 ? (p.done / p.total) * chunk.length * per : 0),
          ),
          total,
        }),
    });
    for (const f of fits) {
      if (!('result' in f))
        throw new DesignError('not-converged', `the refit of ${f.series} failed: ${f.problem}`);
      widths.push(bootstrapWidth(f.result.bootstrap!.replicas, target, k));
    }
    options.onProgress?.({ done: offset + chunk.length * per, total });
  }
  options.signal?.throwIfAborted();
  const widthBefore = widths[0]!;
  const checks = plans.map((plan, i): PlanCheck => {
    const own = widths.slice(1 + i * replicas, 1 + (i + 1) * replicas);
    const widthAfter = own.reduce((s, w) => s + w, 0) / own.length;
    return {
      kind: plan.kind,
      runs: plan.runs.length,
      flops: plan.flops,
      predictedWidthRatio: Math.sqrt(plan.varianceAfter / plan.varianceBefore),
      widthAfter,
      widths: own,
      shrinkage: 1 - widthAfter / widthBefore,
    };
  });
  return { widthBefore, plans: checks, ...checkVerdict(checks) };
}
