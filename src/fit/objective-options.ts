/**
 * The objective choices of an Approach-3 fit (docs/METHODS.md, "Objective choices"): the
 * residual penalty, the over-prediction penalty, per-run weights and parameters held fixed.
 * Normalises the optional FitOptions fields to concrete values, validates them, and turns them
 * into what the objective reads (row weights, a mask over the free vector, pinned starts).
 * Absent fields mean the defaults, under which every fit is bit for bit the plain Huber fit.
 */
import type { LawTheta } from '../law/law';
import type {
  DeltaRule,
  FitOptions,
  FitRun,
  FixedParams,
  ResidualLoss,
  RunWeighting,
} from './types';

/** The objective choices as concrete values. */
export interface ObjectiveChoices {
  readonly residualLoss: ResidualLoss;
  readonly deltaRule: DeltaRule;
  readonly overPenalty: number;
  readonly weighting: RunWeighting;
  readonly fixed: FixedParams;
}

/** A parameter a local fit may hold at its start's value (E through e = ln E). */
export type HeldParam = 'E' | 'alpha' | 'beta';

/**
 * The choices one local fit reads (delta and the exponent tie come with it). `hold` names
 * parameters each fit keeps at its own start's value (mask only, nothing pinned): the profile
 * fits of the identifiability map (src/fit/identifiability.ts). A held parameter that is also
 * in `fixed` keeps the start's value too.
 */
export interface ObjectiveTerms {
  readonly residualLoss?: ResidualLoss | undefined;
  readonly overPenalty?: number | undefined;
  readonly fixed?: FixedParams | undefined;
  readonly hold?: readonly HeldParam[] | undefined;
}

/** 1.4826 x the median absolute deviation estimates the standard deviation of Gaussian noise. */
export const MAD_TO_SIGMA = 1.4826;

/** Largest exponent a fixed alpha or beta may take. */
export const MAX_FIXED_EXPONENT = 3;

type ChoiceFields = Pick<
  FitOptions,
  'residualLoss' | 'deltaRule' | 'overPenalty' | 'weighting' | 'fixed'
>;

/** The concrete choices of `options` (absent fields: Huber, fixed delta, 1, none, none). */
export function objectiveOf(options: ChoiceFields): ObjectiveChoices {
  return {
    residualLoss: options.residualLoss ?? 'huber',
    deltaRule: options.deltaRule ?? { kind: 'fixed' },
    overPenalty: options.overPenalty ?? 1,
    weighting: options.weighting ?? 'none',
    fixed: options.fixed ?? {},
  };
}

/** Whether the choices are the defaults (the plain Huber fit of Hoffmann et al. 2022). */
export function isDefaultObjective(options: ChoiceFields): boolean {
  const c = objectiveOf(options);
  return (
    c.residualLoss === 'huber' &&
    c.deltaRule.kind === 'fixed' &&
    c.overPenalty === 1 &&
    c.weighting === 'none' &&
    c.fixed.E === undefined &&
    c.fixed.alpha === undefined &&
    c.fixed.beta === undefined
  );
}

/** Whether delta is chosen from the data (it needs a least-squares pilot fit first). */
export function needsPilot(options: ChoiceFields): boolean {
  const c = objectiveOf(options);
  return c.residualLoss === 'huber' && c.deltaRule.kind === 'scaled';
}

/** How many of the free parameters the fixed values take away (tied exponents count once). */
export function fixedCount(fixed: FixedParams | undefined, tieExponents: boolean): number {
  const f = fixed ?? {};
  const exponents = tieExponents
    ? f.alpha !== undefined || f.beta !== undefined
      ? 1
      : 0
    : (f.alpha !== undefined ? 1 : 0) + (f.beta !== undefined ? 1 : 0);
  return (f.E !== undefined ? 1 : 0) + exponents;
}

