/**
 * A "methods" paragraph for the current fit, ready to paste into a paper: the law and its
 * fitting form, the objective, the optimiser and its starts, the bootstrap (K, resampling
 * unit, seed, replicas kept), the data (runs used and excluded, content hash), the point
 * estimates with their intervals, and the tool and engine that computed it. Pure, no DOM:
 * the same inputs always give the same text.
 */
import { datasetHash } from '../data/hash';
import type { Run } from '../data/types';
import { objectiveOf } from '../fit/objective-options';
import { HOFFMANN_GRID } from '../fit/starts';
import type { FitResult, SummaryParam } from '../fit/types';
import { frontierCoefficients } from '../law/frontier';
import { adapterFromLabel } from './fit';
import { TOOL_NAME, TOOL_VERSION } from './tool';

/** Where a fit's data came from, captured when the fit arrives (its data may change later). */
export interface FitProvenance {
  /** Name of the dataset shown in the app. */
  readonly datasetName: string;
  /** Runs in the dataset, before exclusions. */
  readonly datasetRuns: number;
  /** Runs the user excluded from the fit. */
  readonly excluded: number;
  /** datasetHash (FNV-1a 64, src/data/hash.ts) of the runs the fit used, in order. */
  readonly hash: string;
  /** Distinct group ids among the runs used (0 when none carries one). */
  readonly groups: number;
  /** Runs used that carry no group id. */
  readonly ungrouped: number;
  /** GPU adapter name, or null (CPU fit, or the adapter is unknown). */
  readonly adapter: string | null;
}

/**
 * The provenance of a fit of `runs` (the whole dataset) less `excludedRows`, fitted on the
 * engine labelled `engineLabel` (EngineManager status label).
 */
export function fitProvenance(
  datasetName: string,
  runs: readonly Run[],
  excludedRows: readonly number[],
  engineLabel: string,
): FitProvenance {
  const excluded = new Set(excludedRows);
  const used = runs.filter((r) => !excluded.has(r.row));
  const groups = new Set(used.flatMap((r) => (r.group === undefined ? [] : [r.group])));
  return {
    datasetName,
    datasetRuns: runs.length,
    excluded: runs.length - used.length,
    hash: datasetHash(used),
    groups: groups.size,
    ungrouped: used.filter((r) => r.group === undefined).length,
    adapter: adapterFromLabel(engineLabel),
  };
}

/** What the paragraph needs. */
export interface MethodsInput {
  readonly result: FitResult;
  readonly provenance: FitProvenance;
  /** Tool name and version; package.json's by default. */
  readonly tool?: { readonly name: string; readonly version: string };
  /** A date to state (e.g. "2025-03-14"); omitted unless given, so the text is reproducible. */
  readonly date?: string;
}

/** A number at `digits` significant digits, as a person writes it: 0.348, 482, 2.09e+21 → 2.09e21. */
export function methodsNumber(x: number, digits = 4): string {
  if (!Number.isFinite(x)) return String(x);
  return String(Number(x.toPrecision(digits))).replace('e+', 'e');
}

const count = (n: number) => n.toLocaleString('en-US');
const plural = (n: number, one: string, many = `${one}s`) => `${count(n)} ${n === 1 ? one : many}`;

const SYMBOLS: readonly (readonly [Exclude<SummaryParam, 'a' | 'b'>, string])[] = [
  ['E', 'E'],
  ['A', 'A'],
  ['B', 'B'],
  ['alpha', 'α'],
  ['beta', 'β'],
];

function listOf(values: readonly number[]): string {
  return `{${values.map((v) => methodsNumber(v)).join(', ')}}`;
}

function startsSentence(r: FitResult): string {
  const s = r.options.starts;
  const converged = `${count(r.starts.converged)} of ${plural(r.starts.total, 'start')} converged`;
  if (s.kind === 'grid') {
    const g = HOFFMANN_GRID;
    const exps = r.options.tieExponents
      ? `α = β ∈ ${listOf(g.exponent)}`
      : `α, β ∈ ${listOf(g.exponent)}`;
    return `from every point of the start grid of Hoffmann et al. (${count(r.starts.total)} starts: ${exps}, e ∈ ${listOf(g.e)}, a, b ∈ ${listOf(g.intercept)}), keeping the converged minimum with the lowest objective (${converged})`;
  }
  if (s.kind === 'random') {
    return `from ${plural(s.count, 'start')} drawn uniformly from a, b ∈ [0, 25], e ∈ [−1, 1], α, β ∈ [0, 2] (seed ${r.options.seed}), keeping the converged minimum with the lowest objective (${converged})`;
  }
  return `from one given start point (${converged})`;
}

/**
 * What was minimised: the sum over runs of the Huber loss (δ) of the log-loss residuals, as in
 * Hoffmann et al., or that sum with the objective choices of the fit (docs/METHODS.md,
 * "Objective choices"); at the defaults exactly the plain clause.
 */
