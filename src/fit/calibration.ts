/**
 * Are the fit's intervals honest on this design? R data sets are simulated on the user's (N, D)
 * design from the fitted law, with residuals on ln L resampled (centred) from the fit's, each is
 * fitted with the same options and bootstrap K, and each quantity's 95% percentile intervals are
 * checked against the value of the law that simulated them (docs/METHODS.md, "Are the
 * intervals honest? Calibration on your design"). The fits go through a per-series fitter (an
 * engine's `fitSeries`) in chunks of CALIBRATION_CHUNK data sets, so a GPU fits a chunk in the
 * same dispatches; the simulation itself is f64 here.
 */
import { DEFAULT_FLOPS_PER_PARAM_TOKEN, type LawTheta, logLossLSE } from '../law/law';
import { percentile } from '../law/stats';
import {
  type CoverageStats,
  coverageReading,
  coverageStats,
  NOMINAL_COVERAGE,
  type SimulatedInterval,
} from './calibration-stats';
import { hash32, uniformAt } from './counter-rng';
import { targetValue } from './design';
import { residuals } from './information';
import { MAD_TO_SIGMA, objectiveOf } from './objective-options';
import { ReplicaTable } from './replica-table';
import { fitStartsOf } from './run-fit';
import type { SeriesFitJob } from './series-batch-fit';
import type { SeriesFit, SeriesPlan } from './series-fit';
import type { FitOptions, FitResult, FitRun } from './types';

/** Simulated data sets: R must be below this. */
export const CALIBRATION_REPLICA_LIMIT = 10_000;
/** Default R. */
export const DEFAULT_CALIBRATION_REPLICAS = 200;
/** The cap on R x (starts + K), the local fits of a calibration. */
export const MAX_CALIBRATION_FITS = 10_000_000;
/** The fewest bootstrap replicas whose percentile interval is worth calibrating. */
export const MIN_CALIBRATION_BOOTSTRAP = 10;
/** Data sets per fitter call; part of the definition, since each chunk has its fit seed. */
export const CALIBRATION_CHUNK = 20;
/** The default target budget: the largest budget of the runs times this. */
export const TARGET_BUDGET_FACTOR = 100;
/** The data-chosen Huber constant a remedy suggests (95% efficient under Gaussian noise). */
const SUGGESTED_DELTA_CONSTANT = 1.345;

/** A calibration that cannot run with these inputs; the message says why. */
export class CalibrationError extends Error {
  override name = 'CalibrationError';
}

/** Per-series Approach-3 fits of a plan, as one job (an engine's `fitSeries` bound to Approach 3). */
export type SeriesFitter = (
  plan: readonly SeriesPlan<FitRun>[],
  options: FitOptions,
  job: SeriesFitJob,
) => Promise<SeriesFit<FitResult>[]>;

/** The target quantity: N_opt at training compute `budget` FLOPs. */
export interface CalibrationTarget {
  readonly kind: 'nopt';
  readonly budget: number;
}

/** How to calibrate. */
export interface CalibrationOptions {
  /** Simulated data sets R (default DEFAULT_CALIBRATION_REPLICAS). */
  readonly replicas?: number;
  /** Default: N_opt at the largest budget of the runs times TARGET_BUDGET_FACTOR. */
  readonly target?: CalibrationTarget;
  /** Seed of the simulation and of the fits' seeds (default the options' seed). */
  readonly seed?: number;
  readonly fitSeries: SeriesFitter;
  readonly signal?: AbortSignal;
  /** Local fits done of all R x (starts + K), never decreasing. */
  readonly onProgress?: (progress: { readonly done: number; readonly total: number }) => void;
  readonly flopsPerParamToken?: number;
}

export const CALIBRATED_QUANTITIES = ['alpha', 'beta', 'a', 'E', 'target'] as const;
export type CalibratedQuantity = (typeof CALIBRATED_QUANTITIES)[number];

/** How one quantity's intervals behaved. */
export interface QuantityCalibration extends CoverageStats {
  readonly name: CalibratedQuantity;
  /** Its name in the readings (the target as "N_opt at C FLOPs"). */
  readonly label: string;
  /** Its value under the fitted law that simulated the data (the target: N_opt, not its log). */
  readonly truth: number;
  readonly reading: string;
}

