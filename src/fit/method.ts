/**
 * A fit method is the unit of fitting: an id, a label, its options (with defaults), its result
 * type, its implementation (run on an engine's batched backend, the CPU workers or the GPU
 * kernel where the method has one), the law it yields, and its report (the rows of the results
 * table, the JSON of the export and the CLI). Its methods paragraph lives in the export layer
 * (`src/export/methods.ts`), which knows where the data came from. Approach 3 is the first
 * (`src/fit/methods/approach3.ts`); the registry is `src/fit/methods.ts`.
 *
 * Adding a method (for example Approach 2, isoFLOP parabolas), file by file:
 * 1. `src/fit/methods/<id>.ts` (new): the options type and defaults, the result type, `validate`,
 *    `run` (pure math in `src/fit`, using `context.backend` only if it batches local fits),
 *    `law`, `summary`, `rows` and `json`. A method with a WGSL kernel adds its shader in
 *    `shaders/`, its f64 CPU twin and a contract test comparing both.
 * 2. `src/fit/methods.ts`: one line in `FIT_METHODS`. From it the URL codec accepts the id
 *    (`method=`, the default left out), the engines run it (`Engine.runMethod`), the per-series
 *    fit runs it (`Engine.fitSeries`: batched for Approach 3, else `fitEachSeries`) and the CLI's
 *    JSON and text print it (`src/cli/fit-output.ts`).
 * 3. `src/export/methods.ts`: its methods paragraph (the one today is Approach 3's).
 * 4. Tests: `test/unit/fit-method-<id>.test.ts` (new) for its math and report.
 * The app needs no line: it fits the state's method and shows a result without a panel of its
 * own through `summary` and `rows` (see docs/ARCHITECTURE.md, "Adding a fit method").
 */
import type { ScalingLaw } from '../law/law';
import type { ParabolaBatch } from './approach2-bootstrap';
import type { FitBackend } from './run-fit';
import type { FitProgress, FitRun } from './types';

/** What a method's run gets from the engine it runs on. */
export interface FitMethodContext {
  /** Batched local minimisation on the engine (CPU workers or the GPU kernel). */
  readonly backend: FitBackend;
  /** The engine's batch of isoFLOP parabolas (Approach 2); absent: the f64 CPU twin. */
  readonly parabolas?: ParabolaBatch;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: FitProgress) => void;
}

/** One row of the results table: a quantity, its point estimate and, where known, an interval. */
export interface FitMethodRow {
  readonly name: string;
  readonly estimate: number;
  readonly interval?: readonly [number, number];
}

/** A fitting method: everything the layers need to run it and to show what it found. */
export interface FitMethod<Options = unknown, Result = unknown> {
  /** Stable id, used in links (`method=`), the CLI's JSON and the exports. */
  readonly id: string;
  /** Human label (results header, menus). */
  readonly label: string;
  readonly defaults: Options;
  /** Problems that stop a fit of `runs` before it starts (empty when it may run). */
  validate(runs: readonly FitRun[], options: Options): string[];
  /** Fits `runs`; rejects with a FitError when it cannot produce a trustworthy result. */
  run(runs: readonly FitRun[], options: Options, context: FitMethodContext): Promise<Result>;
  /**
   * The point-estimate law, which becomes the active law; undefined for a method that yields
   * no two-term law (Approach 2), which leaves the active law as it was.
   */
  law(result: Result): ScalingLaw | undefined;
  /** One line for a status bar: what was fitted and how. */
  summary(result: Result): string;
  /** Rows of the results table. */
  rows(result: Result): readonly FitMethodRow[];
  /** The JSON fields of the export and the CLI (without `method`, which the caller adds). */
  json(result: Result, adapter: string | null): Record<string, unknown>;
}

/** Any registered method. */
// biome-ignore lint/suspicious/noExplicitAny: the registry holds methods of different option and result types
export type AnyFitMethod = FitMethod<any, any>;
