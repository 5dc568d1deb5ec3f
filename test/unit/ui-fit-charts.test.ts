import { describe, expect, test } from 'vitest';
import type { Run } from '../../src/data/types';
import { DEFAULT_FIT_OPTIONS, type FitResult, SUMMARY_PARAMS } from '../../src/fit/types';
import { thetaFromLaw } from '../../src/law/law';
import { plotScales } from '../../src/ui/charts/axes';
import { cloudChart, cloudPoints } from '../../src/ui/charts/bootstrap-cloud';
import {
  MAX_BOOTSTRAP,
  optionTexts,
  parseOptionTexts,
  parseWhole,
} from '../../src/ui/charts/fit-option-fields';
import {
  correlationRows,
  diagnostics,
  formatStat,
  parameterRows,
} from '../../src/ui/charts/fit-table';
import { forecastBars } from '../../src/ui/charts/forecast-bars';
import { formatDuration, phaseEta, progressView } from '../../src/ui/charts/progress';
import { residualChart, residuals } from '../../src/ui/charts/residuals';
import { FINE_MERGE_RUNS, runMarks } from '../../src/ui/charts/run-marks';
import {
  circlesPath,
  dotsPath,
  linearScale,
  log10Axis,
  sizeColour,
} from '../../src/ui/charts/scatter';

const law = { E: 1.8, A: 400, B: 2000, alpha: 0.34, beta: 0.36 };
const theta = thetaFromLaw(law);

function fitWith(replicas: number[][]): FitResult {
  const rows = new Float64Array(replicas.flat());
  const summary = { median: 0.34, se: 0.01, ci95: [0.32, 0.36] as const };
  return {
    engine: 'cpu',
    rows: 20,
    best: { theta, objective: 1e-3, iterations: 40, evaluations: 60, converged: true, law },
    starts: { total: 4500, converged: 4400, minima: { best: 1e-3, median: 2e-3, worst: 5e-3 } },
    bootstrap: {
      requested: replicas.length,
      converged: replicas.filter((r) => !Number.isNaN(r[0]!)).length,
      excluded: replicas.filter((r) => Number.isNaN(r[0]!)).length,
      params: Object.fromEntries(
        SUMMARY_PARAMS.map((p) => [
          p,
          p === 'E' ? { median: 1.8, se: 0.02, ci95: [1.0, 20] } : summary,
        ]),
      ) as never,
      correlation: Array.from({ length: 25 }, (_, i) =>
        i % 6 === 0 ? 1 : i === 3 * 5 + 4 ? -0.97 : 0,
      ),
      replicas: rows,
    },
    warnings: [],
    options: DEFAULT_FIT_OPTIONS,
    seconds: 1.2,
  };
}

describe('scatter helpers', () => {
  test('linear scale maps its domain onto the range and widens a zero-width domain', () => {
    const s = linearScale([0, 10], 100, 0);
    expect(s(0)).toBe(100);
    expect(s(10)).toBe(0);
    expect(linearScale([3, 3], 0, 10).domain).toEqual([2.5, 3.5]);
  });
  test('log axis labels decades in e-notation', () => {
    const ticks = log10Axis(linearScale([18.5, 21.5], 0, 300)).filter((t) => t.major);
    expect(ticks.map((t) => t.label)).toEqual(['1e19', '1e20', '1e21']);
    expect(ticks[0]!.at).toBeCloseTo(50, 9);
  });
  test('size colours run along viridis and clamp', () => {
    expect(sizeColour(7, 7, 10)).not.toBe(sizeColour(10, 7, 10));
    expect(sizeColour(5, 7, 10)).toBe(sizeColour(7, 7, 10));
  });
  test('dot and circle paths have one subpath per point', () => {
    expect(
      dotsPath([
        [1, 2],
        [3.25, 4],
      ]),
    ).toBe('M1.0,2.0h0M3.3,4.0h0');
    expect(circlesPath([[10, 10]], 2)).toBe(
      'M8.0,10.0a2.00,2.00 0 1,0 4.00,0a2.00,2.00 0 1,0 -4.00,0',
    );
    expect(circlesPath([], 2)).toBe('');
  });
});

