/** The CPU engine: f64 twins split across a pool of workers. The reference for the GPU engine. */

import { runFit } from '../fit/run-fit';
import type { FitOptions, FitResult, FitRun } from '../fit/types';
import { allRows, type SurfaceGrid, splitRows } from '../law/grid';
import type { ScalingLaw } from '../law/law';
import { abortable } from './abort';
import { cpuFitBackend } from './cpu-fit-backend';
import type { Engine, FitJobOptions, HeatmapFrame, HeatmapPainter, JobOptions } from './engine';
import type { CpuExecutor } from './worker-pool';

/** Surface and heatmap work on CPU threads. */
export class CpuEngine implements Engine {
  readonly kind = 'cpu' as const;
  readonly label: string;

  constructor(
    private readonly executor: CpuExecutor,
    /** Why the CPU is in use, if it was not the user's choice. */
    readonly reason?: string,
  ) {
    this.label = `CPU · ${executor.threads} thread${executor.threads === 1 ? '' : 's'}`;
  }

  async surface(
    law: ScalingLaw,
    grid: SurfaceGrid,
    options: JobOptions = {},
  ): Promise<Float32Array> {
    const bands = splitRows(allRows(grid), this.executor.threads);
    const parts = await abortable(
      Promise.all(
        bands.map((rows) => this.executor.run((api) => api.surfaceRows(law, grid, rows))),
      ),
      options.signal,
    );
    const out = new Float32Array(grid.width * grid.height);
    for (const [i, rows] of bands.entries()) out.set(parts[i]!, rows.start * grid.width);
    return out;
  }

  fit(runs: readonly FitRun[], options: FitOptions, job: FitJobOptions = {}): Promise<FitResult> {
    return runFit(runs, options, cpuFitBackend(this.executor), job);
  }

  /** RGBA image of the whole grid in image orientation (top row = largest D). */
  async image(
    frame: HeatmapFrame,
    options: JobOptions = {},
  ): Promise<Uint8ClampedArray<ArrayBuffer>> {
    const { grid } = frame;
    const bands = splitRows(allRows(grid), this.executor.threads);
    const parts = await abortable(
      Promise.all(
        bands.map((rows) =>
          this.executor.run((api) => api.surfaceImageRows(frame.law, grid, rows, frame.scale)),
        ),
      ),
      options.signal,
    );
    const out = new Uint8ClampedArray(grid.width * grid.height * 4);
    for (const [i, rows] of bands.entries()) {
      out.set(parts[i]!, (grid.height - rows.start - rows.count) * grid.width * 4);
    }
    return out;
  }

  createPainter(canvas: HTMLCanvasElement): HeatmapPainter {
    const context = canvas.getContext('2d');
    if (!context) throw new Error('this canvas has no 2D context (it may already serve WebGPU)');
    return {
      draw: async (frame, signal) => {
        const rgba = await this.image(frame, signal ? { signal } : {});
        signal?.throwIfAborted();
        if (canvas.width !== frame.grid.width || canvas.height !== frame.grid.height) {
          canvas.width = frame.grid.width;
          canvas.height = frame.grid.height;
        }
        context.putImageData(new ImageData(rgba, frame.grid.width, frame.grid.height), 0, 0);
      },
      dispose() {},
    };
  }

  dispose(): void {
    this.executor.dispose();
  }
}
