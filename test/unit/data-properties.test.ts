/**
 * Property tests (fast-check) for the CSV reader, the run import and the number parser: round
 * trips of arbitrary tables, no throw on arbitrary text, row numbers that point at real lines,
 * and suffixed numbers whose value is mantissa times the suffix's factor. Seeded, so a failure
 * reproduces; fast-check prints the shrunk counterexample.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CsvDelimiter, parseCsv } from '../../src/data/csv';
import { parseQuantity } from '../../src/data/number';
import { parseRuns } from '../../src/data/runs';

const SEED = 20240607;
const runs = (numRuns: number) => ({ seed: SEED, numRuns });

/** Line breaks the way a spreadsheet counts rows: LF, CR LF, or a lone CR. */
function physicalLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

function lineBreaks(text: string): number {
  return physicalLines(text).length - 1;
}

/** A minimal RFC 4180 writer: quotes a field when it must, doubling quotes inside it. */
function writeCsv(table: readonly string[][], delimiter: CsvDelimiter, eol: string): string {
  const field = (f: string, onlyField: boolean) => {
    const must =
      f.includes(delimiter) ||
      f.includes('"') ||
      f.includes('\r') ||
      f.includes('\n') ||
      f.startsWith('\ufeff') ||
      (onlyField && f === '');
    return must ? `"${f.replaceAll('"', '""')}"` : f;
  };
  return table.map((row) => row.map((f) => field(f, row.length === 1)).join(delimiter)).join(eol);
}

/** Characters that matter to a CSV reader, mixed with arbitrary text. */
const csvChar = fc.constantFrom(
  '"',
  ',',
  ';',
  '\t',
  '\r',
  '\n',
  ' ',
  'a',
  '1',
  'e',
  '.',
  '-',
  '\ufeff',
  '\u202e',
  'é',
  '\u0000',
);
const csvish = fc.oneof(
  fc
    .array(fc.oneof(csvChar, fc.string({ maxLength: 3 })), { maxLength: 80 })
    .map((a) => a.join('')),
  fc.string({ unit: 'binary', maxLength: 200 }),
);

/** Arbitrary cell text without NUL (a NUL near the start makes the file binary, by design). */
const cell = fc
  .oneof(
    fc.string({ unit: 'binary', maxLength: 12 }),
    fc.array(csvChar, { maxLength: 8 }).map((a) => a.join('')),
  )
  .map((s) => s.replaceAll('\u0000', ''));

const table = fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), {
  minLength: 1,
  maxLength: 12,
});

describe('parseCsv properties', () => {
  it('reads back any table written by a quoting writer, with the row each record starts on', () => {
    fc.assert(
      fc.property(
        table,
        fc.constantFrom<CsvDelimiter>(',', ';', '\t'),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.boolean(),
        (rows, delimiter, eol, trailing) => {
          const text = writeCsv(rows, delimiter, eol) + (trailing ? eol : '');
          const t = parseCsv(text, { delimiter });
          expect(t.error).toBeNull();
          expect(t.problems).toEqual([]);
          expect(t.records.map((r) => r.fields)).toEqual(rows);
          let row = 1;
          t.records.forEach((r, i) => {
            expect(r.row).toBe(row);
            row += lineBreaks(writeCsv([rows[i]!], delimiter, eol)) + 1;
          });
        },
      ),
      runs(500),
    );
  });

  it('never throws on arbitrary text, and every row number points at the line it names', () => {
    fc.assert(
      fc.property(csvish, (text) => {
        const t = parseCsv(text);
        if (t.error !== null) {
          expect(t.records).toEqual([]);
          expect(t.error.length).toBeGreaterThan(20);
          return;
        }
        const lines = physicalLines(text.replace(/^\ufeff/, ''));
        const rows = t.records.map((r) => r.row);
        for (let i = 1; i < rows.length; i++) expect(rows[i]!).toBeGreaterThan(rows[i - 1]!);
        for (const r of t.records) {
          expect(r.row).toBeGreaterThanOrEqual(1);
          expect(r.row).toBeLessThanOrEqual(lines.length);
          expect(r.fields.length).toBeGreaterThanOrEqual(1);
          const line = lines[r.row - 1]!;
          // The record starts on that line: with its first field as written, or a quote.
          const first = r.fields[0]!;
          expect(line.startsWith('"') || line.startsWith(first)).toBe(true);
        }
        const recordRows = new Set(rows);
        for (const p of t.problems) {
          expect(recordRows.has(p.row)).toBe(true);
          expect(p.reason.length).toBeGreaterThan(10);
        }
      }),
      runs(2000),
    );
  });
});

