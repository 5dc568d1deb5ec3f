/**
 * `fit FILE --compare-methods`: the method comparison of each series as text (the same table,
 * disagreements, cross-validation and design bias the Fit view shows) or as JSON.
 */
import {
  ESTIMATE_FIELDS,
  ESTIMATE_NAMES,
  type Estimate,
  METHOD_NAMES,
} from '../fit/method-compare';
import type { MethodComparison } from '../fit/method-compare-job';

/** One series' comparison, or why it could not run. */
export type SeriesComparisonEntry =
  | { readonly series: string | null; readonly runs: number; readonly comparison: MethodComparison }
  | { readonly series: string | null; readonly runs: number; readonly problem: string };

const fmt = (v: number) => (Number.isFinite(v) ? v.toPrecision(4) : String(v));
const nameOf = (id: string) => METHOD_NAMES[id] ?? id;

function cell(e: Estimate | undefined): string {
  if (!e) return '—';
  return e.ci95 ? `${fmt(e.point)} [${fmt(e.ci95[0])}, ${fmt(e.ci95[1])}]` : fmt(e.point);
}

/** The comparison of one series as aligned text. */
export function methodComparisonText(c: MethodComparison, series: string | null): string {
  const head = series === null ? '' : ` · series ${series}`;
  const lines = [`which method to trust, at C = ${fmt(c.budget)} FLOPs${head}`];
  const widths = [14, ...ESTIMATE_FIELDS.map(() => 30)];
  const row = (cells: string[]) =>
    cells
      .map((t, i) => t.padEnd(widths[i]!))
      .join(' ')
      .trimEnd();
  lines.push(row(['method', ...ESTIMATE_FIELDS.map((f) => ESTIMATE_NAMES[f])]));
  for (const e of c.estimates)
    lines.push(row([nameOf(e.method), ...ESTIMATE_FIELDS.map((f) => cell(e[f]))]));
  lines.push('(point estimate [95% interval over the bootstrap])');
  if (c.disagreements.length === 0) lines.push('every pair of intervals overlaps');
  for (const d of c.disagreements)
    lines.push(
      `disagree: ${ESTIMATE_NAMES[d.field]}: the 95% intervals of ${nameOf(d.methods[0])} and ${nameOf(d.methods[1])} do not overlap`,
    );
  for (const p of c.problems) lines.push(`not fitted: ${nameOf(p.method)}: ${p.problem}`);
  const cv = c.crossValidation;
  if (cv) {
    lines.push(
      '',
      `leave one budget out (held out in turn: ${cv.heldOut.map((h) => `${fmt(h.C)} (${h.runs} runs)`).join(', ') || 'none'})`,
      `${'method'.padEnd(14)} ${'RMS loss error'.padEnd(18)} RMS ln N_opt error`,
    );
    for (const r of cv.rms) {
      const loss = r.loss === undefined ? '—' : `${(100 * r.loss).toFixed(2)}%`;
      const n = r.NOpt === undefined ? '—' : fmt(r.NOpt);
      const bestLoss = cv.best.loss === r.method ? ' *' : '';
      const bestN = cv.best.NOpt === r.method ? ' *' : '';
      lines.push(`${nameOf(r.method).padEnd(14)} ${(loss + bestLoss).padEnd(18)} ${n}${bestN}`);
    }
    lines.push('(* the smallest error)');
    for (const s of cv.skipped) lines.push(`not held out: ${fmt(s.C)} FLOPs: ${s.reason}`);
  }
  const bias = c.designBias;
  if (bias) {
    lines.push(
      '',
      `design bias: on these runs' design, simulated without noise from the Approach-3 law (a = ${fmt(bias.aTrue)}), Approach 2 finds a = ${fmt(bias.aFitted)} (${bias.bias >= 0 ? '+' : ''}${fmt(bias.bias)}, over ${bias.budgetsUsed} budgets)`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Every series' comparison as text. */
export function methodComparisonsText(entries: readonly SeriesComparisonEntry[]): string {
  return entries
    .map((e) =>
      'comparison' in e
        ? methodComparisonText(e.comparison, e.series)
        : `series ${e.series ?? '(all runs)'}: not compared: ${e.problem}\n`,
    )
    .join('\n');
}

/** Every series' comparison as one JSON object. */
export function methodComparisonsJson(
  entries: readonly SeriesComparisonEntry[],
  options: Record<string, unknown>,
  adapter: string | null,
): Record<string, unknown> {
  const one = (e: SeriesComparisonEntry) => ({
    series: e.series,
    runs: e.runs,
    ...('comparison' in e ? e.comparison : { problem: e.problem }),
  });
  const only = entries.length === 1 && entries[0]!.series === null;
  return {
    command: 'compare-methods',
    adapter,
    options,
    ...(only ? one(entries[0]!) : { series: entries.map(one) }),
  };
}
