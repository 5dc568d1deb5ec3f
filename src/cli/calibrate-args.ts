/**
 * Command-line parsing for `scaling-sweep calibrate FILE [--replicas R] [--bootstrap K] …`;
 * pure, so it is unit-tested.
 */
import type { EnginePreference } from '../engine/manager';
import {
  CALIBRATION_CHUNK,
  CALIBRATION_REPLICA_LIMIT,
  type CalibrationTarget,
  DEFAULT_CALIBRATION_REPLICAS,
  MAX_CALIBRATION_FITS,
  MIN_CALIBRATION_BOOTSTRAP,
  TARGET_BUDGET_FACTOR,
} from '../fit/calibration';
import { FIT_LIMITS } from '../fit/run-fit';
import { DEFAULT_FIT_OPTIONS, type FitOptions } from '../fit/types';
import { engineFlag, startsFlag, threadsFlag, wholeNumber } from './args';
import { applyMethodFlag, type CommandOptions } from './method-flags';

/** The bootstrap K of `calibrate` when none is given (each of R data sets is fitted with it). */
export const DEFAULT_CALIBRATION_BOOTSTRAP = 200;

/** What the user asked `calibrate` for. */
export interface CalibrateCommand {
  readonly command: 'calibrate';
  readonly file: string;
  readonly replicas: number;
  /** The options of the fit and of every simulated data set's fit. */
  readonly options: FitOptions;
  /** Absent: N_opt at the largest budget of the runs times 100. */
  readonly target?: CalibrationTarget;
  readonly engine: EnginePreference;
  readonly threads?: number;
  readonly json: boolean;
}

/** Usage text of `calibrate`. */
export const CALIBRATE_USAGE = `usage: scaling-sweep calibrate FILE [--replicas R] [--bootstrap K] [--starts grid|N]
                         [--seed S] [--target nopt@C] [--delta X] [--loss huber|squared]
                         [--delta-from-data C] [--engine cpu|gpu|auto] [--threads N] [--json]

Are the fit's 95% intervals honest on this design? Fits FILE, simulates R data sets on the
same (N, D) from the fitted law with residuals on ln L resampled from the fit's, fits each with
the same options and the same K, and reports for alpha, beta, a (the N_opt exponent), E and
N_opt at the target budget how often the intervals contain the simulating value (with a Wilson
95% margin), the bias in bootstrap SEs, the ratio of the mean SE to the spread of the
estimates, and the factor on the intervals' half-widths that restores 95% coverage.

  FILE               CSV with columns params|N, tokens|D (or flops|C), loss|L [, group|run]
  --replicas R       simulated data sets (default ${DEFAULT_CALIBRATION_REPLICAS}; below ${CALIBRATION_REPLICA_LIMIT.toLocaleString('en-US')}), fitted ${CALIBRATION_CHUNK} per batch
  --bootstrap K      bootstrap replicas of every fit (default ${DEFAULT_CALIBRATION_BOOTSTRAP}; at least ${MIN_CALIBRATION_BOOTSTRAP})
  --starts grid|N    the 4,500-start Hoffmann grid (default) or N random starts
  --seed S           seed of the simulation, the starts and the resampling (default ${DEFAULT_FIT_OPTIONS.seed})
  --target nopt@C    the target quantity: N_opt at C FLOPs (default the largest budget of the
                     runs x ${TARGET_BUDGET_FACTOR})
  --delta X          Huber delta on log-loss residuals (default ${DEFAULT_FIT_OPTIONS.delta})
  --loss, --delta-from-data, --over-penalty, --weights, --fix: as for fit
  --engine E         auto (fits never on a software adapter), gpu, or cpu (default auto)
  --threads N        CPU engine threads, 1 to this machine's cores (default: every core)
  --json             print one JSON object instead of text

R x (starts + K) local fits run in all, at most ${MAX_CALIBRATION_FITS.toLocaleString('en-US')}.`;

/** `nopt@1e24` to a target; throws naming the expected form. */
export function parseTargetFlag(text: string | undefined): CalibrationTarget {
  const match = /^nopt@(.+)$/.exec(text?.trim() ?? '');
  const budget = Number(match?.[1]);
  if (!match || !(budget > 0 && Number.isFinite(budget)))
    throw new Error(
      `--target needs nopt@C with C a positive number of FLOPs, e.g. nopt@1e24, got ${text ?? 'nothing'}`,
    );
  return { kind: 'nopt', budget };
}

/** R from `--replicas`: a whole number of 2 or more, below 10,000. */
function replicasFlag(text: string | undefined): number {
  const v = wholeNumber(
    '--replicas',
    text,
    2,
    Number.MAX_SAFE_INTEGER,
    'a whole number, 2 or more',
  );
  if (v >= CALIBRATION_REPLICA_LIMIT)
    throw new Error(
      `--replicas must be below ${CALIBRATION_REPLICA_LIMIT.toLocaleString('en-US')} (got ${v}): a few hundred data sets measure coverage to about ±2%`,
    );
  return v;
}

/** Parses argv (without node and the script); throws an Error with a clear message on bad input. */
export function parseCalibrateCommand(argv: readonly string[]): CalibrateCommand {
  const [command, ...rest] = argv;
  if (command !== 'calibrate')
    throw new Error(command ? `unknown command '${command}'` : 'no command given');
  let file: string | undefined;
  let replicas = DEFAULT_CALIBRATION_REPLICAS;
  let options: CommandOptions = {
    ...DEFAULT_FIT_OPTIONS,
    bootstrap: DEFAULT_CALIBRATION_BOOTSTRAP,
  };
  let target: CalibrationTarget | undefined;
  let engine: EnginePreference = 'auto';
  let threads: number | undefined;
  let json = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const value = () => rest[++i];
    switch (arg) {
      case '--replicas':
        replicas = replicasFlag(value());
        break;
      case '--bootstrap':
        options = {
          ...options,
          bootstrap: wholeNumber(arg, value(), MIN_CALIBRATION_BOOTSTRAP, FIT_LIMITS.maxBootstrap),
        };
        break;
      case '--seed':
        options = { ...options, seed: wholeNumber(arg, value(), 0, 0xffffffff) };
        break;
      case '--starts':
        options = { ...options, starts: startsFlag(arg, value()) };
        break;
      case '--target':
        target = parseTargetFlag(value());
        break;
      case '--delta': {
        const text = value();
        const v = Number(text);
        if (text === undefined || !(v > 0) || !Number.isFinite(v))
          throw new Error(`--delta needs a positive number, got ${text ?? 'nothing'}`);
        options = { ...options, delta: v };
        break;
      }
      case '--engine':
        engine = engineFlag(value());
        break;
      case '--threads':
        threads = threadsFlag(arg, value());
        break;
      case '--json':
        json = true;
        break;
      default: {
        const next =
          arg === '--tolerance' || arg === '--target'
            ? undefined
            : applyMethodFlag(arg, value, options);
        if (next) {
          options = next;
          break;
        }
        if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`);
        if (file !== undefined) throw new Error(`one FILE only (got ${file} and ${arg})`);
        file = arg;
      }
    }
  }
  if (file === undefined) throw new Error('no FILE given');
  const { tolerance: _t, target: _g, ...fitOptions } = options;
  return {
    command: 'calibrate',
    file,
    replicas,
    options: fitOptions,
    ...(target ? { target } : {}),
    engine,
    ...(threads === undefined ? {} : { threads }),
    json,
  };
}
