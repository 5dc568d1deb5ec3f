/**
 * The CPU fit backend: splits starts and replicas into chunks, runs them on the worker pool,
 * reports progress as chunks finish, and stops handing out chunks once the job is cancelled.
 * The batch methods chunk every problem's fits together (no chunk spans two problems), so the
 * pool stays busy across problems; each fit is computed as the single-problem method computes
 * it, so the numbers are the same.
 */
import type { LocalFitOptions } from '../fit/local-fits';
import type {
  BatchJob,
  FitBackend,
  ReplicaRequest,
  ReplicasProblem,
  StartsProblem,
} from '../fit/run-fit';
import type { FitRun, LocalFit } from '../fit/types';
import type { LawTheta } from '../law/law';
import { chunkSize, runInChunks } from './chunks';
import type { CpuExecutor } from './worker-pool';

async function inChunks(
  total: number,
  executor: CpuExecutor,
  job: BatchJob,
  runChunk: (first: number, count: number) => Promise<LocalFit[]>,
): Promise<LocalFit[]> {
  const size = chunkSize(total, executor.threads);
  const chunks = await runInChunks(total, size, executor, job, runChunk);
  return chunks.flatMap((c) => c.value);
}

/**
 * The fits of several problems (`counts[p]` each) in chunks on the pool: chunk sizes as for
 * their total, each chunk within one problem; results split back per problem.
 */
async function problemsInChunks(
  counts: readonly number[],
  executor: CpuExecutor,
  job: BatchJob,
  runChunk: (problem: number, first: number, count: number) => Promise<LocalFit[]>,
): Promise<LocalFit[][]> {
  const total = counts.reduce((s, c) => s + c, 0);
  const size = chunkSize(total, executor.threads);
  const pieces: { problem: number; first: number; count: number }[] = [];
  counts.forEach((c, problem) => {
    for (let first = 0; first < c; first += size) {
      pieces.push({ problem, first, count: Math.min(size, c - first) });
    }
  });
  let done = 0;
  const chunks = await runInChunks(
    pieces.length,
    1,
    executor,
    {
      ...(job.signal ? { signal: job.signal } : {}),
      onProgress: () => job.onProgress?.(done, total),
    },
    async (i) => {
      const piece = pieces[i]!;
      const fits = await runChunk(piece.problem, piece.first, piece.count);
      done += piece.count;
      return fits;
    },
  );
  const out: LocalFit[][] = counts.map(() => []);
  for (const chunk of chunks) out[pieces[chunk.first]!.problem]!.push(...chunk.value);
  return out;
}

/** Fits on the CPU worker pool. */
export function cpuFitBackend(executor: CpuExecutor): FitBackend {
  return {
    engine: 'cpu',
    fitStarts(
      runs: readonly FitRun[],
      starts: readonly LawTheta[],
      options: LocalFitOptions,
      job: BatchJob,
    ) {
      return inChunks(starts.length, executor, job, (first, count) =>
        executor.run((api) => api.fitStarts(runs, starts.slice(first, first + count), options)),
      );
    },
    fitReplicas(
      runs: readonly FitRun[],
      request: ReplicaRequest,
      options: LocalFitOptions,
      job: BatchJob,
    ) {
      return inChunks(request.count, executor, job, (first, count) =>
        executor.run((api) =>
          api.fitReplicas(runs, { ...request, first: request.first + first, count }, options),
        ),
      );
    },
    fitStartsBatch(problems: readonly StartsProblem[], options: LocalFitOptions, job: BatchJob) {
      return problemsInChunks(
        problems.map((p) => p.starts.length),
        executor,
        job,
        (p, first, count) => {
          const { runs, starts } = problems[p]!;
          return executor.run((api) =>
            api.fitStarts(runs, starts.slice(first, first + count), options),
          );
        },
      );
    },
    fitReplicasBatch(
      problems: readonly ReplicasProblem[],
      options: LocalFitOptions,
      job: BatchJob,
    ) {
      return problemsInChunks(
        problems.map((p) => p.request.count),
        executor,
        job,
        (p, first, count) => {
          const { runs, request } = problems[p]!;
          return executor.run((api) =>
            api.fitReplicas(runs, { ...request, first: request.first + first, count }, options),
          );
        },
      );
    },
  };
}
