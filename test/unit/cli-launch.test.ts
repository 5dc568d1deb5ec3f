// The CLI launcher runs a bundle built once: the first call builds it, later calls reuse it
// (no bundling, no server), and a source newer than the bundle makes the next call rebuild.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

// Inside the project, so that the bundle's bare imports resolve from its node_modules.
mkdirSync('node_modules/.cache', { recursive: true });
const cache = mkdtempSync(join('node_modules/.cache', 'cli-launch-test-'));
const bundle = join(cache, 'main.mjs');
const run = (args: string[]) =>
  promisify(execFile)('node', ['src/cli/launch.mjs', ...args], {
    timeout: 120_000,
    env: { ...process.env, SCALING_SWEEP_CLI_CACHE: cache },
  });
const frontier = ['frontier', '--law', 'hoffmann2022', '--budget', '1e24', '--json'];

afterAll(() => rmSync(cache, { recursive: true, force: true }));

describe('CLI launcher', () => {
  it('builds the bundle once, reuses it, and rebuilds when a source is newer', async () => {
    const first = await run(frontier);
    const built = statSync(bundle).mtimeMs;
    const again = await run(frontier);
    expect(again.stdout).toBe(first.stdout);
    expect(statSync(bundle).mtimeMs).toBe(built);
    // A bundle older than every source is stale: the next call builds a new one.
    utimesSync(bundle, new Date(0), new Date(0));
    const rebuilt = await run(frontier);
    expect(rebuilt.stdout).toBe(first.stdout);
    expect(statSync(bundle).mtimeMs).toBeGreaterThan(1000);
    const out = JSON.parse(first.stdout);
    expect(out.law).toBeDefined();
  });
});
