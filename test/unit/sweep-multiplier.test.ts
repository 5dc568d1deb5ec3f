/**
 * The Sweep's multiplier output against the compute-multiplier math of the Compare view, on
 * known laws solved by the CPU twin of the sweep (solveSweep, f64 math stored as f32).
 *
 * Tolerance. The sweep result stores N, D and the loss L of each cell in f32, each within a
 * relative u = 2^-24 of its f64 value, and the output array is f32 too. With
 * m = C_R(L) / (k N D) and C_R(L) = k ((L - E_R) / K_R)^(-1/gamma_R),
 *
 *   |d ln m| <= (1/gamma_R) |dL| / (L - E_R) + |dN| / N + |dD| / D
 *            <= u (L / (gamma_R (L - E_R)) + 2),
 *
 * plus u for the f32 output: a relative tolerance of u (3 + L / (gamma_R (L - E_R))) per cell
 * (and 1e-12 for f64 noise). A flat 1e-6 does not hold: for the Hoffmann law (gamma = 0.15) at
 * a loss of 2 and 0.3 above E_R the bound is already 46 u = 2.7e-6, and it grows without bound as
 * L falls to E_R. The test checks each cell against its own bound: on its grid (1e18 to 1e26
 * FLOPs) the largest error is 3.0e-6 of a largest bound of 8.0e-6.
 */
import { describe, expect, it } from 'vitest';
import { sweepCsv } from '../../src/export/grids';
import { packReplicas, pairedReplicaLaws, ReplicaTable } from '../../src/fit/replica-table';
import { computeMultiplier, frontierLoss, lossAtCompute } from '../../src/law/compute-multiplier';
import type { LawTheta, ScalingLaw } from '../../src/law/law';
import { solveSweep } from '../../src/law/optima';
import { OptimumTable } from '../../src/law/optimum-table';
import { findPreset } from '../../src/law/presets';
import type { SweepAxis } from '../../src/law/sweep';
import { axisValue } from '../../src/law/sweep';
import {
  extractOutput,
  multiplierAtLoss,
  replicaOutputs,
  replicaSpread,
  type SweepContext,
} from '../../src/law/sweep-output';
import {
  multiplierIssue,
  OUTPUT_INFO,
  outputLabel,
  REFERENCE_CANNOT_REACH,
  sweepReadout,
} from '../../src/ui/charts/sweep-output';
import { baseScenario, DEFAULT_BASE_VALUES, impliedKind } from '../../src/ui/charts/sweep-setup';

const X = findPreset('hoffmann2022')!.law;
/** A weaker recipe: more data needed (B up 40%), a slightly higher floor. */
const R: ScalingLaw = { ...X, B: X.B * 1.4, E: X.E + 0.02 };
const cost = { peakFlops: 989.4e12, mfu: 0.4, pricePerHour: 2 };
const u = 2 ** -24;

const C: SweepAxis = { field: 'C', min: 1e18, max: 1e26, count: 9, spacing: 'log' };
const MFU: SweepAxis = { field: 'mfu', min: 0.25, max: 1, count: 4, spacing: 'linear' };

function computeSweep(laws: readonly ScalingLaw[], reference: readonly (ScalingLaw | null)[]) {
  const kind = impliedKind('C', 'mfu');
  if (!kind.ok || kind.kind !== 'compute') throw new Error('C x MFU should be the compute kind');
  const base = baseScenario(kind.kind, DEFAULT_BASE_VALUES);
  const ctx: SweepContext = { base, x: C, y: MFU, cost, reference };
  return { ctx, raw: solveSweep(laws, base, C, MFU) };
}

/** The training compute of cell (col, row): the budget times MFU. */
const cellCompute = (col: number, row: number) => axisValue(C, col) * axisValue(MFU, row);

/** Replica tables from laws (null: a row that did not converge). */
function table(laws: readonly (ScalingLaw | null)[]): Float64Array {
  const theta = (l: ScalingLaw): LawTheta => ({
    a: Math.log(l.A),
    b: Math.log(l.B),
    e: Math.log(l.E),
    alpha: l.alpha,
    beta: l.beta,
  });
  return packReplicas(laws.map((l) => (l ? theta(l) : null)));
}

