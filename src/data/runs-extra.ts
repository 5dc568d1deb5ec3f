/**
 * The steps of an import that look across rows: several checkpoints of one run reduced to one,
 * a series column with a single value dropped, and (N, D) pairs read with different losses.
 */
import { listRows } from './checks';
import type { ColumnMatch, RunField } from './columns';
import type { CsvRecord } from './csv';
import type { PerRun } from './mapping';
import { quoteCell } from './number';
import { listSeries } from './series';
import type { Run } from './types';

/** A row left out by a per-run reduction, with its reason. */
export interface DroppedRow {
  readonly row: number;
  readonly column: string | null;
  readonly reason: string;
}

/** The runs kept by {@link reducePerRun}, the rows it left out, and a note on them. */
export interface Reduced {
  readonly kept: Run[];
  readonly dropped: readonly DroppedRow[];
  readonly note: string;
}

function runKey(r: Run): string | null {
  return r.group === undefined ? null : `${r.series ?? ''}\u0000${r.group}`;
}

/**
 * Keeps one row per run (group, within its series): the last step or the lowest loss; every
 * other row of the run is dropped with a reason naming the row kept. Rows without a group are
 * runs of their own. `steps` maps a row number to its step.
 */
export function reducePerRun(
  runs: Run[],
  perRun: PerRun,
  steps: ReadonlyMap<number, number>,
  stepHeader: string,
): Reduced {
  if (perRun === 'all') return { kept: runs, dropped: [], note: '' };
  const best = new Map<string, Run>();
  const better = (a: Run, b: Run) =>
    perRun === 'last-step' ? (steps.get(a.row) ?? 0) >= (steps.get(b.row) ?? 0) : a.loss < b.loss;
  for (const r of runs) {
    const key = runKey(r);
    if (key === null) continue;
    const held = best.get(key);
    if (!held || better(r, held)) best.set(key, r);
  }
  const kept: Run[] = [];
  const dropped: DroppedRow[] = [];
  for (const r of runs) {
    const key = runKey(r);
    const winner = key === null ? r : best.get(key)!;
    if (winner === r) {
      kept.push(r);
      continue;
    }
    const reason =
      perRun === 'last-step'
        ? `an earlier checkpoint (${stepHeader} ${steps.get(r.row)}) of run ${quoteCell(r.group!)}; the last step per run is kept (row ${winner.row}, ${stepHeader} ${steps.get(winner.row)})`
        : `a checkpoint of run ${quoteCell(r.group!)} with a higher loss than row ${winner.row}; the lowest loss per run is kept`;
    dropped.push({ row: r.row, column: null, reason });
  }
  const how = perRun === 'last-step' ? 'the last step' : 'the lowest loss';
  const n = dropped.length;
  const note = `Kept ${how} of each run: ${n} other checkpoint${n === 1 ? '' : 's'} left out.`;
  return { kept, dropped, note };
}

/** Most series named in one note before "and k more". */
const MAX_LISTED_SERIES = 12;

/**
 * Runs with their series labels, and a note: a single label is removed (one series behaves
 * as none), several are counted per series.
 */
export function collapseSeries(runs: Run[], header?: string): { runs: Run[]; note: string | null } {
  const series = listSeries(runs);
  if (series.length === 0) return { runs, note: null };
  const where = header === undefined ? 'The series column' : `Column "${header}"`;
  if (series.length === 1) {
    const stripped = runs.map(({ series: _drop, ...rest }) => rest);
    return {
      runs: stripped,
      note: `${where} has one value (${quoteCell(series[0]!.name)}) for every run, so the runs form a single series.`,
    };
  }
  const listed = series
    .slice(0, MAX_LISTED_SERIES)
    .map((s) => `${quoteCell(s.name)} (${s.count} run${s.count === 1 ? '' : 's'})`)
    .join(', ');
  const more =
    series.length > MAX_LISTED_SERIES ? ` and ${series.length - MAX_LISTED_SERIES} more` : '';
  const col = header === undefined ? '' : ` in column "${header}"`;
  return { runs, note: `${series.length} series${col}: ${listed}${more}.` };
}

