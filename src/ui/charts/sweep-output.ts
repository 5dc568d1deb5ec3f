/**
 * How the Sweep view labels, colours and reads out its outputs: the label, legend title, scale
 * and format of each output, the text of a spread, and the hover readout. The outputs
 * themselves (the quantities of each cell's optimum, their spread over replicas) are computed
 * in src/law/sweep-output.ts. Pure, no DOM.
 *
 * The multiplier output needs a reference series (the Compare view's) other than the active
 * law's own: {@link multiplierIssue} says why it is not offered otherwise.
 */

import { formatMultiplier } from '../../fit/compare-verdict';
import { DEFAULT_FLOPS_PER_PARAM_TOKEN, type ScalingLaw } from '../../law/law';
import { solveOptimum } from '../../law/optimum';
import type { Scenario } from '../../law/scenario';
import type { SweepAxis } from '../../law/sweep';
import { axisValue, sweepCell } from '../../law/sweep';
import { chinchillaForLoss, quantityApplies, type SweepContext } from '../../law/sweep-output';
import type { SweepOutput } from '../../scenario/sweep-fields';
import { formatCount, formatLoss, formatScientific } from './format';
import { FIELD_LABELS, formatFieldValue, type SweepViewField } from './sweep-setup';

export { SWEEP_OUTPUTS, type SweepOutput } from '../../scenario/sweep-fields';

/** How an output is labelled and coloured. */
export interface OutputInfo {
  readonly label: string;
  /** Legend title. */
  readonly short: string;
  /** Log colour scale (positive values) or linear. */
  readonly log: boolean;
  readonly format: (v: number) => string;
}

/** A compute ratio: "×0.82 (saves 18%)" or "×3.1 (+210% compute)". */
export function formatComputeRatio(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const pct = Number((Math.abs(1 - v) * 100).toPrecision(3));
  const ratio = `×${Number(v.toPrecision(3))}`;
  if (pct === 0) return `${ratio} (same compute)`;
  return v < 1 ? `${ratio} (saves ${pct}%)` : `${ratio} (+${pct}% compute)`;
}
const dollars = (v: number) => (Number.isFinite(v) ? `$${formatCount(v)}` : String(v));

export const OUTPUT_INFO: Readonly<Record<SweepOutput, OutputInfo>> = {
  N: { short: 'N_opt', label: 'Parameters N_opt', log: true, format: (v) => formatCount(v) },
  D: { short: 'D_opt', label: 'Tokens D_opt', log: true, format: (v) => formatCount(v) },
  tokensPerParam: {
    short: 'D / N',
    label: 'Tokens per parameter',
    log: true,
    format: (v) => formatCount(v),
  },
  loss: { short: 'Loss', label: 'Loss', log: false, format: (v) => formatLoss(v) },
  cost: { short: 'Cost', label: 'Training cost', log: true, format: dollars },
  epochs: {
    short: 'Epochs',
    label: 'Epochs over U (D / U)',
    log: true,
    format: (v) => formatCount(v),
  },
  savings: {
    short: 'Compute ratio',
    label: 'Compute vs Chinchilla-optimal at same loss',
    log: true,
    format: formatComputeRatio,
  },
  lossGap: {
    short: 'ΔLoss',
    label: 'Loss above Chinchilla-optimal at same C',
    log: false,
    format: (v) => (Number.isFinite(v) ? `${v >= 0 ? '+' : ''}${formatLoss(v, 3)}` : String(v)),
  },
  multiplier: {
    short: 'Multiplier m',
    label: 'Effective compute multiplier against the reference',
    log: true,
    format: (v) => (Number.isFinite(v) ? formatSweepMultiplier(v) : 'n/a'),
  },
};

/**
 * A multiplier as text: "2.31×" as the Compare view writes it, in powers of ten ("9.31e12×")
 * outside 0.001 to 10,000, where a sweep's cells near the reference's floor or under a tight
 * data cap reach.
 */
export function formatSweepMultiplier(m: number): string {
  if (m > 0 && Number.isFinite(m) && (m < 1e-3 || m >= 1e4)) return `${formatScientific(m, 3)}×`;
  return formatMultiplier(m);
}

/** What the readout says where the reference cannot reach a cell's loss (L <= E_R). */
export const REFERENCE_CANNOT_REACH = 'the reference cannot reach this loss at any compute';

/** The reference series of the multiplier output, as the view knows it. */
export interface MultiplierReference {
  readonly name: string;
  /** Whether the active law is this series' own fit (every cell would read 1×). */
  readonly isActive: boolean;
}

/** Why the multiplier output cannot be shown, or null when it can. */
export function multiplierIssue(reference: MultiplierReference | undefined): string | null {
  if (!reference)
    return 'needs a reference series: fit runs that carry two or more series (Fit view); the reference is the one chosen in the Compare view';
  if (reference.isActive)
    return `the active law is the reference series' own (${reference.name}): choose another series in the Fit view, or another reference in the Compare view`;
  return null;
}

