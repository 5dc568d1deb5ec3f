import { describe, expect, test } from 'vitest';
import { DEFAULT_GRID } from '../../src/law/grid';
import { DEFAULT_PRESET_ID, findPreset } from '../../src/law/presets';
import {
  DEFAULT_STATE,
  presetIdOf,
  withChanges,
  withLaw,
  withPreset,
} from '../../src/scenario/state';

describe('scenario state', () => {
  test('opens on the Hoffmann 2022 preset, the default grid and log-reducible colour', () => {
    expect(DEFAULT_STATE.presetId).toBe(DEFAULT_PRESET_ID);
    expect(DEFAULT_STATE.presetId).toBe('hoffmann2022');
    expect(DEFAULT_STATE.law).toEqual(findPreset('hoffmann2022')!.law);
    expect(DEFAULT_STATE.grid).toEqual(DEFAULT_GRID);
    expect(DEFAULT_STATE.colourMode).toBe('log-reducible');
    expect(DEFAULT_STATE.enginePreference).toBe('auto');
  });
  test('editing a constant makes the law custom; a preset law keeps its id', () => {
    const edited = withLaw(DEFAULT_STATE, { ...DEFAULT_STATE.law, alpha: 0.5 });
    expect(edited.presetId).toBe('custom');
    expect(edited.law.alpha).toBe(0.5);
    expect(withLaw(edited, findPreset('besiroglu2024')!.law).presetId).toBe('besiroglu2024');
    expect(presetIdOf({ ...findPreset('muennighoff2023')!.law })).toBe('muennighoff2023');
  });
  test('choosing a preset sets its law; unknown ids change nothing', () => {
    const s = withPreset(DEFAULT_STATE, 'besiroglu2024');
    expect(s.law).toEqual(findPreset('besiroglu2024')!.law);
    expect(withPreset(s, 'nope')).toBe(s);
  });
  test('other changes leave the rest alone and never mutate', () => {
    const s = withChanges(DEFAULT_STATE, { colourMode: 'linear' });
    expect(s.colourMode).toBe('linear');
    expect(s.law).toBe(DEFAULT_STATE.law);
    expect(DEFAULT_STATE.colourMode).toBe('log-reducible');
  });
});
