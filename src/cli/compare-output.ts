/**
 * The `compare` command's output: one JSON object (every non-finite number written as null) or
 * text tables, one per compared series, with the verdicts and the likelihood-ratio test.
 */
import type { CompareJobResult } from '../fit/compare-job';
import type { RecipeComparison } from '../fit/compare-recipes';
import { formatBudget, formatMultiplier, formatMultiplierInterval } from '../fit/compare-verdict';
import type { ComputeOnlyResult } from '../fit/compute-only';
import type { JointFitResult } from '../fit/joint-fit';
import type { SeriesFit } from '../fit/series-fit';
import type { FitResult } from '../fit/types';
import { comparisonsAt, defaultTableBudgets } from '../law/compare-curves';
import type { CompareRow, SeriesComparison } from '../law/recipe-compare';
import type { CompareRun } from './compare';
import type { CompareCommand } from './compare-args';

/** JSON text with every non-finite number as null (JSON has no NaN or Infinity). */
export function finiteJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v),
    2,
  );
}

/** The point law of one series' fit: five constants (Approach 3) or E, A, alpha (compute-only). */
function lawOf(result: unknown): Record<string, number> {
  if (result && typeof result === 'object' && 'best' in result) {
    const { E, A, B, alpha, beta } = (result as FitResult).best.law;
    return { E, A, B, alpha, beta };
  }
  const { E, A, alpha } = (result as ComputeOnlyResult).law;
  return { E, A, alpha };
}

function rowJson(r: CompareRow) {
  return {
    series: r.series,
    budget: r.budget,
    multiplier: r.multiplier,
    unbounded: r.unbounded,
    interval: r.interval,
    extrapolated: r.extrapolated,
    lossGap: r.lossGap,
    lossGapInterval: r.lossGapInterval,
  };
}

function rowsJson(comparison: RecipeComparison) {
  return comparison.comparisons.flatMap((c) => c.rows.map(rowJson));
}

function jointJson(joint: NonNullable<CompareJobResult['joint']>) {
  return {
    shared: joint.fit.shared,
    laws: joint.fit.series.map((s) => ({
      series: s.name,
      law: { E: s.law.E, A: s.law.A, B: s.law.B, alpha: s.law.alpha, beta: s.law.beta },
      runs: s.runs,
    })),
    test: { statistic: joint.test.statistic, df: joint.test.df, pValue: joint.test.pValue },
    rows: rowsJson(joint.comparison),
    constant: joint.constant.map((c) => ({
      series: c.series,
      multiplier: c.multiplier,
      interval: c.interval,
    })),
  };
}

/** The comparison as the JSON object docs/CLI.md describes. */
export function compareOutputJson(
  run: CompareRun,
  command: CompareCommand,
  engine: string,
): Record<string, unknown> {
  const { separate, joint, verdicts } = run.result;
  const fitOf = (name: string) => run.fits.find((f) => f.series === name);
  return {
    version: 1,
    command: 'compare',
    method: command.method,
    engine,
    bootstrap: command.options.bootstrap,
    reference: separate.reference,
    budgets: separate.budgets,
    laws: separate.frontiers.map((f) => {
      const fit = fitOf(f.name) as Extract<SeriesFit<unknown>, { result: unknown }>;
      return { series: f.name, law: lawOf(fit.result), runs: fit.runs, budgetRange: f.budgetRange };
    }),
    leftOut: separate.leftOut.map((l) => ({ series: l.name, problem: l.problem })),
    rows: rowsJson(separate),
    exponentGaps: separate.comparisons.flatMap((c) =>
      c.exponentGap
        ? [{ series: c.series, point: c.exponentGap.point, interval: c.exponentGap.interval }]
        : [],
    ),
    verdicts,
    ...(joint ? { joint: jointJson(joint) } : {}),
  };
}

const num = (v: number) =>
  Number.isFinite(v) ? Number.parseFloat(v.toPrecision(4)).toString() : '—';
