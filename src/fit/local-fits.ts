/**
 * The two batched jobs of a fit, in f64: many starts on the full data, or many bootstrap
 * replicas warm-started from the best fit. These are the CPU twins of the GPU fit kernel
 * (shaders/fit.wgsl): same objective, same starts, same resampling weights.
 */
import type { LawTheta } from '../law/law';
import { minimizeLbfgs } from './lbfgs';
import { type FitData, fitProblem, fromCentred, toCentred } from './objective';
import { type ResampleUnits, replicaWeights } from './resample';
import type { LocalFit } from './types';

/** Options the local fits need. */
export interface LocalFitOptions {
  readonly delta: number;
  readonly tieExponents: boolean;
}

function fitOne(
  data: FitData,
  weights: Float64Array | null,
  start: LawTheta,
  options: LocalFitOptions,
): LocalFit {
  const problem = fitProblem(data, weights, options.delta, options.tieExponents);
  const result = minimizeLbfgs(problem.evaluate, problem.restrict(toCentred(start, data)));
  const theta = fromCentred(problem.expand(result.x), data);
  const finite = Number.isFinite(result.f) && Object.values(theta).every(Number.isFinite);
  return {
    theta,
    objective: result.f,
    iterations: result.iterations,
    evaluations: result.evaluations,
    converged: result.converged && finite,
  };
}

/** Minimises the objective on the full data from each start. */
export function fitFromStarts(
  data: FitData,
  starts: readonly LawTheta[],
  options: LocalFitOptions,
): LocalFit[] {
  return starts.map((start) => fitOne(data, null, start, options));
}

/** Fits bootstrap replicas first..first+count-1, each warm-started at `warm`. */
export function fitReplicas(
  data: FitData,
  units: ResampleUnits,
  seed: number,
  first: number,
  count: number,
  warm: LawTheta,
  options: LocalFitOptions,
): LocalFit[] {
  const weights = new Float64Array(data.n);
  const out: LocalFit[] = [];
  for (let k = first; k < first + count; k++) {
    replicaWeights(units, seed, k, weights);
    out.push(fitOne(data, weights, warm, options));
  }
  return out;
}
