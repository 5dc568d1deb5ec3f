import { describe, expect, it } from 'vitest';
import { DEFAULT_PRESET_ID, findPreset, PRESET_IDS, PRESETS } from '../../src/law/presets';
import { validateLaw } from '../../src/law/validate';

describe('presets', () => {
  it('ship the four published laws with their constants', () => {
    expect(PRESETS.map((p) => p.id)).toEqual([...PRESET_IDS]);
    expect(findPreset('hoffmann2022')!.law).toEqual({
      E: 1.69,
      A: 406.4,
      B: 410.7,
      alpha: 0.34,
      beta: 0.28,
    });
    const unrounded = findPreset('hoffmann2022-unrounded')!.law;
    expect(unrounded.E).toBeCloseTo(1.6933737, 6); // e^0.5267228
    expect(unrounded.A).toBeCloseTo(406.401, 3); // e^6.0073404
    expect(unrounded.B).toBeCloseTo(410.7228, 3); // e^6.0179186
    expect(findPreset('besiroglu2024')!.law).toEqual({
      E: 1.8172,
      A: 482.01,
      B: 2085.43,
      alpha: 0.3478,
      beta: 0.3658,
    });
    const m = findPreset('muennighoff2023')!;
    expect(m.law.alpha).toBe(m.law.beta);
    expect(m.law.E).toBeCloseTo(1.869, 3); // e^0.6254804
    expect(m.extras).toEqual({ RStarD: 15.387756, RStarN: 5.309743 });
  });

  it('each carry a source and pass validation', () => {
    for (const p of PRESETS) {
      expect(p.source.length).toBeGreaterThan(20);
      expect(validateLaw(p.law)).toEqual([]);
    }
  });

  it('default to Hoffmann 2022 and reject unknown ids', () => {
    expect(DEFAULT_PRESET_ID).toBe('hoffmann2022');
    expect(findPreset('kaplan2020')).toBeUndefined();
  });
});
