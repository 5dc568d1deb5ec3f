/**
 * A cancellable fit job for a Lit host: runs one task at a time with an AbortController, tracks
 * its progress, and keeps the last good result. A result is replaced only by a task that
 * finished; a cancelled or failed task leaves it untouched (nothing half-written).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { FitProgress } from '../fit/types';
import { jobFailureMessage } from './job-errors';

/** What a task gets: the signal to honour and a progress callback. */
export interface JobHandle {
  readonly signal: AbortSignal;
  readonly onProgress: (p: FitProgress) => void;
}

/** A job in flight. */
export interface RunningJob {
  readonly startedAt: number;
  /** When the current phase began (for its ETA). */
  readonly phaseStartedAt: number;
  readonly progress: FitProgress | undefined;
}

/** The last finished result and the inputs it belongs to. */
export interface JobResult<T> {
  readonly value: T;
  /** Identifies the inputs (dataset, exclusions, options), to tell when it is stale. */
  readonly key: string;
}

/** One kind of job (a fit, a forecast check) owned by a host element. */
export class FitJob<T> implements ReactiveController {
  result: JobResult<T> | undefined;
  running: RunningJob | undefined;
  /**
   * Why the last task failed, an AbortError its own signal did not cause included (an engine
   * lost or disposed under it); cleared when another starts.
   */
  error: string | undefined;
  /** What happened to the last task when it did not finish (cancelled). */
  notice: string | undefined;

  private controller: AbortController | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.cancel();
  }

  /** Starts `task` for inputs `key` (cancelling any task in flight); `onDone` sees its result. */
  async run(key: string, task: (job: JobHandle) => Promise<T>, onDone?: (value: T) => void) {
    this.controller?.abort(new DOMException('superseded', 'AbortError'));
    const controller = new AbortController();
    this.controller = controller;
    const now = performance.now();
    this.running = { startedAt: now, phaseStartedAt: now, progress: undefined };
    this.error = undefined;
    this.notice = undefined;
    this.tick(true);
    const onProgress = (p: FitProgress) => {
      if (controller !== this.controller || !this.running) return;
      const phaseChanged = this.running.progress?.phase !== p.phase;
      this.running = {
        ...this.running,
        progress: p,
        phaseStartedAt: phaseChanged ? performance.now() : this.running.phaseStartedAt,
      };
      this.host.requestUpdate();
    };
    try {
      const value = await task({ signal: controller.signal, onProgress });
      if (controller !== this.controller) return;
      this.result = { value, key };
      onDone?.(value);
    } catch (e) {
      if (controller !== this.controller) return;
      // Only this job's own signal makes a rejection a cancel; a foreign AbortError is shown.
      this.error = jobFailureMessage(e, controller.signal);
    } finally {
      if (controller === this.controller) {
        this.controller = undefined;
        this.running = undefined;
        this.tick(false);
        this.host.requestUpdate();
      }
    }
  }

  /** Cancels the task in flight, if any, at once: its late result or error is ignored. */
  cancel(): void {
    const controller = this.controller;
    if (!controller) return;
    this.controller = undefined;
    this.running = undefined;
    controller.abort(new DOMException('cancelled by the user', 'AbortError'));
    this.notice = this.result
      ? 'Cancelled. The previous result is kept.'
      : 'Cancelled. Nothing was changed.';
    this.tick(false);
  }

  /** Redraws twice a second while running, so the elapsed time and ETA move. */
  private tick(on: boolean) {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = on ? setInterval(() => this.host.requestUpdate(), 500) : undefined;
    this.host.requestUpdate();
  }
}
