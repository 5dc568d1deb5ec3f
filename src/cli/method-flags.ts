/**
 * The `fit` command's flags of the objective (Approach 3) and of the isoFLOP grouping
 * (Approach 2, the compute-only law), and of the method comparison; pure, so it is unit-tested.
 */
import type { IsoflopChoices } from '../fit/approach2';
import type { FitOptions, FixedParams, ResidualLoss, RunWeighting } from '../fit/types';

/** The options object of the command: Approach 3's options and the isoFLOP choices. */
export type CommandOptions = FitOptions & IsoflopChoices;

/** Usage lines of these flags. */
export const METHOD_FLAGS_USAGE = `  --loss huber|squared     Approach 3's residual loss on ln L (default huber)
  --delta-from-data C      Huber delta = C x 1.4826 MAD of a least-squares pilot fit's residuals
                           (1.345: 95% efficient under Gaussian noise)
  --over-penalty X         factor (1 or more) on the penalty of residuals that over-predict
  --weights W              run weights: none (default), column (the mapped weight column) or
                           sqrt-compute (sqrt(6ND), mean 1)
  --fix P=V,...            hold parameters fixed: E, alpha, beta (e.g. --fix E=1.69)
  --tolerance F            isoFLOP budget grouping, relative (default 0.05)
  --target loss|log-loss   what each budget's parabola fits (default loss)
  --compare-methods        fit Approach 3, Approach 2 and the compute-only law to the same runs
                           and print which to trust: the table at --budget, where intervals
                           disagree, leave-one-budget-out cross-validation, Approach 2's bias
  --budget C               the comparison's budget in FLOPs (default 1e22)
  --hold-out N             largest budgets held out in turn (default 3)`;

function positive(flag: string, text: string | undefined, min: number, max: number): number {
  const v = Number(text);
  if (text === undefined || text.trim() === '' || !Number.isFinite(v) || v < min || v > max) {
    throw new Error(`${flag} needs a number from ${min} to ${max}, got ${text ?? 'nothing'}`);
  }
  return v;
}

function oneOf<T extends string>(flag: string, text: string | undefined, choices: readonly T[]): T {
  if (text === undefined || !choices.includes(text as T))
    throw new Error(`${flag} needs one of ${choices.join(', ')}, got ${text ?? 'nothing'}`);
  return text as T;
}

const FIXED_RANGES: Record<keyof FixedParams, readonly [number, number]> = {
  E: [0, 100],
  alpha: [0, 3],
  beta: [0, 3],
};

/** `E=1.69,alpha=0.34` to fixed parameters, each in its range. */
export function parseFixFlag(text: string | undefined): FixedParams {
  if (text === undefined || text.trim() === '')
    throw new Error('--fix needs P=V pairs, e.g. --fix E=1.69,alpha=0.34');
  const out: Record<string, number> = {};
  for (const part of text.split(',')) {
    const [name, value, extra] = part.split('=').map((s) => s.trim());
    if (!name || value === undefined || extra !== undefined)
      throw new Error(`--fix: "${part}" is not P=V (P is E, alpha or beta)`);
    const range = FIXED_RANGES[name as keyof FixedParams];
    if (!range) throw new Error(`--fix: unknown parameter "${name}" (E, alpha or beta)`);
    const v = Number(value);
    if (value === '' || !(v > range[0] && v <= range[1]))
      throw new Error(
        `--fix: ${name} must be above ${range[0]} and at most ${range[1]}, got ${value}`,
      );
    if (name in out) throw new Error(`--fix: ${name} is given twice`);
    out[name] = v;
  }
  return out as FixedParams;
}

/**
 * Applies one of these flags to `options`, reading its value with `value()`; undefined when
 * `arg` is not one of them. Throws with a clear message on a bad value.
 */
export function applyMethodFlag(
  arg: string,
  value: () => string | undefined,
  options: CommandOptions,
): CommandOptions | undefined {
  switch (arg) {
    case '--loss':
      return {
        ...options,
        residualLoss: oneOf<ResidualLoss>(arg, value(), ['huber', 'squared']),
      };
    case '--delta-from-data':
      return {
        ...options,
        deltaRule: { kind: 'scaled', constant: positive(arg, value(), 1e-6, 100) },
      };
    case '--over-penalty':
      return { ...options, overPenalty: positive(arg, value(), 1, 1000) };
    case '--weights':
      return {
        ...options,
        weighting: oneOf<RunWeighting>(arg, value(), ['none', 'column', 'sqrt-compute']),
      };
    case '--fix':
      return { ...options, fixed: { ...options.fixed, ...parseFixFlag(value()) } };
    case '--tolerance':
      return { ...options, tolerance: positive(arg, value(), 0, 0.99) };
    case '--target':
      return { ...options, target: oneOf(arg, value(), ['loss', 'log-loss'] as const) };
    default:
      return undefined;
  }
}