describe('residuals', () => {
  const runs: Run[] = [
    { row: 2, N: 1e8, D: 2e9, C: 1.2e18, loss: 3 },
    { row: 3, N: 1e9, D: 2e10, C: 1.2e20, loss: 2.5 },
  ];
  test('are ln L_pred - ln L with exclusions flagged', () => {
    const r = residuals(theta, runs, new Set([3]));
    const pred = law.E + law.A / 1e8 ** law.alpha + law.B / 2e9 ** law.beta;
    expect(r[0]!.residual).toBeCloseTo(Math.log(pred) - Math.log(3), 12);
    expect(r.map((p) => p.excluded)).toEqual([false, true]);
  });
  test('chart puts zero mid-height, C on a log axis and colours by N', () => {
    const c = residualChart(residuals(theta, runs, new Set()), 300, 200);
    expect(c.zeroY).toBeCloseTo(100, 9);
    expect(c.dots[0]!.x).toBeLessThan(c.dots[1]!.x);
    expect(c.dots[0]!.colour).not.toBe(c.dots[1]!.colour);
    expect(c.legend).toEqual({ lo: '100M', hi: '1B' });
    expect(c.xTicks.some((t) => t.label === '1e19')).toBe(true);
  });

  test('residual ticks read differently at every spacing (never 0.01, 0.01, 0.01)', () => {
    for (const spread of [0.012, 0.004, 0.03, 0.2, 1.5, 3e-4]) {
      const points = [
        { row: 2, C: 1e18, N: 1e8, residual: -spread, excluded: false },
        { row: 3, C: 1e20, N: 1e9, residual: spread, excluded: false },
      ];
      const labels = residualChart(points, 300, 200).yTicks.map((t) => t.label);
      expect(labels.length).toBeGreaterThan(2);
      expect(new Set(labels).size).toBe(labels.length);
      expect(labels).toContain('0');
    }
    const small = [
      { row: 2, C: 1e18, N: 1e8, residual: -0.012, excluded: false },
      { row: 3, C: 1e20, N: 1e9, residual: 0.012, excluded: false },
    ];
    expect(residualChart(small, 300, 200).yTicks.map((t) => t.label)).toEqual([
      '-0.010',
      '-0.005',
      '0',
      '0.005',
      '0.010',
    ]);
  });
});

describe('bootstrap cloud', () => {
  test('keeps converged replicas only and subsamples evenly', () => {
    const rows = Array.from({ length: 100 }, (_, k) =>
      k % 10 === 0 ? [NaN, NaN, NaN, NaN, NaN] : [1, 2, 0.5, 0.3 + k / 1000, 0.35],
    );
    const pts = cloudPoints(new Float64Array(rows.flat()));
    expect(pts).toHaveLength(90);
    const few = cloudPoints(new Float64Array(rows.flat()), 9);
    expect(few).toHaveLength(9);
    expect(few[0]![0]).toBeCloseTo(0.301, 12);
    expect(few[8]![0]).toBeGreaterThan(0.38);
  });
  test('marks the best fit and the 95% box inside the plot', () => {
    const fit = fitWith([
      [0, 0, 0, 0.32, 0.34],
      [0, 0, 0, 0.36, 0.38],
    ]);
    const c = cloudChart(
      cloudPoints(fit.bootstrap!.replicas),
      law,
      fit.bootstrap!.params,
      200,
      100,
    );
    expect(c.count).toBe(2);
    expect(c.best.x).toBeGreaterThan(0);
    expect(c.best.x).toBeLessThan(200);
    expect(c.ci.x0).toBeLessThan(c.ci.x1);
    expect(c.ci.y0).toBeLessThan(c.ci.y1);
    expect(c.dots.split('M')).toHaveLength(3);
  });
});

