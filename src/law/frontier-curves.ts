/**
 * Frontier curves: one law's optimum (N, D, loss) at each budget of a fixed list, under fixed
 * constraints, and the quantity a panel draws from it. Solving a curve means one solve per
 * budget, so {@link FrontierCurveCache} keeps each curve by (the law's constants, the
 * constraint values) and solves it once, however often the view renders. Pure.
 */
import { frontierBands, type ScenarioBands } from './bands';
import { DEFAULT_FLOPS_PER_PARAM_TOKEN, type ScalingLaw } from './law';
import { PAIR_STRIDE } from './optima';
import { solveOptimum } from './optimum';
import type { Scenario } from './scenario';

/** The quantities a frontier curve gives per budget. */
export const FRONTIER_QUANTITIES = ['N', 'D', 'tokensPerParam', 'loss'] as const;
export type FrontierQuantity = (typeof FRONTIER_QUANTITIES)[number];

/** The quantity of an optimum (N, D, loss): D / N for tokens per parameter. */
export function quantityOf(q: FrontierQuantity, N: number, D: number, loss: number): number {
  switch (q) {
    case 'N':
      return N;
    case 'D':
      return D;
    case 'tokensPerParam':
      return D / N;
    case 'loss':
      return loss;
  }
}

/** One law's curve over the budgets: N, D, loss per budget (NaN where unsolved). */
export interface FrontierCurve {
  readonly N: Float64Array;
  readonly D: Float64Array;
  readonly loss: Float64Array;
}

/** Solves `law` at each budget, with the scenario `scenarioAt` gives for that budget (f64). */
export function solveFrontierCurve(
  law: ScalingLaw,
  budgets: readonly number[],
  scenarioAt: (C: number) => Scenario,
): FrontierCurve {
  const n = budgets.length;
  const curve = { N: new Float64Array(n), D: new Float64Array(n), loss: new Float64Array(n) };
  for (const [i, C] of budgets.entries()) {
    const r = solveOptimum(law, scenarioAt(C));
    curve.N[i] = r.ok ? r.N : Number.NaN;
    curve.D[i] = r.ok ? r.D : Number.NaN;
    curve.loss[i] = r.ok ? r.loss : Number.NaN;
  }
  return curve;
}

/** A quantity of a curve at each budget (NaN where unsolved). */
export function curveValues(curve: FrontierCurve, q: FrontierQuantity): Float64Array {
  return curve.N.map((N, i) => quantityOf(q, N, curve.D[i]!, curve.loss[i]!));
}

/** Constraint values that shape a curve: plain numbers (or strings) by name, absent when unset. */
export type CurveConstraints = object;

/** The scenario of budget C under `constraints` and a law's `extras` (e.g. repetition constants). */
export type CurveScenario<K extends CurveConstraints> = (
  C: number,
  constraints: K,
  extras?: Readonly<Record<string, number>>,
) => Scenario;

/** A cache key that two equal (law, constraints, extras) share and unequal ones do not. */
function curveKey(
  law: ScalingLaw,
  constraints: CurveConstraints,
  extras: Readonly<Record<string, number>> | undefined,
): string {
  const sorted = (o: object | undefined) =>
    o
      ? Object.entries(o)
          .filter(([, v]) => v !== undefined)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
          .join(',')
      : '';
  return `${law.E},${law.A},${law.B},${law.alpha},${law.beta}|${sorted(constraints)}|${sorted(extras)}`;
}

/**
 * Frontier curves over a fixed list of budgets, each solved once per (law constants,
 * constraint values, extras) and kept (the most recent `capacity` of them).
 */
export class FrontierCurveCache<K extends CurveConstraints> {
  private readonly curves = new Map<string, FrontierCurve>();
  private solved = 0;

  constructor(
    readonly budgets: readonly number[],
    private readonly scenarioAt: CurveScenario<K>,
    private readonly capacity = 16,
  ) {}

