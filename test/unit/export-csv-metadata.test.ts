/**
 * The metadata header of the grid CSVs (surface, frontier, sweep): `#` comment lines with the
 * tool, the law and its source, the scenario and constraints, the grid and the date, read back
 * as pandas (`comment='#'`) and R would, with the column header and rows intact after them,
 * and no way for a value to split a comment line into cells or forge a row.
 */
import { describe, expect, it } from 'vitest';
import {
  axisMetadata,
  budgetsMetadata,
  csvMetadataHeader,
  lawMetadata,
  lawSourceText,
  metadataNumber,
  metadataValue,
  scenarioMetadata,
} from '../../src/export/csv-metadata';
import { frontierCsv, surfaceCsv, sweepCsv } from '../../src/export/grids';
import { TOOL_VERSION } from '../../src/export/tool';
import { frontierBands, logBudgets } from '../../src/law/bands';
import type { ScalingLaw } from '../../src/law/law';
import { solveOptima, solveSweep } from '../../src/law/optima';
import { findPreset } from '../../src/law/presets';
import type { Scenario } from '../../src/law/scenario';
import { evaluateSurface } from '../../src/law/surface';
import type { SweepAxis } from '../../src/law/sweep';
import { readCsv } from '../support/csv-read';

const hoffmann = findPreset('hoffmann2022')!.law;
/** A fitted-looking law: constants with 17 significant digits. */
const fitted: ScalingLaw = {
  E: 1.8172638541012387,
  A: 482.01284419358706,
  B: 2085.431876612413,
  alpha: 0.34837061728271934,
  beta: 0.36658224413082213,
};
const date = new Date('2026-03-04T05:06:07.890Z');
const HOFFMANN_SOURCE =
  "preset hoffmann2022: Hoffmann et al. 2022 'Training Compute-Optimal Large Language Models' eq. 10";

/** The five constants of a `# law:` value, parsed back. */
function lawOf(value: string): ScalingLaw {
  const get = (k: string) => Number(new RegExp(`(?:^| )${k}=(\\S+)`).exec(value)![1]);
  return { E: get('E'), A: get('A'), B: get('B'), alpha: get('alpha'), beta: get('beta') };
}

