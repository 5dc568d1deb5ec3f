// The CLI as a program (through the launcher and its bundle): the CPU engine on a pool of
// worker threads sized by --threads (default every core, clamped to the cores with a note), the
// same fit on 1 thread as on 2, the count reported in text and JSON; and a stderr that carries
// only the tool's own notes, each once (no libwayland or Dawn lines from the GPU start).
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { notesOnce } from '../../src/cli/notes';
import { NO_WAYLAND_DISPLAY, quietNativeGpu } from '../../src/cli/quiet-gpu';
import { builtinCsv } from '../support/cli';

const { dir, csvPath } = builtinCsv('scaling-sweep-cli-threads-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cores = availableParallelism();
const launch = (args: string[], env: NodeJS.ProcessEnv = process.env) =>
  promisify(execFile)('node', ['src/cli/launch.mjs', ...args], { timeout: 120_000, env });
const SMALL = ['--bootstrap', '20', '--starts', '20', '--seed', '4'];

/** A fit's JSON without what differs between two runs of it: wall-clock time and threads. */
function sameFit(json: string) {
  const { seconds, fitsPerSecond, threads, ...rest } = JSON.parse(json);
  expect(seconds).toBeGreaterThan(0);
  expect(fitsPerSecond).toBeGreaterThan(0);
  return { threads, rest };
}

describe('CLI worker threads', () => {
  it('fits the same on 2 threads as on 1, and reports the count', async () => {
    const two = Math.min(2, cores);
    const a = await launch([
      'fit',
      csvPath,
      ...SMALL,
      '--engine',
      'cpu',
      '--threads',
      '1',
      '--json',
    ]);
    const b = await launch([
      'fit',
      csvPath,
      ...SMALL,
      '--engine',
      'cpu',
      '--threads',
      String(two),
      '--json',
    ]);
    expect(a.stderr).toBe('');
    expect(b.stderr).toBe('');
    const one = sameFit(a.stdout);
    const many = sameFit(b.stdout);
    expect(one.threads).toBe(1);
    expect(many.threads).toBe(two);
    expect(one.rest.version).toBe(1);
    expect(one.rest.bootstrap.converged).toBeGreaterThanOrEqual(18);
    // The same f64 code on each replica wherever it runs: equal to the last bit.
    expect(many.rest).toEqual(one.rest);
  });

  it('uses every core for more threads than the machine has, with one note, in text too', async () => {
    const r = await launch([
      'frontier',
      '--fit',
      csvPath,
      '--bootstrap',
      '10',
      '--starts',
      '10',
      '--engine',
      'cpu',
      '--threads',
      '999',
      '--budget',
      '1e22',
    ]);
    expect(r.stderr).toBe(
      `note: --threads 999 is more than this machine's ${cores} cores; using ${cores}\n`,
    );
    expect(r.stdout.split('\n')[0]).toContain(`(cpu, ${cores} thread${cores === 1 ? '' : 's'})`);
  });

  it('starts the GPU engine with nothing on stderr but its own notes', async () => {
    const env = { ...process.env };
    delete env.XDG_RUNTIME_DIR;
    delete env.WAYLAND_DISPLAY;
    const r = await launch(['fit', csvPath, ...SMALL, '--engine', 'gpu', '--json'], env);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ version: 1, engine: 'gpu' });
    expect(out).not.toHaveProperty('threads');
  });
});

describe('CLI notes', () => {
  it('writes each distinct note once', () => {
    const written: string[] = [];
    const err = notesOnce({ write: (t: string) => written.push(t) });
    for (const t of ['note: a\n', 'note: b\n', 'note: a\n', 'note: b\n', 'note: c\n']) err.write(t);
    expect(written).toEqual(['note: a\n', 'note: b\n', 'note: c\n']);
  });

  it('points Wayland probes at no display only where no session is named', () => {
    const bare: NodeJS.ProcessEnv = {};
    quietNativeGpu(bare);
    expect(bare.WAYLAND_DISPLAY).toBe(NO_WAYLAND_DISPLAY);
    const session: NodeJS.ProcessEnv = { XDG_RUNTIME_DIR: '/run/user/1000' };
    quietNativeGpu(session);
    expect(session).toEqual({ XDG_RUNTIME_DIR: '/run/user/1000' });
    const display: NodeJS.ProcessEnv = { WAYLAND_DISPLAY: 'wayland-1' };
    quietNativeGpu(display);
    expect(display).toEqual({ WAYLAND_DISPLAY: 'wayland-1' });
  });
});
