/**
 * Which runs the app works on: the built-in synthetic sweep (by seed) or a CSV the user gave
 * (its text). Plain data, so the URL codec can carry it; the parsed runs are derived from it.
 */
import { builtinDataset } from '../data/builtin';
import { checkRuns } from '../data/checks';
import { datasetHash } from '../data/hash';
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

export type DatasetRef = BuiltinDatasetRef | UserDatasetRef;

/** The built-in dataset's reference for a seed. */
export function builtinRef(seed = 1): BuiltinDatasetRef {
  const ds = builtinDataset(seed);
  return { source: 'builtin', seed, name: ds.name, hash: datasetHash(ds.runs) };
}

/** The parsed runs behind a reference, with the built-in dataset's note added. */
export function importDataset(ref: DatasetRef): RunsImport {
  if (ref.source === 'user') return parseRuns(ref.csv);
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
  return { ref: { source: 'user', name, csv, hash: datasetHash(imported.runs) } };
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
  const importChecks = new Set(checkRuns(imported.runs).warnings);
  const checks = checkRuns(runs);
  return {
    runs,
    warnings: [...imported.warnings.filter((w) => !importChecks.has(w)), ...checks.warnings],
    blocker: checks.fitBlocker,
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
