// Worker faults in headless Chromium with real module workers: a worker terminated mid-job is
// noticed by the pool's liveness ping, replaced, and its call retried, so the job still gives
// the twin's answer; a worker that dies again makes the call report an error, while the other
// workers carry on.
import { describe, expect, it } from 'vitest';
import { CpuEngine } from '../../src/engine/cpu-engine';
import { WorkerPool } from '../../src/engine/worker-pool';
import { solveSweep } from '../../src/law/optima';
import { findPreset } from '../../src/law/presets';
import type { Scenario } from '../../src/law/scenario';
import type { SweepAxis } from '../../src/law/sweep';

const law = findPreset('muennighoff2023')!.law;
/**
 * Liveness for the tests: pings often, so a terminated worker is noticed in seconds, but a
 * deadline far above one synchronous chunk of a healthy worker (well under a second when the
 * machine is quiet, a few times that at load 8 on two cores), so a slow worker is never read as
 * dead. A 400 ms deadline once killed a healthy worker on a loaded machine.
 */
const fast = { pingEveryMs: 50, deadAfterMs: 4000 };

const cpuWorker = () =>
  new Worker(new URL('../../src/engine/cpu-worker.ts', import.meta.url), { type: 'module' });

/** A worker whose script throws as it loads: it fires 'error' and never answers. */
const crashingWorker = () =>
  new Worker(URL.createObjectURL(new Blob(['throw new Error("worker crashed on load")'])));

describe('WorkerPool faults (chromium)', () => {
  it('replaces a worker terminated mid-job and still returns the whole answer', async () => {
    const spawned: Worker[] = [];
    const pool = new WorkerPool(
      2,
      () => {
        const w = cpuWorker();
        spawned.push(w);
        return w;
      },
      fast,
    );
    const engine = new CpuEngine(pool);
    const x: SweepAxis = { field: 'C', min: 1e20, max: 1e26, count: 192, spacing: 'log' };
    const y: SweepAxis = { field: 'U', min: 1e9, max: 1e13, count: 192, spacing: 'log' };
    const base: Scenario = { kind: 'data-constrained' };
    // warm both workers up so the kill lands mid-job, not during module loading
    await engine.sweep([law], base, { ...x, count: 4 }, { ...y, count: 4 });
    const job = engine.sweep([law], base, x, y);
    await new Promise((r) => setTimeout(r, 30));
    spawned[0]!.terminate();
    const got = await job;
    expect(pool.restarts).toBeGreaterThanOrEqual(1);
    expect(spawned.length).toBeGreaterThanOrEqual(3);
    expect(got).toEqual(solveSweep([law], base, x, y));
    engine.dispose();
  });

  it('reports an error after one retry, while the other worker finishes its call', async () => {
    let n = 0;
    // spawns 1 and 3 (the first slot and its replacement) crash; spawn 2 is a real worker
    const pool = new WorkerPool(2, () => (++n % 2 === 1 ? crashingWorker() : cpuWorker()), fast);
    const failing = pool.run((api) => api.ping());
    const healthy = pool.run((api) => api.ping());
    await expect(failing).rejects.toThrow(
      /^CPU worker failed: .*; the call had already been retried once on a new worker$/,
    );
    await expect(healthy).resolves.toBe(true);
    expect(pool.restarts).toBe(2);
    pool.dispose();
  });
});
