/**
 * Cost growth (src/bench/growth.mjs and its tables in bench/report.mjs): per-unit cost per size,
 * cliffs where the per-unit cost jumps between neighbouring sizes, the largest-over-median
 * ratio, series comparisons, and the growth plan's series and sizes.
 */
import { describe, expect, it } from 'vitest';
import { formatGrowth } from '../../bench/report.mjs';
import {
  CLIFF_FACTOR,
  compareSeries,
  findCliffs,
  type GrowthPoint,
  growthSeries,
  growthSummary,
  growthTable,
  growthVerdicts,
  median,
  timeUnit,
  unitSingular,
} from '../../src/bench/growth.mjs';
import {
  GROWTH_PLANS,
  GROWTH_SERIES,
  growthSeriesOf,
  seriesOfKernel,
} from '../../src/bench/growth-plan';
import type { BenchRow } from '../../src/bench/suite';

function row(kernel: string, engine: string, size: number, seconds: number, unit = 'cells') {
  return {
    kernel,
    engine,
    size,
    unit,
    perSecond: size / seconds,
    seconds,
    mode: '',
    shape: `${Math.sqrt(size)}x${Math.sqrt(size)}`,
    repeats: 3,
    runsPerSample: 1,
    spread: { min: seconds, max: seconds, q1: seconds, q3: seconds },
  } satisfies BenchRow;
}

const point = (size: number, perUnit: number): GrowthPoint => ({
  size,
  shape: String(size),
  seconds: size * perUnit,
  perUnit,
});

describe('findCliffs', () => {
  it('flags only steps whose per-unit cost rises above the factor, with both sizes', () => {
    const points = [point(1, 10), point(2, 10), point(4, 16), point(8, 15), point(16, 30)];
    const cliffs = findCliffs(points);
    expect(cliffs.map((c) => [c.from.size, c.to.size])).toEqual([
      [2, 4],
      [8, 16],
    ]);
    expect(cliffs[0]!.ratio).toBeCloseTo(1.6, 12);
    expect(cliffs[1]!.ratio).toBeCloseTo(2, 12);
  });

  it('does not flag a step of exactly the factor, nor falling costs', () => {
    expect(CLIFF_FACTOR).toBe(1.5);
    expect(findCliffs([point(1, 10), point(2, 15), point(4, 1)])).toEqual([]);
    expect(findCliffs([point(1, 10), point(2, 15.001)])).toHaveLength(1);
  });

  it('takes another factor', () => {
    expect(findCliffs([point(1, 10), point(2, 12)], 1.1)).toHaveLength(1);
    expect(findCliffs([point(1, 10), point(2, 12)], 1.3)).toHaveLength(0);
  });
});

describe('growthSeries', () => {
  it('sorts by size and compares the largest per-unit cost with the median', () => {
    const s = growthSeries('growth-surface', 'gpu', 'cells', [
      point(16, 2),
      point(1, 4),
      point(4, 3),
    ]);
    expect(s.series).toBe('surface');
    expect(s.points.map((p) => p.size)).toEqual([1, 4, 16]);
    expect(s.medianPerUnit).toBe(3);
    expect(s.largestOverMedian).toBeCloseTo(2 / 3, 12);
    expect(s.cliffs).toEqual([]);
  });

  it('reports a cliff hidden between smooth ends', () => {
    const s = growthSeries('growth-bootstrap', 'gpu', 'fits', [
      point(64, 1),
      point(256, 1),
      point(257, 2),
      point(1024, 2),
    ]);
    expect(s.cliffs).toHaveLength(1);
    expect(s.cliffs[0]!.from.size).toBe(256);
    expect(s.cliffs[0]!.to.size).toBe(257);
    expect(s.largestOverMedian).toBeCloseTo(2 / 1.5, 12);
  });
});

describe('growthSummary', () => {
  it('groups growth rows by kernel and engine, ignores other rows, keeps GPU time per unit', () => {
    const rows = [
      row('surface', 'gpu', 1024, 1),
      row('growth-surface', 'gpu', 65536, 0.002),
      row('growth-surface', 'cpu', 65536, 0.001),
      { ...row('growth-surface', 'gpu', 16384, 0.001), gpuSeconds: 0.0005 },
      row('growth-surface', 'cpu', 16384, 0.0004),
    ];
    const series = growthSummary(rows);
    expect(series.map((s) => `${s.series}/${s.engine}`)).toEqual(['surface/gpu', 'surface/cpu']);
    const gpu = series[0]!;
    expect(gpu.points.map((p) => p.size)).toEqual([16384, 65536]);
    expect(gpu.points[0]!.perUnit).toBeCloseTo(0.001 / 16384, 18);
    expect(gpu.points[0]!.gpuPerUnit).toBeCloseTo(0.0005 / 16384, 18);
    expect(gpu.points[1]!.gpuPerUnit).toBeUndefined();
  });

  it('is empty without growth rows', () => {
    expect(growthSummary([row('surface', 'gpu', 1024, 1)])).toEqual([]);
  });
});

