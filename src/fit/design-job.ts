/**
 * One run of the sweep designer, as the Design view and the CLI's `design` both run it: the
 * design model at the fit, the candidate map on an engine (one pass), the greedy batch with
 * every pick on the engine (each pick a pass over the grid at the covariance updated by the
 * picks before it), the classic plan and a random batch of the same budget; and, on request,
 * the simulation check of the plans on the engine's per-series fitter.
 */
import type { SeriesFitter } from './calibration';
import {
  addRunToCovariance,
  type BatchOptions,
  batchSetup,
  bestCellWithin,
  type CandidateGrid,
  type CandidateRun,
  candidateAt,
  candidateAxes,
  classicPlan,
  type DesignModel,
  type DesignPlan,
  type DesignTarget,
  designModel,
  planVariance,
  randomBatch,
  targetValue,
} from './design';
import { checkPlans, type SimulationCheck } from './design-check';
import { type CandidateSpec, resolveCandidateGrid } from './design-spec';
import {
  DesignError,
  type FitInformation,
  fitInformation,
  INFO_DIM,
  runGradient,
} from './information';
import type { FitResult, FitRun } from './types';

/** What the designer is asked. */
export interface DesignSettings {
  readonly target: DesignTarget;
  /** Compute for the new runs, in FLOPs. */
  readonly budgetFlops: number;
  /** The candidate region; null: the default region of the runs. */
  readonly candidates: CandidateSpec | null;
  /** Cells per side of the candidate grid. */
  readonly side: number;
  /** Sizes on the classic plan's isoFLOP curve. */
  readonly classicK: number;
  /** At most this many runs in the designer's and the random batch. */
  readonly maxRuns: number;
  /** Seed of the random batch (and, in the check, of the simulation). */
  readonly seed: number;
}

/** An engine's pass over the candidates (`Engine.designReductions`). */
export type ReductionsOf = (
  model: DesignModel,
  grid: CandidateGrid,
  job: { readonly signal?: AbortSignal },
) => Promise<Float64Array>;

/** Progress of a design: the candidate map and the picks, then the simulation's local fits. */
export interface DesignProgress {
  readonly phase: 'picks' | 'simulation';
  readonly done: number;
  readonly total: number;
}

/** Cancellation and progress of a design job. */
export interface DesignJob {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: DesignProgress) => void;
}

/** The best single run per FLOP within the budget. */
export interface CandidateMap {
  readonly grid: CandidateGrid;
  /** Cells whose cost fits the budget. */
  readonly inBudget: number;
  /** The cell with the largest reduction per FLOP within the budget, or null when none helps. */
  readonly best: {
    readonly N: number;
    readonly D: number;
    readonly flops: number;
    readonly reduction: number;
  } | null;
}

/** A design at one fit: the model, the candidate map and the three plans. */
export interface DesignOutcome {
  readonly target: DesignTarget;
  readonly info: FitInformation;
  readonly model: DesignModel;
  /** The target's value at the fit. */
  readonly value: number;
  readonly grid: CandidateGrid;
  /** The engine's reductions of every cell at the current runs, row-major. */
  readonly reductions: Float64Array;
  readonly candidates: CandidateMap;
  readonly designer: DesignPlan;
  readonly classic: DesignPlan;
  readonly random: DesignPlan;
}

/** The best cell per FLOP within `budget` of `reductions`. */
export function candidateMap(
  grid: CandidateGrid,
  reductions: Float64Array,
  flops: Float64Array,
  budget: number,
): CandidateMap {
  let inBudget = 0;
  for (let i = 0; i < flops.length; i++) if (flops[i]! <= budget) inBudget++;
  const best = bestCellWithin(reductions, flops, budget);
  if (best < 0) return { grid, inBudget, best: null };
  const cell = candidateAt(candidateAxes(grid), best % grid.width, Math.floor(best / grid.width));
  return { grid, inBudget, best: { ...cell, flops: flops[best]!, reduction: reductions[best]! } };
}

/**
 * The greedy batch of `greedyBatch` (src/fit/design.ts) with every pick's pass on `reductionsOf`
 * (an engine): the first pass is `first` when given (the candidate map at the current runs).
 * On the CPU engine the passes are the f64 twin's, so the picks are `greedyBatch`'s.
 */
