/**
 * `design FILE --target T --budget-flops C`: the sweep designer over the CLI's engine. Fits the
 * runs (Approach 3), builds the design model at the fit (src/fit/design.ts), evaluates every
 * candidate on the engine (`Engine.designReductions`), and plans the greedy batch, the classic
 * plan of equal cost and, for the simulation check, a random batch.
 */
import { writeFile } from 'node:fs/promises';
import type { Engine } from '../engine/engine';
import { designPlanCsv } from '../export/design-plan';
import type { DesignModel, DesignPlan } from '../fit/design';
import type { SimulationCheck } from '../fit/design-check';
import { type CandidateMap, checkDesign, type DesignSettings, planDesign } from '../fit/design-job';
import { DesignError, type FitInformation } from '../fit/information';
import { APPROACH3 } from '../fit/methods/approach3';
import { FitError } from '../fit/run-fit';
import { DEFAULT_FIT_OPTIONS, type FitOptions, type FitResult, type FitRun } from '../fit/types';
import type { DesignCommand } from './design-args';
import { type DesignEngineInfo, designOutputJson, designOutputText } from './design-output';
import type { CliStreams } from './main';

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

/** The designer's settings of a command. */
export function designSettingsOf(command: DesignCommand): DesignSettings {
  return {
    target: command.target,
    budgetFlops: command.budgetFlops,
    candidates: command.candidates,
    side: command.grid,
    classicK: command.classicK,
    maxRuns: command.maxRuns,
    seed: command.seed,
  };
}

/**
 * The design at `fit` of `runs` for the command, the candidate map and every greedy pick on
 * `engine`, and with --simulate the check on the engine's per-series fitter (planDesign and
 * checkDesign, as the Design view runs them). Throws a DesignError (with its code) for a fit
 * that did not converge, a singular information matrix, a budget too small for one classic
 * run, or a region with no cell inside the budget.
 */
export async function designOnEngine(
  runs: readonly FitRun[],
  fit: FitResult,
  command: DesignCommand,
  engine: Engine,
): Promise<DesignRun> {
  const outcome = await planDesign(runs, fit, designSettingsOf(command), (model, grid, job) =>
    engine.designReductions(model, grid, job),
  );
  const { info, model, value, candidates, designer, classic, random } = outcome;
  const run = { fit, info, model, value, candidates, designer, classic };
  if (command.simulate === 0) return run;
  const simulation = await checkDesign(
    runs,
    fit,
    outcome,
    { replicas: command.simulate, bootstrap: command.bootstrap, seed: command.seed },
    (plan, options, job) => engine.fitSeries(APPROACH3, plan, options, job),
  );
  return { ...run, random, simulation };
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
