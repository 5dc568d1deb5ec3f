/**
 * What a joint fit says about recipes: the likelihood-ratio test of the shared model against
 * separate fits, each series' frontier for compareRecipes (replica k of every series from
 * joint replica k, so the pairs are paired), and, with E, alpha and beta shared, the one
 * multiplier that holds at every budget.
 */
import { type FrontierLoss, frontierLoss } from '../law/compute-multiplier';
import type { LawTheta } from '../law/law';
import type { SeriesFrontier } from '../law/recipe-compare';
import { percentile } from '../law/stats';
import { fitJoint, type JointFitResult, type JointSeries, type SharedParam } from './joint-fit';
import { chiSquaredSf, type LawTestResult, residualSumOfSquares } from './law-tests';
import { ReplicaTable } from './replica-table';
import { seriesFrontier } from './series-frontier';
import type { FitOptions } from './types';

/** The likelihood-ratio test of shared parameters against separate fits. */
export interface JointLikelihoodRatio extends LawTestResult {
  readonly kind: 'lr-joint';
  readonly shared: readonly SharedParam[];
  /** Residual sums of squares of ln L over all series: separate fits, joint fit. */
  readonly rssSeparate: number;
  readonly rssJoint: number;
  /** Runs over all series. */
  readonly n: number;
}

/**
 * LR = n ln(RSS_joint / RSS_separate) with RSS summed over every series' runs at each fit's
 * point estimate, n the runs of all series, and (S - 1) |shared| degrees of freedom: the
 * Gaussian likelihood on ln L with one variance for all series, profiled out, as in the
 * tied-exponent test (src/fit/law-tests.ts). Floored at 0. It is the exact LR when both fits
 * minimise squared residuals ({@link jointLikelihoodRatioTest} refits them so); from Huber fits
 * it is off by how far each RSS lies above its least-squares minimum.
 */
export function jointLikelihoodRatio(
  series: readonly JointSeries[],
  separate: readonly LawTheta[],
  joint: JointFitResult,
): JointLikelihoodRatio {
  let rssSeparate = 0;
  let rssJoint = 0;
  let n = 0;
  series.forEach((s, i) => {
    rssSeparate += residualSumOfSquares(separate[i]!, s.runs);
    rssJoint += residualSumOfSquares(joint.series[i]!.theta, s.runs);
    n += s.runs.length;
  });
  const df = (series.length - 1) * joint.shared.length;
  const statistic = Math.max(0, n * Math.log(rssJoint / rssSeparate));
  return {
    kind: 'lr-joint',
    shared: joint.shared,
    statistic,
    df,
    pValue: df > 0 ? chiSquaredSf(statistic, df) : 1,
    rssSeparate,
    rssJoint,
    n,
  };
}

/**
 * The Gaussian LR test of sharing `shared`, with both models fitted by least squares (no
 * bootstrap): the separate fits from `options.starts` (or from `job.separate`, each series'
 * fit at hand, when given), the joint fit started from them.
 */
export async function jointLikelihoodRatioTest(
  series: readonly JointSeries[],
  shared: readonly SharedParam[],
  options: FitOptions,
  job: { signal?: AbortSignal; separate?: readonly LawTheta[] } = {},
): Promise<JointLikelihoodRatio> {
  const squared: FitOptions = { ...options, residualLoss: 'squared', bootstrap: 0 };
  const separate = await fitJoint(series, [], squared, job);
  const thetas = separate.series.map((s) => s.theta);
  const joint = await fitJoint(series, shared, squared, {
    ...(job.signal ? { signal: job.signal } : {}),
    separate: thetas,
  });
  return jointLikelihoodRatio(series, thetas, joint);
}

/**
 * Each series of a joint fit as compareRecipes reads it (as seriesFrontier builds it), in the
 * fit's series order; replica k of every series is joint replica k.
 */
export function jointFrontiers(
  result: JointFitResult,
  series: readonly JointSeries[],
  flopsPerParamToken?: number,
): SeriesFrontier[] {
  return result.series.map((s, i) =>
    seriesFrontier(
      s.name,
      s.law,
      result.bootstrap?.replicas[i],
      series[i]!.runs,
      flopsPerParamToken,
    ),
  );
}

/** A multiplier that holds at every budget, with its paired percentile interval. */
export interface SharedMultiplier {
  readonly series: string;
  readonly reference: string;
  readonly multiplier: number;
  readonly interval: readonly [number, number] | null;
  readonly median: number | null;
  readonly pairs: number;
}

/** (K_ref / K_x)^(1/gamma): the multiplier of x against ref when E and gamma are equal. */
function constantMultiplier(x: FrontierLoss, ref: FrontierLoss): number {
  return Math.exp(Math.log(ref.K / x.K) / ref.gamma);
}

/**
 * The multiplier of `series` against `reference` from a joint fit that shares E, alpha and
 * beta: m = (K_ref / K_x)^(1/gamma) at every budget (src/law/compute-multiplier.ts), with the
 * percentile interval over the converged joint replicas. Throws when E, alpha or beta is not
 * shared (m then depends on the budget: use compareRecipes on jointFrontiers) or a name is not
 * a series of the fit.
 */
export function sharedMultiplier(
  result: JointFitResult,
  series: string,
  reference: string,
  level = 0.95,
): SharedMultiplier {
  const missing = (['E', 'alpha', 'beta'] as const).filter((p) => !result.shared.includes(p));
  if (missing.length > 0)
    throw new Error(
      `the multiplier is constant only with E, alpha and beta shared; not shared: ${missing.join(', ')}`,
    );
  const index = (name: string) => {
    const i = result.series.findIndex((s) => s.name === name);
    if (i < 0) throw new Error(`${JSON.stringify(name)} is not a series of the joint fit`);
    return i;
  };
  const x = index(series);
  const r = index(reference);
  const multiplier = constantMultiplier(
    frontierLoss(result.series[x]!.law),
    frontierLoss(result.series[r]!.law),
  );
  const values: number[] = [];
  if (result.bootstrap) {
    const tx = ReplicaTable.of(result.bootstrap.replicas[x]);
    const tr = ReplicaTable.of(result.bootstrap.replicas[r]);
    for (let k = 0; k < tx.count; k++) {
      const a = tx.law(k);
      const b = tr.law(k);
      if (a && b) values.push(constantMultiplier(frontierLoss(a), frontierLoss(b)));
    }
  }
  const sorted = Float64Array.from(values).sort();
  const tail = (1 - level) / 2;
  return {
    series,
    reference,
    multiplier,
    interval: values.length >= 2 ? [percentile(sorted, tail), percentile(sorted, 1 - tail)] : null,
    median: values.length > 0 ? percentile(sorted, 0.5) : null,
    pairs: values.length,
  };
}
