/**
 * What the app derives from its dataset state, computed once per change: the parsed import,
 * the usable runs after exclusions (with their checks), and the points the Surface view draws.
 * Imports are kept for the last few datasets, so Back and Forward between them parse nothing.
 * A large CSV that arrives unparsed is parsed on the CSV worker (src/data/parse-async.ts),
 * never on the UI thread: until it is ready its import is an empty one that says so. A user's
 * file is read through the state's column mapping; an import is reused only for the same one.
 */
import { type ColumnMapping, sameMapping } from '../data/mapping';
import { parseRunsAsync, QUICK_PARSE_CHARS } from '../data/parse-async';
import { parseRuns, type RunsImport } from '../data/runs';
import {
  type DatasetRef,
  importDataset,
  type UsableRuns,
  type UserDatasetRef,
  usableFrom,
} from '../scenario/dataset';
import type { RunSet } from './charts/run-marks';

/** How many datasets' imports are kept. */
const KEPT_IMPORTS = 3;

/** The import shown for a dataset while the worker parses it: no runs, and why. */
export function readingImport(ref: UserDatasetRef): RunsImport {
  const message = `Reading ${ref.name}…`;
  return { ...parseRuns(''), errors: [], notes: [message], fitBlocker: message };
}

/** Memoised views of the dataset references in use and their exclusions. */
export class DatasetCache {
  /** Imports by reference (with the mapping they were read with), the most recently used last. */
  private readonly parsed = new Map<
    DatasetRef,
    { imported: RunsImport; mapping: ColumnMapping | null }
  >();
  /** Stand-in imports of the datasets the worker is parsing, with the mapping asked for. */
  private readonly reading = new Map<
    DatasetRef,
    { imported: RunsImport; mapping: ColumnMapping | null }
  >();
  private kept:
    | { imported: RunsImport; excluded: readonly number[]; usable: UsableRuns }
    | undefined;
  private drawn: { usable: UsableRuns; points: RunSet } | undefined;

  /** `onParsed` is called when the worker has parsed a dataset that was asked for. */
  constructor(private readonly onParsed: () => void = () => {}) {}

  /** Records an import already parsed for `ref` (through `mapping`), so it is not parsed again. */
  remember(ref: DatasetRef, imported: RunsImport, mapping: ColumnMapping | null = null): void {
    this.parsed.delete(ref);
    this.parsed.set(ref, { imported, mapping: mappingFor(ref, mapping) });
    for (const old of this.parsed.keys()) {
      if (this.parsed.size <= KEPT_IMPORTS) break;
      this.parsed.delete(old);
    }
  }

  /**
   * The parsed runs of `ref`. A user CSV over QUICK_PARSE_CHARS that was not parsed yet goes to
   * the worker, and a stand-in (readingImport) is returned until `onParsed` says it is ready.
   */
  imported(ref: DatasetRef, mapping: ColumnMapping | null = null): RunsImport {
    const wanted = mappingFor(ref, mapping);
    const known = this.parsed.get(ref);
    if (known && sameMapping(known.mapping, wanted)) {
      if (this.parsed.size > 1) this.remember(ref, known.imported, known.mapping);
      return known.imported;
    }
    if (ref.source === 'user' && ref.csv.length > QUICK_PARSE_CHARS)
      return this.readLater(ref, wanted);
    const imported = importDataset(ref, wanted);
    this.remember(ref, imported, wanted);
    return imported;
  }

  private readLater(ref: UserDatasetRef, mapping: ColumnMapping | null): RunsImport {
    const waiting = this.reading.get(ref);
    if (waiting && sameMapping(waiting.mapping, mapping)) return waiting.imported;
    const standIn = readingImport(ref);
    const entry = { imported: standIn, mapping };
    this.reading.set(ref, entry);
    void parseRunsAsync(ref.csv, mapping ?? undefined).then((imported) => {
      if (this.reading.get(ref) !== entry) return;
      this.reading.delete(ref);
      this.remember(ref, imported, mapping);
      this.onParsed();
    });
    return standIn;
  }

  /** The runs a fit would use after `excluded`, with their warnings and blocker. */
  usable(
    ref: DatasetRef,
    excluded: readonly number[],
    mapping: ColumnMapping | null = null,
  ): UsableRuns {
    const imported = this.imported(ref, mapping);
    const k = this.kept;
    if (k?.imported === imported && k.excluded === excluded) return k.usable;
    const found = usableFrom(ref, imported, excluded);
    const usable =
      this.reading.get(ref)?.imported === imported
        ? { ...found, blocker: imported.fitBlocker }
        : found;
    this.kept = { imported, excluded, usable };
    return usable;
  }

  /** The runs for the Surface view with the excluded rows (one object while they hold). */
  points(
    ref: DatasetRef,
    excluded: readonly number[],
    mapping: ColumnMapping | null = null,
  ): RunSet {
    const usable = this.usable(ref, excluded, mapping);
    if (this.drawn?.usable === usable) return this.drawn.points;
    const points: RunSet = {
      runs: this.imported(ref, mapping).runs,
      excluded: new Set(excluded),
    };
    this.drawn = { usable, points };
    return points;
  }
}

/** The mapping a reference is read with: a user's file takes the state's, other data none. */
function mappingFor(ref: DatasetRef, mapping: ColumnMapping | null): ColumnMapping | null {
  return ref.source === 'user' ? mapping : null;
}
