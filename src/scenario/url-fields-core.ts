/**
 * The query fields of the Surface view and the Fit view: view, law (preset id or constants),
 * grid, colour mode and colour map (`cmap`, shared with the Sweep view), engine, dataset, exclusions, fit options and seed, forecast settings. Each
 * is checked as the app checks it (validateLaw, validateGrid, the fitter's own validation).
 */
import { fitMethodIds } from '../fit/methods';
import { FIT_LIMITS } from '../fit/run-fit';
import type { FitOptions, StartStrategy } from '../fit/types';
import { type SurfaceGrid, validateGrid } from '../law/grid';
import { LAW_FIELDS, type ScalingLaw } from '../law/law';
import { PRESET_IDS } from '../law/presets';
import { validateLaw } from '../law/validate';
import { datasetNameIssue } from './dataset';
import { fitOptionIssues, forecastIssues } from './fit-settings';
import { COLOUR_MAP_CHOICES, COLOUR_MODES, ENGINE_CHOICES, VIEW_IDS } from './state';
import { choice, type FieldCodec, flag, number, take } from './url-field-kit';
import {
  formatRows,
  formatUrlNumber as num,
  quoteValue,
  type Read,
  readInteger,
  readNumberList,
  readRows,
} from './url-values';
import { HASH_PATTERN, MAX_EXCLUDED_ROWS, MAX_ROW_NUMBER, MAX_SEED } from './validate-state';

// ---- law ---------------------------------------------------------------------------------

const LAW_IDS = [...PRESET_IDS, 'custom', 'fit'] as const;

const lawFields: FieldCodec[] = [
  choice(
    'law',
    LAW_IDS,
    (s) => (s.lawSource === 'preset' ? (s.presetId as (typeof LAW_IDS)[number]) : s.lawSource),
    (d, v) => {
      d.lawId = v;
    },
  ),
  ...LAW_FIELDS.map((f) =>
    number(
      f,
      (s) => (s.lawSource === 'preset' ? undefined : s.law[f]),
      (d, v) => {
        d.constants[f] = v;
      },
      (v) => {
        const probe: ScalingLaw = { E: 1, A: 1, B: 1, alpha: 0.3, beta: 0.3, [f]: v };
        return validateLaw(probe)[0]?.message ?? null;
      },
    ),
  ),
];

// ---- surface -----------------------------------------------------------------------------

function gridRange(name: string, axis: 'N' | 'D'): FieldCodec {
  const [lo, hi] =
    axis === 'N' ? (['log10NMin', 'log10NMax'] as const) : (['log10DMin', 'log10DMax'] as const);
  return {
    name,
    write: (s) => `${num(s.grid[lo])},${num(s.grid[hi])}`,
    read: (text, d) =>
      take(readNumberList(text, 2), (v) => {
        if (v.length !== 2) return 'must be two numbers, min,max';
        const grid: SurfaceGrid = { ...d.state.grid, [lo]: v[0], [hi]: v[1] };
        const issue = validateGrid(grid).find((i) => i.field === `log10${axis}`);
        if (issue) return issue.message;
        d.state.grid = grid;
        return null;
      }),
  };
}

export const surfaceFields: FieldCodec[] = [
  choice(
    'view',
    VIEW_IDS,
    (s) => s.view,
    (d, v) => {
      d.state.view = v;
    },
  ),
  ...lawFields,
  gridRange('logN', 'N'),
  gridRange('logD', 'D'),
  {
    name: 'res',
    write: (s) => `${s.grid.width}x${s.grid.height}`,
    read: (text, d) => {
      const m = /^(\d{1,5})(?:x(\d{1,5}))?$/.exec(text);
      if (!m) return `must be WIDTHxHEIGHT, like 1024x1024; got ${quoteValue(text)}`;
      const grid = { ...d.state.grid, width: Number(m[1]), height: Number(m[2] ?? m[1]) };
      const issue = validateGrid(grid).find((i) => i.field === 'width' || i.field === 'height');
      if (issue) return issue.message;
      d.state.grid = grid;
      return null;
    },
  },
  choice(
    'colour',
    COLOUR_MODES,
    (s) => s.colourMode,
    (d, v) => {
      d.state.colourMode = v;
    },
  ),
  choice(
    'cmap',
    COLOUR_MAP_CHOICES,
    (s) => s.colourMap,
    (d, v) => {
      d.state.colourMap = v;
    },
  ),
  choice(
    'engine',
    ENGINE_CHOICES,
    (s) => s.enginePreference,
    (d, v) => {
      d.state.enginePreference = v;
    },
  ),
];

// ---- data and fit --------------------------------------------------------------------------

