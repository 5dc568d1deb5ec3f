/**
 * The Bench view's table and summaries: medians with spread, GPU time from timestamp queries
 * beside the end-to-end time, GPU/CPU throughput ratios, and where the GPU starts to win.
 * Pure formatting of bench rows, no DOM.
 */
import { ALL_GPU_CPU_PAIRS, type GpuCpuRatio, ratios } from '../bench/ratios.mjs';
import type { BenchRow } from '../bench/suite';
import { formatCount } from './charts/format';

/** One table line, every cell already text, plus the numbers tests and sorting need. */
export interface TableLine {
  readonly kernel: string;
  readonly engine: string;
  readonly size: number;
  readonly sizeLabel: string;
  readonly shape: string;
  /** Median end-to-end time per run. */
  readonly median: string;
  /** Range of the samples (min-max). */
  readonly range: string;
  /** Interquartile range of the samples. */
  readonly iqr: string;
  readonly perSecond: number;
  readonly rate: string;
  /** Median GPU time from timestamp queries, or '' where none was taken. */
  readonly gpuTime: string;
  /** GPU/CPU throughput at this size (GPU rows with a CPU counterpart), else null. */
  readonly ratio: number | null;
  readonly ratioText: string;
  /** Samples x runs per sample. */
  readonly samples: string;
}

/** Seconds as '48 µs', '12.3 ms' or '1.23 s'. */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '—';
  if (seconds < 1e-3) return `${(seconds * 1e6).toPrecision(3)} µs`;
  if (seconds < 1) return `${(seconds * 1e3).toPrecision(3)} ms`;
  return `${seconds.toPrecision(3)} s`;
}

/** Throughput as '82.6M cells/s'. */
export function formatRate(perSecond: number, unit: string): string {
  return `${formatCount(perSecond)} ${unit}/s`;
}

/** A size as '1024²' for square grids of cells, else '128K'. */
export function formatSize(size: number, unit: string): string {
  const side = Math.sqrt(size);
  return unit === 'cells' && Number.isInteger(side) ? `${side}²` : formatCount(size);
}

/** A ratio as '2.31×'. */
export function formatRatio(ratio: number | null): string {
  if (ratio === null || !Number.isFinite(ratio)) return '';
  return `${ratio < 10 ? ratio.toFixed(2) : ratio.toFixed(1)}×`;
}

/** Every GPU/CPU ratio the view compares (fit kernels included). */
export function gpuCpuRatios(rows: readonly BenchRow[]): GpuCpuRatio[] {
  return ratios(rows, ALL_GPU_CPU_PAIRS);
}

/** The table lines of `rows`, in their order. */
export function benchTable(rows: readonly BenchRow[]): TableLine[] {
  const all = gpuCpuRatios(rows);
  return rows.map((r) => {
    const ratio =
      r.engine === 'gpu'
        ? (all.find((x) => x.gpuKernel === r.kernel && x.size === r.size)?.ratio ?? null)
        : null;
    const s = r.spread;
    return {
      kernel: r.kernel,
      engine: r.engine,
      size: r.size,
      sizeLabel: formatSize(r.size, r.unit),
      shape: r.shape,
      median: formatSeconds(r.seconds),
      range: `${formatSeconds(s.min)} – ${formatSeconds(s.max)}`,
      iqr: `${formatSeconds(s.q1)} – ${formatSeconds(s.q3)}`,
      perSecond: r.perSecond,
      rate: formatRate(r.perSecond, r.unit),
      gpuTime: r.gpuSeconds === undefined ? '' : formatSeconds(r.gpuSeconds),
      ratio,
      ratioText: formatRatio(ratio),
      samples: `${r.repeats}×${r.runsPerSample}`,
    };
  });
}

/** Where a GPU kernel overtakes its CPU counterpart. */
export interface Crossover {
  readonly gpuKernel: string;
  readonly cpuKernel: string;
  readonly unit: string;
  /** Smallest size from which the GPU is ahead at every larger size measured, or null. */
  readonly from: number | null;
  readonly largest: number;
}

/** The crossover of each compared kernel pair, from the ratios at each size. */
export function crossovers(rows: readonly BenchRow[]): Crossover[] {
  const all = gpuCpuRatios(rows);
  const out: Crossover[] = [];
  for (const [gpuKernel, cpuKernel] of ALL_GPU_CPU_PAIRS) {
    const list = all.filter((r) => r.gpuKernel === gpuKernel).sort((a, b) => a.size - b.size);
    const last = list[list.length - 1];
    if (!last) continue;
    let from: number | null = null;
    for (let i = list.length - 1; i >= 0 && list[i]!.ratio >= 1; i--) from = list[i]!.size;
    out.push({ gpuKernel, cpuKernel, unit: last.unit, from, largest: last.size });
  }
  return out;
}

/** A crossover in words: 'GPU surface ahead of CPU from 1024²' or 'CPU ahead up to 4096²'. */
export function describeCrossover(c: Crossover): string {
  const name = c.gpuKernel === c.cpuKernel ? c.gpuKernel : `${c.gpuKernel} (vs CPU ${c.cpuKernel})`;
  if (c.from === null)
    return `${name}: CPU ahead at the largest size measured (${formatSize(c.largest, c.unit)})`;
  return `${name}: GPU ahead from ${formatSize(c.from, c.unit)} ${c.unit} on`;
}