/** A law scaled in A and B (replica-like perturbations). */
const scaled = (l: ScalingLaw, fa: number, fb: number): ScalingLaw => ({
  ...l,
  A: l.A * fa,
  B: l.B * fb,
});

describe('the multiplier output', () => {
  it('equals computeMultiplier on compute cells, within the f32 bound', () => {
    const { ctx, raw } = computeSweep([X], [R]);
    const m = extractOutput(raw, 0, X, 'multiplier', ctx);
    const fx = frontierLoss(X);
    const fr = frontierLoss(R);
    const table = new OptimumTable(raw, 1, C.count * MFU.count);
    let worst = 0;
    let worstBound = 0;
    for (let row = 0; row < MFU.count; row++)
      for (let col = 0; col < C.count; col++) {
        const c = row * C.count + col;
        const budget = cellCompute(col, row);
        const want = computeMultiplier(fx, fr, budget)!;
        const L = lossAtCompute(fx, budget);
        const bound = u * (3 + L / (fr.gamma * (L - R.E))) + 1e-12;
        const rel = Math.abs(m[c]! / want - 1);
        expect(table.ok(0, c)).toBe(true);
        expect(
          rel,
          `cell (${col}, ${row}) at C = ${budget}: got ${m[c]}, want ${want}`,
        ).toBeLessThan(bound);
        worst = Math.max(worst, rel);
        worstBound = Math.max(worstBound, bound);
      }
    // The bound over this grid, and what the f32 result reached.
    expect(worstBound).toBeLessThan(1e-5);
    expect(worst).toBeLessThan(worstBound);
    // The reference is weaker: it needs more compute than X at every budget.
    for (const v of m) expect(v).toBeGreaterThan(1);
  });

  it('is 1 against the same law and matches the f64 helper', () => {
    const { ctx, raw } = computeSweep([X], [X]);
    for (const v of extractOutput(raw, 0, X, 'multiplier', ctx))
      expect(Math.abs(v - 1)).toBeLessThan(1e-5);
    expect(multiplierAtLoss(R, R.E, 1e20)).toBeNaN();
    const L = lossAtCompute(frontierLoss(X), 1e20);
    const want = computeMultiplier(frontierLoss(X), frontierLoss(R), 1e20)!;
    expect(Math.abs(multiplierAtLoss(R, L, 1e20) / want - 1)).toBeLessThan(1e-12);
  });

  it('is NaN where the cell loss is at or below the reference floor, and the readout says so', () => {
    // A reference whose floor lies at X's compute-optimal loss at 3e22 FLOPs, between cells
    // (a cell at the floor itself would need a multiplier beyond f32's range: NaN too).
    const floor = lossAtCompute(frontierLoss(X), 3e22);
    const high: ScalingLaw = { ...X, E: floor };
    const { ctx, raw } = computeSweep([X], [high]);
    const m = extractOutput(raw, 0, X, 'multiplier', ctx);
    const table = new OptimumTable(raw, 1, C.count * MFU.count);
    let below = 0;
    for (let c = 0; c < m.length; c++) {
      if (table.loss(0, c) <= floor) {
        below++;
        expect(m[c]).toBeNaN();
      } else expect(Number.isFinite(m[c]!)).toBe(true);
    }
    expect(below).toBeGreaterThan(0);
    expect(below).toBeLessThan(m.length);
    // The readout of the 1e26 cell at MFU 1, and of the 1e18 one.
    const last = (MFU.count - 1) * C.count + C.count - 1;
    const far = sweepReadout(X, ctx, C.count - 1, MFU.count - 1, 'multiplier', m[last]!);
    const farLine = far.lines.find((l) => l.label === OUTPUT_INFO.multiplier.label)!;
    expect(farLine.value).toBe(REFERENCE_CANNOT_REACH);
    const near = sweepReadout(X, ctx, 0, 0, 'multiplier', m[0]!);
    const nearLine = near.lines.find((l) => l.label === OUTPUT_INFO.multiplier.label)!;
    expect(nearLine.value).toMatch(/^[0-9.]+(e-?\d+)?×$/);
    for (const r of [far, near]) for (const l of r.lines) expect(l.value).not.toMatch(/Infinity/);
  });

  it('goes into the sweep CSV under a column that names the reference, empty where unreachable', () => {
    const floor = lossAtCompute(frontierLoss(X), 3e22);
    const { ctx, raw } = computeSweep([X], [{ ...X, E: floor }]);
    const values = extractOutput(raw, 0, X, 'multiplier', ctx);
    const label = outputLabel('multiplier', 'deep');
    const text = sweepCsv({ raw, law: X, base: ctx.base, x: C, y: MFU, output: { label, values } });
    const lines = text.split(/\r?\n/).filter((l) => l !== '' && !l.startsWith('#'));
    const header = lines[0]!.split(',');
    const column = header.indexOf(label);
    expect(column).toBeGreaterThan(0);
    const cells = lines.slice(1).map((l) => l.split(','));
    expect(cells).toHaveLength(values.length);
    cells.forEach((cell, c) => {
      const v = values[c]!;
      if (Number.isNaN(v)) expect(cell[column]).toBe('');
      else expect(Number(cell[column]) / v).toBeCloseTo(1, 6);
    });
  });

  it('is NaN for a law without a reference to pair with', () => {
    const { ctx, raw } = computeSweep([X], []);
    for (const v of extractOutput(raw, 0, X, 'multiplier', ctx)) expect(v).toBeNaN();
  });

  it('labels the output and says why it is not offered', () => {
    expect(OUTPUT_INFO.multiplier.format(2.3149)).toBe('2.31×');
    expect(OUTPUT_INFO.multiplier.format(9.3149e12)).toBe('9.31e12×');
    expect(OUTPUT_INFO.multiplier.format(1.394e-5)).toBe('1.39e-5×');
    expect(OUTPUT_INFO.multiplier.format(Number.NaN)).toBe('n/a');
    expect(OUTPUT_INFO.multiplier.log).toBe(true);
    expect(outputLabel('multiplier', 'DCLM')).toBe('Effective compute multiplier against DCLM');
    expect(multiplierIssue(undefined)).toMatch(/needs a reference series/);
    expect(multiplierIssue({ name: 'DCLM', isActive: true })).toMatch(/DCLM/);
    expect(multiplierIssue({ name: 'DCLM', isActive: false })).toBeNull();
  });
});

