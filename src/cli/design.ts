/**
 * `design FILE --target T --budget-flops C`: the sweep designer over the CLI's engine. Fits the
 * runs (Approach 3), builds the design model at the fit (src/fit/design.ts), evaluates every
 * candidate on the engine (`Engine.designReductions`), and plans the greedy batch, the classic
 * plan of equal cost and, for the simulation check, a random batch.
 */
import { writeFile } from 'node:fs/promises';
import type { Engine } from '../engine/engine';
import { designPlanCsv } from '../export/design-plan';
import {
  type CandidateGrid,
  candidateAt,
  candidateAxes,
  candidateFlops,
  classicPlan,
  type DesignModel,
  type DesignPlan,
  defaultCandidateGrid,
  designModel,
  greedyBatch,
  randomBatch,
  targetValue,
} from '../fit/design';
import { checkPlans, type SimulationCheck } from '../fit/design-check';
import { DesignError, type FitInformation, fitInformation } from '../fit/information';
import { FitError } from '../fit/run-fit';
import { DEFAULT_FIT_OPTIONS, type FitOptions, type FitResult, type FitRun } from '../fit/types';
import type { CandidateSpec, DesignCommand } from './design-args';
import { type DesignEngineInfo, designOutputJson, designOutputText } from './design-output';
import type { CliStreams } from './main';

/** The engine's pass over the candidates: the best single run per FLOP within the budget. */
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

/** Everything `design` reports. */
export interface DesignRun {
  readonly fit: FitResult;
  readonly info: FitInformation;
  readonly model: DesignModel;
  /** The target's value at the fit. */
  readonly value: number;
  readonly candidates: CandidateMap;
  readonly designer: DesignPlan;
  readonly classic: DesignPlan;
  /** The random batch of the simulation check (absent without --simulate). */
  readonly random?: DesignPlan;
  readonly simulation?: SimulationCheck;
}

/** The candidate grid of the command's region at the fit (see DESIGN_USAGE for defaults). */
export function resolveCandidateGrid(
  spec: CandidateSpec | null,
  side: number,
  runs: readonly FitRun[],
  model: DesignModel,
): CandidateGrid {
  if (spec === null) return defaultCandidateGrid(runs, side);
  if (spec.kind === 'nd')
    return {
      kind: 'nd',
      width: side,
      height: side,
      nMin: spec.N[0],
      nMax: spec.N[1],
      yMin: spec.D[0],
      yMax: spec.D[1],
    };
  const nopt = (C: number) => Math.exp(targetValue(model.theta, { kind: 'nopt', budget: C }));
  const [nMin, nMax] = spec.N ?? [nopt(spec.C[0]) / 8, nopt(spec.C[1]) * 8];
  return {
    kind: 'budgets-sizes',
    width: side,
    height: spec.rows ?? side,
    nMin,
    nMax,
    yMin: spec.C[0],
    yMax: spec.C[1],
  };
}

/** The best cell per FLOP within `budget` of the engine's reductions. */
function candidateMap(grid: CandidateGrid, reductions: Float64Array, budget: number): CandidateMap {
  const flops = candidateFlops(grid);
  let inBudget = 0;
  let best = -1;
  let bestScore = 0;
  for (let i = 0; i < flops.length; i++) {
    if (flops[i]! > budget) continue;
    inBudget++;
    const score = reductions[i]! / flops[i]!;
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  }
  if (best < 0) return { grid, inBudget, best: null };
  const cell = candidateAt(candidateAxes(grid), best % grid.width, Math.floor(best / grid.width));
  return { grid, inBudget, best: { ...cell, flops: flops[best]!, reduction: reductions[best]! } };
}

/**
 * The design at `fit` of `runs` for the command, candidates evaluated on `engine`. Throws a
 * DesignError (with its code) for a fit that did not converge, a singular information matrix,
 * a budget too small for one classic run, or a region with no cell inside the budget.
 */
export async function designOnEngine(
  runs: readonly FitRun[],
  fit: FitResult,
  command: DesignCommand,
  engine: Engine,
): Promise<DesignRun> {
  if (!fit.best.converged)
    throw new DesignError(
      'not-converged',
      `the fit did not converge (best of ${fit.starts.total} starts stopped after ${fit.best.iterations} iterations), so there is no estimate to plan from; fix the fit first (check it with scaling-sweep fit)`,
    );
  const theta = fit.best.theta;
  const info = fitInformation(theta, runs);
  const model = designModel(info, command.target);
  const grid = resolveCandidateGrid(command.candidates, command.grid, runs, model);
  const classic = classicPlan(model, command.budgetFlops, { sizes: command.classicK });
  const designer = greedyBatch(model, grid, command.budgetFlops, {
    maxRuns: command.maxRuns,
  });
  const reductions = await engine.designReductions(model, grid);
  const candidates = candidateMap(grid, reductions, command.budgetFlops);
  const value = targetValue(theta, command.target);
  if (command.simulate === 0) return { fit, info, model, value, candidates, designer, classic };
  const random = randomBatch(model, grid, command.budgetFlops, command.seed, {
    maxRuns: command.maxRuns,
  });
  const simulation = await checkPlans(
    runs,
    { theta, converged: true },
    command.target,
    [designer, classic, random],
    {
      replicas: command.simulate,
      bootstrap: command.bootstrap,
      seed: command.seed,
      delta: fit.resolvedDelta ?? fit.options.delta,
    },
  );
  return { fit, info, model, value, candidates, designer, classic, random, simulation };
}

/** The fit options of `design`'s fit: the defaults with the command's starts and seed, no bootstrap. */
export function designFitOptions(command: DesignCommand): FitOptions {
  return { ...DEFAULT_FIT_OPTIONS, starts: command.starts, seed: command.seed, bootstrap: 0 };
}

/** What `runDesign` borrows from main.ts. */
export interface DesignDeps {
  readonly readRuns: (file: string) => Promise<FitRun[] | number>;
  readonly startEngine: () => Promise<{ engine: Engine; info: DesignEngineInfo } | number>;
}

/**
 * Runs `design` for a parsed command: exit 0 done, 2 bad input (DesignError, a fit that failed
 * or did not converge), 1 anything else.
 */
export async function runDesign(
  command: DesignCommand,
  streams: CliStreams,
  deps: DesignDeps,
): Promise<number> {
  const runs = await deps.readRuns(command.file);
  if (typeof runs === 'number') return runs;
  const started = await deps.startEngine();
  if (typeof started === 'number') return started;
  const { engine, info } = started;
  try {
    const fit = await engine.fit(runs, designFitOptions(command));
    const run = await designOnEngine(runs, fit, command, engine);
    if (command.csv !== undefined)
      await writeFile(
        command.csv,
        designPlanCsv(run.designer, {
          target: command.targetText,
          budgetFlops: command.budgetFlops,
          law: fit.best.law,
          data: command.file,
        }),
      );
    streams.out.write(
      command.json ? designOutputJson(run, command, info) : designOutputText(run, command, info),
    );
    for (const w of fit.warnings) streams.err.write(`warning: ${w}\n`);
    return 0;
  } catch (e) {
    if (e instanceof FitError) {
      streams.err.write(
        `scaling-sweep: the fit failed, so there is nothing to plan from: ${e.message}\n`,
      );
      return 2;
    }
    streams.err.write(`scaling-sweep: ${(e as Error).message}\n`);
    return e instanceof DesignError ? 2 : 1;
  } finally {
    engine.dispose();
  }
}
