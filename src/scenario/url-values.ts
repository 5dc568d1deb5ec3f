/**
 * Reading and writing single URL values: numbers in their shortest exact form, whole numbers,
 * switches, choices from a list, number lists and row lists. Readers never throw: they return
 * the value or the reason it was refused, quoting the offending text safely.
 */
import { parseQuantity } from '../data/number';

/** A value read from a URL, or why it was refused. */
export type Read<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: string };

/** Longest excerpt of a refused value quoted in a reason. */
const QUOTE_LIMIT = 40;

/** Characters that hide or reorder text: escaped whenever a value is quoted. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/gu;

/**
 * A URL value quoted for a message: cut to 40 characters, JSON-escaped, and with bidirectional,
 * zero-width and other invisible characters written as \u escapes. Plain text, never HTML.
 */
export function quoteValue(text: string): string {
  const cut = text.length > QUOTE_LIMIT ? `${text.slice(0, QUOTE_LIMIT)}…` : text;
  return visible(JSON.stringify(cut));
}

/** `text` with invisible and reordering characters written as \u escapes. */
export function visible(text: string): string {
  return text.replace(INVISIBLE, (c) => {
    const code = c.codePointAt(0)!;
    return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * The shortest text that reads back as exactly `x`: String(x) and x.toExponential() both give
 * the fewest digits that identify the double, so the shorter of the two (1e20, not
 * 100000000000000000000; 0.001, not 1e-3) round-trips exactly. The exponent's '+' is dropped
 * (it would read as a space in a query) and -0 is kept.
 */
export function formatUrlNumber(x: number): string {
  if (Object.is(x, -0)) return '-0';
  const plain = String(x);
  if (!Number.isFinite(x)) return plain;
  const exp = x.toExponential().replace('e+', 'e');
  return exp.length < plain.length ? exp : plain.replace('e+', 'e');
}

function ok<T>(value: T): Read<T> {
  return { ok: true, value };
}

function refuse<T>(reason: string): Read<T> {
  return { ok: false, reason };
}

/** A finite number: decimal, exponent or suffixed (70B), as the CSV import reads cells. */
export function readNumber(text: string): Read<number> {
  const r = parseQuantity(text);
  return r.ok ? ok(r.value) : refuse(visible(r.reason));
}

/** A whole number from `min` to `max`. */
export function readInteger(text: string, min: number, max: number): Read<number> {
  const r = readNumber(text);
  if (!r.ok) return r;
  return Number.isInteger(r.value) && r.value >= min && r.value <= max
    ? r
    : refuse(`must be a whole number from ${min} to ${max}, got ${quoteValue(text)}`);
}

/** A switch written 1 or 0 (true and false are read too). */
export function readSwitch(text: string): Read<boolean> {
  if (text === '1' || text === 'true') return ok(true);
  if (text === '0' || text === 'false') return ok(false);
  return refuse(`must be 1 or 0, got ${quoteValue(text)}`);
}

/** The text of a switch. */
export function formatSwitch(on: boolean): string {
  return on ? '1' : '0';
}

/** One of `choices`, exactly as written there. */
export function readChoice<T extends string>(text: string, choices: readonly T[]): Read<T> {
  const found = choices.find((c) => c === text);
  return found !== undefined
    ? ok(found)
    : refuse(`must be one of ${choices.join(', ')}; got ${quoteValue(text)}`);
}

/** Comma-separated numbers, at most `max` of them. */
export function readNumberList(text: string, max: number): Read<number[]> {
  const parts = text.split(',');
  if (parts.length > max) return refuse(`at most ${max} values, got ${parts.length}`);
  const values: number[] = [];
  for (const part of parts) {
    const r = readNumber(part);
    if (!r.ok) return r;
    values.push(r.value);
  }
  return ok(values);
}

/** Ascending row numbers as runs: [2, 3, 4, 9] -> "2-4,9". */
export function formatRows(rows: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < rows.length; ) {
    let j = i;
    while (j + 1 < rows.length && rows[j + 1] === rows[j]! + 1) j++;
    parts.push(j > i ? `${rows[i]}-${rows[j]}` : String(rows[i]));
    i = j + 1;
  }
  return parts.join(',');
}

const ROW_PART = /^(\d{1,9})(?:-(\d{1,9}))?$/;

/**
 * Row numbers written by {@link formatRows}: ascending, distinct, each from 1 to `maxRow`, at
 * most `maxCount` in all (counted before a range is expanded).
 */
export function readRows(text: string, maxRow: number, maxCount: number): Read<number[]> {
  if (text === '') return ok([]);
  const rows: number[] = [];
  for (const part of text.split(',')) {
    const m = ROW_PART.exec(part);
    if (!m) return refuse(`${quoteValue(part)} is not a row number or range like 3-7`);
    const first = Number(m[1]);
    const last = m[2] === undefined ? first : Number(m[2]);
    if (first < 1 || last > maxRow) return refuse(`rows must lie from 1 to ${maxRow}`);
    if (last < first) return refuse(`the range ${quoteValue(part)} is inverted`);
    if (rows.length > 0 && first <= rows[rows.length - 1]!)
      return refuse('rows must be ascending and distinct');
    if (rows.length + (last - first + 1) > maxCount)
      return refuse(`at most ${maxCount} rows can be excluded`);
    for (let r = first; r <= last; r++) rows.push(r);
  }
  return ok(rows);
}

/** One percent-encoded part of a list (a series or header name), or null if it is malformed. */
export function decodePart(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}
