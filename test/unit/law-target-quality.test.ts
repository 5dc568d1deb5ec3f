// A target quality N is the loss of the compute-optimal N-parameter model: the closed-form
// frontier's point whose N_opt is N, found by inverting N_opt(C) = G (C/k)^a.
import { describe, expect, it } from 'vitest';
import { computeOptimal } from '../../src/law/frontier';
import { loss } from '../../src/law/law';
import { findPreset, PRESETS } from '../../src/law/presets';
import { targetQuality } from '../../src/law/target-quality';

const hoffmann = findPreset('hoffmann2022')!.law;

describe('targetQuality', () => {
  it('lands on the closed-form frontier point of every preset', () => {
    for (const preset of PRESETS) {
      for (const C of [1e19, 1e22, 1e25]) {
        const o = computeOptimal(preset.law, C);
        const t = targetQuality(preset.law, o.N);
        if (!t.ok) throw new Error(t.reason);
        // One power and its inverse in f64: a few ulps, amplified by 1/a ~ 2 in C.
        expect(t.C / C, `${preset.id} C`).toBeCloseTo(1, 12);
        expect(t.D / o.D, `${preset.id} D`).toBeCloseTo(1, 12);
        expect(t.loss, `${preset.id} loss`).toBeCloseTo(o.loss, 12);
        expect(t.N).toBe(o.N);
      }
    }
  });

  it('gives the loss of the Hoffmann optimum at 1e24 FLOPs for its 41.3B model', () => {
    // computeOptimal(hoffmann, 1e24): N = 41296702419.415, D = 4035834749563.68, L = 1.911195.
    const t = targetQuality(hoffmann, 41296702419.415);
    expect(t.ok).toBe(true);
    if (!t.ok) return;
    expect(t.C / 1e24).toBeCloseTo(1, 9);
    expect(t.D / 4035834749563.68).toBeCloseTo(1, 9);
    expect(t.loss).toBeCloseTo(1.911195, 6);
    expect(t.loss).toBe(loss(hoffmann, t.N, t.D));
  });

  it('follows another FLOPs multiplier k', () => {
    const o = computeOptimal(hoffmann, 1e23, 8);
    const t = targetQuality(hoffmann, o.N, 8);
    expect(t.ok && t.C / 1e23).toBeCloseTo(1, 12);
  });

  it.each([0, -7e9, Number.NaN, Number.POSITIVE_INFINITY])('refuses N = %s', (N) => {
    expect(targetQuality(hoffmann, N)).toEqual({
      ok: false,
      reason: `a target quality needs a positive model size N, got ${N}`,
    });
  });

  it('refuses a model so large its loss is the floor E', () => {
    const t = targetQuality(hoffmann, 1e300);
    expect(t.ok).toBe(false);
    expect(!t.ok && t.reason).toMatch(
      /N = 1e\+300 parameters has a loss of .*not above the irreducible loss E = 1.69/,
    );
  });
});
