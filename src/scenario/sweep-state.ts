/**
 * The Sweep view's slice of the app state: the two axes, the values of the fields that are not
 * swept, the output shown, the replica switches and the cost assumption. Each axis is usable on
 * its own ({@link axisIssue}); whether the pair can be swept is the view's message to show.
 */
import { ACCELERATOR_PRESETS, findAccelerator, priceIssue } from '../law/hardware';
import {
  axisIssue,
  baseValueIssue,
  DEFAULT_BASE_VALUES,
  defaultAxis,
  FIELD_DEFAULTS,
  SWEEP_OUTPUTS,
  SWEEP_VIEW_FIELDS,
  type SweepBaseValues,
  type SweepOutput,
  type SweepViewAxis,
  type SweepViewField,
} from './sweep-fields';

export interface SweepState {
  readonly x: SweepViewAxis;
  readonly y: SweepViewAxis;
  readonly base: SweepBaseValues;
  readonly output: SweepOutput;
  /** Solve the fit's bootstrap replicas too. */
  readonly useReplicas: boolean;
  /** Colour by the 5-95% spread across replicas. */
  readonly showSpread: boolean;
  /** Accelerator preset behind the cost output. */
  readonly accelerator: string;
  /** Price per accelerator-hour behind the cost output. */
  readonly price: number;
}

export const DEFAULT_SWEEP: SweepState = {
  x: defaultAxis('C'),
  y: defaultAxis('U'),
  base: DEFAULT_BASE_VALUES,
  output: 'N',
  useReplicas: false,
  showSpread: false,
  accelerator: ACCELERATOR_PRESETS[0]!.id,
  price: 2,
};

/** The base fields, in display order. */
export const BASE_FIELDS = [
  'C',
  'U',
  'Dinf',
  'targetLoss',
  'mfu',
] as const satisfies readonly (keyof SweepBaseValues)[];

/** Every problem with a sweep slice. */
export function sweepIssues(s: SweepState): string[] {
  const out: string[] = [];
  for (const [axis, name] of [
    [s.x, 'x'],
    [s.y, 'y'],
  ] as const) {
    if (!axis || !SWEEP_VIEW_FIELDS.includes(axis.field)) {
      out.push(`${name} axis: unknown field`);
      continue;
    }
    if (axis.spacing !== 'log' && axis.spacing !== 'linear')
      out.push(`${name} axis: spacing must be log or linear`);
    const issue = axisIssue(axis, name);
    if (issue) out.push(issue);
  }
  for (const f of BASE_FIELDS) {
    const issue = baseValueIssue(f, s.base?.[f]);
    if (issue) out.push(`base ${f} ${issue}`);
  }
  if (!SWEEP_OUTPUTS.includes(s.output)) out.push(`unknown output '${String(s.output)}'`);
  for (const k of ['useReplicas', 'showSpread'] as const)
    if (typeof s[k] !== 'boolean') out.push(`${k} must be true or false`);
  if (typeof s.accelerator !== 'string' || !findAccelerator(s.accelerator))
    out.push(`unknown accelerator '${String(s.accelerator)}'`);
  const price = priceIssue(s.price);
  if (price) out.push(price);
  return out;
}

/** A sweep slice with one axis on another field, at that field's default range. */
export function withAxisField(s: SweepState, which: 'x' | 'y', field: SweepViewField): SweepState {
  return { ...s, [which]: { ...s[which], field, ...FIELD_DEFAULTS[field] } };
}
