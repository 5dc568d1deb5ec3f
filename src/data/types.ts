/** Types shared by the import modules and their callers (UI, fitter, URL state). */

import type { RunChecks } from './checks';
import type { ColumnMatch, RunField } from './columns';
import type { CsvDelimiter } from './csv';
import type { ColumnMapping } from './mapping';

/** One usable training run. */
export interface Run {
  /** Row number a spreadsheet shows for this line: the header is row 1, the first data row 2. */
  readonly row: number;
  /** Parameters. */
  readonly N: number;
  /** Training tokens. */
  readonly D: number;
  /** Final loss (nats per token, as given). */
  readonly loss: number;
  /** Training compute in FLOPs: as given, or k N D when the file has none. */
  readonly C: number;
  /** Run id shared by several checkpoints of one run; the bootstrap resamples whole groups. */
  readonly group?: string;
  /** Series label (a recipe, an architecture, a data mix); undefined when the file has one series. */
  readonly series?: string;
  /** Weight of the run, when a weight column is mapped (positive; the fitter does not use it yet). */
  readonly weight?: number;
}

/** A data row that was not used, and why. */
export interface RejectedRow {
  /** Spreadsheet row number, as in {@link Run.row}. */
  readonly row: number;
  /** Header of the first offending column; null when the whole row is at fault. */
  readonly column: string | null;
  /** Plain text (may quote the cell; render as text, never as HTML). */
  readonly reason: string;
}

/** Everything {@link parseRuns} learnt from a file. */
export interface RunsImport {
  /** Usable runs in file order. Empty when `errors` is non-empty. */
  readonly runs: readonly Run[];
  /** Every data row that was not used (blank lines excepted, which a note counts). */
  readonly rejected: readonly RejectedRow[];
  /** Neutral facts: derived columns, ignored columns, groups, blank lines. */
  readonly notes: readonly string[];
  /** Problems that weaken a fit or suggest a mistake, but do not stop the import. */
  readonly warnings: readonly string[];
  /** Fatal problems: nothing was imported. Keep the last good dataset. */
  readonly errors: readonly string[];
  /** Why the usable runs cannot be fitted at all (too few, identical, constant N or D), or null. */
  readonly fitBlocker: string | null;
  /**
   * The checks on all the runs (checks.ts; their warnings are also in `warnings`), kept so that
   * the UI need not run them again on a large import while nothing is excluded.
   */
  readonly checks: RunChecks;
  /** datasetHash(runs) (hash.ts), worked out where the file was parsed (a worker, for a big one). */
  readonly hash: string;
  /** Which header matched which field. */
  readonly columns: Partial<Record<RunField, ColumnMatch>>;
  /** Data rows read (blank lines excluded): runs.length + rejected.length. */
  readonly dataRows: number;
  readonly delimiter: CsvDelimiter;
  /**
   * What the loss column is called: its header (e.g. `eval/paloma/c4_en/bpb`), or `loss`
   * when nothing was read.
   */
  readonly lossLabel: string;
  /** The header row's non-empty cells, trimmed, in file order ([] when there is no header). */
  readonly headers: readonly string[];
  /**
   * The mapping in effect: the one given, or the automatic header match written as one; when
   * the import failed on its columns, the best guess for the mapping step to start from.
   */
  readonly mapping: ColumnMapping;
  /**
   * True when the file was refused for its columns but a mapping could still read it (it has
   * at least three columns): the UI shows the mapping step instead of only the errors.
   */
  readonly needsMapping: boolean;
}
