/** Command-line parsing for `scaling-sweep fit FILE [options]`; pure, so it is unit-tested. */

import type { ColumnMapping, PerRun } from '../data/mapping';
import {
  mappingFromFlags,
  parseMapFlag,
  parsePerRunFlag,
  parseScaleFlag,
  parseSeriesFlag,
} from '../data/mapping-flags';
import { ENGINE_PREFERENCES, type EnginePreference } from '../engine/manager';
import { DEFAULT_FIT_METHOD, findFitMethod, fitMethodIds } from '../fit/methods';
import { FIT_LIMITS } from '../fit/run-fit';
import { DEFAULT_FIT_OPTIONS, type FitOptions } from '../fit/types';

/** What the user asked for. */
export interface FitCommand {
  readonly command: 'fit';
  readonly file: string;
  readonly options: FitOptions;
  readonly engine: EnginePreference;
  readonly json: boolean;
  /** The column mapping from --map, --scale and --per-run; undefined: headers matched by name. */
  readonly mapping?: ColumnMapping;
  /** The series to fit (--series); absent: every series. */
  readonly series?: readonly string[];
  /** The fit method's id (--method); absent: the default method. */
  readonly method?: string;
}

/** Usage text. */
export const USAGE = `usage: npm run cli -- fit FILE [--bootstrap K] [--seed S] [--starts grid|N]
                         [--delta X] [--tie-exponents] [--engine auto|gpu|cpu] [--json]
                         [--map FIELD=COLUMN,...] [--scale N=X,D=Y] [--per-run last-step|min-loss]
                         [--series NAME,...] [--method ID]

  FILE               CSV with columns params|N, tokens|D (or flops|C), loss|L [, group|run]
  --bootstrap K      bootstrap replicas (default ${DEFAULT_FIT_OPTIONS.bootstrap}; 0 for none; at most ${FIT_LIMITS.maxBootstrap})
  --seed S           seed of random starts and resampling (default ${DEFAULT_FIT_OPTIONS.seed})
  --starts grid|N    the 4,500-start Hoffmann grid (default) or N random starts
  --delta X          Huber delta on log-loss residuals (default ${DEFAULT_FIT_OPTIONS.delta})
  --tie-exponents    fit alpha = beta
  --engine E         auto (GPU if an adapter exists, else CPU), gpu, or cpu (default auto)
  --json             print one JSON object instead of a table
  --map F=COL,...    take fields from these columns (F: N, D, C, loss, group, series, weight, step),
                     e.g. --map N=params_total,D=tokens,loss=eval/bpb
  --scale N=X,D=Y    unit multipliers for N and D (N=1e6: parameters given in millions)
  --per-run R        with a step or group column: all (default), last-step or min-loss
  --series A,B       fit only these series (default: every series)
  --method ID        the fit method: ${fitMethodIds().join(', ')} (default ${DEFAULT_FIT_METHOD})`;

function wholeNumber(flag: string, text: string | undefined, min: number, max: number): number {
  const v = Number(text);
  if (text === undefined || !/^\d+$/.test(text) || !Number.isSafeInteger(v) || v < min || v > max) {
    throw new Error(`${flag} needs a whole number from ${min} to ${max}, got ${text ?? 'nothing'}`);
  }
  return v;
}

/** Parses argv (without node and the script); throws an Error with a clear message on bad input. */
export function parseFitCommand(argv: readonly string[]): FitCommand {
  const [command, ...rest] = argv;
  if (command !== 'fit')
    throw new Error(command ? `unknown command '${command}'` : 'no command given');
  let file: string | undefined;
  let options: FitOptions = DEFAULT_FIT_OPTIONS;
  let engine: EnginePreference = 'auto';
  let json = false;
  let map: ReturnType<typeof parseMapFlag> | undefined;
  let scale: ColumnMapping['scale'] | undefined;
  let perRun: PerRun | undefined;
  let series: string[] | undefined;
  let method: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const value = () => rest[++i];
    switch (arg) {
      case '--bootstrap':
        options = { ...options, bootstrap: wholeNumber(arg, value(), 0, FIT_LIMITS.maxBootstrap) };
        break;
      case '--seed':
        options = { ...options, seed: wholeNumber(arg, value(), 0, 0xffffffff) };
        break;
      case '--starts': {
        const v = value();
        options = {
          ...options,
          starts:
            v === 'grid'
              ? { kind: 'grid' }
              : { kind: 'random', count: wholeNumber(arg, v, 1, FIT_LIMITS.maxRandomStarts) },
        };
        break;
      }
      case '--delta': {
        const text = value();
        const v = Number(text);
        if (text === undefined || !(v > 0) || !Number.isFinite(v)) {
          throw new Error(`--delta needs a positive number, got ${text ?? 'nothing'}`);
        }
        options = { ...options, delta: v };
        break;
      }
      case '--tie-exponents':
        options = { ...options, tieExponents: true };
        break;
      case '--engine': {
        const v = value();
        if (!ENGINE_PREFERENCES.includes(v as EnginePreference)) {
          throw new Error(
            `--engine needs one of ${ENGINE_PREFERENCES.join(', ')}, got ${v ?? 'nothing'}`,
          );
        }
        engine = v as EnginePreference;
        break;
      }
      case '--json':
        json = true;
        break;
      case '--map':
        map = parseMapFlag(value());
        break;
      case '--scale':
        scale = parseScaleFlag(value());
        break;
      case '--per-run':
        perRun = parsePerRunFlag(value());
        break;
      case '--series':
        series = parseSeriesFlag(value());
        break;
      case '--method': {
        const v = value();
        if (v === undefined || !findFitMethod(v))
          throw new Error(
            `--method needs one of ${fitMethodIds().join(', ')}, got ${v ?? 'nothing'}`,
          );
        method = v;
        break;
      }
      default:
        if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`);
        if (file !== undefined) throw new Error(`one FILE only (got ${file} and ${arg})`);
        file = arg;
    }
  }
  if (file === undefined) throw new Error('no FILE given');
  const mapping = mappingFromFlags({ map, scale, perRun });
  return {
    command: 'fit',
    file,
    options,
    engine,
    json,
    ...(series ? { series } : {}),
    ...(mapping ? { mapping } : {}),
    ...(method ? { method } : {}),
  };
}
