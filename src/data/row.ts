/** Reading one CSV record into a run, or the reason it is rejected. */
import { type ColumnMatch, FIELD_LABELS, type RunField } from './columns';
import type { CsvDelimiter, CsvRecord } from './csv';
import { formatQuantity, parseQuantity, quoteCell } from './number';
import type { Run } from './types';

type Cell = { ok: true; value: number } | { ok: false; column: string; reason: string };

function readCell(fields: readonly string[], match: ColumnMatch, field: RunField, scale = 1): Cell {
  const column = match.header;
  if (match.index >= fields.length) {
    const n = fields.length;
    return {
      ok: false,
      column,
      reason: `missing: the row has only ${n} field${n === 1 ? '' : 's'}`,
    };
  }
  const parsed = parseQuantity(fields[match.index]!);
  if (!parsed.ok) return { ok: false, column, reason: parsed.reason };
  const raw = fields[match.index]!.trim();
  const shown = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
  if (field === 'step') {
    if (parsed.value < 0)
      return { ok: false, column, reason: `is negative (${shown}); a step is 0 or more` };
    return { ok: true, value: parsed.value };
  }
  if (parsed.value <= 0) {
    const what = parsed.value === 0 ? 'is 0' : `is negative (${shown})`;
    return { ok: false, column, reason: `${what}; ${FIELD_LABELS[field]} must be greater than 0` };
  }
  const value = parsed.value * scale;
  if (!Number.isFinite(value)) {
    return {
      ok: false,
      column,
      reason: `${shown} times the unit multiplier ${scale} overflows a 64-bit float`,
    };
  }
  if (COUNTS.has(field) && value < 1) {
    return { ok: false, column, reason: belowOne(field, shown) };
  }
  return { ok: true, value };
}

/** Fields that count things (parameters, tokens): a value below 1 is a units mistake. */
const COUNTS: ReadonlySet<RunField> = new Set(['N', 'D']);

function belowOne(field: RunField, shown: string): string {
  return `is ${shown}, below 1; ${FIELD_LABELS[field]} is a count, so check the units (write 70M or 7e7, not 0.07 billion)`;
}

function isEmpty(fields: readonly string[], match: ColumnMatch | undefined): boolean {
  return !match || (fields[match.index] ?? '').trim() === '';
}

const DELIMITER_WORDS: Readonly<Record<CsvDelimiter, string>> = {
  ',': 'an unquoted comma (a thousands separator, say)',
  ';': 'an unquoted semicolon',
  '\t': 'an unquoted tab',
};

/** Reason to reject a record with more non-empty fields than the header, or null. */
export function extraFieldsProblem(
  rec: CsvRecord,
  headerLength: number,
  delimiter: CsvDelimiter = ',',
): string | null {
  if (rec.fields.length <= headerLength) return null;
  const firstExtra = rec.fields.findIndex((f, i) => i >= headerLength && f.trim() !== '');
  if (firstExtra < 0) return null;
  return `the row has ${rec.fields.length} fields but the header has ${headerLength} (field ${firstExtra + 1} is ${quoteCell(rec.fields[firstExtra]!.trim())}); ${DELIMITER_WORDS[delimiter]} splits a cell in two`;
}

/** A run (with how D and C were obtained, and its step when a step column is read) or a rejection. */
export type RowResult =
  | { run: Run; fromC: boolean; toC: boolean; rel: number; step?: number }
  | { column: string | null; reason: string };

/** Unit multipliers applied to the N and D cells (1 when absent). */
export interface RowScale {
  readonly N?: number;
  readonly D?: number;
}

/** Reads the fields of one record; k is the multiplier in C = k N D. */
export function readRun(
  rec: CsvRecord,
  cols: Partial<Record<RunField, ColumnMatch>>,
  k: number,
  scale: RowScale = {},
): RowResult {
  const f = rec.fields;
  const bad: { index: number; column: string; reason: string }[] = [];
  const take = (field: RunField): number | undefined => {
    const match = cols[field];
    if (!match) return undefined;
    const factor = field === 'N' || field === 'D' ? (scale[field] ?? 1) : 1;
    const cell = readCell(f, match, field, factor);
    if (cell.ok) return cell.value;
    bad.push({ index: match.index, column: cell.column, reason: cell.reason });
    return undefined;
  };
  const N = take('N');
  const loss = take('loss');
  const emptyD = isEmpty(f, cols.D);
  const emptyC = isEmpty(f, cols.C);
  // An empty D (or C) is derived from the other when that one is present.
  const D = cols.D && !(emptyD && !emptyC && cols.C) ? take('D') : undefined;
  const C = cols.C && !(emptyC && !emptyD && cols.D) ? take('C') : undefined;
  const weight = take('weight');
  const step = take('step');
  const seriesText = cols.series ? (f[cols.series.index] ?? '').trim() : '';
  if (cols.series && seriesText === '') {
    bad.push({
      index: cols.series.index,
      column: cols.series.header,
      reason: 'is empty; every run needs a series label when a series column is used',
    });
  }
  if (bad.length > 0) {
    bad.sort((x, y) => x.index - y.index);
    const first = bad[0]!;
    const also = bad
      .slice(1)
      .map((b) => `${b.column}: ${b.reason}`)
      .join('; ');
    return { column: first.column, reason: also ? `${first.reason} (also ${also})` : first.reason };
  }
  if (N === undefined || loss === undefined) {
    return { column: null, reason: 'internal: required column missing' };
  }
  const fromC = D === undefined;
  const toC = C === undefined;
  const d = D ?? (C as number) / (k * N);
  const c = C ?? k * N * d;
  if (!(Number.isFinite(d) && d >= 1)) {
    return {
      column: cols.C?.header ?? null,
      reason: `D = C/(${k}N) = ${formatQuantity(d)} is below 1 token; check the units of ${cols.C?.header ?? 'C'} and ${cols.N?.header ?? 'N'}`,
    };
  }
  if (!Number.isFinite(c)) {
    return {
      column: null,
      reason: `C = ${k}ND overflows a 64-bit float (N = ${formatQuantity(N)}, D = ${formatQuantity(d)}); check the units of ${cols.N?.header ?? 'N'} and ${cols.D?.header ?? 'D'}`,
    };
  }
  const rel = fromC || toC ? 0 : Math.abs(c - k * N * d) / c;
  const groupText = cols.group ? (f[cols.group.index] ?? '').trim() : '';
  const base: Run =
    groupText === ''
      ? { row: rec.row, N, D: d, loss, C: c }
      : { row: rec.row, N, D: d, loss, C: c, group: groupText };
  const run: Run = {
    ...base,
    ...(seriesText === '' ? {} : { series: seriesText }),
    ...(weight === undefined ? {} : { weight }),
  };
  return step === undefined ? { run, fromC, toC, rel } : { run, fromC, toC, rel, step };
}
