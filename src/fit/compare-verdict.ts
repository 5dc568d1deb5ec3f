/**
 * The one-sentence verdict of a comparison of recipes, shared by the Compare view and the CLI:
 * the multiplier at the chosen budget with its interval, whether that budget is extrapolated,
 * and how far the multiplier moves across the budgets both series' runs cover. Where the
 * reference cannot match at all, the verdict says from which budget, never a number.
 */
import { computeMultiplier } from '../law/compute-multiplier';
import {
  type CompareRow,
  type SeriesComparison,
  type SeriesFrontier,
  sharedBudgetRange,
} from '../law/recipe-compare';

/** A multiplier as text: "2.31×" (three significant digits). */
export function formatMultiplier(m: number | null): string {
  if (m === null) return 'unbounded';
  return `${Number.parseFloat(m.toPrecision(3))}×`;
}

/** A budget as text: "1e20", "3.2e21" (two significant digits). */
export function formatBudget(C: number): string {
  if (!(C > 0 && Number.isFinite(C))) return String(C);
  const exponent = Math.floor(Math.log10(C) + 1e-12);
  const mantissa = Number.parseFloat((C / 10 ** exponent).toPrecision(2));
  if (mantissa === 10) return `1e${exponent + 1}`;
  return mantissa === 1 ? `1e${exponent}` : `${mantissa}e${exponent}`;
}

/** An interval of multipliers as text: "1.98–2.70×", "1.9× to unbounded". */
export function formatMultiplierInterval(interval: CompareRow['interval']): string {
  const [lo, hi] = interval;
  if (lo === null && hi === null) return 'unbounded';
  if (hi === null) return `${formatMultiplier(lo)} to unbounded`;
  return `${formatMultiplier(lo)} to ${formatMultiplier(hi)}`;
}

/**
 * The verdict on `comparison` at `row` (one of its rows): for example "DCLM is worth 2.31× the
 * compute of Common Pile at 1e20 FLOPs (95% interval 1.98× to 2.70×, within the data); across
 * the budgets both cover (1e18 to 1e20 FLOPs) it moves from 2.10× to 2.40×."
 */
export function compareVerdict(
  comparison: SeriesComparison,
  row: CompareRow,
  x: SeriesFrontier,
  ref: SeriesFrontier,
  level = 0.95,
): string {
  const at = `${formatBudget(row.budget)} FLOPs`;
  const where = row.extrapolated ? 'extrapolated beyond the runs' : 'within the data';
  const pct = `${Math.round(level * 100)}%`;
  let first: string;
  if (row.unbounded) {
    const from = comparison.unboundedFrom;
    first =
      `${ref.name} cannot reach the loss ${x.name} reaches at ${at} with any compute: its fitted ` +
      `floor E = ${ref.point.E.toPrecision(4)} lies above it` +
      (from !== null ? ` from ${formatBudget(from)} FLOPs on` : '') +
      ` (${where})`;
  } else {
    first =
      `${x.name} is worth ${formatMultiplier(row.multiplier)} the compute of ${ref.name} at ${at} ` +
      `(${pct} interval ${formatMultiplierInterval(row.interval)}, ${where})`;
  }
  const range = sharedBudgetRange(x, ref);
  if (!range) return `${first}; the two series' runs share no range of budgets.`;
  const lo = computeMultiplier(x.point, ref.point, range[0]);
  const hi = computeMultiplier(x.point, ref.point, range[1]);
  const span = `${formatBudget(range[0])} to ${formatBudget(range[1])} FLOPs`;
  return `${first}; across the budgets both cover (${span}) it moves from ${formatMultiplier(lo)} to ${formatMultiplier(hi)}.`;
}

/**
 * One verdict per comparison, at its first row's budget: the sentence the Compare view shows
 * under a table (and the CLI prints), with each series found by name among `frontiers`.
 */
export function verdictsAtFirstBudget(
  frontiers: readonly SeriesFrontier[],
  comparisons: readonly SeriesComparison[],
  level = 0.95,
): string[] {
  return comparisons.flatMap((c) => {
    const x = frontiers.find((f) => f.name === c.series);
    const ref = frontiers.find((f) => f.name === c.reference);
    const row = c.rows[0];
    return x && ref && row ? [compareVerdict(c, row, x, ref, level)] : [];
  });
}
