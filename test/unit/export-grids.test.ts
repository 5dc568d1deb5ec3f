import { describe, expect, it } from 'vitest';
import { frontierCsv, surfaceCsv, surfaceCsvParts, sweepCsv } from '../../src/export/grids';
import { frontierBands, logBudgets } from '../../src/law/bands';
import { lawFromTheta } from '../../src/law/law';
import { solveOptima, solveSweep } from '../../src/law/optima';
import { solveOptimum } from '../../src/law/optimum';
import { findPreset } from '../../src/law/presets';
import type { Scenario } from '../../src/law/scenario';
import { evaluateSurface } from '../../src/law/surface';
import type { SweepAxis } from '../../src/law/sweep';
import { readCsv } from '../support/csv-read';

const law = findPreset('hoffmann2022')!.law;
const base: Scenario = { kind: 'data-constrained', C: 1e23, U: 1e12, RStarD: 15, RStarN: 5 };

/** The column header and records of a CSV file, after its metadata comment lines. */
function records(text: string): (readonly string[])[] {
  const { header, rows } = readCsv(text);
  return [header, ...rows];
}

/** Data lines of a CSV file: everything after the metadata comment lines, final CRLF cut. */
function dataLines(text: string): string[] {
  return text
    .slice(0, -2)
    .split('\r\n')
    .filter((l) => !l.startsWith('#'));
}

describe('surfaceCsv', () => {
  const grid = { log10NMin: 7, log10NMax: 13, log10DMin: 8, log10DMax: 14, width: 7, height: 4 };
  const values = evaluateSurface(law, grid);
  const context = { law };

  it('has a header with units and one record per cell, rows along D', () => {
    const rows = records(surfaceCsv(grid, values, context));
    expect(rows[0]).toEqual(['N (parameters)', 'D (training tokens)', 'loss (nats/token)']);
    expect(rows.length).toBe(1 + 7 * 4);
    expect(rows[1]).toEqual(['10000000', '100000000', String(rows[1]![2])]);
    expect(rows[2]![0]).toBe('100000000');
    expect(rows[8]).toEqual(['10000000', '10000000000', rows[8]![2]]);
    expect(rows.at(-1)!.slice(0, 2)).toEqual(['10000000000000', '100000000000000']);
  });

  it('writes each f32 loss so it reads back exactly, and the loss of the law at that cell', () => {
    const rows = records(surfaceCsv(grid, values, context)).slice(1);
    rows.forEach((r, i) => {
      expect(Math.fround(Number(r[2]))).toBe(values[i]);
      const [N, D] = [Number(r[0]), Number(r[1])];
      const exact = law.E + law.A / N ** law.alpha + law.B / D ** law.beta;
      expect(Math.abs(Number(r[2]) - exact) / exact).toBeLessThan(1e-6);
    });
  });

  it('comes in pieces: the header, then one piece per grid row', () => {
    const date = new Date(0);
    const parts = surfaceCsvParts(grid, values, { law, date });
    expect(parts).toHaveLength(1 + 4);
    expect(parts[0]!.endsWith('\r\nN (parameters),D (training tokens),loss (nats/token)\r\n')).toBe(
      true,
    );
    expect(parts[0]!.startsWith('# tool: scaling-sweep ')).toBe(true);
    expect(parts[1]!.split('\r\n')).toHaveLength(7 + 1);
    expect(parts.join('')).toBe(surfaceCsv(grid, values, { law, date }));
  });

  it('leaves non-finite losses empty and refuses a mismatched grid', () => {
    const bad = Float32Array.from(values);
    bad[3] = Number.NaN;
    expect(records(surfaceCsv(grid, bad, context))[4]![2]).toBe('');
    expect(() => surfaceCsv(grid, values.subarray(1), context)).toThrow(RangeError);
  });
});

