/**
 * fast-check arbitraries for valid app states: every field of ScenarioState, each over its whole
 * valid domain (awkward doubles, -0 where zero is allowed, long names in any script), with the
 * law's cross-field rules (preset / custom / fit) kept. Used by the URL and state tests.
 */
import fc from 'fast-check';
import type { ColumnMapping } from '../../src/data/mapping';
import { parseRuns } from '../../src/data/runs';
import { MAX_CANDIDATE_SIDE } from '../../src/fit/design';
import { MAX_CHECK_REPLICAS } from '../../src/fit/design-check';
import type { CandidateSpec } from '../../src/fit/design-spec';
import { SHARED_PARAMS } from '../../src/fit/joint-objective';
import { fitMethodIds } from '../../src/fit/methods';
import { FIT_LIMITS } from '../../src/fit/run-fit';
import type { FitOptions, StartStrategy } from '../../src/fit/types';
import { GRID_LIMITS, type SurfaceGrid } from '../../src/law/grid';
import { ACCELERATOR_PRESETS } from '../../src/law/hardware';
import type { ScalingLaw } from '../../src/law/law';
import { PRESET_IDS, PRESETS } from '../../src/law/presets';
import { MAX_EXPONENT } from '../../src/law/validate';
import { type CompareState, MAX_COMPARE_BUDGETS } from '../../src/scenario/compare-state';
import {
  builtinRef,
  type DatasetRef,
  datasetNameIssue,
  isWellFormedText,
  missingRef,
  type UserDatasetRef,
  userRef,
} from '../../src/scenario/dataset';
import {
  type DesignState,
  MAX_CHECK_BOOTSTRAP,
  MAX_PLAN_RUNS,
} from '../../src/scenario/design-state';
import { type FrontierState, MAX_READOUT_BUDGETS } from '../../src/scenario/frontier-state';
import type { PlannerState } from '../../src/scenario/planner-state';
import {
  COLOUR_MAP_CHOICES,
  COLOUR_MODES,
  ENGINE_CHOICES,
  type ForecastSettings,
  presetIdOf,
  type ScenarioState,
  VIEW_IDS,
} from '../../src/scenario/state';
import {
  FIELD_DEFAULTS,
  MAX_QUANTITY,
  MAX_VIEW_RESOLUTION,
  SWEEP_OUTPUTS,
  SWEEP_VIEW_FIELDS,
  type SweepViewAxis,
} from '../../src/scenario/sweep-fields';
import type { SweepState } from '../../src/scenario/sweep-state';
import { MAX_SEED } from '../../src/scenario/validate-state';

/** A record with an ordinary prototype (fast-check may otherwise make null-prototype ones). */
function rec<T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<T> {
  return fc.record(model, { noNullPrototype: true }) as fc.Arbitrary<T>;
}

/** A positive double up to `max`, subnormals included. */
export const positive = (max = MAX_QUANTITY) =>
  fc.double({ min: Number.MIN_VALUE, max, noNaN: true, noDefaultInfinity: true });

/** A finite double in [min, max]; -0 included when min is -0. */
const within = (min: number, max: number) =>
  fc.double({ min, max, noNaN: true, noDefaultInfinity: true });

const finite = () => fc.double({ noNaN: true, noDefaultInfinity: true });

export const lawArb: fc.Arbitrary<ScalingLaw> = rec({
  E: positive(Number.MAX_VALUE),
  A: positive(Number.MAX_VALUE),
  B: positive(Number.MAX_VALUE),
  alpha: positive(MAX_EXPONENT),
  beta: positive(MAX_EXPONENT),
});

type LawPart = Pick<ScenarioState, 'presetId' | 'law' | 'lawSource'>;

export const lawPartArb: fc.Arbitrary<LawPart> = fc.oneof(
  fc
    .constantFrom(...PRESETS)
    .map((p) => ({ presetId: p.id, law: p.law, lawSource: 'preset' as const })),
  lawArb
    .filter((law) => presetIdOf(law) === 'custom')
    .map((law) => ({ presetId: 'custom' as const, law, lawSource: 'custom' as const })),
  lawArb.map((law) => ({ presetId: 'custom' as const, law, lawSource: 'fit' as const })),
);

const rangeArb = fc
  .tuple(within(-0, GRID_LIMITS.maxLog10), within(-0, GRID_LIMITS.maxLog10))
  .filter(([a, b]) => a !== b)
  .map(([a, b]): [number, number] => (a < b ? [a, b] : [b, a]));

