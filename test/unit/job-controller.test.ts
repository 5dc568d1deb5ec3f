import { describe, expect, it } from 'vitest';
import { JobController } from '../../src/ui/job-controller';

const abortError = (message: string) => new DOMException(message, 'AbortError');

/** A Lit host stand-in: the controller and its Task register themselves and ask for updates. */
function host() {
  const controllers: { hostUpdated?: () => void }[] = [];
  let updates = 0;
  return {
    addController(c: { hostUpdated?: () => void }) {
      controllers.push(c);
    },
    removeController() {},
    requestUpdate() {
      updates += 1;
    },
    updateComplete: Promise.resolve(true),
    /** Runs the controllers' after-update hooks, as a Lit update would. */
    updated() {
      for (const c of controllers) c.hostUpdated?.();
    },
    updates: () => updates,
  };
}

/** A job that never ends until its signal aborts, then rejects with the reason. */
function hanging(signal: AbortSignal): Promise<number> {
  return new Promise<number>((_, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

describe('JobController', () => {
  it('keeps a finished value with the arguments it belongs to', async () => {
    const seen: number[] = [];
    const job = new JobController<[number], number>(host(), {
      task: async ([x]) => x * 2,
      onComplete: (v) => seen.push(v),
    });
    expect(job.status).toBe('initial');
    await job.run([3]);
    expect(job.value).toBe(6);
    expect(job.result).toEqual({ value: 6, args: [3] });
    expect(job.status).toBe('complete');
    expect(job.isCurrent([3])).toBe(true);
    expect(job.isCurrent([4])).toBe(false);
    expect(seen).toEqual([6]);
  });

  it('shows a foreign AbortError (the job rejected while its signal stayed live)', async () => {
    const job = new JobController<[], number>(host(), {
      task: () => Promise.reject(abortError('engine disposed')),
    });
    await job.run([]);
    expect(job.error).toMatch(/not by you \(engine disposed\)/);
    expect(job.status).toBe('error');
    expect(job.result).toBeUndefined();
    expect(job.running).toBeUndefined();
  });

  it('cancels at once, keeps the previous result and says so', async () => {
    let calls = 0;
    const job = new JobController<[string], number>(host(), {
      task: ([k], { signal }) => {
        calls += 1;
        return k === 'a' ? Promise.resolve(1) : hanging(signal);
      },
    });
    await job.run(['a']);
    const pending = job.run(['b']);
    await Promise.resolve();
    expect(job.running).toBeDefined();
    expect(job.status).toBe('pending');
    job.cancel();
    // At once: nothing is shown as running before the job's rejection arrives.
    expect(job.running).toBeUndefined();
    await pending;
    expect(calls).toBe(2);
    expect(job.error).toBeUndefined();
    expect(job.notice).toBe('Cancelled. The previous result is kept.');
    expect(job.result).toEqual({ value: 1, args: ['a'] });
    expect(job.status).toBe('complete');
  });

  it('says nothing changed when a first run is cancelled', async () => {
    const job = new JobController<[], number>(host(), {
      task: (_, { signal }) => hanging(signal),
    });
    const pending = job.run([]);
    await Promise.resolve();
    job.cancel();
    await pending;
    expect(job.notice).toBe('Cancelled. Nothing was changed.');
    expect(job.status).toBe('initial');
    expect(job.error).toBeUndefined();
  });

  it('drops a superseded run and keeps the newer result', async () => {
    const job = new JobController<[string], number>(host(), {
      task: ([k], { signal }) => (k === 'old' ? hanging(signal) : Promise.resolve(2)),
    });
    const first = job.run(['old']);
    await Promise.resolve();
    const second = job.run(['new']);
    await Promise.all([first, second]);
    expect(job.error).toBeUndefined();
    expect(job.result).toEqual({ value: 2, args: ['new'] });
  });

  it('ignores the late value of a superseded run that does not honour its signal', async () => {
    let release: (v: number) => void = () => {};
    const job = new JobController<[string], number>(host(), {
      task: ([k]) =>
        k === 'slow' ? new Promise<number>((r) => (release = r)) : Promise.resolve(7),
    });
    const slow = job.run(['slow']);
    await Promise.resolve();
    await job.run(['fast']);
    release(99);
    await slow;
    expect(job.result).toEqual({ value: 7, args: ['fast'] });
  });

  it('reports progress and restarts the phase clock on a new phase', async () => {
    type P = { phase: string; done: number };
    let finish: () => void = () => {};
    let report: (p: P) => void = () => {};
    const job = new JobController<[], string, P>(host(), {
      task: (_, { onProgress }) => {
        report = onProgress;
        return new Promise<string>((r) => (finish = () => r('done')));
      },
      phaseOf: (p) => p.phase,
    });
    const pending = job.run([]);
    await Promise.resolve();
    report({ phase: 'starts', done: 1 });
    const first = job.running!.phaseStartedAt;
    expect(job.running!.progress).toEqual({ phase: 'starts', done: 1 });
    await new Promise((r) => setTimeout(r, 5));
    report({ phase: 'starts', done: 2 });
    expect(job.running!.phaseStartedAt).toBe(first);
    await new Promise((r) => setTimeout(r, 5));
    report({ phase: 'bootstrap', done: 0 });
    expect(job.running!.phaseStartedAt).toBeGreaterThan(first);
    finish();
    await pending;
    expect(job.value).toBe('done');
    expect(job.running).toBeUndefined();
  });

  it('shows an ordinary failure as its message and clears it on the next run', async () => {
    let fail = true;
    const job = new JobController<[], number>(host(), {
      task: () => (fail ? Promise.reject(new Error('singular Hessian')) : Promise.resolve(1)),
    });
    await job.run([]);
    expect(job.error).toBe('singular Hessian');
    fail = false;
    await job.run([]);
    expect(job.error).toBeUndefined();
    expect(job.value).toBe(1);
  });

  it('runs by itself after an update when its arguments change (autoRun)', async () => {
    const h = host();
    let x = 1;
    let calls = 0;
    const job = new JobController<[number], number>(h, {
      task: async ([v]) => {
        calls += 1;
        return v + 10;
      },
      args: () => [x] as [number],
      autoRun: true,
    });
    h.updated();
    await job.run();
    expect(job.value).toBe(11);
    const before = calls;
    h.updated();
    await Promise.resolve();
    expect(calls).toBe(before);
    x = 2;
    h.updated();
    await new Promise((r) => setTimeout(r, 0));
    expect(job.value).toBe(12);
  });
});
