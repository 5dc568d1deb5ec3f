/**
 * The one lifecycle of every long job in the views (fits, forecast checks, frontier bands,
 * planner intervals, sweeps, the bench): a Lit reactive controller in the shape of `@lit/task`
 * (arguments, an equality on them, abort, a status, an error) with progress added, built on
 * `Task` itself.
 *
 * What it adds to `Task`, because the views need it:
 * - the last good result is kept, with the arguments it belongs to: a cancelled or failed run
 *   never clears or half-writes it (`Task` drops its value on an error);
 * - Cancel takes effect at once: the view stops showing progress, and the run's late result or
 *   error is ignored;
 * - progress reported by the job, with the time it started and the time its current phase
 *   began (for an ETA), and a redraw twice a second while it runs so elapsed time moves;
 * - an AbortError the run's own signal did not cause (an engine lost under it) is an error to
 *   show, not a silent cancel (job-errors.ts).
 */
import { shallowArrayEquals, Task } from '@lit/task';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { jobFailureMessage } from './job-errors';

/** What a job gets: the signal to honour and a progress callback. */
export interface JobContext<P> {
  readonly signal: AbortSignal;
  readonly onProgress: (progress: P) => void;
}

/** How a job is run. */
export interface JobConfig<A extends readonly unknown[], T, P> {
  /** The work; rejects with the signal's reason when aborted. */
  readonly task: (args: A, job: JobContext<P>) => Promise<T>;
  /** The arguments, read on each host update when `autoRun` is set. */
  readonly args?: () => A;
  /** True when two argument lists give the same result (default: shallow equality). */
  readonly argsEqual?: (previous: A, next: A) => boolean;
  /** Run again after a host update whenever the arguments changed (default false: run() only). */
  readonly autoRun?: boolean;
  /** Called with a finished run's value and arguments, before the host redraws. */
  readonly onComplete?: (value: T, args: A) => void;
  /** The phase a progress report belongs to; a new phase restarts the phase clock. */
  readonly phaseOf?: (progress: P) => string;
}

/** The status of the latest run, as `@lit/task` names them. */
export type JobStatus = 'initial' | 'pending' | 'complete' | 'error';

/** A run in flight. */
export interface RunningJob<P> {
  readonly startedAt: number;
  /** When the current phase began (for its ETA). */
  readonly phaseStartedAt: number;
  readonly progress: P | undefined;
}

/** The last finished result and the arguments it belongs to. */
export interface JobResult<T, A> {
  readonly value: T;
  readonly args: A;
}

/** Milliseconds between redraws while a job runs (elapsed time and ETA). */
const TICK_MS = 500;

/** One kind of long job owned by a Lit host. */
export class JobController<A extends readonly unknown[], T, P = never>
  implements ReactiveController
{
  /** The last finished result; replaced only by a run that finished. */
  result: JobResult<T, A> | undefined;
  /** The run in flight, or undefined. */
  running: RunningJob<P> | undefined;
  /** Why the latest run failed (cleared when another starts). */
  error: string | undefined;
  /** What happened to the latest run when it did not finish (cancelled). */
  notice: string | undefined;

  private readonly task: Task<A, T>;
  private readonly argsEqual: (previous: A, next: A) => boolean;
  /** The controller of the run whose outcome counts; a cancelled or superseded one is dropped. */
  private current: AbortController | undefined;
  private lastArgs: A | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly config: JobConfig<A, T, P>,
  ) {
    this.argsEqual = config.argsEqual ?? shallowArrayEquals;
    this.task = new Task<A, T>(host, {
      task: (args, { signal }) => this.perform(args, signal),
      autoRun: false,
    });
    host.addController(this);
  }

  /** The latest run's status (a cancelled run reads as its predecessor's outcome). */
  get status(): JobStatus {
    if (this.running) return 'pending';
    if (this.error !== undefined) return 'error';
    // A run cancelled before any finished leaves nothing to show.
    return this.result ? 'complete' : 'initial';
  }

  /** The last good value, or undefined. */
  get value(): T | undefined {
    return this.result?.value;
  }

  /** True when the last good result belongs to `args`. */
  isCurrent(args: A): boolean {
    return this.result !== undefined && this.argsEqual(this.result.args, args);
  }

  hostConnected(): void {}

  hostUpdated(): void {
    if (!this.config.autoRun || !this.config.args) return;
    const args = this.config.args();
    if (this.lastArgs !== undefined && this.argsEqual(this.lastArgs, args)) return;
    void this.run(args);
  }

  hostDisconnected(): void {
    this.cancel();
  }

  /**
   * Starts a run on `args` (read from `config.args` when omitted), superseding any run in
   * flight; resolves when it ends, whatever its outcome.
   */
  async run(args?: A): Promise<void> {
    const next = args ?? this.config.args?.();
    if (next === undefined) throw new Error('JobController.run needs arguments');
    this.lastArgs = next;
    await this.task.run(next);
  }

  /** Cancels the run in flight, if any, at once: its late result or error is ignored. */
  cancel(reason = 'cancelled by the user'): void {
    const controller = this.current;
    if (!controller) return;
    this.current = undefined;
    this.running = undefined;
    controller.abort(new DOMException(reason, 'AbortError'));
    this.task.abort(new DOMException(reason, 'AbortError'));
    this.notice = this.result
      ? 'Cancelled. The previous result is kept.'
      : 'Cancelled. Nothing was changed.';
    this.tick(false);
  }

  private async perform(args: A, taskSignal: AbortSignal): Promise<T> {
    this.current?.abort(new DOMException('superseded', 'AbortError'));
    const controller = new AbortController();
    this.current = controller;
    const forward = () => controller.abort(taskSignal.reason);
    taskSignal.addEventListener('abort', forward, { once: true });
    const now = performance.now();
    this.running = { startedAt: now, phaseStartedAt: now, progress: undefined };
    this.error = undefined;
    this.notice = undefined;
    this.tick(true);
    const onProgress = (progress: P) => {
      if (controller !== this.current || !this.running) return;
      const phaseOf = this.config.phaseOf;
      const previous = this.running.progress;
      const newPhase =
        phaseOf !== undefined && previous !== undefined && phaseOf(previous) !== phaseOf(progress);
      this.running = {
        ...this.running,
        progress,
        phaseStartedAt: newPhase ? performance.now() : this.running.phaseStartedAt,
      };
      this.host.requestUpdate();
    };
    try {
      const value = await this.config.task(args, { signal: controller.signal, onProgress });
      if (controller === this.current) {
        this.result = { value, args };
        this.config.onComplete?.(value, args);
      }
      return value;
    } catch (e) {
      // Only this run's own signal makes a rejection a cancel; a foreign AbortError is shown.
      if (controller === this.current) this.error = jobFailureMessage(e, controller.signal);
      throw e;
    } finally {
      taskSignal.removeEventListener('abort', forward);
      if (controller === this.current) {
        this.current = undefined;
        this.running = undefined;
        this.tick(false);
      }
    }
  }

  /** Redraws twice a second while running, so the elapsed time and ETA move. */
  private tick(on: boolean) {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = on ? setInterval(() => this.host.requestUpdate(), TICK_MS) : undefined;
    this.host.requestUpdate();
  }
}