/** Every comment line is a single cell in any spreadsheet's delimiter: no , ; tab or quote. */
function expectSingleCells(text: string) {
  for (const line of text.split('\r\n').filter((l) => l.startsWith('#')))
    expect(line, line).toMatch(/^# [a-z_]+: [^,;\t"\r\n]+$/);
}

describe('metadata values', () => {
  it('writes numbers exactly, in exponent form for large and small ones', () => {
    expect([1.69, 406.4, 1e11, 5.88e23, 1e-5, 0, 123456, 1234567].map(metadataNumber)).toEqual([
      '1.69',
      '406.4',
      '1e11',
      '5.88e23',
      '1e-5',
      '0',
      '123456',
      '1.234567e6',
    ]);
    for (const x of Object.values(fitted)) expect(Number(metadataNumber(x))).toBe(x);
  });

  it('strips delimiters, quotes and line breaks from a value', () => {
    expect(metadataValue('a, b;c\td\r\ne\u2028f\u0085g "h"')).toBe("a b c d e f g 'h'");
    expect(metadataValue('  =1+1 ')).toBe('=1+1');
  });

  it('names a preset by its constants, whatever the source says', () => {
    expect(lawSourceText(hoffmann, 'fitted law')).toBe(
      'preset hoffmann2022: Hoffmann et al. 2022, "Training Compute-Optimal Large Language Models", eq. 10',
    );
    expect(lawSourceText(fitted, 'fitted law')).toBe('fitted law');
    expect(lawSourceText(fitted)).toBe('custom (edited or fitted)');
    expect(lawSourceText({ ...hoffmann, E: 1.7 })).toBe('custom (edited or fitted)');
    expect(lawMetadata(fitted, 'fitted law')).toMatch(
      /^E=1\.8172638541012387 A=.* \(fitted law\)$/,
    );
    expect(lawOf(lawMetadata(fitted))).toEqual(fitted);
  });

  it('writes the values a scenario is solved with, defaults filled in, not those that vary', () => {
    const s: Scenario = { kind: 'data-constrained', C: 1e23, U: 1e12 };
    expect(scenarioMetadata(s, ['C'])).toEqual([
      ['scenario', 'data-constrained'],
      ['constraints', 'U=1e12 k=6 q=1 R*_D=15.387756 R*_N=5.309743'],
    ]);
    // R* only where repetition applies; a field the kind does not use is left out.
    expect(
      scenarioMetadata({ kind: 'inference-target', targetLoss: 2.1, Dinf: 1e13, q: 2, U: 5 }),
    ).toEqual([
      ['scenario', 'inference-target'],
      ['constraints', 'D_inf=1e13 target_loss=2.1 k=6 q=2'],
    ]);
    expect(scenarioMetadata({ kind: 'compute', C: 1e22, k: 8 }, ['C'])[1]).toEqual([
      'constraints',
      'k=8 q=1',
    ]);
  });

  it('describes axes and budgets', () => {
    const x: SweepAxis = { field: 'C', min: 1e18, max: 1e28, count: 1024, spacing: 'log' };
    expect(axisMetadata(x)).toBe('C 1e18 to 1e28 in 1024 log-spaced steps');
    expect(axisMetadata({ ...x, field: 'mfu', min: 0.2, max: 0.6, spacing: 'linear' })).toBe(
      'mfu 0.2 to 0.6 in 1024 linear-spaced steps',
    );
    expect(budgetsMetadata(logBudgets(1e18, 1e28, 512))).toBe(
      'C 1e18 to 1e28 in 512 log-spaced budgets',
    );
    expect(budgetsMetadata([1e21, 5.88e23])).toBe('C at 2 budgets: 1e21 5.88e23');
    const uneven = [...logBudgets(1e18, 1e20, 9), 1e28];
    expect(budgetsMetadata(uneven)).toBe('C 1e18 to 1e28 in 10 budgets');
  });

  it('puts the tool first and the date last, and drops empty entries', () => {
    expect(
      csvMetadataHeader(
        [
          ['law', 'x'],
          ['empty', ' , '],
        ],
        date,
      ),
    ).toBe(
      `# tool: scaling-sweep ${TOOL_VERSION}\r\n# law: x\r\n# date: 2026-03-04T05:06:07.890Z\r\n`,
    );
    expect(TOOL_VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('grid CSVs read back with their metadata', () => {
  it('surface: tool, law, grid and date above the column header and every cell', () => {
    const grid = { log10NMin: 7, log10NMax: 13, log10DMin: 8, log10DMax: 14, width: 7, height: 4 };
    const text = surfaceCsv(grid, evaluateSurface(hoffmann, grid), { law: hoffmann, date });
    const csv = readCsv(text);
    expect(csv.comments).toEqual([
      `tool: scaling-sweep ${TOOL_VERSION}`,
      `law: E=1.69 A=406.4 B=410.7 alpha=0.34 beta=0.28 (${HOFFMANN_SOURCE})`,
      'scenario: none: every cell is the loss of the law at its N and D',
      'grid: N 1e7 to 1e13 in 7 log-spaced columns / D 1e8 to 1e14 in 4 log-spaced rows',
      'date: 2026-03-04T05:06:07.890Z',
    ]);
    expect(csv.header).toEqual(['N (parameters)', 'D (training tokens)', 'loss (nats/token)']);
    expect(csv.rows).toHaveLength(7 * 4);
    expect(csv.rows[0]!.slice(0, 2)).toEqual(['10000000', '100000000']);
    expectSingleCells(text);
  });

  it('frontier: law with its source, scenario without C, constraints, budgets, bands', () => {
    const budgets = logBudgets(1e18, 1e28, 512);
    const scenario = (C: number): Scenario => ({ kind: 'data-constrained', C, U: 1e12 });
    const csv = readCsv(
      frontierCsv({ law: fitted, lawSource: 'fitted law', budgets, scenario, date }),
    );
    expect(csv.meta).toEqual({
      tool: `scaling-sweep ${TOOL_VERSION}`,
      law: 'E=1.8172638541012387 A=482.01284419358706 B=2085.431876612413 alpha=0.34837061728271934 beta=0.36658224413082213 (fitted law)',
      scenario: 'data-constrained',
      constraints: 'U=1e12 k=6 q=1 R*_D=15.387756 R*_N=5.309743',
      grid: 'C 1e18 to 1e28 in 512 log-spaced budgets',
      date: '2026-03-04T05:06:07.890Z',
    });
    // The constants read back exactly: the file alone reproduces its rows.
    expect(lawOf(csv.meta.law!)).toEqual(fitted);
    expect(csv.header[0]).toBe('C (FLOPs)');
    expect(csv.rows).toHaveLength(512);
    expect(Number(csv.rows[0]![0])).toBe(budgets[0]);

    const laws = [0.33, 0.34, 0.35].map((alpha) => ({ ...hoffmann, alpha }));
    const few = [1e21, 1e23];
    const bands = frontierBands(
      solveOptima(
        laws,
        few.map((C) => scenario(C)),
      ),
      laws.length,
      few.length,
    );
    const banded = readCsv(frontierCsv({ law: hoffmann, budgets: few, scenario, bands, date }));
    expect(banded.meta.law).toBe(
      `E=1.69 A=406.4 B=410.7 alpha=0.34 beta=0.28 (${HOFFMANN_SOURCE})`,
    );
    expect(banded.meta.grid).toBe('C at 2 budgets: 1e21 1e23');
    expect(banded.meta.bands).toBe(
      "percentiles over the fit's bootstrap replicas that solved each budget (up to 3: column replicas solved)",
    );
    expect(banded.rows).toHaveLength(2);
  });

  it('sweep: base scenario without the axis fields, both axes, the output and the replicas', () => {
    const base: Scenario = { kind: 'data-constrained', C: 1e23, U: 1e12, RStarD: 15, RStarN: 5 };
    const x: SweepAxis = { field: 'C', min: 1e20, max: 1e24, count: 3, spacing: 'log' };
    const y: SweepAxis = { field: 'U', min: 1e10, max: 1e12, count: 2, spacing: 'log' };
    const laws = [hoffmann, { ...hoffmann, alpha: 0.33 }, { ...hoffmann, alpha: 0.35 }];
    const raw = solveSweep(laws, base, x, y);
    const values = new Float32Array(6).fill(2);
    const spread = new Float32Array(6).fill(0.1);
    const csv = readCsv(
      sweepCsv({ raw, law: hoffmann, base, x, y, output: { label: 'Loss', values, spread }, date }),
    );
    expect(csv.comments).toEqual([
      `tool: scaling-sweep ${TOOL_VERSION}`,
      `law: E=1.69 A=406.4 B=410.7 alpha=0.34 beta=0.28 (${HOFFMANN_SOURCE})`,
      'scenario: data-constrained',
      'constraints: k=6 q=1 R*_D=15 R*_N=5',
      'grid: x C 1e20 to 1e24 in 3 log-spaced steps / y U 1e10 to 1e12 in 2 log-spaced steps',
      'output: Loss',
      'spread: 5-95% over 2 bootstrap replicas of the fit',
      'date: 2026-03-04T05:06:07.890Z',
    ]);
    expect(csv.header.slice(0, 3)).toEqual([
      'C (FLOPs)',
      'U (unique tokens)',
      'N_opt (parameters)',
    ]);
    expect(csv.rows).toHaveLength(6);
    expect(csv.rows.every((r) => r.length === csv.header.length)).toBe(true);
  });

  it('writes the current date when none is given', () => {
    const before = Date.now();
    const grid = { log10NMin: 7, log10NMax: 8, log10DMin: 8, log10DMax: 9, width: 2, height: 2 };
    const csv = readCsv(surfaceCsv(grid, evaluateSurface(hoffmann, grid), { law: hoffmann }));
    const written = Date.parse(csv.meta.date!);
    expect(written).toBeGreaterThanOrEqual(before - 1000);
    expect(written).toBeLessThanOrEqual(Date.now());
  });
});

describe('CSV injection through the header', () => {
  const hostile = '=HYPERLINK("http://x.example","y"),@SUM(A1);+1\r\n1,2,3\n# fake: yes\t-2';
  const budgets = [1e21, 1e23];
  const scenario = (C: number): Scenario => ({ kind: 'compute', C });

  it('a hostile law source stays inside one comment cell and forges no row', () => {
    const text = frontierCsv({ law: fitted, lawSource: hostile, budgets, scenario, date });
    expectSingleCells(text);
    const csv = readCsv(text);
    expect(csv.meta.law).toMatch(
      /\(=HYPERLINK\('http:\/\/x\.example' 'y'\) @SUM\(A1\) \+1 1 2 3 # fake: yes -2\)$/,
    );
    expect(csv.meta.fake).toBeUndefined();
    expect(csv.comments).toHaveLength(6);
    expect(csv.rows).toHaveLength(2);
    expect(csv.rows.map((r) => r[0])).toEqual(['1e+21', '1e+23']);
  });

  it('the column header still escapes a formula-like output label; the comment holds it as text', () => {
    const base: Scenario = { kind: 'compute', C: 1e22 };
    const x: SweepAxis = { field: 'C', min: 1e20, max: 1e22, count: 2, spacing: 'log' };
    const y: SweepAxis = { field: 'q', min: 1, max: 2, count: 1, spacing: 'linear' };
    const raw = solveSweep([hoffmann], base, x, y);
    const label = '=1+1,"x"';
    const text = sweepCsv({
      raw,
      law: hoffmann,
      base,
      x,
      y,
      output: { label, values: new Float32Array(2) },
      date,
    });
    expectSingleCells(text);
    const csv = readCsv(text);
    expect(csv.meta.output).toBe("=1+1 'x'");
    // csvCell's apostrophe, then RFC 4180 quoting of the comma and quotes.
    expect(text).toContain(`,"'=1+1,""x""",status,reason\r\n`);
    expect(csv.header[5]).toBe(`'=1+1,"x"`);
  });
});
