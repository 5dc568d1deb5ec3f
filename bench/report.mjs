// Formatting of bench results for the terminal: the table of rows, the GPU/CPU ratios, the
// cost-growth tables and the drag frame times. The ratios and the growth analysis themselves
// are computed by src/bench/ratios.mjs and src/bench/growth.mjs (shared with TypeScript).

import {
  CLIFF_FACTOR,
  compareSeries,
  growthSummary,
  growthTable,
  growthVerdicts,
} from '../src/bench/growth.mjs';

export { growthSummary } from '../src/bench/growth.mjs';
export { fitRatios, ratios } from '../src/bench/ratios.mjs';

const ms = (seconds) => (seconds * 1e3).toFixed(seconds < 0.01 ? 3 : 2);
const mega = (perSecond) => (perSecond / 1e6).toFixed(perSecond < 1e7 ? 2 : 1);

/** Throughput with a unit-sized suffix: '82.6 M', '3.41 k', '512'. */
function rate(perSecond) {
  if (perSecond >= 1e6) return `${mega(perSecond)} M`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(perSecond < 1e4 ? 2 : 1)} k`;
  return perSecond.toFixed(perSecond < 10 ? 2 : 0);
}

/** Side label for square grids of cells ('4096²'), else the raw size. */
function sizeLabel(row) {
  const side = Math.sqrt(row.size);
  return row.unit === 'cells' && Number.isInteger(side) ? `${side}²` : String(row.size);
}

function table(header, lines) {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [fmt(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(fmt)].join('\n');
}

/** The rows as a text table: median, range, throughput and (where measured) GPU time. */
export function formatRows(rows) {
  const header = ['kernel', 'engine', 'size', 'median ms', 'min-max ms', 'per s', 'gpu ms', 'n'];
  const lines = rows.map((r) => [
    r.kernel,
    r.engine,
    sizeLabel(r),
    ms(r.seconds),
    `${ms(r.spread.min)}-${ms(r.spread.max)}`,
    `${rate(r.perSecond)} ${r.unit}`,
    r.gpuSeconds === undefined ? '' : ms(r.gpuSeconds),
    `${r.repeats}x${r.runsPerSample}`,
  ]);
  return table(header, lines);
}

/** The GPU/CPU ratios as a text table, one line per kernel pair and size. */
export function formatRatios(list) {
  const header = ['GPU kernel', 'CPU kernel', 'size', 'GPU/CPU'];
  const lines = list.map((r) => [r.gpuKernel, r.cpuKernel, sizeLabel(r), `${r.ratio.toFixed(2)}x`]);
  return table(header, lines);
}

/**
 * The fit ratios as a text table: fits per second, ratios and objective evaluations per fit of
 * each engine ('-' where an engine or a figure is missing).
 */
export function formatFitRatios(list, cpuThreads) {
  const x = (v) => (v === null ? '-' : `${v.toFixed(v < 10 ? 2 : 1)}x`);
  const n = (v) => (v === null ? '-' : rate(v));
  const header = [
    'kernel',
    'size',
    'gpu fits/s',
    'cpu fits/s',
    `cpu/core (${cpuThreads})`,
    'scipy fits/s',
    'CPU/scipy',
    'CPU core/scipy',
    'GPU/CPU',
    'GPU/scipy',
    'evals/fit cpu',
    'gpu',
    'scipy',
  ];
  const evals = (v) => (v === null || v === undefined ? '-' : v.toFixed(1));
  const lines = list.map((r) => [
    r.kernel,
    String(r.size),
    n(r.gpu),
    n(r.cpu),
    n(r.cpuPerCore),
    n(r.scipy),
    x(r.ratios.cpuOverScipy),
    x(r.ratios.cpuPerCoreOverScipy),
    x(r.ratios.gpuOverCpu),
    x(r.ratios.gpuOverScipy),
    evals(r.evaluationsPerFit?.cpu),
    evals(r.evaluationsPerFit?.gpu),
    evals(r.evaluationsPerFit?.scipy),
  ]);
  return table(header, lines);
}

/** Which growth series is compared with which (same engine), and how near the sizes must be. */
export const GROWTH_COMPARISONS = [
  { series: 'surface-tiled', against: 'surface', tolerance: 0, what: 'forced tiling' },
  { series: 'surface-odd', against: 'surface', tolerance: 0.02, what: 'odd width (padded rows)' },
];

/**
 * The cost-growth tables of `rows` (the growth-* rows; others are ignored): per-unit cost per
 * size and series, a verdict line per series, and the comparisons of GROWTH_COMPARISONS.
 * Empty when there are no growth rows.
 */
export function formatGrowth(rows, factor = CLIFF_FACTOR) {
  const series = growthSummary(rows, factor);
  if (series.length === 0) return '';
  const { header, lines } = growthTable(series, factor);
  const parts = [
    `cost growth: time per unit of work at each size (median and fastest sample; step: over the ` +
      `previous size; CLIFF: median and best both above ${factor}x; noise?: the median alone)`,
    table(header, lines),
    '',
    ...growthVerdicts(series, factor),
  ];
  const compared = [];
  for (const c of GROWTH_COMPARISONS) {
    for (const a of series.filter((s) => s.series === c.series)) {
      const b = series.find((s) => s.series === c.against && s.engine === a.engine);
      if (!b) continue;
      for (const r of compareSeries(a, b, c.tolerance)) {
        const gpu = r.gpuRatio === undefined ? '' : `${r.gpuRatio.toFixed(2)}x`;
        const cliff = r.ratio > factor ? 'CLIFF' : '';
        compared.push([c.what, a.engine, r.shape, r.against, `${r.ratio.toFixed(2)}x`, gpu, cliff]);
      }
    }
  }
  if (compared.length > 0) {
    parts.push(
      '',
      `per-unit cost against the plain surface series (1.00x: no extra cost; gpu: timestamp ` +
        `time; CLIFF: above ${factor}x)`,
      table(['comparison', 'engine', 'shape', 'against', 'ratio', 'gpu', 'cliff'], compared),
    );
  }
  return parts.join('\n');
}

const msOf = (seconds) => (Number.isFinite(seconds) ? (seconds * 1e3).toFixed(0) : '-');

/** The drag-frame rows as a table: latencies from input to frame on screen, frames against inputs. */
export function formatDrag(rows) {
  const drag = rows.filter((r) => r.kernel === 'drag-frame');
  if (drag.length === 0) return '';
  const header = [
    'engine',
    'grid',
    'moves',
    'inputs',
    'frames',
    'undrawn',
    'p50 ms',
    'p95 ms',
    'max ms',
    'interval p50/p95 ms',
    'frames/s',
    'long tasks',
  ];
  const lines = drag.map((r) => [
    r.engine,
    r.shape.split(' ')[0],
    r.mouseMoves === undefined ? '' : String(r.mouseMoves),
    String(r.inputs),
    String(r.framesDrawn),
    String(r.undrawn),
    msOf(r.p50),
    msOf(r.p95),
    msOf(r.max),
    `${msOf(r.intervalP50)}/${msOf(r.intervalP95)}`,
    r.perSecond.toFixed(1),
    r.longTasks > 0 ? `${r.longTasks} (longest ${msOf(r.longestTask)} ms)` : '0',
  ]);
  return table(header, lines);
}
