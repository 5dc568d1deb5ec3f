/**
 * What `fit` prints: the JSON of one fit (`method`, the method's fields, `threads` when the CPU
 * engine ran on the CLI's worker threads, `version`) or, for a file with several series,
 * `{ version, method, threads?, series: [ { series, ...the fit's fields } ] }`, where a series
 * that could not be fitted carries `runs` and `error` instead; and the text, one block per
 * series. The shapes are written down in docs/CLI.md.
 */
import type { AnyFitMethod } from '../fit/method';
import { APPROACH3 } from '../fit/methods/approach3';
import { FIT_JSON_VERSION, fitReport } from '../fit/report';
import type { SeriesFit } from '../fit/series-fit';
import type { FitResult } from '../fit/types';
import { formatFitTable, threadsText } from './table';

const fmt = (v: number) => (Number.isFinite(v) ? v.toPrecision(5) : String(v));

/** Any method's result as text: its summary and its table rows (estimate, interval). */
function rowsTable(method: AnyFitMethod, result: unknown, threads?: number): string {
  const lines = [
    `${method.summary(result)}${threads === undefined ? '' : ` · CPU ${threadsText(threads)}`}`,
    '',
  ];
  const rows = method.rows(result);
  const width = Math.max(6, ...rows.map((r) => r.name.length));
  for (const r of rows) {
    const ci = r.interval ? `[${fmt(r.interval[0])}, ${fmt(r.interval[1])}]` : '';
    lines.push(
      `${r.name.padEnd(width)} ${fmt(r.estimate).padStart(12)} ${ci.padStart(27)}`.trimEnd(),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** One series' entry in the JSON. */
export type SeriesFitJson =
  | ({ readonly series: string } & Record<string, unknown>)
  | { readonly series: string; readonly runs: number; readonly error: string };

/** A method's JSON of one result, without the shape version (the envelope carries it). */
function resultJson(method: AnyFitMethod, result: unknown, adapter: string | null) {
  const { version: _, ...fields } = method.json(result, adapter);
  return fields;
}

/**
 * The JSON object `fit --json` prints. `threads` is the CPU engine's worker-thread count, given
 * only when the fits ran on the CLI's pool of threads (not on the GPU, nor on the calling
 * thread, where the object is exactly the app's fit export).
 */
export function fitOutputJson(
  method: AnyFitMethod,
  fits: readonly SeriesFit<unknown>[],
  adapter: string | null,
  threads?: number,
): Record<string, unknown> {
  const pool = threads === undefined ? {} : { threads };
  const only = fits.length === 1 ? fits[0] : undefined;
  if (only && only.series === null && 'result' in only) {
    return {
      method: method.id,
      ...resultJson(method, only.result, adapter),
      ...pool,
      version: FIT_JSON_VERSION,
    };
  }
  return {
    version: FIT_JSON_VERSION,
    method: method.id,
    ...pool,
    series: fits.map(
      (f): SeriesFitJson =>
        'result' in f
          ? { series: f.series ?? '', ...resultJson(method, f.result, adapter) }
          : { series: f.series ?? '', runs: f.runs, error: f.problem },
    ),
  };
}

/** The text `fit` prints: the table of each series under its name (no header for one fit). */
export function fitOutputText(
  method: AnyFitMethod,
  fits: readonly SeriesFit<unknown>[],
  adapter: string | null,
  threads?: number,
): string {
  const table = (result: unknown) =>
    method.id === APPROACH3.id
      ? formatFitTable(fitReport(result as FitResult, adapter), threads)
      : rowsTable(method, result, threads);
  const only = fits.length === 1 ? fits[0] : undefined;
  if (only && only.series === null && 'result' in only) return table(only.result);
  return fits
    .map((f) => {
      const head = `== series ${f.series ?? ''} (${f.runs} run${f.runs === 1 ? '' : 's'}) · ${method.id}`;
      return 'result' in f ? `${head}\n${table(f.result)}` : `${head}\nnot fitted: ${f.problem}\n`;
    })
    .join('\n');
}