describe('compareSeries', () => {
  const a = growthSeries('growth-surface-odd', 'gpu', 'cells', [
    point(65025, 6),
    point(1046529, 3),
  ]);
  const b = growthSeries('growth-surface', 'gpu', 'cells', [point(65536, 2), point(1048576, 1)]);

  it('matches equal sizes only by default', () => {
    expect(compareSeries(a, b)).toEqual([]);
    expect(compareSeries(b, b).map((r) => r.ratio)).toEqual([1, 1]);
  });

  it('matches the nearest size within a relative tolerance', () => {
    const r = compareSeries(a, b, 0.02);
    expect(r.map((x) => [x.size, x.against, x.ratio])).toEqual([
      [65025, '65536', 3],
      [1046529, '1048576', 3],
    ]);
    expect(r[0]!.gpuRatio).toBeUndefined();
  });

  it('compares GPU time too where both points have it', () => {
    const g = (size: number, perUnit: number, gpu: number) => ({
      ...point(size, perUnit),
      gpuPerUnit: gpu,
    });
    const tiled = growthSeries('growth-surface-tiled', 'gpu', 'cells', [g(4, 2, 1.1)]);
    const plain = growthSeries('growth-surface', 'gpu', 'cells', [g(4, 1, 1)]);
    const [r] = compareSeries(tiled, plain);
    expect(r!.ratio).toBe(2);
    expect(r!.gpuRatio).toBeCloseTo(1.1, 12);
  });
});

