/**
 * The data-constrained optimum (kind b; Muennighoff et al. 2023), f64 CPU twin of the
 * data-constrained branch of shaders/optimum.wgsl.
 *
 * Along the isoFLOP line C = k N D, with x = ln N, the repetition model discounts repeated
 * tokens (D' from U_D = min(D, U)) and excess parameters (N' from U_N = min(N, N_U), N_U the
 * compute-optimal N for U tokens). Where U binds hard, both discounts saturate and the loss is
 * flat to 1e-8 over decades of N: its exact argmin is not determined by the law, and picking it
 * by minimising the loss gives N_opt anywhere on that plateau (jagged contours in a sweep).
 *
 * So the solve is defined by the slope, not the value: N_opt is the smallest N at which the
 * elasticity of the reducible loss, d ln(L - E) / d ln N, reaches -{@link DATA_ELASTICITY_TOLERANCE}
 * (a 1% larger model would lower L - E by less than 1e-10 of itself). Where the loss is curved,
 * that is the minimum shifted left by tolerance / curvature: ~1e-7 in ln N where the cap does
 * not bind (the curvature of ln(L - E) is then alpha beta ~ 0.1), and at most 1e-4 wherever the
 * curvature is at least 1e-4. Flatter minima lie at the edge of a plateau, where 1e-4 in ln N
 * moves the loss by less than 5e-13 of L - E; there N_opt may sit further left of a dense scan's
 * argmin, at no visible cost in loss. On a plateau it is the plateau's smaller end, where more
 * parameters stop paying. The elasticity is analytic, and on a plateau it is small because both
 * discount slopes are, not through cancellation, so it keeps its relative accuracy in f32 there;
 * where the two terms do cancel (a curved minimum) the f32 error moves the crossing by that
 * error / curvature, whatever the tolerance (the kernel contract bounds it by 1e-4 in ln N). It
 * increases along the line, so bisection on its sign finds the crossing.
 */
import { frontierCoefficients } from './frontier';
import type { ScalingLaw } from './law';
import type { ResolvedScenario } from './scenario';

/**
 * The elasticity d ln(L - E)/d ln N at which the data-constrained solve stops. Small enough
 * that tolerance / curvature stays within 1e-4 in ln N down to a curvature of 1e-4, and still
 * resolved by the f32 kernel, whose elasticity keeps its relative accuracy where it is this
 * small (see above).
 */
export const DATA_ELASTICITY_TOLERANCE = 1e-8;

/** f64 bisection steps: a bracket of width <= 28 in ln N shrinks to 28 / 2^45 ~ 8e-13. */
export const BISECTION_ITERATIONS = 45;

/**
 * The f32 kernel's bisection steps: 28 / 2^26 ~ 4e-7, below the f32 spacing of ln N ~ 15-35
 * (1-4e-6), so further steps could not move the answer.
 */
export const BISECTION_ITERATIONS_F32 = 26;

/** Half-width in ln N of the data-constrained bracket around the kind-a optimum. */
export const DATA_BRACKET_HALF_WIDTH = 14;

/** What the solve needs of one (law, scenario) pair, in logs. Quality is folded into ln B. */
export interface DataConstrainedLine {
  readonly E: number;
  readonly lnA: number;
  /** ln B' = ln B - beta ln q (the loss sees q D tokens). */
  readonly lnB: number;
  readonly alpha: number;
  readonly beta: number;
  /** ln(C / k): ln D = lnCk - x on the line. */
  readonly lnCk: number;
  readonly lnU: number;
  /** ln N_U, the compute-optimal N for U tokens (quality folded in). */
  readonly lnNforU: number;
  readonly RStarD: number;
  readonly RStarN: number;
  /** ln N of the kind-a (unconstrained) optimum, the centre of the bracket. */
  readonly x0: number;
}

/** One point of the line: the loss and its elasticity in N. */
export interface DataConstrainedPoint {
  readonly loss: number;
  /** d ln(L - E) / d ln N along the isoFLOP line. */
  readonly elasticity: number;
}

