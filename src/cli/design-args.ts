/**
 * Command-line parsing for `scaling-sweep design FILE --target T --budget-flops C …`; pure, so
 * it is unit-tested.
 */
import type { EnginePreference } from '../engine/manager';
import { type DesignTarget, MAX_CANDIDATE_SIDE } from '../fit/design';
import { type CandidateSpec, parseCandidates, parseDesignTarget } from '../fit/design-spec';
import { FIT_LIMITS } from '../fit/run-fit';
import { DEFAULT_FIT_OPTIONS, type FitOptions } from '../fit/types';
import { engineFlag, startsFlag, threadsFlag, wholeNumber } from './args';

/** What the user asked `design` for. */
export interface DesignCommand {
  readonly command: 'design';
  readonly file: string;
  readonly target: DesignTarget;
  /** The target as typed, e.g. `nopt@1e24`. */
  readonly targetText: string;
  /** Compute for the new runs, in FLOPs. */
  readonly budgetFlops: number;
  readonly candidates: CandidateSpec | null;
  /** Cells per side of the candidate grid. */
  readonly grid: number;
  /** Sizes on the classic plan's isoFLOP curve. */
  readonly classicK: number;
  /** At most this many runs in the designer's (and the random) batch. */
  readonly maxRuns: number;
  /** Simulated data sets per plan (0: no simulation check). */
  readonly simulate: number;
  /** Bootstrap replicas of each refit of the simulation check. */
  readonly bootstrap: number;
  readonly seed: number;
  readonly starts: FitOptions['starts'];
  readonly engine: EnginePreference;
  readonly threads?: number;
  readonly json: boolean;
  /** Write the designer's plan as CSV to this file. */
  readonly csv?: string;
}

/** Default cells per side of the candidate grid. */
export const DEFAULT_DESIGN_GRID = 256;

/** Usage text of `design`. */
export const DESIGN_USAGE = `usage: scaling-sweep design FILE --target T --budget-flops C
                         [--candidates N=LO:HI,D=LO:HI | C=LO:HI[,N=LO:HI][,k=ROWS]]
                         [--grid G] [--classic-k K] [--max-runs M] [--simulate R]
                         [--bootstrap K] [--seed S] [--starts grid|N]
                         [--engine auto|gpu|cpu] [--threads N] [--csv OUT] [--json]

Plans the next training runs: fits FILE (Approach 3), then picks the runs that shrink the
linearised variance of the target most per FLOP (greedy), beside the classic plan of equal cost
(one new isoFLOP curve), with the target's predicted standard error before and after each.

  FILE               CSV with columns params|N, tokens|D, loss|L
  --target T         nopt@C (ln N_opt at C FLOPs), dopt@C (ln D_opt), a (the exponent of N_opt),
                     or loss@N,D (ln L of a planned run)
  --budget-flops C   compute for the new runs, in FLOPs (e.g. 5e21)
  --candidates R     the region the runs are picked from: N=LO:HI,D=LO:HI (sizes x tokens), or
                     C=LO:HI (budgets; D = C / (6 N)) with N=LO:HI (default: N_opt(C) / 8 to
                     8 N_opt(C) under the fit) and k=ROWS budgets (default G); default
                     N and D from the smallest run's to 10 x the largest run's
  --grid G           cells per side of the candidate grid, 1 to ${MAX_CANDIDATE_SIDE} (default ${DEFAULT_DESIGN_GRID})
  --classic-k K      sizes on the classic plan's isoFLOP curve (default 5)
  --max-runs M       at most M runs in the designer's batch (default 64); it stops earlier when
                     no cell fits the budget left
  --simulate R       check the plans by simulation: R simulated data sets per plan, each refitted
                     with the bootstrap (default 0: no check; slow, about R x 3 fits)
  --bootstrap K      bootstrap replicas of each refit of the check (default 100)
  --seed S           seed of the fit's starts, the random plan and the simulation (default ${DEFAULT_FIT_OPTIONS.seed})
  --starts grid|N    the 4,500-start Hoffmann grid (default) or N random starts
  --engine E         auto, gpu or cpu: where the fit and the candidate map run (default auto)
  --threads N        CPU engine threads, 1 to this machine's cores (default: every core)
  --csv OUT          also write the designer's plan to OUT (columns budget_flops,N,D,flops,name)
  --json             print one JSON object instead of tables`;

function required(flag: string, v: string | undefined): string {
  if (v === undefined || v.trim() === '' || v.startsWith('--'))
    throw new Error(`${flag} needs a value, got ${v ?? 'nothing'}`);
  return v;
}

/** Parses argv (without node and the script); throws an Error with a clear message on bad input. */
export function parseDesignCommand(argv: readonly string[]): DesignCommand {
  const [command, ...rest] = argv;
  if (command !== 'design')
    throw new Error(command ? `unknown command '${command}'` : 'no command given');
  let file: string | undefined;
  let targetText: string | undefined;
  let target: DesignTarget | undefined;
  let budgetFlops: number | undefined;
  let candidates: CandidateSpec | null = null;
  let grid = DEFAULT_DESIGN_GRID;
  let classicK = 5;
  let maxRuns = 64;
  let simulate = 0;
  let bootstrap = 100;
  let seed = DEFAULT_FIT_OPTIONS.seed;
  let starts: FitOptions['starts'] = DEFAULT_FIT_OPTIONS.starts;
  let engine: EnginePreference = 'auto';
  let threads: number | undefined;
  let json = false;
  let csv: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const value = () => rest[++i];
    switch (arg) {
      case '--target':
        targetText = required(arg, value());
        target = parseDesignTarget(targetText);
        break;
      case '--budget-flops': {
        const v = required(arg, value());
        budgetFlops = Number(v);
        if (!(budgetFlops > 0) || !Number.isFinite(budgetFlops))
          throw new Error(
            `--budget-flops needs a finite number of FLOPs above 0 for the new runs, got ${v}`,
          );
        break;
      }
      case '--candidates':
        candidates = parseCandidates(required(arg, value()));
        break;
      case '--grid':
        grid = wholeNumber(arg, value(), 1, MAX_CANDIDATE_SIDE);
        break;
      case '--classic-k':
        classicK = wholeNumber(arg, value(), 1, 64);
        break;
      case '--max-runs':
        maxRuns = wholeNumber(arg, value(), 1, 4096);
        break;
      case '--simulate':
        simulate = wholeNumber(arg, value(), 0, 10_000);
        break;
      case '--bootstrap':
        bootstrap = wholeNumber(arg, value(), 2, FIT_LIMITS.maxBootstrap);
        break;
      case '--seed':
        seed = wholeNumber(arg, value(), 0, 0xffffffff);
        break;
      case '--starts':
        starts = startsFlag(arg, value());
        break;
      case '--engine':
        engine = engineFlag(value());
        break;
      case '--threads':
        threads = threadsFlag(arg, value());
        break;
      case '--csv':
        csv = required(arg, value());
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
  if (target === undefined || targetText === undefined)
    throw new Error('--target T is required: nopt@C, dopt@C, a or loss@N,D');
  if (budgetFlops === undefined)
    throw new Error('--budget-flops C is required: the compute for the new runs, in FLOPs');
  return {
    command: 'design',
    file,
    target,
    targetText,
    budgetFlops,
    candidates,
    grid,
    classicK,
    maxRuns,
    simulate,
    bootstrap,
    seed,
    starts,
    engine,
    ...(threads === undefined ? {} : { threads }),
    json,
    ...(csv === undefined ? {} : { csv }),
  };
}
