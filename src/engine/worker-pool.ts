/**
 * Runs CPU worker API calls on a pool of threads: Web Workers through comlink in the browser,
 * or inline (same thread) in Node and tests. A worker that dies is replaced and its call retried once.
 */
import { type Remote, wrap } from 'comlink';
import { type CpuWorkerApi, createCpuWorkerApi } from './cpu-worker-api';

/** The worker API as seen from the caller: every method async. */
export type AsyncCpuApi = Remote<CpuWorkerApi>;

/** Somewhere to run CPU worker calls. */
export interface CpuExecutor {
  /** How many calls run at once. */
  readonly threads: number;
  /** Runs `task` against one thread's API. */
  run<T>(task: (api: AsyncCpuApi) => Promise<T>): Promise<T>;
  /** Terminates the threads. */
  dispose(): void;
}

/** An executor that runs calls on the current thread (Node, tests, fallback). */
export function createInlineExecutor(): CpuExecutor {
  const api = createCpuWorkerApi() as unknown as AsyncCpuApi;
  return {
    threads: 1,
    run: (task) => Promise.resolve().then(() => task(api)),
    dispose() {},
  };
}

interface Slot {
  worker: Worker;
  api: AsyncCpuApi;
  busy: number;
  /** Set when the worker reports an error it could not handle. */
  dead: boolean;
  /** Rejects at that moment. */
  died: Promise<never>;
}

/** A pool of `threads` Web Workers, created from `spawn`. */
export class WorkerPool implements CpuExecutor {
  private slots: Slot[] = [];

  constructor(
    readonly threads: number,
    private readonly spawn: () => Worker,
  ) {}

  private makeSlot(): Slot {
    const worker = this.spawn();
    let fail: (e: Event) => void = () => {};
    const died = new Promise<never>((_, reject) => {
      fail = (e: Event) => {
        slot.dead = true;
        reject(new Error(`CPU worker failed: ${(e as ErrorEvent).message ?? e.type}`));
      };
    });
    died.catch(() => {});
    worker.addEventListener('error', fail);
    worker.addEventListener('messageerror', fail);
    const slot: Slot = { worker, api: wrap<CpuWorkerApi>(worker), busy: 0, dead: false, died };
    return slot;
  }

  private pick(): Slot {
    if (this.slots.length < this.threads) {
      const slot = this.makeSlot();
      this.slots.push(slot);
      return slot;
    }
    return this.slots.reduce((a, b) => (b.busy < a.busy ? b : a));
  }

  private replace(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    slot.worker.terminate();
    if (i >= 0) this.slots.splice(i, 1);
  }

  /** Runs `task` on the least busy worker; a call whose worker dies is retried once on a new one. */
  async run<T>(task: (api: AsyncCpuApi) => Promise<T>, retries = 1): Promise<T> {
    const slot = this.pick();
    slot.busy++;
    try {
      return await Promise.race([task(slot.api), slot.died]);
    } catch (e) {
      if (!slot.dead) throw e;
      this.replace(slot);
      if (retries <= 0) throw e;
      return this.run(task, retries - 1);
    } finally {
      slot.busy--;
    }
  }

  /** Terminates every worker. */
  dispose(): void {
    for (const s of this.slots) s.worker.terminate();
    this.slots = [];
  }
}

/** The pool the browser app uses: one module worker per hardware thread. */
export function createBrowserPool(threads = navigator.hardwareConcurrency || 2): WorkerPool {
  return new WorkerPool(
    threads,
    () =>
      new Worker(new URL('./cpu-worker.ts', import.meta.url), {
        type: 'module',
        name: 'cpu-engine',
      }),
  );
}
