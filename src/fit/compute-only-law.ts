/**
 * The compute-only law L*(C) = E + A C^-alpha, fitted to the minimum loss of each isoFLOP
 * budget (the lower envelope of the runs), in f64.
 *
 * Least squares on the loss, by variable projection: for a fixed alpha the law is linear in
 * (E, A), so both have a closed form, and the residual sum of squares is a function of alpha
 * alone, minimised by a scan of 240 log-spaced exponents in [0.002, 3] and a golden-section
 * refinement around the best. C is measured from the geometric mean of the budgets (x =
 * (C / C0)^-alpha) so the 2 x 2 solve stays well conditioned; A is converted back at the end.
 * E is constrained to E >= 0 (at the bound, A alone is refitted) and A to A > 0 (an exponent
 * at which the minima do not fall with compute is rejected).
 */

/** A fitted compute-only law. */
export interface ComputeOnlyLaw {
  readonly E: number;
  readonly A: number;
  readonly alpha: number;
}

/** A fit, with its residual sum of squares. */
export interface ComputeOnlyFit extends ComputeOnlyLaw {
  readonly rss: number;
}

/** Fewest budgets for a fit with one degree of freedom left (three parameters). */
export const MIN_COMPUTE_ONLY_BUDGETS = 4;

const ALPHA_MIN = 0.002;
const ALPHA_MAX = 3;
const SCAN = 240;

interface Profile {
  readonly rss: number;
  readonly E: number;
  /** The coefficient of x = (C / C0)^-alpha. */
  readonly a: number;
}

/** The best (E >= 0, a > 0) for one alpha, or null when the minima do not fall with C. */
function profile(t: Float64Array, y: readonly number[], alpha: number): Profile | null {
  const n = y.length;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = Math.exp(-alpha * t[i]!);
    sx += x[i]!;
    sy += y[i]!;
    sxx += x[i]! * x[i]!;
    sxy += x[i]! * y[i]!;
  }
  const det = n * sxx - sx * sx;
  let E = det > 0 ? (sxx * sy - sx * sxy) / det : Number.NaN;
  let a = det > 0 ? (n * sxy - sx * sy) / det : Number.NaN;
  if (!(E >= 0)) {
    E = 0;
    a = sxy / sxx;
  }
  if (!(a > 0) || !Number.isFinite(a)) return null;
  let rss = 0;
  for (let i = 0; i < n; i++) {
    const r = y[i]! - E - a * x[i]!;
    rss += r * r;
  }
  return { rss, E, a };
}

/**
 * Fits L = E + A C^-alpha to the budgets' compute `C` and minimum losses `loss` (same length,
 * at least {@link MIN_COMPUTE_ONLY_BUDGETS}). Null when no exponent in [0.002, 3] gives a law
 * that falls with compute.
 */
export function fitComputeOnlyLaw(
  C: readonly number[],
  loss: readonly number[],
): ComputeOnlyFit | null {
  const n = C.length;
  if (n < MIN_COMPUTE_ONLY_BUDGETS || loss.length !== n) return null;
  let lnC0 = 0;
  for (const c of C) lnC0 += Math.log(c) / n;
  const t = Float64Array.from(C, (c) => Math.log(c) - lnC0);
  const lnLo = Math.log(ALPHA_MIN);
  const step = (Math.log(ALPHA_MAX) - lnLo) / (SCAN - 1);
  let best = -1;
  let bestRss = Number.POSITIVE_INFINITY;
  const rssAt = (alpha: number) => profile(t, loss, alpha)?.rss ?? Number.POSITIVE_INFINITY;
  for (let i = 0; i < SCAN; i++) {
    const r = rssAt(Math.exp(lnLo + i * step));
    if (r < bestRss) {
      bestRss = r;
      best = i;
    }
  }
  if (best < 0) return null;
  // Golden section on ln alpha between the scan's neighbours of the best.
  let lo = lnLo + Math.max(0, best - 1) * step;
  let hi = lnLo + Math.min(SCAN - 1, best + 1) * step;
  const g = (Math.sqrt(5) - 1) / 2;
  let u = hi - g * (hi - lo);
  let v = lo + g * (hi - lo);
  let fu = rssAt(Math.exp(u));
  let fv = rssAt(Math.exp(v));
  for (let i = 0; i < 80 && hi - lo > 1e-12; i++) {
    if (fu <= fv) {
      hi = v;
      v = u;
      fv = fu;
      u = hi - g * (hi - lo);
      fu = rssAt(Math.exp(u));
    } else {
      lo = u;
      u = v;
      fu = fv;
      v = lo + g * (hi - lo);
      fv = rssAt(Math.exp(v));
    }
  }
  let alpha = Math.exp((lo + hi) / 2);
  let p = profile(t, loss, alpha);
  const scanned = Math.exp(lnLo + best * step);
  if (!p || p.rss > bestRss) {
    alpha = scanned;
    p = profile(t, loss, alpha);
  }
  if (!p) return null;
  // x = (C / C0)^-alpha, so a x = a C0^alpha C^-alpha.
  return { E: p.E, A: p.a * Math.exp(alpha * lnC0), alpha, rss: p.rss };
}
