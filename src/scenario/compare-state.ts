/**
 * The Compare view's slice of the app state: the reference series, the budgets of its table,
 * and the parameters a joint fit shares. The per-series fits themselves are not state: they are
 * the Fit view's last fit, recomputed from the runs and options.
 */
import { SHARED_PARAMS, type SharedParam } from '../fit/joint-objective';
import { formatQuantity } from '../law/scenario';
import { MAX_QUANTITY } from './sweep-fields';

export interface CompareState {
  /** The series the others are compared with; null: the first series that fitted. */
  readonly reference: string | null;
  /** Budgets (FLOPs) of the table and the verdicts; empty: chosen from the data. */
  readonly budgets: readonly number[];
  /** Parameters one joint fit shares across series, in {@link SHARED_PARAMS} order; empty: none. */
  readonly shared: readonly SharedParam[];
}

/** Most budgets in the table. */
export const MAX_COMPARE_BUDGETS = 12;

/** Longest reference name a link may carry (as long as a mapped header). */
export const MAX_REFERENCE_NAME = 200;

export const DEFAULT_COMPARE: CompareState = { reference: null, budgets: [], shared: [] };

/** Why a list of table budgets cannot be used, or null (an empty list is the automatic choice). */
export function compareBudgetIssue(budgets: readonly number[]): string | null {
  if (!Array.isArray(budgets)) return 'budgets must be a list';
  if (budgets.length > MAX_COMPARE_BUDGETS)
    return `at most ${MAX_COMPARE_BUDGETS} budgets, got ${budgets.length}`;
  for (const C of budgets) {
    if (typeof C !== 'number' || !(C > 0) || !Number.isFinite(C))
      return `budgets must be positive numbers of FLOPs, got ${formatQuantity(C)}`;
    if (C > MAX_QUANTITY)
      return `budgets must be at most ${formatQuantity(MAX_QUANTITY)}, got ${formatQuantity(C)}`;
  }
  return null;
}

/** Shared parameter names in {@link SHARED_PARAMS} order without repeats; null if one is unknown. */
export function normaliseShared(names: readonly string[]): SharedParam[] | null {
  if (!names.every((n) => (SHARED_PARAMS as readonly string[]).includes(n))) return null;
  return SHARED_PARAMS.filter((p) => names.includes(p));
}

/** Every problem with a compare slice. */
export function compareIssues(c: CompareState): string[] {
  const out: string[] = [];
  if (c.reference !== null) {
    if (typeof c.reference !== 'string' || c.reference.trim() === '')
      out.push('the reference must be a series name or none');
    else if (c.reference.length > MAX_REFERENCE_NAME)
      out.push(`the reference name is longer than ${MAX_REFERENCE_NAME} characters`);
  }
  const budgets = compareBudgetIssue(c.budgets);
  if (budgets) out.push(`budgets: ${budgets}`);
  const shared = Array.isArray(c.shared) ? normaliseShared(c.shared) : null;
  if (!shared || shared.length !== c.shared.length || shared.some((p, i) => p !== c.shared[i]))
    out.push(`shared parameters must be distinct names among ${SHARED_PARAMS.join(', ')}`);
  else if (shared.length === SHARED_PARAMS.length)
    out.push('sharing every parameter leaves nothing to compare; share at most four');
  return out;
}
