/**
 * What the app derives from its dataset state, computed once per change: the parsed import,
 * the usable runs after exclusions (with their checks), and the points the Surface view draws.
 */
import type { RunsImport } from '../data/runs';
import { type DatasetRef, importDataset, type UsableRuns, usableFrom } from '../scenario/dataset';
import type { RunPoint } from './charts/run-marks';

/** Memoised views of one dataset reference and its exclusions. */
export class DatasetCache {
  private parsed: { ref: DatasetRef; imported: RunsImport } | undefined;
  private kept:
    | { imported: RunsImport; excluded: readonly number[]; usable: UsableRuns }
    | undefined;
  private drawn: { usable: UsableRuns; points: RunPoint[] } | undefined;

  /** Records an import already parsed for `ref`, so it is not parsed again. */
  remember(ref: DatasetRef, imported: RunsImport): void {
    this.parsed = { ref, imported };
  }

  /** The parsed runs of `ref`. */
  imported(ref: DatasetRef): RunsImport {
    if (this.parsed?.ref !== ref) this.parsed = { ref, imported: importDataset(ref) };
    return this.parsed.imported;
  }

  /** The runs a fit would use after `excluded`, with their warnings and blocker. */
  usable(ref: DatasetRef, excluded: readonly number[]): UsableRuns {
    const imported = this.imported(ref);
    const k = this.kept;
    if (k?.imported === imported && k.excluded === excluded) return k.usable;
    const usable = usableFrom(ref, imported, excluded);
    this.kept = { imported, excluded, usable };
    return usable;
  }

  /** Every run as a point for the Surface view, excluded ones flagged. */
  points(ref: DatasetRef, excluded: readonly number[]): RunPoint[] {
    const usable = this.usable(ref, excluded);
    if (this.drawn?.usable === usable) return this.drawn.points;
    const off = new Set(excluded);
    const points = this.imported(ref).runs.map((r) => ({
      N: r.N,
      D: r.D,
      excluded: off.has(r.row),
    }));
    this.drawn = { usable, points };
    return points;
  }
}
