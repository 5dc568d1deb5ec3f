/**
 * How state changes become browser history entries. A committed change (a view switch, a preset,
 * a fit applied, a dataset, an input confirmed) pushes an entry at once. A burst of transient
 * changes (a slider dragged, a field typed into) becomes one entry: its first change pushes, the
 * rest replace that entry, debounced, and the burst ends after a quiet spell. So Back undoes a
 * drag or a typed value as a whole, and no slider tick makes an entry of its own.
 * Plain logic over an injected history and timer, so it is tested without a browser.
 */

/** What the coalescer writes to: the browser's history, or a test double. */
export interface HistoryPort<E> {
  /** Adds an entry after the current one. */
  push(entry: E): void;
  /** Rewrites the current entry. */
  replace(entry: E): void;
  /** Whether `entry` is what the current entry already holds. */
  isCurrent(entry: E): boolean;
}

/** setTimeout and clearTimeout, injected. */
export interface Timer {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** How a change reaches the history. */
export type ChangeKind = 'commit' | 'transient';

/** Quiet time that ends a burst of transient changes, in ms. */
export const BURST_QUIET_MS = 400;

export class HistoryCoalescer<E> {
  private inBurst = false;
  private pending: E | undefined;
  private handle: unknown;

  constructor(
    private readonly port: HistoryPort<E>,
    private readonly timer: Timer,
    private readonly quietMs = BURST_QUIET_MS,
  ) {}

  /** Records the entry for a new state. */
  record(entry: E, kind: ChangeKind): void {
    if (kind === 'commit') {
      this.flush();
      if (!this.port.isCurrent(entry)) this.port.push(entry);
      return;
    }
    if (!this.inBurst) {
      this.inBurst = true;
      if (!this.port.isCurrent(entry)) this.port.push(entry);
    } else {
      this.pending = entry;
    }
    this.arm();
  }

  /** Writes a pending replacement now and ends the burst. */
  flush(): void {
    this.disarm();
    const pending = this.pending;
    this.pending = undefined;
    this.inBurst = false;
    if (pending !== undefined && !this.port.isCurrent(pending)) this.port.replace(pending);
  }

  /** Drops a pending replacement (the user went back or forward) and ends the burst. */
  cancel(): void {
    this.disarm();
    this.pending = undefined;
    this.inBurst = false;
  }

  private arm() {
    this.disarm();
    this.handle = this.timer.set(() => {
      this.handle = undefined;
      this.flush();
    }, this.quietMs);
  }

  private disarm() {
    if (this.handle !== undefined) this.timer.clear(this.handle);
    this.handle = undefined;
  }
}
