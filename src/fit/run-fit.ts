/**
 * A whole fit, engine-independent: validate the inputs, minimise from every start, keep the best
 * converged minimum, fit the bootstrap replicas warm-started there, and summarise. The batched
 * minimisation is delegated to a backend (CPU workers or the GPU kernel).
 */
import { type LawTheta, lawFromTheta } from '../law/law';
import { clusterBootstrapWarning } from './cluster-bootstrap';
import type { LocalFitOptions } from './local-fits';
import { prepareFitData, residualsAt, toCentred } from './objective';
import {
  fixedCount,
  needsPilot,
  objectiveOf,
  rowWeightProblems,
  scaledDelta,
  validateObjective,
} from './objective-options';
import { startsFor } from './starts';
import { bootstrapWarnings, percentile, summariseBootstrap } from './summary';
import type { FitOptions, FitProgress, FitResult, FitRun, LocalFit } from './types';

/** Cancellation and progress of one batched job. */
export interface BatchJob {
  readonly signal?: AbortSignal;
  /** Called as chunks finish, with fits done so far and in all. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Which replicas to fit and how to resample them. */
export interface ReplicaRequest {
  readonly seed: number;
  readonly first: number;
  readonly count: number;
  readonly warm: LawTheta;
  readonly byGroup: boolean;
}

/** One problem of a batched start fit: its runs and the starts to minimise from. */
export interface StartsProblem {
  readonly runs: readonly FitRun[];
  readonly starts: readonly LawTheta[];
}

/** One problem of a batched replica fit: its runs and the replicas to fit. */
export interface ReplicasProblem {
  readonly runs: readonly FitRun[];
  readonly request: ReplicaRequest;
}

/**
 * Batched local minimisation on one engine. The optional batch methods fit several problems
 * (for example the series of one dataset) in one job, with progress over all their fits; each
 * problem's fits are those the single-problem method would return for it. Without them,
 * callers loop over the single-problem methods.
 */
export interface FitBackend {
  readonly engine: 'gpu' | 'cpu';
  fitStarts(
    runs: readonly FitRun[],
    starts: readonly LawTheta[],
    options: LocalFitOptions,
    job: BatchJob,
  ): Promise<LocalFit[]>;
  fitReplicas(
    runs: readonly FitRun[],
    request: ReplicaRequest,
    options: LocalFitOptions,
    job: BatchJob,
  ): Promise<LocalFit[]>;
  fitStartsBatch?(
    problems: readonly StartsProblem[],
    options: LocalFitOptions,
    job: BatchJob,
  ): Promise<LocalFit[][]>;
  fitReplicasBatch?(
    problems: readonly ReplicasProblem[],
    options: LocalFitOptions,
    job: BatchJob,
  ): Promise<LocalFit[][]>;
}

/** Bounds on the options a user may set. */
export const FIT_LIMITS = {
  maxBootstrap: 200_000,
  maxRandomStarts: 100_000,
  maxRuns: 100_000,
} as const;

/** A fit that cannot produce a trustworthy result; shown as an error, never as a result. */
export class FitError extends Error {
  override name = 'FitError';
}

/** Problems that stop a fit before it starts (an empty list means it may run). */
export function validateFitInput(runs: readonly FitRun[], options: FitOptions): string[] {
  const errors: string[] = [];
  const free = (options.tieExponents ? 4 : 5) - fixedCount(options.fixed, options.tieExponents);
  if (runs.length <= free) {
    errors.push(
      `a fit needs more runs than free parameters: ${runs.length} usable run${runs.length === 1 ? '' : 's'} for ${free} parameters`,
    );
  }
  if (runs.length > FIT_LIMITS.maxRuns)
    errors.push(`at most ${FIT_LIMITS.maxRuns} runs can be fitted`);
  if (
    !Number.isInteger(options.bootstrap) ||
    options.bootstrap < 0 ||
    options.bootstrap > FIT_LIMITS.maxBootstrap
  ) {
    errors.push(`bootstrap replicas must be a whole number from 0 to ${FIT_LIMITS.maxBootstrap}`);
  }
  if (!(options.delta > 0) || !Number.isFinite(options.delta))
    errors.push('Huber delta must be a positive number');
  if (!Number.isInteger(options.seed) || options.seed < 0 || options.seed > 0xffffffff) {
    errors.push('seed must be a whole number from 0 to 4294967295');
  }
  if (
    options.starts.kind === 'random' &&
    (!Number.isInteger(options.starts.count) ||
      options.starts.count < 1 ||
      options.starts.count > FIT_LIMITS.maxRandomStarts)
  ) {
    errors.push(`random starts must be a whole number from 1 to ${FIT_LIMITS.maxRandomStarts}`);
  }
  const bad = runs.findIndex((r) => ![r.N, r.D, r.loss].every((v) => Number.isFinite(v) && v > 0));
  if (bad >= 0) {
    const r = runs[bad]!;
    errors.push(
      `run ${bad + 1} has a value that is not a finite positive number (N ${r.N}, D ${r.D}, loss ${r.loss})`,
    );
  }
  const distinct = new Set(runs.map((r) => `${r.N},${r.D}`)).size;
  if (runs.length > free && distinct < 3)
    errors.push('the runs cover fewer than 3 distinct (N, D) points');
  errors.push(...validateObjective(options));
  const weighting = objectiveOf(options).weighting;
  if (typeof weighting === 'string') errors.push(...rowWeightProblems(runs, weighting));
  return errors;
}

function bestConverged(fits: readonly LocalFit[]): LocalFit | undefined {
  let best: LocalFit | undefined;
  for (const f of fits) if (f.converged && (!best || f.objective < best.objective)) best = f;
  return best;
}

/**
 * The options the local fits of a fit read: delta (or `delta`, the one chosen from the data)
 * and the tie, plus each objective choice that is not at its default.
 */
export function localFitOptions(options: FitOptions, delta = options.delta): LocalFitOptions {
  const c = objectiveOf(options);
  const { E, alpha, beta } = c.fixed;
  const anyFixed = E !== undefined || alpha !== undefined || beta !== undefined;
  return {
    delta,
    tieExponents: options.tieExponents,
    ...(c.residualLoss !== 'huber' ? { residualLoss: c.residualLoss } : {}),
    ...(c.overPenalty !== 1 ? { overPenalty: c.overPenalty } : {}),
    ...(c.weighting !== 'none' ? { weighting: c.weighting } : {}),
    ...(anyFixed ? { fixed: c.fixed } : {}),
  };
}

/** The starts of a fit: the strategy's, carrying the fixed parameters. */
export function fitStartsOf(options: FitOptions): LawTheta[] {
  return startsFor(options.starts, options.seed, options.tieExponents, options.fixed);
}

/**
 * The Huber threshold of a fit whose delta rule is 'scaled': a least-squares pilot fit on the
 * same backend from the same starts, then constant x 1.4826 x the MAD of its residuals (all
 * runs, unweighted). For any other rule, options.delta. Rejects with a FitError when the pilot
 * diverges or leaves no residual spread.
 */
export async function resolveDelta(
  runs: readonly FitRun[],
  options: FitOptions,
  backend: FitBackend,
  starts: readonly LawTheta[],
  job: BatchJob = {},
): Promise<number> {
  const rule = objectiveOf(options).deltaRule;
  if (!needsPilot(options) || rule.kind !== 'scaled') return options.delta;
  const pilotOptions = { ...localFitOptions(options), residualLoss: 'squared' as const };
  const fits = await backend.fitStarts(runs, starts, pilotOptions, job);
  const best = bestConverged(fits);
  if (!best) {
    throw new FitError(
      `the least-squares pilot fit for delta diverged: none of the ${fits.length} starts converged`,
    );
  }
  const data = prepareFitData(runs);
  try {
    return scaledDelta(residualsAt(toCentred(best.theta, data), data), rule.constant);
  } catch (e) {
    throw new FitError(e instanceof Error ? e.message : String(e));
  }
}

/** The point fit chosen from the minima of every start: the best converged one. */
export interface PointFit {
  readonly best: LocalFit;
  /** Objectives of the converged minima, ascending. */
  readonly minima: Float64Array;
  /** Number of starts. */
  readonly starts: number;
}

/** The best converged start and the converged minima; throws a FitError when none converged. */
export function pointFitOf(startFits: readonly LocalFit[]): PointFit {
  const best = bestConverged(startFits);
  if (!best) {
    throw new FitError(`the fit diverged: none of the ${startFits.length} starts converged`);
  }
  const minima = Float64Array.from(
    startFits.filter((f) => f.converged).map((f) => f.objective),
  ).sort();
  return { best, minima, starts: startFits.length };
}

/** The bootstrap of a fit: every replica, warm-started at the point fit. */
export function replicaRequestOf(options: FitOptions, warm: LawTheta): ReplicaRequest {
  return {
    seed: options.seed,
    first: 0,
    count: options.bootstrap,
    warm,
    byGroup: options.resampleGroups,
  };
}

/**
 * The result of a fit from its point fit and, when the options ask for a bootstrap, its replica
 * fits: what runFit returns, built in one place for every path that fits.
 */
export function assembleFitResult(
  runs: readonly FitRun[],
  options: FitOptions,
  engine: FitBackend['engine'],
  point: PointFit,
  replicas: readonly LocalFit[] | undefined,
  seconds: number,
  resolvedDelta?: number,
): FitResult {
  const { best, minima } = point;
  const warnings: string[] = [];
  if (best.theta.alpha <= 0 || best.theta.beta <= 0) {
    warnings.push('a fitted exponent is not positive: these runs do not constrain the law');
  }
  let bootstrap: FitResult['bootstrap'];
  if (options.bootstrap > 0 && replicas) {
    bootstrap = summariseBootstrap(replicas);
    // Over too few groups the usual warnings (failed replicas, identifiability) blame the law
    // for what the resampling did; say what is wrong instead.
    const cluster = clusterBootstrapWarning(runs, options.resampleGroups, bootstrap);
    warnings.push(...(cluster ? [cluster] : bootstrapWarnings(bootstrap, options.tieExponents)));
  }
  return {
    engine,
    rows: runs.length,
    best: { ...best, law: lawFromTheta(best.theta) },
    starts: {
      total: point.starts,
      converged: minima.length,
      minima: {
        best: minima[0]!,
        median: percentile(minima, 0.5),
        worst: minima[minima.length - 1]!,
      },
    },
    ...(bootstrap ? { bootstrap } : {}),
    warnings,
    options,
    seconds,
    ...(resolvedDelta !== undefined ? { resolvedDelta } : {}),
  };
}

/** Runs a whole fit on `backend`. Rejects with FitError if it diverges, or the abort reason. */
export async function runFit(
  runs: readonly FitRun[],
  options: FitOptions,
  backend: FitBackend,
  job: { signal?: AbortSignal; onProgress?: (p: FitProgress) => void } = {},
): Promise<FitResult> {
  const problems = validateFitInput(runs, options);
  if (problems.length > 0) throw new FitError(problems.join('; '));
  const started = performance.now();
  const starts = fitStartsOf(options);
  const pilot = needsPilot(options);
  const delta = pilot
    ? await resolveDelta(runs, options, backend, starts, job.signal ? { signal: job.signal } : {})
    : options.delta;
  const local = localFitOptions(options, delta);
  const startFits = await backend.fitStarts(runs, starts, local, {
    ...(job.signal ? { signal: job.signal } : {}),
    onProgress: (done, total) => job.onProgress?.({ phase: 'starts', done, total }),
  });
  const point = pointFitOf(startFits);
  let replicas: LocalFit[] | undefined;
  if (options.bootstrap > 0) {
    replicas = await backend.fitReplicas(runs, replicaRequestOf(options, point.best.theta), local, {
      ...(job.signal ? { signal: job.signal } : {}),
      onProgress: (done, total) => job.onProgress?.({ phase: 'bootstrap', done, total }),
    });
  }
  return assembleFitResult(
    runs,
    options,
    backend.engine,
    point,
    replicas,
    (performance.now() - started) / 1000,
    pilot ? delta : undefined,
  );
}
