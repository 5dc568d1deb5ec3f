/**
 * One comparison of recipes from one per-series fit job, as the Compare view and the CLI's
 * `compare` both run it: the separate fits compared with the reference (compareRecipes), and,
 * with parameters shared, a joint fit, its likelihood-ratio test against separate fits, the
 * comparison on its frontiers and, with E, alpha and beta shared, the budget-free multiplier.
 */
import { defaultTableBudgets } from '../law/compare-curves';
import { compareWithReference } from '../law/recipe-compare';
import {
  type CompareEntry,
  CompareError,
  compareRecipes,
  defaultCompareBudgets,
  type RecipeComparison,
} from './compare-recipes';
import { compareVerdict } from './compare-verdict';
import {
  type JointLikelihoodRatio,
  jointFrontiers,
  jointLikelihoodRatio,
  jointLikelihoodRatioTest,
  type SharedMultiplier,
  sharedMultiplier,
} from './joint-compare';
import { fitJoint, type JointFitResult, type JointSeries } from './joint-fit';
import { SHARED_PARAMS, type SharedParam } from './joint-objective';
import type { SeriesFit, SeriesPlan } from './series-fit';
import { frontierOfFit } from './series-frontier';
import type { FitOptions, FitProgress, FitResult, FitRun } from './types';

/** What one comparison compares. */
export interface CompareJobInput {
  /** Id of the method the per-series fits were made with ('approach3' | 'compute-only' | ...). */
  readonly method: string;
  /** The per-series fits (one job's result) and the runs each series was fitted on. */
  readonly fits: readonly SeriesFit<unknown>[];
  readonly plan: readonly SeriesPlan<FitRun>[];
  readonly reference: string;
  /** Budgets in FLOPs; empty or absent: defaultCompareBudgets of the frontiers. */
  readonly budgets?: readonly number[];
  /** Parameters shared in a joint fit (subset of SHARED_PARAMS); empty or absent: no joint fit. */
  readonly shared?: readonly SharedParam[];
  /** Options for the joint fit (the per-series fits' options). */
  readonly options: FitOptions;
  /** Coverage of the intervals (default 0.95). */
  readonly level?: number;
}

/** The outcome of one comparison. */
export interface CompareJobResult {
  readonly separate: RecipeComparison;
  /** Present when `shared` is non-empty and the method is approach3. */
  readonly joint?: {
    readonly fit: JointFitResult;
    readonly test: JointLikelihoodRatio;
    readonly comparison: RecipeComparison;
    /** With E, alpha and beta shared: the budget-free multiplier per compared series. */
    readonly constant: readonly SharedMultiplier[];
  };
  /**
   * One verdict per compared series from the separate fits, then (with a joint fit) one per
   * compared series from the joint fit, prefixed "With … shared: ". Each is at the first budget
   * asked for or, with none asked for, at the first budget of the Compare view's table
   * (defaultTableBudgets: the largest round budget within every series' runs).
   */
  readonly verdicts: readonly string[];
}

/**
 * Cancellation and progress of a comparison (progress is the joint fit's). `onProgress` is a
 * method so that a caller whose job reports no progress (a callback on `never`) may pass its job.
 */
export interface CompareJob {
  readonly signal?: AbortSignal;
  onProgress?(p: FitProgress): void;
}

const APPROACH3_ID = 'approach3';

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * The comparison's entries of one fit job, in the fits' order: a fitted series becomes its
 * frontier (frontierOfFit over the runs `plan` gives it), a series that was not fitted, or whose
 * method gives no loss curve, an entry with its problem. Throws CompareError when the fits carry
 * an unnamed series (runs without series have nothing to compare) or a series the plan lacks.
 */
export function compareEntries(
  method: string,
  fits: readonly SeriesFit<unknown>[],
  plan: readonly SeriesPlan<FitRun>[],
): CompareEntry[] {
  return fits.map((f): CompareEntry => {
    if (f.series === null) {
      throw new CompareError(
        'the runs carry no series: a comparison needs a series column with at least two series',
      );
    }
    if ('problem' in f) return { name: f.series, problem: f.problem };
    const planned = plan.find((p) => p.series === f.series);
    if (!planned) {
      throw new CompareError(`the series ${JSON.stringify(f.series)} has no runs in the plan`);
    }
    const frontier = frontierOfFit(method, f.series, f.result, planned.runs);
    return typeof frontier === 'string'
      ? { name: f.series, problem: frontier }
      : { name: f.series, frontier };
  });
}

/** Checks the shared parameters against the method; throws CompareError on a problem. */
function checkShared(method: string, shared: readonly string[]): void {
  const unknown = shared.filter((p) => !(SHARED_PARAMS as readonly string[]).includes(p));
  if (unknown.length > 0) {
    throw new CompareError(
      `unknown shared parameter${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}: choose from ${SHARED_PARAMS.join(', ')}`,
    );
  }
  if (new Set(shared).size >= SHARED_PARAMS.length) {
    throw new CompareError(
      `sharing all of ${SHARED_PARAMS.join(', ')} leaves nothing to compare: leave at least one free`,
    );
  }
  if (shared.length > 0 && method !== APPROACH3_ID) {
    throw new CompareError(
      `a joint fit with shared parameters needs the ${APPROACH3_ID} method; the series were fitted with ${method}`,
    );
  }
}