describe('fit tables', () => {
  const fit = fitWith([
    [0, 0, 0, 0.32, 0.34],
    [NaN, NaN, NaN, NaN, NaN],
  ]);
  test('parameter rows: best fit, bootstrap summary and order-of-magnitude flags', () => {
    const rows = parameterRows(fit);
    expect(rows.map((r) => r.key)).toEqual(['E', 'A', 'B', 'alpha', 'beta', 'a', 'b']);
    const alpha = rows.find((r) => r.key === 'alpha')!;
    expect(alpha.best).toBeCloseTo(0.34, 12);
    expect([alpha.lo, alpha.hi]).toEqual([0.32, 0.36]);
    expect(alpha.bestInside).toBe(true);
    expect(rows.find((r) => r.key === 'E')!.wide).toBe(true);
    expect(rows.find((r) => r.key === 'a')!.best).toBeCloseTo(0.36 / 0.7, 12);
    const bare = parameterRows({ ...fit, bootstrap: undefined } as FitResult);
    expect(Number.isNaN(bare[0]!.lo)).toBe(true);
    expect(rows.some((r) => r.fixed)).toBe(false);
    const tied = parameterRows({ ...fit, options: { ...fit.options, tieExponents: true } });
    expect(tied.filter((r) => r.fixed).map((r) => r.key)).toEqual(['a', 'b']);
  });
  test('formats table numbers compactly', () => {
    expect(formatStat(0.337487)).toBe('0.3375');
    expect(formatStat(2123.72)).toBe('2124');
    expect(formatStat(123456)).toBe('1.235e+5');
    expect(formatStat(Number.NaN)).toBe('—');
  });
  test('correlation cells: values, red-blue colours, light text on dark cells', () => {
    const rows = correlationRows(fit.bootstrap!.correlation);
    expect(rows).toHaveLength(5);
    expect(rows[3]![4]!.text).toBe('-0.97');
    expect(rows[3]![4]!.light).toBe(true);
    expect(rows[0]![1]!.light).toBe(false);
    expect(rows[0]![0]!.background).not.toBe(rows[3]![4]!.background);
  });
  test('diagnostics flag low replica convergence', () => {
    const d = diagnostics(fit);
    const rep = d.find((x) => x.label === 'Replicas converged')!;
    expect(rep.value).toMatch(/^1 \/ 2 \(50\.0%\) · 1 excluded$/);
    expect(rep.bad).toBe(true);
    expect(d[0]!.value).toBe('4,400 / 4,500 (97.8%)');
  });
});

describe('progress', () => {
  test('ETA from the rate so far, only once it means something', () => {
    expect(phaseEta(0, 100, 5)).toBeUndefined();
    expect(phaseEta(10, 100, 0.1)).toBeUndefined();
    expect(phaseEta(25, 100, 2)).toBeCloseTo(6, 12);
    expect(phaseEta(100, 100, 2)).toBe(0);
  });
  test('labels phase and counts', () => {
    const v = progressView({ phase: 'bootstrap', done: 1200, total: 4000 }, 3);
    expect(v.label).toBe('Bootstrap 1,200 / 4,000');
    expect(v.fraction).toBeCloseTo(0.3, 12);
    expect(v.eta).toBe('~7.0 s left');
    expect(progressView(undefined, 0).label).toBe('Starting…');
  });
  test('durations', () => {
    expect(formatDuration(0.42)).toBe('0.4 s');
    expect(formatDuration(12.4)).toBe('12 s');
    expect(formatDuration(185)).toBe('3 min 05 s');
  });
});

