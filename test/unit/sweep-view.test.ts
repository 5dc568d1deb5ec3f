import { describe, expect, it } from 'vitest';
import { computeOptimal } from '../../src/law/frontier';
import { trainingCost } from '../../src/law/hardware';
import { solveSweep } from '../../src/law/optima';
import { solveOptimum } from '../../src/law/optimum';
import { findPreset } from '../../src/law/presets';
import type { SweepAxis } from '../../src/law/sweep';
import {
  chinchillaForLoss,
  extractOutput,
  replicaBudget,
  replicaSpread,
  type SweepContext,
} from '../../src/law/sweep-output';
import { sweepInBands } from '../../src/ui/charts/sweep-bands';
import {
  sweepColourScale,
  sweepContours,
  sweepImage,
  sweepLegendTicks,
  valueExtent,
} from '../../src/ui/charts/sweep-image';
import { formatComputeRatio, OUTPUT_INFO, sweepReadout } from '../../src/ui/charts/sweep-output';
import {
  axisIssue,
  axisScale,
  baseScenario,
  DEFAULT_BASE_VALUES,
  impliedKind,
} from '../../src/ui/charts/sweep-setup';

const law = findPreset('hoffmann2022')!.law;
const cost = { peakFlops: 989.4e12, mfu: 0.4, pricePerHour: 2 };

function setup(
  x: SweepAxis,
  y: SweepAxis,
): { ctx: SweepContext; result: Float32Array; cells: number } {
  const kind = impliedKind(x.field as never, y.field as never);
  if (!kind.ok) throw new Error(kind.reason);
  const base = baseScenario(kind.kind, DEFAULT_BASE_VALUES);
  return {
    ctx: { base, x, y, cost },
    result: solveSweep([law], base, x, y),
    cells: x.count * y.count,
  };
}

const C: SweepAxis = { field: 'C', min: 1e20, max: 1e25, count: 6, spacing: 'log' };
const U: SweepAxis = { field: 'U', min: 1e9, max: 1e12, count: 4, spacing: 'log' };
const Dinf: SweepAxis = { field: 'Dinf', min: 1e10, max: 1e14, count: 5, spacing: 'log' };

describe('impliedKind', () => {
  it('maps axis pairs to scenario kinds', () => {
    const kind = (a: string, b: string) => {
      const r = impliedKind(a as never, b as never);
      return r.ok ? r.kind : 'error';
    };
    expect(kind('C', 'U')).toBe('data-constrained');
    expect(kind('U', 'C')).toBe('data-constrained');
    expect(kind('C', 'Dinf')).toBe('inference-budget');
    expect(kind('targetLoss', 'Dinf')).toBe('inference-target');
    expect(kind('C', 'mfu')).toBe('compute');
    expect(kind('mfu', 'U')).toBe('data-constrained');
    expect(kind('mfu', 'Dinf')).toBe('inference-budget');
    expect(kind('C', 'C')).toBe('error');
    expect(kind('U', 'Dinf')).toBe('data-constrained-inference');
    expect(kind('targetLoss', 'C')).toBe('error');
  });

  it('fills only the fields the kind reads into the base scenario', () => {
    expect(baseScenario('data-constrained', DEFAULT_BASE_VALUES)).toEqual({
      kind: 'data-constrained',
      C: 1e23,
      U: 1e12,
    });
    expect(baseScenario('inference-target', DEFAULT_BASE_VALUES)).toEqual({
      kind: 'inference-target',
      Dinf: 1e13,
      targetLoss: 2.1,
    });
  });
});

describe('axisIssue', () => {
  it('words problems like the engine, naming the axis', () => {
    expect(axisIssue(C, 'x')).toBeNull();
    expect(axisIssue({ ...C, min: -1 }, 'x')).toMatch(/^x axis is log-spaced/);
    expect(axisIssue({ ...C, min: 1e26 }, 'y')).toMatch(/^y axis range is inverted/);
    expect(axisIssue({ ...C, count: 2048 }, 'x')).toMatch(/at most 1024/);
    expect(
      axisIssue({ field: 'mfu', min: 0.1, max: 1.5, count: 4, spacing: 'linear' }, 'y'),
    ).toMatch(/MFU must lie/);
  });
});

