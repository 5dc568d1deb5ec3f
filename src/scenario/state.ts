/**
 * The app state: one plain, immutable object held by the app shell. Components render from it
 * and send changes back as events; the shell applies them with the functions here.
 * Issue 5 grows this into a URL-backed store: keep every field serialisable.
 */
import type { ColourMode } from '../colour/colour-map';
import type { EnginePreference } from '../engine/manager';
import { DEFAULT_FIT_OPTIONS, type FitOptions } from '../fit/types';
import { DEFAULT_GRID, type SurfaceGrid } from '../law/grid';
import { LAW_FIELDS, type ScalingLaw } from '../law/law';
import { DEFAULT_PRESET_ID, findPreset, PRESETS, type PresetId } from '../law/presets';
import { builtinRef, type DatasetRef } from './dataset';

/** Where the active law came from: a preset, hand edits, or the last fit. */
export type LawSource = 'preset' | 'custom' | 'fit';

/** The view on screen. */
export type ViewId = 'surface' | 'fit' | 'frontier' | 'sweep';

/** Settings of the hold-out forecast check. */
export interface ForecastSettings {
  /** Share of runs, by highest compute, held out (0 to 1). */
  readonly holdOut: number;
  /** Bootstrap replicas of the forecast fit (smaller than the main fit's by default, for speed). */
  readonly bootstrap: number;
}

/** Everything the views need to reproduce what they show (fit results excepted: they are recomputed). */
export interface ScenarioState {
  /** The preset the law came from, or 'custom' once any constant was edited. */
  readonly presetId: PresetId | 'custom';
  readonly law: ScalingLaw;
  readonly grid: SurfaceGrid;
  readonly colourMode: ColourMode;
  readonly enginePreference: EnginePreference;
  /** Where {@link law} came from; 'fit' once a fit was applied, until a control changes it. */
  readonly lawSource: LawSource;
  readonly view: ViewId;
  /** The runs in use; the parsed import is derived from it. */
  readonly dataset: DatasetRef;
  /** Spreadsheet row numbers the user excluded from fits, ascending. */
  readonly excludedRows: readonly number[];
  readonly fitOptions: FitOptions;
  readonly forecast: ForecastSettings;
}

/** The state the app opens on: the rounded Hoffmann 2022 law, a 1024 x 1024 grid. */
export const DEFAULT_STATE: ScenarioState = {
  presetId: DEFAULT_PRESET_ID,
  law: findPreset(DEFAULT_PRESET_ID)!.law,
  grid: DEFAULT_GRID,
  colourMode: 'log-reducible',
  enginePreference: 'auto',
  lawSource: 'preset',
  view: 'surface',
  dataset: builtinRef(1),
  excludedRows: [],
  fitOptions: DEFAULT_FIT_OPTIONS,
  forecast: { holdOut: 0.2, bootstrap: 1000 },
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

/** A state on another dataset; exclusions belong to the old one and are cleared. */
export function withDataset(state: ScenarioState, dataset: DatasetRef): ScenarioState {
  return { ...state, dataset, excludedRows: [] };
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

/** A state with a partial update applied (grid, colour mode, engine preference, view, options). */
export function withChanges(state: ScenarioState, changes: Partial<ScenarioState>): ScenarioState {
  return { ...state, ...changes };
}
