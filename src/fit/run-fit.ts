/**
 * A whole fit, engine-independent: validate the inputs, minimise from every start, keep the best
 * converged minimum, fit the bootstrap replicas warm-started there, and summarise. The batched
 * minimisation is delegated to a backend (CPU workers or the GPU kernel).
 */
import { type LawTheta, lawFromTheta } from '../law/law';
import { clusterBootstrapWarning } from './cluster-bootstrap';
import type { LocalFitOptions } from './local-fits';
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

/** Batched local minimisation on one engine. */
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
  const free = options.tieExponents ? 4 : 5;
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
  return errors;
}

function bestConverged(fits: readonly LocalFit[]): LocalFit | undefined {
  let best: LocalFit | undefined;
  for (const f of fits) if (f.converged && (!best || f.objective < best.objective)) best = f;
  return best;
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
  const local: LocalFitOptions = { delta: options.delta, tieExponents: options.tieExponents };
  const starts = startsFor(options.starts, options.seed, options.tieExponents);
  const startFits = await backend.fitStarts(runs, starts, local, {
    ...(job.signal ? { signal: job.signal } : {}),
    onProgress: (done, total) => job.onProgress?.({ phase: 'starts', done, total }),
  });
  const best = bestConverged(startFits);
  if (!best) {
    throw new FitError(`the fit diverged: none of the ${starts.length} starts converged`);
  }
  const minima = Float64Array.from(
    startFits.filter((f) => f.converged).map((f) => f.objective),
  ).sort();
  const warnings: string[] = [];
  if (best.theta.alpha <= 0 || best.theta.beta <= 0) {
    warnings.push('a fitted exponent is not positive: these runs do not constrain the law');
  }
  let bootstrap: FitResult['bootstrap'];
  if (options.bootstrap > 0) {
    const replicas = await backend.fitReplicas(
      runs,
      {
        seed: options.seed,
        first: 0,
        count: options.bootstrap,
        warm: best.theta,
        byGroup: options.resampleGroups,
      },
      local,
      {
        ...(job.signal ? { signal: job.signal } : {}),
        onProgress: (done, total) => job.onProgress?.({ phase: 'bootstrap', done, total }),
      },
    );
    bootstrap = summariseBootstrap(replicas);
    // Over too few groups the usual warnings (failed replicas, identifiability) blame the law
    // for what the resampling did; say what is wrong instead.
    const cluster = clusterBootstrapWarning(runs, options.resampleGroups, bootstrap);
    warnings.push(...(cluster ? [cluster] : bootstrapWarnings(bootstrap, options.tieExponents)));
  }
  return {
    engine: backend.engine,
    rows: runs.length,
    best: { ...best, law: lawFromTheta(best.theta) },
    starts: {
      total: starts.length,
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
    seconds: (performance.now() - started) / 1000,
  };
}
