/**
 * `calibrate FILE`: fits the runs on one engine, then calibrates the fit's 95% intervals on the
 * runs' design (src/fit/calibration.ts) with every simulated data set fitted by the engine's
 * batched per-series fit, so a GPU fits a chunk of data sets in the same dispatches.
 */
import type { Engine, FitJobOptions } from '../engine/engine';
import { type CalibrationResult, calibrate, checkCalibrationJob } from '../fit/calibration';
import { APPROACH3 } from '../fit/methods/approach3';
import type { FitResult, FitRun } from '../fit/types';
import type { CalibrateCommand } from './calibrate-args';

/** The fit a calibration started from and what the calibration found. */
export interface CalibrateRun {
  readonly fit: FitResult;
  readonly calibration: CalibrationResult;
}

/**
 * Fits `runs` with the command's options on `engine` and calibrates the fit's intervals.
 * Rejects with a FitError when the fit fails, a CalibrationError when the calibration cannot
 * run with these inputs, or the abort reason.
 */
export async function calibrateOnEngine(
  runs: readonly FitRun[],
  command: CalibrateCommand,
  engine: Engine,
  job: Pick<FitJobOptions, 'signal'> & {
    readonly onProgress?: (p: { readonly done: number; readonly total: number }) => void;
  } = {},
): Promise<CalibrateRun> {
  checkCalibrationJob(command.replicas, command.options);
  const signal = job.signal ? { signal: job.signal } : {};
  const fit = await engine.fit(runs, command.options, signal);
  const calibration = await calibrate(runs, fit, command.options, {
    replicas: command.replicas,
    ...(command.target ? { target: command.target } : {}),
    seed: command.options.seed,
    fitSeries: (plan, options, j) => engine.fitSeries(APPROACH3, plan, options, j),
    ...signal,
    ...(job.onProgress ? { onProgress: job.onProgress } : {}),
  });
  return { fit, calibration };
}
