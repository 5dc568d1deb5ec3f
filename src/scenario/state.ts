/**
 * The app state: one plain, immutable object held by the app shell. Components render from it
 * and send changes back as events; the shell applies them with the functions here.
 * Issue 5 grows this into a URL-backed store: keep every field serialisable.
 */
import type { ColourMode } from '../colour/colour-map';
import type { EnginePreference } from '../engine/manager';
import { DEFAULT_GRID, type SurfaceGrid } from '../law/grid';
import { LAW_FIELDS, type ScalingLaw } from '../law/law';
import { DEFAULT_PRESET_ID, findPreset, PRESETS, type PresetId } from '../law/presets';

/** Everything the Surface view needs to reproduce a picture. */
export interface ScenarioState {
  /** The preset the law came from, or 'custom' once any constant was edited. */
  readonly presetId: PresetId | 'custom';
  readonly law: ScalingLaw;
  readonly grid: SurfaceGrid;
  readonly colourMode: ColourMode;
  readonly enginePreference: EnginePreference;
}

/** The state the app opens on: the rounded Hoffmann 2022 law, a 1024 x 1024 grid. */
export const DEFAULT_STATE: ScenarioState = {
  presetId: DEFAULT_PRESET_ID,
  law: findPreset(DEFAULT_PRESET_ID)!.law,
  grid: DEFAULT_GRID,
  colourMode: 'log-reducible',
  enginePreference: 'auto',
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
  return { ...state, law, presetId: presetIdOf(law) };
}

/** A state on a preset's law; unknown ids leave the state as it is. */
export function withPreset(state: ScenarioState, id: string): ScenarioState {
  const preset = findPreset(id);
  return preset ? { ...state, presetId: preset.id, law: preset.law } : state;
}

/** A state with a partial update applied (grid, colour mode, engine preference). */
export function withChanges(state: ScenarioState, changes: Partial<ScenarioState>): ScenarioState {
  return { ...state, ...changes };
}
