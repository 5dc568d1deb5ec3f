/** The GPU engine: WebGPU kernels in f32, one dispatch per band. */

import { cpuParabolaBatch } from '../fit/approach2-bootstrap';
import type { CandidateGrid, DesignModel } from '../fit/design';
import { type ProfileMap, type ProfileMapOptions, profileMap } from '../fit/identifiability';
import type { FitMethod } from '../fit/method';
import { runFit } from '../fit/run-fit';
import { fitSeriesWith } from '../fit/series-batch-fit';
import type { SeriesFit, SeriesPlan } from '../fit/series-fit';
import type { FitOptions, FitResult, FitRun } from '../fit/types';
import { GpuDesign } from '../gpu/design';
import type { GpuContext } from '../gpu/device';
import { GpuFitter } from '../gpu/fit';
import { GpuHeatmap } from '../gpu/heatmap';
import { GpuIsoflop } from '../gpu/isoflop';
import { GpuMultiplier } from '../gpu/multiplier';
import { GpuOptimum } from '../gpu/optimum';
import { KernelError } from '../gpu/pipelines';
import { GpuSurface } from '../gpu/surface';
import type { SurfaceGrid } from '../law/grid';
import type { ScalingLaw } from '../law/law';
import type { MultiplierPair } from '../law/multiplier-curves';
import type { Scenario } from '../law/scenario';
import type { SweepAxis } from '../law/sweep';
import { abortable } from './abort';
import type { BatchJobOptions, Engine, FitJobOptions, HeatmapPainter, JobOptions } from './engine';
import { gpuFitBackend } from './gpu-fit-backend';

/**
 * Where a job goes when its own kernel fails to build: the CPU engine, and a note for the
 * status badge naming the kernel. The rest of the engine keeps using the GPU.
 */
export interface KernelFallback {
  cpu(): Engine;
  onKernelFailed(kernel: string, message: string): void;
}

/** Surface and heatmap work on a WebGPU device. */
export class GpuEngine implements Engine {
  readonly kind = 'gpu' as const;
  readonly label: string;
  readonly lost: Promise<unknown>;

  private constructor(
    readonly gpu: GpuContext,
    private readonly kernel: GpuSurface,
    private readonly fallback: KernelFallback | undefined,
  ) {
    const fallbackAdapter = gpu.info.isFallbackAdapter ? ' (software fallback adapter)' : '';
    this.label = `GPU · ${gpu.info.name}${fallbackAdapter}`;
    this.lost = gpu.lost;
  }

  /**
   * Compiles the surface kernels on `gpu`; rejects with a KernelError if they fail. The fit and
   * optimum kernels compile on first use; if one fails, its jobs run on `fallback.cpu()` (or
   * reject with the KernelError when there is no fallback).
   */
  static async create(gpu: GpuContext, fallback?: KernelFallback): Promise<GpuEngine> {
    return new GpuEngine(gpu, await GpuSurface.create(gpu), fallback);
  }

  surface(law: ScalingLaw, grid: SurfaceGrid, options: JobOptions = {}): Promise<Float32Array> {
    return abortable(this.kernel.evaluate(law, grid, undefined, options.signal), options.signal);
  }

  /** The fit kernel, compiled on first use (a KernelError names it if it fails). */
  private readonly fitter = (): Promise<GpuFitter> => {
    this.fitterReady ??= GpuFitter.create(this.gpu);
    return this.fitterReady;
  };
  private fitterReady: Promise<GpuFitter> | undefined;

  /** The optimum kernel, compiled on first use. */
  private optimumReady: Promise<GpuOptimum> | undefined;
  private optimum(): Promise<GpuOptimum> {
    this.optimumReady ??= GpuOptimum.create(this.gpu);
    return this.optimumReady;
  }

  /**
   * The CPU engine if `kernel` failed to build and there is a fallback, else undefined (the
   * kernel is ready). Other errors, and a KernelError without a fallback, reject.
   */
  private async cpuIfBroken(kernel: Promise<unknown>): Promise<Engine | undefined> {
    try {
      await kernel;
      return undefined;
    } catch (e) {
      if (!(e instanceof KernelError) || !this.fallback) throw e;
      this.fallback.onKernelFailed(e.kernel, e.message);
      return this.fallback.cpu();
    }
  }

  async fit(
    runs: readonly FitRun[],
    options: FitOptions,
    job: FitJobOptions = {},
  ): Promise<FitResult> {
    const cpu = await this.cpuIfBroken(this.fitter());
    if (cpu) return cpu.fit(runs, options, job);
    return runFit(runs, options, gpuFitBackend(this.fitter, job.timer), job);
  }

  async runMethod<O, R>(
    method: FitMethod<O, R>,
    runs: readonly FitRun[],
    options: O,
    job: FitJobOptions = {},
  ): Promise<R> {
    const cpu = await this.cpuIfBroken(this.fitter());
    if (cpu) return cpu.runMethod(method, runs, options, job);
    return method.run(runs, options, {
      ...job,
      backend: gpuFitBackend(this.fitter, job.timer),
      parabolas: async (packed, weights) => {
        const cpu = await this.cpuIfBroken(this.isoflop());
        if (cpu) return cpuParabolaBatch(packed, weights);
        const records = await (await this.isoflop()).records(packed, weights, job.signal);
        return { records, engine: 'gpu' };
      },
    });
  }

