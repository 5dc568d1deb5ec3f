/**
 * The engine contract: one interface, a GPU implementation (f32, WebGPU) and a CPU one
 * (f64, workers) that must agree within the tolerances of the contract tests.
 */
import type { ColourScale } from '../colour/colour-map';
import type { CandidateGrid, DesignModel } from '../fit/design';
import type { ProfileMap, ProfileMapOptions } from '../fit/identifiability';
import type { FitMethod } from '../fit/method';
import type { SeriesFit, SeriesPlan } from '../fit/series-fit';
import type { FitOptions, FitProgress, FitResult, FitRun } from '../fit/types';
import type { PassTimer } from '../gpu/pass-timer';
import type { SurfaceGrid } from '../law/grid';
import type { ScalingLaw } from '../law/law';
import type { MultiplierPair } from '../law/multiplier-curves';
import type { Scenario } from '../law/scenario';
import type { SweepAxis } from '../law/sweep';

export type EngineKind = 'gpu' | 'cpu';

/** One heatmap frame: what to draw and at which size in device pixels. */
export interface HeatmapFrame {
  readonly law: ScalingLaw;
  readonly grid: SurfaceGrid;
  readonly scale: ColourScale;
  /** Size of the plot area in device pixels. */
  readonly pixelWidth: number;
  readonly pixelHeight: number;
}

/** Draws heatmap frames into one canvas. */
export interface HeatmapPainter {
  /** Draws a frame; resolves when it is on screen (or rejects with the abort reason). */
  draw(frame: HeatmapFrame, signal?: AbortSignal): Promise<void>;
  /** Releases the canvas context and any buffers. */
  dispose(): void;
}

/** Options common to engine jobs. */
export interface JobOptions {
  readonly signal?: AbortSignal;
}

/** A batched job: cancellable, with progress as items done so far and in all. */
export interface BatchJobOptions extends JobOptions {
  readonly onProgress?: (done: number, total: number) => void;
  /** GPU engines add the GPU time of their passes to it (timestamp queries); CPU engines ignore it. */
  readonly timer?: PassTimer;
}

/** A fit job: cancellable, with progress. */
export interface FitJobOptions extends JobOptions {
  readonly onProgress?: (progress: FitProgress) => void;
  /** GPU engines add the GPU time of their passes to it (timestamp queries); CPU engines ignore it. */
  readonly timer?: PassTimer;
}

/** What both engines offer. */
export interface Engine {
  readonly kind: EngineKind;
  /** For the status badge: the adapter's name, or the CPU thread count. */
  readonly label: string;
  /** Resolves if the engine's device is lost (GPU engines only). */
  readonly lost?: Promise<unknown>;
  /** L over the whole grid, row-major (row * width + col), rows along D, columns along N. */
  surface(law: ScalingLaw, grid: SurfaceGrid, options?: JobOptions): Promise<Float32Array>;
  /**
   * The Approach-3 fit of `runs`: multi-start point fit and bootstrap replicas. Rejects with a
   * FitError when the inputs are unusable or the fit diverges, or with the abort reason.
   */
  fit(runs: readonly FitRun[], options: FitOptions, job?: FitJobOptions): Promise<FitResult>;
  /**
   * A fit of `runs` by any registered `method` (src/fit/methods.ts) on this engine's batched
   * backend; `fit` is `runMethod(APPROACH3, …)`. Rejects as `fit` does.
   */
  runMethod<O, R>(
    method: FitMethod<O, R>,
    runs: readonly FitRun[],
    options: O,
    job?: FitJobOptions,
  ): Promise<R>;
  /**
   * Fits of every planned series by `method`, one entry per series in the plan's order (its
   * result, or the problem that stopped it), as one job: one progress, one cancel. Approach 3
   * runs as one batched job (every series' starts, then every series' replicas, in the same
   * backend calls; `runSeriesFits`), other methods series after series (`fitEachSeries`).
   * Rejects with the abort reason, or with a FitError for runs without series.
   */
  fitSeries<O, R>(
    method: FitMethod<O, R>,
    plan: readonly SeriesPlan<FitRun>[],
    options: O,
    job?: FitJobOptions,
  ): Promise<SeriesFit<R>[]>;
  /**
   * Optima of every law (e.g. bootstrap replicas) with every scenario (e.g. budgets):
   * L x S x 4 f32 (N, D, loss, status), law-major, as in src/law/optima.ts.
   */
  frontier(
    laws: readonly ScalingLaw[],
    scenarios: readonly Scenario[],
    job?: BatchJobOptions,
  ): Promise<Float32Array>;
  /**
   * Optima in every cell of a two-axis sweep over `base`, for each law:
   * L x (y.count * x.count) x 4 f32, law-major, cells row-major (row = y index).
   * Rejects with a RangeError naming the axis when an axis is unusable.
   */
  sweep(
    laws: readonly ScalingLaw[],
    base: Scenario,
    x: SweepAxis,
    y: SweepAxis,
    job?: BatchJobOptions,
  ): Promise<Float32Array>;
  /**
   * ln m(C), the effective compute multiplier of each pair's recipe against its reference
   * (src/law/compute-multiplier.ts) at every budget: P x B f64, pair-major (p * B + b), NaN
   * where the reference cannot match at any compute. Float64Array on both engines: the CPU
   * engine's values are f64, the GPU engine's f32 widened (within the tolerances of
   * test/gpu/multiplier-contract.ts). Rejects with a RangeError for an unusable curve or budget.
   */
  multiplierCurves(
    pairs: readonly MultiplierPair[],
    budgets: readonly number[],
    job?: BatchJobOptions,
  ): Promise<Float64Array>;
  /**
   * The sweep designer's variance reduction of the target for every candidate run of `grid`
   * (src/fit/design.ts): width x height f64, row-major as `candidateReductions`. The CPU
   * engine's values are the f64 twin's, the GPU engine's f32 widened (within the tolerances of
   * test/gpu/design-contract.ts). Rejects with a DesignError for an unusable grid.
   */
  designReductions(
    model: DesignModel,
    grid: CandidateGrid,
    job?: BatchJobOptions,
  ): Promise<Float64Array>;
  /**
   * The identifiability map of `fit` (an Approach-3 fit of `runs`): profile fits over a grid of
   * (alpha, beta) on this engine's batched fitter (src/fit/identifiability.ts `profileMap`),
   * with progress and cancel through `options`. Rejects as `profileMap` does.
   */
  identifiabilityMap(
    runs: readonly FitRun[],
    fit: FitResult,
    options?: ProfileMapOptions,
  ): Promise<ProfileMap>;
  /** A painter for `canvas`. A canvas serves one engine for life: the caller makes a new one per engine. */
  createPainter(canvas: HTMLCanvasElement): HeatmapPainter;
  /** Frees workers or GPU buffers. */
  dispose(): void;
}