/** A remedy for intervals that are off, and whether the calibration computed it. */
export interface CalibrationRemedy {
  readonly kind: 'scale-factor' | 'huber-delta';
  readonly computed: boolean;
  readonly text: string;
}

/** What a calibration found. */
export interface CalibrationResult {
  /** Data sets simulated, and those whose fit gave intervals (a point fit and 2+ replicas). */
  readonly replicas: number;
  readonly used: number;
  readonly failed: number;
  readonly bootstrap: number;
  readonly starts: number;
  readonly seed: number;
  readonly nominal: number;
  readonly target: CalibrationTarget;
  /** 1.4826 x MAD of the fit's residuals on ln L: the noise the simulation resamples. */
  readonly residualScale: number;
  /** Quantities whose intervals vary (one held fixed by the options is left out). */
  readonly quantities: readonly QuantityCalibration[];
  readonly readings: readonly string[];
  readonly remedies: readonly CalibrationRemedy[];
  readonly seconds: number;
}

/** The default target: N_opt at TARGET_BUDGET_FACTOR x the largest 6 N D of the runs. */
export function defaultTarget(
  runs: readonly FitRun[],
  flopsPerParamToken = DEFAULT_FLOPS_PER_PARAM_TOKEN,
): CalibrationTarget {
  const largest = runs.reduce((m, r) => Math.max(m, flopsPerParamToken * r.N * r.D), 0);
  return { kind: 'nopt', budget: TARGET_BUDGET_FACTOR * largest };
}

/**
 * Simulated data set `index`: each run's ln L from the law at theta plus a residual drawn with
 * replacement from `pool`, draw i of set j at uniformAt(hash32(seed), j, i); N, D, group and
 * weight are the run's.
 */
export function simulateRuns(
  runs: readonly FitRun[],
  theta: LawTheta,
  pool: Float64Array,
  seed: number,
  index: number,
): FitRun[] {
  const stream = hash32(seed ^ 0x63616c69);
  return runs.map((r, i) => {
    const draw = pool[Math.floor(uniformAt(stream, index, i) * pool.length)]!;
    const lnL = logLossLSE(theta, Math.log(r.N), Math.log(r.D)) + draw;
    return { ...r, loss: Math.exp(lnL) };
  });
}

/** The fit's residuals on ln L, centred on their mean. */
export function centredResiduals(theta: LawTheta, runs: readonly FitRun[]): Float64Array {
  const r = residuals(theta, runs);
  const m = r.reduce((s, v) => s + v, 0) / r.length;
  return r.map((v) => v - m);
}

function robustScale(values: Float64Array): number {
  const s = Float64Array.from(values).sort();
  const m = percentile(s, 0.5);
  const dev = Float64Array.from(values, (v) => Math.abs(v - m)).sort();
  return MAD_TO_SIGMA * percentile(dev, 0.5);
}

/**
 * Checks the size of a calibration before anything is fitted: R from 2 to 9,999, K of at least
 * MIN_CALIBRATION_BOOTSTRAP, R x (starts + K) within MAX_CALIBRATION_FITS. Throws
 * CalibrationError naming the limit.
 */
export function checkCalibrationJob(replicas: number, options: FitOptions): void {
  if (!(Number.isInteger(replicas) && replicas >= 2 && replicas < CALIBRATION_REPLICA_LIMIT))
    throw new CalibrationError(
      `the number of simulated data sets must be a whole number from 2 to ${CALIBRATION_REPLICA_LIMIT - 1}, got ${replicas}`,
    );
  if (options.bootstrap < MIN_CALIBRATION_BOOTSTRAP)
    throw new CalibrationError(
      `calibration checks bootstrap intervals: K must be at least ${MIN_CALIBRATION_BOOTSTRAP}, got ${options.bootstrap}`,
    );
  const starts = fitStartsOf(options).length;
  const fits = replicas * (starts + options.bootstrap);
  if (fits > MAX_CALIBRATION_FITS)
    throw new CalibrationError(
      `R x (starts + K) = ${replicas} x (${starts} + ${options.bootstrap}) = ${fits.toLocaleString('en-US')} local fits is above the cap of ${MAX_CALIBRATION_FITS.toLocaleString('en-US')}; use fewer data sets, random starts or a smaller K`,
    );
}