  async fitSeries<O, R>(
    method: FitMethod<O, R>,
    plan: readonly SeriesPlan<FitRun>[],
    options: O,
    job: FitJobOptions = {},
  ): Promise<SeriesFit<R>[]> {
    const cpu = await this.cpuIfBroken(this.fitter());
    if (cpu) return cpu.fitSeries(method, plan, options, job);
    const timer = job.timer ? { timer: job.timer } : {};
    return fitSeriesWith(
      method,
      plan,
      options,
      gpuFitBackend(this.fitter, job.timer),
      (runs, j) => this.runMethod(method, runs, options, { ...j, ...timer }),
      job,
    );
  }

  /**
   * The map on the fit kernel: profileMap hands each phase to the backend in large batches
   * (PROFILE_LIMITS.chunk starts per call), which the kernel splits into adaptive dispatches.
   * Runs the device's storage bindings cannot hold are refused (a RangeError) before any work.
   */
  async identifiabilityMap(
    runs: readonly FitRun[],
    fit: FitResult,
    options: ProfileMapOptions = {},
  ): Promise<ProfileMap> {
    const cpu = await this.cpuIfBroken(this.fitter());
    if (cpu) return cpu.identifiabilityMap(runs, fit, options);
    try {
      (await this.fitter()).planChunk(runs.length);
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      throw new RangeError(`this GPU cannot take the map of these runs: ${e.message}`);
    }
    return profileMap(runs, fit, gpuFitBackend(this.fitter), options);
  }

  /** The isoFLOP parabola kernel (Approach 2), compiled on first use. */
  private isoflopReady: Promise<GpuIsoflop> | undefined;
  private isoflop(): Promise<GpuIsoflop> {
    this.isoflopReady ??= GpuIsoflop.create(this.gpu);
    return this.isoflopReady;
  }

  async frontier(
    laws: readonly ScalingLaw[],
    scenarios: readonly Scenario[],
    job: BatchJobOptions = {},
  ): Promise<Float32Array> {
    const cpu = await this.cpuIfBroken(this.optimum());
    if (cpu) return cpu.frontier(laws, scenarios, job);
    return (await this.optimum()).solve(laws, scenarios, job);
  }

  async sweep(
    laws: readonly ScalingLaw[],
    base: Scenario,
    x: SweepAxis,
    y: SweepAxis,
    job: BatchJobOptions = {},
  ): Promise<Float32Array> {
    const cpu = await this.cpuIfBroken(this.optimum());
    if (cpu) return cpu.sweep(laws, base, x, y, job);
    return (await this.optimum()).sweep(laws, base, x, y, job);
  }

  /** The multiplier-curves kernel, compiled on first use. */
  private multiplierReady: Promise<GpuMultiplier> | undefined;
  private multiplier(): Promise<GpuMultiplier> {
    this.multiplierReady ??= GpuMultiplier.create(this.gpu);
    return this.multiplierReady;
  }

  async multiplierCurves(
    pairs: readonly MultiplierPair[],
    budgets: readonly number[],
    job: BatchJobOptions = {},
  ): Promise<Float64Array> {
    const cpu = await this.cpuIfBroken(this.multiplier());
    if (cpu) return cpu.multiplierCurves(pairs, budgets, job);
    return (await this.multiplier()).curves(pairs, budgets, job);
  }

  /** The designer kernel, compiled on first use. */
  private designReady: Promise<GpuDesign> | undefined;
  private design(): Promise<GpuDesign> {
    this.designReady ??= GpuDesign.create(this.gpu);
    return this.designReady;
  }

  async designReductions(
    model: DesignModel,
    grid: CandidateGrid,
    job: BatchJobOptions = {},
  ): Promise<Float64Array> {
    const cpu = await this.cpuIfBroken(this.design());
    if (cpu) return cpu.designReductions(model, grid, job);
    const values = await (await this.design()).evaluate(model, grid, job.signal);
    job.onProgress?.(grid.height, grid.height);
    return Float64Array.from(values);
  }

  createPainter(canvas: HTMLCanvasElement): HeatmapPainter {
    const context = canvas.getContext('webgpu');
    if (!context) throw new Error('this canvas has no WebGPU context (it may already serve 2D)');
    const format = this.gpu.gpu.getPreferredCanvasFormat();
    context.configure({ device: this.gpu.device, format, alphaMode: 'opaque' });
    const heatmap = GpuHeatmap.create(this.gpu, this.kernel);
    return {
      draw: async (frame, signal) => {
        signal?.throwIfAborted();
        const width = Math.max(1, Math.round(frame.pixelWidth));
        const height = Math.max(1, Math.round(frame.pixelHeight));
        // Resized only once the frame is ready to encode: resizing clears the canvas, and a
        // frame refused before that (a grid row over the binding limit) keeps the last picture.
        const view = () => {
          if (canvas.width !== width || canvas.height !== height) {
            canvas.width = width;
            canvas.height = height;
          }
          return context.getCurrentTexture().createView({ label: 'heatmap.canvas' });
        };
        await heatmap.render({ view, width, height, format }, frame.law, frame.grid, frame.scale);
        await this.gpu.device.queue.onSubmittedWorkDone();
      },
      dispose() {
        heatmap.dispose();
        context.unconfigure();
      },
    };
  }

  dispose(): void {
    this.gpu.device.destroy();
  }
}
