/**
 * Per-series fits: a dataset whose runs carry several series (recipes, data mixes) is fitted
 * series by series with one method and one set of options, as one job (one progress, one
 * cancel). A series that cannot be fitted (too few runs, a diverged fit) is named with the
 * reason, and the others still fit.
 */
import { listSeries, runsInSeries } from '../data/series';
import type { FitMethod } from './method';
import { FitError } from './run-fit';
import type { FitProgress, FitRun } from './types';

/** The outcome of one series: its result, or why it has none. */
export type SeriesFit<R> =
  | { readonly series: string | null; readonly runs: number; readonly result: R }
  | { readonly series: string | null; readonly runs: number; readonly problem: string };

/** One series to fit: its name (null when the runs carry no series) and its runs. */
export interface SeriesPlan<T> {
  readonly series: string | null;
  readonly runs: readonly T[];
}

/**
 * What to fit: each selected series (all when `selected` is empty) in first-appearance order,
 * or, when nothing is selected and the runs carry fewer than two series, one unnamed entry
 * with every run.
 */
export function planSeriesFits<T extends FitRun & { readonly series?: string }>(
  runs: readonly T[],
  selected: readonly string[],
): SeriesPlan<T>[] {
  const all = listSeries(runs);
  // A series column with one value behaves as no series, unless that series was asked for.
  if (selected.length === 0 && all.length < 2) return [{ series: null, runs }];
  const wanted = new Set(selected);
  return all
    .filter((s) => wanted.size === 0 || wanted.has(s.name))
    .map((s) => ({ series: s.name, runs: runsInSeries(runs, [s.name]) }));
}

/** Fits one series' runs (an engine's `runMethod`, bound to a method and options). */
export type FitOne<R> = (
  runs: readonly FitRun[],
  job: { signal?: AbortSignal; onProgress?: (p: FitProgress) => void },
) => Promise<R>;

/**
 * Fits every planned series one after the other. Progress is over the whole job: series i of n
 * at fraction f of its current phase reports done = round(1000 (i + f) / n) of 1000. Rejects
 * on cancellation (the abort reason), an unexpected error, or a FitError of runs without
 * series (as a plain fit does); a named series whose inputs the method refuses, or whose fit
 * fails with a FitError, becomes an entry with its problem.
 */
export async function fitEachSeries<O, R>(
  method: FitMethod<O, R>,
  plan: readonly SeriesPlan<FitRun>[],
  options: O,
  fitOne: FitOne<R>,
  job: { signal?: AbortSignal; onProgress?: (p: FitProgress) => void } = {},
): Promise<SeriesFit<R>[]> {
  const out: SeriesFit<R>[] = [];
  const n = plan.length;
  for (const [i, entry] of plan.entries()) {
    job.signal?.throwIfAborted();
    const base = { series: entry.series, runs: entry.runs.length };
    const problems = method.validate(entry.runs, options);
    if (problems.length > 0) {
      // Runs without series fail as a plain fit does.
      if (entry.series === null) throw new FitError(problems.join('; '));
      out.push({ ...base, problem: problems.join('; ') });
      continue;
    }
    try {
      const result = await fitOne(entry.runs, {
        ...(job.signal ? { signal: job.signal } : {}),
        onProgress: (p) =>
          job.onProgress?.({
            phase: p.phase,
            done: Math.round((1000 * (i + (p.total > 0 ? p.done / p.total : 0))) / n),
            total: 1000,
          }),
      });
      out.push({ ...base, result });
    } catch (e) {
      if (!(e instanceof FitError) || entry.series === null) throw e;
      out.push({ ...base, problem: e.message });
    }
  }
  return out;
}

/** The series that did fit, with their results. */
export function fittedSeries<R>(
  fits: readonly SeriesFit<R>[],
): { series: string | null; runs: number; result: R }[] {
  return fits.filter((f): f is Extract<SeriesFit<R>, { result: R }> => 'result' in f);
}

/** Key of one fit result among several: its series (null: the runs carry none) and method id. */
export function fitResultKey(series: string | null, method: string): string {
  return JSON.stringify([series, method]);
}
