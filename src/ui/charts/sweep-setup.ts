/**
 * Setup of the Sweep view: the axes a person can pick, the scenario kind a pair of axes implies,
 * the base scenario of the sweep and the mapping between axis values and pixels. Pure, no DOM.
 */
import { ticks as d3Ticks } from 'd3';
import type { Scenario, ScenarioKind } from '../../law/scenario';
import { axisValue, checkAxis, type SweepAxis } from '../../law/sweep';
import { decadeTicks } from './axes';
import { formatCount, formatLoss, formatScientific } from './format';

/** The fields the Sweep view offers as axes. */
export const SWEEP_VIEW_FIELDS = ['C', 'U', 'Dinf', 'targetLoss', 'mfu'] as const;
export type SweepViewField = (typeof SWEEP_VIEW_FIELDS)[number];

/** Most values per axis in the view (issue 4: up to 1024 x 1024). */
export const MAX_VIEW_RESOLUTION = 1024;

/** Labels of the axis fields. */
export const FIELD_LABELS: Readonly<Record<SweepViewField, string>> = {
  C: 'Budget C (FLOPs)',
  U: 'Unique tokens U',
  Dinf: 'Inference tokens D_inf',
  targetLoss: 'Target loss',
  mfu: 'MFU',
};

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

/** The scenario kind a pair of axes implies, or why the pair cannot be swept. */
export type ImpliedKind =
  | { readonly ok: true; readonly kind: ScenarioKind; readonly note: string }
  | { readonly ok: false; readonly reason: string };

/**
 * The kind implied by two axes: C x U -> data-constrained; C x D_inf -> inference-budget;
 * target loss x D_inf -> inference-target; MFU scales the budget C, so MFU with C is
 * compute-optimal, MFU with U data-constrained, MFU with D_inf inference-budget.
 */
export function impliedKind(a: SweepViewField, b: SweepViewField): ImpliedKind {
  if (a === b) return { ok: false, reason: `both axes sweep ${FIELD_LABELS[a]}: pick two fields` };
  const has = (f: SweepViewField) => a === f || b === f;
  if (has('targetLoss')) {
    if (has('Dinf'))
      return {
        ok: true,
        kind: 'inference-target',
        note: 'least training + inference FLOPs that reach the target loss',
      };
    return {
      ok: false,
      reason: 'target loss can only be swept against inference tokens D_inf (inference-target)',
    };
  }
  if (has('U') && has('Dinf'))
    return {
      ok: false,
      reason: 'unique tokens U and inference tokens D_inf cannot be combined: no solver has both',
    };
  if (has('U'))
    return {
      ok: true,
      kind: 'data-constrained',
      note: 'least loss under budget C with U unique tokens',
    };
  if (has('Dinf'))
    return {
      ok: true,
      kind: 'inference-budget',
      note: 'least loss under a total training + inference budget C',
    };
  return { ok: true, kind: 'compute', note: 'compute-optimal (Chinchilla) under budget C' };
}

/** The fields a kind reads (other than the swept ones). */
const KIND_FIELDS: Readonly<Record<ScenarioKind, readonly (keyof SweepBaseValues)[]>> = {
  compute: ['C'],
  'data-constrained': ['C', 'U'],
  'inference-target': ['Dinf', 'targetLoss'],
  'inference-budget': ['C', 'Dinf'],
  'target-loss': ['targetLoss'],
  'fixed-model': ['C'],
};

/**
 * The base scenario of a sweep: the kind's fields from `values` (swept fields are overwritten
 * per cell). When MFU is swept, C is the budget at MFU 1 and each cell trains on C x MFU.
 */
export function baseScenario(kind: ScenarioKind, values: SweepBaseValues): Scenario {
  const s: { kind: ScenarioKind } & Partial<Record<keyof SweepBaseValues, number>> = { kind };
  for (const f of KIND_FIELDS[kind]) s[f] = values[f];
  return s;
}

/** The fields of the base scenario a person sets: those the kind reads that are not swept. */
export function baseFields(
  kind: ScenarioKind,
  x: SweepAxis,
  y: SweepAxis,
): (keyof SweepBaseValues)[] {
  return KIND_FIELDS[kind].filter((f) => f !== x.field && f !== y.field);
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
  return null;
}

/** All axis values of an axis, as f64. */
export function axisValues(axis: SweepAxis): Float64Array {
  const out = new Float64Array(axis.count);
  for (let i = 0; i < axis.count; i++) out[i] = axisValue(axis, i);
  return out;
}

/** A value of a field in human units. */
export function formatFieldValue(field: SweepViewField | string, v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (field === 'C') return `${formatScientific(v, 3)} FLOPs`;
  if (field === 'mfu') return `${Number((v * 100).toPrecision(3))}%`;
  if (field === 'targetLoss') return formatLoss(v);
  return formatCount(v);
}

/** One tick of a sweep axis, at a pixel position. */
export interface AxisTick {
  readonly at: number;
  readonly label: string;
  readonly major: boolean;
}

/**
 * Maps a sweep axis onto `pixels` (each cell drawn as an equal slice): cell i is centred at
 * (i + 0.5) * pixels / count. `flip` puts index 0 at the far end (a y axis that grows upward).
 */
export interface AxisScale {
  /** Fractional cell index at a pixel. */
  indexAt(px: number): number;
  /** Pixel of a fractional cell index. */
  pixelOf(index: number): number;
  /** Nearest cell at a pixel, or -1 outside. */
  cellAt(px: number): number;
  ticks(): AxisTick[];
}

export function axisScale(axis: SweepAxis, pixels: number, flip = false): AxisScale {
  const n = axis.count;
  const per = pixels / n;
  const toPx = (i: number) => {
    const p = (i + 0.5) * per;
    return flip ? pixels - p : p;
  };
  const toIndex = (px: number) => (flip ? pixels - px : px) / per - 0.5;
  const log = axis.spacing === 'log';
  const f = (v: number) => (log ? Math.log10(v) : v);
  const fMin = f(axis.min);
  const fMax = f(axis.max);
  /** Fractional index of a value (inverse of axisValue). */
  const indexOf = (v: number) =>
    n > 1 && fMax > fMin ? ((f(v) - fMin) / (fMax - fMin)) * (n - 1) : 0;
  const half = n > 1 ? (fMax - fMin) / (n - 1) / 2 : 0;
  return {
    indexAt: toIndex,
    pixelOf: toPx,
    cellAt: (px) => {
      const i = Math.round(toIndex(px));
      return i >= 0 && i < n && px >= 0 && px <= pixels ? i : -1;
    },
    ticks: () => {
      if (n <= 1 || !(fMax > fMin)) return [];
      const lo = fMin - half;
      const hi = fMax + half;
      if (log) {
        return decadeTicks(Math.max(lo, fMin - half), hi, 7).map((t) => ({
          at: toPx(indexOf(10 ** t.log10)),
          label: t.major ? formatFieldValue(axis.field, 10 ** t.log10).replace(' FLOPs', '') : '',
          major: t.major,
        }));
      }
      return d3Ticks(lo, hi, 6).map((v) => ({
        at: toPx(indexOf(v)),
        label: formatFieldValue(axis.field, v),
        major: true,
      }));
    },
  };
}
