import { describe, expect, it } from 'vitest';
import { builtinDataset } from '../../src/data/builtin';
import { datasetHash } from '../../src/data/hash';
import { boxMuller, SeededRandom } from '../../src/data/random';
import { parseRuns } from '../../src/data/runs';
import { computeOptimal } from '../../src/law/frontier';
import { loss } from '../../src/law/law';

describe('SeededRandom', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const draw = (seed: number) => {
      const r = new SeededRandom(seed);
      return Array.from({ length: 5 }, () => r.nextU32());
    };
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
    for (const x of draw(7)) expect(Number.isInteger(x) && x >= 0 && x < 2 ** 32).toBe(true);
  });

  it('gives uniforms in [0, 1) and normals with mean 0 and variance 1', () => {
    const r = new SeededRandom(42);
    const n = 200_000;
    let su = 0;
    let sz = 0;
    let szz = 0;
    let lo = 1;
    let hi = 0;
    for (let i = 0; i < n; i++) {
      const u = r.uniform();
      lo = Math.min(lo, u);
      hi = Math.max(hi, u);
      su += u;
      const z = r.normal();
      sz += z;
      szz += z * z;
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    // Standard errors: uniform mean 0.29/sqrt(n) = 6.5e-4; normal mean 2.2e-3; variance 3.2e-3.
    expect(Math.abs(su / n - 0.5)).toBeLessThan(4e-3);
    expect(Math.abs(sz / n)).toBeLessThan(1.2e-2);
    expect(Math.abs(szz / n - 1)).toBeLessThan(1.6e-2);
  });

  it('keeps Box-Muller finite at u1 = 0', () => {
    const [a, b] = boxMuller(0, 0.25);
    expect(Number.isFinite(a) && Number.isFinite(b)).toBe(true);
  });
});

describe('builtinDataset', () => {
  const data = builtinDataset();

  it('is deterministic for a seed and changes with it', () => {
    expect(builtinDataset(1).csv).toBe(data.csv);
    expect(datasetHash(builtinDataset(1).runs)).toBe(datasetHash(data.runs));
    expect(builtinDataset(2).csv).not.toBe(data.csv);
  });

  it('parses cleanly into 9 budgets x 15 sizes, with no warnings', () => {
    const r = parseRuns(data.csv);
    expect(r.errors).toEqual([]);
    expect(r.rejected).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.runs).toEqual(data.runs);
    expect(data.runs).toHaveLength(135);
    const budgets = [...new Set(data.runs.map((x) => x.C))];
    expect(budgets).toHaveLength(9);
    expect(Math.min(...budgets)).toBe(6e18);
    expect(Math.max(...budgets)).toBe(3e21);
  });

  it('spends C = 6ND and spreads sizes about 1.2 decades either side of the optimum', () => {
    for (const r of data.runs) expect((6 * r.N * r.D) / r.C).toBeCloseTo(1, 12);
    for (const C of new Set(data.runs.map((x) => x.C))) {
      const nOpt = computeOptimal(data.law, C).N;
      const logs = data.runs.filter((x) => x.C === C).map((x) => Math.log10(x.N / nOpt));
      expect(Math.min(...logs)).toBeGreaterThan(-1.35);
      expect(Math.min(...logs)).toBeLessThan(-1.05);
      expect(Math.max(...logs)).toBeLessThan(1.35);
      expect(Math.max(...logs)).toBeGreaterThan(1.05);
    }
  });

  it('draws losses from the Besiroglu 2024 law with about 1% log-normal noise', () => {
    expect(data.presetId).toBe('besiroglu2024');
    const res = data.runs.map((r) => Math.log(r.loss / loss(data.law, r.N, r.D)));
    const mean = res.reduce((s, x) => s + x, 0) / res.length;
    const sd = Math.sqrt(res.reduce((s, x) => s + (x - mean) ** 2, 0) / (res.length - 1));
    expect(Math.abs(mean)).toBeLessThan(0.003);
    expect(sd).toBeGreaterThan(0.008);
    expect(sd).toBeLessThan(0.012);
  });

  it('says it is synthetic and how it was made', () => {
    expect(data.note).toMatch(/^Synthetic data, not real training runs/);
    for (const s of ['seed 1', 'Besiroglu et al. 2024', '6e+18', '3e+21', 'exp(0.01 z)']) {
      expect(data.note).toContain(s);
    }
  });
});
