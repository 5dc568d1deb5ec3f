/**
 * `fit FILE --compare-methods`: runs the method comparison (`compareMethods`) on each planned
 * series on one engine, so the CLI prints the numbers the Fit view's panel shows.
 */
import type { Engine } from '../engine/engine';
import { compareMethods } from '../fit/method-compare-job';
import type { SeriesPlan } from '../fit/series-fit';
import type { FitRun } from '../fit/types';
import type { FitCommand } from './args';
import type { SeriesComparisonEntry } from './method-compare-output';

/** The comparison of every planned series, in the plan's order. */
export async function compareSeries(
  plan: readonly SeriesPlan<FitRun>[],
  command: FitCommand,
  engine: Engine,
): Promise<SeriesComparisonEntry[]> {
  const compare = command.compareMethods ?? { budget: 1e22, holdOut: 3 };
  const o = command.options;
  const out: SeriesComparisonEntry[] = [];
  for (const p of plan) {
    const comparison = await compareMethods(
      p.runs,
      {
        fit: o,
        budget: compare.budget,
        holdOut: compare.holdOut,
        isoflop: {
          ...(o.tolerance !== undefined ? { tolerance: o.tolerance } : {}),
          ...(o.target !== undefined ? { target: o.target } : {}),
        },
      },
      (method, runs, options, job) => engine.runMethod(method, runs, options, job),
    );
    out.push({ series: p.series, runs: p.runs.length, comparison });
  }
  return out;
}
