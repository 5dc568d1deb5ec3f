import { describe, expect, it } from 'vitest';
import { computeOptimal, frontierCoefficients } from '../../src/law/frontier';
import { loss } from '../../src/law/law';
import { findPreset, PRESETS } from '../../src/law/presets';

const hoffmann = findPreset('hoffmann2022')!.law;

describe('frontier coefficients', () => {
  it('match the values worked by hand for the rounded Hoffmann law', () => {
    // a = 0.28 / 0.62, b = 0.34 / 0.62, G = (0.34 * 406.4 / (0.28 * 410.7))^(1 / 0.62)
    const { G, a, b } = frontierCoefficients(hoffmann);
    expect(a).toBeCloseTo(0.4516129, 7);
    expect(b).toBeCloseTo(0.5483871, 7);
    expect(G).toBeCloseTo(1.3447106, 6);
  });

  it('give a = b = 1/2 and a constant tokens/param when alpha = beta', () => {
    const law = findPreset('muennighoff2023')!.law;
    const { a, b } = frontierCoefficients(law);
    expect(a).toBe(0.5);
    expect(b).toBe(0.5);
    const r1 = computeOptimal(law, 1e20).tokensPerParam;
    const r2 = computeOptimal(law, 1e26).tokensPerParam;
    expect(r2 / r1).toBeCloseTo(1, 12);
  });
});

describe('computeOptimal', () => {
  it('puts the Hoffmann optimum at 1e24 FLOPs where worked by hand', () => {
    // N = G (C/6)^a, D = (C/6)^b / G
    const opt = computeOptimal(hoffmann, 1e24);
    expect(opt.N / 41296702419.415).toBeCloseTo(1, 9);
    expect(opt.D / 4035834749563.68).toBeCloseTo(1, 9);
    expect(opt.tokensPerParam).toBeCloseTo(97.72777, 4);
    expect(opt.loss).toBeCloseTo(1.911195, 6);
  });

  it('spends exactly C = 6 N D, or C = k N D with another multiplier', () => {
    for (const C of [1e18, 1e22, 1e28]) {
      const o = computeOptimal(hoffmann, C);
      expect((6 * o.N * o.D) / C).toBeCloseTo(1, 12);
      const o8 = computeOptimal(hoffmann, C, 8);
      expect((8 * o8.N * o8.D) / C).toBeCloseTo(1, 12);
    }
  });

  it('is a minimum of the loss along the isoFLOP line for every preset', () => {
    for (const p of PRESETS) {
      for (const C of [1e19, 1e23, 1e27]) {
        const o = computeOptimal(p.law, C);
        for (const f of [0.9, 0.99, 1.01, 1.1]) {
          expect(loss(p.law, o.N * f, o.D / f)).toBeGreaterThan(o.loss);
        }
      }
    }
  });

  it('shows tokens per parameter growing with C when alpha > beta (never a fixed 20)', () => {
    const small = computeOptimal(hoffmann, 1e20).tokensPerParam;
    const large = computeOptimal(hoffmann, 1e26).tokensPerParam;
    expect(large).toBeGreaterThan(small * 2);
  });
});