function fitOption<K extends 'bootstrap' | 'seed' | 'delta'>(name: string, key: K): FieldCodec {
  return number(
    name,
    (s) => s.fitOptions[key],
    (d, v) => {
      d.state.fitOptions = { ...d.state.fitOptions, [key]: v };
    },
    (v, d) => fitOptionIssues({ ...d.state.fitOptions, [key]: v })[0] ?? null,
  );
}

function formatStarts(s: StartStrategy): string {
  if (s.kind === 'grid') return 'grid';
  if (s.kind === 'random') return `random:${s.count}`;
  const t = s.theta;
  return `warm:${[t.a, t.b, t.e, t.alpha, t.beta].map(num).join(',')}`;
}

function readStarts(text: string): Read<StartStrategy> {
  if (text === 'grid') return { ok: true, value: { kind: 'grid' } };
  const [kind, rest] = [text.slice(0, text.indexOf(':')), text.slice(text.indexOf(':') + 1)];
  if (kind === 'random') {
    const count = readInteger(rest, 1, FIT_LIMITS.maxRandomStarts);
    return count.ok ? { ok: true, value: { kind: 'random', count: count.value } } : count;
  }
  if (kind === 'warm') {
    const v = readNumberList(rest, 5);
    if (!v.ok) return v;
    if (v.value.length !== 5)
      return { ok: false, reason: 'warm starts need five numbers a,b,e,alpha,beta' };
    const [a, b, e, alpha, beta] = v.value as [number, number, number, number, number];
    return { ok: true, value: { kind: 'warm', theta: { a, b, e, alpha, beta } } };
  }
  return {
    ok: false,
    reason: `must be grid, random:COUNT or warm:a,b,e,alpha,beta; got ${quoteValue(text)}`,
  };
}

export const dataFields: FieldCodec[] = [
  choice(
    'data',
    ['builtin', 'user'] as const,
    (s) => (s.dataset.source === 'builtin' ? 'builtin' : 'user'),
    (d, v) => {
      d.data.source = v;
    },
  ),
  {
    name: 'dseed',
    write: (s) => (s.dataset.source === 'builtin' ? String(s.dataset.seed) : undefined),
    read: (text, d) =>
      take(readInteger(text, 0, MAX_SEED), (v) => {
        d.data.seed = v;
      }),
  },
  {
    name: 'dname',
    write: (s) => (s.dataset.source === 'builtin' ? undefined : s.dataset.name),
    read: (text, d) => {
      const issue = datasetNameIssue(text);
      if (issue) return issue;
      d.data.name = text;
      return null;
    },
  },
  {
    name: 'dhash',
    write: (s) => (s.dataset.source === 'builtin' ? undefined : s.dataset.hash),
    read: (text, d) => {
      if (!HASH_PATTERN.test(text))
        return `must be 16 lower-case hex digits, got ${quoteValue(text)}`;
      d.data.hash = text;
      return null;
    },
  },
  {
    name: 'ex',
    write: (s) => formatRows(s.excludedRows),
    read: (text, d) =>
      take(readRows(text, MAX_ROW_NUMBER, MAX_EXCLUDED_ROWS), (v) => {
        d.state.excludedRows = v;
      }),
  },
  {
    name: 'starts',
    write: (s) => formatStarts(s.fitOptions.starts),
    read: (text, d) =>
      take(readStarts(text), (starts) => {
        const options: FitOptions = { ...d.state.fitOptions, starts };
        const issue = fitOptionIssues(options)[0];
        if (issue) return issue;
        d.state.fitOptions = options;
      }),
  },
  choice(
    'method',
    () => fitMethodIds(),
    (s) => s.fitMethod,
    (d, v) => {
      d.state.fitMethod = v;
    },
  ),
  fitOption('K', 'bootstrap'),
  fitOption('seed', 'seed'),
  fitOption('delta', 'delta'),
  flag(
    'tie',
    (s) => s.fitOptions.tieExponents,
    (d, v) => {
      d.state.fitOptions = { ...d.state.fitOptions, tieExponents: v };
    },
  ),
  flag(
    'groups',
    (s) => s.fitOptions.resampleGroups,
    (d, v) => {
      d.state.fitOptions = { ...d.state.fitOptions, resampleGroups: v };
    },
  ),
  number(
    'hold',
    (s) => s.forecast.holdOut,
    (d, v) => {
      d.state.forecast = { ...d.state.forecast, holdOut: v };
    },
    (v, d) => forecastIssues({ ...d.state.forecast, holdOut: v })[0] ?? null,
  ),
  number(
    'fK',
    (s) => s.forecast.bootstrap,
    (d, v) => {
      d.state.forecast = { ...d.state.forecast, bootstrap: v };
    },
    (v, d) => forecastIssues({ ...d.state.forecast, bootstrap: v })[0] ?? null,
  ),
];
