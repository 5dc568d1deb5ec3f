/** Helpers shared by the CLI tests: a temporary built-in dataset CSV and captured streams. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinDataset } from '../../src/data/builtin';

/** A fresh temporary folder holding the built-in dataset as `builtin.csv`. */
export function builtinCsv(prefix: string): { dir: string; csvPath: string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const csvPath = join(dir, 'builtin.csv');
  writeFileSync(csvPath, builtinDataset(1).csv);
  return { dir, csvPath };
}

/** Streams for the CLI's main() that keep what was written. */
export function capture() {
  let out = '';
  let err = '';
  return {
    streams: {
      out: { write: (t: string) => (out += t) },
      err: { write: (t: string) => (err += t) },
    },
    out: () => out,
    err: () => err,
  };
}