export const gridArb: fc.Arbitrary<SurfaceGrid> = rec({
  n: rangeArb,
  d: rangeArb,
  width: fc.integer({ min: 1, max: GRID_LIMITS.maxSide }),
  height: fc.integer({ min: 1, max: GRID_LIMITS.maxSide }),
}).map(({ n, d, width, height }) => ({
  log10NMin: n[0],
  log10NMax: n[1],
  log10DMin: d[0],
  log10DMax: d[1],
  width,
  height,
}));

/** Names a person could give a dataset: any script, spaces, markup, up to 200 characters. */
export const nameArb = fc
  .oneof(
    fc.string({ minLength: 1, maxLength: 200, unit: 'grapheme' }),
    fc.constantFrom('runs.csv', '<script>alert(1)</script>.csv', 'Läufe (März) 100%+&=#?.csv'),
  )
  .filter((n) => datasetNameIssue(n) === null);

export const hashArb = fc.stringMatching(/^[0-9a-f]{16}$/);

const noteArb = fc
  .string({ maxLength: 12, unit: 'grapheme' })
  .filter((s) => /^[^,"\r\n;\t]*$/.test(s) && s.trim() === s && isWellFormedText(s));

/** A CSV of 6 to 24 fittable runs with a free-text column, and its reference. */
export const userDataArb: fc.Arbitrary<UserDatasetRef> = rec({
  name: nameArb,
  runs: fc.array(
    rec({
      N: within(1e6, 1e12),
      D: within(1e8, 1e13),
      loss: within(1.5, 5),
      note: noteArb,
    }),
    { minLength: 6, maxLength: 24 },
  ),
})
  .filter(
    ({ runs }) => new Set(runs.map((r) => r.N)).size > 1 && new Set(runs.map((r) => r.D)).size > 1,
  )
  .map(({ name, runs }) => {
    const csv = [
      'params,tokens,loss,note',
      ...runs.map((r) => `${r.N},${r.D},${r.loss},${r.note}`),
    ].join('\n');
    const made = userRef(name, csv, parseRuns(csv));
    if ('refused' in made) throw new Error(`generated CSV refused: ${made.refused}`);
    return made.ref;
  });

export const builtinArb = fc.integer({ min: 0, max: MAX_SEED }).map((seed) => builtinRef(seed));

export const missingArb = fc.tuple(nameArb, hashArb).map(([name, hash]) => missingRef(name, hash));

export const rowsArb = fc
  .uniqueArray(fc.integer({ min: 1, max: 10_000_000 }), { maxLength: 40 })
  .map((rows) => rows.sort((a, b) => a - b));

const startsArb: fc.Arbitrary<StartStrategy> = fc.oneof(
  fc.constant({ kind: 'grid' as const }),
  fc
    .integer({ min: 1, max: FIT_LIMITS.maxRandomStarts })
    .map((count) => ({ kind: 'random' as const, count })),
  rec({ a: finite(), b: finite(), e: finite(), alpha: finite(), beta: finite() }).map((theta) => ({
    kind: 'warm' as const,
    theta,
  })),
);

/** A double in (lo, hi]. */
const above = (lo: number, hi: number) =>
  fc.double({ min: lo, max: hi, minExcluded: true, noNaN: true });

/** The optional objective and isoFLOP choices, each present or absent. */
const methodChoicesArb = fc.record(
  {
    residualLoss: fc.constantFrom('huber' as const, 'squared' as const),
    deltaRule: above(0, 100).map((constant) => ({ kind: 'scaled' as const, constant })),
    overPenalty: fc.double({ min: 1, max: 1000, noNaN: true }),
    weighting: fc.constantFrom('none' as const, 'column' as const, 'sqrt-compute' as const),
    fixed: fc.record(
      { E: above(0, 100), alpha: above(0, 3) },
      { requiredKeys: [], noNullPrototype: true },
    ),
    tolerance: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
    target: fc.constantFrom('loss' as const, 'log-loss' as const),
  },
  { requiredKeys: [], noNullPrototype: true },
);

export const fitOptionsArb: fc.Arbitrary<FitOptions> = fc
  .tuple(
    rec<FitOptions>({
      starts: startsArb,
      bootstrap: fc.integer({ min: 0, max: FIT_LIMITS.maxBootstrap }),
      seed: fc.integer({ min: 0, max: 0xffffffff }),
      delta: positive(Number.MAX_VALUE),
      tieExponents: fc.boolean(),
      resampleGroups: fc.boolean(),
    }),
    methodChoicesArb,
  )
  .map(([base, choices]) => {
    const { fixed, ...rest } = choices;
    return {
      ...base,
      ...rest,
      ...(fixed && Object.keys(fixed).length > 0 ? { fixed } : {}),
    };
  });

export const forecastArb: fc.Arbitrary<ForecastSettings> = rec({
  holdOut: fc.double({ min: Number.MIN_VALUE, max: 1, maxExcluded: true, noNaN: true }),
  bootstrap: fc.integer({ min: 0, max: FIT_LIMITS.maxBootstrap }),
});

export const frontierArb: fc.Arbitrary<FrontierState> = rec({
  overlays: fc.subarray([...PRESET_IDS]),
  showKaplan: fc.boolean(),
  showRatio: fc.boolean(),
  showModels: fc.boolean(),
  showSeries: fc.boolean(),
  readoutBudgets: fc.array(positive(), { minLength: 1, maxLength: MAX_READOUT_BUDGETS }),
});

/** A compare slice: a reference name (any text), table budgets, at most four shared parameters. */
export const compareArb: fc.Arbitrary<CompareState> = rec({
  reference: fc.option(
    fc.string({ minLength: 1, maxLength: 30, unit: 'grapheme' }).filter((t) => t.trim() !== ''),
    { nil: null },
  ),
  budgets: fc.array(positive(), { maxLength: MAX_COMPARE_BUDGETS }),
  shared: fc
    .subarray([...SHARED_PARAMS], { maxLength: SHARED_PARAMS.length - 1 })
    .map((ps) => SHARED_PARAMS.filter((p) => ps.includes(p))),
});

/** An ascending pair of positive numbers. */
const spanArb = fc
  .tuple(positive(), positive())
  .map(([a, b]) => (a <= b ? [a, b] : [b, a]) as readonly [number, number]);

const candidatesArb: fc.Arbitrary<CandidateSpec | null> = fc.oneof(
  fc.constant(null),
  rec({ kind: fc.constant('nd' as const), N: spanArb, D: spanArb }),
  fc.record(
    {
      kind: fc.constant('budgets-sizes' as const),
      C: spanArb,
      N: spanArb,
      rows: fc.integer({ min: 1, max: MAX_CANDIDATE_SIDE }),
    },
    { requiredKeys: ['kind', 'C'], noNullPrototype: true },
  ),
);

/** A design slice; the plan's N and D have four significant digits, as the view stores them. */
export const designArb: fc.Arbitrary<DesignState> = rec({
  target: fc.oneof(
    rec({ kind: fc.constantFrom('nopt' as const, 'dopt' as const), budget: positive() }),
    rec({ kind: fc.constant('exponent' as const) }),
    rec({ kind: fc.constant('loss' as const), N: positive(), D: positive() }),
  ),
  budgetFlops: positive(),
  candidates: candidatesArb,
  side: fc.integer({ min: 1, max: MAX_CANDIDATE_SIDE }),
  classicK: fc.integer({ min: 1, max: 64 }),
  maxRuns: fc.integer({ min: 1, max: MAX_PLAN_RUNS }),
  checkReplicas: fc.integer({ min: 1, max: MAX_CHECK_REPLICAS }),
  checkBootstrap: fc.integer({ min: 10, max: MAX_CHECK_BOOTSTRAP }),
  plan: fc.array(
    rec({ N: positive(), D: positive() }).map((p) => ({
      N: Number(p.N.toPrecision(4)),
      D: Number(p.D.toPrecision(4)),
    })),
    { maxLength: 8 },
  ),
});

const accArb = fc.constantFrom(...ACCELERATOR_PRESETS.map((a) => a.id));
const orNull = (a: fc.Arbitrary<number>) => fc.option(a, { nil: null });

export const plannerArb: fc.Arbitrary<PlannerState> = rec({
  budgetMode: fc.constantFrom('flops' as const, 'hardware' as const),
  flops: positive(),
  accelerator: accArb,
  peak: positive(),
  count: positive(),
  days: positive(),
  mfu: fc.double({ min: Number.MIN_VALUE, max: 1, noNaN: true }),
  price: within(-0, MAX_QUANTITY),
  U: orNull(positive()),
  Dinf: orNull(within(-0, MAX_QUANTITY)),
  targetLoss: orNull(positive()),
  q: positive(),
  compareN: orNull(positive()),
});

const axisArb: fc.Arbitrary<SweepViewAxis> = rec({
  field: fc.constantFrom(...SWEEP_VIEW_FIELDS),
  spacing: fc.constantFrom('log' as const, 'linear' as const),
  count: fc.integer({ min: 1, max: MAX_VIEW_RESOLUTION }),
  a: fc.double({ min: 0, max: 1, noNaN: true }),
  b: fc.double({ min: 0, max: 1, noNaN: true }),
  wild: fc.tuple(within(-MAX_QUANTITY, MAX_QUANTITY), within(-MAX_QUANTITY, MAX_QUANTITY)),
  useWild: fc.boolean(),
}).map(({ field, spacing, count, a, b, wild, useWild }) => {
  const positiveOnly = spacing === 'log' || field === 'targetLoss' || field === 'mfu';
  let [lo, hi] = useWild && !positiveOnly ? wild : [a, b];
  if (lo > hi) [lo, hi] = [hi, lo];
  if (field === 'mfu')
    return { field, spacing, count, min: Math.max(lo, 0.001), max: Math.max(hi, 0.001) };
  if (positiveOnly) {
    const d = FIELD_DEFAULTS[field];
    const scale = d.max * 10;
    return {
      field,
      spacing,
      count,
      min: Math.max(lo * scale, 1e-6),
      max: Math.max(hi * scale, 1e-6),
    };
  }
  return { field, spacing, count, min: lo, max: hi };
});

export const sweepArb: fc.Arbitrary<SweepState> = rec({
  x: axisArb,
  y: axisArb,
  base: rec({
    C: positive(),
    U: positive(),
    Dinf: positive(),
    targetLoss: positive(),
    mfu: fc.double({ min: Number.MIN_VALUE, max: 1, noNaN: true }),
  }),
  output: fc.constantFrom(...SWEEP_OUTPUTS),
  useReplicas: fc.boolean(),
  showSpread: fc.boolean(),
  accelerator: accArb,
  price: within(-0, MAX_QUANTITY),
});

/** A column or series name: non-empty text, commas, colons and percent signs included. */
const headerNameArb = fc
  .string({ minLength: 1, maxLength: 30, unit: 'grapheme' })
  .filter((t) => t.trim() !== '');

/** A column mapping with N mapped and any of the other fields, multipliers and reduction. */
const mappingArb = fc.record(
  {
    fields: fc.record(
      { N: headerNameArb, D: headerNameArb, loss: headerNameArb, series: headerNameArb },
      { requiredKeys: ['N'], noNullPrototype: true },
    ),
    scale: fc.record(
      { N: fc.constantFrom(1e3, 1e6, 1e9, 2.5), D: fc.constantFrom(1e6, 1e9) },
      { requiredKeys: [], noNullPrototype: true },
    ),
    perRun: fc.constantFrom('all' as const, 'last-step' as const, 'min-loss' as const),
  },
  { requiredKeys: ['fields', 'scale'], noNullPrototype: true },
);

/** A valid state with the given dataset arbitrary. */
export function stateArb(dataset: fc.Arbitrary<DatasetRef>): fc.Arbitrary<ScenarioState> {
  return rec({
    lawPart: lawPartArb,
    grid: gridArb,
    colourMode: fc.constantFrom(...COLOUR_MODES),
    colourMap: fc.constantFrom(...COLOUR_MAP_CHOICES),
    enginePreference: fc.constantFrom(...ENGINE_CHOICES),
    view: fc.constantFrom(...VIEW_IDS),
    dataset,
    excludedRows: rowsArb,
    fitOptions: fitOptionsArb,
    fitMethod: fc.constantFrom(...fitMethodIds()),
    columnMapping: fc.option(mappingArb, { nil: null }),
    seriesSelection: fc.uniqueArray(headerNameArb, { maxLength: 4 }),
    forecast: forecastArb,
    compare: compareArb,
    design: designArb,
    frontier: frontierArb,
    planner: plannerArb,
    sweep: sweepArb,
    mapsUserData: fc.boolean(),
  }).map(({ lawPart, mapsUserData, ...rest }) => ({
    ...lawPart,
    ...rest,
    // A link's data is read through its mapping, so a user file's mapping must read its text
    // (as in the app, which sets the two together): none, or the file's own columns.
    ...(rest.dataset.source === 'user'
      ? { columnMapping: mapsUserData ? USER_DATA_MAPPING : null }
      : {}),
  }));
}

/** A mapping that reads the CSVs of userDataArb as their header names do. */
const USER_DATA_MAPPING: ColumnMapping = {
  fields: { N: 'params', D: 'tokens', loss: 'loss' },
  scale: {},
};

/** Valid states whose data a link can carry without the fragment (built-in or named only). */
export const shareableStateArb = stateArb(fc.oneof(builtinArb, missingArb));

/** Splits a relative link into its query and fragment, as `location` would. */
export function parts(link: string): [string, string] {
  const i = link.indexOf('#');
  return i < 0 ? [link, ''] : [link.slice(0, i), link.slice(i)];
}