describe('parseRuns properties', () => {
  const header = fc.constantFrom('params,tokens,loss', 'N,D,L,group', 'params,flops,loss', 'x,y');
  const numberish = fc.oneof(
    fc.double().map(String),
    fc.constantFrom('1e9', '2e10', '3.1', '-0', '0', '1e309', '5e-324', 'NaN', '=1+1', '70B'),
    cell,
  );
  const rowText = fc.array(numberish, { minLength: 0, maxLength: 5 }).map((a) => a.join(','));
  const file = fc.oneof(
    fc.tuple(header, fc.array(rowText, { maxLength: 15 })).map(([h, r]) => [h, ...r].join('\n')),
    csvish,
  );

  it('never throws; every data row is used or rejected on a real line with a reason', () => {
    fc.assert(
      fc.property(file, (text) => {
        const r = parseRuns(text);
        const lines = physicalLines(text.replace(/^\ufeff/, '')).length;
        if (r.errors.length > 0) {
          expect(r.runs).toEqual([]);
          for (const e of r.errors) expect(e.length).toBeGreaterThan(20);
          return;
        }
        expect(r.runs.length + r.rejected.length).toBe(r.dataRows);
        for (const x of [...r.runs, ...r.rejected]) {
          expect(x.row).toBeGreaterThanOrEqual(2);
          expect(x.row).toBeLessThanOrEqual(lines);
        }
        for (const x of r.rejected) expect(x.reason.length).toBeGreaterThan(5);
        for (const run of r.runs) {
          for (const v of [run.N, run.D, run.loss, run.C]) {
            expect(Number.isFinite(v) && v > 0).toBe(true);
          }
          expect(run.N).toBeGreaterThanOrEqual(1);
          expect(run.D).toBeGreaterThanOrEqual(1);
        }
      }),
      runs(1500),
    );
  });
});

/** The documented grammar of a number cell, written independently of the parser's patterns. */
function inGrammar(s: string): boolean {
  const t = s.trim();
  const mantissa = '[+-]?(\\d+\\.?\\d*|\\.\\d+)';
  return (
    new RegExp(`^${mantissa}([eE][+-]?\\d+)?$`).test(t) ||
    new RegExp(`^${mantissa} ?[kmbgtKMBGT]$`).test(t)
  );
}

const SUFFIX_FACTORS: Readonly<Record<string, number>> = {
  k: 1e3,
  m: 1e6,
  b: 1e9,
  g: 1e9,
  t: 1e12,
};

describe('parseQuantity properties', () => {
  const junk = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc
      .array(
        fc.constantFrom(
          '1',
          '0',
          '9',
          '.',
          'e',
          'E',
          '+',
          '-',
          ' ',
          'k',
          'M',
          'B',
          'T',
          'x',
          ',',
          '_',
          '\u00a0',
        ),
        { maxLength: 12 },
      )
      .map((a) => a.join('')),
  );

  it('never throws and never returns a non-finite value; refusals carry a reason', () => {
    fc.assert(
      fc.property(junk, (s) => {
        const r = parseQuantity(s);
        if (r.ok) {
          expect(Number.isFinite(r.value)).toBe(true);
          expect(inGrammar(s)).toBe(true);
        } else {
          expect(r.reason.length).toBeGreaterThan(5);
        }
      }),
      runs(5000),
    );
  });

  it('accepts what the grammar allows unless it overflows or underflows to 0', () => {
    fc.assert(
      fc.property(junk.filter(inGrammar), (s) => {
        const r = parseQuantity(s);
        if (!r.ok) expect(r.reason).toMatch(/too (large|small) for a 64-bit float/);
      }),
      runs(2000),
    );
  });

  it('reads any finite double written by String() or toExponential() back exactly', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        for (const text of [String(x), x.toExponential(), x.toExponential(20)]) {
          const r = parseQuantity(text);
          expect(r.ok).toBe(true);
          if (r.ok) expect(r.value === x || (r.value === 0 && x === 0)).toBe(true);
        }
      }),
      runs(2000),
    );
  });

  it('a suffixed number is the mantissa times the suffix factor, in any case, with or without a space', () => {
    const mantissa = fc
      .tuple(
        fc.constantFrom('', '+', '-'),
        fc.nat({ max: 99999 }),
        fc.option(fc.nat({ max: 9999 })),
      )
      .map(([sign, int, frac]) => `${sign}${int}${frac === null ? '' : `.${frac}`}`);
    fc.assert(
      fc.property(
        mantissa,
        fc.constantFrom('k', 'K', 'm', 'M', 'b', 'B', 'g', 'G', 't', 'T'),
        fc.constantFrom('', ' '),
        (m, suffix, space) => {
          const r = parseQuantity(`${m}${space}${suffix}`);
          expect(r).toEqual({ ok: true, value: Number(m) * SUFFIX_FACTORS[suffix.toLowerCase()]! });
        },
      ),
      runs(2000),
    );
  });

  it('refuses an exponent combined with a suffix, and a number followed by other letters', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 999 }),
        fc.integer({ min: -30, max: 30 }),
        fc.constantFrom('k', 'M', 'B', 'T'),
        fc.stringMatching(/^[a-zA-Z]{2,4}$/),
        (int, exp, suffix, word) => {
          const mixed = parseQuantity(`${int}e${exp}${suffix}`);
          expect(mixed.ok).toBe(false);
          if (!mixed.ok) expect(mixed.reason).toContain('mixes an exponent with a suffix');
          const unknown = parseQuantity(`${int}${word}`);
          expect(unknown.ok).toBe(false);
        },
      ),
      runs(1000),
    );
  });
});
