// Formatting of bench results for the terminal: the table of rows and the GPU/CPU ratios.

const ms = (seconds) => (seconds * 1e3).toFixed(seconds < 0.01 ? 3 : 2);
const mega = (perSecond) => (perSecond / 1e6).toFixed(perSecond < 1e7 ? 2 : 1);

/** Side label for square grids ('4096²'), else the raw size. */
function sizeLabel(row) {
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
  const header = ['kernel', 'engine', 'size', 'median ms', 'min-max ms', 'M/s', 'gpu ms', 'n'];
  const lines = rows.map((r) => [
    r.kernel,
    r.engine,
    sizeLabel(r),
    ms(r.seconds),
    `${ms(r.spread.min)}-${ms(r.spread.max)}`,
    mega(r.perSecond),
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
