import { describe, expect, test } from 'vitest';
import { type FrameClock, FrameScheduler } from '../../src/ui/frame-scheduler';

/** A clock whose frames run only when the test says so. */
function fakeClock() {
  let next = 1;
  const callbacks = new Map<number, () => void>();
  const clock: FrameClock = {
    request(cb) {
      callbacks.set(next, cb);
      return next++;
    },
    cancel(h) {
      callbacks.delete(h);
    },
  };
  return {
    clock,
    get pending() {
      return callbacks.size;
    },
    /** Runs the callbacks registered so far, as one animation frame. */
    frame() {
      const now = [...callbacks.values()];
      callbacks.clear();
      for (const cb of now) cb();
    },
  };
}

/** A job whose runs the test finishes by hand. */
function manualJob() {
  const runs: {
    value: number;
    signal: AbortSignal;
    finish: () => void;
    fail: (e: unknown) => void;
  }[] = [];
  const job = (value: number, signal: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      runs.push({ value, signal, finish: resolve, fail: reject });
    });
  return { runs, job };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('FrameScheduler', () => {
  test('requests within one frame are coalesced into one run of the latest', async () => {
    const f = fakeClock();
    const { runs, job } = manualJob();
    const s = new FrameScheduler(job, { clock: f.clock });
    s.request(1);
    s.request(2);
    s.request(3);
    expect(f.pending).toBe(1);
    expect(runs).toHaveLength(0);
    f.frame();
    expect(runs.map((r) => r.value)).toEqual([3]);
  });

  test('at most one job in flight; only the latest request made meanwhile runs after it', async () => {
    const f = fakeClock();
    const { runs, job } = manualJob();
    const s = new FrameScheduler(job, { clock: f.clock });
    s.request(1);
    f.frame();
    for (const v of [2, 3, 4]) {
      s.request(v);
      f.frame();
    }
    expect(runs.map((r) => r.value)).toEqual([1]);
    expect(s.busy).toBe(true);
    expect(f.pending).toBe(0);
    runs[0]!.finish();
    await settle();
    expect(f.pending).toBe(1);
    f.frame();
    expect(runs.map((r) => r.value)).toEqual([1, 4]);
    runs[1]!.finish();
    await settle();
    f.frame();
    expect(runs).toHaveLength(2);
    expect(s.busy).toBe(false);
  });

  test('a running job is not aborted by newer requests unless asked', async () => {
    const f = fakeClock();
    const { runs, job } = manualJob();
    const keep = new FrameScheduler(job, { clock: f.clock });
    keep.request(1);
    f.frame();
    keep.request(2);
    expect(runs[0]!.signal.aborted).toBe(false);

    const g = fakeClock();
    const other = manualJob();
    const abort = new FrameScheduler(other.job, { clock: g.clock, abortSuperseded: true });
    abort.request(1);
    g.frame();
    abort.request(2);
    expect(other.runs[0]!.signal.aborted).toBe(true);
    other.runs[0]!.fail(other.runs[0]!.signal.reason);
    await settle();
    g.frame();
    expect(other.runs.map((r) => r.value)).toEqual([1, 2]);
    expect(other.runs[1]!.signal.aborted).toBe(false);
  });

  test('errors go to onError, aborts of superseded work do not, and the scheduler carries on', async () => {
    const f = fakeClock();
    const { runs, job } = manualJob();
    const errors: unknown[] = [];
    const s = new FrameScheduler(job, {
      clock: f.clock,
      onError: (e) => errors.push(e),
      abortSuperseded: true,
    });
    s.request(1);
    f.frame();
    runs[0]!.fail(new Error('device lost'));
    await settle();
    expect(errors).toHaveLength(1);
    s.request(2);
    f.frame();
    s.request(3);
    runs[1]!.fail(runs[1]!.signal.reason);
    await settle();
    expect(errors).toHaveLength(1);
    f.frame();
    expect(runs.map((r) => r.value)).toEqual([1, 2, 3]);
  });

  test('a job that throws synchronously is reported like a rejection', async () => {
    const f = fakeClock();
    const errors: unknown[] = [];
    const s = new FrameScheduler<number>(
      () => {
        throw new Error('sync');
      },
      { clock: f.clock, onError: (e) => errors.push(e) },
    );
    s.request(1);
    f.frame();
    await settle();
    expect(errors).toHaveLength(1);
    expect(s.busy).toBe(false);
  });

  test('cancel drops the pending request and aborts the running job', async () => {
    const f = fakeClock();
    const { runs, job } = manualJob();
    const s = new FrameScheduler(job, { clock: f.clock });
    s.request(1);
    f.frame();
    s.request(2);
    s.cancel();
    expect(runs[0]!.signal.aborted).toBe(true);
    runs[0]!.fail(runs[0]!.signal.reason);
    await settle();
    f.frame();
    expect(runs).toHaveLength(1);
    s.request(5);
    expect(f.pending).toBe(1);
    s.cancel();
    expect(f.pending).toBe(0);
  });
});
