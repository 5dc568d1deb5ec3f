/**
 * The bench suite's timing and control flow (src/bench): warm-up runs are not sampled, samples
 * summarise into median and quartiles, progress hooks fire per case, and an abort (Cancel, or
 * a lost GPU) ends a run at once even when the work in flight never settles.
 */
import { describe, expect, it } from 'vitest';
import { measure, quantile, runsPerSampleFor, summarise } from '../../src/bench/measure';
import { abortOnLoss, GpuLostError } from '../../src/bench/session';
import { type BenchCase, runSuite } from '../../src/bench/suite';
import type { GpuLoss } from '../../src/gpu/device';

const opts = { warmups: 2, minRepeats: 4, maxRepeats: 4, targetSeconds: 0, minSampleSeconds: 0 };

/** A case whose runs resolve at once (or never, with `hang`) and that records what happened. */
function fakeCase(kernel: string, log: string[], hang = false): BenchCase {
  return {
    kernel,
    engine: 'cpu',
    mode: 'fake',
    size: 1000,
    unit: 'cells',
    shape: 'fake',
    async prepare() {
      log.push(`prepare ${kernel}`);
      return {
        run: () => {
          log.push(`run ${kernel}`);
          return hang ? new Promise<void>(() => {}) : Promise.resolve();
        },
        dispose: () => log.push(`dispose ${kernel}`),
      };
    },
  };
}

describe('measure', () => {
  it('runs the warm-ups unsampled, then exactly the repeats asked for', async () => {
    let runs = 0;
    const t = await measure(async () => {
      runs++;
    }, opts);
    expect(runs).toBe(2 + 4);
    expect(t.repeats).toBe(4);
    expect(t.runsPerSample).toBe(1);
    expect(t.min).toBeLessThanOrEqual(t.median);
    expect(t.median).toBeLessThanOrEqual(t.max);
  });

  it('summarises samples into median, quartiles and range', () => {
    const t = summarise([5, 1, 3, 2, 4]);
    expect(t).toMatchObject({ median: 3, min: 1, max: 5, q1: 2, q3: 4, repeats: 5 });
    expect(quantile([1, 2], 0.5)).toBe(1.5);
    expect(quantile([], 0.5)).toBeNaN();
  });

  it('repeats short runs inside a sample, up to 1000 times', () => {
    expect(runsPerSampleFor(0.5, 0.02)).toBe(1);
    expect(runsPerSampleFor(0.001, 0.02)).toBe(20);
    expect(runsPerSampleFor(0, 0.02)).toBe(1000);
  });

  it('passes the signal to the run and stops at once when it aborts', async () => {
    const controller = new AbortController();
    const seen: (AbortSignal | undefined)[] = [];
    const pending = measure(
      (signal) => {
        seen.push(signal);
        return new Promise<void>(() => {});
      },
      opts,
      controller.signal,
    );
    controller.abort(new DOMException('cancelled', 'AbortError'));
    await expect(pending).rejects.toThrow('cancelled');
    expect(seen).toEqual([controller.signal]);
  });
});

describe('runSuite', () => {
  it('reports each case as it starts and as it finishes, with rows in order', async () => {
    const log: string[] = [];
    const events: string[] = [];
    const rows = await runSuite([fakeCase('a', log), fakeCase('b', log)], opts, {
      onStart: (c, i, total) => events.push(`start ${c.kernel} ${i}/${total}`),
      onRow: (p) => events.push(`row ${p.row.kernel} ${p.done}/${p.total}`),
    });
    expect(events).toEqual(['start a 0/2', 'row a 1/2', 'start b 1/2', 'row b 2/2']);
    expect(rows.map((r) => r.kernel)).toEqual(['a', 'b']);
    for (const r of rows) {
      expect(r.perSecond).toBeCloseTo(r.size / r.seconds, 6);
      expect(r.repeats).toBe(4);
    }
    expect(log.filter((l) => l === 'run a')).toHaveLength(6);
    expect(log).toContain('dispose a');
    expect(log).toContain('dispose b');
  });

  it('takes timing per case when given a function', async () => {
    const rows = await runSuite([fakeCase('a', []), fakeCase('b', [])], (c) => ({
      ...opts,
      minRepeats: c.kernel === 'a' ? 2 : 3,
      maxRepeats: c.kernel === 'a' ? 2 : 3,
    }));
    expect(rows.map((r) => r.repeats)).toEqual([2, 3]);
  });

  it('a lost GPU rejects the run with a GpuLostError although the work in flight hangs', async () => {
    const log: string[] = [];
    let lose: (loss: GpuLoss) => void = () => {};
    const lost = new Promise<GpuLoss>((resolve) => {
      lose = resolve;
    });
    const controller = new AbortController();
    abortOnLoss(lost, controller);
    const rows: string[] = [];
    const run = runSuite([fakeCase('ok', log), fakeCase('hang', log, true)], opts, {
      signal: controller.signal,
      onRow: (p) => rows.push(p.row.kernel),
      onStart: (c) => {
        if (c.kernel === 'hang') setTimeout(() => lose({ reason: 'unknown', message: 'gone' }), 5);
      },
    });
    await expect(run).rejects.toBeInstanceOf(GpuLostError);
    await expect(run).rejects.toThrow('GPU device lost: gone');
    expect(rows).toEqual(['ok']);
    expect(log).toContain('dispose hang');
  });

  it('the run’s own destroy() is not reported as a loss', async () => {
    const controller = new AbortController();
    abortOnLoss(Promise.resolve({ reason: 'destroyed', message: '' }), controller);
    await new Promise((r) => setTimeout(r, 0));
    expect(controller.signal.aborted).toBe(false);
  });

  it('an aborted signal stops before the next case', async () => {
    const log: string[] = [];
    const controller = new AbortController();
    const run = runSuite([fakeCase('a', log), fakeCase('b', log)], opts, {
      signal: controller.signal,
      onRow: () => controller.abort(new DOMException('cancelled', 'AbortError')),
    });
    await expect(run).rejects.toThrow('cancelled');
    expect(log).not.toContain('prepare b');
  });
});
