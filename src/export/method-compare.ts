/**
 * The method comparison as CSV: the metadata header, then one row per method and quantity at
 * the budget (estimate and 95% interval), each method's error at each held-out budget, and the
 * RMS errors of the cross-validation.
 */

import { ESTIMATE_FIELDS } from '../fit/method-compare';
import type { MethodComparison } from '../fit/method-compare-job';
import { type CsvValue, toCsv } from './csv';
import { csvMetadataHeader, metadataNumber } from './csv-metadata';

/** The CSV of a method comparison. */
export function methodComparisonCsv(c: MethodComparison, date?: Date): string {
  const rows: CsvValue[][] = [];
  for (const e of c.estimates) {
    for (const field of ESTIMATE_FIELDS) {
      const v = e[field];
      if (v) rows.push(['estimate', e.method, field, c.budget, v.point, v.ci95?.[0], v.ci95?.[1]]);
    }
  }
  for (const err of c.crossValidation?.errors ?? []) {
    rows.push(['held-out', err.method, 'lossError', err.C, err.lossError, null, null]);
    rows.push(['held-out', err.method, 'NOptError', err.C, err.NOptError, null, null]);
  }
  for (const r of c.crossValidation?.rms ?? []) {
    rows.push(['rms', r.method, 'lossError', null, r.loss, null, null]);
    rows.push(['rms', r.method, 'NOptError', null, r.NOpt, null, null]);
  }
  return (
    csvMetadataHeader([['budget', metadataNumber(c.budget)]], date) +
    toCsv(
      ['section', 'method', 'quantity', 'budget_flops', 'estimate', 'ci95_low', 'ci95_high'],
      rows,
    )
  );
}
