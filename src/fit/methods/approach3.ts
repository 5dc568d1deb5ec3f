/**
 * Approach 3 of Hoffmann et al. (2022) as a fit method: the multi-start Huber fit of the whole
 * law with bootstrap intervals (`runFit`, unchanged), its table rows and its JSON report.
 */
import type { FitMethod, FitMethodRow } from '../method';
import { fitReport } from '../report';
import { runFit, validateFitInput } from '../run-fit';
import { summaryValues } from '../summary';
import { DEFAULT_FIT_OPTIONS, type FitOptions, type FitResult, SUMMARY_PARAMS } from '../types';

/** Approach 3: options are {@link FitOptions}, the result a {@link FitResult}. */
export const APPROACH3: FitMethod<FitOptions, FitResult> = {
  id: 'approach3',
  label: 'Approach 3 (Hoffmann et al. 2022): fit of the whole law',
  defaults: DEFAULT_FIT_OPTIONS,
  validate: validateFitInput,
  run: (runs, options, context) =>
    runFit(runs, options, context.backend, {
      ...(context.signal ? { signal: context.signal } : {}),
      ...(context.onProgress ? { onProgress: context.onProgress } : {}),
    }),
  law: (result) => result.best.law,
  summary: (result) => {
    const k = result.bootstrap
      ? `, ${result.bootstrap.converged.toLocaleString('en-US')} bootstrap replicas`
      : '';
    return `Approach 3 on ${result.rows} runs${k} (${result.engine.toUpperCase()})`;
  },
  rows: (result) => {
    const point = summaryValues(result.best);
    return SUMMARY_PARAMS.map((p): FitMethodRow => {
      const ci = result.bootstrap?.params[p].ci95;
      return { name: p, estimate: point[p], ...(ci ? { interval: [ci[0], ci[1]] } : {}) };
    });
  },
  json: (result, adapter) => ({ ...fitReport(result, adapter) }),
};
