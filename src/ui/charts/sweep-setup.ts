/**
 * Setup of the Sweep view: the axes' labels, the scenario kind a pair of axes implies, the base
 * scenario of the sweep and the mapping between axis values and pixels. Pure, no DOM. The
 * domain (fields, defaults, base values, the axis check) lives in src/scenario/sweep-fields.ts,
 * as the app state holds it; it is re-exported here for the view.
 */
import { ticks as d3Ticks } from 'd3';
import { priceIssue } from '../../law/hardware';
import type { Scenario, ScenarioKind } from '../../law/scenario';
import { kindFields, kindForAxes } from '../../law/scenario-policy';
import { axisValue, type SweepAxis } from '../../law/sweep';
import {
  baseValueIssue,
  axisIssue as checkViewAxis,
  type SweepBaseValues,
  type SweepViewField,
} from '../../scenario/sweep-fields';
import { BASE_FIELDS, type SweepState } from '../../scenario/sweep-state';
import { formatUrlNumber } from '../../scenario/url-values';
import { decadeTicks } from './axes';
import { formatCount, formatLoss, formatScientific, parseNumber } from './format';

export {
  axisIssue,
  DEFAULT_BASE_VALUES,
  FIELD_DEFAULTS,
  MAX_VIEW_RESOLUTION,
  SWEEP_VIEW_FIELDS,
  type SweepBaseValues,
  type SweepViewField,
} from '../../scenario/sweep-fields';

/** Labels of the axis fields. */
export const FIELD_LABELS: Readonly<Record<SweepViewField, string>> = {
  C: 'Budget C (FLOPs)',
  U: 'Unique tokens U',
  Dinf: 'Inference tokens D_inf',
  targetLoss: 'Target loss',
  mfu: 'MFU',
};

/** The scenario kind a pair of axes implies, or why the pair cannot be swept. */
export type ImpliedKind =
  | { readonly ok: true; readonly kind: ScenarioKind; readonly note: string }
  | { readonly ok: false; readonly reason: string };

/** The kind implied by two axes (the policy: kindForAxes in src/law/scenario-policy.ts). */
export function impliedKind(a: SweepViewField, b: SweepViewField): ImpliedKind {
  return kindForAxes(a, b, (f) => FIELD_LABELS[f]);
}

/**
 * The base scenario of a sweep: the kind's fields from `values` (swept fields are overwritten
 * per cell). When MFU is swept, C is the budget at MFU 1 and each cell trains on C x MFU.
 */
export function baseScenario(kind: ScenarioKind, values: SweepBaseValues): Scenario {
  const s: { kind: ScenarioKind } & Partial<Record<keyof SweepBaseValues, number>> = { kind };
  for (const f of kindFields(kind)) if (f !== 'N') s[f] = values[f];
  return s;
}

/** The fields of the base scenario a person sets: those the kind reads that are not swept. */
export function baseFields(
  kind: ScenarioKind,
  x: SweepAxis,
  y: SweepAxis,
): (keyof SweepBaseValues)[] {
  return kindFields(kind).flatMap((f) => (f !== 'N' && f !== x.field && f !== y.field ? [f] : []));
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

/** A number as an input shows it: the shortest text that reads back as exactly that value. */
export function inputText(x: number): string {
  return formatUrlNumber(x);
}

/** Keys of the Sweep view's text fields: `x.min`, `y.count`, `base.C`, `price`. */
export type SweepTextKey =
  | `${'x' | 'y'}.${'min' | 'max' | 'count'}`
  | `base.${keyof SweepBaseValues}`
  | 'price';

/**
 * What the Sweep view's typed texts stand for. `shown` has every text applied, usable or not
 * (for the messages and the Run button); `usable` has the texts of each part (an axis, a base
 * value, the price) applied only where that part passes its check, so the state keeps the last
 * good value of a part that does not.
 */
export function applySweepTexts(
  s: SweepState,
  texts: Partial<Record<SweepTextKey, string>>,
): { shown: SweepState; usable: SweepState } {
  const read = (key: SweepTextKey, fallback: number) => {
    const t = texts[key];
    return t === undefined ? fallback : parseNumber(t);
  };
  const axis = (which: 'x' | 'y') => ({
    ...s[which],
    min: read(`${which}.min`, s[which].min),
    max: read(`${which}.max`, s[which].max),
    count: read(`${which}.count`, s[which].count),
  });
  const shownBase = { ...s.base };
  for (const f of BASE_FIELDS) shownBase[f] = read(`base.${f}`, s.base[f]);
  const shown: SweepState = {
    ...s,
    x: axis('x'),
    y: axis('y'),
    base: shownBase,
    price: read('price', s.price),
  };
  const usableBase = { ...s.base };
  for (const f of BASE_FIELDS)
    if (baseValueIssue(f, shownBase[f]) === null) usableBase[f] = shownBase[f];
  const usable: SweepState = {
    ...s,
    x: checkViewAxis(shown.x, 'x') === null ? shown.x : s.x,
    y: checkViewAxis(shown.y, 'y') === null ? shown.y : s.y,
    base: usableBase,
    price: priceIssue(shown.price) === null ? shown.price : s.price,
  };
  return { shown, usable };
}
