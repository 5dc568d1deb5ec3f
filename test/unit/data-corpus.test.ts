/**
 * The CSV corpus (test/corpus/csv): every file with what it must produce in expected.json, plus
 * hostile inputs too big to commit, generated here: 50 MB, 1,000,001 rows, a 1 MB cell and
 * 10,000 columns. Each bad input yields a specific message (row, column, reason) and no throw.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_CSV_ROWS, parseCsv } from '../../src/data/csv';
import { parseRuns, type RunsImport } from '../../src/data/runs';
import { CSV_CORPUS_DIR, csvExpectations, expectedTexts, isBadCsv } from '../corpus/csv/load';

const dir = CSV_CORPUS_DIR;
const expected = csvExpectations();
const isBad = isBadCsv;
const all = expectedTexts;

/** Longest message allowed: a hostile cell or header must not blow a message up. */
const MAX_MESSAGE = 1000;

function messagesOf(r: RunsImport): string[] {
  return [...r.errors, ...r.warnings, ...r.notes, ...r.rejected.map((x) => x.reason)];
}

/** A good run row and the header it goes with. */
const HEADER = 'params,tokens,loss';
const ROW = '1000000000,20000000000,2.5';

describe('CSV corpus (test/corpus/csv)', () => {
  it('lists every file in expected.json and has at least 60 bad files', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.csv'));
    expect(Object.keys(expected).sort()).toEqual(files.sort());
    expect(Object.values(expected).filter(isBad).length).toBeGreaterThanOrEqual(60);
  });

  it.each(Object.entries(expected))('%s', (file, e) => {
    const r = parseRuns(readFileSync(resolve(dir, file), 'utf8'));
    if (e.error) {
      for (const s of all(e.error)) expect(r.errors.join('\n')).toContain(s);
      expect(r.runs).toEqual([]);
    } else {
      expect(r.errors).toEqual([]);
    }
    if (e.rejected) {
      for (const s of all(e.rejected)) {
        expect(r.rejected.map((x) => x.reason).join('\n')).toContain(s);
      }
    } else {
      expect(r.rejected).toEqual([]);
    }
    if (e.rejectedRows) expect(r.rejected.map((x) => x.row)).toEqual(e.rejectedRows);
    if (e.rejectedColumn) expect(r.rejected[0]?.column).toBe(e.rejectedColumn);
    if (e.rejectedColumns) expect(r.rejected.map((x) => x.column)).toEqual(e.rejectedColumns);
    if (e.warning) expect(r.warnings.join('\n')).toContain(e.warning);
    if (e.note) expect(r.notes.join('\n')).toContain(e.note);
    if (e.runs !== undefined) expect(r.runs).toHaveLength(e.runs);
    expect(r.runs.length + r.rejected.length).toBe(r.dataRows);
    for (const m of messagesOf(r)) expect(m.length).toBeLessThanOrEqual(MAX_MESSAGE);
  });

  it('every rejected row of a bad file names its row and a reason', () => {
    for (const [file, e] of Object.entries(expected)) {
      if (!e.rejected) continue;
      const r = parseRuns(readFileSync(resolve(dir, file), 'utf8'));
      for (const x of r.rejected) {
        expect(x.row, file).toBeGreaterThan(1);
        expect(x.reason.length, file).toBeGreaterThan(5);
      }
    }
  });
});

describe('hostile inputs generated at run time', () => {
  it('a 50 MB file is refused by its size before it is read, naming the limit', () => {
    const big = `${HEADER}\n${`${ROW}\n`.repeat(1_900_000)}`;
    expect(big.length).toBeGreaterThan(50_000_000);
    const r = parseRuns(big);
    expect(r.runs).toEqual([]);
    expect(r.errors).toEqual([
      expect.stringContaining(
        `The file is too big: ${(big.length / 1e6).toFixed(1)} MB, and the limit is 20 MB`,
      ),
    ]);
  });

  it('1,000,001 data rows are refused with the row limit, with and without quotes', () => {
    const rows = '1,2,3\n'.repeat(MAX_CSV_ROWS + 1);
    for (const header of [HEADER, '"params",tokens,loss']) {
      const r = parseRuns(`${header}\n${rows}`);
      expect(r.runs).toEqual([]);
      expect(r.errors).toEqual([
        expect.stringContaining('The file has more than 1,000,000 rows, the limit.'),
      ]);
    }
  });

  it('exactly 1,000,000 rows (header included) are read', () => {
    const t = parseCsv(`params\n${'1\n'.repeat(MAX_CSV_ROWS - 1)}`);
    expect(t.error).toBeNull();
    expect(t.records).toHaveLength(MAX_CSV_ROWS);
    expect(t.records.at(-1)?.row).toBe(MAX_CSV_ROWS);
  });

  it('a 1 MB cell is rejected on its row and column, and quoted cut to 40 characters', () => {
    const cell = '7'.repeat(1_000_000);
    const r = parseRuns(`${HEADER}\n${ROW}\n1e9,${cell},2.5\n${ROW}\n`);
    expect(r.rejected).toEqual([
      {
        row: 3,
        column: 'tokens',
        reason: `"${'7'.repeat(40)}…" is 1,000,000 characters long; a number cell has at most 400`,
      },
    ]);
    expect(r.runs.map((x) => x.row)).toEqual([2, 4]);
  });

  it('a 1 MB header cell and a 1 MB unquoted text cell keep every message short', () => {
    const long = `<script>${'x'.repeat(1_000_000)}</script>`;
    const a = parseRuns(`${long},tokens,loss\n${ROW}\n`);
    expect(a.errors[0]).toContain('Missing a column for parameters (N)');
    expect(a.errors[0]).toContain(`"<script>${'x'.repeat(32)}…"`);
    const b = parseRuns(`${HEADER},notes\n${ROW},${long}\n${long},2e9,3\n`);
    expect(b.rejected).toEqual([
      {
        row: 3,
        column: 'params',
        reason: `"<script>${'x'.repeat(32)}…" is 1,000,017 characters long; a number cell has at most 400`,
      },
    ]);
    for (const m of [...messagesOf(a), ...messagesOf(b)]) {
      expect(m.length).toBeLessThanOrEqual(MAX_MESSAGE);
    }
  });

  it('a row with 10,000 columns is rejected with the field counts', () => {
    const wide = Array.from({ length: 10_000 }, (_, i) => String(i + 1)).join(',');
    const r = parseRuns(`${HEADER}\n${ROW}\n${wide}\n${ROW}\n`);
    expect(r.rejected).toEqual([
      {
        row: 3,
        column: null,
        reason:
          'the row has 10000 fields but the header has 3 (field 4 is "4"); an unquoted comma (a thousands separator, say) splits a cell in two',
      },
    ]);
    expect(r.runs).toHaveLength(2);
  });

  it('a header with 10,000 columns lists at most 12 of them in any message', () => {
    const names = Array.from({ length: 10_000 }, (_, i) => `col${i}`);
    const missing = parseRuns(`${names.join(',')}\n${names.map(() => '1').join(',')}\n`);
    expect(missing.errors[0]).toContain('"col11" and 9988 more.');
    const extra = parseRuns(
      `${HEADER},${names.join(',')}\n${ROW},${names.map(() => '').join(',')}\n`,
    );
    expect(extra.errors).toEqual([]);
    expect(extra.notes.join('\n')).toContain('Ignored columns: "col0", "col1",');
    expect(extra.notes.join('\n')).toContain('and 9988 more.');
    for (const m of [...messagesOf(missing), ...messagesOf(extra)]) {
      expect(m.length).toBeLessThanOrEqual(MAX_MESSAGE);
    }
  });
});
