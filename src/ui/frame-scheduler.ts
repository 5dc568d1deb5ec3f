/**
 * Coalesces redraw requests per animation frame: at most one job runs at a time, and when it
 * ends only the latest request made meanwhile runs next. Requests that were superseded before
 * they started are dropped, never queued.
 */

/** The frame source; the browser's requestAnimationFrame by default, a fake in tests. */
export interface FrameClock {
  request(callback: () => void): number;
  cancel(handle: number): void;
}

/** Options for {@link FrameScheduler}. */
export interface FrameSchedulerOptions {
  readonly clock?: FrameClock;
  /** Abort the running job's signal as soon as a newer request arrives (default false). */
  readonly abortSuperseded?: boolean;
  /** Called with whatever a job rejects with, except aborts of superseded or cancelled jobs. */
  readonly onError?: (error: unknown) => void;
}

/** A job: does the work for one request; should stop early when `signal` aborts. */
export type FrameJob<T> = (request: T, signal: AbortSignal) => Promise<void>;

/** The browser clock: requestAnimationFrame. */
export const animationFrameClock: FrameClock = {
  request: (cb) => requestAnimationFrame(() => cb()),
  cancel: (h) => cancelAnimationFrame(h),
};

/** Runs the latest request once per frame, one job at a time. */
export class FrameScheduler<T> {
  private pending: { value: T } | undefined;
  private running: AbortController | undefined;
  private frame: number | undefined;
  private readonly clock: FrameClock;

  constructor(
    private readonly job: FrameJob<T>,
    private readonly options: FrameSchedulerOptions = {},
  ) {
    this.clock = options.clock ?? animationFrameClock;
  }

  /** True while a job runs. */
  get busy(): boolean {
    return this.running !== undefined;
  }

  /** Asks for `value` to be processed; replaces any request that has not started yet. */
  request(value: T): void {
    this.pending = { value };
    if (this.running && this.options.abortSuperseded) {
      this.running.abort(new DOMException('superseded by a newer request', 'AbortError'));
    }
    this.schedule();
  }

  /** Drops the pending request and aborts the running job. */
  cancel(): void {
    this.pending = undefined;
    if (this.frame !== undefined) this.clock.cancel(this.frame);
    this.frame = undefined;
    this.running?.abort(new DOMException('cancelled', 'AbortError'));
  }

  private schedule(): void {
    if (this.frame !== undefined || this.running || !this.pending) return;
    this.frame = this.clock.request(() => {
      this.frame = undefined;
      this.start();
    });
  }

  private start(): void {
    const next = this.pending;
    if (!next || this.running) return;
    this.pending = undefined;
    const controller = new AbortController();
    this.running = controller;
    let work: Promise<void>;
    try {
      work = this.job(next.value, controller.signal);
    } catch (e) {
      work = Promise.reject(e);
    }
    work
      .catch((e: unknown) => {
        if (!controller.signal.aborted) this.options.onError?.(e);
      })
      .finally(() => {
        if (this.running === controller) this.running = undefined;
        this.schedule();
      });
  }
}
