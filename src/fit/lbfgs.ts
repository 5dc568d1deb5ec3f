/**
 * Limited-memory BFGS (Nocedal & Wright, Algorithm 7.4 and 7.5) with a strong-Wolfe line
 * search. It stops on a relative decrease (f_k - f_k+1) / max(|f_k|, |f_k+1|) <= ftol, or on
 * max |g| <= gtol.
 *
 * Why not scipy's L-BFGS-B rule, which divides by max(|f_k|, |f_k+1|, 1): the Huber objective
 * of a few hundred runs is ~1e-3, so that rule is an absolute 2.2e-9 and stops bootstrap fits
 * short of their minimum. Measured on 400 synthetic replicas against a tightly converged run:
 * objectives up to 3% high, alpha off by up to 2e-2, percentiles biased towards the warm start
 * by up to 5% of the CI width. The rule here is scale-free and converges them.
 */
import { type ObjectiveFn, strongWolfe } from './line-search';

/** Tuning of the minimiser. */
export interface LbfgsOptions {
  readonly memory: number;
  readonly maxIterations: number;
  readonly ftol: number;
  readonly gtol: number;
}

/** m = 10 as in scipy; a scale-free ftol of 1e-10 and gtol 1e-6 (see the module comment). */
export const LBFGS_DEFAULTS: LbfgsOptions = {
  memory: 10,
  maxIterations: 15000,
  ftol: 1e-10,
  gtol: 1e-6,
};

/** Why the minimiser stopped. */
export type StopReason = 'ftol' | 'gtol' | 'max-iterations' | 'line-search' | 'non-finite';

/** A local minimum (or where the search gave up). */
export interface LbfgsResult {
  readonly x: Float64Array;
  readonly f: number;
  readonly iterations: number;
  readonly evaluations: number;
  readonly reason: StopReason;
  /** Stopped on ftol or gtol, or on a failed line search with a near-zero gradient. */
  readonly converged: boolean;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

/** Search direction -H g by the two-loop recursion over the stored pairs (oldest first). */
function direction(
  g: Float64Array,
  s: Float64Array[],
  y: Float64Array[],
  rho: number[],
): Float64Array {
  const q = Float64Array.from(g);
  const alphas = new Array<number>(s.length);
  for (let i = s.length - 1; i >= 0; i--) {
    const a = rho[i]! * dot(s[i]!, q);
    alphas[i] = a;
    const yi = y[i]!;
    for (let j = 0; j < q.length; j++) q[j]! -= a * yi[j]!;
  }
  if (s.length > 0) {
    const last = s.length - 1;
    const gamma = dot(s[last]!, y[last]!) / dot(y[last]!, y[last]!);
    for (let j = 0; j < q.length; j++) q[j]! *= gamma;
  }
  for (let i = 0; i < s.length; i++) {
    const b = rho[i]! * dot(y[i]!, q);
    const si = s[i]!;
    for (let j = 0; j < q.length; j++) q[j]! += (alphas[i]! - b) * si[j]!;
  }
  for (let j = 0; j < q.length; j++) q[j] = -q[j]!;
  return q;
}

/** Minimises fn from x0. Never throws; a non-finite start returns reason 'non-finite'. */
export function minimizeLbfgs(
  fn: ObjectiveFn,
  x0: Float64Array,
  options: LbfgsOptions = LBFGS_DEFAULTS,
): LbfgsResult {
  let x: Float64Array = Float64Array.from(x0);
  let g: Float64Array = new Float64Array(x.length);
  let f = fn(x, g);
  let evaluations = 1;
  const done = (iterations: number, reason: StopReason, converged: boolean): LbfgsResult => ({
    x,
    f,
    iterations,
    evaluations,
    reason,
    converged,
  });
  if (!Number.isFinite(f) || !g.every(Number.isFinite)) return done(0, 'non-finite', false);
  if (maxAbs(g) <= options.gtol) return done(0, 'gtol', true);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  let retried = false;
  for (let k = 0; k < options.maxIterations; k++) {
    let d = direction(g, S, Y, rho);
    let slope = dot(g, d);
    if (!(slope < 0)) {
      S.length = Y.length = rho.length = 0;
      d = g.map((v) => -v);
      slope = -dot(g, g);
    }
    const first = S.length === 0 ? Math.min(1, 1 / Math.sqrt(dot(g, g))) : 1;
    const search = strongWolfe(fn, x, d, f, slope, first);
    evaluations += search.evaluations;
    const p = search.point;
    if (!p) {
      if (S.length > 0 && !retried) {
        S.length = Y.length = rho.length = 0;
        retried = true;
        continue;
      }
      return done(k, 'line-search', maxAbs(g) <= 100 * options.gtol);
    }
    retried = false;
    const s = new Float64Array(x.length);
    const y = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) {
      s[i] = p.x[i]! - x[i]!;
      y[i] = p.g[i]! - g[i]!;
    }
    const sy = dot(s, y);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (S.length === options.memory) {
        S.shift();
        Y.shift();
        rho.shift();
      }
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
    }
    const fPrev = f;
    x = p.x;
    g = p.g;
    f = p.f;
    if (fPrev - f <= options.ftol * Math.max(Math.abs(fPrev), Math.abs(f))) {
      return done(k + 1, 'ftol', true);
    }
    if (maxAbs(g) <= options.gtol) return done(k + 1, 'gtol', true);
  }
  return done(options.maxIterations, 'max-iterations', false);
}
