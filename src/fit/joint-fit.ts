/**
 * Joint Approach-3 fits of several series with some parameters shared (docs/METHODS.md, "Joint
 * fits with shared parameters"), in f64 on the CPU whichever engine the app uses: the point fit
 * from starts built on each series' separate fit, and a bootstrap that resamples within each
 * series (replica k of series s uses stream k under seed seriesSeed(seed, s)), every replica
 * warm-started at the point fit.
 */
import { type LawTheta, lawFromTheta, type ScalingLaw } from '../law/law';
import { hash32 } from './counter-rng';
import {
  type JointLayout,
  jointLayout,
  jointProblem,
  jointThetas,
  jointVector,
  type SharedParam,
} from './joint-objective';
import { type LbfgsMemory, minimizeLbfgs } from './lbfgs';
import { fitFromStarts, PILOT_STREAMS } from './local-fits';
import { type FitData, weightedFitData } from './objective';
import { fixedMask, needsPilot, pinTheta } from './objective-options';
import { packReplicas } from './replica-table';
import { replicaWeights, resampleUnits } from './resample';
import { FitError, fitStartsOf, localFitOptions, validateFitInput } from './run-fit';
import type { FitOptions, FitProgress, FitRun, LocalFit } from './types';

export type { SharedParam } from './joint-objective';

/** One series of a joint fit. */
export interface JointSeries {
  readonly name: string;
  readonly runs: readonly FitRun[];
}

/** One series' part of the point fit. */
export interface JointSeriesFit {
  readonly name: string;
  readonly runs: number;
  readonly theta: LawTheta;
  readonly law: ScalingLaw;
  /** This series' term of the objective at the point fit. */
  readonly objective: number;
}

/** The outcome of a joint fit. */
export interface JointFitResult {
  readonly engine: 'cpu';
  readonly shared: readonly SharedParam[];
  readonly series: readonly JointSeriesFit[];
  /** Sum of the series' objectives at the point fit. */
  readonly objective: number;
  /** Free parameters of the joint model (before fixed ones are taken away). */
  readonly parameters: number;
  readonly starts: { readonly total: number; readonly converged: number };
  /** Each series' separate fit the starts were built from (in series order). */
  readonly separate: readonly LawTheta[];
  readonly bootstrap?: {
    readonly requested: number;
    /** Replicas whose joint fit converged (the same rows converge in every series). */
    readonly converged: number;
    /** Per series, K x 5 theta rows (a, b, e, alpha, beta); NaN rows did not converge. */
    readonly replicas: readonly Float64Array[];
  };
  readonly warnings: readonly string[];
  readonly options: FitOptions;
  readonly seconds: number;
}

/** Cancellation and progress of a joint fit. */
export interface JointJob {
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: FitProgress) => void;
  /** Each series' separate fit, when the caller has them (else they are fitted from starts). */
  readonly separate?: readonly LawTheta[];
}

/** Seed of series s's resampling: the fit's seed for series 0, a distinct hash for the others. */
export function seriesSeed(seed: number, s: number): number {
  return s === 0 ? seed >>> 0 : hash32((seed + Math.imul(s, 0x9e3779b9)) >>> 0);
}

/** Replicas fitted between two progress reports and cancellation checks. */
const CHUNK = 16;

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 === 1 ? s[(n - 1) / 2]! : 0.5 * (s[n / 2 - 1]! + s[n / 2]!);
}

/** The natural-coordinate value of a shared parameter in a theta. */
const KEY: Readonly<Record<SharedParam, keyof LawTheta>> = {
  E: 'e',
  A: 'a',
  B: 'b',
  alpha: 'alpha',
  beta: 'beta',
};

/**
 * Joint starts from the separate fits: shared parameters at the median over series, then at
 * each series' own values, then the median with the shared exponents moved by +-0.05.
 */
export function jointStarts(
  separate: readonly LawTheta[],
  shared: readonly SharedParam[],
): LawTheta[][] {
  const with_ = (values: Partial<Record<keyof LawTheta, number>>) =>
    separate.map((t) => ({ ...t, ...values }));
  const medians: Partial<Record<keyof LawTheta, number>> = {};
  for (const p of shared) medians[KEY[p]] = median(separate.map((t) => t[KEY[p]]));
  if (shared.length === 0) return [with_({})];
  const out = [with_(medians)];
  if (separate.length > 1) {
    for (const own of separate) {
      const v: Partial<Record<keyof LawTheta, number>> = {};
      for (const p of shared) v[KEY[p]] = own[KEY[p]];
      out.push(with_(v));
    }
  }
  for (const d of [-0.05, 0.05]) {
    const v = { ...medians };
    let moved = false;
    for (const k of ['alpha', 'beta'] as const) {
      if (v[k] !== undefined) {
        v[k] = v[k]! + d;
        moved = true;
      }
    }
    if (moved) out.push(with_(v));
  }
  return out;
}

function problems(series: readonly JointSeries[], options: FitOptions): string[] {
  const out: string[] = [];
  if (series.length === 0) out.push('a joint fit needs at least one series');
  if (options.tieExponents) out.push('a joint fit does not tie the exponents');
  if (needsPilot(options)) out.push('a joint fit takes a fixed Huber delta');
  for (const s of series) {
    const p = validateFitInput(s.runs, { ...options, bootstrap: 0 });
    if (p.length > 0) out.push(`series ${JSON.stringify(s.name)}: ${p.join('; ')}`);
  }
  if (!Number.isInteger(options.bootstrap) || options.bootstrap < 0)
    out.push('bootstrap replicas must be a whole number');
  return out;
}

