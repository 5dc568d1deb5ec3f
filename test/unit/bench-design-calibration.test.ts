/**
 * The designer and calibration-fit bench cases (src/bench/design-cases.ts,
 * src/bench/calibration-cases.ts): 'full' sizes them 256² to 1024² candidates and R = 20 and 50
 * data sets, 'quick' the smallest of each, 'smoke' none; planCases schedules them after one
 * fit of the built-in dataset; running them at tiny sizes on the CPU engine yields one row per
 * size with positive throughput, the designer's values are the f64 twin's, and the GPU/CPU
 * pairs are in the ratios. A stand-in GPU engine (the CPU engine under another kind) gives the
 * designer's ratio and shows that a calibration case fails when its fits ran elsewhere.
 * Nothing here is timed against a threshold.
 */
import { describe, expect, it } from 'vitest';
import {
  CALIBRATION_BENCH_STARTS,
  CALIBRATION_KERNEL,
  CALIBRATION_PAIR,
  calibrationCases,
  simulatedPlan,
} from '../../src/bench/calibration-cases';
import {
  benchCandidateGrid,
  benchDesignModel,
  builtinBaseFit,
  DESIGN_KERNEL,
  DESIGN_PAIR,
  designCases,
} from '../../src/bench/design-cases';
import { BENCH_PRESETS, type BenchPlan, familyOf } from '../../src/bench/plan';
import { ALL_GPU_CPU_PAIRS, GPU_CPU_PAIRS, ratios } from '../../src/bench/ratios.mjs';
import { planCases, runBench } from '../../src/bench/run-bench';
import type { BenchEngines } from '../../src/bench/session';
import { runSuite } from '../../src/bench/suite';
import { CpuEngine } from '../../src/engine/cpu-engine';
import type { Engine } from '../../src/engine/engine';
import { createInlineExecutor } from '../../src/engine/worker-pool';
import { candidateReductions } from '../../src/fit/design';

function cpuOnly(): BenchEngines {
  const executor = createInlineExecutor();
  return { cpu: new CpuEngine(executor), cpuExecutor: executor };
}

/** The CPU engine reporting itself as a GPU engine: the GPU rows' wiring without a GPU. */
function standInGpu(cpu: Engine): Engine {
  return Object.create(cpu, { kind: { value: 'gpu' } }) as Engine;
}

/** The smoke plan (which leaves these cases out) with tiny sizes for them. */
const plan: BenchPlan = {
  ...BENCH_PRESETS.smoke,
  sizes: { ...BENCH_PRESETS.smoke.sizes, designSides: [8, 16], calibrationDataSets: [2, 3] },
  calibrationReplicas: 10,
};
const once = { warmups: 0, minRepeats: 1, maxRepeats: 1, targetSeconds: 0, minSampleSeconds: 0 };

