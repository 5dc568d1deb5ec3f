/**
 * The hold-out forecast check: hold out the runs with the most compute, fit the rest, and
 * compare the held-out losses with the fit's predictions and bootstrap 95% prediction
 * intervals. Tells a user whether the law extrapolates, which is what they will use it for.
 */
import type { Run } from '../data/types';
import { type LawTheta, logLossLSE } from '../law/law';
import { uniformAt } from './counter-rng';
import { ReplicaTable } from './replica-table';
import { percentile } from './summary';
import type { FitOptions, FitProgress, FitResult, FitRun } from './types';

/** An engine's fit, as the check calls it. */
export type FitFunction = (
  runs: readonly FitRun[],
  options: FitOptions,
  job: { signal?: AbortSignal; onProgress?: (p: FitProgress) => void },
) => Promise<FitResult>;

/** Runs split at a compute cutoff. */
export interface ComputeSplit {
  /** Smallest held-out compute: runs with C >= cutoff are held out. */
  readonly cutoff: number;
  readonly train: readonly Run[];
  readonly test: readonly Run[];
}

/**
 * Holds out about `holdOut` (0 to 1) of the runs by highest compute. Runs that share the
 * cutoff's compute go together (an isoFLOP budget is never split), so the share held out may
 * be a little larger. At least one run is held out when there are two or more runs.
 */
export function splitAtCompute(runs: readonly Run[], holdOut: number): ComputeSplit {
  const sorted = [...runs].sort((x, y) => x.C - y.C);
  const n = sorted.length;
  if (n < 2) return { cutoff: Number.POSITIVE_INFINITY, train: sorted, test: [] };
  const share = Math.min(1, Math.max(0, holdOut));
  const count = Math.min(n - 1, Math.max(1, Math.ceil(share * n)));
  const cutoff = sorted[n - count]!.C;
  return {
    cutoff,
    train: runs.filter((r) => r.C < cutoff),
    test: runs.filter((r) => r.C >= cutoff),
  };
}

/** The check on one held-out run. */
export interface ForecastRow {
  readonly row: number;
  readonly N: number;
  readonly D: number;
  readonly C: number;
  readonly actual: number;
  /** Loss predicted by the best fit. */
  readonly predicted: number;
  /**
   * 95% prediction interval: each converged replica's prediction times the run-to-run scatter
   * of one training residual drawn for it (NaN when there are no converged replicas).
   */
  readonly lo: number;
  readonly hi: number;
  /** 95% interval of the replicas' predictions alone: parameter uncertainty without scatter. */
  readonly paramLo: number;
  readonly paramHi: number;
  /** (predicted - actual) / actual. */
  readonly relError: number;
  /** Whether the actual loss lies in [lo, hi]. */
  readonly inside: boolean;
}

/** The whole check. */
export interface ForecastCheck {
  readonly cutoff: number;
  readonly trainRuns: number;
  readonly rows: readonly ForecastRow[];
  /** Mean of |relError| over the held-out runs. */
  readonly meanAbsRelError: number;
  /** Share of held-out runs inside their interval (NaN without intervals). */
  readonly coverage: number;
  /** Converged replicas behind the intervals. */
  readonly replicas: number;
  /** Standard deviation of the training runs' log-loss residuals (the scatter in the intervals). */
  readonly residualSd: number;
  readonly fit: FitResult;
}

/** Log-loss residuals ln L - ln L_pred of `runs` under `theta`. */
function residuals(theta: LawTheta, runs: readonly Run[]): Float64Array {
  return Float64Array.from(
    runs,
    (r) => Math.log(r.loss) - logLossLSE(theta, Math.log(r.N), Math.log(r.D)),
  );
}

/** Stream of the residual draws, apart from the bootstrap's replica streams. */
const SCATTER_STREAM = 0xfffffffe;

/**
 * Predictions, intervals and errors of `fit` on the held-out runs. The prediction interval
 * adds to replica k's prediction one residual of the training runs, drawn with the fit's seed,
 * so it covers run-to-run scatter as well as parameter uncertainty.
 */
export function forecastCheck(fit: FitResult, split: ComputeSplit): ForecastCheck {
  const replicas = ReplicaTable.of(fit.bootstrap?.replicas).thetas();
  const scatter = residuals(fit.best.theta, split.train);
  const seed = fit.options.seed;
  const params = new Float64Array(replicas.length);
  const predictions = new Float64Array(replicas.length);
  const rows = split.test.map((r, i): ForecastRow => {
    const lnN = Math.log(r.N);
    const lnD = Math.log(r.D);
    const predicted = Math.exp(logLossLSE(fit.best.theta, lnN, lnD));
    replicas.forEach((t, k) => {
      const ln = logLossLSE(t, lnN, lnD);
      params[k] = Math.exp(ln);
      const j = Math.floor(uniformAt(seed ^ SCATTER_STREAM, k, i) * scatter.length);
      predictions[k] = Math.exp(ln + (scatter.length > 0 ? scatter[j]! : 0));
    });
    params.sort();
    predictions.sort();
    const lo = percentile(predictions, 0.025);
    const hi = percentile(predictions, 0.975);
    return {
      row: r.row,
      N: r.N,
      D: r.D,
      C: r.C,
      actual: r.loss,
      predicted,
      lo,
      hi,
      paramLo: percentile(params, 0.025),
      paramHi: percentile(params, 0.975),
      relError: (predicted - r.loss) / r.loss,
      inside: r.loss >= lo && r.loss <= hi,
    };
  });
  const n = rows.length;
  const mean = (f: (r: ForecastRow) => number) =>
    n > 0 ? rows.reduce((s, r) => s + f(r), 0) / n : Number.NaN;
  return {
    cutoff: split.cutoff,
    trainRuns: split.train.length,
    rows,
    meanAbsRelError: mean((r) => Math.abs(r.relError)),
    coverage: replicas.length > 0 ? mean((r) => (r.inside ? 1 : 0)) : Number.NaN,
    replicas: replicas.length,
    residualSd: standardDeviation(scatter),
    fit,
  };
}

function standardDeviation(x: Float64Array): number {
  if (x.length < 2) return Number.NaN;
  const mean = x.reduce((a, b) => a + b, 0) / x.length;
  return Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / (x.length - 1));
}

/** Fits the runs below the cutoff with `fitRuns` (an engine's fit) and checks the held-out runs. */
export async function runForecastCheck(
  fitRuns: FitFunction,
  runs: readonly Run[],
  options: FitOptions,
  holdOut: number,
  job: Parameters<FitFunction>[2] = {},
): Promise<ForecastCheck> {
  const split = splitAtCompute(runs, holdOut);
  if (split.test.length === 0) throw new Error('the forecast check needs at least two runs');
  const result = await fitRuns(split.train, options, job);
  return forecastCheck(result, split);
}
