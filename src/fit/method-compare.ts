/**
 * Which method to trust: the estimates of every method side by side at one budget (a, b,
 * tokens per parameter, the predicted loss), with their intervals and the pairs whose
 * intervals do not overlap; leave-one-budget-out cross-validation of the predicted minimum
 * loss and N_opt at the largest budgets; and, for Approach 2, the bias its own design causes
 * (simulate the user's design from the Approach-3 law without noise, and apply Approach 2).
 *
 * Methods are read through {@link predictorOf}: Approach 3 predicts both the minimum loss and
 * N_opt (its closed-form frontier), Approach 2 only N_opt (its power law), the compute-only law
 * only the loss.
 */
import { computeOnlyLoss, lossAtCompute } from '../law/compute-multiplier';
import { computeOptimal, frontierCoefficients } from '../law/frontier';
import { loss, type ScalingLaw } from '../law/law';
import { percentile } from '../law/stats';
import { type Approach2Options, type Approach2Result, fitApproach2 } from './approach2';
import type { ComputeOnlyResult } from './compute-only';
import { groupBudgets, type IsoflopRun } from './isoflop-budgets';
import { PARABOLA_STATUS, packBudgets, parabolaOf, parabolaRecords } from './isoflop-parabola';
import { ReplicaTable } from './replica-table';
import type { FitResult } from './types';

/** A point estimate with its 95% interval where the method has one. */
export interface Estimate {
  readonly point: number;
  readonly ci95?: readonly [number, number];
}

/** One method's row of the comparison table at one budget. */
export interface MethodEstimates {
  readonly method: string;
  readonly a?: Estimate;
  readonly b?: Estimate;
  readonly tokensPerParam?: Estimate;
  readonly loss?: Estimate;
}

/** Quantities of the comparison table. */
export const ESTIMATE_FIELDS = ['a', 'b', 'tokensPerParam', 'loss'] as const;
export type EstimateField = (typeof ESTIMATE_FIELDS)[number];

/** Short names of the methods in the comparison's table (the app's and the CLI's). */
export const METHOD_NAMES: Readonly<Record<string, string>> = {
  approach3: 'Approach 3',
  approach2: 'Approach 2',
  'compute-only': 'Compute-only',
};

/** Names of the table's quantities. */
export const ESTIMATE_NAMES: Readonly<Record<EstimateField, string>> = {
  a: 'a (N_opt ∝ C^a)',
  b: 'b (D_opt ∝ C^b)',
  tokensPerParam: 'tokens / param',
  loss: 'loss L*',
};

/** Two methods whose 95% intervals of one quantity do not overlap. */
export interface Disagreement {
  readonly field: EstimateField;
  readonly methods: readonly [string, string];
}

/** What a fitted method predicts at a budget. */
export interface Predictor {
  readonly loss?: (C: number) => number;
  readonly NOpt?: (C: number) => number;
}

function interval(values: number[]): readonly [number, number] | undefined {
  if (values.length < 2) return undefined;
  const sorted = Float64Array.from(values).sort();
  return [percentile(sorted, 0.025), percentile(sorted, 0.975)];
}

function estimate(point: number, values: number[]): Estimate {
  const ci95 = interval(values);
  return ci95 ? { point, ci95 } : { point };
}

/**
 * The predictions of a fitted method (by id): Approach 3 and compute-only results as the fit
 * methods return them; null for a method this table does not know.
 */
export function predictorOf(method: string, result: unknown, k = 6): Predictor | null {
  if (method === 'approach3') {
    const law = (result as FitResult).best.law;
    return {
      loss: (C) => computeOptimal(law, C, k).loss,
      NOpt: (C) => computeOptimal(law, C, k).N,
    };
  }
  if (method === 'approach2') {
    const r = result as Approach2Result;
    return { NOpt: (C) => r.N.coefficient * C ** r.N.exponent };
  }
  if (method === 'compute-only') {
    const f = computeOnlyLoss((result as ComputeOnlyResult).law);
    return { loss: (C) => lossAtCompute(f, C) };
  }
  return null;
}

/** Approach 3's estimates at budget C, with intervals over its bootstrap replicas. */
function approach3Estimates(r: FitResult, C: number, k: number): MethodEstimates {
  const law = r.best.law;
  const at = computeOptimal(law, C, k);
  const laws = ReplicaTable.of(r.bootstrap?.replicas).laws();
  const f = frontierCoefficients(law);
  const fs = laws.map(frontierCoefficients);
  const opts = laws.map((l) => computeOptimal(l, C, k));
  return {
    method: 'approach3',
    a: estimate(
      f.a,
      fs.map((x) => x.a),
    ),
    b: estimate(
      f.b,
      fs.map((x) => x.b),
    ),
    tokensPerParam: estimate(
      at.tokensPerParam,
      opts.map((o) => o.tokensPerParam),
    ),
    loss: estimate(
      at.loss,
      opts.map((o) => o.loss),
    ),
  };
}