/**
 * Groups of runs with the same (series, N, D) and more than one loss, in order of first
 * appearance. Rows that all carry different group ids are separate runs (seeds) and do not
 * count.
 */
export function conflictingLosses(runs: readonly Run[]): Run[][] {
  const byKey = new Map<string, Run[]>();
  for (const r of runs) {
    const key = `${r.series ?? ''}\u0000${r.N}\u0000${r.D}`;
    const list = byKey.get(key);
    if (list) list.push(r);
    else byKey.set(key, [r]);
  }
  const out: Run[][] = [];
  for (const list of byKey.values()) {
    if (list.length < 2) continue;
    if (new Set(list.map((r) => r.loss)).size < 2) continue;
    const groups = list.map((r) => r.group);
    if (groups.every((g) => g !== undefined) && new Set(groups).size === list.length) continue;
    out.push(list);
  }
  return out;
}

/** True when column `index` holds different values wherever two rows of a group differ in loss. */
function splits(
  index: number,
  conflicts: readonly Run[][],
  byRow: ReadonlyMap<number, CsvRecord>,
): boolean {
  const cell = (r: Run) => (byRow.get(r.row)?.fields[index] ?? '').trim();
  return conflicts.every((list) =>
    list.every((a) => list.every((b) => a.loss === b.loss || cell(a) !== cell(b))),
  );
}

/**
 * The warning for (N, D) pairs read with different losses when an ignored column tells the
 * rows apart: it names that column as a likely series column. Null when no ignored column
 * does (repeated seeds are the likely reason then, and files that loaded quietly still do).
 */
export function conflictWarning(
  conflicts: readonly Run[][],
  records: readonly CsvRecord[],
  header: readonly string[],
  ignored: readonly string[],
  cols: Partial<Record<RunField, ColumnMatch>>,
): string | null {
  const byRow = new Map(records.map((r) => [r.row, r]));
  const rows = conflicts.slice(0, 5).map((list) => listRows(list.map((r) => r.row)));
  const more = conflicts.length > 5 ? `; and ${conflicts.length - 5} more` : '';
  const n = conflicts.length;
  const within = cols.series ? ' within one series' : '';
  const lead = `${n} (N, D) pair${n === 1 ? '' : 's'} appear${n === 1 ? 's' : ''} more than once${within} with different losses (rows ${rows.join('; ')}${more}).`;
  const ignoredSet = new Set(ignored);
  const candidate = header.findIndex(
    (h, i) =>
      ignoredSet.has(h.trim()) &&
      h.trim() !== '' &&
      !Object.values(cols).some((c) => c?.index === i) &&
      splits(i, conflicts, byRow),
  );
  if (candidate >= 0) {
    return `${lead} Column "${header[candidate]!.trim().slice(0, 40)}" tells them apart: it is likely a series column (a recipe or data mix); map it as series so that each series is fitted on its own.`;
  }
  return null;
}

/**
 * A warning when a step column is read, several rows of one run carry different steps, and
 * every row still counts as a run; null otherwise.
 */
export function stepsWarning(
  runs: readonly Run[],
  perRun: PerRun,
  steps: ReadonlyMap<number, number>,
  cols: Partial<Record<RunField, ColumnMatch>>,
): string | null {
  if (perRun !== 'all' || !cols.step || !cols.group) return null;
  const per = new Map<string, Set<number>>();
  for (const r of runs) {
    const key = runKey(r);
    const step = steps.get(r.row);
    if (key === null || step === undefined) continue;
    const set = per.get(key) ?? new Set<number>();
    set.add(step);
    per.set(key, set);
  }
  const several = [...per.values()].filter((s) => s.size > 1).length;
  if (several === 0) return null;
  return `${several} run${several === 1 ? ' has' : 's have'} several steps in column "${cols.step.header}": each checkpoint counts as a separate run in the fit. Choose "last step per run" or "lowest loss per run" in the column mapping (CLI: --per-run last-step).`;
}
