/**
 * Command-line parsing for `scaling-sweep frontier`; pure, so it is unit-tested. Fit options
 * (--bootstrap, --seed, --starts, --delta, --tie-exponents, --engine, --threads) are parsed by
 * {@link parseFitCommand}, so they read exactly as for `fit`.
 */
import type { EnginePreference } from '../engine/manager';
import type { FitOptions } from '../fit/types';
import type { ScalingLaw } from '../law/law';
import { PRESET_IDS, type PresetId } from '../law/presets';
import type { ScenarioKind } from '../law/scenario';
import { kindForConstraints } from '../law/scenario-policy';
import { parseFitCommand } from './args';
import { type LawArgument, parseLawArgument } from './law-flag';

/** Bootstrap replicas of `frontier --fit` unless --bootstrap says otherwise. */
export const FRONTIER_DEFAULT_BOOTSTRAP = 1000;

/** Budgets when none is given: decades 1e18 .. 1e26 FLOPs. */
export const DEFAULT_FRONTIER_BUDGETS: readonly number[] = Array.from({ length: 9 }, (_, i) =>
  Number(`1e${18 + i}`),
);

/** Where the law comes from. */
export type LawSource =
  | { readonly kind: 'preset'; readonly id: PresetId }
  | { readonly kind: 'typed'; readonly law: ScalingLaw }
  | {
      readonly kind: 'fit';
      readonly file: string;
      readonly options: FitOptions;
      readonly engine: EnginePreference;
      /** CPU engine threads asked for (--threads); absent: one per core. */
      readonly threads?: number;
    };

/** What the user asked for. */
export interface FrontierCommand {
  readonly command: 'frontier';
  readonly law: LawSource;
  /** The scenario kind the constraints select (see {@link frontierKind}). */
  readonly kind: ScenarioKind;
  /** Budgets to solve at; empty for a target loss (the solver finds the budget). */
  readonly budgets: readonly number[];
  readonly uniqueTokens?: number;
  readonly inferenceTokens?: number;
  readonly targetLoss?: number;
  /**
   * --target-quality: a model size N whose compute-optimal loss under the law becomes the
   * target loss (resolved once the law is known, see src/law/target-quality.ts).
   */
  readonly targetQuality?: number;
  readonly json: boolean;
}

/** Usage text. */
export const FRONTIER_USAGE = `usage: scaling-sweep frontier --law PRESET|--law E=..,A=..,B=..,alpha=..,beta=..|--fit FILE
                              [--budget C ...] [--unique-tokens U] [--inference-tokens T]
                              [--target-loss L | --target-quality N] [--json] [fit options]

Solves the optimal model size N and tokens D per budget under the law and the constraints.

  --law PRESET          a published law: ${PRESET_IDS.join(', ')}
  --law E=..,A=..,B=..,alpha=..,beta=..
                        a typed law: all five constants, each a positive number
  --fit FILE            fit FILE (as \`fit\`; --bootstrap defaults to ${FRONTIER_DEFAULT_BOOTSTRAP}) and give 95% intervals;
                        the fit options --bootstrap, --seed, --starts, --delta, --tie-exponents,
                        --engine and --threads read as for \`fit\`
  --budget C            FLOPs (repeatable; default the decades 1e18 .. 1e26): training FLOPs, or
                        with --inference-tokens the total of training and inference
  --unique-tokens U     data-constrained optimum with U unique tokens (Muennighoff et al. 2023)
  --inference-tokens T  T inference tokens: the budget covers 6ND + 2NT (Sardana et al. 2023);
                        with --unique-tokens, both constraints at once
  --target-loss L       least compute that reaches L (with --inference-tokens: least total FLOPs)
  --target-quality N    the target loss is that of a compute-optimal N-parameter model under the
                        law (as Sardana et al. 2023 state their examples); N like 7e9
  --json                print one JSON object instead of a table`;

/** The scenario kind for a set of constraints, or why they cannot be combined (the policy). */
export function frontierKind(c: {
  uniqueTokens?: number | undefined;
  inferenceTokens?: number | undefined;
  targetLoss?: number | undefined;
}): ReturnType<typeof kindForConstraints> {
  return kindForConstraints({
    U: c.uniqueTokens !== undefined,
    Dinf: c.inferenceTokens !== undefined,
    targetLoss: c.targetLoss !== undefined,
  });
}

