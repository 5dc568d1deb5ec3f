/** Reads the hostile-CSV corpus: the files beside this one and what each must produce. */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The corpus folder. */
export const CSV_CORPUS_DIR = dirname(fileURLToPath(import.meta.url));

/**
 * What a corpus file must produce (expected.json). `error` and `rejected` hold one or more
 * substrings that must all appear; a missing key means "none" for errors and rejections.
 */
export interface CsvExpectation {
  readonly error?: string | string[];
  readonly rejected?: string | string[];
  readonly rejectedRows?: number[];
  /** Column of the first rejected row. */
  readonly rejectedColumn?: string;
  /** Column of every rejected row, in order (null: the whole row is at fault). */
  readonly rejectedColumns?: (string | null)[];
  readonly warning?: string;
  readonly note?: string;
  readonly runs?: number;
}

/** expected.json: every corpus file by name, with what it must produce. */
export function csvExpectations(): Record<string, CsvExpectation> {
  return JSON.parse(readFileSync(join(CSV_CORPUS_DIR, 'expected.json'), 'utf8'));
}

/** The corpus's CSV file names. */
export function csvCorpusFiles(): string[] {
  return readdirSync(CSV_CORPUS_DIR).filter((f) => f.endsWith('.csv'));
}

/** A bad file is one that is refused or has a rejected row. */
export const isBadCsv = (e: CsvExpectation) => e.error !== undefined || e.rejected !== undefined;

/** One or several expected substrings as a list. */
export const expectedTexts = (x: string | string[]) => (Array.isArray(x) ? x : [x]);
