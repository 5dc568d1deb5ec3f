/**
 * From CSV text to validated training runs. Every data row ends up either as a {@link Run} or
 * as a {@link RejectedRow} with its row number, column and reason; nothing is dropped silently.
 */
import { DEFAULT_FLOPS_PER_PARAM_TOKEN } from '../law/law';
import { checkRuns, listRows } from './checks';
import { type ColumnMatch, listHeaders, matchColumns } from './columns';
import { type CsvDelimiter, parseCsv } from './csv';
import { datasetHash } from './hash';
import {
  type ColumnMapping,
  EMPTY_MAPPING,
  guessMapping,
  mappingOfColumns,
  resolveMapping,
} from './mapping';
import { extraFieldsProblem, readRun } from './row';
import {
  collapseSeries,
  conflictingLosses,
  conflictWarning,
  reducePerRun,
  stepsWarning,
} from './runs-extra';
import type { RejectedRow, Run, RunsImport } from './types';

export type { RejectedRow, Run, RunsImport } from './types';

/** Relative disagreement between a given C and k N D above which rows are listed in a warning. */
export const DEFAULT_COMPUTE_TOLERANCE = 0.01;

/** Options for {@link parseRuns}. */
export interface ParseRunsOptions {
  /** k in C = k N D, used to derive D or C; default 6. */
  readonly flopsPerParamToken?: number;
  /** Relative tolerance for the C = k N D consistency warning; default 0.01. */
  readonly computeTolerance?: number;
  /** Force a delimiter instead of detecting it. */
  readonly delimiter?: CsvDelimiter;
  /**
   * Which header supplies which field; without one, headers are matched by name (params,
   * tokens, loss, ...). A mapping naming a column the file lacks is a fatal error.
   */
  readonly mapping?: ColumnMapping;
}

const DELIMITER_NAMES: Readonly<Record<CsvDelimiter, string>> = {
  ',': 'comma',
  ';': 'semicolon',
  '\t': 'tab',
};

/**
 * A ratio C / kND as a multiplier: two significant digits below 10 ("3.0", "0.33", "0.0010"),
 * three within 10% of 1 ("1.05", "0.985", so a 1% difference does not read as "1.0"), a whole
 * number up to a million ("1000"), powers of ten beyond ("8.3e+10", "2.0e-7").
 */
export function formatRatio(r: number): string {
  if (r >= 10 && r < 1e6) return String(Math.round(r));
  if (Math.abs(r - 1) < 0.1) return r.toPrecision(3);
  if (r >= 1e-4 && r < 10) return r.toPrecision(2);
  return r.toExponential(1);
}

/**
 * How far the given C is from kND in the mismatched rows, as ratios (not a relative difference,
 * which saturates at 100% for a C too large by any factor): "C is 3.0x 6ND" for one row, else
 * the smallest and largest ratio with their rows.
 */
function flopsRatioText(rows: readonly { row: number; ratio: number }[], kND: string): string {
  let lo = rows[0]!;
  let hi = rows[0]!;
  for (const m of rows) {
    if (m.ratio < lo.ratio) lo = m;
    if (m.ratio > hi.ratio) hi = m;
  }
  const [a, b] = [formatRatio(lo.ratio), formatRatio(hi.ratio)];
  if (a === b) return `C is ${a}x ${kND}${rows.length > 1 ? ' in each' : ''}`;
  return `C is from ${a}x ${kND} (row ${lo.row}) to ${b}x (row ${hi.row})`;
}

/** What a fatal import knows of the file's header: its cells, a mapping guess, whether to ask. */
interface HeaderFacts {
  readonly headers: readonly string[];
  readonly mapping: ColumnMapping;
  readonly needsMapping: boolean;
}

const NO_HEADER: HeaderFacts = { headers: [], mapping: EMPTY_MAPPING, needsMapping: false };

/** Fewest columns a mapping can read runs from: N, D (or C) and loss. */
const MIN_MAPPABLE_COLUMNS = 3;

function fatal(errors: string[], delimiter: CsvDelimiter = ',', facts = NO_HEADER): RunsImport {
  return {
    ...facts,
    lossLabel: 'loss',
    runs: [],
    rejected: [],
    notes: [],
    warnings: [],
    errors,
    fitBlocker: errors[0] ?? null,
    checks: checkRuns([]),
    hash: datasetHash([]),
    columns: {},
    dataRows: 0,
    delimiter,
  };
}