/** Problems with the objective choices (an empty list means they are usable). */
export function validateObjective(
  options: ChoiceFields & Pick<FitOptions, 'tieExponents'>,
): string[] {
  const errors: string[] = [];
  const c = objectiveOf(options);
  if (c.residualLoss !== 'huber' && c.residualLoss !== 'squared')
    errors.push(`residual loss must be 'huber' or 'squared', got ${String(c.residualLoss)}`);
  if (c.deltaRule.kind === 'scaled') {
    const k = c.deltaRule.constant;
    if (!(Number.isFinite(k) && k > 0))
      errors.push(`the delta constant must be a positive number, got ${k}`);
  } else if (c.deltaRule.kind !== 'fixed') {
    errors.push('the delta rule must be fixed or scaled');
  }
  if (!(Number.isFinite(c.overPenalty) && c.overPenalty > 0))
    errors.push(`the over-prediction penalty must be a positive number, got ${c.overPenalty}`);
  if (!['none', 'column', 'sqrt-compute'].includes(c.weighting))
    errors.push(`weighting must be none, column or sqrt-compute, got ${String(c.weighting)}`);
  const { E, alpha, beta } = c.fixed;
  if (E !== undefined && !(Number.isFinite(E) && E > 0))
    errors.push(`a fixed E must be a finite positive loss, got ${E}`);
  for (const [name, v] of [
    ['alpha', alpha],
    ['beta', beta],
  ] as const) {
    if (v !== undefined && !(Number.isFinite(v) && v > 0 && v <= MAX_FIXED_EXPONENT))
      errors.push(`a fixed ${name} must be a number in (0, ${MAX_FIXED_EXPONENT}], got ${v}`);
  }
  if (options.tieExponents && alpha !== undefined && beta !== undefined && alpha !== beta)
    errors.push(`with tied exponents a fixed alpha (${alpha}) and beta (${beta}) must be equal`);
  return errors;
}

/** Problems with the row weights `weighting` asks of `runs`, with 1-based run numbers. */
export function rowWeightProblems(runs: readonly FitRun[], weighting: RunWeighting): string[] {
  if (weighting !== 'column') return [];
  const errors: string[] = [];
  runs.forEach((r, i) => {
    const w = r.weight;
    if (w === undefined) errors.push(`run ${i + 1} has no weight (weighting is by column)`);
    else if (!(Number.isFinite(w) && w > 0))
      errors.push(`run ${i + 1} has weight ${w}: weights must be finite positive numbers`);
  });
  return errors.length > 5
    ? [...errors.slice(0, 5), `and ${errors.length - 5} more runs with bad weights`]
    : errors;
}

/**
 * Per-row weights of the objective, or null for none: the runs' weight column, or sqrt(6 N D)
 * normalised to mean 1. Throws an Error naming the runs whose weights are unusable.
 */
export function rowWeightsOf(
  runs: readonly FitRun[],
  weighting: RunWeighting | undefined,
): Float64Array | null {
  if (weighting === undefined || weighting === 'none') return null;
  const problems = rowWeightProblems(runs, weighting);
  if (problems.length > 0) throw new Error(problems.join('; '));
  const w =
    weighting === 'column'
      ? Float64Array.from(runs, (r) => r.weight!)
      : Float64Array.from(runs, (r) => Math.sqrt(6 * r.N * r.D));
  if (weighting === 'sqrt-compute') {
    let sum = 0;
    for (const v of w) sum += v;
    const mean = sum / w.length;
    for (let i = 0; i < w.length; i++) w[i]! /= mean;
  }
  return w;
}

/** The fixed values in centred coordinates: e = ln E, alpha, beta (tied: both from either). */
export function fixedValues(
  fixed: FixedParams | undefined,
  tieExponents: boolean,
): { readonly e?: number; readonly alpha?: number; readonly beta?: number } {
  const f = fixed ?? {};
  const alpha = tieExponents ? (f.alpha ?? f.beta) : f.alpha;
  const beta = tieExponents ? alpha : f.beta;
  return {
    ...(f.E !== undefined ? { e: Math.log(f.E) } : {}),
    ...(alpha !== undefined ? { alpha } : {}),
    ...(beta !== undefined ? { beta } : {}),
  };
}

/**
 * Bit j set: component j of the free vector is held fixed. The free vector is (a', b', e,
 * alpha, beta), or (a', b', e, alpha) with tied exponents, where fixing either exponent fixes it.
 */
export function fixedMask(fixed: FixedParams | undefined, tieExponents: boolean): number {
  const v = fixedValues(fixed, tieExponents);
  let mask = 0;
  if (v.e !== undefined) mask |= 1 << 2;
  if (v.alpha !== undefined) mask |= 1 << 3;
  if (!tieExponents && v.beta !== undefined) mask |= 1 << 4;
  return mask;
}

