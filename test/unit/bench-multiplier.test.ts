/**
 * The multiplier-curves bench cases (src/bench/multiplier-cases.ts): every preset but 'smoke'
 * sizes them, planCases schedules them with the frontier family, and running them on the CPU
 * engine yields one row per size with positive throughput and the GPU/CPU pair in the ratios.
 * Nothing here is timed against a threshold.
 */
import { describe, expect, it } from 'vitest';
import {
  MULTIPLIER_BUDGETS,
  MULTIPLIER_KERNEL,
  multiplierBenchBudgets,
  multiplierBenchPairs,
} from '../../src/bench/multiplier-cases';
import { BENCH_PRESETS, type BenchPlan, familyOf } from '../../src/bench/plan';
import { ALL_GPU_CPU_PAIRS, GPU_CPU_PAIRS } from '../../src/bench/ratios.mjs';
import { planCases, runBench } from '../../src/bench/run-bench';
import type { BenchEngines } from '../../src/bench/session';
import { CpuEngine } from '../../src/engine/cpu-engine';
import { createInlineExecutor } from '../../src/engine/worker-pool';
import { multiplierCurves } from '../../src/law/multiplier-curves';

function cpuOnly(): BenchEngines {
  const executor = createInlineExecutor();
  return { cpu: new CpuEngine(executor), cpuExecutor: executor };
}

const plan: BenchPlan = {
  ...BENCH_PRESETS.smoke,
  sizes: { ...BENCH_PRESETS.smoke.sizes, frontierReplicas: [], multiplierPairs: [16, 200] },
};

describe('multiplier bench cases', () => {
  it('are sized 1k and 10k pairs in quick, up to 100k in full, none in smoke', () => {
    expect(BENCH_PRESETS.smoke.sizes.multiplierPairs).toEqual([]);
    expect(BENCH_PRESETS.quick.sizes.multiplierPairs).toEqual([1000, 10000]);
    expect(BENCH_PRESETS.full.sizes.multiplierPairs).toEqual([1000, 10000, 100000]);
    expect(familyOf(MULTIPLIER_KERNEL)).toBe('frontier');
    expect(GPU_CPU_PAIRS).toContainEqual([MULTIPLIER_KERNEL, MULTIPLIER_KERNEL]);
    expect(ALL_GPU_CPU_PAIRS).toContainEqual([MULTIPLIER_KERNEL, MULTIPLIER_KERNEL]);
  });

  it('run with the frontier family, one row per size, some pairs unbounded', async () => {
    const { cases } = await planCases(cpuOnly(), { plan, families: ['frontier'] });
    expect(cases.map((c) => `${c.kernel} ${c.engine} ${c.shape}`)).toEqual([
      `${MULTIPLIER_KERNEL} cpu 16 pairs x ${MULTIPLIER_BUDGETS} budgets`,
      `${MULTIPLIER_KERNEL} cpu 200 pairs x ${MULTIPLIER_BUDGETS} budgets`,
    ]);
    const outcome = await runBench(cpuOnly(), { plan, families: ['frontier'] });
    expect(outcome.rows.map((r) => [r.kernel, r.size, r.unit])).toEqual([
      [MULTIPLIER_KERNEL, 16 * MULTIPLIER_BUDGETS, 'scenarios'],
      [MULTIPLIER_KERNEL, 200 * MULTIPLIER_BUDGETS, 'scenarios'],
    ]);
    for (const r of outcome.rows) expect(r.perSecond).toBeGreaterThan(0);
    const values = multiplierCurves(multiplierBenchPairs(200), multiplierBenchBudgets());
    expect(values.some(Number.isNaN)).toBe(true);
    expect(values.filter(Number.isFinite).length).toBeGreaterThan(values.length / 2);
  });

  it('the CPU engine splits pairs into chunks and returns the twin exactly', async () => {
    const engine = cpuOnly().cpu;
    const pairs = multiplierBenchPairs(3000);
    const budgets = multiplierBenchBudgets();
    const progress: number[] = [];
    const got = await engine.multiplierCurves(pairs, budgets, {
      onProgress: (done) => progress.push(done),
    });
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.at(-1)).toBe(3000);
    expect(Array.from(got)).toEqual(Array.from(multiplierCurves(pairs, budgets)));
    await expect(engine.multiplierCurves(pairs, [1e20, -1])).rejects.toThrow(RangeError);
  });
});
