/**
 * The Bench view's throughput plot geometry (src/ui/bench-plot.ts): log-log scales over whole
 * decades, one series per kernel and engine sorted by size, and a GPU/CPU crossing that shows
 * as the lines swapping order.
 */
import { describe, expect, it } from 'vitest';
import { benchPlot, decadeDomain, type PlotRow } from '../../src/ui/bench-plot';

const row = (kernel: string, engine: string, size: number, perSecond: number): PlotRow => ({
  kernel,
  engine,
  size,
  unit: kernel.startsWith('fit') ? 'fits' : 'cells',
  perSecond,
});

const rows: PlotRow[] = [
  row('surface', 'gpu', 1e4, 1e6),
  row('surface-readback', 'gpu', 1e4, 5e5),
  row('surface', 'cpu', 1e4, 1e7),
  row('surface', 'gpu', 1e6, 1e8),
  row('surface-readback', 'gpu', 1e6, 2e7),
  row('surface', 'cpu', 1e6, 3e7),
  row('fit-grid', 'cpu', 250, 3000),
  row('surface', 'gpu', 1e2, 0),
];

describe('decadeDomain', () => {
  it('widens positive values to whole decades and ignores the rest', () => {
    expect(decadeDomain([3e4, 2e6, 0, Number.NaN, -1])).toEqual([1e4, 1e7]);
    expect(decadeDomain([1e3])).toEqual([1e3, 1e4]);
    expect(decadeDomain([])).toEqual([1, 10]);
  });
});

describe('benchPlot', () => {
  const p = benchPlot(rows, 'surface', 300, 200);

  it('draws one series per kernel and engine of the family, in first-seen order', () => {
    expect(p.series.map((s) => `${s.engine} ${s.kernel}`)).toEqual([
      'gpu surface',
      'gpu surface-readback',
      'cpu surface',
    ]);
    expect(p.series[1]!.dash).not.toBe('');
    expect(p.series[0]!.colour).not.toBe(p.series[2]!.colour);
    expect(p.xLabel).toBe('size (cells)');
    expect(p.yLabel).toBe('cells per second');
  });

  it('leaves out rows with non-positive throughput and other families', () => {
    const sizes = p.series.flatMap((s) => s.points.map((pt) => pt.row.size));
    expect(sizes).not.toContain(1e2);
    expect(p.series.some((s) => s.kernel === 'fit-grid')).toBe(false);
    expect(benchPlot(rows, 'fit', 300, 200).series).toHaveLength(1);
    expect(benchPlot(rows, 'sweep', 300, 200).series).toHaveLength(0);
  });

  it('maps sizes and rates on log scales over whole decades', () => {
    // x: 1e4..1e6 -> [1e4, 1e6]; y: 5e5..1e8 -> [1e5, 1e8].
    const gpu = p.series[0]!;
    expect(gpu.points.map((pt) => pt.x)).toEqual([0, 300]);
    expect(gpu.points[0]!.y).toBeCloseTo(200 * (1 - 1 / 3), 9);
    expect(gpu.points[1]!.y).toBeCloseTo(0, 9);
    expect(p.xTicks.map((t) => t.label)).toEqual(['10K', '100K', '1M']);
    expect(p.xTicks.map((t) => t.at)).toEqual([0, 150, 300]);
    expect(p.yTicks.map((t) => t.label)).toEqual(['100K', '1M', '10M', '100M']);
    expect(gpu.path).toMatch(/^M0,133\.3+\d*L300,0$/);
  });

  it('shows the crossover: the GPU line is below the CPU line at 1e4 and above it at 1e6', () => {
    const [gpu, , cpu] = p.series;
    // SVG y grows downward: a higher rate has a smaller y.
    expect(gpu!.points[0]!.y).toBeGreaterThan(cpu!.points[0]!.y);
    expect(gpu!.points[1]!.y).toBeLessThan(cpu!.points[1]!.y);
  });

  it('sorts points by size whatever the row order', () => {
    const q = benchPlot(
      [row('sweep', 'cpu', 1e6, 1e5), row('sweep', 'cpu', 1e3, 1e4)],
      'sweep',
      100,
      100,
    );
    expect(q.series[0]!.points.map((pt) => pt.row.size)).toEqual([1e3, 1e6]);
  });
});
