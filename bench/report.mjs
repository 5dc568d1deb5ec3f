// Formatting of bench results for the terminal: the table of rows and the GPU/CPU ratios.
// The ratios themselves are computed by src/bench/ratios.mjs (shared with the Bench view).

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

/** The fit ratios as a text table (fits per second and ratios; '-' where an engine is missing). */
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
  ];
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
  ]);
  return table(header, lines);
}