/** Approach 2's estimates at C; the interval of tokens per parameter when C is a reporting budget. */
function approach2Estimates(r: Approach2Result, C: number, k: number): MethodEstimates {
  const NOpt = r.N.coefficient * C ** r.N.exponent;
  const reported = r.predictions.find((p) => Math.abs(p.C / C - 1) < 1e-9);
  const tpp = C / (k * NOpt * NOpt);
  return {
    method: 'approach2',
    a: { point: r.N.exponent, ...(r.bootstrap ? { ci95: r.bootstrap.a.ci95 } : {}) },
    b: { point: r.D.exponent, ...(r.bootstrap ? { ci95: r.bootstrap.b.ci95 } : {}) },
    tokensPerParam: {
      point: tpp,
      ...(reported?.tokensPerParamCi ? { ci95: reported.tokensPerParamCi } : {}),
    },
  };
}

/** The compute-only law's predicted loss at C, with its interval over the replicas. */
function computeOnlyEstimates(r: ComputeOnlyResult, C: number): MethodEstimates {
  const values: number[] = [];
  const table = r.bootstrap?.replicas ?? new Float64Array(0);
  for (let i = 0; i + 2 < table.length; i += 3) {
    if (Number.isNaN(table[i]!)) continue;
    values.push(
      lossAtCompute(computeOnlyLoss({ E: table[i]!, A: table[i + 1]!, alpha: table[i + 2]! }), C),
    );
  }
  return {
    method: 'compute-only',
    loss: estimate(lossAtCompute(computeOnlyLoss(r.law), C), values),
  };
}

/**
 * Every method's estimates at budget C (FLOPs), in the order given; a method this table does
 * not know is left out.
 */
export function methodEstimates(
  results: readonly { readonly method: string; readonly result: unknown }[],
  C: number,
  k = 6,
): MethodEstimates[] {
  return results.flatMap(({ method, result }) => {
    if (method === 'approach3') return [approach3Estimates(result as FitResult, C, k)];
    if (method === 'approach2') return [approach2Estimates(result as Approach2Result, C, k)];
    if (method === 'compute-only') return [computeOnlyEstimates(result as ComputeOnlyResult, C)];
    return [];
  });
}

/** The pairs of methods whose 95% intervals of a quantity do not overlap. */
export function disagreements(rows: readonly MethodEstimates[]): Disagreement[] {
  const out: Disagreement[] = [];
  for (const field of ESTIMATE_FIELDS) {
    for (let i = 0; i < rows.length; i++) {
      for (let j = i + 1; j < rows.length; j++) {
        const p = rows[i]![field]?.ci95;
        const q = rows[j]![field]?.ci95;
        if (p && q && (p[1] < q[0] || q[1] < p[0])) {
          out.push({ field, methods: [rows[i]!.method, rows[j]!.method] });
        }
      }
    }
  }
  return out;
}

/** One held-out budget: what its own runs say (its parabola's minimum). */
export interface HeldOutBudget {
  readonly C: number;
  readonly runs: number;
  readonly lossMin: number;
  readonly NOpt: number;
}

/** One method's error at one held-out budget. */
export interface HeldOutError {
  readonly method: string;
  readonly C: number;
  /** Predicted / observed minimum loss - 1. */
  readonly lossError?: number;
  /** ln(predicted / observed N_opt). */
  readonly NOptError?: number;
}

/** The cross-validation. */
export interface BudgetCrossValidation {
  readonly heldOut: readonly HeldOutBudget[];
  /** Budgets among the largest that could not be held out, with why. */
  readonly skipped: readonly { readonly C: number; readonly reason: string }[];
  readonly errors: readonly HeldOutError[];
  /** Root mean square error per method over the held-out budgets. */
  readonly rms: readonly {
    readonly method: string;
    readonly loss?: number;
    readonly NOpt?: number;
  }[];
  /** The method with the smallest RMS error of each quantity. */
  readonly best: { readonly loss?: string; readonly NOpt?: string };
}

/** Fits one method to a subset of the runs and returns its predictor (or throws). */
export type MethodFitter = (runs: readonly IsoflopRun[]) => Promise<Predictor>;

const rmsOf = (v: number[]) =>
  v.length > 0 ? Math.sqrt(v.reduce((s, x) => s + x * x, 0) / v.length) : undefined;

