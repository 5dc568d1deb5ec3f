/** One series of runs (a recipe, a data mix, an architecture) with its run count. */
export interface SeriesInfo {
  readonly name: string;
  readonly count: number;
}

/** The series of `runs` in first-appearance order, with run counts; [] when runs carry no series. */
export function listSeries(runs: readonly { readonly series?: string }[]): readonly SeriesInfo[] {
  const counts = new Map<string, number>();
  for (const run of runs) {
    if (run.series === undefined) continue;
    counts.set(run.series, (counts.get(run.series) ?? 0) + 1);
  }
  return [...counts].map(([name, count]) => ({ name, count }));
}

/** The runs of the selected series (all runs when `selected` is empty). */
export function runsInSeries<R extends { readonly series?: string }>(
  runs: readonly R[],
  selected: readonly string[],
): R[] {
  if (selected.length === 0) return [...runs];
  const wanted = new Set(selected);
  return runs.filter((run) => run.series !== undefined && wanted.has(run.series));
}

/**
 * Why a series selection cannot be applied to `runs` (it names a series the runs lack, or the
 * runs carry no series), listing the series there are; null when it can.
 */
export function seriesProblem(
  runs: readonly { readonly series?: string }[],
  selected: readonly string[],
): string | null {
  if (selected.length === 0) return null;
  const have = listSeries(runs);
  const names = new Set(have.map((s) => s.name));
  const missing = selected.filter((s) => !names.has(s));
  if (missing.length === 0) return null;
  const listed = missing.map((s) => JSON.stringify(s.slice(0, 40))).join(', ');
  if (have.length === 0) {
    return `no series ${listed}: the runs carry no series (no series column, or it has one value)`;
  }
  const known = have
    .map((s) => `${JSON.stringify(s.name.slice(0, 40))} (${s.count} runs)`)
    .join(', ');
  return `no series ${listed} in the file; its series are ${known}`;
}
