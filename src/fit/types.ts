/**
 * Shapes shared by the CPU and GPU fitters and the views: the data a fit reads, its options,
 * progress and result.
 */
import type { LawTheta, ScalingLaw } from '../law/law';

/** One training run as the fitter sees it. */
export interface FitRun {
  /** Parameters. */
  readonly N: number;
  /** Training tokens. */
  readonly D: number;
  /** Final loss. */
  readonly loss: number;
  /** Runs sharing a group (checkpoints of one run) are resampled together. */
  readonly group?: string;
  /** The run's weight in the objective, from a mapped weight column (positive, finite). */
  readonly weight?: number;
}

/**
 * The penalty each log-loss residual r = ln L_pred - ln L_obs pays: Huber with threshold delta
 * (Hoffmann et al. 2022), or plain least squares r^2 / 2.
 */
export type ResidualLoss = 'huber' | 'squared';

/**
 * How the Huber threshold is chosen: the number in `delta`, or from the data: `constant` times
 * a robust scale of the residuals of a least-squares pilot fit (1.4826 x their median absolute
 * deviation); 1.345 is the classic choice, 95% efficient under Gaussian noise.
 */
export type DeltaRule =
  | { readonly kind: 'fixed' }
  | { readonly kind: 'scaled'; readonly constant: number };

/**
 * Per-run weights of the objective: none, the mapped weight column (`FitRun.weight`), or the
 * square root of the run's compute 6 N D, normalised to mean 1.
 */
export type RunWeighting = 'none' | 'column' | 'sqrt-compute';

/** Parameters held at a value instead of fitted (E in loss units, the exponents as they are). */
export interface FixedParams {
  readonly E?: number;
  readonly alpha?: number;
  readonly beta?: number;
}

/** How the starts of the point fit are chosen. */
export type StartStrategy =
  | { readonly kind: 'grid' }
  | { readonly kind: 'random'; readonly count: number }
  | { readonly kind: 'warm'; readonly theta: LawTheta };

/** Everything that determines a fit, so a seed and these options reproduce it exactly. */
export interface FitOptions {
  readonly starts: StartStrategy;
  /** Bootstrap replicas K (0 for none). */
  readonly bootstrap: number;
  /** Seed of every random choice (random starts, resampling). */
  readonly seed: number;
  /** Huber threshold on log-loss residuals. */
  readonly delta: number;
  /** Fit one exponent for both N and D (alpha = beta). */
  readonly tieExponents: boolean;
  /** Resample groups rather than rows when runs carry group ids. */
  readonly resampleGroups: boolean;
  /** The residual penalty; absent: 'huber'. */
  readonly residualLoss?: ResidualLoss;
  /** How delta is chosen; absent: fixed at `delta`. */
  readonly deltaRule?: DeltaRule;
  /**
   * Factor on the penalty of a residual that over-predicts (r > 0), as in OLMo-core's
   * overestimate penalty: above 1 the fit leans to the lower envelope of under-tuned runs;
   * absent: 1 (symmetric).
   */
  readonly overPenalty?: number;
  /** Per-run weights; absent: 'none'. */
  readonly weighting?: RunWeighting;
  /** Parameters held fixed; absent: none. */
  readonly fixed?: FixedParams;
}

/** Defaults of Approach 3 (docs/METHODS.md): the Hoffmann start grid, delta = 1e-3. */
export const DEFAULT_FIT_OPTIONS: FitOptions = {
  starts: { kind: 'grid' },
  bootstrap: 4000,
  seed: 1,
  delta: 1e-3,
  tieExponents: false,
  resampleGroups: true,
};

/** Progress of a long fit. */
export interface FitProgress {
  readonly phase: 'starts' | 'bootstrap';
  readonly done: number;
  readonly total: number;
}

/** The outcome of one local minimisation. */
export interface LocalFit {
  readonly theta: LawTheta;
  readonly objective: number;
  readonly iterations: number;
  readonly evaluations: number;
  readonly converged: boolean;
}

/** Names of the summarised quantities: the law's constants and the frontier exponents. */
export const SUMMARY_PARAMS = ['E', 'A', 'B', 'alpha', 'beta', 'a', 'b'] as const;
export type SummaryParam = (typeof SUMMARY_PARAMS)[number];

/** Bootstrap summary of one quantity. */
export interface ParamSummary {
  readonly median: number;
  readonly se: number;
  readonly ci95: readonly [number, number];
}

/** What the replicas say. */
export interface BootstrapSummary {
  readonly requested: number;
  readonly converged: number;
  /** Replicas excluded because their fit did not converge. */
  readonly excluded: number;
  readonly params: Readonly<Record<SummaryParam, ParamSummary>>;
  /** Correlation matrix over (ln E, ln A, ln B, alpha, beta) of converged replicas, row-major 5 x 5. */
  readonly correlation: readonly number[];
}

/** The result a fit reports, whichever engine ran it. */
export interface FitResult {
  readonly engine: 'gpu' | 'cpu';
  readonly rows: number;
  readonly best: LocalFit & { readonly law: ScalingLaw };
  readonly starts: {
    readonly total: number;
    readonly converged: number;
    /** Objective of the converged minima: best, median and worst. */
    readonly minima: { readonly best: number; readonly median: number; readonly worst: number };
  };
  readonly bootstrap?: BootstrapSummary & {
    /** Replica laws as theta rows (a, b, e, alpha, beta), K x 5; NaN rows did not converge. */
    readonly replicas: Float64Array;
  };
  readonly warnings: readonly string[];
  readonly options: FitOptions;
  readonly seconds: number;
  /**
   * The Huber threshold the fit used when its delta rule is 'scaled' (chosen from a
   * least-squares pilot fit; docs/METHODS.md, "Objective choices"); absent otherwise, when the
   * threshold is options.delta.
   */
  readonly resolvedDelta?: number;
}