/**
 * The verdict on each comparison of `result` at the first budget of `asked` or, with none asked
 * for, at the first budget of the table the Compare view shows (defaultTableBudgets).
 */
function verdictsOf(
  result: RecipeComparison,
  asked: readonly number[],
  level: number,
  prefix = '',
): string[] {
  const ref = result.frontiers[0]!;
  const target = asked[0] ?? defaultTableBudgets(result.frontiers)[0];
  if (target === undefined) return [];
  return result.comparisons.map((c) => {
    const x = result.frontiers.find((f) => f.name === c.series)!;
    const row =
      c.rows.find((r) => r.budget === target) ??
      compareWithReference(x, ref, [target], { level }).rows[0]!;
    return prefix + compareVerdict(c, row, x, ref, level);
  });
}

/**
 * Compares the series of one fit job with the reference: the separate fits at once, then,
 * with `shared` parameters, a joint fit (fitJoint, started from the per-series Approach-3
 * fits) with its likelihood-ratio test. Throws CompareError when the shared parameters are
 * unknown or the method is not Approach 3 with some shared, when fewer than two series were
 * fitted or planned, or when the reference is not among the series (the message lists them);
 * a series that could not be fitted is left out with its reason. Rejects with the abort reason
 * when `job.signal` aborts (checked between the steps of the joint fit, which yields between
 * them).
 */
export async function runComparison(
  input: CompareJobInput,
  job: CompareJob = {},
): Promise<CompareJobResult> {
  const shared = input.shared ?? [];
  const level = input.level ?? 0.95;
  checkShared(input.method, shared);
  const entries = compareEntries(input.method, input.fits, input.plan);
  if (entries.length < 2) {
    throw new CompareError(
      `a comparison needs at least two series; the runs carry ${entries.length === 0 ? 'none' : `only ${JSON.stringify(entries[0]!.name)}`}`,
    );
  }
  const fitted = entries.filter(
    (e): e is Extract<CompareEntry, { frontier: unknown }> => 'frontier' in e,
  );
  const asked = input.budgets ?? [];
  const budgets = asked.length > 0 ? asked : defaultCompareBudgets(fitted.map((e) => e.frontier));
  const separate = compareRecipes(entries, input.reference, budgets, { level });
  const verdicts = verdictsOf(separate, asked, level);
  if (shared.length === 0) return { separate, verdicts };

  job.signal?.throwIfAborted();
  // The joint fit takes the compared series, the reference first (the order of the frontiers).
  const order = separate.frontiers.map((f) => f.name);
  const series: JointSeries[] = order.map((name) => ({
    name,
    runs: input.plan.find((p) => p.series === name)!.runs,
  }));
  const thetas = order.map((name) => {
    const f = input.fits.find((s) => s.series === name);
    return f && 'result' in f ? (f.result as FitResult).best?.theta : undefined;
  });
  const separateThetas = thetas.every((t) => t !== undefined) ? thetas : undefined;
  const fit = await fitJoint(series, shared, input.options, {
    ...(job.signal ? { signal: job.signal } : {}),
    ...(job.onProgress ? { onProgress: (p: FitProgress) => job.onProgress?.(p) } : {}),
    ...(separateThetas ? { separate: separateThetas } : {}),
  });
  job.signal?.throwIfAborted();
  await tick();
  job.signal?.throwIfAborted();
  // Least-squares fits give the exact LR of the Gaussian likelihood; from Huber fits it is
  // refitted by least squares, started from the fits at hand.
  const test =
    input.options.residualLoss === 'squared'
      ? jointLikelihoodRatio(series, fit.separate, fit)
      : await jointLikelihoodRatioTest(series, shared, input.options, {
          ...(job.signal ? { signal: job.signal } : {}),
          separate: fit.separate,
        });
  job.signal?.throwIfAborted();
  const comparison = compareRecipes(
    [
      ...jointFrontiers(fit, series).map((frontier) => ({ name: frontier.name, frontier })),
      ...separate.leftOut,
    ],
    input.reference,
    budgets,
    { level },
  );
  const constantShared = (['E', 'alpha', 'beta'] as const).every((p) => fit.shared.includes(p));
  const constant = constantShared
    ? comparison.comparisons.map((c) => sharedMultiplier(fit, c.series, input.reference, level))
    : [];
  const label = fit.shared.join(', ');
  return {
    separate,
    joint: { fit, test, comparison, constant },
    verdicts: [...verdicts, ...verdictsOf(comparison, asked, level, `With ${label} shared: `)],
  };
}
