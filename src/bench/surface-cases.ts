/**
 * Benchmark cases for the loss-surface kernel: GPU compute into device memory (what a frame
 * costs), GPU end to end with readback to JS, and the CPU engine's worker pool.
 */
import type { Engine } from '../engine/engine';
import type { GpuEngine } from '../engine/gpu-engine';
import { GpuSurface } from '../gpu/surface';
import { DEFAULT_GRID, type SurfaceGrid } from '../law/grid';
import type { ScalingLaw } from '../law/law';
import { findPreset } from '../law/presets';
import { GpuTimer } from './gpu-timer';
import type { BenchCase } from './suite';

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

/** Engine.surface() as the app calls it: GPU with allocation and readback, or the CPU pool. */
function engineSurface(engine: Engine, side: number): BenchCase {
  const grid = squareGrid(side);
  const gpu = engine.kind === 'gpu';
  return {
    kernel: gpu ? 'surface-readback' : 'surface',
    engine: engine.kind,
    mode: gpu
      ? 'Engine.surface(): compute + readback to JS'
      : `Engine.surface(): ${engine.label}, result in JS`,
    ...base(side),
    async prepare() {
      return {
        async run(signal) {
          await engine.surface(LAW, grid, signal ? { signal } : {});
        },
        dispose() {},
      };
    },
  };
}

/** The surface cases at each side, GPU (when present) and CPU side by side per size. */
export function surfaceCases(
  engines: { gpu?: GpuEngine | undefined; cpu: Engine },
  sides: readonly number[],
): BenchCase[] {
  const { gpu, cpu } = engines;
  return sides.flatMap((side) => [
    ...(gpu ? [gpuCompute(gpu, side), engineSurface(gpu, side)] : []),
    engineSurface(cpu, side),
  ]);
}
