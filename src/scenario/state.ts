/**
 * The app state: one plain, immutable, versioned object held by the app shell. Components render
 * from it and send changes back as events; the shell applies them with the functions here, and
 * the URL codec (url-codec.ts) writes it into the address bar and reads it back. Fit results are
 * not state: a fitted law travels as its constants plus the seed and options that reproduce it.
 */

import type { ColourMode } from '../colour/colour-map';
import type { ColourMapName } from '../colour/colour-maps';
import type { ColumnMapping } from '../data/mapping';
import type { EnginePreference } from '../engine/manager';
import type { IsoflopChoices } from '../fit/approach2';
import { DEFAULT_FIT_METHOD } from '../fit/methods';
import { DEFAULT_FIT_OPTIONS, type FitOptions } from '../fit/types';
import { DEFAULT_GRID, type SurfaceGrid } from '../law/grid';
import { LAW_FIELDS, type ScalingLaw } from '../law/law';
import { DEFAULT_PRESET_ID, findPreset, PRESETS, type PresetId } from '../law/presets';
import { type CompareState, DEFAULT_COMPARE } from './compare-state';
import { builtinRef, type DatasetRef } from './dataset';
import { DEFAULT_DESIGN, type DesignState } from './design-state';
import { DEFAULT_FRONTIER, type FrontierState } from './frontier-state';
import { DEFAULT_PLANNER, type PlannerState } from './planner-state';
import { DEFAULT_SWEEP, type SweepState } from './sweep-state';

export type { CompareState } from './compare-state';
export type { DesignState } from './design-state';
export type { FrontierState } from './frontier-state';
export type { PlannerState } from './planner-state';
export type { SweepState } from './sweep-state';

/** Version of the state's shape and of its URL encoding; url-migrate.ts reads older ones. */
export const STATE_VERSION = 1;

/** Where the active law came from: a preset, hand edits, or the last fit. */
export const LAW_SOURCES = ['preset', 'custom', 'fit'] as const;
export type LawSource = (typeof LAW_SOURCES)[number];

/** The views, in tab order. */
export const VIEW_IDS = [
  'surface',
  'fit',
  'compare',
  'design',
  'frontier',
  'sweep',
  'bench',
] as const;
export type ViewId = (typeof VIEW_IDS)[number];

/** The colour modes of the Surface view (a record, so a new mode cannot be forgotten here). */
const COLOUR_MODE_SET: Readonly<Record<ColourMode, true>> = { 'log-reducible': true, linear: true };
export const COLOUR_MODES = Object.keys(COLOUR_MODE_SET) as readonly ColourMode[];

/**
 * The colour maps of the heatmaps, in the order of src/colour/colour-maps.ts (a record, so a new
 * map cannot be forgotten here; listed here so the state does not load d3).
 */
const COLOUR_MAP_SET: Readonly<Record<ColourMapName, true>> = {
  viridis: true,
  cividis: true,
  magma: true,
  inferno: true,
  plasma: true,
};
export const COLOUR_MAP_CHOICES = Object.keys(COLOUR_MAP_SET) as readonly ColourMapName[];

/** The engine preferences (listed here so the state does not load the engines). */
const ENGINE_SET: Readonly<Record<EnginePreference, true>> = { auto: true, gpu: true, cpu: true };
export const ENGINE_CHOICES = Object.keys(ENGINE_SET) as readonly EnginePreference[];

/** Settings of the hold-out forecast check. */
export interface ForecastSettings {
  /** Share of runs, by highest compute, held out (between 0 and 1). */
  readonly holdOut: number;
  /** Bootstrap replicas of the forecast fit (smaller than the main fit's by default, for speed). */
  readonly bootstrap: number;
}

/** Everything the views need to reproduce what they show (fit results excepted: they are recomputed). */
export interface ScenarioState {
  /** The preset the law came from, or 'custom' once any constant was edited or a fit applied. */
  readonly presetId: PresetId | 'custom';
  readonly law: ScalingLaw;
  readonly grid: SurfaceGrid;
  readonly colourMode: ColourMode;
  /** The colour map of every heatmap (Surface and Sweep views, and their exports). */
  readonly colourMap: ColourMapName;
  readonly enginePreference: EnginePreference;
  /** Where {@link law} came from; 'fit' once a fit was applied, until a control changes it. */
  readonly lawSource: LawSource;
  readonly view: ViewId;
  /** The runs in use; the parsed import is derived from it. */
  readonly dataset: DatasetRef;
  /** Spreadsheet row numbers the user excluded from fits, ascending. */
  readonly excludedRows: readonly number[];
  /** How the user's file maps to run fields; null: headers matched by name. */
  readonly columnMapping: ColumnMapping | null;
  /** The series that fits and charts use; empty: every series. */
  readonly seriesSelection: readonly string[];
  /** The Approach-3 options, with the isoFLOP choices Approach 2 and the compute-only law read. */
  readonly fitOptions: FitOptions & IsoflopChoices;
  /** Id of the fit method (src/fit/methods.ts); the default is left out of links. */
  readonly fitMethod: string;
  readonly forecast: ForecastSettings;
  /** The Compare view's reference series, table budgets and shared parameters. */
  readonly compare: CompareState;
  /** The Design view's target, budget, region, sizes and last plan. */
  readonly design: DesignState;
  /** The Frontier view's overlays, rules and readout budgets. */
  readonly frontier: FrontierState;
  /** The scenario planner's inputs (the Frontier view's side panel). */
  readonly planner: PlannerState;
  /** The Sweep view's axes, base values, output and cost assumption. */
  readonly sweep: SweepState;
}

