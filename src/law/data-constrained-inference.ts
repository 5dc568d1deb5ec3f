/**
 * The data-constrained optimum with inference demand (kind f), f64 CPU twin of the
 * KIND_DATA_INFERENCE branch of shaders/optimum.wgsl.
 *
 * It joins two existing kinds. As in 'inference-budget' (Sardana et al. 2023), C is the total
 * budget: training k N D plus serving D_inf tokens at 2 N FLOPs a token, so along the budget
 * line D(N) = (C - 2 N D_inf) / (k N), and N stays below N_max = C / (2 D_inf). As in
 * 'data-constrained' (Muennighoff et al. 2023), the loss sees D' and N', which discount
 * repeated tokens beyond U and parameters beyond N_U (src/law/data-constrained.ts).
 *
 * Objective: the lowest loss L(N', q D') on that budget line, the objective of
 * 'inference-budget'. Where U binds hard the loss is flat over decades of N, so, as for
 * 'data-constrained', the solve is defined by the slope: N_opt is the smallest N at which
 * the elasticity d ln(L - E)/d ln N along the budget line reaches
 * -{@link DATA_ELASTICITY_TOLERANCE}. With x = ln N and share = 1 - N / N_max,
 * d ln D / dx = -1 / share, so the elasticity is
 * (beta t_D g_D / share - alpha t_N g_N) / (t_N + t_D), which goes to +infinity at N_max:
 * bisection on its sign finds the crossing. Limits: D_inf = 0 is the 'data-constrained' kind
 * (solved by it); U -> infinity is 'inference-budget' (up to the elasticity tolerance, which
 * moves ln N by ~tolerance / curvature, ~1e-7).
 */
import {
  BISECTION_ITERATIONS,
  bisectFirst,
  DATA_BRACKET_HALF_WIDTH,
  DATA_ELASTICITY_TOLERANCE,
  type DataConstrainedLine,
  dataConstrainedLine,
  repeated,
} from './data-constrained';
import type { ScalingLaw } from './law';
import type { ResolvedScenario } from './scenario';

/** Width in ln N of the bracket below ln N_max (as 'inference-budget'). */
export const INFERENCE_BRACKET_WIDTH = 30;

/** Offset in ln N that keeps the bracket off N_max, where D = 0. */
export const NMAX_EPSILON = 1e-9;

/** The line of kind b with ln C/k the total budget, plus ln N_max = ln(C / (2 D_inf)). */
export interface DataInferenceLine extends DataConstrainedLine {
  readonly lnNmax: number;
  /** ln(C / (k + 2 D_inf)): the largest N with D >= 1. */
  readonly lnNforOneToken: number;
}

/** One point of the budget line: the loss, its elasticity in N, and ln D. */
export interface DataInferencePoint {
  readonly loss: number;
  readonly elasticity: number;
  readonly lnD: number;
}

/** The budget line of a resolved kind-f scenario (C, U and D_inf > 0 present). */
export function dataInferenceLine(law: ScalingLaw, r: ResolvedScenario): DataInferenceLine {
  const C = r.C as number;
  return {
    ...dataConstrainedLine(law, r),
    lnNmax: Math.log(C / (2 * r.Dinf)),
    lnNforOneToken: Math.log(C / (r.k + 2 * r.Dinf)),
  };
}

/** The loss and its elasticity at x = ln N on the budget line (elasticity +Infinity at N_max). */
export function dataInferencePoint(line: DataInferenceLine, x: number): DataInferencePoint {
  const share = -Math.expm1(x - line.lnNmax);
  if (!(share > 0))
    return { loss: Number.POSITIVE_INFINITY, elasticity: Number.POSITIVE_INFINITY, lnD: -Infinity };
  const lnD = line.lnCk + Math.log(share) - x;
  const [lnNEff, gN] = repeated(x, line.lnNforU, line.RStarN);
  const [lnDEff, gD] = repeated(lnD, line.lnU, line.RStarD);
  const tN = Math.exp(line.lnA - line.alpha * lnNEff);
  const tD = Math.exp(line.lnB - line.beta * lnDEff);
  return {
    loss: line.E + tN + tD,
    elasticity: ((line.beta * tD * gD) / share - line.alpha * tN * gN) / (tN + tD),
    lnD,
  };
}

/**
 * The bracket in ln N: from min(kind-a optimum - 14, ln N_max - 30) (at least N = 1) up to
 * min(kind-a optimum + 14, ln N_max - 1e-9, ln(C / (k + 2 D_inf))) (D >= 1). Empty (lo > hi)
 * when the budget cannot train one parameter on one token and serve D_inf.
 */
export function dataInferenceBracket(line: DataInferenceLine): [number, number] {
  return [
    Math.max(Math.min(line.x0 - DATA_BRACKET_HALF_WIDTH, line.lnNmax - INFERENCE_BRACKET_WIDTH), 0),
    Math.min(line.x0 + DATA_BRACKET_HALF_WIDTH, line.lnNmax - NMAX_EPSILON, line.lnNforOneToken),
  ];
}

/** ln N_opt on [lo, hi]: the smallest x whose elasticity is at least -tolerance (to ~1e-12). */
export function dataInferenceArgmin(line: DataInferenceLine, lo: number, hi: number): number {
  return bisectFirst(
    (x) => dataInferencePoint(line, x).elasticity >= -DATA_ELASTICITY_TOLERANCE,
    lo,
    hi,
    BISECTION_ITERATIONS,
  );
}
