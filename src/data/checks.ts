/**
 * Checks on a set of usable runs that make a fit weak or impossible. Run them again after the
 * user excludes rows: {@link checkRuns} depends only on the runs it is given.
 */
import { formatQuantity } from './number';
import type { Run } from './types';

/** Free parameters of the law (E, A, B, alpha, beta): fewer runs than this cannot be fitted. */
export const LAW_FREE_PARAMETERS = 5;
/** Below this many runs a fit is possible but its parameters are poorly determined. */
export const MIN_RUNS_FOR_MEANINGFUL_FIT = 10;
/** N and D should each span at least this many decades. */
export const MIN_SPAN_DECADES = 1;
/** Most row numbers listed in one message before "and k more". */
export const MAX_LISTED_ROWS = 10;

/** Warnings on a run set, and the reason a fit cannot run at all (null when it can). */
export interface RunChecks {
  readonly warnings: readonly string[];
  readonly fitBlocker: string | null;
}

/** Lists row numbers, at most {@link MAX_LISTED_ROWS}, then "and k more". */
export function listRows(rows: readonly number[]): string {
  const shown = rows.slice(0, MAX_LISTED_ROWS).join(', ');
  const more = rows.length - MAX_LISTED_ROWS;
  return more > 0 ? `${shown} and ${more} more` : shown;
}

function span(values: readonly number[]): { min: number; max: number; decades: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max, decades: Math.log10(max / min) };
}

const hashF64 = new Float64Array(1);
const hashU32 = new Uint32Array(hashF64.buffer);

/** A 32-bit hash of (N, D, loss, group): the bits of each float, then the group's characters. */
function runHash(r: Run): number {
  let h = 0x811c9dc5;
  for (const x of [r.N, r.D, r.loss]) {
    hashF64[0] = x;
    h = Math.imul(h ^ hashU32[0]!, 0x9e3779b1);
    h = Math.imul(h ^ hashU32[1]!, 0x85ebca6b);
  }
  const g = r.group ?? '';
  for (let i = 0; i < g.length && i < 64; i++) h = Math.imul(h ^ g.charCodeAt(i), 0x01000193);
  const s = r.series ?? '';
  for (let i = 0; i < s.length && i < 64; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h ^ g.length;
}

function sameRun(a: Run, b: Run): boolean {
  return (
    a.N === b.N &&
    a.D === b.D &&
    a.loss === b.loss &&
    (a.group ?? '') === (b.group ?? '') &&
    (a.series ?? '') === (b.series ?? '')
  );
}

/**
 * Groups of rows with identical (N, D, loss, group), each listed by row number, in order of
 * first appearance. Hashes the numbers' bits rather than formatting them, sorts the hashes as
 * one typed array and compares only runs whose hashes collide: O(n log n) with a few typed
 * arrays of garbage, where a Map of every run took ~0.9 s for a million runs.
 */
function duplicateGroups(runs: readonly Run[]): number[][] {
  const n = runs.length;
  const hashes = new Uint32Array(n);
  for (let i = 0; i < n; i++) hashes[i] = runHash(runs[i]!) >>> 0;
  const sorted = hashes.slice().sort();
  // Runs whose hash occurs more than once: the only ones that can be duplicates.
  const shared = new Set<number>();
  for (let i = 1; i < n; i++) if (sorted[i] === sorted[i - 1]) shared.add(sorted[i]!);
  if (shared.size === 0) return [];
  const groups: { first: Run; rows: number[] }[] = [];
  const byHash = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const h = hashes[i]!;
    if (!shared.has(h)) continue;
    const r = runs[i]!;
    const ids = byHash.get(h);
    const id = ids?.find((g) => sameRun(groups[g]!.first, r));
    if (id !== undefined) {
      groups[id]!.rows.push(r.row);
      continue;
    }
    groups.push({ first: r, rows: [r.row] });
    if (ids) ids.push(groups.length - 1);
    else byHash.set(h, [groups.length - 1]);
  }
  return groups.filter((g) => g.rows.length > 1).map((g) => g.rows);
}

/** Warnings (small or degenerate data) and the fit blocker for a set of usable runs. */
export function checkRuns(runs: readonly Run[]): RunChecks {
  const warnings: string[] = [];
  const n = runs.length;
  if (n === 0) {
    const blocker = 'There are no usable runs to fit.';
    return { warnings: [blocker], fitBlocker: blocker };
  }

  const dups = duplicateGroups(runs);
  if (dups.length === 1 && dups[0]!.length === n && n > 1) {
    const r = runs[0]!;
    const blocker = `All ${n} usable runs are identical (N = ${formatQuantity(r.N)}, D = ${formatQuantity(r.D)}, loss = ${formatQuantity(r.loss)}): there is nothing to fit.`;
    return { warnings: [blocker], fitBlocker: blocker };
  }

  let fitBlocker: string | null = null;
  if (n < LAW_FREE_PARAMETERS) {
    fitBlocker = `Only ${n} usable run${n === 1 ? '' : 's'}: the law has ${LAW_FREE_PARAMETERS} free parameters (E, A, B, alpha, beta), so a fit needs at least ${LAW_FREE_PARAMETERS} runs and ${MIN_RUNS_FOR_MEANINGFUL_FIT} or more to mean much.`;
    warnings.push(fitBlocker);
  } else if (n < MIN_RUNS_FOR_MEANINGFUL_FIT) {
    warnings.push(
      `Only ${n} usable runs for ${LAW_FREE_PARAMETERS} free parameters (E, A, B, alpha, beta): the fit will be poorly determined; ${MIN_RUNS_FOR_MEANINGFUL_FIT} or more runs are advised.`,
    );
  }

  const sN = span(runs.map((r) => r.N));
  const sD = span(runs.map((r) => r.D));
  for (const [name, s, exponent] of [
    ['N', sN, 'alpha and A'],
    ['D', sD, 'beta and B'],
  ] as const) {
    if (s.decades === 0 && n > 1) {
      const blocker = `Every usable run has the same ${name} (${formatQuantity(s.min)}): ${exponent} cannot be determined.`;
      fitBlocker ??= blocker;
      warnings.push(blocker);
    } else if (s.decades < MIN_SPAN_DECADES && n > 1) {
      warnings.push(
        `${name} spans only ${s.decades.toFixed(2)} decades (${formatQuantity(s.min)} to ${formatQuantity(s.max)}); with less than ${MIN_SPAN_DECADES} decade, ${exponent} are poorly determined.`,
      );
    }
  }

  if (dups.length > 0) {
    const extra = dups.reduce((sum, rows) => sum + rows.length - 1, 0);
    const listed = dups
      .slice(0, MAX_LISTED_ROWS)
      .map((rows) => rows.join(' = '))
      .join('; ');
    const more = dups.length > MAX_LISTED_ROWS ? `; and ${dups.length - MAX_LISTED_ROWS} more` : '';
    warnings.push(
      `${extra} duplicate row${extra === 1 ? '' : 's'} (same N, D and loss): rows ${listed}${more}. Duplicates count twice in the fit; exclude them if they are copies.`,
    );
  }
  return { warnings, fitBlocker };
}