describe('designer and calibration bench cases', () => {
  it('are sized in full and quick, not in smoke, and paired for the ratios', () => {
    expect(BENCH_PRESETS.full.sizes.designSides).toEqual([256, 512, 1024]);
    expect(BENCH_PRESETS.full.sizes.calibrationDataSets).toEqual([20, 50]);
    expect(BENCH_PRESETS.quick.sizes.designSides).toEqual([256]);
    expect(BENCH_PRESETS.quick.sizes.calibrationDataSets).toEqual([20]);
    expect(BENCH_PRESETS.full.calibrationReplicas).toBe(100);
    expect(BENCH_PRESETS.smoke.sizes.designSides).toEqual([]);
    expect(BENCH_PRESETS.smoke.sizes.calibrationDataSets).toEqual([]);
    expect([DESIGN_KERNEL, CALIBRATION_KERNEL].map(familyOf)).toEqual(['design', 'fit']);
    expect(GPU_CPU_PAIRS).toContainEqual([...DESIGN_PAIR]);
    expect(ALL_GPU_CPU_PAIRS).toContainEqual([...DESIGN_PAIR]);
    expect(ALL_GPU_CPU_PAIRS).toContainEqual([...CALIBRATION_PAIR]);
  });

  it('plan after one fit of the built-in dataset, and --only keeps just them', async () => {
    const stages: string[] = [];
    const { cases, fit } = await planCases(cpuOnly(), {
      plan,
      families: ['fit', 'design'],
      kernels: [CALIBRATION_KERNEL, DESIGN_KERNEL],
      fit: { runs: [], label: 'unused: no warm start without its kernels' },
      onStage: (s) => stages.push(s),
    });
    expect(fit).toBeUndefined();
    expect(stages.filter((s) => /built-in dataset/.test(s))).toHaveLength(1);
    expect(cases.map((c) => `${c.kernel} ${c.engine} ${c.size} ${c.unit}`)).toEqual([
      `${CALIBRATION_KERNEL} cpu ${2 * (CALIBRATION_BENCH_STARTS + 10)} fits`,
      `${CALIBRATION_KERNEL} cpu ${3 * (CALIBRATION_BENCH_STARTS + 10)} fits`,
      `${DESIGN_KERNEL} cpu 64 candidates`,
      `${DESIGN_KERNEL} cpu 256 candidates`,
    ]);
  });

  it('run on the CPU engine, one row per size, the designer equal to its twin', async () => {
    const engines = cpuOnly();
    const outcome = await runBench(engines, { plan, families: ['design', 'fit'] });
    expect(outcome.rows.map((r) => [r.kernel, r.size])).toEqual([
      [DESIGN_KERNEL, 64],
      [DESIGN_KERNEL, 256],
      [CALIBRATION_KERNEL, 2 * (CALIBRATION_BENCH_STARTS + 10)],
      [CALIBRATION_KERNEL, 3 * (CALIBRATION_BENCH_STARTS + 10)],
    ]);
    for (const r of outcome.rows) expect(r.perSecond, r.kernel).toBeGreaterThan(0);
    const calibration = outcome.rows.filter((r) => r.kernel === CALIBRATION_KERNEL);
    expect(calibration.map((r) => (r as unknown as { fitted: number }).fitted)).toEqual([2, 3]);

    const base = await builtinBaseFit(engines.cpu);
    const model = benchDesignModel(base);
    const grid = benchCandidateGrid(base.runs, 16);
    const got = await engines.cpu.designReductions(model, grid);
    expect(Array.from(got)).toEqual(Array.from(candidateReductions(model, grid)));
    expect(got.some((v) => v > 0)).toBe(true);
  });

  it('give the designer GPU/CPU ratio and fail a calibration fit that ran elsewhere', async () => {
    const { cpu } = cpuOnly();
    const base = await builtinBaseFit(cpu);
    const gpu = standInGpu(cpu);
    const rows = await runSuite(designCases({ gpu, cpu }, base, [8, 16]), once);
    expect(rows.map((r) => `${r.engine} ${r.size}`)).toEqual([
      'gpu 64',
      'cpu 64',
      'gpu 256',
      'cpu 256',
    ]);
    const r = ratios(rows, [DESIGN_PAIR]);
    expect(r.map((x) => x.size)).toEqual([64, 256]);
    for (const x of r) expect(x.ratio).toBeGreaterThan(0);

    const [onGpu] = calibrationCases({ gpu, cpu }, base, { dataSets: [2], replicas: 10 });
    expect(onGpu!.engine).toBe('gpu');
    await expect((await onGpu!.prepare()).run()).rejects.toThrow(/ran on cpu/);
  });

  it('simulate distinct data sets on the runs of the base fit', async () => {
    const base = await builtinBaseFit(cpuOnly().cpu);
    const [a, b] = simulatedPlan(base, 2);
    expect(a!.runs).toHaveLength(base.runs.length);
    expect(a!.runs.map((r) => r.N)).toEqual(base.runs.map((r) => r.N));
    expect(a!.runs.map((r) => r.loss)).not.toEqual(b!.runs.map((r) => r.loss));
  });
});