interface Minimum {
  readonly z: Float64Array;
  readonly f: number;
  readonly converged: boolean;
  readonly memory: LbfgsMemory;
}

/**
 * Fits `series` jointly with `shared` parameters in common, under the objective choices,
 * starts and bootstrap of `options` (not tied exponents, not a data-chosen delta). Rejects
 * with a FitError when the inputs cannot be fitted or no start converges, or with the abort
 * reason when `job.signal` aborts (checked between starts and between chunks of replicas).
 */
export async function fitJoint(
  series: readonly JointSeries[],
  shared: readonly SharedParam[],
  options: FitOptions,
  job: JointJob = {},
): Promise<JointFitResult> {
  const bad = problems(series, options);
  if (bad.length > 0) throw new FitError(bad.join('; '));
  const started = performance.now();
  const local = localFitOptions(options);
  const terms =
    local.residualLoss !== undefined || local.overPenalty !== undefined || local.fixed
      ? { residualLoss: local.residualLoss, overPenalty: local.overPenalty, fixed: local.fixed }
      : undefined;
  const mask = fixedMask(local.fixed, false);
  const data: FitData[] = series.map((s) => weightedFitData(s.runs, local.weighting));
  const layout: JointLayout = jointLayout(data, shared);
  const S = series.length;

  let separate = job.separate;
  const starts = fitStartsOf(options);
  if (!separate) {
    const fits: LawTheta[] = [];
    for (const [s, d] of data.entries()) {
      job.signal?.throwIfAborted();
      const best = bestOf(fitFromStarts(d, starts, local));
      if (!best) {
        throw new FitError(
          `series ${JSON.stringify(series[s]!.name)}: none of the ${starts.length} starts converged`,
        );
      }
      fits.push(best.theta);
      job.onProgress?.({ phase: 'starts', done: s + 1, total: S + 1 });
      await tick();
    }
    separate = fits;
  }
  // Fixed parameters stay at their values in every start (the gradient never moves them).
  const startSets = jointStarts(separate, layout.shared).map((set) =>
    set.map((t) => pinTheta(t, local.fixed, false)),
  );
  const full = jointProblem(layout, data, [], local.delta, terms, mask);
  const minima: Minimum[] = startSets.map((thetas) => {
    const r = minimizeLbfgs(full.evaluate, jointVector(layout, thetas, data));
    return {
      z: r.x,
      f: r.f,
      converged: r.converged && r.x.every(Number.isFinite),
      memory: r.memory(),
    };
  });
  job.onProgress?.({ phase: 'starts', done: S + 1, total: S + 1 });
  const converged = minima.filter((m) => m.converged && Number.isFinite(m.f));
  if (converged.length === 0) {
    throw new FitError(`the joint fit diverged: none of the ${startSets.length} starts converged`);
  }
  const best = converged.reduce((a, b) => (b.f < a.f ? b : a));
  const thetas = jointThetas(layout, best.z, data);
  const perSeries = full.perSeries(best.z);
  const warnings: string[] = [];
  if (thetas.some((t) => t.alpha <= 0 || t.beta <= 0))
    warnings.push('a fitted exponent is not positive: these runs do not constrain the law');

  let bootstrap: JointFitResult['bootstrap'];
  const K = options.bootstrap;
  if (K > 0) {
    const units = series.map((s) => resampleUnits(s.runs, options.resampleGroups));
    const seeds = series.map((_, s) => seriesSeed(options.seed, s));
    const weightsOf = (k: number) => units.map((u, s) => replicaWeights(u, seeds[s]!, k));
    const pilot = jointProblem(layout, data, weightsOf(PILOT_STREAMS[0]), local.delta, terms, mask);
    const memory = minimizeLbfgs(pilot.evaluate, best.z, undefined, best.memory).memory();
    const rows: (LawTheta[] | null)[] = [];
    for (let first = 0; first < K; first += CHUNK) {
      job.signal?.throwIfAborted();
      for (let k = first; k < Math.min(K, first + CHUNK); k++) {
        const p = jointProblem(layout, data, weightsOf(k), local.delta, terms, mask);
        const r = minimizeLbfgs(p.evaluate, best.z, undefined, memory);
        const ok = r.converged && Number.isFinite(r.f) && r.x.every(Number.isFinite);
        rows.push(ok ? jointThetas(layout, r.x, data) : null);
      }
      job.onProgress?.({ phase: 'bootstrap', done: Math.min(K, first + CHUNK), total: K });
      await tick();
    }
    const good = rows.filter((r) => r !== null).length;
    bootstrap = {
      requested: K,
      converged: good,
      replicas: series.map((_, s) => packReplicas(rows.map((r) => (r ? r[s]! : null)))),
    };
    if (good < 0.9 * K)
      warnings.push(`only ${good} of ${K} bootstrap replicas converged: intervals are unreliable`);
  }
  return {
    engine: 'cpu',
    shared: layout.shared,
    series: series.map((s, i) => ({
      name: s.name,
      runs: s.runs.length,
      theta: thetas[i]!,
      law: lawFromTheta(thetas[i]!),
      objective: perSeries[i]!,
    })),
    objective: best.f,
    parameters: layout.dim,
    starts: { total: startSets.length, converged: converged.length },
    separate,
    ...(bootstrap ? { bootstrap } : {}),
    warnings,
    options,
    seconds: (performance.now() - started) / 1000,
  };
}

function bestOf(fits: readonly LocalFit[]): LocalFit | undefined {
  let best: LocalFit | undefined;
  for (const f of fits) if (f.converged && (!best || f.objective < best.objective)) best = f;
  return best;
}
