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
import { LineSearch, type ObjectiveFn } from './line-search';

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

/**
 * Curvature pairs (s_i = x_i+1 - x_i, y_i = g_i+1 - g_i), oldest first: what L-BFGS knows of
 * the inverse Hessian.
 */
export interface LbfgsMemory {
  readonly s: readonly Float64Array[];
  readonly y: readonly Float64Array[];
}

/** A local minimum (or where the search gave up). */
export interface LbfgsResult {
  readonly x: Float64Array;
  readonly f: number;
  readonly iterations: number;
  readonly evaluations: number;
  readonly reason: StopReason;
  /** Stopped on ftol or gtol, or on a failed line search with a near-zero gradient. */
  readonly converged: boolean;
  /** A copy of the curvature pairs held at the end (the newest `memory` of them). */
  memory(): LbfgsMemory;
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

/**
 * The last `capacity` curvature pairs in a ring, and the two-loop recursion over them. One slot
 * more than the capacity: a new pair is written into a free slot before its curvature test.
 */
class PairRing {
  private readonly slots: number;
  private readonly s: Float64Array[];
  private readonly y: Float64Array[];
  private readonly rho: Float64Array;
  private readonly alphas: Float64Array;
  /** Slot of the oldest pair. */
  private head = 0;
  count = 0;

  constructor(
    private readonly capacity: number,
    dim: number,
  ) {
    this.slots = capacity + 1;
    this.s = Array.from({ length: this.slots }, () => new Float64Array(dim));
    this.y = Array.from({ length: this.slots }, () => new Float64Array(dim));
    this.rho = new Float64Array(this.slots);
    this.alphas = new Float64Array(capacity);
  }

  clear(): void {
    this.count = 0;
    this.head = 0;
  }

  /** Stores s = xNew - x and y = gNew - g if s.y > 1e-12 |s| |y| (else the pair is dropped). */
  push(x: Float64Array, xNew: Float64Array, g: Float64Array, gNew: Float64Array): void {
    const slot = (this.head + this.count) % this.slots;
    const s = this.s[slot]!;
    const y = this.y[slot]!;
    for (let i = 0; i < s.length; i++) {
      s[i] = xNew[i]! - x[i]!;
      y[i] = gNew[i]! - g[i]!;
    }
    this.store(slot);
  }

  /** Stores a pair given as vectors (a warm memory), under the same curvature test. */
  pushPair(sv: Float64Array, yv: Float64Array): void {
    const slot = (this.head + this.count) % this.slots;
    this.s[slot]!.set(sv);
    this.y[slot]!.set(yv);
    this.store(slot);
  }

  private store(slot: number): void {
    const s = this.s[slot]!;
    const y = this.y[slot]!;
    const sy = dot(s, y);
    if (!(sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y)))) return;
    this.rho[slot] = 1 / sy;
    if (this.count === this.capacity) this.head = (this.head + 1) % this.slots;
    else this.count++;
  }

  /** Writes the search direction -H g into d (the two-loop recursion, oldest pair first). */
  direction(g: Float64Array, d: Float64Array): void {
    const { s, y, rho, alphas, slots, head, count } = this;
    const n = d.length;
    d.set(g);
    for (let i = count - 1; i >= 0; i--) {
      const slot = (head + i) % slots;
      const a = rho[slot]! * dot(s[slot]!, d);
      alphas[i] = a;
      const yi = y[slot]!;
      for (let j = 0; j < n; j++) d[j]! -= a * yi[j]!;
    }
    if (count > 0) {
      const last = (head + count - 1) % slots;
      const gamma = dot(s[last]!, y[last]!) / dot(y[last]!, y[last]!);
      for (let j = 0; j < n; j++) d[j]! *= gamma;
    }
    for (let i = 0; i < count; i++) {
      const slot = (head + i) % slots;
      const b = rho[slot]! * dot(y[slot]!, d);
      const si = s[slot]!;
      for (let j = 0; j < n; j++) d[j]! += (alphas[i]! - b) * si[j]!;
    }
    for (let j = 0; j < n; j++) d[j] = -d[j]!;
  }

  /** A copy of the pairs, oldest first. */
  copy(): LbfgsMemory {
    const s: Float64Array[] = [];
    const y: Float64Array[] = [];
    for (let i = 0; i < this.count; i++) {
      const slot = (this.head + i) % this.slots;
      s.push(Float64Array.from(this.s[slot]!));
      y.push(Float64Array.from(this.y[slot]!));
    }
    return { s, y };
  }
}

/**
 * Minimises fn from x0. Never throws; a non-finite start returns reason 'non-finite'.
 * `warm`, when given, seeds the curvature memory (pairs from a nearby problem, such as another
 * bootstrap replica): the first step is then a quasi-Newton step rather than steepest descent.
 * If a line search fails while the memory holds pairs, the memory is dropped and the iteration
 * retried once, as for pairs of the fit's own.
 */
export function minimizeLbfgs(
  fn: ObjectiveFn,
  x0: Float64Array,
  options: LbfgsOptions = LBFGS_DEFAULTS,
  warm?: LbfgsMemory,
): LbfgsResult {
  const dim = x0.length;
  let x = Float64Array.from(x0);
  let g = new Float64Array(dim);
  let xNext = new Float64Array(dim);
  let gNext = new Float64Array(dim);
  const d = new Float64Array(dim);
  const pairs = new PairRing(options.memory, dim);
  const line = new LineSearch(dim);
  let f = fn(x, g);
  let evaluations = 1;
  const done = (iterations: number, reason: StopReason, converged: boolean): LbfgsResult => ({
    x,
    f,
    iterations,
    evaluations,
    reason,
    converged,
    memory: () => pairs.copy(),
  });
  if (!Number.isFinite(f) || !g.every(Number.isFinite)) return done(0, 'non-finite', false);
  if (maxAbs(g) <= options.gtol) return done(0, 'gtol', true);
  if (warm) {
    const first = Math.max(0, warm.s.length - options.memory);
    for (let i = first; i < warm.s.length; i++) pairs.pushPair(warm.s[i]!, warm.y[i]!);
  }
  let retried = false;
  for (let k = 0; k < options.maxIterations; k++) {
    pairs.direction(g, d);
    let slope = dot(g, d);
    if (!(slope < 0)) {
      pairs.clear();
      for (let j = 0; j < dim; j++) d[j] = -g[j]!;
      slope = -dot(g, g);
    }
    const first = pairs.count === 0 ? Math.min(1, 1 / Math.sqrt(dot(g, g))) : 1;
    const found = line.search(fn, x, d, f, slope, first);
    evaluations += line.evaluations;
    if (!found) {
      if (pairs.count > 0 && !retried) {
        pairs.clear();
        retried = true;
        continue;
      }
      return done(k, 'line-search', maxAbs(g) <= 100 * options.gtol);
    }
    retried = false;
    xNext.set(line.x);
    gNext.set(line.g);
    pairs.push(x, xNext, g, gNext);
    const fPrev = f;
    [x, xNext] = [xNext, x];
    [g, gNext] = [gNext, g];
    f = line.f;
    if (fPrev - f <= options.ftol * Math.max(Math.abs(fPrev), Math.abs(f))) {
      return done(k + 1, 'ftol', true);
    }
    if (maxAbs(g) <= options.gtol) return done(k + 1, 'gtol', true);
  }
  return done(options.maxIterations, 'max-iterations', false);
}
