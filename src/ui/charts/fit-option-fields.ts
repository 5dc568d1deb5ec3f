/**
 * The Fit view's option fields as text, and their parsing into FitOptions with one message per
 * bad field. Pure, no DOM: the component keeps drafts and sends options only when all parse.
 */
import type { IsoflopChoices } from '../../fit/approach2';
import { FIT_LIMITS } from '../../fit/run-fit';
import type { FitOptions, FixedParams } from '../../fit/types';
import { parseNumber } from './format';

/** Text fields of the options form. */
export type OptionField =
  | 'randomStarts'
  | 'bootstrap'
  | 'seed'
  | 'delta'
  | 'deltaConstant'
  | 'overPenalty'
  | 'fixE'
  | 'fixAlpha'
  | 'fixBeta'
  | 'tolerance';

/** The one options object of the form: Approach 3's options and the isoFLOP choices. */
export type FormOptions = FitOptions & IsoflopChoices;

/** The constant of the data-chosen delta the form offers first (95% efficiency). */
export const DEFAULT_DELTA_CONSTANT = 1.345;

/** The default grouping tolerance of the form, as a fraction. */
const DEFAULT_TOLERANCE = 0.05;

const fixedText = (v: number | undefined) => (v === undefined ? '' : String(v));

/** Largest bootstrap K the form accepts. */
export const MAX_BOOTSTRAP = Math.min(100_000, FIT_LIMITS.maxBootstrap);

/** The text each field shows for `options`. */
export function optionTexts(options: FormOptions): Record<OptionField, string> {
  const rule = options.deltaRule;
  return {
    randomStarts: String(options.starts.kind === 'random' ? options.starts.count : 256),
    bootstrap: String(options.bootstrap),
    seed: String(options.seed),
    delta: String(options.delta),
    deltaConstant: String(rule?.kind === 'scaled' ? rule.constant : DEFAULT_DELTA_CONSTANT),
    overPenalty: String(options.overPenalty ?? 1),
    fixE: fixedText(options.fixed?.E),
    fixAlpha: fixedText(options.fixed?.alpha),
    fixBeta: fixedText(options.fixed?.beta),
    tolerance: String(+((options.tolerance ?? DEFAULT_TOLERANCE) * 100).toPrecision(6)),
  };
}

/** An optional fixed value: blank is free, else a number in (lo, hi], or a message. */
function parseFixed(
  text: string,
  lo: number,
  hi: number,
  what: string,
): number | undefined | string {
  if (text.trim() === '') return undefined;
  const v = parseNumber(text);
  if (!(v > lo && v <= hi))
    return `${what} must be blank (fitted) or a number above ${lo} and at most ${hi}`;
  return v;
}

/** A whole number from `min` to `max` typed with optional thousands separators, or a message. */
export function parseWhole(text: string, min: number, max: number, what: string): number | string {
  const cleaned = text.trim().replace(/[_,\s](?=\d{3}\b)/g, '');
  const v = parseNumber(cleaned);
  if (!Number.isInteger(v) || v < min || v > max) {
    return `${what} must be a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}`;
  }
  return v;
}

/**
 * Options from `base` with the typed `texts` and the random-starts switch applied, or the
 * messages of the fields that do not parse.
 */
export function parseOptionTexts(
  base: FormOptions,
  texts: Record<OptionField, string>,
  randomStarts: boolean,
): { options: FormOptions } | { issues: Partial<Record<OptionField, string>> } {
  const issues: Partial<Record<OptionField, string>> = {};
  const count = parseWhole(texts.randomStarts, 1, FIT_LIMITS.maxRandomStarts, 'Random starts');
  const bootstrap = parseWhole(texts.bootstrap, 0, MAX_BOOTSTRAP, 'Bootstrap K');
  const seed = parseWhole(texts.seed, 0, 0xffffffff, 'Seed');
  const delta = parseNumber(texts.delta);
  if (randomStarts && typeof count === 'string') issues.randomStarts = count;
  if (typeof bootstrap === 'string') issues.bootstrap = bootstrap;
  if (typeof seed === 'string') issues.seed = seed;
  if (!(delta > 0 && delta <= 10)) issues.delta = 'Huber δ must be a positive number (at most 10)';
  const constant = parseNumber(texts.deltaConstant);
  if (base.deltaRule?.kind === 'scaled' && !(constant > 0 && constant <= 100))
    issues.deltaConstant = 'the δ constant must be a positive number (at most 100)';
  const overPenalty = parseNumber(texts.overPenalty);
  if (!(overPenalty >= 1 && overPenalty <= 1000))
    issues.overPenalty = 'the over-prediction penalty must be a number from 1 (symmetric) to 1000';
  const E = parseFixed(texts.fixE, 0, 100, 'Fixed E');
  const alpha = parseFixed(texts.fixAlpha, 0, 3, 'Fixed α');
  const beta = parseFixed(texts.fixBeta, 0, 3, 'Fixed β');
  if (typeof E === 'string') issues.fixE = E;
  if (typeof alpha === 'string') issues.fixAlpha = alpha;
  if (typeof beta === 'string') issues.fixBeta = beta;
  if (base.tieExponents && typeof alpha === 'number' && typeof beta === 'number' && alpha !== beta)
    issues.fixBeta = 'with tied exponents α and β are one: fix one of them, or both at one value';
  const tolerance = parseNumber(texts.tolerance);
  if (!(tolerance >= 0 && tolerance < 100))
    issues.tolerance = 'the grouping tolerance must be a percentage from 0 to below 100';
  if (Object.keys(issues).length > 0) return { issues };
  const fixed: FixedParams = {
    ...(typeof E === 'number' ? { E } : {}),
    ...(typeof alpha === 'number' ? { alpha } : {}),
    ...(typeof beta === 'number' ? { beta } : {}),
  };
  const { fixed: _f, overPenalty: _o, tolerance: _t, ...rest } = base;
  return {
    options: {
      ...rest,
      starts: randomStarts ? { kind: 'random', count: count as number } : { kind: 'grid' },
      bootstrap: bootstrap as number,
      seed: seed as number,
      delta,
      ...(base.deltaRule?.kind === 'scaled' ? { deltaRule: { kind: 'scaled', constant } } : {}),
      ...(overPenalty !== 1 ? { overPenalty } : {}),
      ...(Object.keys(fixed).length > 0 ? { fixed } : {}),
      ...(tolerance / 100 !== DEFAULT_TOLERANCE ? { tolerance: tolerance / 100 } : {}),
    },
  };
}
