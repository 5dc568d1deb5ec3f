/**
 * Outputs of the Sweep view: which quantity of each cell's optimum is shown, extracted from the
 * engine's sweep result (L x cells x 4: N, D, loss, status) as one Float32Array per law (NaN for
 * failed cells), the per-cell uncertainty across replicas, and the hover readout. Pure, no DOM.
 *
 * Savings against Chinchilla-optimal: the Chinchilla-optimal run is the compute-optimal model
 * (kind 'compute', closed form) that reaches the same loss as the cell's optimum, serving the
 * same inference demand D_inf. Its total FLOPs are C*(L) + 2 N*(L) D_inf. The output 'savings'
 * is the ratio (k N D + 2 N D_inf) / (C*(L) + 2 N*(L) D_inf), shown on a log scale: below 1 the
 * cell's optimum saves that share of total compute (inference-aware runs), above 1 it needs that
 * much more (a data cap costs compute), 1 for kind 'compute'. "Loss gap" is the other reading:
 * the cell's loss minus the compute-optimal loss at the same training FLOPs k N D.
 */

import { computeOptimal, frontierCoefficients } from '../../law/frontier';
import { trainingCost } from '../../law/hardware';
import { DEFAULT_FLOPS_PER_PARAM_TOKEN, type ScalingLaw } from '../../law/law';
import { PAIR_STRIDE } from '../../law/optima';
import { solveOptimum } from '../../law/optimum';
import type { Scenario } from '../../law/scenario';
import { percentile } from '../../law/stats';
import type { SweepAxis } from '../../law/sweep';
import { axisValue, sweepCell } from '../../law/sweep';
import type { SweepOutput } from '../../scenario/sweep-fields';
import { formatCount, formatLoss, formatScientific } from './format';
import { axisValues, FIELD_LABELS, formatFieldValue, type SweepViewField } from './sweep-setup';

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
};

/** Whether an output means anything for a kind (epochs need U). */
export function outputApplies(output: SweepOutput, scenario: Scenario, x: SweepAxis, y: SweepAxis) {
  if (output !== 'epochs') return true;
  return scenario.kind === 'data-constrained' || x.field === 'U' || y.field === 'U';
}

/** Hardware behind the cost output: peak FLOP/s per accelerator, MFU and price per hour. */
export interface CostAssumption {
  readonly peakFlops: number;
  /** Used when MFU is not swept. */
  readonly mfu: number;
  readonly pricePerHour: number;
}

/** What extraction needs besides the result. */
export interface SweepContext {
  readonly base: Scenario;
  readonly x: SweepAxis;
  readonly y: SweepAxis;
  readonly cost: CostAssumption;
}

/** Per-cell values of a field (swept or base), computed once per extraction. */
function fieldReader(ctx: SweepContext, field: 'U' | 'Dinf' | 'mfu') {
  const xs = ctx.x.field === field ? axisValues(ctx.x) : undefined;
  const ys = ctx.y.field === field ? axisValues(ctx.y) : undefined;
  const fallback =
    field === 'mfu'
      ? ctx.cost.mfu
      : field === 'Dinf'
        ? (ctx.base.Dinf ?? 0)
        : (ctx.base.U ?? Number.NaN);
  return (col: number, row: number): number => (xs ? xs[col]! : ys ? ys[row]! : fallback);
}

/** The compute-optimal (Chinchilla) run that reaches loss L: N*, and its training FLOPs C*. */
export function chinchillaForLoss(
  law: ScalingLaw,
  L: number,
  k = DEFAULT_FLOPS_PER_PARAM_TOKEN,
): { N: number; C: number } | null {
  if (!(L > law.E)) return null;
  const { G, a } = frontierCoefficients(law);
  const gamma = (law.alpha * law.beta) / (law.alpha + law.beta);
  const K = law.A * G ** -law.alpha + law.B * G ** law.beta;
  const P = ((L - law.E) / K) ** (-1 / gamma);
  const N = G * P ** a;
  return { N, C: k * P };
}