/** The state the app opens on: the rounded Hoffmann 2022 law, a 1024 x 1024 grid. */
export const DEFAULT_STATE: ScenarioState = {
  presetId: DEFAULT_PRESET_ID,
  law: findPreset(DEFAULT_PRESET_ID)!.law,
  grid: DEFAULT_GRID,
  colourMode: 'log-reducible',
  colourMap: 'viridis',
  enginePreference: 'auto',
  lawSource: 'preset',
  view: 'surface',
  dataset: builtinRef(1),
  excludedRows: [],
  columnMapping: null,
  seriesSelection: [],
  fitOptions: DEFAULT_FIT_OPTIONS,
  fitMethod: DEFAULT_FIT_METHOD,
  forecast: { holdOut: 0.2, bootstrap: 1000 },
  compare: DEFAULT_COMPARE,
  design: DEFAULT_DESIGN,
  frontier: DEFAULT_FRONTIER,
  planner: DEFAULT_PLANNER,
  sweep: DEFAULT_SWEEP,
};

/** True when two laws have the same five constants. */
export function sameLaw(a: ScalingLaw, b: ScalingLaw): boolean {
  return LAW_FIELDS.every((f) => a[f] === b[f]);
}

/** The preset whose constants equal `law`, else 'custom'. */
export function presetIdOf(law: ScalingLaw): PresetId | 'custom' {
  return PRESETS.find((p) => sameLaw(p.law, law))?.id ?? 'custom';
}

/** A state with a new law; the preset id follows (a preset's own constants keep its id). */
export function withLaw(state: ScenarioState, law: ScalingLaw): ScenarioState {
  const presetId = presetIdOf(law);
  return { ...state, law, presetId, lawSource: presetId === 'custom' ? 'custom' : 'preset' };
}

/** A state whose active law is a fit's best law. */
export function withFittedLaw(state: ScenarioState, law: ScalingLaw): ScenarioState {
  return { ...state, law, presetId: 'custom', lawSource: 'fit' };
}

/**
 * A state on another dataset. Exclusions belong to the old one and are cleared, except when the
 * new data is the very data a shared link named without including it (same content hash).
 */
export function withDataset(state: ScenarioState, dataset: DatasetRef): ScenarioState {
  const sameRuns = state.dataset.source === 'missing' && state.dataset.hash === dataset.hash;
  return { ...state, dataset, excludedRows: sameRuns ? state.excludedRows : [] };
}

/** A state with one row excluded (`excluded`) or included again. */
export function withRowExcluded(
  state: ScenarioState,
  row: number,
  excluded: boolean,
): ScenarioState {
  const rows = state.excludedRows.filter((r) => r !== row);
  if (excluded) rows.push(row);
  return { ...state, excludedRows: rows.sort((a, b) => a - b) };
}

/** A state on a preset's law; unknown ids leave the state as it is. */
export function withPreset(state: ScenarioState, id: string): ScenarioState {
  const preset = findPreset(id);
  return preset ? { ...state, presetId: preset.id, law: preset.law, lawSource: 'preset' } : state;
}

/**
 * A state with a partial update applied (grid, colour mode or map, engine preference, view,
 * options).
 */
export function withChanges(state: ScenarioState, changes: Partial<ScenarioState>): ScenarioState {
  return { ...state, ...changes };
}

/** A state with the Compare view's slice replaced. */
export function withCompare(state: ScenarioState, compare: CompareState): ScenarioState {
  return { ...state, compare };
}

/** A state with a new design slice. */
export function withDesign(state: ScenarioState, design: DesignState): ScenarioState {
  return { ...state, design };
}

/** A state with the Frontier view's slice replaced. */
export function withFrontier(state: ScenarioState, frontier: FrontierState): ScenarioState {
  return { ...state, frontier };
}

/** A state with the planner's slice replaced. */
export function withPlanner(state: ScenarioState, planner: PlannerState): ScenarioState {
  return { ...state, planner };
}

/** A state with the Sweep view's slice replaced. */
export function withSweep(state: ScenarioState, sweep: SweepState): ScenarioState {
  return { ...state, sweep };
}
