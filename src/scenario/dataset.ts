/**
 * Which runs the app works on: the built-in synthetic sweep (by seed), a CSV the user gave (its
 * text), or a CSV a shared link named without carrying it (its name and hash only). Plain data,
 * so the URL codec can carry it; the parsed runs are derived from it.
 */
import { builtinDataset } from '../data/builtin';
import { checkRuns } from '../data/checks';
import { datasetHash } from '../data/hash';
import type { ColumnMapping } from '../data/mapping';
import { parseRuns, type Run, type RunsImport, usableRuns } from '../data/runs';

/** The built-in dataset, identified by its generator seed. */
export interface BuiltinDatasetRef {
  readonly source: 'builtin';
  readonly seed: number;
  readonly name: string;
  readonly hash: string;
}

/** A CSV the user pasted, dropped or picked. */
export interface UserDatasetRef {
  readonly source: 'user';
  readonly name: string;
  readonly csv: string;
  readonly hash: string;
}

/**
 * A CSV a shared link refers to without including it: the receiver knows its name and content
 * hash, so fitted laws stay exact and the same file can be loaded again, but has no runs.
 */
export interface MissingDatasetRef {
  readonly source: 'missing';
  readonly name: string;
  readonly hash: string;
}

export type DatasetRef = BuiltinDatasetRef | UserDatasetRef | MissingDatasetRef;

/** Longest dataset name kept. */
export const MAX_NAME_LENGTH = 200;

/**
 * Control and format characters (bidirectional overrides and isolates, zero-width characters,
 * soft hyphens), line and paragraph separators, and lone surrogates (which no file name holds
 * and no URL can carry).
 */
const HIDDEN_CHARS = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u;
const ALL_HIDDEN_CHARS = new RegExp(HIDDEN_CHARS.source, 'gu');

/** A lone surrogate: text that is not well-formed UTF-16. */
const LONE_SURROGATE = /\p{Cs}/u;

/** True when `text` is well-formed UTF-16 (it survives UTF-8 and URL encoding unchanged). */
export function isWellFormedText(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

/** Why `name` cannot name a dataset (empty, too long, hidden or reordering characters), or null. */
export function datasetNameIssue(name: string): string | null {
  if (typeof name !== 'string' || name.trim() === '') return 'the name is empty';
  if (name.length > MAX_NAME_LENGTH) return `the name is longer than ${MAX_NAME_LENGTH} characters`;
  if (HIDDEN_CHARS.test(name))
    return 'the name contains control, bidirectional or zero-width characters';
  return null;
}

/** A file name made usable as a dataset name: hidden characters removed, trimmed, cut. */
export function cleanDatasetName(name: string): string {
  const cleaned = name.replace(ALL_HIDDEN_CHARS, '').trim().slice(0, MAX_NAME_LENGTH).trim();
  return cleaned === '' ? 'data' : cleaned;
}

/** A reference to data a link named without including it. */
export function missingRef(name: string, hash: string): MissingDatasetRef {
  return { source: 'missing', name, hash };
}

/** The message shown where the runs of a missing dataset would be. */
export function missingDataMessage(ref: MissingDatasetRef): string {
  return `Data not included: the link refers to "${ref.name}" (hash ${ref.hash}) without its runs. The law is exact; load the same CSV to fit again.`;
}

/** References of recently used seeds: generating the dataset to hash it takes a moment. */
const recentBuiltins = new Map<number, BuiltinDatasetRef>();

/** The built-in dataset's reference for a seed. */
export function builtinRef(seed = 1): BuiltinDatasetRef {
  const known = recentBuiltins.get(seed);
  if (known) return known;
  const ds = builtinDataset(seed);
  const ref: BuiltinDatasetRef = {
    source: 'builtin',
    seed,
    name: ds.name,
    hash: datasetHash(ds.runs),
  };
  if (recentBuiltins.size >= 16) recentBuiltins.delete(recentBuiltins.keys().next().value!);
  recentBuiltins.set(seed, ref);
  return ref;
}

/**
 * The parsed runs behind a reference, with the built-in dataset's note added. A user file is
 * read through `mapping` when one is given (the state's column mapping); the built-in data
 * never is.
 */
export function importDataset(ref: DatasetRef, mapping?: ColumnMapping | null): RunsImport {
  if (ref.source === 'user') return parseRuns(ref.csv, mapping ? { mapping } : {});
  if (ref.source === 'missing') {
    const message = missingDataMessage(ref);
    return { ...parseRuns(''), errors: [], notes: [message], fitBlocker: message };
  }
  const ds = builtinDataset(ref.seed);
  const parsed = parseRuns(ds.csv);
  return { ...parsed, notes: [ds.note, ...parsed.notes] };
}

/** Why an import cannot become the dataset (fatal errors or nothing fittable), or null. */
export function importRefusal(imported: RunsImport): string | null {
  if (imported.errors.length > 0) return imported.errors.join(' ');
  return imported.fitBlocker;
}

/**
 * A user dataset reference for CSV text, or the reason it is refused (the caller keeps the
 * last good dataset then). `imported` is `parseRuns(csv)`, passed in to parse once.
 */
export function userRef(
  name: string,
  csv: string,
  imported: RunsImport,
): { ref: UserDatasetRef } | { refused: string } {
  const refused = importRefusal(imported);
  if (refused !== null) return { refused };
  return { ref: { source: 'user', name, csv, hash: imported.hash } };
}

/** The runs a fit would use now, what to warn about them, and whether they can be fitted. */
export interface UsableRuns {
  readonly runs: readonly Run[];
  /** The import's own warnings (units, C mismatches) and the checks on the usable runs. */
  readonly warnings: readonly string[];
  /** Why these runs cannot be fitted, or null. */
  readonly blocker: string | null;
  /** Identifies the data a fit sees (dataset hash and exclusions), to tell when a fit is stale. */
  readonly key: string;
}

/** The usable runs of an import after the user's exclusions. */
export function usableFrom(
  ref: DatasetRef,
  imported: RunsImport,
  excludedRows: readonly number[],
): UsableRuns {
  const runs = usableRuns(imported, new Set(excludedRows));
  const all = imported.checks;
  const importChecks = new Set(all.warnings);
  const checks = runs.length === imported.runs.length ? all : checkRuns(runs);
  return {
    runs,
    warnings: [...imported.warnings.filter((w) => !importChecks.has(w)), ...checks.warnings],
    blocker: ref.source === 'missing' ? missingDataMessage(ref) : checks.fitBlocker,
    key: `${ref.hash}|${excludedRows.join(',')}`,
  };
}

/** Files larger than this are refused before they are read. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

/** Why a file of `bytes` bytes is refused unread, or null when it may be read. */
export function fileSizeRefusal(bytes: number): string | null {
  if (bytes <= MAX_FILE_BYTES) return null;
  const mb = (bytes / 1024 / 1024).toFixed(1);
  return `The file is ${mb} MB; the limit is ${MAX_FILE_BYTES / 1024 / 1024} MB. It was not read.`;
}
