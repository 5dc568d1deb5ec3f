/**
 * The app's dataset cache: imports kept for the last few datasets (by reference), a remembered
 * import used as it is, and a large CSV that arrives unparsed read by the async parser (the
 * worker in a browser; in Node the same call on this thread), with a stand-in import that says
 * so until it is ready.
 */
import { describe, expect, test } from 'vitest';
import { QUICK_PARSE_CHARS } from '../../src/data/parse-async';
import { parseRuns } from '../../src/data/runs';
import {
  builtinRef,
  importDataset,
  type UserDatasetRef,
  userRef,
} from '../../src/scenario/dataset';
import { DatasetCache } from '../../src/ui/dataset-cache';

function runsCsv(rows: number, loss = 2.5): string {
  const lines = ['params,tokens,loss'];
  for (let i = 0; i < rows; i++) lines.push(`${1e8 + 1000 * i},${2e9 + 7e5 * (i % 97)},${loss}`);
  return lines.join('\n');
}

function user(name: string, csv: string): UserDatasetRef {
  const made = userRef(name, csv, parseRuns(csv));
  if (!('ref' in made)) throw new Error(made.refused);
  return made.ref;
}

describe('DatasetCache', () => {
  test('keeps the imports of the last three datasets, and parses a small CSV at once', () => {
    const cache = new DatasetCache();
    const refs = [user('a.csv', runsCsv(20)), user('b.csv', runsCsv(30)), builtinRef(1)];
    const first = refs.map((r) => cache.imported(r));
    expect(first[0]).toEqual(parseRuns(runsCsv(20)));
    expect(first[2]).toEqual(importDataset(builtinRef(1)));
    expect(refs.map((r) => cache.imported(r))).toEqual(first);
    for (const [i, r] of refs.entries()) expect(cache.imported(r)).toBe(first[i]);
    cache.imported(user('c.csv', runsCsv(40)));
    expect(cache.imported(refs[1]!)).toBe(first[1]);
    // a.csv was the least recently used: it is parsed again.
    const again = cache.imported(refs[0]!);
    expect(again).not.toBe(first[0]);
    expect(again).toEqual(first[0]);
  });

  test('a remembered import is used as it is', () => {
    const cache = new DatasetCache();
    const ref = user('a.csv', runsCsv(20));
    const imported = parseRuns(runsCsv(20));
    cache.remember(ref, imported);
    expect(cache.imported(ref)).toBe(imported);
    expect(cache.usable(ref, []).runs).toEqual(imported.runs);
  });

  test('a large CSV is read asynchronously, with a stand-in that blocks fits until then', async () => {
    let parsed = 0;
    const cache = new DatasetCache(() => parsed++);
    const csv = runsCsv(20_000);
    expect(csv.length).toBeGreaterThan(QUICK_PARSE_CHARS);
    const ref = user('big.csv', csv);
    const standIn = cache.imported(ref);
    expect(standIn.runs).toEqual([]);
    expect(standIn.notes).toEqual(['Reading big.csv…']);
    expect(cache.imported(ref)).toBe(standIn);
    expect(cache.usable(ref, []).blocker).toBe('Reading big.csv…');
    expect(cache.points(ref, []).runs).toEqual([]);
    expect(parsed).toBe(0);
    await expect.poll(() => parsed).toBe(1);
    const imported = cache.imported(ref);
    expect(imported).toEqual(parseRuns(csv));
    expect(cache.usable(ref, []).runs).toHaveLength(20_000);
    expect(cache.usable(ref, []).blocker).toBeNull();
    const excluded = [2];
    const points = cache.points(ref, excluded);
    expect(points.runs[0]).toMatchObject({ N: 1e8, D: 2e9, row: 2 });
    expect([...points.excluded]).toEqual([2]);
    expect(cache.points(ref, excluded)).toBe(points);
    expect(parsed).toBe(1);
  });
});