function number(flag: string, text: string | undefined): number {
  const v = Number(text);
  if (text === undefined || text.trim() === '' || !Number.isFinite(v))
    throw new Error(`${flag} needs a number, got ${text ?? 'nothing'}`);
  return v;
}

const FIT_FLAGS_WITH_VALUE = new Set([
  '--bootstrap',
  '--seed',
  '--starts',
  '--delta',
  '--engine',
  '--threads',
]);

/** Parses argv (without node and the script); throws an Error with a clear message on bad input. */
export function parseFrontierCommand(argv: readonly string[]): FrontierCommand {
  const [command, ...rest] = argv;
  if (command !== 'frontier')
    throw new Error(command ? `unknown command '${command}'` : 'no command given');
  let lawArg: LawArgument | undefined;
  let lawGiven = false;
  let file: string | undefined;
  const budgets: number[] = [];
  const fitFlags: string[] = [];
  let uniqueTokens: number | undefined;
  let inferenceTokens: number | undefined;
  let targetLoss: number | undefined;
  let targetQuality: number | undefined;
  let json = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const value = () => rest[++i];
    if (FIT_FLAGS_WITH_VALUE.has(arg)) {
      fitFlags.push(arg, value() ?? '');
      continue;
    }
    switch (arg) {
      case '--law':
        if (lawGiven) throw new Error('give --law once');
        lawGiven = true;
        lawArg = parseLawArgument(value());
        break;
      case '--fit':
        file = value();
        if (file === undefined) throw new Error('--fit needs a FILE');
        break;
      case '--budget':
        budgets.push(number(arg, value()));
        break;
      case '--unique-tokens':
        uniqueTokens = number(arg, value());
        break;
      case '--inference-tokens':
        inferenceTokens = number(arg, value());
        break;
      case '--target-loss':
        targetLoss = number(arg, value());
        break;
      case '--target-quality':
        targetQuality = number(arg, value());
        if (!(targetQuality > 0))
          throw new Error(
            `--target-quality needs a positive model size N (parameters), got ${targetQuality}`,
          );
        break;
      case '--tie-exponents':
        fitFlags.push(arg);
        break;
      case '--json':
        json = true;
        break;
      default:
        throw new Error(
          arg.startsWith('--') ? `unknown option ${arg}` : `unexpected argument ${arg}`,
        );
    }
  }
  if (lawGiven === (file !== undefined))
    throw new Error(
      'give one of --law PRESET, --law E=..,A=..,B=..,alpha=..,beta=.. or --fit FILE',
    );
  if (lawArg !== undefined && fitFlags.length > 0)
    throw new Error(`${fitFlags[0]} applies to --fit only`);
  if (targetLoss !== undefined && targetQuality !== undefined)
    throw new Error('give one of --target-loss or --target-quality, not both');
  const targetFlag = targetQuality !== undefined ? '--target-quality' : '--target-loss';
  const hasTarget = targetLoss !== undefined || targetQuality !== undefined;
  // A target quality is a target loss once the law is known: the same kind and the same rules.
  const kind = frontierKind({
    uniqueTokens,
    inferenceTokens,
    targetLoss: hasTarget ? (targetLoss ?? 0) : undefined,
  });
  if (!kind.ok)
    throw new Error(`--unique-tokens cannot be combined with ${targetFlag}: ${kind.reason}`);
  if (hasTarget && budgets.length > 0)
    throw new Error(`${targetFlag} finds the budget itself: do not combine it with --budget`);
  let law: LawSource;
  if (file !== undefined) {
    const fit = parseFitCommand([
      'fit',
      file,
      '--bootstrap',
      String(FRONTIER_DEFAULT_BOOTSTRAP),
      ...fitFlags,
    ]);
    law = {
      kind: 'fit',
      file,
      options: fit.options,
      engine: fit.engine,
      ...(fit.threads === undefined ? {} : { threads: fit.threads }),
    };
  } else {
    law = lawArg!;
  }
  return {
    command: 'frontier',
    law,
    kind: kind.kind,
    budgets: hasTarget ? [] : budgets.length > 0 ? budgets : DEFAULT_FRONTIER_BUDGETS,
    ...(uniqueTokens === undefined ? {} : { uniqueTokens }),
    ...(inferenceTokens === undefined ? {} : { inferenceTokens }),
    ...(targetLoss === undefined ? {} : { targetLoss }),
    ...(targetQuality === undefined ? {} : { targetQuality }),
    json,
  };
}
