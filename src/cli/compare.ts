/**
 * `compare FILE --series COLUMN --reference NAME`: fits each series on one engine with the
 * chosen method, then runs the comparison the Compare view runs (src/fit/compare-job.ts), so
 * the CLI prints the view's numbers.
 */
import type { ColumnMapping } from '../data/mapping';
import { listSeries } from '../data/series';
import type { Engine } from '../engine/engine';
import { type CompareJobResult, runComparison } from '../fit/compare-job';
import { CompareError, referenceProblem } from '../fit/compare-recipes';
import { findFitMethod } from '../fit/methods';
import { fitEachSeries, planSeriesFits, type SeriesFit, type SeriesPlan } from '../fit/series-fit';
import type { FitRun } from '../fit/types';
import type { CompareCommand } from './compare-args';

/** A comparison and the per-series fits it was made from. */
export interface CompareRun {
  readonly fits: readonly SeriesFit<unknown>[];
  readonly plan: readonly SeriesPlan<FitRun>[];
  readonly result: CompareJobResult;
}

/**
 * The mapping that reads the series from `column`, the other fields as `mapping` has them (a
 * field `mapping` took from that column gives it up).
 */
export function withSeriesColumn(mapping: ColumnMapping, column: string): ColumnMapping {
  const fields = Object.fromEntries(
    Object.entries(mapping.fields).filter(
      ([field, header]) => field !== 'series' && header !== column,
    ),
  );
  return { ...mapping, fields: { ...fields, series: column } };
}

/**
 * Fits every series of `runs` with the command's method on `engine` and compares them with the
 * reference. Throws CompareError before any fit when the runs carry fewer than two series or
 * the reference is not among them; otherwise as runComparison.
 */
export async function compareOnEngine(
  runs: readonly (FitRun & { readonly series?: string })[],
  command: CompareCommand,
  engine: Engine,
): Promise<CompareRun> {
  const names = listSeries(runs).map((s) => s.name);
  if (names.length < 2) {
    throw new CompareError(
      `the column ${JSON.stringify(command.seriesColumn)} holds ${names.length === 0 ? 'no series' : `one series only (${JSON.stringify(names[0])})`}: a comparison needs two or more`,
    );
  }
  const problem = referenceProblem(names, command.reference);
  if (problem) throw new CompareError(problem);
  const method = findFitMethod(command.method);
  if (!method) throw new CompareError(`unknown method ${command.method}`);
  const plan = planSeriesFits(runs, []);
  const fits = await fitEachSeries(method, plan, command.options, (r, job) =>
    engine.runMethod(method, r, command.options, job),
  );
  const result = await runComparison({
    method: method.id,
    fits,
    plan,
    reference: command.reference,
    budgets: command.budgets,
    shared: command.shared,
    options: command.options,
  });
  return { fits, plan, result };
}
