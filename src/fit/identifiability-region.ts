/**
 * The pure half of the identifiability map (src/fit/identifiability.ts): the scale that turns a
 * profile objective difference into a chi-squared statistic, the joint 95% region of (alpha,
 * beta) on the grid, and the plain-language reading of the region's shape
 * (docs/METHODS.md, "Identifiability map").
 */
import { erf } from '../law/stats';
import type { ResidualLoss } from './types';

/** chi-squared with 2 degrees of freedom, 95th percentile: -2 ln 0.05. */
export const CHI2_2_95 = -2 * Math.log(0.05);

/** Thresholds of the reading (docs/METHODS.md, "Identifiability map"). */
export const READING_THRESHOLDS = {
  /** Long axis over short axis (as standard deviations) above which the region is long and thin. */
  thinRatio: 4,
  /** Full length of the long axis (sqrt(12 lambda), exponent units) up to which it is small. */
  smallLength: 0.2,
  /** Largest angle, in degrees, between the long axis and a named direction. */
  angleDeg: 22.5,
} as const;

/**
 * How the profile objective difference becomes a statistic: `kind` 'log-ratio' is
 * n ln(f / f_min) (least squares, f = RSS / 2); 'scaled' is (f - f_min) / `scale`.
 */
export interface ProfileScale {
  readonly kind: 'log-ratio' | 'scaled';
  /** The divisor of (f - f_min) ('scaled'), or n ('log-ratio'). */
  readonly scale: number;
  /** One sentence for the methods text. */
  readonly description: string;
}

/**
 * The scale of the best fit's objective. Least squares: n ln(RSS / RSS_min), the likelihood
 * ratio with the noise variance profiled out. Huber: the sandwich form of an M-estimator's
 * likelihood-ratio statistic, 2 Delta f E[psi'] / E[psi^2] (asymptotically chi-squared with 2
 * degrees of freedom), so scale = E[psi^2] / (2 E[psi']) with psi the Huber slope. E[psi^2] is
 * the mean of min(r^2, delta^2) over the best fit's residuals; E[psi'] = P(|r| <= delta) is
 * taken under Gaussian noise of the residuals' RMS s (s^2 = sum r^2 / (n - 5)),
 * erf(delta / (s sqrt 2)): with the default delta = 1e-3 only a handful of residuals fall inside
 * the threshold and their count is too noisy to use, and the robust 1.4826 MAD is not used
 * because the near-least-absolute-deviations fit passes through about five runs, whose zero
 * residuals pull the MAD down (measured 3.5e-3 against a true noise of 1e-2 on a 30-run
 * design). At an infinite delta the scale is s^2 / 2, the least-squares value to first order.
 */
export function profileScale(
  residuals: ArrayLike<number>,
  loss: ResidualLoss,
  delta: number,
): ProfileScale {
  const n = residuals.length;
  if (loss === 'squared') {
    return {
      kind: 'log-ratio',
      scale: n,
      description: `n ln(RSS / RSS_min) with n = ${n} (least squares, noise variance profiled out)`,
    };
  }
  let psi2 = 0;
  for (let i = 0; i < n; i++) psi2 += Math.min(residuals[i]! ** 2, delta * delta);
  psi2 /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += residuals[i]! ** 2;
  const sigma = Math.sqrt(ss / Math.max(1, n - 5));
  const inside = sigma > 0 ? erf(delta / (sigma * Math.SQRT2)) : 1;
  const scale = psi2 / (2 * inside);
  return {
    kind: 'scaled',
    scale,
    description: `Delta f / ${scale.toExponential(3)}: E[psi^2] / (2 E[psi']) of the Huber fit, E[psi^2] = ${psi2.toExponential(3)} from the residuals, E[psi'] = ${inside.toFixed(4)} under Gaussian noise of the residual RMS s = ${sigma.toExponential(3)}`,
  };
}

/** The statistic of a profile objective `f` against the minimum `fMin`. */
export function profileStatistic(f: number, fMin: number, scale: ProfileScale): number {
  if (!Number.isFinite(f)) return Number.POSITIVE_INFINITY;
  return scale.kind === 'log-ratio'
    ? scale.scale * Math.log(f / fMin)
    : Math.max(0, f - fMin) / scale.scale;
}

/** The region's shape: second moments of its cells and what they say. */
export interface RegionShape {
  readonly cells: number;
  readonly alphaRange: readonly [number, number];
  readonly betaRange: readonly [number, number];
  /** Eigenvalues of the (alpha, beta) covariance, long axis first. */
  readonly lambdas: readonly [number, number];
  /** Unit vector (alpha, beta) of the long axis. */
  readonly longAxis: readonly [number, number];
  /** sqrt(lambda_long / lambda_short). */
  readonly ratio: number;
  /** sqrt(12 lambda_long): the long axis' full length. */
  readonly longLength: number;
  readonly touchesEdge: boolean;
  readonly reading: string;
}

function extent(values: readonly number[]): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return [lo, hi];
}

