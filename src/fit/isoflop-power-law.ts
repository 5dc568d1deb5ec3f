/**
 * The power laws of Approach 2: least-squares lines in logs through the budgets' optima,
 * ln N_opt = ln k_N + a ln C and ln D_opt = ln k_D + b ln C with D_opt = C / (k N_opt).
 */

/** Fewest usable budgets for the power laws (a line through 2 points has no residual). */
export const MIN_BUDGETS = 3;

/** A power law y = k C^exponent fitted in logs, with its RMS log residual. */
export interface PowerLaw {
  readonly exponent: number;
  readonly coefficient: number;
  readonly rmsLogResidual: number;
}

/** Least-squares line y = intercept + slope x, with its RMS residual. */
export function fitLine(
  x: readonly number[],
  y: readonly number[],
): { slope: number; intercept: number; rms: number } {
  const n = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i]! - mx) ** 2;
    sxy += (x[i]! - mx) * (y[i]! - my);
  }
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (y[i]! - intercept - slope * x[i]!) ** 2;
  return { slope, intercept, rms: Math.sqrt(ss / n) };
}

/** The two power laws through budgets' (ln C, ln N_opt): N_opt and D_opt = C / (k N_opt). */
export function powerLaws(
  lnC: readonly number[],
  lnNOpt: readonly number[],
  k: number,
): { N: PowerLaw; D: PowerLaw } {
  const n = fitLine(lnC, lnNOpt);
  const d = fitLine(
    lnC,
    lnC.map((c, i) => c - Math.log(k) - lnNOpt[i]!),
  );
  return {
    N: { exponent: n.slope, coefficient: Math.exp(n.intercept), rmsLogResidual: n.rms },
    D: { exponent: d.slope, coefficient: Math.exp(d.intercept), rmsLogResidual: d.rms },
  };
}
