/**
 * Per-series Approach-3 fits as one batched job: every series' starts go to the backend in one
 * batch, then every series' bootstrap replicas in another, so a GPU runs all series in the same
 * dispatches instead of one job per series. Each series gets the result runFit would give it
 * alone (the same objects, built by the same helpers of run-fit.ts); progress and cancellation
 * cover the whole job. A backend without batch methods is driven one problem at a time.
 */
import type { LocalFitOptions } from './local-fits';
import type { FitMethod } from './method';
import { APPROACH3 } from './methods/approach3';
import { needsPilot } from './objective-options';
import {
  assembleFitResult,
  type BatchJob,
  type FitBackend,
  FitError,
  fitStartsOf,
  localFitOptions,
  type PointFit,
  pointFitOf,
  type ReplicasProblem,
  replicaRequestOf,
  runFit,
  type StartsProblem,
  validateFitInput,
} from './run-fit';
import { type FitOne, fitEachSeries, type SeriesFit, type SeriesPlan } from './series-fit';
import type { FitOptions, FitProgress, FitResult, FitRun, LocalFit } from './types';

/** Cancellation and progress of a per-series job. */
export interface SeriesFitJob {
  readonly signal?: AbortSignal;
  /**
   * Progress over the whole job: `done` of `total` local fits (every fitted series' starts,
   * then every bootstrap replica), never decreasing; `phase` is the phase running.
   */
  readonly onProgress?: (progress: FitProgress) => void;
}

/** Fits of several problems of one kind: in one batch when the backend has one, else in turn. */
async function inBatches<P>(
  problems: readonly P[],
  sizeOf: (p: P) => number,
  batch: ((problems: readonly P[], job: BatchJob) => Promise<LocalFit[][]>) | undefined,
  single: (problem: P, job: BatchJob) => Promise<LocalFit[]>,
  job: BatchJob,
): Promise<LocalFit[][]> {
  job.signal?.throwIfAborted();
  if (problems.length === 0) return [];
  if (batch) return batch(problems, job);
  const total = problems.reduce((s, p) => s + sizeOf(p), 0);
  const out: LocalFit[][] = [];
  let offset = 0;
  for (const problem of problems) {
    job.signal?.throwIfAborted();
    const base = offset;
    out.push(
      await single(problem, {
        ...(job.signal ? { signal: job.signal } : {}),
        onProgress: (done) => job.onProgress?.(base + done, total),
      }),
    );
    offset += sizeOf(problem);
  }
  return out;
}

/** Every problem's start fits, batched where `backend` can. */
export function fitStartsOfAll(
  backend: FitBackend,
  problems: readonly StartsProblem[],
  options: LocalFitOptions,
  job: BatchJob,
): Promise<LocalFit[][]> {
  return inBatches(
    problems,
    (p) => p.starts.length,
    backend.fitStartsBatch ? (ps, j) => backend.fitStartsBatch!(ps, options, j) : undefined,
    (p, j) => backend.fitStarts(p.runs, p.starts, options, j),
    job,
  );
}

/** Every problem's replica fits, batched where `backend` can. */
export function fitReplicasOfAll(
  backend: FitBackend,
  problems: readonly ReplicasProblem[],
  options: LocalFitOptions,
  job: BatchJob,
): Promise<LocalFit[][]> {
  return inBatches(
    problems,
    (p) => p.request.count,
    backend.fitReplicasBatch ? (ps, j) => backend.fitReplicasBatch!(ps, options, j) : undefined,
    (p, j) => backend.fitReplicas(p.runs, p.request, options, j),
    job,
  );
}

/**
 * Approach-3 fits of every planned series on `backend` as one job: all series' starts in one
 * batch, each series' best converged start, then all series' replicas in one batch, each
 * summarised as runFit summarises it (`seconds` is the whole job's). A named series whose runs
 * the fit refuses, or whose fit diverges, becomes an entry with its problem and the others fit;
 * for runs without series (`series: null`) those reject with a FitError, as runFit does.
 * Rejects with the abort reason when `job.signal` aborts.
 */
