/**
 * What `fit` prints: the JSON of one fit (today's shape plus `method`) or, for a file with
 * several series, `{ version: 1, method, series: [ { series, ...the fit's fields } ] }`, where a
 * series that could not be fitted carries `runs` and `error` instead; and the text, one block
 * per series.
 */
import type { AnyFitMethod } from '../fit/method';
import { APPROACH3 } from '../fit/methods/approach3';
import { fitReport } from '../fit/report';
import type { SeriesFit } from '../fit/series-fit';
import type { FitResult } from '../fit/types';
import { formatFitTable } from './table';

const fmt = (v: number) => (Number.isFinite(v) ? v.toPrecision(5) : String(v));

/** Any method's result as text: its summary and its table rows (estimate, interval). */
function rowsTable(method: AnyFitMethod, result: unknown): string {
  const lines = [method.summary(result), ''];
  for (const r of method.rows(result)) {
    const ci = r.interval ? `[${fmt(r.interval[0])}, ${fmt(r.interval[1])}]` : '';
    lines.push(`${r.name.padEnd(6)} ${fmt(r.estimate).padStart(12)} ${ci.padStart(27)}`.trimEnd());
  }
  return `${lines.join('\n')}\n`;
}

/** One series' entry in the JSON. */
export type SeriesFitJson =
  | ({ readonly series: string } & Record<string, unknown>)
  | { readonly series: string; readonly runs: number; readonly error: string };

/** The JSON object `fit --json` prints. */
export function fitOutputJson(
  method: AnyFitMethod,
  fits: readonly SeriesFit<unknown>[],
  adapter: string | null,
): Record<string, unknown> {
  const only = fits.length === 1 ? fits[0] : undefined;
  if (only && only.series === null && 'result' in only) {
    return { method: method.id, ...method.json(only.result, adapter) };
  }
  return {
    version: 1,
    method: method.id,
    series: fits.map(
      (f): SeriesFitJson =>
        'result' in f
          ? { series: f.series ?? '', ...method.json(f.result, adapter) }
          : { series: f.series ?? '', runs: f.runs, error: f.problem },
    ),
  };
}

/** The text `fit` prints: the table of each series under its name (no header for one fit). */
export function fitOutputText(
  method: AnyFitMethod,
  fits: readonly SeriesFit<unknown>[],
  adapter: string | null,
): string {
  const table = (result: unknown) =>
    method.id === APPROACH3.id
      ? formatFitTable(fitReport(result as FitResult, adapter))
      : rowsTable(method, result);
  const only = fits.length === 1 ? fits[0] : undefined;
  if (only && only.series === null && 'result' in only) return table(only.result);
  return fits
    .map((f) => {
      const head = `== series ${f.series ?? ''} (${f.runs} run${f.runs === 1 ? '' : 's'}) · ${method.id}`;
      return 'result' in f ? `${head}\n${table(f.result)}` : `${head}\nnot fitted: ${f.problem}\n`;
    })
    .join('\n');
}
