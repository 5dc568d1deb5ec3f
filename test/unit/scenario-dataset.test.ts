/**
 * The app's dataset state: what it opens on, which imports replace the dataset and which are
 * refused with a specific message (the bad-input list), exclusions, and the law source.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { builtinDataset } from '../../src/data/builtin';
import { parseRuns } from '../../src/data/runs';
import { DEFAULT_FIT_OPTIONS } from '../../src/fit/types';
import { findPreset } from '../../src/law/presets';
import {
  builtinRef,
  fileSizeRefusal,
  importDataset,
  MAX_FILE_BYTES,
  usableFrom,
  userRef,
} from '../../src/scenario/dataset';
import {
  DEFAULT_STATE,
  withChanges,
  withDataset,
  withFittedLaw,
  withLaw,
  withPreset,
  withRowExcluded,
} from '../../src/scenario/state';

const corpus = (name: string) =>
  readFileSync(new URL(`../corpus/csv/${name}`, import.meta.url), 'utf8');

/** What happens when the app is given a corpus file. */
function offer(name: string) {
  const text = corpus(name);
  const imported = parseRuns(text);
  return { imported, made: userRef(name, text, imported) };
}

describe('dataset state', () => {
  test('opens on the built-in sweep, Surface view first, default fit options, no exclusions', () => {
    const ds = builtinDataset(1);
    expect(DEFAULT_STATE.dataset).toEqual(builtinRef(1));
    expect(DEFAULT_STATE.dataset.name).toBe(ds.name);
    expect(DEFAULT_STATE.view).toBe('surface');
    expect(DEFAULT_STATE.excludedRows).toEqual([]);
    expect(DEFAULT_STATE.fitOptions).toEqual(DEFAULT_FIT_OPTIONS);
    expect(DEFAULT_STATE.lawSource).toBe('preset');
    const imported = importDataset(DEFAULT_STATE.dataset);
    expect(imported.runs).toHaveLength(ds.runs.length);
    expect(imported.notes[0]).toMatch(/^Synthetic data, not real training runs/);
  });
  test('the state is plain data: it survives a JSON round trip', () => {
    const s = withRowExcluded(
      withFittedLaw(DEFAULT_STATE, { ...DEFAULT_STATE.law, E: 1.7 }),
      5,
      true,
    );
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });
  test('exclusions are sorted row numbers, toggled one at a time, cleared by a new dataset', () => {
    let s = withRowExcluded(DEFAULT_STATE, 9, true);
    s = withRowExcluded(s, 3, true);
    s = withRowExcluded(s, 9, true);
    expect(s.excludedRows).toEqual([3, 9]);
    expect(withRowExcluded(s, 3, false).excludedRows).toEqual([9]);
    const { made } = offer('bom-crlf.csv');
    expect('ref' in made).toBe(true);
    if ('ref' in made) expect(withDataset(s, made.ref).excludedRows).toEqual([]);
    expect(DEFAULT_STATE.excludedRows).toEqual([]);
  });
  test('a fitted law is marked fit; any later edit or preset makes it custom or preset', () => {
    const law = { E: 1.8, A: 406, B: 2124, alpha: 0.3375, beta: 0.3665 };
    const fitted = withFittedLaw(withChanges(DEFAULT_STATE, { view: 'fit' }), law);
    expect(fitted.lawSource).toBe('fit');
    expect(fitted.law).toBe(law);
    expect(fitted.view).toBe('fit');
    expect(withLaw(fitted, { ...law, alpha: 0.34 }).lawSource).toBe('custom');
    expect(withPreset(fitted, 'besiroglu2024').lawSource).toBe('preset');
    expect(withLaw(fitted, findPreset('hoffmann2022')!.law).lawSource).toBe('preset');
  });
});

describe('bad input keeps the last good dataset, with a specific message', () => {
  const refused: [string, RegExp][] = [
    ['empty.csv', /The file is empty/],
    ['wrong-headers.csv', /Missing a column for parameters/],
    ['dup-header.csv', /Duplicate header "loss"/],
    ['one-row.csv', /Only 1 usable run/],
    ['all-identical.csv', /All 8 usable runs are identical/],
    ['header-only.csv', /no data rows/],
  ];
  test.each(refused)('%s is refused', (name, message) => {
    const { made } = offer(name);
    expect('refused' in made && made.refused).toMatch(message);
  });
  const partly: [string, number, string | null, RegExp][] = [
    ['text-in-numeric.csv', 4, 'tokens', /"abc" is not a number/],
    ['zero-value.csv', 2, null, /is 0; parameters \(N\) must be greater than 0/],
    ['negative-value.csv', 7, 'loss', /is negative/],
    ['nan.csv', 3, null, /not a finite number/],
    ['infinity.csv', 5, null, /not a finite number/],
  ];
  test.each(partly)('%s loads the good rows and lists row %i', (name, row, column, reason) => {
    const { imported, made } = offer(name);
    expect('ref' in made).toBe(true);
    const rejected = imported.rejected.find((r) => r.row === row)!;
    expect(rejected.reason).toMatch(reason);
    if (column) expect(rejected.column).toBe(column);
  });
  test('a BOM and CRLF line ends load cleanly', () => {
    const { imported, made } = offer('bom-crlf.csv');
    expect('ref' in made).toBe(true);
    expect(imported.runs).toHaveLength(12);
    expect(imported.rejected).toEqual([]);
  });
  test('a 50 MB file is refused before it is read; pasted, the parser refuses it too', () => {
    expect(fileSizeRefusal(50 * 1024 * 1024)).toBe(
      'The file is 50.0 MB; the limit is 20 MB. It was not read.',
    );
    expect(fileSizeRefusal(MAX_FILE_BYTES)).toBeNull();
    const big = `params,tokens,loss\n${'1e9,2e10,2.5\n'.repeat(1_700_000)}`;
    const imported = parseRuns(big);
    const made = userRef('pasted', big, imported);
    expect('refused' in made && made.refused).toMatch(/limit|too large|characters/i);
  });
  test('a CSV whose only rows are bad is refused and lists each row, column and reason', () => {
    const text = 'params,tokens,loss\n1e9,abc,2.5\n<b>1e9</b>,2e10,2.4\n';
    const imported = parseRuns(text);
    const made = userRef('pasted', text, imported);
    expect('refused' in made).toBe(true);
    expect(imported.rejected.map((r) => [r.row, r.column])).toEqual([
      [2, 'tokens'],
      [3, 'params'],
    ]);
  });
});

describe('usable runs', () => {
  const ref = DEFAULT_STATE.dataset;
  const imported = importDataset(ref);
  test('exclusions remove rows, change the key, and re-run the checks', () => {
    const all = usableFrom(ref, imported, []);
    expect(all.runs).toHaveLength(imported.runs.length);
    expect(all.blocker).toBeNull();
    const rows = imported.runs.map((r) => r.row);
    const some = usableFrom(ref, imported, rows.slice(0, 3));
    expect(some.runs).toHaveLength(rows.length - 3);
    expect(some.key).not.toBe(all.key);
    const few = usableFrom(ref, imported, rows.slice(3));
    expect(few.blocker).toMatch(/Only 3 usable runs/);
  });
});
