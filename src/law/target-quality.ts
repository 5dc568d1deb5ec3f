/**
 * A target quality stated as a model size: the loss of a compute-optimal N-parameter model
 * under a law, which is how Sardana et al. 2023 state their examples ("the quality of a
 * Chinchilla-optimal 13B model"). The compute-optimal frontier N_opt(C) = G (C/k)^a is inverted
 * for the budget C at which N_opt(C) = N, and the loss is L(N, D_opt(C)) there.
 */
import { type ComputeOptimum, frontierCoefficients } from './frontier';
import { DEFAULT_FLOPS_PER_PARAM_TOKEN, loss, type ScalingLaw } from './law';

/** A target quality resolved to the compute-optimal point it names, or why it cannot be. */
export type TargetQuality =
  | ({ readonly ok: true } & ComputeOptimum)
  | { readonly ok: false; readonly reason: string };

/**
 * The compute-optimal point whose model has `N` parameters: C = k (N / G)^(1/a) (the budget at
 * which N_opt(C) = N), D = (C/k)^b / G and L(N, D). Fails, with a reason, for an N that is not
 * a positive finite number, and for one so large that its loss is not above the floor E in f64
 * (the reducible terms have vanished), since such a target cannot be told from E.
 */
export function targetQuality(
  law: ScalingLaw,
  N: number,
  flopsPerParamToken: number = DEFAULT_FLOPS_PER_PARAM_TOKEN,
): TargetQuality {
  if (!Number.isFinite(N) || N <= 0) {
    return { ok: false, reason: `a target quality needs a positive model size N, got ${N}` };
  }
  const { G, a, b } = frontierCoefficients(law);
  const perToken = (N / G) ** (1 / a);
  const C = flopsPerParamToken * perToken;
  const D = perToken ** b / G;
  const L = loss(law, N, D);
  if (!Number.isFinite(C) || !Number.isFinite(D) || !(L > law.E)) {
    return {
      ok: false,
      reason: `a compute-optimal model of N = ${N} parameters has a loss of ${L}, not above the irreducible loss E = ${law.E}`,
    };
  }
  return { ok: true, C, N, D, loss: L, tokensPerParam: D / N };
}
