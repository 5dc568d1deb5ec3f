/**
 * Geometry of the Bench view's throughput plots: throughput against problem size on log-log
 * axes, one line per kernel and engine, so the size where the GPU overtakes the CPU shows as a
 * crossing. Pure data to SVG path strings (d3 scales and line generator), no DOM.
 */
import { line, scaleLog } from 'd3';
import type { BenchFamily } from '../bench/plan';
import { familyOf } from '../bench/plan';
import { formatCount } from './charts/format';

/** The fields of a bench row a plot reads. */
export interface PlotRow {
  readonly kernel: string;
  readonly engine: string;
  readonly size: number;
  readonly unit: string;
  readonly perSecond: number;
}

/** One line: a kernel on one engine, points in pixels sorted by size. */
export interface PlotSeries {
  readonly kernel: string;
  readonly engine: string;
  readonly label: string;
  readonly colour: string;
  /** SVG stroke-dasharray, '' for solid. */
  readonly dash: string;
  readonly path: string;
  readonly points: readonly { readonly x: number; readonly y: number; readonly row: PlotRow }[];
}

/** A tick at a pixel position. */
export interface PlotTick {
  readonly at: number;
  readonly label: string;
}

/** Everything one plot draws. */
export interface BenchPlot {
  readonly family: BenchFamily;
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly width: number;
  readonly height: number;
  readonly xTicks: readonly PlotTick[];
  readonly yTicks: readonly PlotTick[];
  readonly series: readonly PlotSeries[];
}

/** Plot titles and the unit of each family's size. */
export const FAMILY_TITLES: Readonly<Record<BenchFamily, string>> = {
  surface: 'Loss surface',
  fit: 'Fits (grid starts, bootstrap)',
  frontier: 'Frontier (optima, multiplier curves)',
  sweep: 'Sweep',
  design: 'Sweep designer (candidate map)',
};

/** Line colour per engine. */
export const ENGINE_COLOURS: Readonly<Record<string, string>> = {
  gpu: '#2f5fd0',
  cpu: '#d9731a',
  scipy: '#6a7a30',
};

/** Dash per kernel: the second kernel of a family is dashed. */
const KERNEL_DASH: Readonly<Record<string, string>> = {
  'surface-readback': '5 3',
  'fit-bootstrap': '5 3',
  'frontier-multiplier': '5 3',
  'fit-calibration': '2 2',
};

const ok = (v: number) => Number.isFinite(v) && v > 0;

/** [lo, hi] of positive finite values widened to whole decades ([1, 10] when there are none). */
export function decadeDomain(values: readonly number[]): [number, number] {
  const logs = values.filter(ok).map(Math.log10);
  if (logs.length === 0) return [1, 10];
  const lo = Math.floor(Math.min(...logs));
  const hi = Math.max(lo + 1, Math.ceil(Math.max(...logs)));
  return [10 ** lo, 10 ** hi];
}

/** Ticks of a log scale at each power of ten (every other one when there are many). */
function decadeTicks(scale: (v: number) => number, domain: [number, number]): PlotTick[] {
  const lo = Math.round(Math.log10(domain[0]));
  const hi = Math.round(Math.log10(domain[1]));
  const step = hi - lo > 6 ? 2 : 1;
  const ticks: PlotTick[] = [];
  for (let d = lo; d <= hi; d += step)
    ticks.push({ at: scale(10 ** d), label: formatCount(10 ** d) });
  return ticks;
}

/**
 * The plot of `family` from `rows` (other families' rows are ignored) in a `width` x `height`
 * plot area: x = size, y = units per second, both log10, one series per (kernel, engine) in the
 * order the rows first name them. Rows with non-positive or non-finite values are left out.
 */
export function benchPlot(
  rows: readonly PlotRow[],
  family: BenchFamily,
  width: number,
  height: number,
): BenchPlot {
  const mine = rows.filter((r) => familyOf(r.kernel) === family && ok(r.size) && ok(r.perSecond));
  const xDomain = decadeDomain(mine.map((r) => r.size));
  const yDomain = decadeDomain(mine.map((r) => r.perSecond));
  const x = scaleLog().domain(xDomain).range([0, width]);
  const y = scaleLog().domain(yDomain).range([height, 0]);
  const path = line<{ x: number; y: number }>()
    .x((p) => p.x)
    .y((p) => p.y);
  const keys: string[] = [];
  for (const r of mine) {
    const key = `${r.kernel}|${r.engine}`;
    if (!keys.includes(key)) keys.push(key);
  }
  const series = keys.map((key): PlotSeries => {
    const [kernel, engine] = key.split('|') as [string, string];
    const points = mine
      .filter((r) => r.kernel === kernel && r.engine === engine)
      .sort((a, b) => a.size - b.size)
      .map((row) => ({ x: x(row.size), y: y(row.perSecond), row }));
    return {
      kernel,
      engine,
      label: `${engine.toUpperCase()} ${kernel}`,
      colour: ENGINE_COLOURS[engine] ?? '#555',
      dash: KERNEL_DASH[kernel] ?? '',
      path: path(points) ?? '',
      points,
    };
  });
  const unit =
    mine[0]?.unit ??
    (family === 'fit'
      ? 'fits'
      : family === 'frontier'
        ? 'scenarios'
        : family === 'design'
          ? 'candidates'
          : 'cells');
  return {
    family,
    title: FAMILY_TITLES[family],
    xLabel: `size (${unit})`,
    yLabel: `${unit} per second`,
    width,
    height,
    xTicks: decadeTicks(x, xDomain),
    yTicks: decadeTicks(y, yDomain),
    series,
  };
}
