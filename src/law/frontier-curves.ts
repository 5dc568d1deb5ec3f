/**
 * Frontier curves: one law's optimum (N, D, loss) at each budget of a fixed list, under fixed
 * constraints, and the quantity a panel draws from it. Solving a curve means one solve per
 * budget, so {@link FrontierCurveCache} keeps each curve by (the law's constants, the
 * constraint values) and solves it once, however often the view renders. Pure.
 */
import type { ScalingLaw } from './law';
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
