/**
 * The link's fields of the fit's method choices beyond Approach 3's basics: the objective
 * (residual loss, data-chosen delta, over-prediction penalty, run weights, fixed parameters)
 * and Approach 2's grouping tolerance and parabola target. Each is left out at its default.
 */
import type { FixedParams } from '../fit/types';
import { fitOptionIssues } from './fit-settings';
import { choice, type Draft, type FieldCodec, number } from './url-field-kit';

type Options = Draft['state']['fitOptions'];

/** A field holding a number of the options, checked by `range` and then the app's checks. */
function optionNumber(
  name: string,
  get: (o: Options) => number | undefined,
  patch: (v: number, o: Options) => Partial<Options>,
  range: (v: number) => string | null,
): FieldCodec {
  const next = (v: number, d: Draft): Options => ({
    ...d.state.fitOptions,
    ...patch(v, d.state.fitOptions),
  });
  return number(
    name,
    (s) => get(s.fitOptions),
    (d, v) => {
      d.state.fitOptions = next(v, d);
    },
    (v, d) => range(v) ?? fitOptionIssues(next(v, d))[0] ?? null,
  );
}

function fixedField(name: string, key: keyof FixedParams, lo: number, hi: number): FieldCodec {
  return optionNumber(
    name,
    (o) => o.fixed?.[key],
    (v, o) => ({ fixed: { ...o.fixed, [key]: v } }),
    (v) => (v > lo && v <= hi ? null : `must be above ${lo} and at most ${hi}, got ${v}`),
  );
}

/** The method choices' fields. */
export const methodFields: readonly FieldCodec[] = [
  choice(
    'rloss',
    ['huber', 'squared'] as const,
    (s) => s.fitOptions.residualLoss,
    (d, v) => {
      d.state.fitOptions = { ...d.state.fitOptions, residualLoss: v };
    },
  ),
  optionNumber(
    'dc',
    (o) => (o.deltaRule?.kind === 'scaled' ? o.deltaRule.constant : undefined),
    (constant) => ({ deltaRule: { kind: 'scaled', constant } }),
    (v) => (v > 0 && v <= 100 ? null : `must be a positive number at most 100, got ${v}`),
  ),
  optionNumber(
    'over',
    (o) => o.overPenalty,
    (overPenalty) => ({ overPenalty }),
    (v) => (v >= 1 && v <= 1000 ? null : `must be a number from 1 to 1000, got ${v}`),
  ),
  choice(
    'wts',
    ['none', 'column', 'sqrt-compute'] as const,
    (s) => s.fitOptions.weighting,
    (d, v) => {
      d.state.fitOptions = { ...d.state.fitOptions, weighting: v };
    },
  ),
  fixedField('fixE', 'E', 0, 100),
  fixedField('fixa', 'alpha', 0, 3),
  fixedField('fixb', 'beta', 0, 3),
  optionNumber(
    'a2tol',
    (o) => o.tolerance,
    (tolerance) => ({ tolerance }),
    (v) => (v >= 0 && v < 1 ? null : `must be a fraction from 0 to below 1, got ${v}`),
  ),
  choice(
    'a2y',
    ['loss', 'log-loss'] as const,
    (s) => s.fitOptions.target,
    (d, v) => {
      d.state.fitOptions = { ...d.state.fitOptions, target: v };
    },
  ),
];
