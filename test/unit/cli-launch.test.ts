// The CLI launcher runs a bundle built once: the first call builds it, later calls reuse it (no
// bundling, no server), and a change of the sources makes the next call build a new one. The
// bundle's CPU thread entry runs the CPU engine on worker_threads with the twin's answers.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseThreads, createNodePool } from '../../src/cli/node-threads';
import { CpuEngine } from '../../src/engine/cpu-engine';
import { solveSweep } from '../../src/law/optima';
import { findPreset } from '../../src/law/presets';
import type { Scenario } from '../../src/law/scenario';
import type { SweepAxis } from '../../src/law/sweep';

// Inside the project, so that the bundle's bare imports resolve from its node_modules.
mkdirSync('node_modules/.cache', { recursive: true });
const cache = resolve(mkdtempSync(join('node_modules/.cache', 'cli-launch-test-')));
const run = (args: string[]) =>
  promisify(execFile)('node', ['src/cli/launch.mjs', ...args], {
    timeout: 120_000,
    env: { ...process.env, SCALING_SWEEP_CLI_CACHE: cache },
  });
const frontier = ['frontier', '--law', 'hoffmann2022', '--budget', '1e24', '--json'];
const bundles = () => readdirSync(cache).filter((n) => n.startsWith('bundle-'));

afterAll(() => rmSync(cache, { recursive: true, force: true }));

describe('CLI launcher', () => {
  it('builds the bundle once, reuses it, and builds anew for other sources', async () => {
    const first = await run(frontier);
    expect(bundles()).toHaveLength(1);
    const [dir] = bundles();
    const built = statSync(join(cache, dir!, 'main.mjs')).mtimeMs;
    const again = await run(frontier);
    expect(again.stdout).toBe(first.stdout);
    expect(bundles()).toEqual([dir]);
    expect(statSync(join(cache, dir!, 'main.mjs')).mtimeMs).toBe(built);
    // A bundle of other sources (as after an edit) is not used: the call builds the current one.
    renameSync(join(cache, dir!), join(cache, 'bundle-1'));
    const rebuilt = await run(frontier);
    expect(rebuilt.stdout).toBe(first.stdout);
    expect(bundles().sort()).toEqual(['bundle-1', dir!].sort());
    expect(JSON.parse(first.stdout).law.id).toBe('hoffmann2022');
  });

  it('runs the CPU engine on worker threads from the bundle, with the twin’s answers', async () => {
    if (bundles().length === 0) await run(frontier);
    const dir = bundles().find((n) => n !== 'bundle-1')!;
    const pool = createNodePool(2, pathToFileURL(join(cache, dir, 'cpu-thread.mjs')));
    const engine = new CpuEngine(pool);
    try {
      const law = findPreset('muennighoff2023')!.law;
      const x: SweepAxis = { field: 'C', min: 1e20, max: 1e26, count: 24, spacing: 'log' };
      const y: SweepAxis = { field: 'U', min: 1e9, max: 1e13, count: 16, spacing: 'log' };
      const base: Scenario = { kind: 'data-constrained' };
      const got = await engine.sweep([law], base, x, y);
      // The same f64 code on another thread: equal to the last bit.
      expect(got).toEqual(solveSweep([law], base, x, y));
      expect(pool.threads).toBe(2);
    } finally {
      engine.dispose();
    }
  });
});

describe('--threads', () => {
  it('defaults to one per core, clamps above the cores with a note, refuses 0 and fractions', () => {
    expect(chooseThreads(undefined, 8)).toEqual({ threads: 8 });
    expect(chooseThreads(3, 8)).toEqual({ threads: 3 });
    expect(chooseThreads(64, 8)).toEqual({
      threads: 8,
      note: "--threads 64 is more than this machine's 8 cores; using 8",
    });
    expect(() => chooseThreads(0, 8)).toThrow(/--threads needs a whole number from 1 to 8, got 0/);
    expect(() => chooseThreads(1.5, 8)).toThrow(/got 1.5/);
    expect(() => chooseThreads(-2, 8)).toThrow(RangeError);
  });
});
