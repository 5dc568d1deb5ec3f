/**
 * A small RFC 4180 CSV reader: quoted fields, doubled quotes inside them, CRLF, LF or CR line
 * ends, a leading byte-order mark, an optional trailing newline. The delimiter is a comma unless
 * the header line has more semicolons or tabs than commas.
 *
 * It never throws, and it is linear in the input. A quote that never closes is reported on its
 * row; that line is kept as plain text and reading resumes on the next line. This scans the rest
 * of the text twice at most: every quote after an unterminated one sits in a run of even length
 * (else it would have closed the field), and a field opened by such a run closes within it, so
 * a second unterminated quote cannot occur.
 *
 * Input over {@link MAX_CSV_CHARS} characters is refused before any work, and input over
 * {@link MAX_CSV_ROWS} rows as soon as the limit is crossed (at once when the text has no quotes
 * and more lines than the limit), with a message naming the limit. Binary content (NUL bytes,
 * UTF-16 text, the signatures of PNG, zip/xlsx, gzip and PDF files) is refused with a message
 * that says what the file looks like.
 */

/** Largest input accepted, in characters (about 20 MB of ASCII). */
export const MAX_CSV_CHARS = 20_000_000;
/** Most rows accepted, header included. */
export const MAX_CSV_ROWS = 1_000_000;

/** Field delimiters the reader recognises. */
export type CsvDelimiter = ',' | ';' | '\t';

/** One record with the row number a spreadsheet shows for it (the first line is row 1). */
export interface CsvRecord {
  readonly row: number;
  readonly fields: readonly string[];
  /** True for a line with nothing but spaces on it (kept so row numbers match a spreadsheet). */
  readonly blank: boolean;
}

/** A problem confined to one record; the record is still returned with what could be read. */
export interface CsvProblem {
  readonly row: number;
  readonly reason: string;
  /** 0-based index of the field at fault, when one is. */
  readonly field?: number;
}

/** What the reader made of a text. `error` set means nothing usable was read. */
export interface CsvTable {
  readonly records: readonly CsvRecord[];
  readonly problems: readonly CsvProblem[];
  readonly delimiter: CsvDelimiter;
  readonly error: string | null;
}

/** Options for {@link parseCsv}. */
export interface CsvOptions {
  /** Force a delimiter instead of detecting it from the header line. */
  readonly delimiter?: CsvDelimiter;
  /** Row limit override (tests); defaults to {@link MAX_CSV_ROWS}. */
  readonly maxRows?: number;
}

const MB = 1_000_000;

/**
 * Message for an input of `size` characters or bytes that is over the limit, else undefined.
 * The UI can call it with `File.size` before reading a dropped file.
 */
export function csvSizeError(size: number): string | undefined {
  if (size <= MAX_CSV_CHARS) return undefined;
  const got = (size / MB).toFixed(1);
  return `The file is too big: ${got} MB, and the limit is ${MAX_CSV_CHARS / MB} MB (${MAX_CSV_ROWS.toLocaleString('en-US')} rows). A sweep of training runs is a few thousand rows; check that this is the right file, or split it.`;
}

/** Reads CSV text into records; never throws. */
export function parseCsv(input: string, options: CsvOptions = {}): CsvTable {
  const fallback: CsvDelimiter = options.delimiter ?? ',';
  const sizeError = csvSizeError(input.length);
  if (sizeError) return failed(sizeError, fallback);
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const binary = binaryError(text);
  if (binary) return failed(binary, fallback);
  const maxRows = options.maxRows ?? MAX_CSV_ROWS;
  if (!text.includes('"') && lineCountExceeds(text, maxRows)) {
    return failed(rowLimitError(maxRows), fallback);
  }
  const delimiter = options.delimiter ?? detectDelimiter(text);
  const reader = new Reader(text, delimiter, maxRows);
  reader.run();
  return {
    records: reader.records,
    problems: reader.problems,
    delimiter,
    error: reader.error,
  };
}

function failed(error: string, delimiter: CsvDelimiter): CsvTable {
  return { records: [], problems: [], delimiter, error };
}

function rowLimitError(maxRows: number): string {
  return `The file has more than ${maxRows.toLocaleString('en-US')} rows, the limit. A sweep of training runs is a few thousand rows; check that this is the right file, or split it.`;
}

/**
 * True when `text` has more than `limit` lines (a last line without a line end counts). For
 * text without quotes every line is one record, so this is the row limit, checked cheaply.
 */
function lineCountExceeds(text: string, limit: number): boolean {
  let lines = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) lines++;
  }
  const last = text.charCodeAt(text.length - 1);
  if (text.length > 0 && last !== LF && last !== CR) lines++;
  return lines > limit;
}

const EXPORT_AS_CSV = 'Export the sheet as CSV (comma-separated, UTF-8) and load that.';

/** Start-of-file signatures (as they read after UTF-8 decoding) of files people drop by mistake. */
const SIGNATURES: readonly (readonly [readonly string[], string])[] = [
  [['\u0089PNG\r\n\u001a\n', '\ufffdPNG\r\n\u001a\n'], 'a PNG image'],
  [['PK\u0003\u0004'], 'a zip archive (an Excel .xlsx or OpenDocument .ods workbook is one)'],
  [['\u001f\u008b', '\u001f\ufffd'], 'a gzip-compressed file'],
  [['%PDF-'], 'a PDF document'],
  [['GIF87a', 'GIF89a'], 'a GIF image'],
];

/** The row (1-based) and column (1-based character) of offset `at` in `text`. */
function locate(text: string, at: number): { row: number; column: number } {
  let row = 1;
  let lineStart = 0;
  for (let i = 0; i < at; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) {
      row++;
      lineStart = i + 1;
    }
  }
  return { row, column: at - lineStart + 1 };
}

