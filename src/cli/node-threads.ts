/**
 * The CPU engine's threads in Node: worker_threads running the same worker API as the browser's
 * Web Workers, through the same WorkerPool (least-busy dispatch, liveness pings, one retry on a
 * new thread when one dies). A worker_threads Worker is wrapped into the small part of the Web
 * Worker interface that WorkerPool and comlink use.
 */
import { availableParallelism } from 'node:os';
import { Worker as NodeWorker } from 'node:worker_threads';
import { WorkerPool } from '../engine/worker-pool';

type Listener = (event: unknown) => void;

/**
 * A worker_threads Worker seen as a Web Worker: 'message' events carry `data`, an uncaught error
 * or an exit before terminate() is an 'error' event with a message, and postMessage/terminate
 * pass through.
 */
export function webWorkerOf(worker: NodeWorker): Worker {
  const listeners = new Map<string, Set<Listener>>();
  const fire = (type: string, event: unknown) => {
    for (const fn of listeners.get(type) ?? []) fn(event);
  };
  let terminated = false;
  worker.on('message', (data: unknown) => fire('message', { type: 'message', data }));
  worker.on('messageerror', (e: Error) =>
    fire('messageerror', { type: 'messageerror', message: e.message }),
  );
  worker.on('error', (e: Error) => fire('error', { type: 'error', message: e.message }));
  worker.on('exit', (code: number) => {
    if (!terminated)
      fire('error', { type: 'error', message: `the CPU thread exited with code ${code}` });
  });
  const shim = {
    postMessage(message: unknown, transfer?: Transferable[] | StructuredSerializeOptions) {
      const list = Array.isArray(transfer) ? transfer : (transfer?.transfer ?? []);
      worker.postMessage(message, list as never);
    },
    addEventListener(type: string, fn: Listener) {
      const set = listeners.get(type) ?? new Set<Listener>();
      set.add(fn);
      listeners.set(type, set);
    },
    removeEventListener(type: string, fn: Listener) {
      listeners.get(type)?.delete(fn);
    },
    terminate() {
      terminated = true;
      void worker.terminate();
    },
  };
  return shim as unknown as Worker;
}

/** What `--threads` resolves to, and a note when the request was changed. */
export interface ThreadChoice {
  readonly threads: number;
  readonly note?: string;
}

/**
 * The thread count for a request (undefined: one per core). Counts above the machine's cores
 * are clamped with a note; 0, negatives and fractions are refused (a RangeError).
 */
export function chooseThreads(
  requested: number | undefined,
  cores = availableParallelism(),
): ThreadChoice {
  if (requested === undefined) return { threads: cores };
  if (!Number.isInteger(requested) || requested < 1)
    throw new RangeError(`--threads needs a whole number from 1 to ${cores}, got ${requested}`);
  if (requested > cores)
    return {
      threads: cores,
      note: `--threads ${requested} is more than this machine's ${cores} cores; using ${cores}`,
    };
  return { threads: requested };
}

/** A pool of `threads` worker_threads running `script` (the bundled CPU thread entry). */
export function createNodePool(threads: number, script: URL): WorkerPool {
  return new WorkerPool(threads, () => webWorkerOf(new NodeWorker(script)));
}
