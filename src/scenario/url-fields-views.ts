/**
 * The query fields of the Frontier view, the scenario planner and the Sweep view, each checked
 * as the views check their inputs (readout budgets, planner fields, sweep axes, base values).
 */
import { ACCELERATOR_PRESETS, priceIssue } from '../law/hardware';
import { PRESET_IDS } from '../law/presets';
import {
  type FrontierState,
  MAX_READOUT_BUDGETS,
  normaliseOverlays,
  readoutIssue,
} from './frontier-state';
import {
  BUDGET_MODES,
  OPTIONAL_PLANNER_FIELDS,
  PLANNER_NUMBER_FIELDS,
  type PlannerNumberField,
  type PlannerState,
  plannerFieldIssue,
} from './planner-state';
import {
  axisIssue,
  baseValueIssue,
  SWEEP_OUTPUTS,
  SWEEP_VIEW_FIELDS,
  type SweepBaseValues,
  type SweepViewAxis,
} from './sweep-fields';
import { BASE_FIELDS, type SweepState } from './sweep-state';
import { choice, type Draft, type FieldCodec, flag, number, take } from './url-field-kit';
import {
  formatUrlNumber as num,
  quoteValue,
  readChoice,
  readNumber,
  readNumberList,
} from './url-values';

// ---- frontier and planner ------------------------------------------------------------------

function frontierFlag(
  name: string,
  key: 'showKaplan' | 'showRatio' | 'showModels' | 'showSeries',
): FieldCodec {
  return flag(
    name,
    (s) => s.frontier[key],
    (d, v) => {
      d.state.frontier = { ...d.state.frontier, [key]: v };
    },
  );
}

/** Query names of the planner's numbers. */
export const PLANNER_PARAMS: Readonly<Record<PlannerNumberField, string>> = {
  flops: 'C',
  peak: 'peak',
  count: 'count',
  days: 'days',
  mfu: 'mfu',
  price: 'price',
  U: 'U',
  Dinf: 'Dinf',
  targetLoss: 'target',
  q: 'q',
  compareN: 'cmpN',
};

function plannerNumber(field: PlannerNumberField): FieldCodec {
  const setPlanner = (d: Draft, v: number | null) => {
    d.state.planner = { ...d.state.planner, [field]: v } as PlannerState;
  };
  return {
    name: PLANNER_PARAMS[field],
    write: (s) => {
      const v = s.planner[field];
      return v === null ? '' : num(v);
    },
    read: (text, d) => {
      if (text === '' && OPTIONAL_PLANNER_FIELDS.has(field)) {
        setPlanner(d, null);
        return null;
      }
      return take(readNumber(text), (v) => {
        const issue = plannerFieldIssue(field, v);
        if (issue) return issue;
        setPlanner(d, v);
      });
    },
  };
}

const ACCELERATOR_IDS = ACCELERATOR_PRESETS.map((a) => a.id);

export const frontierFields: FieldCodec[] = [
  {
    name: 'ov',
    write: (s) => s.frontier.overlays.join(','),
    read: (text, d) => {
      const ids = text === '' ? [] : normaliseOverlays(text.split(','));
      if (!ids) return `must list preset ids (${PRESET_IDS.join(', ')}); got ${quoteValue(text)}`;
      d.state.frontier = { ...d.state.frontier, overlays: ids } satisfies FrontierState;
      return null;
    },
  },
  frontierFlag('kaplan', 'showKaplan'),
  frontierFlag('ratio', 'showRatio'),
  frontierFlag('models', 'showModels'),
  frontierFlag('fser', 'showSeries'),
  {
    name: 'rb',
    write: (s) => s.frontier.readoutBudgets.map(num).join(','),
    read: (text, d) =>
      take(readNumberList(text, MAX_READOUT_BUDGETS), (v) => {
        const issue = readoutIssue(v);
        if (issue) return issue;
        d.state.frontier = { ...d.state.frontier, readoutBudgets: v };
      }),
  },
  choice(
    'pmode',
    BUDGET_MODES,
    (s) => s.planner.budgetMode,
    (d, v) => {
      d.state.planner = { ...d.state.planner, budgetMode: v };
    },
  ),
  choice(
    'acc',
    ACCELERATOR_IDS,
    (s) => s.planner.accelerator,
    (d, v) => {
      d.state.planner = { ...d.state.planner, accelerator: v };
    },
  ),
  ...PLANNER_NUMBER_FIELDS.map(plannerNumber),
];

// ---- sweep ---------------------------------------------------------------------------------

function sweepAxis(name: string, which: 'x' | 'y'): FieldCodec {
  return {
    name,
    write: (s) => {
      const a = s.sweep[which];
      return `${a.field},${num(a.min)},${num(a.max)},${a.count},${a.spacing}`;
    },
    read: (text, d) => {
      const parts = text.split(',');
      if (parts.length !== 5)
        return 'must be FIELD,MIN,MAX,CELLS,log|linear, like C,1e20,1e26,256,log';
      const field = readChoice(parts[0]!, SWEEP_VIEW_FIELDS);
      if (!field.ok) return `field ${field.reason}`;
      const spacing = readChoice(parts[4]!, ['log', 'linear'] as const);
      if (!spacing.ok) return `spacing ${spacing.reason}`;
      const values = readNumberList(parts.slice(1, 4).join(','), 3);
      if (!values.ok) return values.reason;
      const [min, max, count] = values.value as [number, number, number];
      const axis: SweepViewAxis = { field: field.value, min, max, count, spacing: spacing.value };
      const issue = axisIssue(axis, which);
      if (issue) return issue;
      d.state.sweep = { ...d.state.sweep, [which]: axis };
      return null;
    },
  };
}

/** Query names of the sweep's base values. */
const BASE_PARAMS: Readonly<Record<keyof SweepBaseValues, string>> = {
  C: 'sC',
  U: 'sU',
  Dinf: 'sDinf',
  targetLoss: 'sLoss',
  mfu: 'sMfu',
};

function sweepSet(d: Draft, patch: Partial<SweepState>) {
  d.state.sweep = { ...d.state.sweep, ...patch };
}

export const sweepFields: FieldCodec[] = [
  sweepAxis('sx', 'x'),
  sweepAxis('sy', 'y'),
  ...BASE_FIELDS.map((f) =>
    number(
      BASE_PARAMS[f],
      (s) => s.sweep.base[f],
      (d, v) => sweepSet(d, { base: { ...d.state.sweep.base, [f]: v } }),
      (v) => {
        const issue = baseValueIssue(f, v);
        return issue ? `${f} ${issue}` : null;
      },
    ),
  ),
  choice(
    'out',
    SWEEP_OUTPUTS,
    (s) => s.sweep.output,
    (d, v) => sweepSet(d, { output: v }),
  ),
  flag(
    'reps',
    (s) => s.sweep.useReplicas,
    (d, v) => sweepSet(d, { useReplicas: v }),
  ),
  flag(
    'spread',
    (s) => s.sweep.showSpread,
    (d, v) => sweepSet(d, { showSpread: v }),
  ),
  choice(
    'sacc',
    ACCELERATOR_IDS,
    (s) => s.sweep.accelerator,
    (d, v) => sweepSet(d, { accelerator: v }),
  ),
  number(
    'sprice',
    (s) => s.sweep.price,
    (d, v) => sweepSet(d, { price: v }),
    priceIssue,
  ),
];

/** Every query field, in the order links write them (after `v`). */
