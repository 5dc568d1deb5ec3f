/**
 * isoFLOP budgets for Approach 2: runs are grouped by their training compute C (the C column
 * when the runs carry it, else C = k N D). The rule: sort the runs by C; a run joins the budget
 * being built when its C lies within a relative tolerance of that budget's geometric centre
 * (|ln C - ln centre| <= ln(1 + tolerance)), and starts a new budget otherwise. The centre is
 * the geometric mean of the members' C, updated as each run joins.
 */
import type { FitRun } from './types';

/** A run as Approach 2 reads it: a fit run that may carry its training compute C. */
export interface IsoflopRun extends FitRun {
  /** Training compute in FLOPs, when the data gave (or derived) it. */
  readonly C?: number;
  /** Spreadsheet row of the run, when it came from a file. */
  readonly row?: number;
}

/** One isoFLOP budget: its centre and the runs in it (indices into the input, by ascending N). */
export interface Budget {
  /** Geometric mean of the members' C. */
  readonly C: number;
  /** Indices of the member runs in the input array, sorted by N (then by index). */
  readonly runs: readonly number[];
}

/** The budgets of a data set, by ascending C. */
export interface BudgetGrouping {
  readonly budgets: readonly Budget[];
  /** Relative tolerance the grouping used. */
  readonly tolerance: number;
  /** Whether C came from the runs' C (true for all) or from k N D (false). */
  readonly fromColumn: boolean;
}

/** Training compute of a run: its C when it carries one, else k N D. */
export function runCompute(run: IsoflopRun, k: number): number {
  return run.C !== undefined && Number.isFinite(run.C) && run.C > 0 ? run.C : k * run.N * run.D;
}

/**
 * Groups `runs` into isoFLOP budgets by the rule above. `tolerance` is relative (0.05 merges
 * runs within 5% of a budget's centre); `k` is the multiplier in C = k N D for runs without C.
 */
export function groupBudgets(
  runs: readonly IsoflopRun[],
  tolerance: number,
  k: number,
): BudgetGrouping {
  const compute = runs.map((r) => runCompute(r, k));
  const order = compute.map((_, i) => i).sort((i, j) => compute[i]! - compute[j]! || i - j);
  const radius = Math.log1p(tolerance);
  const budgets: Budget[] = [];
  let members: number[] = [];
  let sumLog = 0;
  const close = () => {
    if (members.length === 0) return;
    members.sort((i, j) => runs[i]!.N - runs[j]!.N || i - j);
    budgets.push({ C: Math.exp(sumLog / members.length), runs: members });
    members = [];
    sumLog = 0;
  };
  for (const i of order) {
    const lnC = Math.log(compute[i]!);
    if (members.length > 0 && Math.abs(lnC - sumLog / members.length) > radius) close();
    members.push(i);
    sumLog += lnC;
  }
  close();
  const fromColumn = runs.every((r) => r.C !== undefined && Number.isFinite(r.C) && r.C > 0);
  return { budgets, tolerance, fromColumn };
}

/**
 * Why `grouping` has no isoFLOP structure at all (every budget a single run), or null. Approach
 * 2 needs several runs at one compute; the message says how to bucket them.
 */
export function noBudgetStructure(grouping: BudgetGrouping, runs: number): string | null {
  if (runs < 2 || grouping.budgets.some((b) => b.runs.length > 1)) return null;
  const pct = `${+(grouping.tolerance * 100).toPrecision(3)}%`;
  return `Approach 2 needs isoFLOP groups (several runs at one training compute C), but every one of the ${runs} runs has its own C within the ${pct} bucketing tolerance; give the runs a C column with shared budgets, or raise the tolerance (merge runs whose C lie within a relative tolerance of a budget's centre)`;
}
