/**
 * Closed-form compute-optimal frontier of the two-term law under C = k N D
 * (Hoffmann et al. 2022, Approach 3, appendix D.2), generalised to any multiplier k.
 */
import { DEFAULT_FLOPS_PER_PARAM_TOKEN, loss, type ScalingLaw } from './law';

/** Frontier coefficients: N_opt = G (C/k)^a, D_opt = G^-1 (C/k)^b. */
export interface FrontierCoefficients {
  /** G = (alpha A / (beta B))^(1 / (alpha + beta)). */
  readonly G: number;
  /** Exponent of N_opt in C: a = beta / (alpha + beta). */
  readonly a: number;
  /** Exponent of D_opt in C: b = alpha / (alpha + beta). */
  readonly b: number;
}

/** One point on the compute-optimal frontier. */
export interface ComputeOptimum {
  readonly C: number;
  readonly N: number;
  readonly D: number;
  readonly loss: number;
  /** D / N at the optimum; constant in C only when alpha = beta. */
  readonly tokensPerParam: number;
}

/** Frontier coefficients G, a, b of a law. */
export function frontierCoefficients(law: ScalingLaw): FrontierCoefficients {
  const s = law.alpha + law.beta;
  return {
    G: ((law.alpha * law.A) / (law.beta * law.B)) ** (1 / s),
    a: law.beta / s,
    b: law.alpha / s,
  };
}

/** Loss-minimising N and D for training compute C under C = k N D. */
export function computeOptimal(
  law: ScalingLaw,
  C: number,
  flopsPerParamToken: number = DEFAULT_FLOPS_PER_PARAM_TOKEN,
): ComputeOptimum {
  const { G, a, b } = frontierCoefficients(law);
  const perToken = C / flopsPerParamToken;
  const N = G * perToken ** a;
  const D = perToken ** b / G;
  return { C, N, D, loss: loss(law, N, D), tokensPerParam: D / N };
}
