/**
 * From CSV text to validated training runs. Every data row ends up either as a {@link Run} or
 * as a {@link RejectedRow} with its row number, column and reason; nothing is dropped silently.
 */
import { DEFAULT_FLOPS_PER_PARAM_TOKEN } from '../law/law';
import { checkRuns, listRows } from './checks';
import { type ColumnMatch, listHeaders, matchColumns } from './columns';
import { type CsvDelimiter, parseCsv } from './csv';
import { datasetHash } from './hash';
import { formatQuantity } from './number';
import { extraFieldsProblem, readRun } from './row';
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
}

const DELIMITER_NAMES: Readonly<Record<CsvDelimiter, string>> = {
  ',': 'comma',
  ';': 'semicolon',
  '\t': 'tab',
};

function fatal(errors: string[], delimiter: CsvDelimiter = ','): RunsImport {
  return {
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
  const map = matchColumns(header.fields, header.row);
  if (map.errors.length > 0) return fatal([...map.errors], table.delimiter);
  const cols = map.matched;

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
  const mismatched: { row: number; rel: number }[] = [];
  const groups = new Set<string>();

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
    const result = readRun(rec, cols, k);
    if ('reason' in result) {
      reject(rec.row, result.column, result.reason);
      continue;
    }
    const { run, fromC, toC, rel } = result;
    if (fromC) derivedD.push(run.row);
    if (toC) derivedC.push(run.row);
    if (rel > tolerance) mismatched.push({ row: run.row, rel });
    if (run.group !== undefined) groups.add(run.group);
    runs.push(run);
  }

  const notes: string[] = [];
  const colText = (Object.values(cols) as ColumnMatch[])
    .map((c) => `"${c.header}" → ${c.field}`)
    .join(', ');
  notes.push(`Columns: ${colText}.`);
  if (table.delimiter !== ',') notes.push(`Delimiter: ${DELIMITER_NAMES[table.delimiter]}.`);
  if (map.ignored.length > 0) notes.push(`Ignored columns: ${ignoredText(map.ignored)}.`);
  notes.push(`${runs.length} of ${data.length} data rows usable; ${rejected.length} rejected.`);
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
    const worst = mismatched.reduce((w, m) => Math.max(w, m.rel), 0);
    warnings.push(
      `In ${mismatched.length} row${mismatched.length === 1 ? '' : 's'} the given C differs from ${kText} by more than ${tolerance * 100}% (rows ${listRows(mismatched.map((m) => m.row))}; largest ${formatQuantity(worst * 100)}%). The fit uses N and D; check the units or the FLOPs multiplier.`,
    );
  }
  const checks = checkRuns(runs);
  warnings.push(...checks.warnings);

  return {
    runs,
    rejected,
    notes,
    warnings,
    errors: [],
    fitBlocker: checks.fitBlocker,
    checks,
    hash: datasetHash(runs),
    columns: cols,
    dataRows: data.length,
    delimiter: table.delimiter,
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
