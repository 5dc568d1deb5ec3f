// Throughput ratios of bench rows, shared by the Bench view (TypeScript, through ratios.d.mts)
// and the `npm run bench` runner (Node, bench/report.mjs). Pure; rows have the BenchRow shape.

/** GPU kernel / CPU kernel pairs compared by `npm run bench`'s ratio table. */
export const GPU_CPU_PAIRS = [
  ['surface', 'surface'],
  ['surface-readback', 'surface'],
  ['frontier', 'frontier'],
  ['frontier-multiplier', 'frontier-multiplier'],
  ['sweep', 'sweep'],
  ['design', 'design'],
];

/** Every GPU/CPU pair the Bench view compares: the above plus the fit kernels. */
export const ALL_GPU_CPU_PAIRS = [
  ...GPU_CPU_PAIRS,
  ['fit-grid', 'fit-grid'],
  ['fit-bootstrap', 'fit-bootstrap'],
  ['fit-approach2', 'fit-approach2'],
  ['fit-calibration', 'fit-calibration'],
];

/**
 * GPU/CPU throughput ratios per kernel pair and size: for each size, the GPU row of `gpuKernel`
 * over the CPU row of `cpuKernel`. Returns [{size, unit, gpuKernel, cpuKernel, ratio}].
 */
export function ratios(rows, pairs = GPU_CPU_PAIRS) {
  const out = [];
  for (const [gpuKernel, cpuKernel] of pairs) {
    for (const g of rows.filter((r) => r.kernel === gpuKernel && r.engine === 'gpu')) {
      const c = rows.find((r) => r.kernel === cpuKernel && r.engine === 'cpu' && r.size === g.size);
      if (c) {
        const ratio = g.perSecond / c.perSecond;
        out.push({ size: g.size, unit: g.unit, gpuKernel, cpuKernel, ratio });
      }
    }
  }
  return out;
}

/** The fit kernels compared across engines. */
export const FIT_KERNELS = ['fit-grid', 'fit-bootstrap'];

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
      const rowOf = (engine) =>
        rows.find((r) => r.kernel === kernel && r.engine === engine && r.size === size);
      const rateOf = (engine) => rowOf(engine)?.perSecond ?? null;
      const evaluationsOf = (engine) => rowOf(engine)?.evaluationsPerFit ?? null;
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
        evaluationsPerFit: {
          cpu: evaluationsOf('cpu'),
          gpu: evaluationsOf('gpu'),
          scipy: evaluationsOf('scipy'),
        },
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
