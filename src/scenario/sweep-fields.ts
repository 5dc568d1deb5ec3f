/**
 * The Sweep view's domain: which scenario fields it sweeps, their default ranges, the values of
 * the fields that are not swept, the outputs it can show, and the check of one axis. Plain data
 * and pure checks, shared by the app state, its URL codec and the view (src/ui re-exports them).
 */
import { checkAxis, type SweepAxis } from '../law/sweep';

/** The fields the Sweep view offers as axes. */
export const SWEEP_VIEW_FIELDS = ['C', 'U', 'Dinf', 'targetLoss', 'mfu'] as const;
export type SweepViewField = (typeof SWEEP_VIEW_FIELDS)[number];

/** One axis of the Sweep view: a {@link SweepAxis} over a field the view offers. */
export interface SweepViewAxis extends SweepAxis {
  readonly field: SweepViewField;
}

/** Most values per axis in the view: sweeps of up to 1024 x 1024 cells. */
export const MAX_VIEW_RESOLUTION = 1024;

/**
 * Largest magnitude accepted for a budget, a token count or a price in the app state: far beyond
 * anything physical, and it keeps the arithmetic downstream (k N D, costs) finite in f64.
 */
export const MAX_QUANTITY = 1e100;

/** Default range and spacing of each field. */
export const FIELD_DEFAULTS: Readonly<Record<SweepViewField, Omit<SweepAxis, 'field' | 'count'>>> =
  {
    C: { min: 1e20, max: 1e26, spacing: 'log' },
    U: { min: 1e10, max: 1e13, spacing: 'log' },
    Dinf: { min: 1e10, max: 1e14, spacing: 'log' },
    targetLoss: { min: 1.9, max: 2.6, spacing: 'linear' },
    mfu: { min: 0.1, max: 0.7, spacing: 'linear' },
  };

/** Values of the fields that are not swept. C is the budget at MFU 1 when MFU is swept. */
export interface SweepBaseValues {
  readonly C: number;
  readonly U: number;
  readonly Dinf: number;
  readonly targetLoss: number;
  readonly mfu: number;
}

export const DEFAULT_BASE_VALUES: SweepBaseValues = {
  C: 1e23,
  U: 1e12,
  Dinf: 1e13,
  targetLoss: 2.1,
  mfu: 0.4,
};

/** The outputs the Sweep view can colour a cell by. */
export const SWEEP_OUTPUTS = [
  'N',
  'D',
  'tokensPerParam',
  'loss',
  'cost',
  'epochs',
  'savings',
  'lossGap',
  'multiplier',
] as const;
export type SweepOutput = (typeof SWEEP_OUTPUTS)[number];

/** An axis of `field` with its default range and `count` cells. */
export function defaultAxis(field: SweepViewField, count = 256): SweepViewAxis {
  return { field, count, ...FIELD_DEFAULTS[field] };
}

/** The axis problem as the engine would word it (a RangeError naming the axis), or null. */
export function axisIssue(axis: SweepAxis, name: string): string | null {
  try {
    checkAxis(axis, name);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  if (axis.count > MAX_VIEW_RESOLUTION)
    return `${name} axis resolution must be at most ${MAX_VIEW_RESOLUTION}, got ${axis.count}`;
  if (axis.field === 'targetLoss' && axis.min <= 0)
    return `${name} axis: target loss must be positive, got ${axis.min}`;
  if (Math.abs(axis.min) > MAX_QUANTITY || Math.abs(axis.max) > MAX_QUANTITY)
    return `${name} axis range must lie within ±${MAX_QUANTITY}, got ${axis.min}..${axis.max}`;
  return null;
}

/** Why a base value cannot be used (positive and at most {@link MAX_QUANTITY}; MFU in (0, 1]). */
export function baseValueIssue(field: keyof SweepBaseValues, v: number): string | null {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) return 'must be a positive number';
  if (field === 'mfu' && v > 1) return 'must be in (0, 1]';
  if (v > MAX_QUANTITY) return `must be at most ${MAX_QUANTITY}`;
  return null;
}
