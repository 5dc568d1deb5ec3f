// Formatting of bench results for the terminal: the table of rows and the GPU/CPU ratios.

const ms = (seconds) => (seconds * 1e3).toFixed(seconds < 0.01 ? 3 : 2);
const mega = (perSecond) => (perSecond / 1e6).toFixed(perSecond < 1e7 ? 2 : 1);

/** Throughput with a unit-sized suffix: '82.6 M', '3.41 k', '512'. */
function rate(perSecond) {
  if (perSecond >= 1e6) return `${mega(perSecond)} M`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(perSecond < 1e4 ? 2 : 1)} k`;
  return perSecond.toFixed(perSecond < 10 ? 2 : 0);
}

/** Side label for square grids ('4096²'), else the raw size. */
function sizeLabel(row) {
  if (row.unit === 'fits') return String(row.size);
  const side = Math.sqrt(row.size);
  return Number.isInteger(side) ? `${side}²` : String(row.size);
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

/**
 * GPU/CPU throughput ratios per kernel family and size: for each size, the GPU row of
 * `gpuKernel` over the CPU row of `cpuKernel`. Returns [{size, gpuKernel, ratio}].
 */
export function ratios(
  rows,
  pairs = [
    ['surface', 'surface'],
    ['surface-readback', 'surface'],
    ['frontier', 'frontier'],
    ['sweep', 'sweep'],
  ],
) {
  const out = [];
  for (const [gpuKernel, cpuKernel] of pairs) {
    for (const g of rows.filter((r) => r.kernel === gpuKernel && r.engine === 'gpu')) {
      const c = rows.find((r) => r.kernel === cpuKernel && r.engine === 'cpu' && r.size === g.size);
      if (c) out.push({ size: g.size, gpuKernel, cpuKernel, ratio: g.perSecond / c.perSecond });
    }
  }
  return out;
}

/** The ratios as a text table, one line per size. */
export function formatRatios(list) {
  const sizes = [...new Set(list.map((r) => r.size))];
  const kernels = [...new Set(list.map((r) => r.gpuKernel))];
  const header = ['size', '', ...kernels.map((k) => `GPU ${k} / CPU`)];
  const lines = sizes.map((size) => [
    sizeLabel({ size }),
    '',
    ...kernels.map((k) => {
      const r = list.find((x) => x.size === size && x.gpuKernel === k);
      return r ? `${r.ratio.toFixed(2)}x` : '';
    }),
  ]);
  return table(header, lines);
}

/** The fit kernels compared across engines. */
const FIT_KERNELS = ['fit-grid', 'fit-bootstrap'];

/**
 * Fit throughput ratios per kernel and size: CPU/scipy, CPU per core/scipy (the CPU engine's
 * rate divided by its `cpuThreads`; scipy is one process), GPU/CPU and GPU/scipy. Missing
 * engines give null. Returns [{kernel, size, cpu, gpu, scipy, cpuPerCore, ratios: {...}}].
 */
export function fitRatios(rows, cpuThreads) {
  const out = [];
  for (const kernel of FIT_KERNELS) {
    const sizes = [...new Set(rows.filter((r) => r.kernel === kernel).map((r) => r.size))].sort(
      (a, b) => a - b,
    );
    for (const size of sizes) {
      const rateOf = (engine) =>
        rows.find((r) => r.kernel === kernel && r.engine === engine && r.size === size)
          ?.perSecond ?? null;
      const cpu = rateOf('cpu');
      const gpu = rateOf('gpu');
      const scipy = rateOf('scipy');
      const cpuPerCore = cpu === null ? null : cpu / cpuThreads;
      const over = (a, b) => (a === null || b === null ? null : a / b);
      out.push({
        kernel,
        size,
        cpu,
        gpu,
        scipy,
        cpuPerCore,
        ratios: {
          cpuOverScipy: over(cpu, scipy),
          cpuPerCoreOverScipy: over(cpuPerCore, scipy),
          gpuOverCpu: over(gpu, cpu),
          gpuOverScipy: over(gpu, scipy),
        },
      });
    }
  }
  return out;
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
