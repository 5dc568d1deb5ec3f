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
import { DEFAULT_FIT_OPTIONS, type StartStrategy } from '../fit/types';
import { type LawArgument, parseLawArgument } from './law-flag';
import { applyMethodFlag, type CommandOptions, METHOD_FLAGS_USAGE } from './method-flags';

/** What the user asked for. */
export interface FitCommand {
  readonly command: 'fit';
  readonly file: string;
  readonly options: CommandOptions;
  readonly engine: EnginePreference;
  readonly json: boolean;
  /** The column mapping from --map, --scale and --per-run; undefined: headers matched by name. */
  readonly mapping?: ColumnMapping;
  /** The series to fit (--series); absent: every series. */
  readonly series?: readonly string[];
  /** The fit method's id (--method); absent: the default method. */
  readonly method?: string;
  /** CPU engine threads asked for (--threads); absent: one per core. */
  readonly threads?: number;
  /** A law to test against the fit (--test-law); absent: no test. */
  readonly testLaw?: LawArgument;
  /** Compare the three methods (--compare-methods) at this budget, holding out this many. */
  readonly compareMethods?: { readonly budget: number; readonly holdOut: number };
}

/** Usage text. */
export const USAGE = `usage: scaling-sweep fit FILE [--bootstrap K] [--seed S] [--starts grid|N]
                         [--delta X] [--tie-exponents] [--engine auto|gpu|cpu] [--threads N]
                         [--json] [--map FIELD=COLUMN,...] [--scale N=X,D=Y]
                         [--per-run last-step|min-loss] [--series NAME,...] [--method ID]
                         [--test-law PRESET|E=...,A=...,B=...,alpha=...,beta=...]
                         [--loss huber|squared] [--delta-from-data C] [--over-penalty X]
                         [--weights none|column|sqrt-compute] [--fix P=V,...]
                         [--tolerance F] [--target loss|log-loss]
                         [--compare-methods [--budget C] [--hold-out N]]

Fits the scaling law to the runs in FILE and prints the estimates with bootstrap intervals.

  FILE               CSV with columns params|N, tokens|D (or flops|C), loss|L [, group|run]
  --bootstrap K      bootstrap replicas (default ${DEFAULT_FIT_OPTIONS.bootstrap}; 0 for none; at most ${FIT_LIMITS.maxBootstrap})
  --seed S           seed of random starts and resampling (default ${DEFAULT_FIT_OPTIONS.seed})
  --starts grid|N    the 4,500-start Hoffmann grid (default) or N random starts
  --delta X          Huber delta on log-loss residuals (default ${DEFAULT_FIT_OPTIONS.delta})
  --tie-exponents    fit alpha = beta
  --engine E         auto (fits never on a software adapter), gpu, or cpu (default auto)
  --threads N        CPU engine threads, 1 to this machine's cores (default: every core; more
                     than the cores is clamped to them, with a note)
  --json             print one JSON object instead of a table
  --map F=COL,...    take fields from these columns (F: N, D, C, loss, group, series, weight, step),
                     e.g. --map N=params_total,D=tokens,loss=eval/bpb
  --scale N=X,D=Y    unit multipliers for N and D (N=1e6: parameters given in millions)
  --per-run R        with a step or group column: all (default), last-step or min-loss
  --series A,B       fit only these series (default: every series)
  --method ID        the fit method: ${fitMethodIds().join(', ')} (default ${DEFAULT_FIT_METHOD})
  --test-law LAW     Approach 3 only: Wald chi-squared test of LAW (a preset or typed constants)
                     on the bootstrap covariance, and an LR test of tied exponents (one more fit)
${METHOD_FLAGS_USAGE}`;

/** The value of `--engine`: one of the engine preferences, else a message listing them. */
export function engineFlag(text: string | undefined): EnginePreference {
  if (!ENGINE_PREFERENCES.includes(text as EnginePreference))
    throw new Error(
      `--engine needs one of ${ENGINE_PREFERENCES.join(', ')}, got ${text ?? 'nothing'}`,
    );
  return text as EnginePreference;
}

/** The value of `--starts`: `grid` (the Hoffmann grid) or a number of random starts. */
export function startsFlag(flag: string, text: string | undefined): StartStrategy {
  return text === 'grid'
    ? { kind: 'grid' }
    : { kind: 'random', count: wholeNumber(flag, text, 1, FIT_LIMITS.maxRandomStarts) };
}

/** The value of `--threads`: a whole number, 1 or more (clamped to the cores later, with a note). */
export function threadsFlag(flag: string, text: string | undefined): number {
  return wholeNumber(flag, text, 1, Number.MAX_SAFE_INTEGER, 'a whole number, 1 or more');
}

/** The whole number `text` of `flag` in [min, max]; throws with the flag's message otherwise. */
export function wholeNumber(
  flag: string,
  text: string | undefined,
  min: number,
  max: number,
  what = `a whole number from ${min} to ${max}`,
): number {
  const v = Number(text);
  if (text === undefined || !/^\d+$/.test(text) || !Number.isSafeInteger(v) || v < min || v > max) {
    throw new Error(`${flag} needs ${what}, got ${text ?? 'nothing'}`);
  }
  return v;
}

/** Parses argv (without node and the script); throws an Error with a clear message on bad input. */
export function parseFitCommand(argv: readonly string[]): FitCommand {
  const [command, ...rest] = argv;
  if (command !== 'fit')
    throw new Error(command ? `unknown command '${command}'` : 'no command given');
  let file: string | undefined;
  let options: CommandOptions = DEFAULT_FIT_OPTIONS;
  let compare = false;
  let budget = 1e22;
  let holdOut = 3;
  let engine: EnginePreference = 'auto';
  let json = false;
  let map: ReturnType<typeof parseMapFlag> | undefined;
  let scale: ColumnMapping['scale'] | undefined;
  let perRun: PerRun | undefined;
  let series: string[] | undefined;
  let method: string | undefined;
  let threads: number | undefined;
  let testLaw: LawArgument | undefined;
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
      case '--starts':
        options = { ...options, starts: startsFlag(arg, value()) };
        break;
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
      case '--engine':
        engine = engineFlag(value());
        break;
      case '--threads':
        threads = threadsFlag(arg, value());
        break;
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
      case '--test-law':
        try {
          testLaw = parseLawArgument(value());
        } catch (e) {
          throw new Error((e as Error).message.replaceAll('--law', '--test-law'));
        }
        break;
      case '--compare-methods':
        compare = true;
        break;
      case '--budget': {
        const text = value();
        const v = Number(text);
        if (text === undefined || !(v > 0 && Number.isFinite(v)))
          throw new Error(
            `--budget needs a positive number of FLOPs, e.g. 1e22, got ${text ?? 'nothing'}`,
          );
        budget = v;
        break;
      }
      case '--hold-out':
        holdOut = wholeNumber(arg, value(), 1, 20);
        break;
      default: {
        const next = applyMethodFlag(arg, value, options);
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
  if (testLaw && (method ?? DEFAULT_FIT_METHOD) !== 'approach3')
    throw new Error('--test-law needs --method approach3');
  if (compare && (method !== undefined || testLaw))
    throw new Error('--compare-methods fits every method: leave out --method and --test-law');
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
    ...(threads === undefined ? {} : { threads }),
    ...(testLaw ? { testLaw } : {}),
    ...(compare ? { compareMethods: { budget, holdOut } } : {}),
  };
}
