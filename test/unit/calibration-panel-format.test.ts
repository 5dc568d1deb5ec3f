/**
 * The calibration panel's pure helpers (src/ui/charts/calibration-table.ts) and exports
 * (src/export/calibration.ts): the fields parsed into a request with the calibration's own
 * messages for what it refuses (R of 10,000, K below 10, the cap, a fit that did not converge,
 * a bad budget), the cost line, the progress line, and the table rows, CSV and JSON of a small
 * real calibration of the built-in runs (16 random starts, R = 4, K = 10, in-process CPU
 * fitter). The JSON must be what `calibrate --json` prints for the same fit and calibration.
 */
import { describe, expect, it } from 'vitest';
import { calibrateOutputJson } from '../../src/cli/calibrate-output';
import { builtinDataset } from '../../src/data/builtin';
import { calibrationCsv, calibrationJson, calibrationReport } from '../../src/export/calibration';
import { calibrate, defaultTarget } from '../../src/fit/calibration';
import { inProcessFitBackend } from '../../src/fit/design-check';
import { runFit } from '../../src/fit/run-fit';
import { runSeriesFits } from '../../src/fit/series-batch-fit';
import { DEFAULT_FIT_OPTIONS, type FitOptions, type FitResult } from '../../src/fit/types';
import {
  budgetText,
  type CalibrationDraft,
  calibrationProgressText,
  calibrationRows,
  defaultCalibrationDraft,
  localFitsText,
  parseCalibrationDraft,
  sentence,
} from '../../src/ui/charts/calibration-table';

const runs = builtinDataset(1).runs;
const OPTIONS: FitOptions = {
  ...DEFAULT_FIT_OPTIONS,
  starts: { kind: 'random', count: 16 },
  bootstrap: 30,
};
const backend = inProcessFitBackend();
const fitPromise = runFit(runs, OPTIONS, backend);

const draft = (over: Partial<CalibrationDraft> = {}): CalibrationDraft => ({
  replicas: '8',
  bootstrap: '10',
  budget: '',
  seed: '1',
  ...over,
});

function problemsOf(fit: FitResult, over: Partial<CalibrationDraft>, budget?: number): string[] {
  const p = parseCalibrationDraft(draft(over), runs, fit, budget);
  return p.ok ? [] : [...p.problems];
}

describe('calibration panel fields', () => {
  it('starts from R = 200, the fit’s own K (at least 10) and its seed', async () => {
    const fit = await fitPromise;
    expect(defaultCalibrationDraft(fit)).toEqual({
      replicas: '200',
      bootstrap: '30',
      budget: '',
      seed: '1',
    });
    const noBootstrap = { ...fit, options: { ...fit.options, bootstrap: 0, seed: 7 } };
    expect(defaultCalibrationDraft(noBootstrap)).toMatchObject({ bootstrap: '10', seed: '7' });
  });

  it('parses a request and counts its local fits', async () => {
    const fit = await fitPromise;
    const p = parseCalibrationDraft(draft({ replicas: '1,000', budget: '1e24' }), runs, fit);
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    expect(p.request).toMatchObject({
      replicas: 1000,
      seed: 1,
      starts: 16,
      localFits: 1000 * 26,
      target: { kind: 'nopt', budget: 1e24 },
    });
    expect(p.request.options).toEqual({ ...fit.options, bootstrap: 10 });
    expect(localFitsText(p.request)).toBe('1,000 × (16 starts + 10 replicas) = 26,000 local fits');
    // Blank budget: the property's budget, else the calibration's default (no target given).
    const blank = parseCalibrationDraft(draft(), runs, fit);
    expect(blank.ok && blank.request.target).toBeUndefined();
    const given = parseCalibrationDraft(draft(), runs, fit, 3e25);
    expect(given.ok && given.request.target).toEqual({ kind: 'nopt', budget: 3e25 });
  });

  it('refuses what the calibration refuses, with its messages', async () => {
    const fit = await fitPromise;
    expect(problemsOf(fit, { replicas: '10000' })).toEqual([
      'the number of simulated data sets must be a whole number from 2 to 9999, got 10000',
    ]);
    expect(problemsOf(fit, { replicas: '1' })[0]).toMatch(/from 2 to 9999, got 1$/);
    expect(problemsOf(fit, { replicas: 'many' })[0]).toMatch(/whole number, got "many"/);
    expect(problemsOf(fit, { replicas: '2.5' })[0]).toMatch(/whole number, got "2.5"/);
    expect(problemsOf(fit, { bootstrap: '5' })).toEqual([
      'calibration checks bootstrap intervals: K must be at least 10, got 5',
    ]);
    expect(problemsOf(fit, { bootstrap: '-3' })[0]).toMatch(/bootstrap K must be a whole number/);
    const grid = { ...fit, options: { ...fit.options, starts: { kind: 'grid' as const } } };
    expect(problemsOf(grid, { replicas: '9999', bootstrap: '4000' })[0]).toMatch(
      /R x \(starts \+ K\) = 9999 x \(4500 \+ 4000\) = 84,991,500 local fits is above the cap of 10,000,000/,
    );
    expect(problemsOf(fit, { seed: '-1' })[0]).toMatch(/seed must be a whole number/);
  });

  it('refuses a target budget that is not a positive finite number of FLOPs', async () => {
    const fit = await fitPromise;
    for (const text of ['abc', '-1e24', '0', 'Infinity', '1e400'])
      expect(problemsOf(fit, { budget: text }), text).toEqual([
        `the target budget must be a positive number of FLOPs, e.g. 1e24, got "${text}"`,
      ]);
    expect(problemsOf(fit, {}, Number.NaN)[0]).toMatch(/target budget must be a positive number/);
  });

  it('says the fit did not converge rather than calibrating it', async () => {
    const fit = await fitPromise;
    const stuck = { ...fit, best: { ...fit.best, converged: false } };
    expect(problemsOf(stuck, {})[0]).toMatch(/^the fit did not converge/);
    expect(problemsOf(fit, {}).length).toBe(0);
  });

  it('writes progress, budgets and sentences', () => {
    expect(calibrationProgressText(undefined, 0.2)).toBe('Starting… · 0.2 s');
    expect(calibrationProgressText({ done: 1000, total: 36_080 }, 0.1)).toBe(
      'Local fits 1,000 / 36,080 · 0.1 s',
    );
    expect(calibrationProgressText({ done: 1000, total: 4000 }, 2)).toBe(
      'Local fits 1,000 / 4,000 · 2.0 s · ~6.0 s left',
    );
    expect(budgetText(3e23)).toBe('3e23 FLOPs');
    expect(budgetText(2.85e23)).toBe('2.85e23 FLOPs');
    expect(sentence('cover 93% (±3%)')).toBe('cover 93% (±3%).');
    expect(sentence('done.')).toBe('done.');
  });
});

