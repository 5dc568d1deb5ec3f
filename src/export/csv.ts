/**
 * CSV writing for exports: RFC 4180 quoting plus protection against spreadsheet formula
 * injection, and number formats that keep f32 results short. Pure, no DOM.
 */

/** A value of one CSV cell. */
export type CsvValue = string | number | boolean | null | undefined;

/** Line break between records (RFC 4180). */
export const CSV_EOL = '\r\n';

/** A decimal number as JS or a spreadsheet writes it: 12, -1.5, .5, 1e-3, +2E+10. */
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** First characters that make a spreadsheet read a cell as a formula (or a DDE call). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Text of one cell, safe to open in a spreadsheet.
 *
 * - Formula injection: a string that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
 *   and is not a plain decimal number gets a leading apostrophe, so Excel, LibreOffice and Google
 *   Sheets show it as text instead of evaluating it (`=HYPERLINK(...)` becomes
 *   `'=HYPERLINK(...)`). Plain numbers such as `-1.5` or `+1e-3` are left as they are.
 * - RFC 4180: a cell holding a comma, a double quote, CR or LF is wrapped in double quotes, with
 *   inner double quotes doubled.
 * - Numbers are written in JS's shortest round-trip form; a non-finite number (NaN, ±Infinity)
 *   becomes an empty cell. Booleans are `true` / `false`; null and undefined are empty.
 */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return String(value);
  let text = value;
  if (FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record (no line break). */
export function csvRecord(cells: readonly CsvValue[]): string {
  return cells.map(csvCell).join(',');
}

/**
 * A whole CSV file: one header line (column names with their units, no comment lines) and
 * one record per row, every record ending in CRLF. Every cell goes through {@link csvCell}.
 */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvValue[]>): string {
  const lines = [csvRecord(header)];
  for (const row of rows) lines.push(csvRecord(row));
  return lines.join(CSV_EOL) + CSV_EOL;
}

/**
 * An f32 value as the number with the fewest significant digits (6 to 9; trailing zeros
 * dropped) that reads back as the same f32: f32 results print as 2.1, not 2.0999999046325684.
 */
export function shortestF32(value: number): number {
  if (!Number.isFinite(value)) return value;
  const target = Math.fround(value);
  for (let digits = 6; digits < 9; digits++) {
    const v = Number(target.toPrecision(digits));
    if (Math.fround(v) === target) return v;
  }
  return Number(target.toPrecision(9));
}

/** A value rounded to `digits` significant digits (12 by default), as a number. */
export function significant(value: number, digits = 12): number {
  return Number.isFinite(value) ? Number(value.toPrecision(digits)) : value;
}