/**
 * Bit j set: component j of the free vector is held at the start's value (`hold`). With tied
 * exponents holding either exponent holds the shared one (bit 3).
 */
export function heldMask(hold: readonly HeldParam[] | undefined, tieExponents: boolean): number {
  let mask = 0;
  for (const p of hold ?? []) {
    if (p === 'E') mask |= 1 << 2;
    else if (p === 'alpha' || tieExponents) mask |= 1 << 3;
    else mask |= 1 << 4;
  }
  return mask;
}

/** Every component the gradient mask zeroes: the fixed ones and the held ones. */
export function gradientMask(terms: ObjectiveTerms | undefined, tieExponents: boolean): number {
  return fixedMask(terms?.fixed, tieExponents) | heldMask(terms?.hold, tieExponents);
}

/** `fixed` without the parameters in `hold` (those keep the start's value instead). */
export function fixedExceptHeld(
  fixed: FixedParams | undefined,
  hold: readonly HeldParam[] | undefined,
): FixedParams | undefined {
  if (!fixed || !hold || hold.length === 0) return fixed;
  const out: { E?: number; alpha?: number; beta?: number } = {};
  for (const k of ['E', 'alpha', 'beta'] as const) {
    if (fixed[k] !== undefined && !hold.includes(k)) out[k] = fixed[k];
  }
  return out;
}

/** `theta` with its fixed parameters set to their values (a start carries them). */
export function pinTheta(
  theta: LawTheta,
  fixed: FixedParams | undefined,
  tieExponents: boolean,
): LawTheta {
  const v = fixedValues(fixed, tieExponents);
  if (v.e === undefined && v.alpha === undefined && v.beta === undefined) return theta;
  return {
    ...theta,
    ...(v.e !== undefined ? { e: v.e } : {}),
    ...(v.alpha !== undefined ? { alpha: v.alpha } : {}),
    ...(v.beta !== undefined ? { beta: v.beta } : {}),
  };
}

function median(values: Float64Array): number {
  const s = Float64Array.from(values).sort();
  const n = s.length;
  return n % 2 === 1 ? s[(n - 1) / 2]! : 0.5 * (s[n / 2 - 1]! + s[n / 2]!);
}

/**
 * The data-chosen Huber threshold: `constant` x 1.4826 x the median absolute deviation of the
 * pilot fit's residuals (about their median). Throws when the residuals have no spread.
 */
export function scaledDelta(residuals: Float64Array, constant: number): number {
  const m = median(residuals);
  const mad = median(residuals.map((r) => Math.abs(r - m)));
  const delta = constant * MAD_TO_SIGMA * mad;
  if (!(Number.isFinite(delta) && delta > 0)) {
    throw new Error(
      'the least-squares pilot fit left residuals with no spread (MAD 0), so delta cannot be chosen from the data; set delta instead',
    );
  }
  return delta;
}

/** One sentence for the methods text on how the objective departs from the plain Huber fit. */
export function describeObjective(options: ChoiceFields & Pick<FitOptions, 'delta'>): string {
  const c = objectiveOf(options);
  const parts: string[] = [];
  if (c.residualLoss === 'squared') {
    parts.push('least squares (r^2 / 2) on the log-loss residuals');
  } else if (c.deltaRule.kind === 'scaled') {
    parts.push(
      `the Huber loss with delta chosen from the data as ${c.deltaRule.constant} x 1.4826 x the median absolute deviation of a least-squares pilot fit's residuals`,
    );
  } else {
    parts.push(`the Huber loss (delta = ${options.delta}) on the log-loss residuals`);
  }
  if (c.overPenalty !== 1)
    parts.push(`over-predictions (r > 0) penalised ${c.overPenalty} times as much`);
  if (c.weighting === 'column') parts.push('each run weighted by its weight column');
  if (c.weighting === 'sqrt-compute')
    parts.push('each run weighted by sqrt(6 N D), normalised to mean 1');
  const held: string[] = [];
  if (c.fixed.E !== undefined) held.push(`E = ${c.fixed.E}`);
  if (c.fixed.alpha !== undefined) held.push(`alpha = ${c.fixed.alpha}`);
  if (c.fixed.beta !== undefined) held.push(`beta = ${c.fixed.beta}`);
  if (held.length > 0) parts.push(`${held.join(', ')} held fixed`);
  return `The objective is ${parts.join('; ')}.`;
}
