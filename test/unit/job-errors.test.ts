import { describe, expect, it } from 'vitest';
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
