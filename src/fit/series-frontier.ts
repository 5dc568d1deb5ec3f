/**
 * The frontier curves a comparison of recipes reads (src/law/recipe-compare.ts), from an
 * Approach-3 fit of one series or from one series of a joint fit: the point fit's curve, each
 * bootstrap replica's curve by replica index, the frontier exponent a, and the range of the
 * series' training budgets.
 */
import { computeOnlyLoss, frontierLoss } from '../law/compute-multiplier';
import { frontierCoefficients } from '../law/frontier';
import { DEFAULT_FLOPS_PER_PARAM_TOKEN, type ScalingLaw } from '../law/law';
import type { SeriesFrontier } from '../law/recipe-compare';
import type { ComputeOnlyResult } from './compute-only';
import { ReplicaTable } from './replica-table';
import type { FitResult, FitRun } from './types';

/** Smallest and largest k N D over `runs` (FLOPs). */
export function budgetRangeOf(
  runs: readonly FitRun[],
  flopsPerParamToken: number = DEFAULT_FLOPS_PER_PARAM_TOKEN,
): readonly [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = 0;
  for (const r of runs) {
    const C = flopsPerParamToken * r.N * r.D;
    if (C < lo) lo = C;
    if (C > hi) hi = C;
  }
  return [lo, hi];
}

/**
 * The comparison's view of one series: its point law, the K x 5 replica table (the layout of
 * src/fit/replica-table.ts; NaN rows did not converge), and its runs.
 */
export function seriesFrontier(
  name: string,
  law: ScalingLaw,
  replicas: Float64Array | undefined,
  runs: readonly FitRun[],
  flopsPerParamToken: number = DEFAULT_FLOPS_PER_PARAM_TOKEN,
): SeriesFrontier {
  const table = ReplicaTable.of(replicas);
  const laws = Array.from({ length: table.count }, (_, k) => table.law(k));
  return {
    name,
    point: frontierLoss(law, flopsPerParamToken),
    replicas: laws.map((l) => (l ? frontierLoss(l, flopsPerParamToken) : null)),
    budgetRange: budgetRangeOf(runs, flopsPerParamToken),
    exponent: {
      point: frontierCoefficients(law).a,
      replicas: laws.map((l) => (l ? frontierCoefficients(l).a : null)),
    },
  };
}

/** The comparison's view of one series fitted with the compute-only law (k = 1: C itself). */
export function computeOnlyFrontier(
  name: string,
  result: ComputeOnlyResult,
  runs: readonly FitRun[],
): SeriesFrontier {
  const table = result.bootstrap?.replicas ?? new Float64Array(0);
  const replicas = Array.from({ length: table.length / 3 }, (_, k) => {
    const E = table[k * 3]!;
    if (Number.isNaN(E)) return null;
    return computeOnlyLoss({ E, A: table[k * 3 + 1]!, alpha: table[k * 3 + 2]! });
  });
  return {
    name,
    point: computeOnlyLoss(result.law),
    replicas,
    budgetRange: budgetRangeOf(runs, result.options.k),
  };
}

/**
 * The comparison's view of one series' fit by method id: Approach 3 and the compute-only law
 * give loss curves; any other method (Approach 2 fits no loss) gives the reason it cannot be
 * compared, as a string.
 */
export function frontierOfFit(
  method: string,
  name: string,
  result: unknown,
  runs: readonly FitRun[],
): SeriesFrontier | string {
  if (method === 'approach3') {
    const fit = result as FitResult;
    return seriesFrontier(name, fit.best.law, fit.bootstrap?.replicas, runs);
  }
  if (method === 'compute-only')
    return computeOnlyFrontier(name, result as ComputeOnlyResult, runs);
  return `the ${method} fit gives no loss curve to compare; fit with Approach 3 or the compute-only law`;
}