describe('axisScale', () => {
  it('centres cells on equal slices and inverts', () => {
    const s = axisScale(C, 600);
    expect(s.pixelOf(0)).toBe(50);
    expect(s.cellAt(50)).toBe(0);
    expect(s.cellAt(599)).toBe(5);
    expect(s.cellAt(-1)).toBe(-1);
    const flipped = axisScale(C, 600, true);
    expect(flipped.pixelOf(0)).toBe(550);
    expect(flipped.cellAt(10)).toBe(5);
    expect(flipped.indexAt(flipped.pixelOf(2.5))).toBeCloseTo(2.5, 12);
  });

  it('puts log ticks on decades at the matching cells', () => {
    const ticks = axisScale(C, 600)
      .ticks()
      .filter((t) => t.major);
    expect(ticks[0]!.label).toBe('1e20');
    expect(ticks[0]!.at).toBeCloseTo(50, 9);
    expect(ticks.at(-1)!.at).toBeCloseTo(550, 9);
  });
});

describe('extractOutput', () => {
  it('reads N, D, tokens/param, loss and cost of each cell, row-major', () => {
    const { ctx, result } = setup(C, U);
    const N = extractOutput(result, 0, law, 'N', ctx);
    const tpp = extractOutput(result, 0, law, 'tokensPerParam', ctx);
    const costs = extractOutput(result, 0, law, 'cost', ctx);
    const r = solveOptimum(law, { kind: 'data-constrained', C: 1e21, U: 1e10 });
    if (!r.ok) throw new Error(r.reason);
    const c = 1 * C.count + 1; // row 1 (U = 1e10), col 1 (C = 1e21)
    expect(N[c]! / r.N).toBeCloseTo(1, 4);
    expect(tpp[c]! / r.tokensPerParam).toBeCloseTo(1, 4);
    expect(costs[c]! / trainingCost(6 * r.N * r.D, cost.peakFlops, 0.4, 2)).toBeCloseTo(1, 4);
  });

  it('gives epochs D / U for data-constrained sweeps', () => {
    const { ctx, result } = setup(C, U);
    const epochs = extractOutput(result, 0, law, 'epochs', ctx);
    const D = extractOutput(result, 0, law, 'D', ctx);
    expect(epochs[3 * C.count + 5]! / (D[3 * C.count + 5]! / 1e12)).toBeCloseTo(1, 5);
  });

  it('gives NaN in failed cells', () => {
    const tl: SweepAxis = { field: 'targetLoss', min: 1.5, max: 2.5, count: 3, spacing: 'linear' };
    const { ctx, result } = setup(tl, Dinf);
    const loss = extractOutput(result, 0, law, 'loss', ctx);
    // 1.5 is below E = 1.69: no solution.
    expect(Number.isNaN(loss[0]!)).toBe(true);
    expect(loss[2]!).toBeCloseTo(2.5, 4);
  });

  it('scales cost with MFU from the axis when MFU is swept', () => {
    const mfu: SweepAxis = { field: 'mfu', min: 0.2, max: 0.8, count: 4, spacing: 'linear' };
    const { ctx, result } = setup(C, mfu);
    const costs = extractOutput(result, 0, law, 'cost', ctx);
    // C at MFU 1 fixed in a column: the hours (C x MFU / (peak x MFU)) do not change.
    expect(costs[3 * C.count + 2]! / costs[2]!).toBeCloseTo(1, 4);
    const N = extractOutput(result, 0, law, 'N', ctx);
    expect(N[2]! / computeOptimal(law, 1e22 * 0.2).N).toBeCloseTo(1, 4);
  });

  it('defines savings against the compute-optimal run at the same loss', () => {
    const compute = setup(C, { field: 'mfu', min: 1, max: 1, count: 1, spacing: 'linear' });
    const zero = extractOutput(compute.result, 0, law, 'savings', compute.ctx);
    for (const v of zero) expect(Math.abs(v - 1)).toBeLessThan(1e-3);
    const data = setup(C, U);
    const dc = extractOutput(data.result, 0, law, 'savings', data.ctx);
    expect(dc[0 * C.count + 5]!).toBeGreaterThan(1.01); // U = 1e9 at 1e25: a data cap costs compute
    const inf = setup(C, Dinf);
    const ib = extractOutput(inf.result, 0, law, 'savings', inf.ctx);
    expect(ib[4 * C.count + 5]!).toBeLessThan(0.99); // heavy inference: smaller model saves
    expect(formatComputeRatio(0.82)).toBe('×0.82 (saves 18%)');
    expect(formatComputeRatio(3.1)).toBe('×3.1 (+210% compute)');
    const gap = extractOutput(data.result, 0, law, 'lossGap', data.ctx);
    expect(gap[0 * C.count + 5]!).toBeGreaterThan(0);
  });

  it('inverts the compute-optimal loss in chinchillaForLoss', () => {
    const o = computeOptimal(law, 3e23);
    const r = chinchillaForLoss(law, o.loss)!;
    expect(r.C / 3e23).toBeCloseTo(1, 9);
    expect(r.N / o.N).toBeCloseTo(1, 9);
    expect(chinchillaForLoss(law, law.E)).toBeNull();
  });
});

