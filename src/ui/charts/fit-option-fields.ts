/**
 * The Fit view's option fields as text, and their parsing into FitOptions with one message per
 * bad field. Pure, no DOM: the component keeps drafts and sends options only when all parse.
 */
import { FIT_LIMITS } from '../../fit/run-fit';
import type { FitOptions } from '../../fit/types';
import { parseNumber } from './format';

/** Text fields of the options form. */
export type OptionField = 'randomStarts' | 'bootstrap' | 'seed' | 'delta';

/** Largest bootstrap K the form accepts. */
export const MAX_BOOTSTRAP = Math.min(100_000, FIT_LIMITS.maxBootstrap);

/** The text each field shows for `options`. */
export function optionTexts(options: FitOptions): Record<OptionField, string> {
  return {
    randomStarts: String(options.starts.kind === 'random' ? options.starts.count : 256),
    bootstrap: String(options.bootstrap),
    seed: String(options.seed),
    delta: String(options.delta),
  };
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
  base: FitOptions,
  texts: Record<OptionField, string>,
  randomStarts: boolean,
): { options: FitOptions } | { issues: Partial<Record<OptionField, string>> } {
  const issues: Partial<Record<OptionField, string>> = {};
  const count = parseWhole(texts.randomStarts, 1, FIT_LIMITS.maxRandomStarts, 'Random starts');
  const bootstrap = parseWhole(texts.bootstrap, 0, MAX_BOOTSTRAP, 'Bootstrap K');
  const seed = parseWhole(texts.seed, 0, 0xffffffff, 'Seed');
  const delta = parseNumber(texts.delta);
  if (randomStarts && typeof count === 'string') issues.randomStarts = count;
  if (typeof bootstrap === 'string') issues.bootstrap = bootstrap;
  if (typeof seed === 'string') issues.seed = seed;
  if (!(delta > 0 && delta <= 10)) issues.delta = 'Huber δ must be a positive number (at most 10)';
  if (Object.keys(issues).length > 0) return { issues };
  return {
    options: {
      ...base,
      starts: randomStarts ? { kind: 'random', count: count as number } : { kind: 'grid' },
      bootstrap: bootstrap as number,
      seed: seed as number,
      delta,
    },
  };
}
