/**
 * The CPU fit backend: splits starts and replicas into chunks, runs them on the worker pool,
 * reports progress as chunks finish, and stops handing out chunks once the job is cancelled.
 */
import type { LocalFitOptions } from '../fit/local-fits';
import type { BatchJob, FitBackend, ReplicaRequest } from '../fit/run-fit';
import type { FitRun, LocalFit } from '../fit/types';
import type { LawTheta } from '../law/law';
import type { CpuExecutor } from './worker-pool';

/** Chunk size: small enough for progress and prompt cancellation, large enough to amortise messages. */
export function chunkSize(total: number, threads: number): number {
  return Math.max(1, Math.min(500, Math.ceil(total / (threads * 8))));
}

async function inChunks(
  total: number,
  executor: CpuExecutor,
  job: BatchJob,
  runChunk: (first: number, count: number) => Promise<LocalFit[]>,
): Promise<LocalFit[]> {
  const size = chunkSize(total, executor.threads);
  const out = new Array<LocalFit>(total);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < total) {
      job.signal?.throwIfAborted();
      const first = next;
      const count = Math.min(size, total - first);
      next += count;
      const fits = await runChunk(first, count);
      job.signal?.throwIfAborted();
      for (let i = 0; i < count; i++) out[first + i] = fits[i]!;
      done += count;
      job.onProgress?.(done, total);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(executor.threads, Math.ceil(total / size)) }, worker),
  );
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
  };
}