/** The label of an output, naming the reference series for the multiplier (CSV column, title). */
export function outputLabel(output: SweepOutput, referenceName?: string): string {
  if (output === 'multiplier' && referenceName !== undefined)
    return `Effective compute multiplier against ${referenceName}`;
  return OUTPUT_INFO[output].label;
}

/** The legend title of an output, naming the reference series for the multiplier. */
export function outputShort(output: SweepOutput, referenceName?: string): string {
  if (output === 'multiplier' && referenceName !== undefined) return `m vs ${referenceName}`;
  return OUTPUT_INFO[output].short;
}

/**
 * The readout text of a cell's multiplier: the engine's value `shown` where it has one; where it
 * is NaN, the f64 optimum's loss says why (at or below E_R the reference cannot reach it; else
 * the value lies beyond f32's range and is given in f64).
 */
function multiplierText(
  reference: ScalingLaw | null | undefined,
  loss: number,
  C: number,
  k: number,
  shown: number,
): string {
  if (!reference) return 'n/a (no reference series)';
  const r = chinchillaForLoss(reference, loss, k);
  if (!r) return REFERENCE_CANNOT_REACH;
  if (Number.isFinite(shown)) return formatMultiplier(shown);
  const m = Math.exp(Math.log(r.C) - Math.log(C));
  return Number.isFinite(m)
    ? formatMultiplier(m)
    : `more than ${formatMultiplier(Number.MAX_VALUE)}`;
}

/** Whether an output is offered for a sweep (epochs need U): the rule of src/law/sweep-output.ts. */
export function outputApplies(
  output: SweepOutput,
  scenario: Scenario,
  x: SweepAxis,
  y: SweepAxis,
): boolean {
  return quantityApplies(output, scenario, x, y);
}

/** Text of a spread value. */
export function formatSpread(output: SweepOutput, spread: number): string {
  if (!Number.isFinite(spread)) return 'n/a';
  return OUTPUT_INFO[output].log
    ? `×${Number(spread.toPrecision(3))} (5–95%)`
    : `±${OUTPUT_INFO[output].format(spread / 2).replace(/^\+/, '')} (5–95% width ${OUTPUT_INFO[output].format(spread).replace(/^\+/, '')})`;
}

/** The compute (FLOPs) formatted for a readout. */
export function formatFlopsValue(C: number): string {
  return `${formatScientific(C, 3)} FLOPs`;
}

/** One line of the hover readout. */
export interface ReadoutLine {
  readonly label: string;
  readonly value: string;
}

/**
 * The hover readout of cell (col, row): the axis values, then the f64 optimum of the point law
 * (solveOptimum) or the reason it has none, then the shown output as the engine computed it
 * and its spread over replicas. The multiplier reads the reference law from `ctx.reference[0]`.
 */
export function sweepReadout(
  law: ScalingLaw,
  ctx: SweepContext,
  col: number,
  row: number,
  output: SweepOutput,
  shown: number,
  spread?: number,
): { lines: ReadoutLine[]; reason: string } {
  const { x, y } = ctx;
  const lines: ReadoutLine[] = [
    {
      label: FIELD_LABELS[x.field as SweepViewField] ?? x.field,
      value: formatFieldValue(x.field, axisValue(x, col)),
    },
    {
      label: FIELD_LABELS[y.field as SweepViewField] ?? y.field,
      value: formatFieldValue(y.field, axisValue(y, row)),
    },
  ];
  const scenario = sweepCell(ctx.base, x, y, col, row);
  if (scenario.C !== undefined && (x.field === 'mfu' || y.field === 'mfu'))
    lines.push({ label: 'Training budget C x MFU', value: formatFlopsValue(scenario.C) });
  const r = solveOptimum(law, scenario);
  if (!r.ok) return { lines, reason: r.reason };
  lines.push(
    { label: 'N_opt', value: formatCount(r.N) },
    { label: 'D_opt', value: formatCount(r.D) },
    { label: 'Tokens / parameter', value: formatCount(r.tokensPerParam) },
    { label: 'Loss', value: formatLoss(r.loss) },
    { label: 'Training FLOPs', value: formatFlopsValue(r.C) },
  );
  if (r.epochs !== undefined) lines.push({ label: 'Epochs over U', value: formatCount(r.epochs) });
  if (output === 'multiplier') {
    const k = ctx.base.k ?? DEFAULT_FLOPS_PER_PARAM_TOKEN;
    lines.push({
      label: OUTPUT_INFO[output].label,
      value: multiplierText(ctx.reference?.[0], r.loss, r.C, k, shown),
    });
  } else if (!['N', 'D', 'tokensPerParam', 'loss', 'epochs'].includes(output))
    lines.push({ label: OUTPUT_INFO[output].label, value: OUTPUT_INFO[output].format(shown) });
  if (spread !== undefined)
    lines.push({
      label: output === 'multiplier' ? 'Across paired replicas' : 'Across replicas',
      value: formatSpread(output, spread),
    });
  return { lines, reason: '' };
}
