/**
 * A cost-growth run on the CPU engine in Node (src/bench/growth-run.ts, growth-cases.ts and
 * growth-data.ts; the GPU rows run in `npm run bench -- --growth`): the smoke plan yields one
 * row per series, engine and size with the growth kernel names and the extra fit fields, the
 * rows series counts work in fit-rows, and the synthetic datasets are seeded and sized.
 */
import { describe, expect, it } from 'vitest';
import { growthSummary } from '../../src/bench/growth.mjs';
import { chunkCounter } from '../../src/bench/growth-cases';
import { growthRuns } from '../../src/bench/growth-data';
import { GROWTH_PLANS, growthSeriesOf } from '../../src/bench/growth-plan';
import { runGrowth } from '../../src/bench/growth-run';
import type { BenchEngines } from '../../src/bench/session';
import { builtinDataset } from '../../src/data/builtin';
import { CpuEngine } from '../../src/engine/cpu-engine';
import { createInlineExecutor } from '../../src/engine/worker-pool';

function cpuOnly(): BenchEngines {
  const executor = createInlineExecutor();
  return { cpu: new CpuEngine(executor), cpuExecutor: executor };
}

describe('growthRuns', () => {
  it('spreads a subset over the built-in runs, then adds seeded jittered runs', () => {
    const builtin = builtinDataset(1).runs;
    const small = growthRuns(30);
    expect(small).toHaveLength(30);
    expect(small[0]).toEqual({ N: builtin[0]!.N, D: builtin[0]!.D, loss: builtin[0]!.loss });
    const big = growthRuns(500);
    expect(big).toHaveLength(500);
    expect(big.slice(0, builtin.length).map((r) => r.loss)).toEqual(builtin.map((r) => r.loss));
    expect(growthRuns(500)).toEqual(big);
    expect(growthRuns(500, 8)).not.toEqual(big);
    for (const r of big) {
      expect(r.N).toBeGreaterThan(0);
      expect(r.D).toBeGreaterThan(0);
      expect(Number.isFinite(r.loss) && r.loss > 1).toBe(true);
    }
    expect(() => growthRuns(0)).toThrow(RangeError);
  });
});

describe('runGrowth on the CPU engine', () => {
  it('runs every series of the smoke plan with its growth kernel name', async () => {
    const engines = cpuOnly();
    const plan = GROWTH_PLANS.smoke;
    const stages: string[] = [];
    const { rows, gpuFitSkipped } = await runGrowth(engines, {
      plan,
      series: growthSeriesOf(['surface', 'fit', 'optimum']),
      onStage: (s) => stages.push(s),
    });
    expect(gpuFitSkipped).toBeNull();
    expect(stages).toEqual([]);
    expect(rows.every((r) => r.engine === 'cpu')).toBe(true);
    const kernels = [...new Set(rows.map((r) => r.kernel))];
    // No GPU, so no forced-tiling series (a GPU-only series).
    expect(kernels).toEqual([
      'growth-surface',
      'growth-surface-odd',
      'growth-bootstrap',
      'growth-rows',
      'growth-sweep',
    ]);
    const { sizes } = plan;
    expect(rows).toHaveLength(
      sizes.surfaceSides.length +
        sizes.oddSides.length +
        sizes.bootstrapReplicas.length +
        sizes.rowCounts.length +
        sizes.sweepShapes.length,
    );
    for (const r of rows) {
      expect(Number.isFinite(r.perSecond) && r.perSecond > 0, r.kernel).toBe(true);
    }
    const fitRows = rows.filter((r) => r.kernel === 'growth-rows') as unknown as Record<
      string,
      number
    >[];
    expect(fitRows.map((r) => r.size)).toEqual(sizes.rowCounts.map((n) => n * sizes.rowReplicas));
    expect(fitRows.map((r) => r.rows)).toEqual([...sizes.rowCounts]);
    for (const r of fitRows) {
      expect(r.replicas).toBe(sizes.rowReplicas);
      expect(r.evaluationsPerFit).toBeGreaterThan(1);
      expect(r.convergedShare).toBeGreaterThanOrEqual(0.98);
      expect(r.chunks).toBeGreaterThanOrEqual(1);
      expect(r.largestChunk).toBeGreaterThanOrEqual(1);
      expect(r.largestChunk).toBeLessThanOrEqual(sizes.rowReplicas);
    }
    const sweep = rows.filter((r) => r.kernel === 'growth-sweep');
    expect(sweep.map((r) => r.shape)).toEqual(['8x8', '13x5']);
    const series = growthSummary(rows);
    expect(series.map((s) => s.series)).toEqual([
      'surface',
      'surface-odd',
      'bootstrap',
      'rows',
      'sweep',
    ]);
    engines.cpu.dispose();
  });

  it('stops at once when cancelled', async () => {
    const engines = cpuOnly();
    const controller = new AbortController();
    controller.abort(new Error('cancelled by the test'));
    await expect(
      runGrowth(engines, {
        plan: GROWTH_PLANS.smoke,
        series: ['sweep'],
        signal: controller.signal,
      }),
    ).rejects.toThrow('cancelled by the test');
    engines.cpu.dispose();
  });
});

describe('chunkCounter', () => {
  it('turns per-chunk progress into chunk sizes', () => {
    const c = chunkCounter();
    for (const done of [256, 600, 1000, 1001]) c.job.onProgress?.(done, 1001);
    expect(c.summary()).toEqual({ chunks: 4, largestChunk: 400, lastChunk: 1 });
    expect(chunkCounter().summary()).toEqual({ chunks: 0, largestChunk: 0, lastChunk: 0 });
  });
});
