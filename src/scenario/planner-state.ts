/**
 * The scenario planner's slice of the app state: the budget (FLOPs, or accelerators x days),
 * the hardware and price, the optional constraints and the model size to compare. Every value
 * here is usable: a field the user typed badly stays a draft in the panel, with the message from
 * {@link plannerFieldIssue}, while the last good value stays here.
 */
import { ACCELERATOR_PRESETS, findAccelerator, mfuIssue, priceIssue } from '../law/hardware';
import type { PlannerInputs } from '../law/planner';
import { formatQuantity } from '../law/scenario';
import { MAX_QUANTITY } from './sweep-fields';

/** How the planner's budget is given. */
export const BUDGET_MODES = ['flops', 'hardware'] as const;
export type BudgetMode = (typeof BUDGET_MODES)[number];

/** The planner's inputs. Optional constraints are null when not set. */
export interface PlannerState {
  readonly budgetMode: BudgetMode;
  /** Training budget C in FLOPs (budget mode 'flops'). */
  readonly flops: number;
  /** Id of an accelerator preset (src/law/hardware.ts). */
  readonly accelerator: string;
  /** Peak FLOP/s per accelerator (the preset's figure unless edited). */
  readonly peak: number;
  readonly count: number;
  /** Training days (budget mode 'hardware'). */
  readonly days: number;
  readonly mfu: number;
  /** Price per accelerator-hour in dollars. */
  readonly price: number;
  /** Unique tokens U, or null for no cap. */
  readonly U: number | null;
  /** Inference tokens D_inf, or null for none. */
  readonly Dinf: number | null;
  /** Target loss, or null for none. */
  readonly targetLoss: number | null;
  /** Data quality q. */
  readonly q: number;
  /** The model size to compare with N_opt, or null for 30% of N_opt. */
  readonly compareN: number | null;
}

/** The numeric fields of the planner. */
export const PLANNER_NUMBER_FIELDS = [
  'flops',
  'peak',
  'count',
  'days',
  'mfu',
  'price',
  'U',
  'Dinf',
  'targetLoss',
  'q',
  'compareN',
] as const;
export type PlannerNumberField = (typeof PLANNER_NUMBER_FIELDS)[number];

/** The fields that may be left empty (null). */
export const OPTIONAL_PLANNER_FIELDS: ReadonlySet<PlannerNumberField> = new Set([
  'U',
  'Dinf',
  'targetLoss',
  'compareN',
]);

export const DEFAULT_PLANNER: PlannerState = {
  budgetMode: 'flops',
  flops: 1e23,
  accelerator: ACCELERATOR_PRESETS[0]!.id,
  peak: ACCELERATOR_PRESETS[0]!.peakFlops,
  count: 1024,
  days: 30,
  mfu: 0.4,
  price: 2,
  U: null,
  Dinf: null,
  targetLoss: null,
  q: 1,
  compareN: null,
};

const LABELS: Readonly<Record<PlannerNumberField, string>> = {
  flops: 'budget C',
  peak: 'peak FLOP/s',
  count: 'accelerator count',
  days: 'days',
  mfu: 'MFU',
  price: 'price per accelerator-hour',
  U: 'unique tokens U',
  Dinf: 'inference tokens D_inf',
  targetLoss: 'target loss',
  q: 'data quality q',
  compareN: 'model size N',
};

/**
 * Why `value` cannot be the planner's `field`, in the words the solvers use, or null. Null is
 * accepted for the optional constraints only.
 */
export function plannerFieldIssue(field: PlannerNumberField, value: number | null): string | null {
  const label = LABELS[field];
  if (value === null)
    return OPTIONAL_PLANNER_FIELDS.has(field) ? null : `${label} must be a number`;
  if (typeof value !== 'number' || !Number.isFinite(value))
    return `${label} must be a finite number, got ${value}`;
  if (field === 'mfu') return mfuIssue(value);
  if (field === 'price') return priceIssue(value);
  if (field === 'Dinf') {
    if (value < 0) return `${label} must be zero or more, got ${formatQuantity(value)}`;
  } else if (value <= 0) return `${label} must be positive, got ${formatQuantity(value)}`;
  if (Math.abs(value) > MAX_QUANTITY)
    return `${label} must be at most ${formatQuantity(MAX_QUANTITY)}, got ${formatQuantity(value)}`;
  return null;
}

/** Every problem with a planner slice (shape, accelerator id and each number). */
export function plannerIssues(p: PlannerState): string[] {
  const out: string[] = [];
  if (!BUDGET_MODES.includes(p.budgetMode)) out.push(`unknown budget mode '${p.budgetMode}'`);
  if (typeof p.accelerator !== 'string' || !findAccelerator(p.accelerator))
    out.push(`unknown accelerator '${String(p.accelerator)}'`);
  for (const f of PLANNER_NUMBER_FIELDS) {
    const issue = plannerFieldIssue(f, p[f]);
    if (issue) out.push(issue);
  }
  return out;
}

/** A planner slice with one number changed. */
export function withPlannerNumber(
  p: PlannerState,
  field: PlannerNumberField,
  value: number | null,
): PlannerState {
  return { ...p, [field]: value };
}

/** A planner slice on another accelerator, with that accelerator's peak throughput. */
export function withAccelerator(p: PlannerState, id: string): PlannerState {
  const preset = findAccelerator(id);
  return preset ? { ...p, accelerator: preset.id, peak: preset.peakFlops } : p;
}

/** What the planner's solvers read. */
export function plannerInputs(p: PlannerState): PlannerInputs {
  return {
    budgetMode: p.budgetMode,
    flops: p.flops,
    hardware: { count: p.count, days: p.days, peakFlops: p.peak, mfu: p.mfu },
    pricePerHour: p.price,
    q: p.q,
    ...(p.U === null ? {} : { U: p.U }),
    ...(p.Dinf === null ? {} : { Dinf: p.Dinf }),
    ...(p.targetLoss === null ? {} : { targetLoss: p.targetLoss }),
  };
}

/** Constraints the Frontier view's curves and bands follow: the planner's U cap and quality. */
export interface PlannerConstraints {
  readonly U?: number;
  readonly q: number;
}

/** The planner's constraints on the Frontier view. */
export function plannerConstraints(p: PlannerState): PlannerConstraints {
  return p.U === null ? { q: p.q } : { U: p.U, q: p.q };
}
