/**
 * Comparing recipes from per-series fits: checks the reference, leaves out (and names) the
 * series that could not be fitted, and compares every other series with the reference at the
 * chosen budgets (src/law/recipe-compare.ts). The Compare view and the CLI's `compare` both
 * read these results, so they show the same numbers.
 */
import { logBudgets } from '../law/bands';
import {
  compareWithReference,
  type SeriesComparison,
  type SeriesFrontier,
} from '../law/recipe-compare';

/** A series ready to compare, or why it cannot be. */
export type CompareEntry =
  | { readonly name: string; readonly frontier: SeriesFrontier }
  | { readonly name: string; readonly problem: string };

/** The outcome of a comparison. */
export interface RecipeComparison {
  readonly reference: string;
  readonly budgets: readonly number[];
  /** Each compared series against the reference, in the order given (the reference excluded). */
  readonly comparisons: readonly SeriesComparison[];
  /** Every series' frontier that took part, the reference first. */
  readonly frontiers: readonly SeriesFrontier[];
  /** Series left out, with the reason. */
  readonly leftOut: readonly { readonly name: string; readonly problem: string }[];
}

/** Why a comparison cannot run at all. */
export class CompareError extends Error {
  override name = 'CompareError';
}

/** Budgets a comparison curve spans by default: a decade below to two decades above the data. */
export function defaultCompareBudgets(frontiers: readonly SeriesFrontier[], count = 49): number[] {
  const lo = Math.min(...frontiers.map((f) => f.budgetRange[0]));
  const hi = Math.max(...frontiers.map((f) => f.budgetRange[1]));
  if (!(lo > 0 && hi >= lo && Number.isFinite(hi))) return [];
  return logBudgets(lo / 10, hi * 100, count);
}

function quoted(name: string): string {
  return JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name);
}

/**
 * Why `reference` cannot be the reference among series `names` (it is not one of them; the
 * message lists them), or null when it can.
 */
export function referenceProblem(names: readonly string[], reference: string): string | null {
  if (names.includes(reference)) return null;
  const listed = names.length > 0 ? names.map(quoted).join(', ') : 'none';
  return `the reference ${quoted(reference)} is not among the series; the series are ${listed}`;
}

/**
 * Compares every fitted series with `reference` at `budgets` (each must be a positive finite
 * number of FLOPs). Throws CompareError when the reference is not among the series (the message
 * lists them), when the reference itself could not be fitted (with its reason), or when no
 * other series could be fitted.
 */
export function compareRecipes(
  entries: readonly CompareEntry[],
  reference: string,
  budgets: readonly number[],
  options: { readonly level?: number } = {},
): RecipeComparison {
  const ref = entries.find((e) => e.name === reference);
  if (!ref) {
    throw new CompareError(
      referenceProblem(
        entries.map((e) => e.name),
        reference,
      )!,
    );
  }
  if ('problem' in ref) {
    throw new CompareError(
      `the reference ${quoted(reference)} could not be fitted: ${ref.problem}`,
    );
  }
  for (const [i, C] of budgets.entries()) {
    if (!(Number.isFinite(C) && C > 0)) {
      throw new CompareError(`budget ${i + 1} (${String(C)}) is not a positive number of FLOPs`);
    }
  }
  const leftOut = entries.filter(
    (e): e is Extract<CompareEntry, { problem: string }> => 'problem' in e,
  );
  const others = entries.filter(
    (e): e is Extract<CompareEntry, { frontier: SeriesFrontier }> =>
      'frontier' in e && e.name !== reference,
  );
  if (others.length === 0) {
    const why = leftOut.map((e) => `${quoted(e.name)}: ${e.problem}`).join('; ');
    throw new CompareError(
      `nothing to compare with ${quoted(reference)}: ${why || 'the runs carry no other series'}`,
    );
  }
  return {
    reference,
    budgets: [...budgets],
    comparisons: others.map((e) =>
      compareWithReference(e.frontier, ref.frontier, budgets, options),
    ),
    frontiers: [ref.frontier, ...others.map((e) => e.frontier)],
    leftOut: leftOut.map((e) => ({ name: e.name, problem: e.problem })),
  };
}
