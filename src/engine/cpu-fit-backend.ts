/**
 * The CPU fit backend: splits starts and replicas into chunks, runs them on the worker pool,
 * reports progress as chunks finish, and stops handing out chunks once the job is cancelled.
 */
import type { LocalFitOptions } from '../fit/local-fits';
import type { BatchJob, FitBackend, ReplicaRequest } from '../fit/run-fit';
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