describe('replicas', () => {
  it('takes the 5-95% spread, as a factor for log outputs', () => {
    const reps = Array.from({ length: 101 }, (_, i) => Float32Array.of(i + 1, Number.NaN));
    const lin = replicaSpread(reps, false);
    expect(lin[0]).toBeCloseTo(96 - 6, 4);
    expect(Number.isNaN(lin[1]!)).toBe(true);
    const log = replicaSpread(reps, true);
    expect(log[0]).toBeCloseTo(96 / 6, 4);
  });

  it('limits replicas to the pair budget', () => {
    expect(replicaBudget(64 * 64, 500)).toBe(200);
    expect(replicaBudget(512 * 512, 200)).toBe(31);
    expect(replicaBudget(1024 * 1024, 200)).toBe(7);
    expect(replicaBudget(4096 * 4096, 200)).toBe(0);
  });
});

describe('colour, image and contours', () => {
  it('uses a log scale for positive outputs and ln(L - E) for loss', () => {
    expect(valueExtent([Number.NaN, 3, -1, 5], true)).toEqual({ min: 3, max: 5 });
    expect(sweepColourScale(Float32Array.of(1, 100, Number.NaN), true)).toEqual({
      mode: 'log-reducible',
      lo: 1,
      hi: 100,
      E: 0,
    });
    expect(sweepColourScale(Float32Array.of(-1, 2), false)?.mode).toBe('linear');
    expect(sweepColourScale(Float32Array.of(2, 3), false, 1.69)?.mode).toBe('log-reducible');
    expect(sweepColourScale(Float32Array.of(Number.NaN), true)).toBeUndefined();
    // f32 noise around a constant does not fill the whole ramp.
    const flat = sweepColourScale(Float32Array.of(0.999999, 1.000001), true)!;
    expect(flat.hi / flat.lo).toBeCloseTo(1.001, 6);
    const flatLin = sweepColourScale(Float32Array.of(2, 2), false)!;
    expect(flatLin.hi - flatLin.lo).toBeCloseTo(0.002, 9);
  });

  it('paints rows bottom-up and leaves failed cells transparent', () => {
    const values = Float32Array.of(1, 10, Number.NaN, 100);
    const img = sweepImage(values, 2, { ...sweepColourScale(values, true)!, map: 'viridis' });
    // value 1 (row 0, col 0) is the bottom-left pixel: image row 1.
    expect(img[2 * 4 + 3]).toBe(255);
    expect(img[0 * 4 + 3]).toBe(0); // NaN at row 1 col 0 -> image row 0
    expect(img[2 * 4]).not.toBe(img[1 * 4]);
  });

  it('draws contours in cell indices of the full grid, sampling large grids down', () => {
    const w = 300;
    const h = 200;
    const values = new Float32Array(w * h);
    for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) values[r * w + c] = c;
    const [line] = sweepContours(values, w, h, [150]);
    expect(line!.lines.length).toBeGreaterThan(0);
    for (const p of line!.lines[0]!) expect(Math.abs(p[0] - 150)).toBeLessThan(2);
  });

  it('labels legend ticks with the output format', () => {
    const scale = sweepColourScale(Float32Array.of(1e9, 1e12), true)!;
    const ticks = sweepLegendTicks(scale, OUTPUT_INFO.N.format);
    expect(ticks[0]).toMatchObject({ t: 0, label: '1B' });
    expect(ticks.at(-1)).toMatchObject({ t: 1, label: '1T' });
  });
});

