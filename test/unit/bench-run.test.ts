/**
 * A whole benchmark run on the CPU engine in Node (src/bench/run-bench.ts; the GPU rows are
 * covered by the Bench view's e2e test): the Smoke plan on the built-in dataset yields a row per
 * kernel and size with positive finite throughput, the fit set-up is reported, Cancel stops the
 * run, and the export carries the rows in the shape of `npm run bench --json`.
 */
import { describe, expect, it } from 'vitest';
import { BENCH_FAMILIES, BENCH_PRESETS, familyOf, PRESET_IDS } from '../../src/bench/plan';
import { benchExport, exportFileName } from '../../src/bench/report';
import { runBench } from '../../src/bench/run-bench';
import type { BenchEngines } from '../../src/bench/session';
import { builtinDataset } from '../../src/data/builtin';
import { CpuEngine } from '../../src/engine/cpu-engine';
import { createInlineExecutor } from '../../src/engine/worker-pool';

function cpuOnly(): BenchEngines {
  const executor = createInlineExecutor();
  return { cpu: new CpuEngine(executor), cpuExecutor: executor };
}

const fit = {
  runs: builtinDataset(1).runs.map((r) => ({ N: r.N, D: r.D, loss: r.loss })),
  label: 'the built-in dataset',
};
const plan = BENCH_PRESETS.smoke;

describe('presets', () => {
  it('size every family from small to large', () => {
    for (const id of PRESET_IDS) {
      for (const [key, sizes] of Object.entries(BENCH_PRESETS[id].sizes)) {
        // Smoke leaves the Approach-2, per-series, multiplier, designer and calibration cases
        // out (their own tests); quick has one size of the last two.
        const late = key === 'designSides' || key === 'calibrationDataSets';
        if (
          id === 'smoke' &&
          (key === 'approach2Replicas' || key === 'fitSeries' || key === 'multiplierPairs' || late)
        ) {
          expect(sizes, key).toEqual([]);
          continue;
        }
        expect(sizes.length, `${id} ${key}`).toBeGreaterThanOrEqual(id === 'quick' && late ? 1 : 2);
        expect(
          [...sizes].sort((a, b) => a - b),
          id,
        ).toEqual(sizes);
      }
    }
  });

  it('full keeps the sizes the scipy peer and the recorded figures use', () => {
    const { sizes } = BENCH_PRESETS.full;
    expect(sizes.surfaceSides).toEqual(expect.arrayContaining([256, 1024, 4096]));
    expect(sizes.fitStarts).toContain(4500);
    expect(sizes.bootstrapReplicas).toEqual(expect.arrayContaining([1000, 4000]));
    expect(sizes.frontierReplicas).toEqual(expect.arrayContaining([250, 1000]));
    expect(sizes.sweepSides).toEqual(expect.arrayContaining([256, 1024]));
  });

  it('maps every kernel to its family', () => {
    expect(
      [
        'surface',
        'surface-readback',
        'fit-grid',
        'fit-bootstrap',
        'fit-series',
        'fit-approach2',
        'fit-calibration',
        'frontier',
        'frontier-multiplier',
        'sweep',
        'design',
      ].map(familyOf),
    ).toEqual([
      'surface',
      'surface',
      'fit',
      'fit',
      'fit',
      'fit',
      'fit',
      'frontier',
      'frontier',
      'sweep',
      'design',
    ]);
    expect(() => familyOf('other')).toThrow(RangeError);
  });
});

describe('runBench on the CPU engine', () => {
  it('runs every family of the Smoke plan', async () => {
    const stages: string[] = [];
    const outcome = await runBench(cpuOnly(), { plan, fit, onStage: (s) => stages.push(s) });
    const got = outcome.rows.map((r) => `${r.kernel} ${r.engine} ${r.size}`);
    expect(got).toEqual([
      'surface cpu 1024',
      'surface cpu 4096',
      'fit-grid cpu 16',
      'fit-grid cpu 32',
      'fit-bootstrap cpu 16',
      'fit-bootstrap cpu 32',
      'frontier cpu 512',
      'frontier cpu 1024',
      'sweep cpu 256',
      'sweep cpu 1024',
    ]);
    for (const r of outcome.rows) {
      expect(Number.isFinite(r.perSecond) && r.perSecond > 0, r.kernel).toBe(true);
      expect(r.repeats).toBe(plan.measure[familyOf(r.kernel)].minRepeats);
      expect(r.gpuSeconds).toBeUndefined();
    }
    expect(outcome.fit).toMatchObject({ rows: fit.runs.length, gpuSkipped: 'no GPU' });
    expect(outcome.approach2).toBeUndefined();
    expect(outcome.fit!.warmObjective).toBeGreaterThan(0);
    expect(stages[0]).toMatch(/warm start/);
  });

  it('runs only the families asked for', async () => {
    const outcome = await runBench(cpuOnly(), { plan, families: ['sweep'] });
    expect(new Set(outcome.rows.map((r) => r.kernel))).toEqual(new Set(['sweep']));
    expect(outcome.fit).toBeUndefined();
  });

  it('stops when cancelled, keeping the rows reported before', async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    const run = runBench(cpuOnly(), {
      plan,
      fit,
      signal: controller.signal,
      onRow: (p) => {
        seen.push(p.row.kernel);
        if (p.done === 3) controller.abort(new DOMException('cancelled', 'AbortError'));
      },
    });
    await expect(run).rejects.toThrow('cancelled');
    expect(seen).toHaveLength(3);
  });
});

describe('benchExport', () => {
  it('carries the rows in the npm run bench shape plus what the run ran on', async () => {
    const { rows } = await runBench(cpuOnly(), { plan, families: BENCH_FAMILIES.slice(0, 1) });
    const started = new Date('2026-11-22T10:04:05.123Z');
    const out = benchExport({
      adapter: undefined,
      cpuThreads: 1,
      rows,
      preset: 'smoke',
      status: 'complete',
      started,
      wallSeconds: 1.5,
      userAgent: 'test',
      skipped: ['GPU rows: no adapter'],
    });
    const parsed = JSON.parse(JSON.stringify(out));
    expect(parsed).toMatchObject({
      adapter: null,
      adapterInfo: null,
      cpuThreads: 1,
      date: '2026-11-22T10:04:05.123Z',
      userAgent: 'test',
      preset: 'smoke',
      status: 'complete',
      timestampQuery: false,
      skipped: ['GPU rows: no adapter'],
    });
    expect(parsed.error).toBeUndefined();
    expect(parsed.results).toHaveLength(rows.length);
    for (const r of parsed.results) {
      for (const key of ['kernel', 'engine', 'size', 'unit', 'perSecond', 'seconds', 'spread'])
        expect(r, key).toHaveProperty(key);
    }
    expect(exportFileName(started)).toBe('scaling-sweep-bench-2026-11-22T10-04-05.json');
  });
});
