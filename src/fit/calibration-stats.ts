/**
 * The statistics of an interval calibration (docs/METHODS.md, "Are the intervals honest?"): the
 * share of simulated data sets whose interval covers the simulating value with its Wilson
 * margin, the bias of the estimates in units of their bootstrap SE, the ratio of the mean SE to
 * the spread of the estimates, the factor on the interval's half-widths that restores nominal
 * coverage, and the plain-language reading of each. Pure f64.
 */
import { erf, percentile } from '../law/stats';

/** The nominal level of the intervals being calibrated (the bootstrap's 95% percentile intervals). */
export const NOMINAL_COVERAGE = 0.95;

/** The normal quantile of the Wilson margin (a 95% interval on the share). */
const WILSON_Z = 1.959963984540054;

/** One simulated data set's view of one quantity: its point estimate, bootstrap SE and interval. */
export interface SimulatedInterval {
  readonly estimate: number;
  readonly se: number;
  readonly lo: number;
  readonly hi: number;
}

/** How the intervals of one quantity behaved on the simulated data sets. */
export interface CoverageStats {
  /** Data sets whose interval contains the simulating value, and data sets counted. */
  readonly covered: number;
  readonly sets: number;
  readonly coverage: number;
  /** Wilson 95% interval on the coverage. */
  readonly margin: readonly [number, number];
  /** Mean of (estimate - truth) / SE over the data sets. */
  readonly biasInSe: number;
  /** Mean bootstrap SE over the standard deviation of the estimates across data sets. */
  readonly seRatio: number;
  /**
   * The same two with medians, robust to the few data sets whose fit lands far off: the median
   * of (estimate - truth) / SE, and the median SE over 1.4826 x the MAD of the estimates.
   */
  readonly robust: { readonly biasInSe: number; readonly seRatio: number };
  /**
   * The factor c such that intervals whose half-widths about the point estimate are multiplied
   * by c cover in 95% of the data sets; null when it is not finite (an interval of zero width
   * on the side of the truth).
   */
  readonly scaleFactor: number | null;
  readonly verdict: 'nominal' | 'under' | 'over';
}

/** The Wilson score interval (95%) on the share `k / n`. */
export function wilsonInterval(k: number, n: number): [number, number] {
  if (!(n > 0)) return [0, 1];
  const p = k / n;
  const z2 = WILSON_Z * WILSON_Z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (WILSON_Z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/**
 * The smallest factor on one interval's half-widths about its estimate that brings `truth`
 * inside: (est - truth) / (est - lo) below the estimate, (truth - est) / (hi - est) above.
 */
export function neededScale(s: SimulatedInterval, truth: number): number {
  if (truth === s.estimate) return 0;
  const gap = Math.abs(truth - s.estimate);
  const side = truth < s.estimate ? s.estimate - s.lo : s.hi - s.estimate;
  return side > 0 ? gap / side : Number.POSITIVE_INFINITY;
}

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

function median(values: readonly number[]): number {
  return values.length > 0 ? percentile(Float64Array.from(values).sort(), 0.5) : Number.NaN;
}

function sampleSd(values: readonly number[]): number {
  const m = mean(values);
  return Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1));
}

/**
 * The coverage statistics of one quantity over simulated data sets (at least one) whose
 * intervals were computed about the value `truth` used to simulate them.
 */
export function coverageStats(sims: readonly SimulatedInterval[], truth: number): CoverageStats {
  const sets = sims.length;
  const covered = sims.filter((s) => s.lo <= truth && truth <= s.hi).length;
  const coverage = covered / sets;
  const margin = wilsonInterval(covered, sets);
  const withSe = sims.filter((s) => s.se > 0);
  const biasInSe =
    withSe.length > 0 ? mean(withSe.map((s) => (s.estimate - truth) / s.se)) : Number.NaN;
  const spread = sets > 1 ? sampleSd(sims.map((s) => s.estimate)) : Number.NaN;
  const seRatio = spread > 0 ? mean(sims.map((s) => s.se)) / spread : Number.NaN;
  const estimates = sims.map((s) => s.estimate);
  const centre = median(estimates);
  const mad = 1.4826 * median(estimates.map((e) => Math.abs(e - centre)));
  const robust = {
    biasInSe: median(withSe.map((s) => (s.estimate - truth) / s.se)),
    seRatio: mad > 0 ? median(sims.map((s) => s.se)) / mad : Number.NaN,
  };
  const needed = Float64Array.from(sims, (s) => neededScale(s, truth)).sort();
  const c = percentile(needed, NOMINAL_COVERAGE);
  const verdict =
    margin[1] < NOMINAL_COVERAGE ? 'under' : margin[0] > NOMINAL_COVERAGE ? 'over' : 'nominal';
  return {
    covered,
    sets,
    coverage,
    margin,
    biasInSe,
    seRatio,
    robust,
    scaleFactor: Number.isFinite(c) ? c : null,
    verdict,
  };
}

const pct = (x: number) => `${Math.round(100 * x)}%`;

/**
 * The coverage a nominal 95% interval behaves like: the level of a normal interval whose
 * half-width is 1.96 / c standard errors, c the scale factor (e.g. c = 1.6 reads as 80%).
 */
export function effectiveLevel(scaleFactor: number): number {
  return erf(WILSON_Z / scaleFactor / Math.SQRT2);
}

/**
 * The reading of one quantity's statistics: "your 95% intervals for a cover 93% (±3%) on this
 * design", or that they under- or over-cover and by how much.
 */
export function coverageReading(label: string, s: CoverageStats): string {
  const [lo, hi] = s.margin;
  // The Wilson interval is lopsided near 0% and 100%: then the reading gives its ends.
  const symmetric = Math.abs(s.coverage - lo - (hi - s.coverage)) < 0.01;
  const margin = symmetric ? `±${pct((hi - lo) / 2)}` : `margin ${pct(lo)} to ${pct(hi)}`;
  const base = `your 95% intervals for ${label} cover ${pct(s.coverage)} (${margin}) on this design`;
  if (s.verdict === 'nominal') return base;
  const c = s.scaleFactor;
  if (s.verdict === 'under') {
    const like =
      c === null ? '' : `: a 95% interval behaves like a ${pct(effectiveLevel(c))} one here`;
    return `${base}; they under-cover${like}`;
  }
  const parts: string[] = [];
  if (c !== null && c > 0) parts.push(`intervals about ${pct(1 / c - 1)} wider than needed`);
  const ratio = s.robust.seRatio;
  if (Number.isFinite(ratio) && ratio > 1) parts.push(`SEs about ${pct(ratio - 1)} too large`);
  return `${base}; they over-cover${parts.length > 0 ? ` (${parts.join('; ')})` : ''}`;
}
