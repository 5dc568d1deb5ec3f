/**
 * The CLI fits a file with several series per series: JSON with one entry per series (a
 * series with too few runs named with its reason, the others fitted and each recovering its
 * own law), `--series` to choose, one text block per series; a file without series keeps
 * today's JSON shape plus `method`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { loss } from '../../src/law/law';
import { builtinCsv, capture } from '../support/cli';
import { SERIES_LAWS, seriesCsv } from '../support/synthetic-runs';

const dir = mkdtempSync(join(tmpdir(), 'cli-series-'));
const csvPath = join(dir, 'series.csv');
// The three laws' runs, plus a series `tiny` with 3 runs (too few to fit).
const TINY = [3e7, 1e8, 3e8].map((N) => `${N},2e9,${loss(SERIES_LAWS.base!, N, 2e9)},tiny`);
writeFileSync(csvPath, seriesCsv(TINY));
const FAST = ['--bootstrap', '20', '--starts', '60', '--engine', 'cpu'];

describe('CLI fit per series', () => {
  it('prints one JSON entry per series, the unfittable one with its reason', async () => {
    const io = capture();
    const code = await main(['fit', csvPath, ...FAST, '--json'], io.streams);
    expect(code).toBe(0);
    const out = JSON.parse(io.out());
    expect(out.version).toBe(1);
    expect(out.method).toBe('approach3');
    expect(out.series.map((s: { series: string }) => s.series)).toEqual([
      'base',
      'wide',
      'deep',
      'tiny',
    ]);
    for (const entry of out.series.slice(0, 3)) {
      const law = SERIES_LAWS[entry.series]!;
      expect(entry.rows).toBe(16);
      expect(entry.engine).toBe('cpu');
      // The envelope carries the version; an entry repeats none of it.
      expect(entry).not.toHaveProperty('version');
      for (const k of ['E', 'alpha', 'beta'] as const) {
        expect(entry.fit[k], `${entry.series} ${k}`).toBeCloseTo(law[k], 2);
      }
    }
    const tiny = out.series[3];
    expect(tiny).toMatchObject({ series: 'tiny', runs: 3 });
    expect(tiny.error).toMatch(/more runs than free parameters: 3 usable runs/);
    expect(tiny.fit).toBeUndefined();
    expect(io.err()).toMatch(/series tiny: a fit needs more runs/);
  });

  it('fits only the series asked for, and prints one text block per series', async () => {
    const io = capture();
    const code = await main(['fit', csvPath, ...FAST, '--series', 'wide,deep'], io.streams);
    expect(code).toBe(0);
    const text = io.out();
    expect(text).toMatch(/^== series wide \(16 runs\) · approach3$/m);
    expect(text).toMatch(/^== series deep \(16 runs\) · approach3$/m);
    expect(text).not.toMatch(/series base|series tiny/);
    expect(text.match(/^alpha /gm)).toHaveLength(2);
  });

  it('exits 1 when no selected series can be fitted', async () => {
    const io = capture();
    const code = await main(['fit', csvPath, ...FAST, '--series', 'tiny', '--json'], io.streams);
    expect(code).toBe(1);
    const out = JSON.parse(io.out());
    expect(out.series).toHaveLength(1);
    expect(out.series[0]).toMatchObject({ series: 'tiny', runs: 3 });
  });

  it('keeps the JSON shape of a file without series, with the method id', async () => {
    const { csvPath: plain } = builtinCsv('cli-series-plain-');
    const io = capture();
    const code = await main(['fit', plain, ...FAST, '--json'], io.streams);
    expect(code).toBe(0);
    const out = JSON.parse(io.out());
    expect(out.method).toBe('approach3');
    expect(out.series).toBeUndefined();
    // The shape's version comes last, as in the app's export of the same fit.
    expect(out.version).toBe(1);
    expect(Object.keys(out).at(-1)).toBe('version');
    expect(Number.isFinite(out.fit.E)).toBe(true);
  });
});

describe('CLI --method', () => {
  it('takes a registered method id and refuses any other, listing the choices', async () => {
    const io = capture();
    const code = await main(
      ['fit', csvPath, ...FAST, '--series', 'base', '--method', 'approach3', '--json'],
      io.streams,
    );
    expect(code).toBe(0);
    expect(JSON.parse(io.out()).method).toBe('approach3');
    const bad = capture();
    expect(await main(['fit', csvPath, '--method', 'approach9'], bad.streams)).toBe(2);
    expect(bad.err()).toMatch(/--method needs one of approach3(, [\w-]+)*, got approach9/);
  });
});
