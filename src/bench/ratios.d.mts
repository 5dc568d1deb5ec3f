/** Types of ratios.mjs (plain JavaScript so that the Node bench runner can import it). */

/** The fields of a bench row the ratios read. */
export interface RatioRow {
  readonly kernel: string;
  readonly engine: string;
  readonly size: number;
  readonly unit: string;
  readonly perSecond: number;
  /** Objective evaluations per fit of the last timed run (fit rows that record them). */
  readonly evaluationsPerFit?: number;
}

/** A GPU kernel and the CPU kernel it is compared with. */
export type KernelPair = readonly [gpuKernel: string, cpuKernel: string];

export interface GpuCpuRatio {
  readonly size: number;
  readonly unit: string;
  readonly gpuKernel: string;
  readonly cpuKernel: string;
  /** GPU throughput over CPU throughput (>1: the GPU is faster). */
  readonly ratio: number;
}

export interface FitRatio {
  readonly kernel: string;
  readonly size: number;
  readonly cpu: number | null;
  readonly gpu: number | null;
  readonly scipy: number | null;
  readonly cpuPerCore: number | null;
  /** Objective evaluations per fit on each engine, null where a row does not record them. */
  readonly evaluationsPerFit: {
    readonly cpu: number | null;
    readonly gpu: number | null;
    readonly scipy: number | null;
  };
  readonly ratios: {
    readonly cpuOverScipy: number | null;
    readonly cpuPerCoreOverScipy: number | null;
    readonly gpuOverCpu: number | null;
    readonly gpuOverScipy: number | null;
  };
}

export declare const GPU_CPU_PAIRS: readonly KernelPair[];
export declare const ALL_GPU_CPU_PAIRS: readonly KernelPair[];
export declare const FIT_KERNELS: readonly string[];
export declare function ratios(
  rows: readonly RatioRow[],
  pairs?: readonly KernelPair[],
): GpuCpuRatio[];
export declare function fitRatios(rows: readonly RatioRow[], cpuThreads: number): FitRatio[];
