/**
 * The whole "which method to trust" job on one engine: fit Approach 3, Approach 2 and the
 * compute-only law to the same runs (with their bootstraps), tabulate them at one budget, find
 * where their intervals disagree, cross-validate them by leaving out each of the largest budgets,
 * and measure Approach 2's bias on the runs' own design. The engine runs each fit through
 * `runMethod`, so the CLI and the app get the same numbers.
 */
import { type Approach2Options, DEFAULT_APPROACH2_OPTIONS } from './approach2';
import type { FitMethod } from './method';
import {
  approach2DesignBias,
  type BudgetCrossValidation,
  crossValidateByBudget,
  type DesignBias,
  type Disagreement,
  disagreements as disagreementsOf,
  type MethodEstimates,
  methodEstimates,
  predictorOf,
} from './method-compare';
import { APPROACH2 } from './methods/approach2';
import { APPROACH3 } from './methods/approach3';
import { COMPUTE_ONLY } from './methods/compute-only';
import type { FitOptions, FitProgress, FitResult, FitRun } from './types';

/** Runs one method on the engine (an engine's `runMethod`). */
export type RunMethod = <O, R>(
  method: FitMethod<O, R>,
  runs: readonly FitRun[],
  options: O,
  job: { signal?: AbortSignal; onProgress?: (p: FitProgress) => void },
) => Promise<R>;

/** Options of the method comparison. */
export interface MethodCompareOptions {
  /** Approach 3's options (its bootstrap and seed also drive the other methods'). */
  readonly fit: FitOptions;
  /** Approach 2's and the compute-only law's grouping and parabola options. */
  readonly isoflop?: Partial<Pick<Approach2Options, 'tolerance' | 'k' | 'target'>>;
  /** The budget of the table (FLOPs). */
  readonly budget: number;
  /** How many of the largest budgets to hold out in turn (default 3). */
  readonly holdOut?: number;
}

/** A method that could not be fitted to all the runs, with why. */
export interface MethodProblem {
  readonly method: string;
  readonly problem: string;
}

/** Everything the method comparison reports. */
export interface MethodComparison {
  readonly budget: number;
  readonly estimates: readonly MethodEstimates[];
  readonly disagreements: readonly Disagreement[];
  readonly problems: readonly MethodProblem[];
  readonly crossValidation: BudgetCrossValidation | null;
  /** Approach 2's bias on this design, from the Approach-3 law; null when either did not fit. */
  readonly designBias: DesignBias | null;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Runs the comparison. Progress is reported in four stages (the three fits, then the
 * cross-validation) as done of 4; cancellation rejects with the abort reason. A method that
 * cannot fit the runs becomes a problem entry and the others go on; cross-validation is null when
 * no method fitted (held-out budgets without a usable parabola are listed as skipped).
 */
export async function compareMethods(
  runs: readonly FitRun[],
  options: MethodCompareOptions,
  runMethod: RunMethod,
  job: { signal?: AbortSignal; onProgress?: (p: FitProgress) => void } = {},
): Promise<MethodComparison> {
  const isoflop: Approach2Options = {
    ...DEFAULT_APPROACH2_OPTIONS,
    ...options.isoflop,
    bootstrap: options.fit.bootstrap,
    seed: options.fit.seed,
    budgets: [options.budget],
  };
  const stage = (i: number) => job.onProgress?.({ phase: 'bootstrap', done: i, total: 4 });
  const sub = { ...(job.signal ? { signal: job.signal } : {}) };
  const results: { method: string; result: unknown }[] = [];
  const problems: MethodProblem[] = [];
  const attempt = async <O, R>(method: FitMethod<O, R>, o: O, i: number) => {
    const invalid = method.validate(runs, o);
    if (invalid.length > 0) {
      problems.push({ method: method.id, problem: invalid.join('; ') });
    } else {
      try {
        results.push({ method: method.id, result: await runMethod(method, runs, o, sub) });
      } catch (e) {
        if (job.signal?.aborted) throw e;
        problems.push({ method: method.id, problem: message(e) });
      }
    }
    stage(i);
  };
  await attempt(APPROACH3, options.fit, 1);
  await attempt(APPROACH2, isoflop, 2);
  await attempt(COMPUTE_ONLY, isoflop, 3);
  const estimates = methodEstimates(results, options.budget, isoflop.k);

  const point3 = { ...options.fit, bootstrap: 0 };
  const pointIso = { ...isoflop, bootstrap: 0 };
  const refit =
    <O, R>(method: FitMethod<O, R>, o: O) =>
    async (subset: readonly FitRun[]) =>
      predictorOf(method.id, await runMethod(method, subset, o, sub), isoflop.k)!;
  const fitted = new Set(results.map((r) => r.method));
  let crossValidation: BudgetCrossValidation | null = null;
  if (fitted.size > 0) {
    crossValidation = await crossValidateByBudget(
      runs,
      [
        { method: APPROACH3.id, fit: refit(APPROACH3, point3) },
        { method: APPROACH2.id, fit: refit(APPROACH2, pointIso) },
        { method: COMPUTE_ONLY.id, fit: refit(COMPUTE_ONLY, pointIso) },
      ].filter((f) => fitted.has(f.method)),
      { ...isoflop, holdOut: options.holdOut ?? 3 },
      job.signal,
    );
  }
  stage(4);
  const a3 = results.find((r) => r.method === APPROACH3.id)?.result as FitResult | undefined;
  let designBias: DesignBias | null = null;
  if (a3 && fitted.has(APPROACH2.id)) {
    try {
      designBias = await approach2DesignBias(runs, a3.best.law, isoflop);
    } catch {
      designBias = null;
    }
  }
  return {
    budget: options.budget,
    estimates,
    disagreements: disagreementsOf(estimates),
    problems,
    crossValidation,
    designBias,
  };
}
