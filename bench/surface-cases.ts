/**
 * Benchmark cases for the loss-surface kernel: GPU compute into device memory (what a frame
 * costs), GPU end to end with readback to JS, and the CPU engine's worker pool.
 */
import type { CpuEngine } from '../src/engine/cpu-engine';
import type { GpuEngine } from '../src/engine/gpu-engine';
import { GpuSurface } from '../src/gpu/surface';
import { DEFAULT_GRID, type SurfaceGrid } from '../src/law/grid';
import type { ScalingLaw } from '../src/law/law';
import { findPreset } from '../src/law/presets';
import { GpuTimer } from './gpu-timer';
import type { BenchCase } from './suite';

/** Grid sides of issue 2: 256², 1024², 4096². */
export const SURFACE_SIDES = [256, 1024, 4096] as const;

const LAW: ScalingLaw = findPreset('hoffmann2022')!.law;

function squareGrid(side: number): SurfaceGrid {
  return { ...DEFAULT_GRID, width: side, height: side };
}

function base(side: number) {
  return { size: side * side, unit: 'cells', shape: `${side}x${side}` } as const;
}

/** GPU: encode + submit + onSubmittedWorkDone into buffers allocated once; no readback. */
function gpuCompute(engine: GpuEngine, side: number): BenchCase {
  const grid = squareGrid(side);
  return {
    kernel: 'surface',
    engine: 'gpu',
    mode: 'compute into device memory, no readback',
    ...base(side),
    async prepare() {
      const { device, info } = engine.gpu;
      const kernel = await GpuSurface.create(engine.gpu);
      const buffers = kernel.allocate(grid);
      const timer = info.timestampQuery ? new GpuTimer(device) : undefined;
      return {
        async run() {
          const encoder = device.createCommandEncoder({ label: 'bench.surface' });
          kernel.encode(encoder, LAW, grid, buffers);
          device.queue.submit([encoder.finish()]);
          await device.queue.onSubmittedWorkDone();
        },
        ...(timer
          ? {
              gpuSeconds: () => timer.time((encoder) => kernel.encode(encoder, LAW, grid, buffers)),
            }
          : {}),
        dispose() {
          timer?.dispose();
          buffers.dispose();
        },
      };
    },
  };
}

/** GPU: Engine.surface() as the app calls it, allocation and readback to a Float32Array included. */
function gpuReadback(engine: GpuEngine, side: number): BenchCase {
  const grid = squareGrid(side);
  return {
    kernel: 'surface-readback',
    engine: 'gpu',
    mode: 'Engine.surface(): compute + readback to JS',
    ...base(side),
    async prepare() {
      return {
        async run() {
          await engine.surface(LAW, grid);
        },
        dispose() {},
      };
    },
  };
}

/** CPU: Engine.surface() on the worker pool, result assembled into one Float32Array. */
function cpuSurface(engine: CpuEngine, side: number): BenchCase {
  const grid = squareGrid(side);
  return {
    kernel: 'surface',
    engine: 'cpu',
    mode: `Engine.surface(): ${engine.label}, result in JS`,
    ...base(side),
    async prepare() {
      return {
        async run() {
          await engine.surface(LAW, grid);
        },
        dispose() {},
      };
    },
  };
}

/** The surface cases at each side, GPU and CPU side by side per size. */
export function surfaceCases(
  engines: { gpu: GpuEngine; cpu: CpuEngine },
  sides: readonly number[] = SURFACE_SIDES,
): BenchCase[] {
  return sides.flatMap((side) => [
    gpuCompute(engines.gpu, side),
    gpuReadback(engines.gpu, side),
    cpuSurface(engines.cpu, side),
  ]);
}
