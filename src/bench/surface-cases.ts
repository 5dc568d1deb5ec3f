/**
 * Benchmark cases for the loss-surface kernel: GPU compute into device memory (what a frame
 * costs), GPU end to end with readback to JS, and the CPU engine's worker pool.
 */
import type { Engine } from '../engine/engine';
import type { GpuEngine } from '../engine/gpu-engine';
import { PassTimer } from '../gpu/pass-timer';
import { GpuSurface, rowStride, SURFACE_QUAD_WORKGROUP } from '../gpu/surface';
import { planRowTiles, type TileLimits } from '../gpu/tiles';
import { allRows, DEFAULT_GRID, type SurfaceGrid } from '../law/grid';
import type { ScalingLaw } from '../law/law';
import { findPreset } from '../law/presets';
import type { BenchCase } from './suite';

const LAW: ScalingLaw = findPreset('hoffmann2022')!.law;

/** The default grid's axes at `width` x `height` cells. */
export function surfaceGrid(width: number, height = width): SurfaceGrid {
  return { ...DEFAULT_GRID, width, height };
}

function base(grid: SurfaceGrid) {
  const { width, height } = grid;
  return { size: width * height, unit: 'cells', shape: `${width}x${height}` } as const;
}

/** How a surface case is named and which limits plan its bands. */
export interface SurfaceCaseOptions {
  /** Kernel name of the row (default 'surface', or 'surface-readback' for GPU readback). */
  readonly kernel?: string;
  /** Limits the GPU kernel plans bands with (default: the device's); lower ones force tiling. */
  readonly tileLimits?: TileLimits;
}

/**
 * GPU: encode + submit + onSubmittedWorkDone into buffers allocated once; no readback (what a
 * heatmap frame costs). The shape names the band count when the grid is tiled.
 */
export function gpuSurfaceCompute(
  engine: GpuEngine,
  grid: SurfaceGrid,
  options: SurfaceCaseOptions = {},
): BenchCase {
  const limits = options.tileLimits;
  const sized = base(grid);
  const bands = limits
    ? planRowTiles(rowStride(grid.width), allRows(grid), limits, SURFACE_QUAD_WORKGROUP.rows).length
    : 1;
  return {
    kernel: options.kernel ?? 'surface',
    engine: 'gpu',
    mode: limits
      ? `compute into device memory, no readback; bands planned for a ${limits.maxStorageBufferBindingSize}-byte binding`
      : 'compute into device memory, no readback',
    ...sized,
    shape: bands > 1 ? `${sized.shape} · ${bands} bands` : sized.shape,
    async prepare() {
      const { device, info } = engine.gpu;
      const kernel = await GpuSurface.create(engine.gpu, limits ?? info.limits);
      const buffers = kernel.allocate(grid);
      const timer = info.timestampQuery ? new PassTimer(device) : undefined;
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

/**
 * Engine.surface() as the app calls it: GPU with allocation and readback, or the CPU pool.
 * Named 'surface-readback' on the GPU and 'surface' on the CPU unless `kernel` says otherwise.
 */
export function engineSurface(engine: Engine, grid: SurfaceGrid, kernel?: string): BenchCase {
  const gpu = engine.kind === 'gpu';
  return {
    kernel: kernel ?? (gpu ? 'surface-readback' : 'surface'),
    engine: engine.kind,
    mode: gpu
      ? 'Engine.surface(): compute + readback to JS'
      : `Engine.surface(): ${engine.label}, result in JS`,
    ...base(grid),
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
    ...(gpu
      ? [gpuSurfaceCompute(gpu, surfaceGrid(side)), engineSurface(gpu, surfaceGrid(side))]
      : []),
    engineSurface(cpu, surfaceGrid(side)),
  ]);
}