export async function greedyBatchOn(
  model: DesignModel,
  grid: CandidateGrid,
  budgetFlops: number,
  options: BatchOptions,
  reductionsOf: ReductionsOf,
  job: DesignJob = {},
  first?: Float64Array,
): Promise<DesignPlan> {
  const { flops, axes, maxRuns } = batchSetup(grid, budgetFlops, options);
  const picks: CandidateRun[] = [];
  let cov: Float64Array = Float64Array.from(model.covariance);
  let left = budgetFlops;
  const j = new Float64Array(INFO_DIM);
  const signal = job.signal ? { signal: job.signal } : {};
  let reductions = first ?? (await reductionsOf(model, grid, signal));
  while (picks.length < maxRuns) {
    job.signal?.throwIfAborted();
    const best = bestCellWithin(reductions, flops, left);
    if (best < 0) break;
    const run = candidateAt(axes, best % grid.width, Math.floor(best / grid.width));
    picks.push({ ...run, flops: flops[best]! });
    left -= flops[best]!;
    job.onProgress?.({ phase: 'picks', done: picks.length, total: maxRuns });
    if (picks.length === maxRuns) break;
    runGradient(model.theta, model.centre, Math.log(run.N), Math.log(run.D), j);
    cov = addRunToCovariance(cov, j, model.s2);
    reductions = await reductionsOf({ ...model, covariance: cov }, grid, signal);
  }
  return planVariance(model, picks, 'designer');
}

/**
 * The design at `fit` of `runs`: the candidate map on `reductionsOf`, the greedy batch, the
 * classic plan of the same budget and a seeded random batch. Throws a DesignError (with its
 * code) for a fit that did not converge, a singular information matrix, a budget too small for
 * one classic run, or a region with no cell inside the budget; rejects with the abort reason.
 */
export async function planDesign(
  runs: readonly FitRun[],
  fit: FitResult,
  settings: DesignSettings,
  reductionsOf: ReductionsOf,
  job: DesignJob = {},
): Promise<DesignOutcome> {
  if (!fit.best.converged)
    throw new DesignError(
      'not-converged',
      `the fit did not converge (best of ${fit.starts.total} starts stopped after ${fit.best.iterations} iterations), so there is no estimate to plan from; fix the fit first`,
    );
  const theta = fit.best.theta;
  const info = fitInformation(theta, runs);
  const model = designModel(info, settings.target);
  const grid = resolveCandidateGrid(settings.candidates, settings.side, runs, model);
  const classic = classicPlan(model, settings.budgetFlops, { sizes: settings.classicK });
  const batch = { maxRuns: settings.maxRuns };
  const { flops } = batchSetup(grid, settings.budgetFlops, batch);
  const reductions = await reductionsOf(model, grid, job.signal ? { signal: job.signal } : {});
  const candidates = candidateMap(grid, reductions, flops, settings.budgetFlops);
  const designer = await greedyBatchOn(
    model,
    grid,
    settings.budgetFlops,
    batch,
    reductionsOf,
    job,
    reductions,
  );
  const random = randomBatch(model, grid, settings.budgetFlops, settings.seed, batch);
  const value = targetValue(theta, settings.target);
  return {
    target: settings.target,
    info,
    model,
    value,
    grid,
    reductions,
    candidates,
    designer,
    classic,
    random,
  };
}

/** How the simulation check of a design is run. */
export interface DesignCheckSettings {
  /** Simulated data sets per plan. */
  readonly replicas: number;
  /** Bootstrap replicas K of every refit. */
  readonly bootstrap: number;
  readonly seed: number;
}

/**
 * The simulation check of a design's designer, classic and random plans (checkPlans) on
 * `fitSeries` (an engine's per-series Approach-3 fit), with the fit's Huber delta.
 */
export function checkDesign(
  runs: readonly FitRun[],
  fit: FitResult,
  outcome: Pick<DesignOutcome, 'target' | 'designer' | 'classic' | 'random'>,
  settings: DesignCheckSettings,
  fitSeries: SeriesFitter,
  job: DesignJob = {},
): Promise<SimulationCheck> {
  return checkPlans(
    runs,
    { theta: fit.best.theta, converged: fit.best.converged },
    outcome.target,
    [outcome.designer, outcome.classic, outcome.random],
    {
      replicas: settings.replicas,
      bootstrap: settings.bootstrap,
      seed: settings.seed,
      delta: fit.resolvedDelta ?? fit.options.delta,
      fitSeries,
      ...(job.signal ? { signal: job.signal } : {}),
      onProgress: (p) => job.onProgress?.({ phase: 'simulation', ...p }),
    },
  );
}