/** Why `text` is not CSV text at all (binary, UTF-16), or null. Looks at the first 4096 chars. */
function binaryError(text: string): string | null {
  for (const [prefixes, what] of SIGNATURES) {
    if (prefixes.some((p) => text.startsWith(p)))
      return `This is a binary file, not CSV text: it looks like ${what}. ${EXPORT_AS_CSV}`;
  }
  const head = text.slice(0, 4096);
  const nul = head.indexOf('\u0000');
  if (nul < 0) return null;
  const body = head.replace(/^\ufffd\ufffd/, '');
  if (looksLikeUtf16(body)) {
    return 'This file is UTF-16 text (every other byte is 0), not UTF-8. Save it as CSV UTF-8 (in Excel: "CSV UTF-8 (Comma delimited)") and load that.';
  }
  const at = locate(head, nul);
  return `This is a binary file, not CSV text: it contains a NUL byte (row ${at.row}, character ${at.column}). ${EXPORT_AS_CSV}`;
}

/** Every other character of the first 32 is NUL: UTF-16 (either byte order) read as UTF-8. */
function looksLikeUtf16(text: string): boolean {
  const n = Math.min(text.length, 32);
  if (n < 8) return false;
  for (const parity of [0, 1]) {
    let ok = true;
    for (let i = 0; i < n && ok; i++) {
      ok = (text.charCodeAt(i) === 0) === (i % 2 === parity);
    }
    if (ok) return true;
  }
  return false;
}

/** Picks the delimiter that occurs most often (outside quotes) on the first line. */
export function detectDelimiter(text: string): CsvDelimiter {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (let i = 0; i < text.length && i < 65536; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && (c === ',' || c === ';' || c === '\t')) counts[c]++;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[',']) return '\t';
  return ',';
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

class Reader {
  readonly records: CsvRecord[] = [];
  readonly problems: CsvProblem[] = [];
  error: string | null = null;
  private readonly delim: number;
  private pos = 0;
  private row = 1;

  constructor(
    private readonly text: string,
    delimiter: CsvDelimiter,
    private readonly maxRows: number,
  ) {
    this.delim = delimiter.charCodeAt(0);
  }

  run(): void {
    while (this.pos < this.text.length && this.error === null) {
      if (this.records.length >= this.maxRows) {
        this.error = rowLimitError(this.maxRows);
        return;
      }
      this.readRecord();
    }
  }

  /** Reads one record starting at `pos`, leaving `pos` after its line end. */
  private readRecord(): void {
    const { text } = this;
    const start = this.pos;
    const row = this.row;
    const fields: string[] = [];
    let issue: CsvProblem | null = null;
    let i = start;
    for (;;) {
      let value: string;
      if (text.charCodeAt(i) === QUOTE) {
        const close = this.findClosingQuote(i + 1);
        if (close < 0) {
          this.recoverFromOpenQuote(start, row, fields.length);
          return;
        }
        value = text.slice(i + 1, close).replaceAll('""', '"');
        i = close + 1;
        const stop = this.fieldEnd(i);
        if (stop > i) {
          issue ??= {
            row,
            reason: `unexpected text after a closing quote in field ${fields.length + 1}`,
            field: fields.length,
          };
          value += text.slice(i, stop);
        }
        i = stop;
      } else {
        const stop = this.fieldEnd(i);
        value = text.slice(i, stop);
        i = stop;
      }
      fields.push(value);
      if (i < text.length && text.charCodeAt(i) === this.delim) {
        i++;
        continue;
      }
      break;
    }
    this.pos = this.skipLineEnd(i);
    this.row += 1 + this.countLineBreaks(start, i);
    const blank = fields.length === 1 && fields[0]!.trim() === '';
    this.records.push({ row, fields, blank });
    if (issue) this.problems.push(issue);
  }

  /** Index of the quote closing a quoted field whose content starts at `from`, or -1. */
  private findClosingQuote(from: number): number {
    const { text } = this;
    let i = from;
    for (;;) {
      const q = text.indexOf('"', i);
      if (q < 0) return -1;
      if (text.charCodeAt(q + 1) === QUOTE) {
        i = q + 2;
        continue;
      }
      return q;
    }
  }

  /** Index of the next delimiter or line end at or after `from` (unquoted field content). */
  private fieldEnd(from: number): number {
    const { text, delim } = this;
    let i = from;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === delim || c === LF || c === CR) break;
      i++;
    }
    return i;
  }

  private skipLineEnd(i: number): number {
    const c = this.text.charCodeAt(i);
    if (c === CR) return this.text.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
    if (c === LF) return i + 1;
    return i;
  }

  /** Line breaks inside quoted fields between `from` and `to` (each CRLF counts once). */
  private countLineBreaks(from: number, to: number): number {
    let n = 0;
    for (let i = from; i < to; i++) {
      const c = this.text.charCodeAt(i);
      if (c === LF || (c === CR && this.text.charCodeAt(i + 1) !== LF)) n++;
    }
    return n;
  }

  /**
   * A quote opened on `row` never closes. Report it, keep the physical line as a record without
   * quote handling, and go on from the next line, so one stray quote costs one row.
   */
  private recoverFromOpenQuote(start: number, row: number, field: number): void {
    const { text } = this;
    let end = start;
    while (end < text.length && text.charCodeAt(end) !== LF && text.charCodeAt(end) !== CR) end++;
    const line = text.slice(start, end);
    this.records.push({ row, fields: line.split(String.fromCharCode(this.delim)), blank: false });
    this.problems.push({
      row,
      reason: `unterminated quote in field ${field + 1}: it opens with " and never closes`,
      field,
    });
    this.pos = this.skipLineEnd(end);
    this.row = row + 1;
  }
}
