/**
 * Benchmark cases for the effective-compute-multiplier curves ("frontier-multiplier", a member
 * of the 'frontier' family): P (recipe, reference) pairs of Chinchilla-like frontier curves at
 * MULTIPLIER_BUDGETS budgets from 1e15 to 1e28 FLOPs, through Engine.multiplierCurves on the
 * GPU and CPU engines, results back in JS. The unit is scenarios, one (pair, budget) each, as
 * for the frontier rows.
 */
import type { Engine } from '../engine/engine';
import { type FrontierLoss, frontierLoss } from '../law/compute-multiplier';
import type { ScalingLaw } from '../law/law';
import type { MultiplierPair } from '../law/multiplier-curves';
import { passTimeOf } from './pass-time';
import type { BenchCase } from './suite';

/** The kernel name of the multiplier rows. */
export const MULTIPLIER_KERNEL = 'frontier-multiplier';

/** The GPU/CPU pair of the multiplier rows, for `ratios` (src/bench/ratios.mjs). */
export const MULTIPLIER_PAIR = [MULTIPLIER_KERNEL, MULTIPLIER_KERNEL] as const;

/** Budgets per pair. */
export const MULTIPLIER_BUDGETS = 64;

const CHINCHILLA: ScalingLaw = { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 };

/**
 * `count` pairs: a jittered Chinchilla-like recipe (deterministic) against the Chinchilla
 * reference; one in eight has its floor below the reference's, so the reference cannot match
 * it from some budget on.
 */
export function multiplierBenchPairs(count: number): MultiplierPair[] {
  const ref = frontierLoss(CHINCHILLA);
  return Array.from({ length: count }, (_, k): MultiplierPair => {
    const u = (j: number) => Math.sin(12.9898 * (k + 1) + 78.233 * j) * 0.5;
    const x: FrontierLoss = frontierLoss({
      E: CHINCHILLA.E * (1 + 0.02 * u(1)),
      A: CHINCHILLA.A * Math.exp(0.3 * u(2)),
      B: CHINCHILLA.B * Math.exp(0.3 * u(3)),
      alpha: CHINCHILLA.alpha * (1 + 0.05 * u(4)),
      beta: CHINCHILLA.beta * (1 + 0.05 * u(5)),
    });
    return [k % 8 === 7 ? { ...x, E: ref.E - 0.1 } : x, ref];
  });
}

/** MULTIPLIER_BUDGETS budgets log-spaced from 1e15 to 1e28. */
export function multiplierBenchBudgets(): number[] {
  return Array.from({ length: MULTIPLIER_BUDGETS }, (_, i) => 10 ** (15 + (13 * i) / 63));
}

/** A case fails when the result has the wrong length or no finite value. */
function check(what: string, out: Float64Array, expected: number): void {
  if (out.length !== expected) throw new Error(`${what}: ${out.length} values, not ${expected}`);
  if (!out.some(Number.isFinite)) throw new Error(`${what}: no finite value`);
}

/** Multiplier cases for each engine (GPU first where there is one), side by side per size. */
export function multiplierCases(
  engines: { gpu?: Engine | undefined; cpu: Engine },
  pairCounts: readonly number[],
): BenchCase[] {
  const budgets = multiplierBenchBudgets();
  const present = engines.gpu ? [engines.gpu, engines.cpu] : [engines.cpu];
  return pairCounts.flatMap((P) => {
    const pairs = multiplierBenchPairs(P);
    return present.map(
      (engine): BenchCase => ({
        kernel: MULTIPLIER_KERNEL,
        engine: engine.kind,
        mode: 'Engine.multiplierCurves(): ln m of pairs x budgets (packing, kernel or workers, results in JS)',
        size: P * budgets.length,
        unit: 'scenarios',
        shape: `${P} pairs x ${budgets.length} budgets`,
        prepare: async () => {
          const timed = passTimeOf(engine);
          return {
            async run(signal) {
              const out = await engine.multiplierCurves(pairs, budgets, signal ? { signal } : {});
              check(`${engine.kind} ${MULTIPLIER_KERNEL}`, out, P * budgets.length);
            },
            ...(timed
              ? {
                  gpuSeconds: () =>
                    timed((timer) => engine.multiplierCurves(pairs, budgets, { timer })),
                }
              : {}),
            dispose() {},
          };
        },
      }),
    );
  });
}