describe('per-unit cost tables', () => {
  it('picks one readable time unit per series', () => {
    expect(timeUnit(2)).toEqual({ unit: 's', scale: 1 });
    expect(timeUnit(2e-3)).toEqual({ unit: 'ms', scale: 1e3 });
    expect(timeUnit(2e-6)).toEqual({ unit: 'µs', scale: 1e6 });
    expect(timeUnit(2e-9)).toEqual({ unit: 'ns', scale: 1e9 });
    expect(unitSingular('cells')).toBe('cell');
    expect(unitSingular('fit-rows')).toBe('fit-row');
  });

  it('lists per-unit cost, ratio to the median and step per size, with CLIFF where it jumps', () => {
    const series = growthSummary([
      row('growth-surface', 'gpu', 16384, 16384 * 4e-9),
      row('growth-surface', 'gpu', 65536, 65536 * 4e-9),
      row('growth-surface', 'gpu', 262144, 262144 * 8e-9),
    ]);
    const { header, lines } = growthTable(series);
    expect(header).toContain('per unit');
    const col = (name: string) => lines.map((l) => l[header.indexOf(name)]);
    expect(col('per unit')).toEqual(['4.00 ns/cell', '4.00 ns/cell', '8.00 ns/cell']);
    expect(col('x median')).toEqual(['1.00x', '1.00x', '2.00x']);
    expect(col('step')).toEqual(['', '1.00x', '2.00x']);
    expect(col('cliff')).toEqual(['', '', 'CLIFF']);
    expect(col('best step')).toEqual(['', '1.00x', '2.00x']);
    expect(col('per eval')).toEqual(['', '', '']);
    expect(growthVerdicts(series)).toEqual([
      'surface gpu: largest/median per-unit cost 2.00x; CLIFF 256x256 -> 512x512 2.00x (best 2.00x)',
    ]);
  });

  it('marks a jump of the median that the fastest sample does not share as noise', () => {
    const noisy = {
      ...row('growth-surface', 'cpu', 262144, 262144 * 8e-9),
      spread: { min: 262144 * 4.2e-9, max: 1, q1: 0, q3: 1 },
    };
    const series = growthSummary([
      row('growth-surface', 'cpu', 65536, 65536 * 4e-9),
      noisy,
      row('growth-surface', 'cpu', 1048576, 1048576 * 4e-9),
    ]);
    expect(series[0]!.cliffs).toEqual([]);
    expect(series[0]!.noise).toHaveLength(1);
    expect(series[0]!.noise[0]!.bestRatio).toBeCloseTo(1.05, 12);
    const { header, lines } = growthTable(series);
    expect(lines.map((l) => l[header.indexOf('cliff')])).toEqual(['', 'noise?', '']);
    expect(growthVerdicts(series)[0]).toBe(
      'surface cpu: largest/median per-unit cost 1.00x; no cliff above 1.5x; ' +
        'median-only jumps (noise): 256x256 -> 512x512 2.00x (best 1.05x)',
    );
  });

  it('adds the cost per fit evaluation where fit rows carry it', () => {
    const fitRow = (size: number, seconds: number, evaluationsPerFit: number) => ({
      ...row('growth-rows', 'gpu', size, seconds, 'fit-rows'),
      evaluationsPerFit,
    });
    const series = growthSummary([fitRow(1000, 1e-3, 100), fitRow(2000, 1e-3, 50)]);
    const [a, b] = series[0]!.points;
    expect(a!.perEvaluation).toBeCloseTo(1e-8, 18);
    expect(b!.perEvaluation).toBeCloseTo(1e-8, 18);
    const { header, lines } = growthTable(series);
    expect(lines.map((l) => l[header.indexOf('per unit')])).toEqual([
      '1000 ns/fit-row',
      '500 ns/fit-row',
    ]);
    expect(lines.map((l) => l[header.indexOf('per eval')])).toEqual([
      '10.0 ns/eval',
      '10.0 ns/eval',
    ]);
  });

  it('formats the terminal report with the tiling comparison', () => {
    const text = formatGrowth([
      row('growth-surface', 'gpu', 65536, 0.001),
      row('growth-surface', 'gpu', 262144, 0.004),
      row('growth-surface-tiled', 'gpu', 65536, 0.001),
      row('growth-surface-tiled', 'gpu', 262144, 0.008),
    ]);
    expect(text).toMatch(/surface-tiled gpu: largest\/median per-unit cost 1\.33x; CLIFF/);
    expect(text).toMatch(/forced tiling\s+gpu\s+256x256\s+256x256\s+1\.00x\s*\n/);
    expect(text).toMatch(/forced tiling\s+gpu\s+512x512\s+512x512\s+2\.00x\s+CLIFF/);
    expect(formatGrowth([row('surface', 'gpu', 1024, 1)])).toBe('');
  });

  it('takes the median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});

describe('growth plan', () => {
  it('sizes every series from small to large and names each kernel', () => {
    for (const plan of Object.values(GROWTH_PLANS)) {
      const { sizes } = plan;
      for (const list of [
        sizes.surfaceSides,
        sizes.oddSides,
        sizes.tiledSides,
        sizes.bootstrapReplicas,
        sizes.rowCounts,
        sizes.sweepShapes.map((s) => s.width * s.height),
      ]) {
        expect([...list].sort((a, b) => a - b)).toEqual(list);
        expect(list.length).toBeGreaterThanOrEqual(2);
      }
      expect(sizes.surfaceSides.every((s) => s % 4 === 0)).toBe(true);
      expect(sizes.oddSides.every((s) => s % 4 !== 0)).toBe(true);
      expect(Object.keys(plan.measure).sort()).toEqual([...GROWTH_SERIES].sort());
    }
    for (const s of GROWTH_SERIES) expect(seriesOfKernel(`growth-${s}`)).toBe(s);
    expect(() => seriesOfKernel('surface')).toThrow(RangeError);
    expect(() => seriesOfKernel('growth-other')).toThrow(RangeError);
  });

  it('the full plan covers the cost-growth ranges and a tiling boundary', () => {
    const { sizes } = GROWTH_PLANS.full;
    expect(sizes.surfaceSides[0]).toBeLessThanOrEqual(128);
    expect(sizes.surfaceSides.at(-1)).toBe(4096);
    expect(sizes.bootstrapReplicas[0]).toBeLessThanOrEqual(64);
    expect(sizes.bootstrapReplicas.at(-1)).toBe(16384);
    expect(sizes.rowCounts[0]).toBe(30);
    expect(sizes.rowCounts.at(-1)).toBe(3000);
    expect(sizes.sweepShapes.some((s) => s.width !== s.height)).toBe(true);
    // 512² fills one band of the forced binding exactly; 516² needs a second one.
    const cellsPerBand = sizes.tiledBindingBytes / 4;
    expect(512 * 512).toBe(cellsPerBand);
    expect(516 * 516).toBeGreaterThan(cellsPerBand);
    expect(sizes.tiledSides).toEqual(expect.arrayContaining([512, 516]));
  });

  it('maps --kernels families to series in a fixed order', () => {
    expect(growthSeriesOf(['optimum', 'surface'])).toEqual([
      'surface',
      'surface-odd',
      'surface-tiled',
      'sweep',
    ]);
    expect(growthSeriesOf(['fit'])).toEqual(['bootstrap', 'rows']);
    expect(growthSeriesOf([])).toEqual([]);
  });
});