/** The line of a resolved data-constrained scenario (C and U present). */
export function dataConstrainedLine(law: ScalingLaw, r: ResolvedScenario): DataConstrainedLine {
  const lnB = Math.log(law.B) - law.beta * Math.log(r.q);
  const { G, a } = frontierCoefficients({ ...law, B: Math.exp(lnB) });
  const lnCk = Math.log((r.C as number) / r.k);
  const lnU = Math.log(r.U as number);
  return {
    E: law.E,
    lnA: Math.log(law.A),
    lnB,
    alpha: law.alpha,
    beta: law.beta,
    lnCk,
    lnU,
    lnNforU: Math.log(G) + (law.beta / law.alpha) * (lnU + Math.log(G)),
    RStarD: r.RStarD,
    RStarN: r.RStarN,
    x0: Math.log(G) + a * lnCk,
  };
}

/**
 * The repetition discount of a quantity X with cap X_U (Muennighoff et al. 2023):
 * X' = X_U (1 + R* (1 - e^(-R/R*))), R = X / X_U - 1 >= 0, with X_U = min(X, cap).
 * Returns ln X' and the elasticity g = d ln X' / d ln X = X e^(-R/R*) / X' (1 below the cap).
 */
export function repeated(lnX: number, lnCap: number, rStar: number): [number, number] {
  const lnUX = Math.min(lnX, lnCap);
  const y = lnX - lnUX;
  const R = Math.expm1(y);
  const lnGain = Math.log1p(-rStar * Math.expm1(-R / rStar));
  return [lnUX + lnGain, Math.exp(y - R / rStar - lnGain)];
}

/** The loss and its elasticity at x = ln N on the line. */
export function dataConstrainedPoint(line: DataConstrainedLine, x: number): DataConstrainedPoint {
  const [lnNEff, gN] = repeated(x, line.lnNforU, line.RStarN);
  const [lnDEff, gD] = repeated(line.lnCk - x, line.lnU, line.RStarD);
  const tN = Math.exp(line.lnA - line.alpha * lnNEff);
  const tD = Math.exp(line.lnB - line.beta * lnDEff);
  return {
    loss: line.E + tN + tD,
    elasticity: (line.beta * tD * gD - line.alpha * tN * gN) / (tN + tD),
  };
}

/** The solve's bracket in ln N: the kind-a optimum +-14, within N >= 1 and D >= 1. */
export function dataConstrainedBracket(line: DataConstrainedLine): [number, number] {
  return [
    Math.max(line.x0 - DATA_BRACKET_HALF_WIDTH, 0),
    Math.min(line.x0 + DATA_BRACKET_HALF_WIDTH, line.lnCk),
  ];
}

/**
 * Bisection for the smallest x in [lo, hi] where `stop(x)` holds, `stop` being false then true
 * along the bracket: exactly `iterations` halvings, returning the upper end (hi when `stop`
 * never holds, lo + width / 2^iterations when it always does).
 */
export function bisectFirst(
  stop: (x: number) => boolean,
  lo: number,
  hi: number,
  iterations: number,
): number {
  let a = lo;
  let b = hi;
  for (let i = 0; i < iterations; i++) {
    const m = 0.5 * (a + b);
    if (stop(m)) b = m;
    else a = m;
  }
  return b;
}

/**
 * ln N_opt of the data-constrained solve on [lo, hi]: the smallest x whose elasticity is at
 * least -{@link DATA_ELASTICITY_TOLERANCE}, to 8e-13 in ln N.
 */
export function dataConstrainedArgmin(line: DataConstrainedLine, lo: number, hi: number): number {
  return bisectFirst(
    (x) => dataConstrainedPoint(line, x).elasticity >= -DATA_ELASTICITY_TOLERANCE,
    lo,
    hi,
    BISECTION_ITERATIONS,
  );
}
