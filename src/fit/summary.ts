/**
 * What the bootstrap replicas say: medians, standard errors, 95% percentile intervals of each
 * constant and of the frontier exponents, the correlation matrix, and the warnings a careful
 * reader needs (non-identifiable exponents, intervals spanning an order of magnitude).
 */
import { frontierCoefficients } from '../law/frontier';
import { lawFromTheta } from '../law/law';
import { percentile } from '../law/stats';
import { packReplicas } from './replica-table';
import {
  type BootstrapSummary,
  type LocalFit,
  type ParamSummary,
  SUMMARY_PARAMS,
  type SummaryParam,
} from './types';

export { percentile };

function summarise(values: number[]): ParamSummary {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  let mean = 0;
  for (const v of sorted) mean += v / n;
  let ss = 0;
  for (const v of sorted) ss += (v - mean) ** 2;
  return {
    median: percentile(sorted, 0.5),
    se: n > 1 ? Math.sqrt(ss / (n - 1)) : Number.NaN,
    ci95: [percentile(sorted, 0.025), percentile(sorted, 0.975)],
  };
}

/** Quantities of one law that the summary reports. */
export function summaryValues(fit: LocalFit): Record<SummaryParam, number> {
  const law = lawFromTheta(fit.theta);
  const { a, b } = frontierCoefficients(law);
  return { E: law.E, A: law.A, B: law.B, alpha: law.alpha, beta: law.beta, a, b };
}

/** Pearson correlation matrix of the columns of `rows` (row-major k x k). */
export function correlationMatrix(rows: readonly (readonly number[])[]): number[] {
  const k = rows[0]?.length ?? 0;
  const n = rows.length;
  const mean = new Array<number>(k).fill(0);
  for (const r of rows) for (let j = 0; j < k; j++) mean[j]! += r[j]! / n;
  const cov = new Array<number>(k * k).fill(0);
  for (const r of rows) {
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) cov[i * k + j]! += (r[i]! - mean[i]!) * (r[j]! - mean[j]!);
    }
  }
  return cov.map((c, idx) => {
    const i = Math.floor(idx / k);
    const j = idx % k;
    const d = Math.sqrt(cov[i * k + i]! * cov[j * k + j]!);
    return d > 0 ? c / d : i === j ? 1 : Number.NaN;
  });
}

/**
 * Summary over the converged replicas (non-converged ones are excluded and counted), and the
 * replicas themselves as theta rows (a, b, e, alpha, beta), NaN where a replica did not converge.
 */
export function summariseBootstrap(
  replicas: readonly LocalFit[],
): BootstrapSummary & { replicas: Float64Array } {
  const good = replicas.filter((r) => r.converged);
  const columns = Object.fromEntries(SUMMARY_PARAMS.map((p) => [p, [] as number[]])) as Record<
    SummaryParam,
    number[]
  >;
  const logRows: number[][] = [];
  for (const r of good) {
    const v = summaryValues(r);
    for (const p of SUMMARY_PARAMS) columns[p].push(v[p]);
    logRows.push([r.theta.e, r.theta.a, r.theta.b, r.theta.alpha, r.theta.beta]);
  }
  const table = packReplicas(replicas.map((r) => (r.converged ? r.theta : null)));
  return {
    requested: replicas.length,
    converged: good.length,
    excluded: replicas.length - good.length,
    params: Object.fromEntries(SUMMARY_PARAMS.map((p) => [p, summarise(columns[p])])) as Record<
      SummaryParam,
      ParamSummary
    >,
    correlation: correlationMatrix(logRows),
    replicas: table,
  };
}

/** The variables of the correlation matrix, in row and column order. */
export const CORRELATION_VARIABLES = ['lnE', 'lnA', 'lnB', 'alpha', 'beta'] as const;
export type CorrelationVariable = (typeof CORRELATION_VARIABLES)[number];

/**
 * The correlation of variables `i` and `j` (indices into {@link CORRELATION_VARIABLES}) in a
 * row-major correlation matrix, NaN where the matrix has no such cell.
 */
export function correlationAt(matrix: readonly number[], i: number, j: number): number {
  const n = CORRELATION_VARIABLES.length;
  if (!(i >= 0 && i < n && j >= 0 && j < n)) return Number.NaN;
  return matrix[i * n + j] ?? Number.NaN;
}

const ALPHA = CORRELATION_VARIABLES.indexOf('alpha');
const BETA = CORRELATION_VARIABLES.indexOf('beta');

/** Warnings about what the replicas can and cannot pin down. */
export function bootstrapWarnings(s: BootstrapSummary, tieExponents: boolean): string[] {
  const out: string[] = [];
  if (s.excluded > 0) {
    const share = (100 * s.excluded) / s.requested;
    out.push(
      `${s.excluded} of ${s.requested} bootstrap replicas (${share.toFixed(1)}%) did not converge and are excluded from the intervals`,
    );
  }
  if (s.converged < 2) {
    out.push('too few converged replicas to estimate uncertainty');
    return out;
  }
  const r = correlationAt(s.correlation, ALPHA, BETA);
  if (!tieExponents && Math.abs(r) > 0.95) {
    out.push(
      `alpha and beta are not separately identifiable: their bootstrap correlation is ${r.toFixed(3)} (|r| > 0.95)`,
    );
  }
  for (const p of SUMMARY_PARAMS) {
    const [lo, hi] = s.params[p].ci95;
    if (lo > 0 && hi / lo > 10) {
      out.push(
        `the 95% interval of ${p} spans more than an order of magnitude (${lo.toPrecision(3)} to ${hi.toPrecision(3)})`,
      );
    }
  }
  return out;
}
