/**
 * Command-line parsing for `scaling-sweep frontier`; pure, so it is unit-tested. Fit options
 * (--bootstrap, --seed, --starts, --delta, --tie-exponents, --engine) are parsed by
 * {@link parseFitCommand}, so they read exactly as for `fit`.
 */
import type { EnginePreference } from '../engine/manager';
import type { FitOptions } from '../fit/types';
import { PRESET_IDS, type PresetId } from '../law/presets';
import type { ScenarioKind } from '../law/scenario';
import { kindForConstraints } from '../law/scenario-policy';
import { parseFitCommand } from './args';

/** Bootstrap replicas of `frontier --fit` unless --bootstrap says otherwise. */
export const FRONTIER_DEFAULT_BOOTSTRAP = 1000;

/** Budgets when none is given: decades 1e18 .. 1e26 FLOPs. */
export const DEFAULT_FRONTIER_BUDGETS: readonly number[] = Array.from({ length: 9 }, (_, i) =>
  Number(`1e${18 + i}`),
);

/** Where the law comes from. */
export type LawSource =
  | { readonly kind: 'preset'; readonly id: PresetId }
  | {
      readonly kind: 'fit';
      readonly file: string;
      readonly options: FitOptions;
      readonly engine: EnginePreference;
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
  readonly json: boolean;
}

/** Usage text. */
export const FRONTIER_USAGE = `usage: npm run cli -- frontier --law PRESET|--fit FILE [--budget C ...] [--unique-tokens U]
                              [--inference-tokens T] [--target-loss L] [--json] [fit options]

  --law PRESET          ${PRESET_IDS.join(', ')}
  --fit FILE            fit FILE (as \`fit\`; --bootstrap defaults to ${FRONTIER_DEFAULT_BOOTSTRAP}) and give 95% intervals
  --budget C            training FLOPs (repeatable; default the decades 1e18 .. 1e26)
  --unique-tokens U     data-constrained optimum with U unique tokens (Muennighoff et al. 2023)
  --inference-tokens T  T inference tokens: the budget covers 6ND + 2NT (Sardana et al. 2023);
                        with --unique-tokens, both constraints at once
  --target-loss L       least compute that reaches L (with --inference-tokens: least total FLOPs)
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

const FIT_FLAGS_WITH_VALUE = new Set(['--bootstrap', '--seed', '--starts', '--delta', '--engine']);

/** Parses argv (without node and the script); throws an Error with a clear message on bad input. */
export function parseFrontierCommand(argv: readonly string[]): FrontierCommand {
  const [command, ...rest] = argv;
  if (command !== 'frontier')
    throw new Error(command ? `unknown command '${command}'` : 'no command given');
  let preset: string | undefined;
  let file: string | undefined;
  const budgets: number[] = [];
  const fitFlags: string[] = [];
  let uniqueTokens: number | undefined;
  let inferenceTokens: number | undefined;
  let targetLoss: number | undefined;
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
        preset = value() ?? '';
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
  if ((preset === undefined) === (file === undefined))
    throw new Error('give one of --law PRESET or --fit FILE');
  if (preset !== undefined && !PRESET_IDS.includes(preset as PresetId))
    throw new Error(`--law needs one of ${PRESET_IDS.join(', ')}, got ${preset || 'nothing'}`);
  if (preset !== undefined && fitFlags.length > 0)
    throw new Error(`${fitFlags[0]} applies to --fit only`);
  const kind = frontierKind({ uniqueTokens, inferenceTokens, targetLoss });
  if (!kind.ok)
    throw new Error(`--unique-tokens cannot be combined with --target-loss: ${kind.reason}`);
  if (targetLoss !== undefined && budgets.length > 0)
    throw new Error('--target-loss finds the budget itself: do not combine it with --budget');
  let law: LawSource;
  if (file !== undefined) {
    const fit = parseFitCommand([
      'fit',
      file,
      '--bootstrap',
      String(FRONTIER_DEFAULT_BOOTSTRAP),
      ...fitFlags,
    ]);
    law = { kind: 'fit', file, options: fit.options, engine: fit.engine };
  } else {
    law = { kind: 'preset', id: preset as PresetId };
  }
  return {
    command: 'frontier',
    law,
    kind: kind.kind,
    budgets:
      targetLoss !== undefined ? [] : budgets.length > 0 ? budgets : DEFAULT_FRONTIER_BUDGETS,
    ...(uniqueTokens === undefined ? {} : { uniqueTokens }),
    ...(inferenceTokens === undefined ? {} : { inferenceTokens }),
    ...(targetLoss === undefined ? {} : { targetLoss }),
    json,
  };
}
