/**
 * Command-line parsing for `scaling-sweep compare FILE --series COLUMN --reference NAME …`;
 * pure, so it is unit-tested.
 */
import type { EnginePreference } from '../engine/manager';
import { SHARED_PARAMS, type SharedParam } from '../fit/joint-objective';
import { FIT_LIMITS } from '../fit/run-fit';
import { DEFAULT_FIT_OPTIONS } from '../fit/types';
import { engineFlag, startsFlag, threadsFlag, wholeNumber } from './args';
import type { CommandOptions } from './method-flags';

/** The methods whose fits give loss curves to compare. */
export const COMPARE_METHODS = ['approach3', 'compute-only'] as const;
export type CompareMethod = (typeof COMPARE_METHODS)[number];

/** What the user asked `compare` for. */
export interface CompareCommand {
  readonly command: 'compare';
  readonly file: string;
  /** The column that names each run's series (recipe). */
  readonly seriesColumn: string;
  readonly reference: string;
  /** Budgets in FLOPs (--budget); empty: from the data. */
  readonly budgets: readonly number[];
  readonly method: CompareMethod;
  /** Parameters a joint fit shares (--shared); empty: no joint fit. */
  readonly shared: readonly SharedParam[];
  readonly options: CommandOptions;
  readonly engine: EnginePreference;
  readonly threads?: number;
  readonly json: boolean;
}

/** Usage text of `compare`. */
export const COMPARE_USAGE = `usage: scaling-sweep compare FILE --series COLUMN --reference NAME [--budget C ...]
                         [--method approach3|compute-only] [--shared E,alpha,beta]
                         [--bootstrap K] [--seed S] [--starts grid|N]
                         [--engine auto|gpu|cpu] [--threads N] [--json]

Compares recipes: fits each series of FILE on its own and says how much compute the reference
needs to match each other series, m(C) = C_ref(L*_X(C)) / C, with paired bootstrap intervals.

  FILE               CSV with columns params|N, tokens|D, loss|L and a series column
  --series COLUMN    the column that names each run's series (recipe, data mix)
  --reference NAME   the series the others are compared with
  --budget C         a budget in FLOPs (repeat, or C1,C2; default: a decade below to two
                     decades above the runs' compute)
  --method ID        approach3 (default) or compute-only (the law through the isoFLOP minima)
  --shared P,...     also fit the series jointly with these parameters in common (of
                     ${SHARED_PARAMS.join(', ')}; approach3 only), with the likelihood-ratio test
                     against separate fits; E,alpha,beta gives one multiplier at every budget
  --bootstrap K      bootstrap replicas per series (default ${DEFAULT_FIT_OPTIONS.bootstrap}; 0 for none)
  --seed S           seed of random starts and resampling (default ${DEFAULT_FIT_OPTIONS.seed})
  --starts grid|N    the 4,500-start Hoffmann grid (default) or N random starts
  --engine E         auto (fits never on a software adapter), gpu, or cpu (default auto)
  --threads N        CPU engine threads, 1 to this machine's cores (default: every core)
  --json             print one JSON object instead of tables`;

function budgetList(text: string | undefined): number[] {
  const parts = (text ?? '').split(',').map((s) => s.trim());
  if (text === undefined || parts.some((p) => p === '')) {
    throw new Error(`--budget needs a number of FLOPs, e.g. 1e20, got ${text ?? 'nothing'}`);
  }
  return parts.map((p) => {
    const v = Number(p);
    if (!(v > 0 && Number.isFinite(v)))
      throw new Error(`--budget needs a positive number of FLOPs, e.g. 1e20, got ${p}`);
    return v;
  });
}

/** `E,alpha,beta` to shared parameters in canonical order; throws naming an unknown one. */
export function parseSharedFlag(text: string | undefined): SharedParam[] {
  const names = (text ?? '').split(',').map((s) => s.trim());
  if (text === undefined || names.some((n) => n === ''))
    throw new Error(
      `--shared needs P[,P...] of ${SHARED_PARAMS.join(', ')}, got ${text ?? 'nothing'}`,
    );
  const unknown = names.filter((n) => !(SHARED_PARAMS as readonly string[]).includes(n));
  if (unknown.length > 0)
    throw new Error(
      `--shared: unknown parameter ${unknown.join(', ')} (choose from ${SHARED_PARAMS.join(', ')})`,
    );
  const shared = SHARED_PARAMS.filter((p) => names.includes(p));
  if (shared.length === SHARED_PARAMS.length)
    throw new Error('--shared: sharing every parameter leaves nothing to compare; leave one free');
  return shared;
}

function required(flag: string, v: string | undefined): string {
  if (v === undefined || v.trim() === '' || v.startsWith('--'))
    throw new Error(`${flag} needs a value, got ${v ?? 'nothing'}`);
  return v;
}

/** Parses argv (without node and the script); throws an Error with a clear message on bad input. */
export function parseCompareCommand(argv: readonly string[]): CompareCommand {
  const [command, ...rest] = argv;
  if (command !== 'compare')
    throw new Error(command ? `unknown command '${command}'` : 'no command given');
  let file: string | undefined;
  let seriesColumn: string | undefined;
  let reference: string | undefined;
  const budgets: number[] = [];
  let method: CompareMethod = 'approach3';
  let shared: SharedParam[] = [];
  let options: CommandOptions = DEFAULT_FIT_OPTIONS;
  let engine: EnginePreference = 'auto';
  let threads: number | undefined;
  let json = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const value = () => rest[++i];
    switch (arg) {
      case '--series':
        seriesColumn = required(arg, value()).trim();
        break;
      case '--reference':
        reference = required(arg, value());
        break;
      case '--budget':
        budgets.push(...budgetList(value()));
        break;
      case '--method': {
        const v = value();
        if (!(COMPARE_METHODS as readonly (string | undefined)[]).includes(v))
          throw new Error(
            `--method needs one of ${COMPARE_METHODS.join(', ')} (a method that fits a loss curve), got ${v ?? 'nothing'}`,
          );
        method = v as CompareMethod;
        break;
      }
      case '--shared':
        shared = parseSharedFlag(value());
        break;
      case '--bootstrap':
        options = { ...options, bootstrap: wholeNumber(arg, value(), 0, FIT_LIMITS.maxBootstrap) };
        break;
      case '--seed':
        options = { ...options, seed: wholeNumber(arg, value(), 0, 0xffffffff) };
        break;
      case '--starts':
        options = { ...options, starts: startsFlag(arg, value()) };
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
      default:
        if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`);
        if (file !== undefined) throw new Error(`one FILE only (got ${file} and ${arg})`);
        file = arg;
    }
  }
  if (file === undefined) throw new Error('no FILE given');
  if (seriesColumn === undefined)
    throw new Error("--series COLUMN is required: name the column that holds each run's series");
  if (reference === undefined)
    throw new Error('--reference NAME is required: the series the others are compared with');
  if (shared.length > 0 && method !== 'approach3')
    throw new Error('--shared fits jointly with Approach 3: leave out --method compute-only');
  return {
    command: 'compare',
    file,
    seriesColumn,
    reference,
    budgets,
    method,
    shared,
    options,
    engine,
    ...(threads === undefined ? {} : { threads }),
    json,
  };
}
