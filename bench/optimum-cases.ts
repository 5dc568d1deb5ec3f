/**
 * Benchmark cases for the optimum solvers (issue 4, item 7): frontier bands, replicas x budgets
 * of the data-constrained optimum ("frontier", unit scenarios), and two-axis sweeps of it
 * ("sweep", unit cells: budget C x unique tokens U), on the CPU and GPU engines through the
 * Engine contract, results back in JS.
 */
import type { Engine } from '../src/engine/engine';
import type { ScalingLaw } from '../src/law/law';
import { findPreset } from '../src/law/presets';
import type { Scenario } from '../src/law/scenario';
import type { SweepAxis } from '../src/law/sweep';
import type { MeasureOptions } from './measure';
import type { BenchCase } from './suite';

/** Replicas x 512 budgets: the band sizes measured (4,000 x 512 is the real-GPU goal). */
export const FRONTIER_REPLICAS = [250, 1000] as const;
/** Sweep sides measured (the goal: GPU ahead at 1e6 cells or more). */
export const SWEEP_SIDES = [256, 1024] as const;

/** Optimum batches take seconds on SwiftShader: few repeats after one warm-up. */
export const OPTIMUM_MEASURE: MeasureOptions = {
  warmups: 1,
  minRepeats: 3,
  maxRepeats: 3,
  targetSeconds: 2,
  minSampleSeconds: 0,
};

/** `count` replicas of the Muennighoff law with exponents and intercepts jittered (deterministic). */
export function jitteredLaws(count: number): ScalingLaw[] {
  const base = findPreset('muennighoff2023')!.law;
  return Array.from({ length: count }, (_, k) => {
    const u = (j: number) => Math.sin(12.9898 * (k + 1) + 78.233 * j) * 0.5;
    return {
      E: base.E * (1 + 0.02 * u(1)),
      A: base.A * Math.exp(0.3 * u(2)),
      B: base.B * Math.exp(0.3 * u(3)),
      alpha: base.alpha * (1 + 0.05 * u(4)),
      beta: base.beta * (1 + 0.05 * u(5)),
    };
  });
}

/** 512 budgets from 1e18 to 1e28 with a unique-token cap of 1e12 (binding at large C). */
export function frontierBudgets(): Scenario[] {
  return Array.from({ length: 512 }, (_, i) => ({
    kind: 'data-constrained',
    C: 10 ** (18 + (10 * i) / 511),
    U: 1e12,
  }));
}

function failures(results: Float32Array): number {
  let n = 0;
  for (let p = 3; p < results.length; p += 4) if (results[p] !== 0) n++;
  return n;
}

/** Frontier and sweep cases for each engine, GPU and CPU side by side per size. */
export function optimumCases(engines: { gpu: Engine; cpu: Engine }): BenchCase[] {
  const cases: BenchCase[] = [];
  const budgets = frontierBudgets();
  const simple = (run: () => Promise<void>) => async () => ({ run, dispose() {} });
  const check = (what: string, results: Float32Array) => {
    const bad = failures(results);
    if (bad > 0) throw new Error(`${what}: ${bad} scenarios unsolved`);
  };
  for (const K of FRONTIER_REPLICAS) {
    const laws = jitteredLaws(K);
    for (const engine of [engines.gpu, engines.cpu]) {
      cases.push({
        kernel: 'frontier',
        engine: engine.kind,
        mode: 'Engine.frontier(): data-constrained optimum, replicas x budgets, results in JS',
        size: K * budgets.length,
        unit: 'scenarios',
        shape: `${K} replicas x ${budgets.length} budgets`,
        prepare: simple(async () =>
          check(`${engine.kind} frontier`, await engine.frontier(laws, budgets)),
        ),
      });
    }
  }
  const law = [findPreset('muennighoff2023')!.law];
  const base: Scenario = { kind: 'data-constrained', C: 1e22, U: 1e11 };
  for (const side of SWEEP_SIDES) {
    const x: SweepAxis = { field: 'C', min: 1e18, max: 1e26, count: side, spacing: 'log' };
    const y: SweepAxis = { field: 'U', min: 1e9, max: 1e13, count: side, spacing: 'log' };
    for (const engine of [engines.gpu, engines.cpu]) {
      cases.push({
        kernel: 'sweep',
        engine: engine.kind,
        mode: 'Engine.sweep(): data-constrained optimum in every cell of C x U, results in JS',
        size: side * side,
        unit: 'cells',
        shape: `${side}x${side}`,
        prepare: simple(async () =>
          check(`${engine.kind} sweep`, await engine.sweep(law, base, x, y)),
        ),
      });
    }
  }
  return cases;
}
