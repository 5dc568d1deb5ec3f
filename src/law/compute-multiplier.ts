/**
 * The effective compute multiplier of one recipe against a reference, in f64.
 *
 * On the compute-optimal frontier of the two-term law both terms fall with the same power of
 * compute: with N = G (C/k)^a and D = (C/k)^b / G (src/law/frontier.ts), A N^-alpha and
 * B D^-beta both scale as (C/k)^-gamma with gamma = alpha beta / (alpha + beta). So
 *
 *   L*(C) = E + K (C/k)^-gamma,   K = A G^-alpha + B G^beta,
 *
 * and the least compute that reaches a loss L > E is C(L) = k ((L - E) / K)^(-1/gamma). The
 * compute-only law L(C) = E + A C^-alpha has the same form (K = A, gamma = alpha, k = 1).
 *
 * The multiplier of X against the reference R at budget C is m(C) = C_R(L*_X(C)) / C: m = 2
 * means that R needs twice the compute to match what X reaches at C. Where L*_X(C) <= E_R, R
 * cannot match X at any compute: m is unbounded from the budget at which L*_X falls to E_R on.
 * With E and the exponents shared, m = (K_R / K_X)^(1/gamma) at every budget.
 */
import { frontierCoefficients } from './frontier';
import { DEFAULT_FLOPS_PER_PARAM_TOKEN, type ScalingLaw } from './law';

/** A compute-optimal loss curve L*(C) = E + K (C/k)^-gamma. */
export interface FrontierLoss {
  readonly E: number;
  readonly K: number;
  readonly gamma: number;
  /** FLOPs per parameter-token of the budget (6 for C = 6ND; 1 for a law in C itself). */
  readonly k: number;
}

/** The frontier loss curve of a two-term law under C = k N D. */
export function frontierLoss(
  law: ScalingLaw,
  flopsPerParamToken: number = DEFAULT_FLOPS_PER_PARAM_TOKEN,
): FrontierLoss {
  const { G } = frontierCoefficients(law);
  return {
    E: law.E,
    K: law.A * G ** -law.alpha + law.B * G ** law.beta,
    gamma: (law.alpha * law.beta) / (law.alpha + law.beta),
    k: flopsPerParamToken,
  };
}

/** The frontier curve of a compute-only law L(C) = E + A C^-alpha. */
export function computeOnlyLoss(law: {
  readonly E: number;
  readonly A: number;
  readonly alpha: number;
}): FrontierLoss {
  return { E: law.E, K: law.A, gamma: law.alpha, k: 1 };
}

/** L*(C): the compute-optimal loss at training compute C. */
export function lossAtCompute(f: FrontierLoss, C: number): number {
  return f.E + f.K * (C / f.k) ** -f.gamma;
}

/** C(L): the least compute that reaches loss L; Infinity when L <= E (never reached). */
export function computeForLoss(f: FrontierLoss, L: number): number {
  if (!(L > f.E)) return Number.POSITIVE_INFINITY;
  return f.k * ((L - f.E) / f.K) ** (-1 / f.gamma);
}

/**
 * m(C) = C_ref(L*_x(C)) / C; null where the reference cannot reach x's loss at any compute
 * (L*_x(C) <= E_ref). The ratio is formed in logs, so it neither overflows nor underflows for
 * budgets and exponents in any plausible range.
 */
export function computeMultiplier(x: FrontierLoss, ref: FrontierLoss, C: number): number | null {
  const gap = lossAtCompute(x, C) - ref.E;
  if (!(gap > 0)) return null;
  const lnNeeded = Math.log(ref.k) - Math.log(gap / ref.K) / ref.gamma;
  return Math.exp(lnNeeded - Math.log(C));
}

/**
 * The budget from which the reference cannot match x (L*_x(C) <= E_ref for every larger C), or
 * null when there is none (E_x >= E_ref: the reference's floor is not above x's).
 */
export function unboundedFrom(x: FrontierLoss, ref: FrontierLoss): number | null {
  if (!(ref.E > x.E)) return null;
  return computeForLoss(x, ref.E);
}
