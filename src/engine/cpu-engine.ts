/** The CPU engine: f64 twins split across a pool of workers. The reference for the GPU engine. */

import type { ParabolaBatchResult } from '../fit/approach2-bootstrap';
import { type CandidateGrid, type DesignModel, validateCandidateGrid } from '../fit/design';
import { type ProfileMap, type ProfileMapOptions, profileMap } from '../fit/identifiability';
import { PARABOLA_RECORD, type PackedBudgets } from '../fit/isoflop-parabola';
import type { FitMethod } from '../fit/method';
import { runFit } from '../fit/run-fit';
import { fitSeriesWith } from '../fit/series-batch-fit';
import type { SeriesFit, SeriesPlan } from '../fit/series-fit';
import type { FitOptions, FitResult, FitRun } from '../fit/types';
import { allRows, type SurfaceGrid, splitRows } from '../law/grid';
import type { ScalingLaw } from '../law/law';
import {
  MULTIPLIER_PAIR_STRIDE,
  type MultiplierPair,
  packLnBudgets,
  packMultiplierPairs,
} from '../law/multiplier-curves';
import { PAIR_STRIDE } from '../law/optima';
import type { Scenario } from '../law/scenario';
import { checkAxis, type SweepAxis } from '../law/sweep';
import { abortable } from './abort';
import { chunkSize, runInChunks } from './chunks';
import { cpuFitBackend } from './cpu-fit-backend';
import type {
  BatchJobOptions,
  Engine,
  FitJobOptions,
  HeatmapFrame,
  HeatmapPainter,
  JobOptions,
} from './engine';
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

  runMethod<O, R>(
    method: FitMethod<O, R>,
    runs: readonly FitRun[],
    options: O,
    job: FitJobOptions = {},
  ): Promise<R> {
    return method.run(runs, options, {
      ...job,
      backend: cpuFitBackend(this.executor),
      parabolas: (packed, weights) => this.parabolas(packed, weights, job.signal),
    });
  }

  fitSeries<O, R>(
    method: FitMethod<O, R>,
    plan: readonly SeriesPlan<FitRun>[],
    options: O,
    job: FitJobOptions = {},
  ): Promise<SeriesFit<R>[]> {
    return fitSeriesWith(
      method,
      plan,
      options,
      cpuFitBackend(this.executor),
      (runs, j) => this.runMethod(method, runs, options, j),
      job,
    );
  }

  /** The map on the worker pool (each backend call split into chunks across the threads). */
  identifiabilityMap(
    runs: readonly FitRun[],
    fit: FitResult,
    options: ProfileMapOptions = {},
  ): Promise<ProfileMap> {
    return profileMap(runs, fit, cpuFitBackend(this.executor), options);
  }

  /** isoFLOP parabolas (Approach 2) of every replica in `weights`, split across the threads. */
  private async parabolas(
    packed: PackedBudgets,
    weights: Float64Array,
    signal?: AbortSignal,
  ): Promise<ParabolaBatchResult> {
    const n = packed.offsets[packed.count]!;
    const replicas = n === 0 ? 0 : weights.length / n;
    const per = packed.count * PARABOLA_RECORD;
    const records = new Float64Array(replicas * per);
    const chunks = await runInChunks(
      replicas,
      chunkSize(replicas, this.executor.threads, 256),
      this.executor,
      signal ? { signal } : {},
      (first, count) =>
        this.executor.run((api) =>
          api.parabolaRecords(packed, weights.slice(first * n, (first + count) * n)),
        ),
    );
    for (const c of chunks) records.set(c.value, c.first * per);
    return { records, engine: 'cpu' };
  }

  async frontier(
    laws: readonly ScalingLaw[],
    scenarios: readonly Scenario[],
    job: BatchJobOptions = {},
  ): Promise<Float32Array> {
    const S = scenarios.length;
    const out = new Float32Array(laws.length * S * PAIR_STRIDE);
    if (laws.length >= S) {
      // Bands of whole laws are contiguous in the law-major layout.
      const chunks = await runInChunks(
        laws.length,
        chunkSize(laws.length, this.executor.threads, 64),
        this.executor,
        job,
        (first, count) =>
          this.executor.run((api) => api.solveOptima(laws.slice(first, first + count), scenarios)),
      );
      for (const c of chunks) out.set(c.value, c.first * S * PAIR_STRIDE);
      return out;
    }
    const chunks = await runInChunks(
      S,
      chunkSize(S, this.executor.threads, 4096),
      this.executor,
      job,
      (first, count) =>
        this.executor.run((api) => api.solveOptima(laws, scenarios.slice(first, first + count))),
    );
    for (const c of chunks) scatterColumns(out, c.value, laws.length, S, c.first, c.count);
    return out;
  }

  async sweep(
    laws: readonly ScalingLaw[],
    base: Scenario,
    x: SweepAxis,
    y: SweepAxis,
    job: BatchJobOptions = {},
  ): Promise<Float32Array> {
    checkAxis(x, 'x');
    checkAxis(y, 'y');
    const cells = x.count * y.count;
    const out = new Float32Array(laws.length * cells * PAIR_STRIDE);
    const rowsPerChunk = Math.max(1, Math.ceil(y.count / (this.executor.threads * 8)));
    const chunks = await runInChunks(y.count, rowsPerChunk, this.executor, job, (first, count) =>
      this.executor.run((api) => api.solveSweep(laws, base, x, y, { start: first, count })),
    );
    for (const c of chunks)
      scatterColumns(out, c.value, laws.length, cells, c.first * x.count, c.count * x.count);
    return out;
  }

  /** Pairs packed here (so a bad input rejects at once), then bands of pairs on the workers. */
  async multiplierCurves(
    pairs: readonly MultiplierPair[],
    budgets: readonly number[],
    job: BatchJobOptions = {},
  ): Promise<Float64Array> {
    const table = packMultiplierPairs(pairs);
    const lnBudgets = packLnBudgets(budgets);
    const B = lnBudgets.length;
    const out = new Float64Array(pairs.length * B);
    if (out.length === 0) return out;
    const perChunk = Math.max(1, Math.floor(2 ** 16 / B));
    const chunks = await runInChunks(
      pairs.length,
      chunkSize(pairs.length, this.executor.threads, perChunk),
      this.executor,
      job,
      (first, count) =>
        this.executor.run((api) =>
          api.multiplierCurves(
            table.slice(first * MULTIPLIER_PAIR_STRIDE, (first + count) * MULTIPLIER_PAIR_STRIDE),
            lnBudgets,
          ),
        ),
    );
    for (const c of chunks) out.set(c.value, c.first * B);
    return out;
  }

  /** The grid checked here (so a bad one rejects at once), then bands of rows on the workers. */
  async designReductions(
    model: DesignModel,
    grid: CandidateGrid,
    job: BatchJobOptions = {},
  ): Promise<Float64Array> {
    validateCandidateGrid(grid);
    const out = new Float64Array(grid.width * grid.height);
    const rowsPerChunk = Math.max(1, Math.ceil(grid.height / (this.executor.threads * 8)));
    const chunks = await runInChunks(
      grid.height,
      rowsPerChunk,
      this.executor,
      job,
      (first, count) =>
        this.executor.run((api) => api.designReductions(model, grid, { start: first, count })),
    );
    for (const c of chunks) out.set(c.value, c.first * grid.width);
    return out;
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

/**
 * Copies `part`, holding pairs first..first+count-1 of every one of `laws` laws (law-major),
 * into `out`, which holds `width` pairs per law.
 */
function scatterColumns(
  out: Float32Array,
  part: Float32Array,
  laws: number,
  width: number,
  first: number,
  count: number,
): void {
  for (let l = 0; l < laws; l++) {
    out.set(
      part.subarray(l * count * PAIR_STRIDE, (l + 1) * count * PAIR_STRIDE),
      (l * width + first) * PAIR_STRIDE,
    );
  }
}
