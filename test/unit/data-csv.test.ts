import { describe, expect, it } from 'vitest';
import { csvSizeError, detectDelimiter, MAX_CSV_CHARS, parseCsv } from '../../src/data/csv';

const fieldsOf = (text: string) => parseCsv(text).records.map((r) => r.fields);

describe('parseCsv', () => {
  it('reads plain rows with and without a trailing newline', () => {
    expect(fieldsOf('a,b\n1,2\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(fieldsOf('a,b\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('handles CRLF, lone CR and a byte-order mark', () => {
    expect(fieldsOf('\ufeffa,b\r\n1,2\r\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(fieldsOf('a,b\r1,2\r')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('reads quoted fields with delimiters, doubled quotes and line breaks inside', () => {
    const t = parseCsv('name,x\n"a, ""b""",1\n"two\r\nlines",2\nlast,3\n');
    expect(t.records.map((r) => r.fields)).toEqual([
      ['name', 'x'],
      ['a, "b"', '1'],
      ['two\r\nlines', '2'],
      ['last', '3'],
    ]);
    expect(t.records.map((r) => r.row)).toEqual([1, 2, 3, 5]);
    expect(t.problems).toEqual([]);
  });

  it('keeps empty fields and marks blank lines without dropping their row numbers', () => {
    const t = parseCsv('a,b,c\n,,\n\n1,,3\n');
    expect(t.records.map((r) => [r.row, r.blank, r.fields])).toEqual([
      [1, false, ['a', 'b', 'c']],
      [2, false, ['', '', '']],
      [3, true, ['']],
      [4, false, ['1', '', '3']],
    ]);
  });

  it('reports an unterminated quote on its row and carries on with the next line', () => {
    const t = parseCsv('a,b\n1,2\n"3,4\n5,6\n');
    expect(t.error).toBeNull();
    expect(t.problems).toEqual([
      { row: 3, field: 0, reason: expect.stringContaining('unterminated quote in field 1') },
    ]);
    expect(t.records.map((r) => r.row)).toEqual([1, 2, 3, 4]);
    expect(t.records[3]!.fields).toEqual(['5', '6']);
  });

  it('pairs stray quotes across lines rather than failing, and reports the leftovers', () => {
    const t = parseCsv(`a\n${'"x\n'.repeat(5)}`);
    expect(t.error).toBeNull();
    expect(t.problems.map((p) => p.row)).toEqual([2, 4, 6]);
    expect(t.problems.at(-1)!.reason).toContain('unterminated quote');
    expect(t.problems[0]!.reason).toContain('unexpected text after a closing quote');
  });

  it('reports text after a closing quote but keeps the cell text', () => {
    const t = parseCsv('a,b\n"1"x,2\n');
    expect(t.records[1]!.fields).toEqual(['1x', '2']);
    expect(t.problems[0]).toEqual({
      row: 2,
      field: 0,
      reason: 'unexpected text after a closing quote in field 1',
    });
  });

  it('treats a quote inside an unquoted field as text', () => {
    expect(fieldsOf('a\n12"3\n')).toEqual([['a'], ['12"3']]);
  });

  it('detects semicolon and tab delimiters from the header line, ignoring quoted ones', () => {
    expect(detectDelimiter('a;b;c\n1,5;2;3')).toBe(';');
    expect(detectDelimiter('a\tb\n1\t2')).toBe('\t');
    expect(detectDelimiter('"x;y;z",b\n')).toBe(',');
    expect(detectDelimiter('single\n')).toBe(',');
    expect(fieldsOf('a;b\n1,5;2\n')).toEqual([
      ['a', 'b'],
      ['1,5', '2'],
    ]);
  });

  it('returns nothing for empty input', () => {
    expect(parseCsv('')).toEqual({ records: [], problems: [], delimiter: ',', error: null });
  });

  it('refuses text over the size limit before reading it, naming the limit', () => {
    const t = parseCsv('x'.repeat(MAX_CSV_CHARS + 1));
    expect(t.records).toEqual([]);
    expect(t.error).toContain('The file is too big: 20.0 MB, and the limit is 20 MB');
    expect(csvSizeError(MAX_CSV_CHARS)).toBeUndefined();
    expect(csvSizeError(52_428_800)).toContain('52.4 MB');
  });

  it('stops at the row limit with a message naming it', () => {
    const t = parseCsv('a\n1\n2\n3\n4\n', { maxRows: 3 });
    expect(t.error).toContain('more than 3 rows, the limit');
  });

  it('refuses binary content, saying what it looks like or where the first NUL is', () => {
    const error = (text: string) => parseCsv(text).error ?? '';
    expect(error('PK\u0003\u0004\u0000\u0000')).toContain('binary file');
    expect(error('PK\u0003\u0004\u0000\u0000')).toContain('zip archive (an Excel .xlsx');
    expect(error('\ufffdPNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR')).toContain('a PNG image');
    expect(error('\u001f\ufffd\b\u0000')).toContain('gzip-compressed');
    expect(error('%PDF-1.4\n')).toContain('a PDF document');
    expect(error('GIF89a\u0001')).toContain('a GIF image');
    expect(error('a,b\n1,2\n3,\u00004\n')).toBe(
      'This is a binary file, not CSV text: it contains a NUL byte (row 3, character 3). Export the sheet as CSV (comma-separated, UTF-8) and load that.',
    );
    expect(error('a,b\r\n1,2\r3\u0000')).toContain('(row 3, character 2)');
  });

  it('recognises UTF-16 text read as UTF-8, in either byte order', () => {
    const chars = [...'params,tokens,loss\n'];
    const le = `\ufffd\ufffd${chars.map((c) => `${c}\u0000`).join('')}`;
    const be = `\ufffd\ufffd${chars.map((c) => `\u0000${c}`).join('')}`;
    expect(parseCsv(le).error).toContain('This file is UTF-16 text');
    expect(parseCsv(be).error).toContain('This file is UTF-16 text');
  });

  it('applies the row limit to text without quotes before reading it, at the same boundary', () => {
    const lines = (n: number, end: string) => `${'1\n'.repeat(n - 1)}1${end}`;
    for (const end of ['', '\n', '\r\n']) {
      expect(parseCsv(lines(3, end), { maxRows: 3 }).error).toBeNull();
      expect(parseCsv(lines(4, end), { maxRows: 3 }).error).toContain('more than 3 rows');
      expect(parseCsv(`"q"\n${lines(3, end)}`, { maxRows: 3 }).error).toContain('more than 3');
    }
    expect(parseCsv('1\r2\r3\r', { maxRows: 3 }).error).toBeNull();
    expect(parseCsv('1\r2\r3\r4', { maxRows: 3 }).error).toContain('more than 3 rows');
  });

  it('names the field of an unterminated quote and of text after a closing quote', () => {
    expect(parseCsv('a,b,c\n1,2,"3\n').problems).toEqual([
      {
        row: 2,
        field: 2,
        reason: 'unterminated quote in field 3: it opens with " and never closes',
      },
    ]);
    expect(parseCsv('a,b\n1,"2"x\n').problems).toEqual([
      { row: 2, field: 1, reason: 'unexpected text after a closing quote in field 2' },
    ]);
  });
});