export async function runSeriesFits(
  plan: readonly SeriesPlan<FitRun>[],
  options: FitOptions,
  backend: FitBackend,
  job: SeriesFitJob = {},
): Promise<SeriesFit<FitResult>[]> {
  job.signal?.throwIfAborted();
  if (needsPilot(options)) return seriesOneByOne(plan, options, backend, job);
  const started = performance.now();
  const outcomes: (SeriesFit<FitResult> | undefined)[] = plan.map(() => undefined);
  const failed = (i: number, problem: string) => {
    const entry = plan[i]!;
    if (entry.series === null) throw new FitError(problem);
    outcomes[i] = { series: entry.series, runs: entry.runs.length, problem };
  };
  plan.forEach((entry, i) => {
    const problems = validateFitInput(entry.runs, options);
    if (problems.length > 0) failed(i, problems.join('; '));
  });
  const fitted = plan.flatMap((_, i) => (outcomes[i] ? [] : [i]));
  const local = localFitOptions(options);
  const starts = fitted.length > 0 ? fitStartsOf(options) : [];
  const total = fitted.length * (starts.length + options.bootstrap);
  const signal = job.signal ? { signal: job.signal } : {};
  let reported = 0;
  const report = (phase: FitProgress['phase'], done: number) => {
    reported = done;
    job.onProgress?.({ phase, done, total });
  };

  const startFits = await fitStartsOfAll(
    backend,
    fitted.map((i) => ({ runs: plan[i]!.runs, starts })),
    local,
    { ...signal, onProgress: (done) => report('starts', done) },
  );
  const points = new Map<number, PointFit>();
  fitted.forEach((i, j) => {
    try {
      points.set(i, pointFitOf(startFits[j]!));
    } catch (e) {
      if (!(e instanceof FitError)) throw e;
      failed(i, e.message);
    }
  });

  const bootstrapped = options.bootstrap > 0 ? [...points.keys()] : [];
  // Series that diverged fit no replicas: their share of the job counts as done.
  const offset =
    fitted.length * starts.length + (fitted.length - bootstrapped.length) * options.bootstrap;
  const replicaFits = await fitReplicasOfAll(
    backend,
    bootstrapped.map((i) => ({
      runs: plan[i]!.runs,
      request: replicaRequestOf(options, points.get(i)!.best.theta),
    })),
    local,
    {
      ...signal,
      onProgress: (done) => report('bootstrap', offset + done),
    },
  );
  job.signal?.throwIfAborted();
  // Every series diverged: no replica reported, but the job is done.
  if (reported < total) report(options.bootstrap > 0 ? 'bootstrap' : 'starts', total);

  const seconds = (performance.now() - started) / 1000;
  const replicasOf = new Map(bootstrapped.map((i, j) => [i, replicaFits[j]!]));
  for (const [i, point] of points) {
    const entry = plan[i]!;
    outcomes[i] = {
      series: entry.series,
      runs: entry.runs.length,
      result: assembleFitResult(
        entry.runs,
        options,
        backend.engine,
        point,
        replicasOf.get(i),
        seconds,
      ),
    };
  }
  return outcomes.map((o) => o!);
}

/**
 * Per-series fits of `plan` by `method` as one job, the engines' `fitSeries`: Approach 3 as one
 * batched job on `backend` (runSeriesFits), any other method series after series through
 * `fitOne` (the engine's `runMethod` bound to `method` and `options`, as fitEachSeries takes
 * it). Entries, progress and cancellation are those of the function that runs.
 */
export function fitSeriesWith<O, R>(
  method: FitMethod<O, R>,
  plan: readonly SeriesPlan<FitRun>[],
  options: O,
  backend: FitBackend,
  fitOne: FitOne<R>,
  job: SeriesFitJob = {},
): Promise<SeriesFit<R>[]> {
  if (method.id === APPROACH3.id) {
    // The id names Approach 3, whose options are FitOptions and whose result is a FitResult.
    const fits = runSeriesFits(plan, options as unknown as FitOptions, backend, job);
    return fits as unknown as Promise<SeriesFit<R>[]>;
  }
  return fitEachSeries(method, plan, options, fitOne, job);
}

/**
 * The series one runFit at a time: the path when delta is chosen from the data, since each
 * series then has its own threshold (from its own least-squares pilot) and the batched calls
 * share one set of local options. Progress counts each series' starts and replicas (not its pilot)
 * as runFit reports them, series after series, over the sum of their totals.
 */
async function seriesOneByOne(
  plan: readonly SeriesPlan<FitRun>[],
  options: FitOptions,
  backend: FitBackend,
  job: SeriesFitJob,
): Promise<SeriesFit<FitResult>[]> {
  const out: SeriesFit<FitResult>[] = [];
  const per = fitStartsOf(options).length + options.bootstrap;
  const total = plan.length * per;
  for (const [i, entry] of plan.entries()) {
    job.signal?.throwIfAborted();
    try {
      let phaseBase = 0;
      let lastPhase: FitProgress['phase'] = 'starts';
      let lastDone = 0;
      const result = await runFit(entry.runs, options, backend, {
        ...(job.signal ? { signal: job.signal } : {}),
        onProgress: (p) => {
          if (p.phase !== lastPhase) {
            phaseBase += lastDone;
            lastPhase = p.phase;
          }
          lastDone = p.done;
          const done = Math.min(per, phaseBase + p.done);
          job.onProgress?.({ phase: p.phase, done: i * per + done, total });
        },
      });
      out.push({ series: entry.series, runs: entry.runs.length, result });
    } catch (e) {
      if (!(e instanceof FitError) || entry.series === null) throw e;
      out.push({ series: entry.series, runs: entry.runs.length, problem: e.message });
    }
  }
  job.onProgress?.({ phase: options.bootstrap > 0 ? 'bootstrap' : 'starts', done: total, total });
  return out;
}