function range([lo, hi]: readonly [number, number], digits: number): string {
  return `${lo.toFixed(digits)}..${hi.toFixed(digits)}`;
}

/**
 * The shape of the region `mask` (row-major, rows along beta) on the grid: the covariance of
 * its cells' (alpha, beta), each cell weighted equally and counted as a uniform cell (its
 * width^2 / 12 added to the diagonal, so a one-cell region is not a point), its eigen-axes, and
 * the reading (READING_THRESHOLDS): long and thin when ratio > 4, then named by the long axis'
 * direction within 22.5 degrees of (1, -1) (alpha + beta fixed), (1, 1) (alpha - beta fixed),
 * (1, 0) (alpha not identified) or (0, 1) (beta not identified); otherwise well identified when
 * the long axis is at most 0.2 long, else neither is. A region on the grid's edge extends
 * beyond it.
 */
export function regionShape(
  alphas: Float64Array,
  betas: Float64Array,
  mask: Uint8Array,
): RegionShape {
  const nx = alphas.length;
  const ny = betas.length;
  const as: number[] = [];
  const bs: number[] = [];
  let touchesEdge = false;
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      if (!mask[j * nx + i]) continue;
      as.push(alphas[i]!);
      bs.push(betas[j]!);
      if (i === 0 || j === 0 || i === nx - 1 || j === ny - 1) touchesEdge = true;
    }
  }
  const n = as.length;
  if (n === 0) {
    return {
      cells: 0,
      alphaRange: [Number.NaN, Number.NaN],
      betaRange: [Number.NaN, Number.NaN],
      lambdas: [Number.NaN, Number.NaN],
      longAxis: [Number.NaN, Number.NaN],
      ratio: Number.NaN,
      longLength: Number.NaN,
      touchesEdge: false,
      reading:
        'no cell of the grid is inside the 95% region: the best fit lies outside the grid, so the grid does not show where alpha and beta are',
    };
  }
  const ma = as.reduce((s, v) => s + v, 0) / n;
  const mb = bs.reduce((s, v) => s + v, 0) / n;
  const da = nx > 1 ? (alphas[nx - 1]! - alphas[0]!) / (nx - 1) : 0;
  const db = ny > 1 ? (betas[ny - 1]! - betas[0]!) / (ny - 1) : 0;
  let saa = (da * da) / 12;
  let sbb = (db * db) / 12;
  let sab = 0;
  for (let k = 0; k < n; k++) {
    saa += (as[k]! - ma) ** 2 / n;
    sbb += (bs[k]! - mb) ** 2 / n;
    sab += ((as[k]! - ma) * (bs[k]! - mb)) / n;
  }
  const half = 0.5 * (saa + sbb);
  const root = Math.sqrt(0.25 * (saa - sbb) ** 2 + sab * sab);
  const l1 = half + root;
  const l2 = Math.max(half - root, 0);
  const v = Math.abs(sab) > 1e-300 ? [l1 - sbb, sab] : saa >= sbb ? [1, 0] : [0, 1];
  const norm = Math.hypot(v[0]!, v[1]!);
  const longAxis = [v[0]! / norm, v[1]! / norm] as const;
  const ratio = l2 > 0 ? Math.sqrt(l1 / l2) : Number.POSITIVE_INFINITY;
  const longLength = Math.sqrt(12 * l1);
  const alphaRange = extent(as);
  const betaRange = extent(bs);
  const ranges = `95% region alpha ${range(alphaRange, 3)}, beta ${range(betaRange, 3)}`;
  let reading: string;
  if (ratio > READING_THRESHOLDS.thinRatio) {
    const angle = ((Math.atan2(longAxis[1], longAxis[0]) * 180) / Math.PI + 180) % 180;
    const near = (deg: number) =>
      Math.min(Math.abs(angle - deg), 180 - Math.abs(angle - deg)) <= READING_THRESHOLDS.angleDeg;
    if (near(135)) reading = `the runs fix alpha + beta but not their difference (${ranges})`;
    else if (near(45)) reading = `the runs fix alpha - beta but not their sum (${ranges})`;
    else if (near(0)) reading = `alpha is not identified; beta is (${ranges})`;
    else if (near(90)) reading = `beta is not identified; alpha is (${ranges})`;
    else
      reading = `the runs fix one combination of alpha and beta but not the other (long axis along (${longAxis[0].toFixed(2)}, ${longAxis[1].toFixed(2)}); ${ranges})`;
  } else if (longLength <= READING_THRESHOLDS.smallLength) {
    reading = `alpha and beta are well identified (${ranges})`;
  } else {
    reading = `neither alpha nor beta is well identified (${ranges})`;
  }
  if (touchesEdge) reading += '; the region extends beyond the grid';
  return {
    cells: n,
    alphaRange,
    betaRange,
    lambdas: [l1, l2],
    longAxis,
    ratio,
    longLength,
    touchesEdge,
    reading,
  };
}