describe('forecast bars', () => {
  test('share one zero line at the actual loss', () => {
    const rows = [
      {
        row: 2,
        N: 1,
        D: 1,
        C: 1,
        actual: 2,
        predicted: 2.02,
        lo: 1.98,
        hi: 2.06,
        paramLo: 1.99,
        paramHi: 2.05,
        relError: 0.01,
        inside: true,
      },
      {
        row: 3,
        N: 1,
        D: 1,
        C: 1,
        actual: 2,
        predicted: 1.9,
        lo: 1.85,
        hi: 1.95,
        paramLo: 1.86,
        paramHi: 1.94,
        relError: -0.05,
        inside: false,
      },
    ];
    const b = forecastBars(rows, 220);
    expect(b.zero).toBeCloseTo(110, 9);
    expect(b.bars[0]!.x0).toBeLessThan(b.zero);
    expect(b.bars[0]!.x1).toBeGreaterThan(b.zero);
    expect(b.bars[1]!.x1).toBeLessThan(b.zero);
    expect(b.bars[1]!.predicted).toBeLessThan(b.bars[1]!.x1);
    expect(b.ticks.some((t) => t.label === '0')).toBe(true);
  });
});

describe('run marks on the surface', () => {
  test('splits included and excluded runs and counts those outside the view', () => {
    const s = plotScales({ log10NMin: 7, log10NMax: 13, log10DMin: 8, log10DMax: 14 }, 600, 600);
    const m = runMarks(
      {
        runs: [
          { N: 1e9, D: 1e10, row: 2 },
          { N: 1e10, D: 1e11, row: 3 },
          { N: 1e15, D: 1e10, row: 4 },
        ],
        excluded: new Set([3]),
      },
      s,
    );
    expect(m.outside).toBe(1);
    expect(m.excludedCount).toBe(1);
    expect(m.dots).toBe(2);
    expect(m.included.match(/M/g)).toHaveLength(1);
    expect(m.excluded.match(/M/g)).toHaveLength(1);
    expect(m.included.startsWith('M196.8,400.0')).toBe(true);
  });

  test('a dot within half a pixel of a drawn one of its kind is drawn once; others all are', () => {
    const s = plotScales({ log10NMin: 7, log10NMax: 13, log10DMin: 8, log10DMax: 14 }, 600, 600);
    // 100 px per decade: 1e9 and 1e9 * 10^0.001 are 0.1 px apart, 1e9 * 10^0.01 is 1 px away.
    const runs = [
      { N: 1e9, D: 1e10, row: 2 },
      { N: 1e9 * 10 ** 0.001, D: 1e10, row: 3 },
      { N: 1e9 * 10 ** 0.01, D: 1e10, row: 4 },
      { N: 1e9, D: 1e10, row: 5 },
    ];
    const m = runMarks({ runs, excluded: new Set([5]) }, s);
    expect(m.included.match(/M/g)).toHaveLength(2);
    expect(m.excluded.match(/M/g)).toHaveLength(1);
    expect(m.dots).toBe(3);
    expect(m.outside).toBe(0);
    expect(m.mergePx).toBe(0.5);
    const many = Array.from({ length: 100_000 }, (_, i) => ({ N: 1e9, D: 1e10, row: i + 2 }));
    const one = runMarks({ runs: many, excluded: new Set() }, s);
    expect(one.dots).toBe(1);
    expect(one.included.match(/M/g)).toHaveLength(1);
  });

  test(`beyond ${FINE_MERGE_RUNS} runs in view, dots merge within their radius`, () => {
    const s = plotScales({ log10NMin: 7, log10NMax: 13, log10DMin: 8, log10DMax: 14 }, 600, 600);
    // A 300 x 300 lattice 2 px apart: all drawn at half-pixel merging, about 1 in 4 at 3.2 px.
    const grid = (side: number) =>
      Array.from({ length: side * side }, (_, i) => ({
        N: 10 ** (7 + ((i % side) * 2) / 100),
        D: 10 ** (8 + (Math.floor(i / side) * 2) / 100),
        row: i + 2,
      }));
    const few = runMarks({ runs: grid(100), excluded: new Set() }, s);
    expect(few.mergePx).toBe(0.5);
    expect(few.dots).toBe(10_000);
    const lots = runMarks({ runs: grid(300), excluded: new Set() }, s);
    expect(lots.mergePx).toBe(3.2);
    expect(lots.outside).toBe(0);
    // Cells of 3.2 px hold one or two lattice points a side: (600 / 3.2)^2 cells at most.
    expect(lots.dots).toBeLessThanOrEqual(Math.ceil(600 / 3.2 + 1) ** 2);
    expect(lots.dots).toBeGreaterThan(150 * 150);
  });
});