  /** How many curves this cache has solved (not served from memory). */
  get solves(): number {
    return this.solved;
  }

  /** The curve of `law` under `constraints`: from memory when seen before, else solved now. */
  curve(law: ScalingLaw, constraints: K, extras?: Readonly<Record<string, number>>): FrontierCurve {
    const key = curveKey(law, constraints, extras);
    const hit = this.curves.get(key);
    if (hit) {
      // Most recently used last.
      this.curves.delete(key);
      this.curves.set(key, hit);
      return hit;
    }
    const curve = solveFrontierCurve(law, this.budgets, (C) =>
      this.scenarioAt(C, constraints, extras),
    );
    this.solved++;
    this.curves.set(key, curve);
    while (this.curves.size > this.capacity) this.curves.delete(this.curves.keys().next().value!);
    return curve;
  }
}

/**
 * Most (law, scenario) pairs {@link frontierBandsInSlices} summarises between two pauses: a
 * slice sorts 4 x (its scenarios) columns of up to a replica count each, 10-40 ms on two busy
 * cores.
 */
export const BAND_SLICE_PAIRS = 20_000;

/** How {@link frontierBandsInSlices} hands the thread back between slices. */
export interface BandSlicing {
  /** Awaited between two slices (a macrotask, so the page can draw and take input). */
  readonly pause: () => Promise<void>;
  /** Stops the summary (rejecting with its reason) at the next pause. */
  readonly signal?: AbortSignal | undefined;
  readonly slicePairs?: number;
}

/**
 * The bands of a frontier result of `lawCount` laws x `scenarioCount` scenarios (law-major), as
 * {@link frontierBands} gives them, summarised a block of scenarios at a time with `pause`
 * awaited between blocks. Summarising 4,000 replicas x 515 budgets in one go holds a thread for
 * about a second (four sorts of 4,000 values per budget); in slices it never holds it for more
 * than about {@link BAND_SLICE_PAIRS} pairs' worth.
 */
export async function frontierBandsInSlices(
  results: Float32Array,
  lawCount: number,
  scenarioCount: number,
  slicing: BandSlicing,
): Promise<ScenarioBands[]> {
  const perSlice = Math.max(
    1,
    Math.floor((slicing.slicePairs ?? BAND_SLICE_PAIRS) / Math.max(1, lawCount)),
  );
  const out: ScenarioBands[] = [];
  for (let first = 0; first < scenarioCount; first += perSlice) {
    if (first > 0) {
      await slicing.pause();
      slicing.signal?.throwIfAborted();
    }
    const count = Math.min(perSlice, scenarioCount - first);
    const block = new Float32Array(lawCount * count * PAIR_STRIDE);
    for (let l = 0; l < lawCount; l++) {
      const from = (l * scenarioCount + first) * PAIR_STRIDE;
      block.set(results.subarray(from, from + count * PAIR_STRIDE), l * count * PAIR_STRIDE);
    }
    for (const b of frontierBands(block, lawCount, count)) out.push(b);
  }
  return out;
}

/**
 * The bands of a frontier result whose laws fall into consecutive groups (law-major, the
 * first `groupSizes[0]` laws, then the next `groupSizes[1]`, and so on): one list of
 * {@link frontierBandsInSlices} bands per group, an empty list for an empty group, with `pause`
 * awaited between groups as between slices. One engine job can so solve the replicas of
 * several fits, each summarised over its own replicas only.
 */
export async function groupBandsInSlices(
  results: Float32Array,
  groupSizes: readonly number[],
  scenarioCount: number,
  slicing: BandSlicing,
): Promise<ScenarioBands[][]> {
  const total = groupSizes.reduce((a, b) => a + b, 0);
  if (results.length < total * scenarioCount * PAIR_STRIDE)
    throw new RangeError(`a result of ${results.length} values for ${total} laws`);
  const out: ScenarioBands[][] = [];
  let from = 0;
  for (const size of groupSizes) {
    if (size <= 0) {
      out.push([]);
      continue;
    }
    if (from > 0) {
      await slicing.pause();
      slicing.signal?.throwIfAborted();
    }
    const rows = results.subarray(
      from * scenarioCount * PAIR_STRIDE,
      (from + size) * scenarioCount * PAIR_STRIDE,
    );
    out.push(await frontierBandsInSlices(rows, size, scenarioCount, slicing));
    from += size;
  }
  return out;
}

