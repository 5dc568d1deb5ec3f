/**
 * Benchmark cases for the optimum solvers: frontier bands, replicas x budgets
 * of the data-constrained optimum ("frontier", unit scenarios), and two-axis sweeps of it
 * ("sweep", unit cells: budget C x unique tokens U), on the CPU and GPU engines through the
 * Engine contract, results back in JS.
 */
import type { Engine } from '../engine/engine';
import type { ScalingLaw } from '../law/law';
import { findPreset } from '../law/presets';
import type { Scenario } from '../law/scenario';
import type { SweepAxis } from '../law/sweep';
import { passTimeOf } from './pass-time';
import type { BenchCase } from './suite';

/** Budgets per frontier replica. */
export const FRONTIER_BUDGETS = 512;

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
  return Array.from({ length: FRONTIER_BUDGETS }, (_, i) => ({
    kind: 'data-constrained',
    C: 10 ** (18 + (10 * i) / (FRONTIER_BUDGETS - 1)),
    U: 1e12,
  }));
}

/** How many of the results (N, D, loss, status per pair) report a failure. */
export function failures(results: Float32Array): number {
  let n = 0;
  for (let p = 3; p < results.length; p += 4) if (results[p] !== 0) n++;
  return n;
}

/** Batch sizes of the optimum cases. */
export interface OptimumBenchSizes {
  /** Frontier replicas, each at FRONTIER_BUDGETS budgets. */
  readonly replicas: readonly number[];
  /** Sweep sides. */
  readonly sides: readonly number[];
}

/** The engines the optimum cases run on: GPU first where there is one. */
function present(engines: { gpu?: Engine | undefined; cpu: Engine }): Engine[] {
  return engines.gpu ? [engines.gpu, engines.cpu] : [engines.cpu];
}

function check(what: string, results: Float32Array): void {
  const bad = failures(results);
  if (bad > 0) throw new Error(`${what}: ${bad} scenarios unsolved`);
}

/** Frontier cases for each engine, GPU and CPU side by side per size. */
export function frontierCases(
  engines: { gpu?: Engine | undefined; cpu: Engine },
  replicas: readonly number[],
): BenchCase[] {
  const budgets = frontierBudgets();
  return replicas.flatMap((K) => {
    const laws = jitteredLaws(K);
    return present(engines).map(
      (engine): BenchCase => ({
        kernel: 'frontier',
        engine: engine.kind,
        mode: 'Engine.frontier(): data-constrained optimum, replicas x budgets, results in JS',
        size: K * budgets.length,
        unit: 'scenarios',
        shape: `${K} replicas x ${budgets.length} budgets`,
        prepare: async () => {
          const timed = passTimeOf(engine);
          return {
            async run(signal) {
              const out = await engine.frontier(laws, budgets, signal ? { signal } : {});
              check(`${engine.kind} frontier`, out);
            },
            ...(timed
              ? { gpuSeconds: () => timed((timer) => engine.frontier(laws, budgets, { timer })) }
              : {}),
            dispose() {},
          };
        },
      }),
    );
  });
}

/**
 * One sweep case (C x U, one law, `width` budgets x `height` unique-token counts) on `engine`;
 * kernel 'sweep' unless `kernel` says otherwise.
 */
export function sweepCase(
  engine: Engine,
  width: number,
  height: number,
  kernel = 'sweep',
): BenchCase {
  const law = [findPreset('muennighoff2023')!.law];
  const base: Scenario = { kind: 'data-constrained', C: 1e22, U: 1e11 };
  const x: SweepAxis = { field: 'C', min: 1e18, max: 1e26, count: width, spacing: 'log' };
  const y: SweepAxis = { field: 'U', min: 1e9, max: 1e13, count: height, spacing: 'log' };
  return {
    kernel,
    engine: engine.kind,
    mode: 'Engine.sweep(): data-constrained optimum in every cell of C x U, results in JS',
    size: width * height,
    unit: 'cells',
    shape: `${width}x${height}`,
    prepare: async () => {
      const timed = passTimeOf(engine);
      return {
        async run(signal) {
          const out = await engine.sweep(law, base, x, y, signal ? { signal } : {});
          check(`${engine.kind} sweep`, out);
        },
        ...(timed
          ? { gpuSeconds: () => timed((timer) => engine.sweep(law, base, x, y, { timer })) }
          : {}),
        dispose() {},
      };
    },
  };
}

/** Sweep cases (C x U, one law) for each engine, GPU and CPU side by side per size. */
export function sweepCases(
  engines: { gpu?: Engine | undefined; cpu: Engine },
  sides: readonly number[],
): BenchCase[] {
  return sides.flatMap((side) => present(engines).map((engine) => sweepCase(engine, side, side)));
}