describe('fit option fields', () => {
  test('round-trip the defaults', () => {
    const texts = optionTexts(DEFAULT_FIT_OPTIONS);
    expect(parseOptionTexts(DEFAULT_FIT_OPTIONS, texts, false)).toEqual({
      options: DEFAULT_FIT_OPTIONS,
    });
  });
  test('accept K up to 100,000 with separators and random starts', () => {
    const r = parseOptionTexts(
      DEFAULT_FIT_OPTIONS,
      {
        ...optionTexts(DEFAULT_FIT_OPTIONS),
        randomStarts: '512',
        bootstrap: '100,000',
        seed: '7',
        delta: '1e-3',
      },
      true,
    );
    expect(r).toEqual({
      options: {
        ...DEFAULT_FIT_OPTIONS,
        starts: { kind: 'random', count: 512 },
        bootstrap: 100_000,
        seed: 7,
      },
    });
    expect(MAX_BOOTSTRAP).toBe(100_000);
  });
  test('name every bad field', () => {
    const r = parseOptionTexts(
      DEFAULT_FIT_OPTIONS,
      {
        ...optionTexts(DEFAULT_FIT_OPTIONS),
        randomStarts: '0',
        bootstrap: '100001',
        seed: '-1',
        delta: '0',
      },
      true,
    );
    expect('issues' in r && Object.keys(r.issues).sort()).toEqual([
      'bootstrap',
      'delta',
      'randomStarts',
      'seed',
    ]);
    expect(parseWhole('2.5', 0, 10, 'K')).toBe('K must be a whole number from 0 to 10');
    expect(parseWhole('abc', 0, 10, 'K')).toMatch(/whole number/);
    expect(parseWhole(' 4 000 ', 0, 10_000, 'K')).toBe(4000);
  });
  test('carry the objective and isoFLOP choices, and name their bad fields', () => {
    const base = { ...DEFAULT_FIT_OPTIONS, deltaRule: { kind: 'scaled', constant: 1 } } as const;
    const texts = {
      ...optionTexts(base),
      deltaConstant: '1.345',
      overPenalty: '3',
      fixE: '1.7',
      fixAlpha: '',
      fixBeta: '0.3',
      tolerance: '10',
    };
    expect(parseOptionTexts(base, texts, false)).toEqual({
      options: {
        ...DEFAULT_FIT_OPTIONS,
        deltaRule: { kind: 'scaled', constant: 1.345 },
        overPenalty: 3,
        fixed: { E: 1.7, beta: 0.3 },
        tolerance: 0.1,
      },
    });
    // Blank fixed fields and a penalty of 1 leave the options as the defaults.
    const back = parseOptionTexts(
      { ...DEFAULT_FIT_OPTIONS, overPenalty: 3, fixed: { E: 1.7 } },
      { ...optionTexts(DEFAULT_FIT_OPTIONS), overPenalty: '1', fixE: ' ' },
      false,
    );
    expect(back).toEqual({ options: DEFAULT_FIT_OPTIONS });
    const bad = parseOptionTexts(
      { ...base, tieExponents: true },
      {
        ...texts,
        deltaConstant: '0',
        overPenalty: '0.5',
        fixE: '-1',
        fixAlpha: '0.3',
        fixBeta: '0.4',
        tolerance: '100',
      },
      false,
    );
    expect('issues' in bad && bad.issues).toEqual({
      deltaConstant: 'the δ constant must be a positive number (at most 100)',
      overPenalty: 'the over-prediction penalty must be a number from 1 (symmetric) to 1000',
      fixE: 'Fixed E must be blank (fitted) or a number above 0 and at most 100',
      fixBeta: 'with tied exponents α and β are one: fix one of them, or both at one value',
      tolerance: 'the grouping tolerance must be a percentage from 0 to below 100',
    });
  });
});
