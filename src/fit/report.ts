/**
 * The fit result as one plain JSON object: what `npm run cli -- fit --json` prints and what the
 * app exports, so both read the same.
 */
import { frontierCoefficients } from '../law/frontier';
import { type FitResult, SUMMARY_PARAMS, type SummaryParam } from './types';

/**
 * Version of the fit JSON shape (docs/CLI.md), in `fit --json` and the app's export alike;
 * raised when a field changes meaning or goes away.
 */
export const FIT_JSON_VERSION = 1;

/** JSON shape of a fit (docs/CLI.md). */
export interface FitReport {
  readonly engine: 'gpu' | 'cpu';
  readonly adapter: string | null;
  readonly rows: number;
  readonly fit: {
    readonly E: number;
    readonly A: number;
    readonly B: number;
    readonly alpha: number;
    readonly beta: number;
    /** Frontier exponents of the point fit: N_opt ~ C^a, D_opt ~ C^b. */
    readonly a: number;
    readonly b: number;
    readonly objective: number;
  };
  readonly starts: { readonly total: number; readonly converged: number };
  readonly bootstrap: {
    readonly replicas: number;
    readonly converged: number;
    readonly median: Record<SummaryParam, number>;
    readonly se: Record<SummaryParam, number>;
    readonly ci95: Record<SummaryParam, [number, number]>;
  } | null;
  readonly warnings: readonly string[];
  readonly options: FitResult['options'];
  readonly seconds: number;
  /** Local fits (starts plus replicas) per second of wall-clock time. */
  readonly fitsPerSecond: number;
  /** {@link FIT_JSON_VERSION}. */
  readonly version: typeof FIT_JSON_VERSION;
}

function byParam<T>(pick: (p: SummaryParam) => T): Record<SummaryParam, T> {
  return Object.fromEntries(SUMMARY_PARAMS.map((p) => [p, pick(p)])) as Record<SummaryParam, T>;
}

/** Builds the JSON report of a fit; `adapter` names the GPU adapter, or null on the CPU. */
export function fitReport(result: FitResult, adapter: string | null): FitReport {
  const { law, objective } = result.best;
  const { a, b } = frontierCoefficients(law);
  const boot = result.bootstrap;
  const fits = result.starts.total + (boot?.requested ?? 0);
  return {
    engine: result.engine,
    adapter,
    rows: result.rows,
    fit: { E: law.E, A: law.A, B: law.B, alpha: law.alpha, beta: law.beta, a, b, objective },
    starts: { total: result.starts.total, converged: result.starts.converged },
    bootstrap: boot
      ? {
          replicas: boot.requested,
          converged: boot.converged,
          median: byParam((p) => boot.params[p].median),
          se: byParam((p) => boot.params[p].se),
          ci95: byParam((p) => [boot.params[p].ci95[0], boot.params[p].ci95[1]]),
        }
      : null,
    warnings: result.warnings,
    options: result.options,
    seconds: result.seconds,
    fitsPerSecond: result.seconds > 0 ? fits / result.seconds : 0,
    version: FIT_JSON_VERSION,
  };
}
