/**
 * Splits a batch of independent items into chunks run on the CPU worker pool: progress after
 * each chunk, and no new chunk once the job is cancelled.
 */
import type { CpuExecutor } from './worker-pool';

/** Cancellation and progress of a chunked job (items done so far and in all). */
export interface ChunkJob {
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
}

/** One finished chunk: items first..first+count-1 and what the worker returned for them. */
export interface Chunk<T> {
  readonly first: number;
  readonly count: number;
  readonly value: T;
}

/** Chunk size: small enough for progress and prompt cancellation, large enough to amortise messages. */
export function chunkSize(total: number, threads: number, max = 500): number {
  return Math.max(1, Math.min(max, Math.ceil(total / (threads * 8))));
}

/** Runs `total` items in chunks of `size`, `executor.threads` at a time; chunks in order. */
export async function runInChunks<T>(
  total: number,
  size: number,
  executor: CpuExecutor,
  job: ChunkJob,
  runChunk: (first: number, count: number) => Promise<T>,
): Promise<Chunk<T>[]> {
  const out: Chunk<T>[] = [];
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < total) {
      job.signal?.throwIfAborted();
      const first = next;
      const count = Math.min(size, total - first);
      next += count;
      const value = await runChunk(first, count);
      job.signal?.throwIfAborted();
      out.push({ first, count, value });
      done += count;
      job.onProgress?.(done, total);
    }
  };
  const workers = Math.min(executor.threads, Math.ceil(total / size));
  await Promise.all(Array.from({ length: workers }, worker));
  return out.sort((a, b) => a.first - b.first);
}