describe('calibration table and exports', () => {
  const calibrated = (async () => {
    const fit = await fitPromise;
    const result = await calibrate(
      runs,
      fit,
      { ...fit.options, bootstrap: 10 },
      {
        replicas: 4,
        seed: 1,
        fitSeries: (plan, o, job) => runSeriesFits(plan, o, backend, job),
      },
    );
    return { fit, result };
  })();

  it('has a row per quantity with the coverage as a share', async () => {
    const { result } = await calibrated;
    const rows = calibrationRows(result.quantities, result.nominal);
    expect(rows.map((r) => r.quantity)).toEqual(['alpha', 'beta', 'a', 'E', 'target']);
    for (const [i, r] of rows.entries()) {
      const q = result.quantities[i]!;
      expect(r.coverageValue).toBe(q.coverage);
      expect(r.coverageValue).toBeGreaterThanOrEqual(0);
      expect(r.coverageValue).toBeLessThanOrEqual(1);
      expect(r.nominal).toBe('95%');
      expect(r.coverage).toBe(`${Math.round(100 * q.coverage)}% (${q.covered} / 4)`);
      expect(r.margin).toMatch(/^\d+% to \d+%$/);
      expect(r.bias).toMatch(/^(-?\d+\.\d\d|—)$/);
      expect(r.biasMean).toMatch(/^mean (-?\d+\.\d\d|—)$/);
      expect(r.seRatioMean).toMatch(/^mean (\d+\.\d\d|—)$/);
      expect(r.scale).toMatch(/^(×\d+\.\d\d|—)$/);
    }
    expect(rows[4]!.label).toBe(`N_opt at ${defaultTarget(runs).budget.toPrecision(3)} FLOPs`);
  });

  it('exports the JSON calibrate --json prints, and a CSV row per quantity', async () => {
    const { fit, result } = await calibrated;
    // The CLI prints the same object (calibrateOutputJson is calibrationReport).
    const cli = calibrateOutputJson({ fit, calibration: result }, 'builtin.csv', 'cpu');
    expect(cli).toMatchObject({
      version: 1,
      command: 'calibrate',
      file: 'builtin.csv',
      engine: 'cpu',
    });
    expect(cli.rows).toBe(fit.rows);
    expect(cli.quantities.map((q) => q.name)).toEqual(result.quantities.map((q) => q.name));
    expect(cli.quantities.map((q) => q.covered)).toEqual(result.quantities.map((q) => q.covered));
    const parsed = JSON.parse(calibrationJson(fit, result, 'builtin.csv', 'cpu'));
    expect(parsed).toEqual(
      JSON.parse(JSON.stringify(calibrationReport(fit, result, 'builtin.csv', 'cpu'))),
    );
    const csv = calibrationCsv(result, 'CPU · 2 threads', new Date('2026-01-01T00:00:00Z'));
    const lines = csv.trimEnd().split('\r\n');
    const header = lines.findIndex((l) => !l.startsWith('#'));
    expect(lines.slice(0, header)).toContain('# simulated data sets: 4 used of 4');
    expect(lines.slice(0, header)).toContain('# engine: CPU · 2 threads');
    expect(lines[header]!.split(',').slice(0, 7)).toEqual([
      'quantity',
      'label',
      'truth',
      'nominal',
      'covered',
      'sets',
      'coverage',
    ]);
    const body = lines.slice(header + 1);
    expect(body.map((l) => l.split(',')[0])).toEqual(['alpha', 'beta', 'a', 'E', 'target']);
    expect(Number(body[0]!.split(',')[6])).toBe(result.quantities[0]!.coverage);
  });
});