const signed = (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(4)}`;
const gapInterval = (iv: readonly [number, number] | null) =>
  iv ? `${signed(iv[0])} to ${signed(iv[1])}` : '—';

/** One compared series as an aligned table over budgets (without the exponent gap: `exponents` false). */
function seriesTable(c: SeriesComparison, exponents: boolean): string[] {
  const lines = [
    `${c.series} against ${c.reference}`,
    `  ${'budget'.padEnd(8)} ${'m'.padStart(10)}  ${'95% interval'.padEnd(26)} ${'loss gap'.padStart(9)}  ${'95% interval'.padEnd(20)}`,
  ];
  for (const r of c.rows) {
    lines.push(
      `  ${formatBudget(r.budget).padEnd(8)} ${formatMultiplier(r.multiplier).padStart(10)}  ${formatMultiplierInterval(r.interval).padEnd(26)} ${signed(r.lossGap).padStart(9)}  ${gapInterval(r.lossGapInterval).padEnd(20)}${r.extrapolated ? ' extrapolated' : ''}`,
    );
  }
  if (c.exponentGap && exponents)
    lines.push(
      `  frontier exponent a - a_ref: ${signed(c.exponentGap.point)} (${gapInterval(c.exponentGap.interval)})`,
    );
  if (c.unboundedFrom !== null)
    lines.push(
      `  ${c.reference} cannot match at any compute from ${formatBudget(c.unboundedFrom)} FLOPs on`,
    );
  return lines;
}

/**
 * The tables of a comparison at the budgets asked for, else at the Compare view's table budgets;
 * `exponents` false leaves out the exponent gap (zero when the exponents are shared).
 */
function tables(
  comparison: RecipeComparison,
  asked: readonly number[],
  exponents = true,
): string[] {
  const comparisons =
    asked.length > 0
      ? comparison.comparisons
      : comparisonsAt(comparison.frontiers, defaultTableBudgets(comparison.frontiers));
  return comparisons.flatMap((c) => ['', ...seriesTable(c, exponents)]);
}

function lawLine(name: string, runs: number, law: Record<string, number>): string {
  const constants = Object.entries(law)
    .map(([k, v]) => `${k} ${num(v)}`)
    .join('  ');
  return `  ${name} (${runs} runs): ${constants}`;
}

function pValueText(p: number): string {
  return p < 1e-4 ? p.toExponential(1) : p.toPrecision(2);
}

function jointText(
  joint: NonNullable<CompareJobResult['joint']>,
  asked: readonly number[],
): string[] {
  const fit: JointFitResult = joint.fit;
  const shared = fit.shared.join(', ');
  const t = joint.test;
  const lines = [
    '',
    `== joint fit, ${shared} shared`,
    ...fit.series.map((s) => lawLine(s.name, s.runs, { ...s.law })),
    `likelihood-ratio test against separate fits: ${t.statistic.toFixed(2)} on ${t.df} df, p = ${pValueText(t.pValue)} (${t.pValue < 0.05 ? 'rejected at 5%: the recipes differ in' : 'not rejected at 5%: the data are consistent with sharing'} ${shared})`,
    ...tables(
      joint.comparison,
      asked,
      !(fit.shared.includes('alpha') && fit.shared.includes('beta')),
    ),
  ];
  if (joint.constant.length > 0)
    lines.push('', 'the multiplier at every budget (E, alpha, beta shared):');
  for (const c of joint.constant) {
    lines.push(
      `  ${c.series}: ${formatMultiplier(c.multiplier)}${c.interval ? ` (95% interval ${formatMultiplierInterval(c.interval)})` : ''}`,
    );
  }
  for (const w of fit.warnings) lines.push(`warning: ${w}`);
  return lines;
}

/** The comparison as text: the laws, a table per compared series, the verdicts, the joint fit. */
export function compareOutputText(
  run: CompareRun,
  command: CompareCommand,
  engine: string,
): string {
  const { separate, joint, verdicts } = run.result;
  const lines = [
    `== compare · ${command.method} · reference ${separate.reference} · engine ${engine} · ${command.options.bootstrap} replicas`,
    ...separate.frontiers.map((f) => {
      const fit = run.fits.find((s) => s.series === f.name) as Extract<
        SeriesFit<unknown>,
        { result: unknown }
      >;
      return `${lawLine(f.name, fit.runs, lawOf(fit.result))}  (runs from ${formatBudget(f.budgetRange[0])} to ${formatBudget(f.budgetRange[1])} FLOPs)`;
    }),
    ...separate.leftOut.map((l) => `  left out ${l.name}: ${l.problem}`),
    ...tables(separate, command.budgets),
  ];
  if (joint) lines.push(...jointText(joint, command.budgets));
  lines.push('', 'verdicts:', ...verdicts.map((v) => `- ${v}`));
  return `${lines.map((l) => l.trimEnd()).join('\n')}\n`;
}