describe('replica pairing', () => {
  const xs = [scaled(X, 1.1, 0.9), null, scaled(X, 0.9, 1.1), scaled(X, 1.05, 1.05)];
  const rs = [scaled(R, 1.1, 0.9), scaled(R, 0.95, 1.0), null];

  it('pairs by bootstrap index, not by position among converged rows', () => {
    const paired = pairedReplicaLaws(table(xs), table(rs));
    // X's converged rows are 0, 2 and 3: R's row 0, R's row 2 (did not converge), no row 3.
    expect(new ReplicaTable(table(xs)).converged()).toEqual([0, 2, 3]);
    expect(paired).toHaveLength(3);
    expect(paired[0]!.B).toBeCloseTo(rs[0]!.B, 6);
    expect(paired[1]).toBeNull();
    expect(paired[2]).toBeNull();
  });

  it('drops only the pair whose reference row did not converge', () => {
    const xAll = [scaled(X, 1.1, 0.9), scaled(X, 0.95, 1.02), scaled(X, 0.9, 1.1)];
    const rGap = [scaled(R, 1.1, 0.9), null, scaled(R, 0.9, 1.1)];
    const xLaws = new ReplicaTable(table(xAll)).laws();
    const paired = pairedReplicaLaws(table(xAll), table(rGap));
    expect(paired.map((l) => l !== null)).toEqual([true, false, true]);
    const { ctx, raw } = computeSweep([X, ...xLaws], [R, ...paired]);
    const per = replicaOutputs(raw, xLaws, 'multiplier', ctx);
    expect(per).toHaveLength(2);
    // Replica 2 of X against replica 2 of R, not against the next converged row.
    const fx = frontierLoss(xLaws[2]!);
    const fr = frontierLoss(paired[2]!);
    const budget = cellCompute(4, 3);
    const want = computeMultiplier(fx, fr, budget)!;
    expect(per[1]![3 * C.count + 4]! / want).toBeCloseTo(1, 4);
    // Other outputs keep every replica.
    expect(replicaOutputs(raw, xLaws, 'N', ctx)).toHaveLength(3);
    // Fewer than three pairs: no spread.
    for (const v of replicaSpread(per, true)) expect(v).toBeNaN();
  });
});
