import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EngineManager } from '../../src/engine/manager';
import { frontierBands, logBudgets } from '../../src/law/bands';
import type { ScalingLaw } from '../../src/law/law';
import { solveOptima } from '../../src/law/optima';
import { findPreset } from '../../src/law/presets';
import type { Scenario } from '../../src/law/scenario';
import type { FrameClock } from '../../src/ui/frame-scheduler';
import { type BandsInput, FrontierBands } from '../../src/ui/frontier-bands';

const hoffmann = findPreset('hoffmann2022')!.law;
const laws: ScalingLaw[] = [0.95, 1, 1.05].map((f) => ({ ...hoffmann, alpha: hoffmann.alpha * f }));
const scenarios: Scenario[] = logBudgets(1e20, 1e24, 5).map((C) => ({ kind: 'compute', C }));

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
    frame() {
      const now = [...callbacks.values()];
      callbacks.clear();
      for (const cb of now) cb();
    },
  };
}

const host = () => ({
  addController() {},
  removeController() {},
  requestUpdate() {},
  updateComplete: Promise.resolve(true),
});

/** An engine manager whose frontier solves in f64 and takes `seconds` of the mocked clock. */
function fakeManager(seconds: number, clock: { t: number }) {
  const calls: number[] = [];
  const manager = {
    status: { state: 'ready', preference: 'cpu', kind: 'cpu', label: 'test' },
    run: (_kind: string, fn: (engine: unknown) => Promise<Float32Array>) =>
      fn({
        frontier: async (l: readonly ScalingLaw[], s: readonly Scenario[]) => {
          calls.push(l.length * s.length);
          clock.t += seconds * 1000;
          return solveOptima(l, s);
        },
      }),
  } as unknown as EngineManager;
  return { manager, calls };
}

function input(manager: EngineManager, timingKey: string): BandsInput {
  return { manager, laws, scenarios, gridCount: 3, timingKey };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('FrontierBands', () => {
  it('starts one job per frame for the latest request, and none for bands at hand', async () => {
    const frames = fakeClock();
    const bands = new FrontierBands(host(), frames.clock);
    const { manager, calls } = fakeManager(0, { t: 0 });
    bands.request('a', () => input(manager, 'test:coalesce'));
    bands.request('b', () => input(manager, 'test:coalesce'));
    bands.request('c', () => input(manager, 'test:coalesce'));
    expect(calls).toEqual([]);
    frames.frame();
    await vi.waitFor(() => expect(bands.resultFor('c')).toBeDefined());
    // Three changes in one frame: one solve, for the last of them.
    expect(calls).toEqual([15]);
    expect(bands.resultFor('a')).toBeUndefined();
    const r = bands.resultFor('c')!;
    const all = frontierBands(solveOptima(laws, scenarios), laws.length, scenarios.length);
    expect(r.grid).toEqual(all.slice(0, 3));
    expect(r.readout).toEqual(all.slice(3));
    bands.request('c', () => input(manager, 'test:coalesce'));
    frames.frame();
    expect(calls).toEqual([15]);
  });

  it('drops a request hidden before its frame, and asks again when shown', async () => {
    const frames = fakeClock();
    const bands = new FrontierBands(host(), frames.clock);
    const { manager, calls } = fakeManager(0, { t: 0 });
    bands.request('a', () => input(manager, 'test:pause'));
    bands.pause();
    frames.frame();
    expect(calls).toEqual([]);
    bands.request('a', () => input(manager, 'test:pause'));
    frames.frame();
    await vi.waitFor(() => expect(bands.resultFor('a')).toBeDefined());
    expect(calls).toEqual([15]);
  });

  it('holds a request estimated over a second, until solveHeld', async () => {
    const time = { t: 0 };
    vi.spyOn(performance, 'now').mockImplementation(() => time.t);
    const frames = fakeClock();
    const bands = new FrontierBands(host(), frames.clock);
    // Each solve takes 10 s of the mocked clock.
    const { manager, calls } = fakeManager(10, time);
    for (const key of ['warm', 'timed']) {
      bands.request(key, () => input(manager, 'test:slow'));
      expect(bands.held).toBeUndefined();
      frames.frame();
      await vi.waitFor(() => expect(bands.resultFor(key)).toBeDefined());
    }
    // The first run paid for start-up and is not a rate; the second measured 10 s.
    bands.request('next', () => input(manager, 'test:slow'));
    frames.frame();
    expect(calls).toHaveLength(2);
    expect(bands.held?.key).toBe('next');
    expect(bands.held?.estimate).toBeCloseTo(10, 6);
    bands.solveHeld();
    expect(bands.held).toBeUndefined();
    frames.frame();
    await vi.waitFor(() => expect(bands.resultFor('next')).toBeDefined());
    expect(calls).toHaveLength(3);
  });
});
