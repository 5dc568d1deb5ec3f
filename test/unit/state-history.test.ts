/**
 * The history coalescer: committed changes push at once; a burst of transient changes (a drag,
 * typing) makes one entry, whose later values replace it after a quiet spell; a commit during a
 * burst writes the burst's last value first; Back/Forward (cancel) drops what is pending.
 */
import { describe, expect, test } from 'vitest';
import { HistoryCoalescer, type HistoryPort, type Timer } from '../../src/scenario/history';

/** A fake browser history and a manual clock. */
function harness() {
  const entries = ['?v=1'];
  let at = 0;
  const log: string[] = [];
  const port: HistoryPort<string> = {
    push: (e) => {
      entries.splice(at + 1, entries.length, e);
      at++;
      log.push(`push ${e}`);
    },
    replace: (e) => {
      entries[at] = e;
      log.push(`replace ${e}`);
    },
    isCurrent: (e) => entries[at] === e,
  };
  let now = 0;
  const timers = new Map<number, { due: number; fn: () => void }>();
  let next = 1;
  const timer: Timer = {
    set: (fn, ms) => {
      timers.set(next, { due: now + ms, fn });
      return next++;
    },
    clear: (h) => {
      timers.delete(h as number);
    },
  };
  const advance = (ms: number) => {
    now += ms;
    for (const [h, t] of [...timers]) {
      if (t.due <= now) {
        timers.delete(h);
        t.fn();
      }
    }
  };
  return {
    entries,
    log,
    history: new HistoryCoalescer(port, timer, 400),
    advance,
    pending: () => timers.size,
  };
}

describe('history coalescer', () => {
  test('commits push one entry each, and nothing for an unchanged URL', () => {
    const h = harness();
    h.history.record('?v=1&view=fit', 'commit');
    h.history.record('?v=1&view=fit', 'commit');
    h.history.record('?v=1&view=sweep', 'commit');
    expect(h.entries).toEqual(['?v=1', '?v=1&view=fit', '?v=1&view=sweep']);
  });

  test('a drag of 60 ticks makes one entry holding its last value', () => {
    const h = harness();
    for (let i = 1; i <= 60; i++) {
      h.history.record(`?v=1&alpha=${i}`, 'transient');
      h.advance(16);
    }
    expect(h.entries).toEqual(['?v=1', '?v=1&alpha=1']);
    h.advance(400);
    expect(h.entries).toEqual(['?v=1', '?v=1&alpha=60']);
    expect(h.log).toEqual(['push ?v=1&alpha=1', 'replace ?v=1&alpha=60']);
    expect(h.pending()).toBe(0);
  });

  test('after a quiet spell the next drag is a new entry', () => {
    const h = harness();
    h.history.record('?a=1', 'transient');
    h.history.record('?a=2', 'transient');
    h.advance(500);
    h.history.record('?a=3', 'transient');
    h.advance(500);
    expect(h.entries).toEqual(['?v=1', '?a=2', '?a=3']);
  });

  test('a commit during a burst writes the burst first, then its own entry', () => {
    const h = harness();
    h.history.record('?a=1', 'transient');
    h.history.record('?a=2', 'transient');
    h.history.record('?a=2&view=fit', 'commit');
    expect(h.entries).toEqual(['?v=1', '?a=2', '?a=2&view=fit']);
    h.advance(1000);
    expect(h.entries).toEqual(['?v=1', '?a=2', '?a=2&view=fit']);
  });

  test('cancel (Back or Forward) drops the pending replacement', () => {
    const h = harness();
    h.history.record('?a=1', 'transient');
    h.history.record('?a=2', 'transient');
    h.history.cancel();
    h.advance(1000);
    expect(h.entries).toEqual(['?v=1', '?a=1']);
    expect(h.pending()).toBe(0);
  });
});