describe('sweepReadout', () => {
  it('reads the f64 optimum of a cell, or says why there is none', () => {
    const { ctx } = setup(C, U);
    const ok = sweepReadout(law, ctx, 5, 3, 'cost', 123, 1.5);
    expect(ok.reason).toBe('');
    expect(ok.lines.map((l) => l.label)).toContain('Epochs over U');
    expect(ok.lines.at(-1)!.value).toMatch(/×1.5/);
    const bad = setup({ field: 'targetLoss', min: 1, max: 2, count: 2, spacing: 'linear' }, Dinf);
    expect(sweepReadout(law, bad.ctx, 0, 0, 'loss', Number.NaN).reason).toMatch(/irreducible/);
  });
});

describe('sweepInBands', () => {
  it('reassembles bands into the layout of one whole sweep, with progress to the end', async () => {
    const laws = [law, { ...law, alpha: law.alpha * 1.02 }];
    const x: SweepAxis = { field: 'C', min: 1e20, max: 1e25, count: 40, spacing: 'log' };
    const y: SweepAxis = { field: 'mfu', min: 0.1, max: 1, count: 300, spacing: 'linear' };
    const base = baseScenario('compute', DEFAULT_BASE_VALUES);
    const bands: number[] = [];
    const engine = {
      sweep: async (ls: readonly (typeof law)[], b: typeof base, bx: SweepAxis, by: SweepAxis) => {
        bands.push(by.count);
        return solveSweep(ls, b, bx, by);
      },
    };
    const progress: number[] = [];
    const out = await sweepInBands(engine, laws, base, x, y, {
      signal: new AbortController().signal,
      onProgress: (done, total) => progress.push(done / total),
    });
    const whole = solveSweep(laws, base, x, y);
    expect(bands.length).toBeGreaterThan(1);
    expect(bands.reduce((a, b) => a + b)).toBe(300);
    for (let i = 0; i < whole.length; i++)
      expect(out[i]! / whole[i]! || 0).toBeCloseTo(whole[i] ? 1 : 0, 5);
    expect(progress.at(-1)).toBe(1);
  });

  it('stops between bands when cancelled', async () => {
    const controller = new AbortController();
    const engine = {
      sweep: async (
        ls: readonly (typeof law)[],
        b: ReturnType<typeof baseScenario>,
        bx: SweepAxis,
        by: SweepAxis,
      ) => {
        controller.abort(new DOMException('cancelled', 'AbortError'));
        return solveSweep(ls, b, bx, by);
      },
    };
    await expect(
      sweepInBands(
        engine,
        [law],
        baseScenario('data-constrained', DEFAULT_BASE_VALUES),
        { ...C, count: 100 },
        { ...U, count: 1000 },
        { signal: controller.signal, onProgress: () => {} },
      ),
    ).rejects.toThrow(/cancelled/);
  });
});
