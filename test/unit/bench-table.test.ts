/**
 * The Bench view's table and summaries (src/ui/bench-table.ts) and the shared ratio helpers
 * (src/bench/ratios.mjs): GPU/CPU ratios per size with surface-readback against the CPU
 * surface, fit ratios against scipy, crossovers, and number formatting.
 */
import { describe, expect, it } from 'vitest';
import { fitRatios, GPU_CPU_PAIRS, ratios } from '../../src/bench/ratios.mjs';
import type { BenchRow } from '../../src/bench/suite';
import {
  benchTable,
  crossovers,
  describeCrossover,
  formatRatio,
  formatSeconds,
  formatSize,
} from '../../src/ui/bench-table';

function row(
  kernel: string,
  engine: string,
  size: number,
  seconds: number,
  gpuSeconds?: number,
): BenchRow {
  return {
    kernel,
    engine,
    size,
    unit: kernel.startsWith('fit') ? 'fits' : 'cells',
    perSecond: size / seconds,
    seconds,
    mode: '',
    shape: '',
    repeats: 5,
    runsPerSample: 2,
    spread: { min: seconds * 0.9, max: seconds * 1.5, q1: seconds * 0.95, q3: seconds * 1.1 },
    ...(gpuSeconds ? { gpuSeconds, gpuPerSecond: size / gpuSeconds } : {}),
  };
}

const rows = [
  row('surface', 'gpu', 65536, 0.004, 0.003),
  row('surface-readback', 'gpu', 65536, 0.008),
  row('surface', 'cpu', 65536, 0.001),
  row('surface', 'gpu', 1048576, 0.005, 0.004),
  row('surface-readback', 'gpu', 1048576, 0.02),
  row('surface', 'cpu', 1048576, 0.01),
  row('fit-grid', 'cpu', 1000, 0.4),
  row('fit-grid', 'gpu', 1000, 1.6),
  row('fit-grid', 'scipy', 1000, 4),
];

describe('ratios', () => {
  it('pairs each GPU row with the CPU row of its counterpart kernel at the same size', () => {
    const list = ratios(rows, GPU_CPU_PAIRS);
    expect(list).toEqual([
      { size: 65536, unit: 'cells', gpuKernel: 'surface', cpuKernel: 'surface', ratio: 0.25 },
      { size: 1048576, unit: 'cells', gpuKernel: 'surface', cpuKernel: 'surface', ratio: 2 },
      {
        size: 65536,
        unit: 'cells',
        gpuKernel: 'surface-readback',
        cpuKernel: 'surface',
        ratio: 0.125,
      },
      {
        size: 1048576,
        unit: 'cells',
        gpuKernel: 'surface-readback',
        cpuKernel: 'surface',
        ratio: 0.5,
      },
    ]);
  });

  it('fit ratios compare CPU, CPU per core and GPU with scipy, null where one is missing', () => {
    const [r] = fitRatios(rows, 2);
    expect(r).toMatchObject({ kernel: 'fit-grid', size: 1000, cpu: 2500, gpu: 625, scipy: 250 });
    expect(r!.cpuPerCore).toBe(1250);
    expect(r!.ratios).toEqual({
      cpuOverScipy: 10,
      cpuPerCoreOverScipy: 5,
      gpuOverCpu: 0.25,
      gpuOverScipy: 2.5,
    });
    const [noScipy] = fitRatios(
      rows.filter((x) => x.engine !== 'scipy'),
      2,
    );
    expect(noScipy!.ratios.cpuOverScipy).toBeNull();
    expect(noScipy!.ratios.gpuOverCpu).toBe(0.25);
  });
});

describe('benchTable', () => {
  const lines = benchTable(rows);

  it('gives GPU rows their GPU/CPU ratio and CPU rows none', () => {
    expect(lines.map((l) => l.ratio)).toEqual([0.25, 0.125, null, 2, 0.5, null, null, 0.25, null]);
    expect(lines[3]!.ratioText).toBe('2.00×');
  });

  it('shows median, range, IQR, GPU time apart, and samples', () => {
    const l = lines[3]!;
    expect(l.median).toBe('5.00 ms');
    expect(l.range).toBe('4.50 ms – 7.50 ms');
    expect(l.iqr).toBe('4.75 ms – 5.50 ms');
    expect(l.gpuTime).toBe('4.00 ms');
    expect(lines[1]!.gpuTime).toBe('');
    expect(l.rate).toBe('210M cells/s');
    expect(l.sizeLabel).toBe('1024²');
    expect(l.samples).toBe('5×2');
  });
});

describe('crossovers', () => {
  it('finds the size from which the GPU stays ahead, or none', () => {
    const list = crossovers(rows);
    const surface = list.find((c) => c.gpuKernel === 'surface')!;
    expect(surface.from).toBe(1048576);
    expect(describeCrossover(surface)).toBe('surface: GPU ahead from 1024² cells on');
    const readback = list.find((c) => c.gpuKernel === 'surface-readback')!;
    expect(readback.from).toBeNull();
    expect(describeCrossover(readback)).toMatch(/CPU ahead at the largest size measured \(1024²\)/);
    expect(list.find((c) => c.gpuKernel === 'frontier')).toBeUndefined();
  });

  it('a GPU lead that does not hold at larger sizes is no crossover', () => {
    const list = crossovers([
      row('sweep', 'gpu', 4096, 0.001),
      row('sweep', 'cpu', 4096, 0.002),
      row('sweep', 'gpu', 65536, 0.04),
      row('sweep', 'cpu', 65536, 0.02),
    ]);
    expect(list[0]!.from).toBeNull();
  });
});

describe('formatting', () => {
  it('formats seconds, sizes and ratios', () => {
    expect(formatSeconds(4.8e-5)).toBe('48.0 µs');
    expect(formatSeconds(0.0123)).toBe('12.3 ms');
    expect(formatSeconds(1.234)).toBe('1.23 s');
    expect(formatSeconds(Number.NaN)).toBe('—');
    expect(formatSize(4096, 'cells')).toBe('64²');
    expect(formatSize(65536, 'scenarios')).toBe('65.5K');
    expect(formatSize(4500, 'fits')).toBe('4.5K');
    expect(formatRatio(12.345)).toBe('12.3×');
    expect(formatRatio(null)).toBe('');
  });
});