/**
 * The largest training compute k N D among `runs`: where the data ends, and beyond which a
 * frontier is extrapolated. Undefined when no run has a finite positive N and D.
 */
export function largestBudget(
  runs: Iterable<{ readonly N: number; readonly D: number }>,
  k = DEFAULT_FLOPS_PER_PARAM_TOKEN,
): number | undefined {
  let max = Number.NEGATIVE_INFINITY;
  for (const r of runs) {
    const C = k * r.N * r.D;
    if (r.N > 0 && r.D > 0 && Number.isFinite(C) && C > max) max = C;
  }
  return max > 0 ? max : undefined;
}

/** A quantity's band at one budget: the 5th, 50th and 95th percentiles over the replicas. */
export interface BandAt {
  readonly p5: number;
  readonly p50: number;
  readonly p95: number;
}

/** Linear interpolation in log value between a and b at fraction t; NaN unless both are > 0. */
function logLerp(a: number, b: number, t: number): number {
  if (!(a > 0 && b > 0 && Number.isFinite(a) && Number.isFinite(b))) return Number.NaN;
  if (t <= 0) return a;
  if (t >= 1) return b;
  return Math.exp(Math.log(a) + t * (Math.log(b) - Math.log(a)));
}

/**
 * The bands of each quantity at budget C, interpolated linearly in log C and log value between
 * the two budgets around it (`budgets` ascending, one band per budget). A quantity is null where
 * either neighbour has no band for it; the whole answer is null outside the budgets.
 */
export function bandsAt(
  budgets: readonly number[],
  bands: readonly ScenarioBands[],
  C: number,
): Record<FrontierQuantity, BandAt | null> | null {
  const n = Math.min(budgets.length, bands.length);
  if (n === 0 || !(C >= budgets[0]!) || !(C <= budgets[n - 1]!)) return null;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (budgets[mid]! <= C) lo = mid;
    else hi = mid;
  }
  const c0 = budgets[lo]!;
  const c1 = budgets[hi]!;
  const t = c1 > c0 ? Math.log(C / c0) / Math.log(c1 / c0) : 0;
  const out = {} as Record<FrontierQuantity, BandAt | null>;
  for (const q of FRONTIER_QUANTITIES) {
    const a = bands[lo]![q];
    const b = bands[hi]![q];
    if (!a || !b) {
      out[q] = null;
      continue;
    }
    const at = {
      p5: logLerp(a.p5, b.p5, t),
      p50: logLerp(a.p50, b.p50, t),
      p95: logLerp(a.p95, b.p95, t),
    };
    out[q] = Number.isFinite(at.p5 + at.p50 + at.p95) ? at : null;
  }
  return out;
}

/** Seconds a band job may be estimated to take and still start by itself. */
export const AUTO_BAND_SECONDS = 1;

/** One finished band job: the (replica, budget) pairs it solved, in how many seconds. */
export interface BandTiming {
  readonly pairs: number;
  readonly seconds: number;
}

/**
 * Seconds a band job of `pairs` pairs is estimated to take from earlier jobs' timings (their
 * total pairs over their total seconds, so large jobs weigh more); undefined with none.
 */
export function bandSeconds(pairs: number, timings: readonly BandTiming[]): number | undefined {
  let p = 0;
  let s = 0;
  for (const t of timings) {
    if (!(t.pairs > 0 && t.seconds > 0 && Number.isFinite(t.seconds))) continue;
    p += t.pairs;
    s += t.seconds;
  }
  return p > 0 ? (pairs * s) / p : undefined;
}