/**
 * Leave-one-budget-out cross-validation: groups the runs into budgets (Approach 2's rule), holds
 * out each of the `holdOut` largest budgets in turn, refits every method on the other runs, and
 * compares its predictions with the held-out budget's own parabola minimum (loss, and N at the
 * vertex). A largest budget whose parabola is not usable is skipped with the reason; a method
 * whose refit fails leaves no error for that budget.
 */
export async function crossValidateByBudget(
  runs: readonly IsoflopRun[],
  fitters: readonly { readonly method: string; readonly fit: MethodFitter }[],
  options: Pick<Approach2Options, 'tolerance' | 'k' | 'target'> & { readonly holdOut?: number },
  signal?: AbortSignal,
): Promise<BudgetCrossValidation> {
  const grouping = groupBudgets(runs, options.tolerance, options.k);
  const packed = packBudgets(runs, grouping.budgets, options.target);
  const ones = new Float64Array(packed.offsets[packed.count]!).fill(1);
  const records = parabolaRecords(packed, ones);
  const order = grouping.budgets.map((b, g) => ({ b, g })).sort((x, y) => y.b.C - x.b.C);
  const heldOut: HeldOutBudget[] = [];
  const skipped: { C: number; reason: string }[] = [];
  const errors: HeldOutError[] = [];
  for (const { b, g } of order.slice(0, options.holdOut ?? 3)) {
    signal?.throwIfAborted();
    const p = parabolaOf(packed, records, 0, g);
    if (p.status !== PARABOLA_STATUS.ok) {
      skipped.push({ C: b.C, reason: 'its own runs give no usable parabola minimum' });
      continue;
    }
    const held = { C: b.C, runs: b.runs.length, lossMin: p.lossMin, NOpt: p.NOpt };
    heldOut.push(held);
    const out = new Set(b.runs);
    const rest = runs.filter((_, i) => !out.has(i));
    for (const fitter of fitters) {
      const method = fitter.method;
      let predictor: Predictor;
      try {
        predictor = await fitter.fit(rest);
      } catch (e) {
        if (signal?.aborted) throw e;
        continue;
      }
      errors.push({
        method,
        C: b.C,
        ...(predictor.loss ? { lossError: predictor.loss(b.C) / held.lossMin - 1 } : {}),
        ...(predictor.NOpt ? { NOptError: Math.log(predictor.NOpt(b.C) / held.NOpt) } : {}),
      });
    }
  }
  const rms = fitters.map(({ method }) => {
    const mine = errors.filter((e) => e.method === method);
    const l = rmsOf(mine.flatMap((e) => (e.lossError === undefined ? [] : [e.lossError])));
    const n = rmsOf(mine.flatMap((e) => (e.NOptError === undefined ? [] : [e.NOptError])));
    return {
      method,
      ...(l !== undefined ? { loss: l } : {}),
      ...(n !== undefined ? { NOpt: n } : {}),
    };
  });
  const bestBy = (key: 'loss' | 'NOpt') => {
    let best: { method: string; v: number } | undefined;
    for (const r of rms) {
      const v = r[key];
      if (v !== undefined && (!best || v < best.v)) best = { method: r.method, v };
    }
    return best?.method;
  };
  const bestLoss = bestBy('loss');
  const bestN = bestBy('NOpt');
  return {
    heldOut,
    skipped,
    errors,
    rms,
    best: { ...(bestLoss ? { loss: bestLoss } : {}), ...(bestN ? { NOpt: bestN } : {}) },
  };
}

/** How far Approach 2's exponent lands from the truth on the user's own design. */
export interface DesignBias {
  /** a = beta / (alpha + beta) of the law the design was simulated from. */
  readonly aTrue: number;
  /** Approach 2's a on the noise-free simulated runs. */
  readonly aFitted: number;
  /** aFitted - aTrue. */
  readonly bias: number;
  readonly budgetsUsed: number;
}

/**
 * Open-Athena's check on the user's runs: replaces every run's loss with `law`'s (no noise),
 * keeping its N, D and C, applies Approach 2 with `options`, and reports how far its a lies
 * from the law's own beta / (alpha + beta). Rejects as fitApproach2 does when the design leaves
 * fewer than 3 usable budgets.
 */
export async function approach2DesignBias(
  runs: readonly IsoflopRun[],
  law: ScalingLaw,
  options: Approach2Options,
): Promise<DesignBias> {
  const simulated = runs.map((r) => ({ ...r, loss: loss(law, r.N, r.D) }));
  const fit = await fitApproach2(simulated, { ...options, bootstrap: 0 });
  const aTrue = frontierCoefficients(law).a;
  return {
    aTrue,
    aFitted: fit.N.exponent,
    bias: fit.N.exponent - aTrue,
    budgetsUsed: fit.budgets.filter((b) => b.used).length,
  };
}
