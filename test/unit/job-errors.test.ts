import { describe, expect, it } from 'vitest';
import { FitJob } from '../../src/ui/fit-job';
import { isOwnCancel, jobFailureMessage } from '../../src/ui/job-errors';

const abortError = (message: string) => new DOMException(message, 'AbortError');

describe('jobFailureMessage', () => {
  it('is silent when the job its own signal aborted (user cancel or newer input)', () => {
    const c = new AbortController();
    c.abort(abortError('cancelled by the user'));
    expect(isOwnCancel(c.signal)).toBe(true);
    expect(jobFailureMessage(c.signal.reason, c.signal)).toBeUndefined();
    // Whatever the job threw once its own signal aborted is a consequence of the cancel.
    expect(jobFailureMessage(new Error('worker terminated'), c.signal)).toBeUndefined();
  });

  it('reports an AbortError its own signal did not cause, with its words', () => {
    const c = new AbortController();
    expect(isOwnCancel(c.signal)).toBe(false);
    const message = jobFailureMessage(abortError('mapAsync aborted: device lost'), c.signal);
    expect(message).toMatch(/^Stopped before it finished by the engine, not by you/);
    expect(message).toContain('(mapAsync aborted: device lost)');
    expect(message).toMatch(/run it again\.$/);
    const plain = new Error('disposed');
    plain.name = 'AbortError';
    expect(jobFailureMessage(plain, c.signal)).toContain('(disposed)');
    expect(jobFailureMessage(abortError(''), c.signal)).toMatch(/not by you\. The GPU/);
  });

  it('reports any other error as its message', () => {
    const c = new AbortController();
    expect(jobFailureMessage(new RangeError('too many replicas'), c.signal)).toBe(
      'too many replicas',
    );
    expect(jobFailureMessage('a string', c.signal)).toBe('a string');
    expect(jobFailureMessage(new Error(''), c.signal)).toBe('The job failed without a message.');
  });
});

/** A Lit host stand-in: FitJob only registers itself and asks for updates. */
function host() {
  return {
    addController() {},
    removeController() {},
    requestUpdate() {},
    updateComplete: Promise.resolve(true),
  };
}

describe('FitJob ends', () => {
  it('shows a foreign AbortError (the job rejected while its signal stayed live)', async () => {
    const job = new FitJob<number>(host());
    await job.run('k', () => Promise.reject(abortError('engine disposed')));
    expect(job.error).toMatch(/not by you \(engine disposed\)/);
    expect(job.result).toBeUndefined();
    expect(job.running).toBeUndefined();
  });

  it('stays silent on Cancel, keeps the previous result and says so', async () => {
    const job = new FitJob<number>(host());
    await job.run('a', async () => 1);
    expect(job.result).toEqual({ value: 1, key: 'a' });
    const pending = job.run('b', ({ signal }) => {
      return new Promise<number>((_, reject) => {
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    });
    job.cancel();
    await pending;
    expect(job.error).toBeUndefined();
    expect(job.notice).toBe('Cancelled. The previous result is kept.');
    expect(job.result).toEqual({ value: 1, key: 'a' });
  });

  it('stays silent when newer input supersedes the job, and keeps the newer result', async () => {
    const job = new FitJob<number>(host());
    const first = job.run('old', ({ signal }) => {
      return new Promise<number>((_, reject) => {
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    });
    const second = job.run('new', async () => 2);
    await Promise.all([first, second]);
    expect(job.error).toBeUndefined();
    expect(job.result).toEqual({ value: 2, key: 'new' });
  });

  it('shows an ordinary failure as its message', async () => {
    const job = new FitJob<number>(host());
    await job.run('k', () => Promise.reject(new Error('singular Hessian')));
    expect(job.error).toBe('singular Hessian');
  });
});