/**
 * Everything calibrate checks before it fits: the size of the job (checkCalibrationJob), a fit
 * that converged to positive exponents, and runs that are the fit's. Throws CalibrationError.
 */
export function checkCalibrationInput(
  runs: readonly FitRun[],
  fit: FitResult,
  options: FitOptions,
  replicas: number,
): void {
  checkCalibrationJob(replicas, options);
  const t = fit.best.theta;
  if (!fit.best.converged || !(t.alpha > 0 && t.beta > 0))
    throw new CalibrationError(
      'the fit did not converge to positive exponents, so there is no law to simulate from',
    );
  if (runs.length !== fit.rows)
    throw new CalibrationError(`the fit has ${fit.rows} rows but ${runs.length} runs were given`);
}

const QUANTITY_OF: Record<
  CalibratedQuantity,
  (t: LawTheta, lnTarget: (t: LawTheta) => number) => number
> = {
  alpha: (t) => t.alpha,
  beta: (t) => t.beta,
  a: (t) => t.beta / (t.alpha + t.beta),
  E: (t) => Math.exp(t.e),
  target: (t, lnTarget) => lnTarget(t),
};

/** One fitted data set's estimate, SE and percentile interval of every quantity; null: no interval. */
function intervalsOf(
  result: FitResult,
  lnTarget: (t: LawTheta) => number,
): Record<CalibratedQuantity, SimulatedInterval> | null {
  const thetas = ReplicaTable.of(result.bootstrap?.replicas).thetas();
  const out = {} as Record<CalibratedQuantity, SimulatedInterval>;
  for (const name of CALIBRATED_QUANTITIES) {
    const q = QUANTITY_OF[name];
    const values = thetas.map((t) => q(t, lnTarget)).filter(Number.isFinite);
    const estimate = q(result.best.theta, lnTarget);
    if (values.length < 2 || !Number.isFinite(estimate)) return null;
    const sorted = Float64Array.from(values).sort();
    const m = values.reduce((s, v) => s + v, 0) / values.length;
    const se = Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1));
    out[name] = {
      estimate,
      se,
      lo: percentile(sorted, (1 - NOMINAL_COVERAGE) / 2),
      hi: percentile(sorted, (1 + NOMINAL_COVERAGE) / 2),
    };
  }
  return out;
}

/**
 * Calibrates the 95% intervals of `fit` (an Approach-3 fit of `runs` with `options`) on the
 * runs' design. Throws CalibrationError for R outside 2..9,999, K below 10, R x (starts + K)
 * above MAX_CALIBRATION_FITS, or a fit with no law to simulate from; rejects with the abort
 * reason when `signal` aborts.
 */
