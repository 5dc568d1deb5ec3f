/**
 * The fit family's newer cases (src/bench/approach2-cases.ts, seriesFitCases): the plan of
 * every preset sizes them, planCases schedules them on the CPU engine, and running them yields
 * one row per (engine, variant, size) with positive throughput, the Approach-2 GPU path wired
 * through a stand-in kernel (the f64 twin behind GpuIsoflop's `records`) so that its rows and
 * the GPU/CPU ratio are checked without a GPU. Nothing here is timed against a threshold.
 */
import { describe, expect, it } from 'vitest';
import { APPROACH2_KERNEL, APPROACH2_PAIR, approach2Cases } from '../../src/bench/approach2-cases';
import { SERIES_FIT_VARIANTS, seriesFitTable } from '../../src/bench/fit-cases';
import { BENCH_PRESETS, type BenchPlan, familyOf, PRESET_IDS } from '../../src/bench/plan';
import { ALL_GPU_CPU_PAIRS, ratios } from '../../src/bench/ratios.mjs';
import { builtinApproach2Data, planCases } from '../../src/bench/run-bench';
import type { BenchEngines } from '../../src/bench/session';
import { runSuite } from '../../src/bench/suite';
import { builtinDataset } from '../../src/data/builtin';
import { CpuEngine } from '../../src/engine/cpu-engine';
import { createInlineExecutor } from '../../src/engine/worker-pool';
import { parabolaRecords } from '../../src/fit/isoflop-parabola';
import type { GpuIsoflop } from '../../src/gpu/isoflop';

function cpuOnly(): BenchEngines {
  const executor = createInlineExecutor();
  return { cpu: new CpuEngine(executor), cpuExecutor: executor };
}

const fit = {
  runs: builtinDataset(1).runs.map((r) => ({ N: r.N, D: r.D, loss: r.loss })),
  label: 'the built-in dataset',
};
/** The smoke plan (which leaves these cases out) with small sizes for them. */
const plan: BenchPlan = {
  ...BENCH_PRESETS.smoke,
  sizes: { ...BENCH_PRESETS.smoke.sizes, approach2Replicas: [64, 256], fitSeries: [2, 4] },
  seriesReplicas: 8,
};
const once = { warmups: 1, minRepeats: 1, maxRepeats: 1, targetSeconds: 0, minSampleSeconds: 0 };

/** GpuIsoflop's records() computed by the f64 twin, rounded to f32 as the kernel returns them. */
const standInKernel = {
  records: async (packed, weights) => Float32Array.from(parabolaRecords(packed, weights)),
} as Pick<GpuIsoflop, 'records'> as GpuIsoflop;

describe('plan of the fit family', () => {
  it('sizes the Approach-2 and per-series cases in every preset but smoke', () => {
    for (const id of PRESET_IDS.filter((p) => p !== 'smoke')) {
      const p = BENCH_PRESETS[id];
      expect(p.sizes.approach2Replicas.length, id).toBeGreaterThanOrEqual(2);
      expect(p.sizes.fitSeries.length, id).toBeGreaterThanOrEqual(2);
      expect(p.seriesReplicas, id).toBeGreaterThan(0);
    }
    expect(BENCH_PRESETS.quick.sizes.approach2Replicas).toEqual([1000, 10000]);
    expect([APPROACH2_KERNEL, 'fit-series'].map(familyOf)).toEqual(['fit', 'fit']);
    expect(BENCH_PRESETS.smoke.sizes.approach2Replicas).toEqual([]);
    expect(BENCH_PRESETS.smoke.sizes.fitSeries).toEqual([]);
  });

  it('schedules the per-series cases after the bootstrap and Approach 2 last', async () => {
    const { cases, approach2 } = await planCases(cpuOnly(), { plan, fit, families: ['fit'] });
    const kernels = [...new Set(cases.map((c) => c.kernel))];
    expect(kernels).toEqual(['fit-grid', 'fit-bootstrap', 'fit-series', APPROACH2_KERNEL]);
    const series = cases.filter((c) => c.kernel === 'fit-series');
    expect(series).toHaveLength(plan.sizes.fitSeries.length * 3);
    expect(series.map((c) => c.size)).toEqual(
      plan.sizes.fitSeries.flatMap((S) => [1, 1, 1].map(() => S * plan.seriesReplicas)),
    );
    const a2 = cases.filter((c) => c.kernel === APPROACH2_KERNEL);
    expect(a2.map((c) => `${c.engine} ${c.size}`)).toEqual(
      plan.sizes.approach2Replicas.map((K) => `cpu ${K}`),
    );
    expect(approach2).toMatchObject({
      rows: builtinApproach2Data().runs.length,
      gpuSkipped: 'no GPU',
      replicas: plan.sizes.approach2Replicas,
    });
  });

  it('runs Approach 2 without fit data', async () => {
    const { cases } = await planCases(cpuOnly(), { plan, families: ['fit'] });
    expect(new Set(cases.map((c) => c.kernel))).toEqual(new Set([APPROACH2_KERNEL]));
  });
});

describe('running the cases', () => {
  it('gives Approach-2 rows on both engines and their GPU/CPU ratio', async () => {
    const K = [64, 256];
    const cases = approach2Cases({ gpu: standInKernel }, builtinApproach2Data(), K);
    expect(cases.map((c) => `${c.engine} ${c.size}`)).toEqual([
      'gpu 64',
      'cpu 64',
      'gpu 256',
      'cpu 256',
    ]);
    const rows = await runSuite(cases, once);
    for (const r of rows) {
      expect(r.unit).toBe('replicas');
      expect(Number.isFinite(r.perSecond) && r.perSecond > 0, r.engine).toBe(true);
      // The exponent a of N_opt = k C^a on the built-in (Besiroglu) sweep: near 0.5.
      expect((r as unknown as { exponentA: number }).exponentA).toBeGreaterThan(0.3);
      expect((r as unknown as { exponentA: number }).exponentA).toBeLessThan(0.7);
    }
    const r = ratios(rows, [APPROACH2_PAIR]);
    expect(r.map((x) => x.size)).toEqual(K);
    // The Bench view and the report compare it with the other kernels.
    expect(ALL_GPU_CPU_PAIRS).toContainEqual([...APPROACH2_PAIR]);
    for (const x of r) expect(x.ratio).toBeGreaterThan(0);
  });

  it('fails a case whose fit fails', async () => {
    const twoBudgets = { runs: builtinApproach2Data().runs.slice(0, 30), label: 'two budgets' };
    const [tiny] = approach2Cases({}, twoBudgets, [16]);
    await expect((await tiny!.prepare()).run()).rejects.toThrow(/isoFLOP budgets/);
  });

  it('gives per-series rows that seriesFitTable sets side by side', async () => {
    const { cases } = await planCases(cpuOnly(), { plan, fit, families: ['fit'] });
    const rows = await runSuite(
      cases.filter((c) => c.kernel === 'fit-series'),
      once,
    );
    expect(rows).toHaveLength(plan.sizes.fitSeries.length * 3);
    for (const r of rows) expect(r.perSecond, r.mode).toBeGreaterThan(0);
    const table = seriesFitTable(rows).split('\n');
    expect(table).toHaveLength(1 + plan.sizes.fitSeries.length);
    expect(table[0]).toMatch(/batched \| separate/);
    expect(table[1]).toMatch(/^cpu · S=2 series/);
    expect(table[1]).not.toMatch(/ - /);
    expect(Object.keys(SERIES_FIT_VARIANTS)).toHaveLength(3);
  });
});