describe('frontierCsv', () => {
  const budgets = [1e21, 1e23, 1e25];
  const scenario = (C: number): Scenario => ({ kind: 'compute', C });

  it('lists the optimum per budget with units in the header', () => {
    const rows = records(frontierCsv({ law, budgets, scenario }));
    expect(rows[0]).toEqual([
      'C (FLOPs)',
      'N_opt (parameters)',
      'D_opt (tokens)',
      'D/N (tokens per parameter)',
      'loss (nats/token)',
      'status',
    ]);
    expect(rows.length).toBe(4);
    const r = solveOptimum(law, scenario(1e23));
    if (!r.ok) throw new Error('expected an optimum');
    expect(rows[2]).toEqual([
      '1e+23',
      String(r.N),
      String(r.D),
      String(r.tokensPerParam),
      String(r.loss),
      'ok',
    ]);
  });

  it('adds replica counts and band quantiles when bands are given', () => {
    const thetas = [0.33, 0.34, 0.35, 0.36].map((alpha) => ({
      a: 6,
      b: 6,
      e: 0.5,
      alpha,
      beta: 0.28,
    }));
    const laws = thetas.map(lawFromTheta);
    const bands = frontierBands(
      solveOptima(laws, budgets.map(scenario)),
      laws.length,
      budgets.length,
    );
    const rows = records(frontierCsv({ law, budgets, scenario, bands }));
    expect(rows[0]!.length).toBe(6 + 1 + 4 * 7);
    expect(rows[0]!.slice(6, 9)).toEqual(['replicas solved', 'N p2.5', 'N p5']);
    expect(rows[0]!.at(-1)).toBe('loss p97.5');
    expect(rows[1]![6]).toBe('4');
    expect(Number(rows[1]![7 + 3])).toBe(bands[0]!.N!.p50);
    expect(() => frontierCsv({ law, budgets, scenario, bands: bands.slice(1) })).toThrow(
      RangeError,
    );
  });

  it('keeps the reason of a budget without an optimum', () => {
    const capped = (C: number): Scenario => ({ ...base, C });
    const rows = records(frontierCsv({ law, budgets: [1], scenario: capped }));
    expect(rows[1]!.slice(1, 5)).toEqual(['', '', '', '']);
    expect(rows[1]![5]).toMatch(/too small/);
    expect(logBudgets(1e18, 1e28, 3)).toHaveLength(3);
  });
});

describe('sweepCsv', () => {
  const x: SweepAxis = { field: 'C', min: 1, max: 1e24, count: 3, spacing: 'log' };
  const y: SweepAxis = { field: 'U', min: 1e10, max: 1e12, count: 2, spacing: 'log' };

  it('writes one record per cell with axis values, optimum, output, status and reason', () => {
    const raw = solveSweep([law], base, x, y);
    // As extractOutput gives it: N_opt, NaN where the cell failed.
    const values = new Float32Array(6).map((_, c) =>
      raw[c * 4 + 3] === 0 ? raw[c * 4]! : Number.NaN,
    );
    const text = sweepCsv({
      raw,
      law,
      base,
      x,
      y,
      output: { label: 'N_opt (parameters)', values },
    });
    const rows = dataLines(text);
    expect(rows[0]).toBe(
      'C (FLOPs),U (unique tokens),N_opt (parameters),D_opt (tokens),loss (nats/token),N_opt (parameters),status,reason',
    );
    expect(rows.length).toBe(1 + 6);
    const cells = rows.slice(1).map((r) => r.split(','));
    expect(cells.map((c) => [c[0], c[1]])).toEqual([
      ['1', '10000000000'],
      ['1000000000000', '10000000000'],
      ['1e+24', '10000000000'],
      ['1', '1000000000000'],
      ['1000000000000', '1000000000000'],
      ['1e+24', '1000000000000'],
    ]);
    // C = 1 is below the smallest budget (k = 6): no optimum, and the reason says why.
    expect(cells[0]![6]).toBe('budgetTooSmall');
    expect(rows[1]).toMatch(/too small/);
    expect(cells[0]!.slice(2, 6)).toEqual(['', '', '', '']);
    const ok = cells[5]!;
    expect(ok[6]).toBe('ok');
    expect(ok.at(-1)).toBe('');
    expect(Math.fround(Number(ok[2]))).toBe(raw[5 * 4]);
    expect(ok[5]).toBe(ok[2]);
  });

  it('adds the spread column when given and refuses mismatched arrays', () => {
    const raw = solveSweep([law], base, x, y);
    const values = new Float32Array(6);
    const spread = new Float32Array(6).fill(1.5);
    const text = sweepCsv({ raw, law, base, x, y, output: { label: 'Loss', values, spread } });
    expect(dataLines(text)[0]).toContain('Loss,Loss 5-95% spread,status');
    expect(dataLines(text)[6]!.split(',')[6]).toBe('1.5');
    expect(() =>
      sweepCsv({ raw, law, base, x, y, output: { label: 'Loss', values: new Float32Array(5) } }),
    ).toThrow(RangeError);
  });
});
