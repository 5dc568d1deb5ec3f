/**
 * Runs CPU worker API calls on a pool of threads: Web Workers through comlink in the browser,
 * or inline (same thread) in Node and tests. A worker that dies (an error event, or no answer to
 * a liveness ping within a deadline, as when it was terminated) is replaced and its call retried
 * once on a new worker; a second death reports an error. Other workers carry on.
 */
import { type Remote, releaseProxy, wrap } from 'comlink';
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
  /** Marks the slot dead and rejects `died`. */
  kill(why: string): void;
  /** The liveness timer while the slot is busy. */
  watching: ReturnType<typeof setInterval> | undefined;
}

/** How a pool checks that a busy worker is alive. */
export interface Liveness {
  /** Interval between pings while a call runs. */
  readonly pingEveryMs: number;
  /** A ping unanswered this long means the worker is gone. Longer than any one call's chunk. */
  readonly deadAfterMs: number;
}

/**
 * Default liveness: a ping every 2 s, dead after 30 s without an answer. A worker answers a ping
 * only between calls' synchronous chunks, which take well under a second (src/engine/chunks.ts).
 */
export const DEFAULT_LIVENESS: Liveness = { pingEveryMs: 2000, deadAfterMs: 30_000 };

/** A pool of `threads` Web Workers, created from `spawn`. */
export class WorkerPool implements CpuExecutor {
  private slots: Slot[] = [];
  /** Workers replaced after dying, since the pool was made. */
  restarts = 0;

  constructor(
    readonly threads: number,
    private readonly spawn: () => Worker,
    private readonly liveness: Liveness = DEFAULT_LIVENESS,
  ) {}

  private makeSlot(): Slot {
    const worker = this.spawn();
    let kill: (why: string) => void = () => {};
    const died = new Promise<never>((_, reject) => {
      kill = (why: string) => {
        if (slot.dead) return;
        slot.dead = true;
        reject(new Error(`CPU worker failed: ${why}`));
      };
    });
    died.catch(() => {});
    const fail = (e: Event) => kill((e as ErrorEvent).message ?? e.type);
    worker.addEventListener('error', fail);
    worker.addEventListener('messageerror', fail);
    const slot: Slot = {
      worker,
      api: wrap<CpuWorkerApi>(worker),
      busy: 0,
      dead: false,
      died,
      kill,
      watching: undefined,
    };
    return slot;
  }

  /** Pings a busy slot's worker; kills the slot if a ping goes unanswered past the deadline. */
  private watch(slot: Slot): void {
    if (slot.watching !== undefined) return;
    let pendingSince: number | undefined;
    slot.watching = setInterval(() => {
      if (slot.dead || slot.busy === 0) {
        clearInterval(slot.watching);
        slot.watching = undefined;
        return;
      }
      const now = performance.now();
      if (pendingSince !== undefined) {
        if (now - pendingSince > this.liveness.deadAfterMs)
          slot.kill(
            `no answer to a liveness ping for ${((now - pendingSince) / 1000).toFixed(1)} s (the worker was terminated or hung)`,
          );
        return;
      }
      pendingSince = now;
      slot.api.ping().then(
        () => {
          pendingSince = undefined;
        },
        () => {},
      );
    }, this.liveness.pingEveryMs);
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
    clearInterval(slot.watching);
    if (i >= 0) {
      this.slots.splice(i, 1);
      this.restarts++;
    }
  }

  /** Runs `task` on the least busy worker; a call whose worker dies is retried once on a new one. */
  async run<T>(task: (api: AsyncCpuApi) => Promise<T>, retries = 1): Promise<T> {
    const slot = this.pick();
    slot.busy++;
    this.watch(slot);
    try {
      return await Promise.race([task(slot.api), slot.died]);
    } catch (e) {
      if (!slot.dead) throw e;
      this.replace(slot);
      if (retries <= 0)
        throw new Error(
          `${e instanceof Error ? e.message : e}; the call had already been retried once on a new worker`,
        );
      return this.run(task, retries - 1);
    } finally {
      slot.busy--;
    }
  }

  /**
   * Terminates every worker. Each proxy is released first: comlink holds a worker for as long
   * as its proxies live (a FinalizationRegistry) and keeps the resolvers of calls in flight,
   * which a terminated worker never answers; without the release every disposed pool (one per
   * Bench run) stayed in memory with its workers and their listeners.
   */
  dispose(): void {
    for (const s of this.slots) {
      s.api[releaseProxy]();
      s.worker.terminate();
      clearInterval(s.watching);
    }
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
