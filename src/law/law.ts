/**
 * The two-term scaling law L(N, D) = E + A / N^alpha + B / D^beta (Hoffmann et al. 2022),
 * in f64. N is the parameter count, D the number of training tokens.
 */

/** Constants of one scaling law in natural units. */
export interface ScalingLaw {
  readonly E: number;
  readonly A: number;
  readonly B: number;
  readonly alpha: number;
  readonly beta: number;
}

/**
 * The fitting parameterisation (Hoffmann et al. 2022, Approach 3):
 * A = exp(a), B = exp(b), E = exp(e).
 */
export interface LawTheta {
  readonly a: number;
  readonly b: number;
  readonly e: number;
  readonly alpha: number;
  readonly beta: number;
}

/** Field names of {@link ScalingLaw}, in display order. */
export const LAW_FIELDS = ['E', 'A', 'B', 'alpha', 'beta'] as const;
export type LawField = (typeof LAW_FIELDS)[number];

/** Predicted loss L(N, D) in f64. */
export function loss(law: ScalingLaw, N: number, D: number): number {
  return law.E + law.A / N ** law.alpha + law.B / D ** law.beta;
}

/**
 * Predicted loss from natural logs of N and D: E + exp(ln A - alpha ln N) + exp(ln B - beta ln D).
 * This is the form the GPU kernel evaluates; it never forms N^alpha, so N up to 1e15 stays finite.
 */
export function lossFromLogs(law: ScalingLaw, lnN: number, lnD: number): number {
  return (
    law.E + Math.exp(Math.log(law.A) - law.alpha * lnN) + Math.exp(Math.log(law.B) - law.beta * lnD)
  );
}

/** Numerically stable log-sum-exp of three terms. */
export function logSumExp3(x: number, y: number, z: number): number {
  const m = Math.max(x, y, z);
  if (m === Number.NEGATIVE_INFINITY) return m;
  return m + Math.log(Math.exp(x - m) + Math.exp(y - m) + Math.exp(z - m));
}

/**
 * ln L in the fitting form: LSE(a - alpha ln N, b - beta ln D, e).
 * Equal to ln(loss(lawFromTheta(theta), N, D)).
 */
export function logLossLSE(theta: LawTheta, lnN: number, lnD: number): number {
  return logSumExp3(theta.a - theta.alpha * lnN, theta.b - theta.beta * lnD, theta.e);
}

/** Natural-unit law from fitting parameters. */
export function lawFromTheta(theta: LawTheta): ScalingLaw {
  return {
    E: Math.exp(theta.e),
    A: Math.exp(theta.a),
    B: Math.exp(theta.b),
    alpha: theta.alpha,
    beta: theta.beta,
  };
}

/** Fitting parameters from a natural-unit law (requires E, A, B > 0). */
export function thetaFromLaw(law: ScalingLaw): LawTheta {
  return {
    a: Math.log(law.A),
    b: Math.log(law.B),
    e: Math.log(law.E),
    alpha: law.alpha,
    beta: law.beta,
  };
}

/** The usual training-compute convention: C = 6 N D (forward + backward, Kaplan et al. 2020). */
export const DEFAULT_FLOPS_PER_PARAM_TOKEN = 6;

/** Training compute C = multiplier * N * D, in FLOPs. */
export function trainingFlops(
  N: number,
  D: number,
  flopsPerParamToken: number = DEFAULT_FLOPS_PER_PARAM_TOKEN,
): number {
  return flopsPerParamToken * N * D;
}

/** Tokens D that a budget C buys for a model of N parameters: D = C / (multiplier * N). */
export function tokensForBudget(
  C: number,
  N: number,
  flopsPerParamToken: number = DEFAULT_FLOPS_PER_PARAM_TOKEN,
): number {
  return C / (flopsPerParamToken * N);
}