export async function calibrate(
  runs: readonly FitRun[],
  fit: FitResult,
  options: FitOptions,
  calibration: CalibrationOptions,
): Promise<CalibrationResult> {
  const started = performance.now();
  const replicas = calibration.replicas ?? DEFAULT_CALIBRATION_REPLICAS;
  const starts = fitStartsOf(options).length;
  checkCalibrationInput(runs, fit, options, replicas);
  const k = calibration.flopsPerParamToken ?? DEFAULT_FLOPS_PER_PARAM_TOKEN;
  const target = calibration.target ?? defaultTarget(runs, k);
  if (!(target.budget > 0 && Number.isFinite(target.budget)))
    throw new CalibrationError(
      `the target budget must be a positive number of FLOPs, got ${target.budget}`,
    );
  const seed = (calibration.seed ?? options.seed) >>> 0;
  const theta = fit.best.theta;
  const pool = centredResiduals(theta, runs);
  const lnTarget = (t: LawTheta) => targetValue(t, { kind: 'nopt', budget: target.budget }, k);

  const per = starts + options.bootstrap;
  const total = replicas * per;
  let reported = 0;
  const report = (done: number) => {
    if (done <= reported) return;
    reported = Math.min(total, done);
    calibration.onProgress?.({ done: reported, total });
  };
  const sims: Record<CalibratedQuantity, SimulatedInterval>[] = [];
  for (let first = 0, chunk = 0; first < replicas; first += CALIBRATION_CHUNK, chunk++) {
    calibration.signal?.throwIfAborted();
    const count = Math.min(CALIBRATION_CHUNK, replicas - first);
    const plan = Array.from({ length: count }, (_, j) => ({
      series: `simulated ${first + j + 1}`,
      runs: simulateRuns(runs, theta, pool, seed, first + j),
    }));
    const chunkOptions = { ...options, seed: hash32((seed ^ 0x9e3779b9) + chunk) };
    const offset = first * per;
    const fits = await calibration.fitSeries(plan, chunkOptions, {
      ...(calibration.signal ? { signal: calibration.signal } : {}),
      onProgress: (p) => report(offset + (p.total > 0 ? (p.done / p.total) * count * per : 0)),
    });
    for (const f of fits) {
      const s = 'result' in f ? intervalsOf(f.result, lnTarget) : null;
      if (s) sims.push(s);
    }
    report(offset + count * per);
  }
  calibration.signal?.throwIfAborted();
  if (sims.length < 2)
    throw new CalibrationError(
      `only ${sims.length} of ${replicas} simulated data sets gave intervals, too few to calibrate`,
    );

  const quantities = CALIBRATED_QUANTITIES.flatMap((name): QuantityCalibration[] => {
    const column = sims.map((s) => s[name]);
    // A quantity held fixed by the options has no interval to calibrate.
    if (column.every((s) => s.hi - s.lo === 0)) return [];
    const truthScale = QUANTITY_OF[name](theta, lnTarget);
    const stats = coverageStats(column, truthScale);
    const label = name === 'target' ? `N_opt at ${target.budget.toPrecision(3)} FLOPs` : name;
    return [
      {
        name,
        label,
        truth: name === 'target' ? Math.exp(truthScale) : truthScale,
        ...stats,
        reading: coverageReading(label, stats),
      },
    ];
  });
  const residualScale = robustScale(pool);
  return {
    replicas,
    used: sims.length,
    failed: replicas - sims.length,
    bootstrap: options.bootstrap,
    starts,
    seed,
    nominal: NOMINAL_COVERAGE,
    target,
    residualScale,
    quantities,
    readings: quantities.map((q) => q.reading),
    remedies: remediesFor(quantities, options, residualScale),
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * Remedies for intervals that are off: the scale factor (computed, per quantity), and where the
 * intervals over-cover under a fixed Huber delta far below the residual scale, the data-chosen
 * delta (suggested, not computed).
 */
export function remediesFor(
  quantities: readonly QuantityCalibration[],
  options: FitOptions,
  residualScale: number,
): CalibrationRemedy[] {
  const off = quantities.filter((q) => q.verdict !== 'nominal');
  if (off.length === 0) return [];
  const factors = off
    .map(
      (q) => `${q.label} ${q.scaleFactor === null ? 'not finite' : `x${q.scaleFactor.toFixed(2)}`}`,
    )
    .join(', ');
  const out: CalibrationRemedy[] = [
    {
      kind: 'scale-factor',
      computed: true,
      text: `scale the intervals' half-widths about the point estimate by the factor that restores 95% coverage on this design: ${factors}`,
    },
  ];
  const c = objectiveOf(options);
  const over = off.some((q) => q.verdict === 'over');
  if (
    over &&
    c.residualLoss === 'huber' &&
    c.deltaRule.kind === 'fixed' &&
    residualScale > 10 * options.delta
  ) {
    const delta = SUGGESTED_DELTA_CONSTANT * residualScale;
    out.push({
      kind: 'huber-delta',
      computed: false,
      text: `the residual scale (${residualScale.toPrecision(2)} on ln L) is ${Math.round(residualScale / options.delta)} times the Huber delta ${options.delta}, so the fit behaves like least absolute deviations and its intervals run wide; the data-chosen delta (${SUGGESTED_DELTA_CONSTANT} x 1.4826 MAD, about ${delta.toPrecision(2)} here) suits this noise (suggested, not computed: calibrate again with it to check)`,
    });
  }
  return out;
}