export function objectiveClause(r: FitResult): string {
  const o = r.options;
  const c = objectiveOf(o);
  const residuals = 'the residuals between predicted and observed log-loss';
  const weighting =
    c.weighting === 'column'
      ? ', each run weighted by its weight column,'
      : c.weighting === 'sqrt-compute'
        ? ', each run weighted by √(6ND) normalised to mean 1,'
        : '';
  let penalty: string;
  if (c.residualLoss === 'squared') {
    penalty = `half the squares of ${residuals}`;
  } else if (c.deltaRule.kind === 'scaled') {
    const d = r.resolvedDelta !== undefined ? ` = ${methodsNumber(r.resolvedDelta)}` : '';
    penalty = `the Huber loss of ${residuals}, with δ${d} chosen from the data as ${methodsNumber(c.deltaRule.constant)} × 1.4826 × the median absolute deviation of the residuals of a least-squares pilot fit`;
  } else {
    penalty = `the Huber loss (δ = ${methodsNumber(o.delta)}) of ${residuals}`;
  }
  const over =
    c.overPenalty !== 1
      ? `, over-predictions (predicted above observed) penalised ${methodsNumber(c.overPenalty)} times as much as under-predictions`
      : '';
  const held = [
    ...(c.fixed.E !== undefined ? [`E = ${methodsNumber(c.fixed.E)}`] : []),
    ...(c.fixed.alpha !== undefined ? [`α = ${methodsNumber(c.fixed.alpha)}`] : []),
    ...(c.fixed.beta !== undefined ? [`β = ${methodsNumber(c.fixed.beta)}`] : []),
  ];
  const fixed = held.length > 0 ? `, holding ${held.join(' and ')} fixed,` : '';
  const tail = over && !fixed ? `${over},` : `${over}${fixed}`;
  return `the sum over runs${weighting} of ${penalty}${tail}`;
}

function dataSentence(p: FitProvenance, r: FitResult): string {
  const excluded =
    p.excluded > 0
      ? `${plural(p.excluded, 'run')} of ${count(p.datasetRuns)} excluded by hand`
      : 'no run excluded';
  return `The data are ${plural(r.rows, 'training run')} of the dataset “${p.datasetName}” (${excluded}; FNV-1a 64 hash of the fitted runs' N, D, loss and group: ${p.hash}).`;
}

function bootstrapSentence(r: FitResult, p: FitProvenance): string {
  const b = r.bootstrap;
  if (!b || r.options.bootstrap === 0)
    return 'No bootstrap was run (K = 0), so no intervals are reported.';
  const byGroup = r.options.resampleGroups && p.groups > 0;
  const unit = byGroup
    ? `the ${plural(p.groups + p.ungrouped, 'group')} of runs (runs sharing a group id, such as checkpoints of one training run, are resampled together${p.ungrouped > 0 ? `; ${plural(p.ungrouped, 'run')} without a group id count as groups of one` : ''})`
    : `the ${plural(r.rows, 'run')}`;
  const kept =
    b.excluded > 0
      ? `${count(b.converged)} replicas converged and the ${count(b.excluded)} that did not were excluded`
      : `all ${count(b.converged)} replicas converged`;
  const ci = SYMBOLS.map(
    ([k, sym]) =>
      `${sym} ∈ [${methodsNumber(b.params[k].ci95[0], 3)}, ${methodsNumber(b.params[k].ci95[1], 3)}]`,
  ).join(', ');
  return `Uncertainty comes from K = ${count(b.requested)} bootstrap replicas that resample ${unit} with replacement (multinomial weights from a counter-based generator, seed ${r.options.seed}); each replica is refitted by L-BFGS from the best fit, ${kept}. The 95% intervals (2.5th to 97.5th percentiles of the converged replicas) are ${ci}.`;
}

/** The methods paragraph of a fit (plain text, one paragraph, no trailing newline). */
export function methodsText(input: MethodsInput): string {
  const { result: r, provenance: p } = input;
  const tool = input.tool ?? { name: TOOL_NAME, version: TOOL_VERSION };
  const law = r.best.law;
  const { a, b } = frontierCoefficients(law);
  const tied = r.options.tieExponents ? ' with one shared exponent (α = β)' : '';
  const estimates = SYMBOLS.map(([k, sym]) => `${sym} = ${methodsNumber(law[k])}`).join(', ');
  const engine =
    r.engine === 'gpu'
      ? `the GPU engine (WebGPU, f32${p.adapter ? `, adapter ${p.adapter}` : ''})`
      : 'the CPU engine (f64)';
  const date = input.date ? ` on ${input.date}` : '';
  return [
    `We fitted the scaling law L(N, D) = E + A/N^α + B/D^β${tied} to final training losses, following Approach 3 of Hoffmann et al. (2022).`,
    dataSentence(p, r),
    `With A = exp(a), B = exp(b) and E = exp(e), the predicted log-loss is LSE(a − α ln N, b − β ln D, e) (LSE: log-sum-exp), and we minimised ${objectiveClause(r)} with L-BFGS, ${startsSentence(r)}.`,
    `The best fit is ${estimates}, so that N_opt ∝ C^${methodsNumber(a, 3)} and D_opt ∝ C^${methodsNumber(b, 3)} for compute C = 6ND.`,
    bootstrapSentence(r, p),
    `Computed with ${tool.name} ${tool.version} on ${engine}${date}.`,
  ].join(' ');
}