/**
 * The chosen output of law `l` in every cell, row-major (row = y index), NaN where the solve
 * failed or the output is undefined there.
 */
export function extractOutput(
  result: Float32Array,
  l: number,
  law: ScalingLaw,
  output: SweepOutput,
  ctx: SweepContext,
): Float32Array {
  const { x, y } = ctx;
  const cells = x.count * y.count;
  const out = new Float32Array(cells);
  const k = ctx.base.k ?? DEFAULT_FLOPS_PER_PARAM_TOKEN;
  const U = fieldReader(ctx, 'U');
  const Dinf = fieldReader(ctx, 'Dinf');
  const mfu = fieldReader(ctx, 'mfu');
  const base = l * cells * PAIR_STRIDE;
  for (let row = 0; row < y.count; row++) {
    for (let col = 0; col < x.count; col++) {
      const c = row * x.count + col;
      const o = base + c * PAIR_STRIDE;
      if (result[o + 3] !== 0) {
        out[c] = Number.NaN;
        continue;
      }
      const N = result[o]!;
      const D = result[o + 1]!;
      const L = result[o + 2]!;
      let v: number;
      switch (output) {
        case 'N':
          v = N;
          break;
        case 'D':
          v = D;
          break;
        case 'tokensPerParam':
          v = D / N;
          break;
        case 'loss':
          v = L;
          break;
        case 'cost':
          v = trainingCost(k * N * D, ctx.cost.peakFlops, mfu(col, row), ctx.cost.pricePerHour);
          break;
        case 'epochs':
          v = D / U(col, row);
          break;
        case 'savings': {
          const ref = chinchillaForLoss(law, L, k);
          const inf = 2 * Dinf(col, row);
          v = ref ? (k * N * D + N * inf) / (ref.C + ref.N * inf) : Number.NaN;
          break;
        }
        case 'lossGap':
          v = L - computeOptimal(law, k * N * D, k).loss;
          break;
      }
      out[c] = Number.isFinite(v) ? v : Number.NaN;
    }
  }
  return out;
}

/**
 * Per-cell 5-95% spread of an output over replicas (one extracted array per replica): the
 * ratio q95 / q05 for log outputs (a factor >= 1), the difference q95 - q05 for linear ones.
 * NaN where fewer than `minValid` replicas solved the cell.
 */
export function replicaSpread(
  perReplica: readonly Float32Array[],
  log: boolean,
  minValid = 3,
): Float32Array {
  const cells = perReplica[0]?.length ?? 0;
  const out = new Float32Array(cells);
  const buf = new Float64Array(perReplica.length);
  for (let c = 0; c < cells; c++) {
    let n = 0;
    for (const r of perReplica) {
      const v = r[c]!;
      if (Number.isFinite(v) && (!log || v > 0)) buf[n++] = v;
    }
    if (n < minValid) {
      out[c] = Number.NaN;
      continue;
    }
    const s = buf.subarray(0, n).sort();
    const lo = percentile(s, 0.05);
    const hi = percentile(s, 0.95);
    out[c] = log ? hi / lo : hi - lo;
  }
  return out;
}

/** Most (law, cell) pairs one sweep with replicas may ask for (16 B each: 128 MiB). */
export const MAX_SWEEP_PAIRS = 8 * 1024 * 1024;

/** How many replicas fit a sweep of `cells` (at most `available` and 200), with the point law. */
export function replicaBudget(cells: number, available: number, cap = 200): number {
  const room = Math.floor(MAX_SWEEP_PAIRS / Math.max(1, cells)) - 1;
  const n = Math.max(0, Math.min(available, cap, room));
  return n < 3 ? 0 : n;
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
 * and its spread over replicas.
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
  if (!['N', 'D', 'tokensPerParam', 'loss', 'epochs'].includes(output))
    lines.push({ label: OUTPUT_INFO[output].label, value: OUTPUT_INFO[output].format(shown) });
  if (spread !== undefined)
    lines.push({ label: 'Across replicas', value: formatSpread(output, spread) });
  return { lines, reason: '' };
}