/**
 * Parses CSV text into runs. Never throws. Fatal problems (empty file, no header, missing or
 * duplicate columns, file over the size or row limit) come back in `errors` with no runs.
 */
export function parseRuns(text: string, options: ParseRunsOptions = {}): RunsImport {
  const k = options.flopsPerParamToken ?? DEFAULT_FLOPS_PER_PARAM_TOKEN;
  const tolerance = options.computeTolerance ?? DEFAULT_COMPUTE_TOLERANCE;
  if (!(k > 0 && Number.isFinite(k))) {
    return fatal([`The FLOPs multiplier k in C = kND must be a positive number (got ${k}).`]);
  }
  const table = parseCsv(text, options.delimiter ? { delimiter: options.delimiter } : {});
  if (table.error) return fatal([table.error], table.delimiter);
  const header = table.records.find((r) => r.fields.some((f) => f.trim() !== ''));
  if (!header) {
    const what = table.records.some((r) => !r.blank) ? ' (only delimiters and whitespace)' : '';
    return fatal(
      [
        `The file is empty${what}. Expected a header row such as params,tokens,loss and one row per run.`,
      ],
      table.delimiter,
    );
  }
  const problemOf = new Map(table.problems.map((p) => [p.row, p]));
  const headerProblem = problemOf.get(header.row);
  if (headerProblem) {
    return fatal(
      [`The header row (row ${header.row}) is malformed: ${headerProblem.reason}.`],
      table.delimiter,
    );
  }
  const headers = header.fields.map((h) => h.trim()).filter((h) => h !== '');
  const map = options.mapping
    ? resolveMapping(options.mapping, header.fields)
    : matchColumns(header.fields, header.row);
  if (map.errors.length > 0) {
    const guess = options.mapping ?? guessMapping(header.fields);
    const mappable =
      headers.length >= MIN_MAPPABLE_COLUMNS &&
      !header.fields.every((h) => /^[\d.eE+-]+$/.test(h.trim()));
    return fatal([...map.errors], table.delimiter, {
      headers,
      mapping: guess,
      needsMapping: mappable,
    });
  }
  const cols = map.matched;
  const perRun = options.mapping?.perRun ?? 'all';
  const mapping: ColumnMapping = options.mapping ?? {
    fields: mappingOfColumns(cols),
    scale: {},
  };

  const records = table.records.filter((r) => r.row > header.row);
  const blankRows = records.filter((r) => r.blank).map((r) => r.row);
  const data = records.filter((r) => !r.blank);
  if (data.length === 0) {
    return fatal(
      [`The file has a header row (row ${header.row}) but no data rows.`],
      table.delimiter,
    );
  }

  const runs: Run[] = [];
  const rejected: RejectedRow[] = [];
  const derivedD: number[] = [];
  const derivedC: number[] = [];
  const mismatched: { row: number; ratio: number }[] = [];
  const groups = new Set<string>();
  const steps = new Map<number, number>();
  const scale = options.mapping?.scale ?? {};

  const reject = (row: number, column: string | null, reason: string) =>
    rejected.push({ row, column, reason });

  for (const rec of data) {
    const problem = problemOf.get(rec.row);
    if (problem) {
      const name = problem.field === undefined ? '' : (header.fields[problem.field] ?? '').trim();
      reject(rec.row, name === '' ? null : name, problem.reason);
      continue;
    }
    const extra = extraFieldsProblem(rec, header.fields.length, table.delimiter);
    if (extra) {
      reject(rec.row, null, extra);
      continue;
    }
    const result = readRun(rec, cols, k, scale);
    if ('reason' in result) {
      reject(rec.row, result.column, result.reason);
      continue;
    }
    const { run, fromC, toC, rel } = result;
    if (fromC) derivedD.push(run.row);
    if (toC) derivedC.push(run.row);
    if (rel > tolerance) mismatched.push({ row: run.row, ratio: run.C / (k * run.N * run.D) });
    if (run.group !== undefined) groups.add(run.group);
    if (result.step !== undefined) steps.set(run.row, result.step);
    runs.push(run);
  }
  const reduced = reducePerRun(runs, perRun, steps, cols.step?.header ?? 'step');
  for (const r of reduced.dropped) reject(r.row, r.column, r.reason);
  rejected.sort((a, b) => a.row - b.row);
  const series = collapseSeries(reduced.kept, cols.series?.header);
  const kept = series.runs;

  const notes: string[] = [];
  const colText = (Object.values(cols) as ColumnMatch[])
    .map((c) => `"${c.header}" → ${c.field}`)
    .join(', ');
  notes.push(`Columns: ${colText}.`);
  if (table.delimiter !== ',') notes.push(`Delimiter: ${DELIMITER_NAMES[table.delimiter]}.`);
  if (map.ignored.length > 0) notes.push(`Ignored columns: ${ignoredText(map.ignored)}.`);
  if (reduced.dropped.length > 0) notes.push(reduced.note);
  notes.push(`${kept.length} of ${data.length} data rows usable; ${rejected.length} rejected.`);
  if (series.note) notes.push(series.note);
  if (cols.weight) {
    notes.push(
      `Weights read from column "${cols.weight.header}"; the fitter does not use weights yet, so every run counts equally.`,
    );
  }
  const kText = `C = ${k}ND`;
  if (derivedD.length > 0) {
    const why = cols.D
      ? `rows ${listRows(derivedD)}, whose ${cols.D.header} cell is empty`
      : `all ${derivedD.length} rows (the file has no tokens column)`;
    notes.push(`D derived from ${kText} for ${why}.`);
  }
  if (derivedC.length > 0) {
    const why = cols.C
      ? `rows ${listRows(derivedC)}, whose ${cols.C.header} cell is empty`
      : `all ${derivedC.length} rows (the file has no flops column)`;
    notes.push(`C computed as ${k}ND for ${why}.`);
  }
  if (cols.group) {
    notes.push(
      `${groups.size} group${groups.size === 1 ? '' : 's'} in column "${cols.group.header}": the bootstrap resamples whole groups.`,
    );
  }
  if (blankRows.length > 0) {
    notes.push(
      `${blankRows.length} blank line${blankRows.length === 1 ? '' : 's'} skipped (rows ${listRows(blankRows)}).`,
    );
  }

  const warnings: string[] = [];
  if (mismatched.length > 0) {
    warnings.push(
      `In ${mismatched.length} row${mismatched.length === 1 ? '' : 's'} the given C differs from ${kText} by more than ${tolerance * 100}% (rows ${listRows(mismatched.map((m) => m.row))}; ${flopsRatioText(mismatched, `${k}ND`)}). The fit uses N and D; check the units or the FLOPs multiplier.`,
    );
  }
  const stepWarn = stepsWarning(kept, perRun, steps, cols);
  if (stepWarn) warnings.push(stepWarn);
  const checks = checkRuns(kept);
  warnings.push(...checks.warnings);
  const conflicts = conflictingLosses(kept);
  if (conflicts.length > 0) {
    const warning = conflictWarning(conflicts, data, header.fields, map.ignored, cols);
    if (warning) warnings.push(warning);
  }

  return {
    runs: kept,
    rejected,
    notes,
    warnings,
    errors: [],
    fitBlocker: checks.fitBlocker,
    checks,
    hash: datasetHash(kept),
    columns: cols,
    dataRows: data.length,
    delimiter: table.delimiter,
    lossLabel: cols.loss?.header ?? 'loss',
    headers,
    mapping,
    needsMapping: false,
  };
}

/** Ignored column names for a note: plain names stay as they are, odd ones are quoted and cut. */
function ignoredText(names: readonly string[]): string {
  const plain = names.every((n) => /^[\x20-\x7e]{1,40}$/.test(n) && !/[",]/.test(n));
  return plain && names.length <= 12 ? names.join(', ') : listHeaders(names);
}

/** The runs left after the user's exclusions (spreadsheet row numbers), in file order. */
export function usableRuns(imported: RunsImport, excludedRows: ReadonlySet<number>): Run[] {
  return imported.runs.filter((r) => !excludedRows.has(r.row));
}
