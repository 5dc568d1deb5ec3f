/**
 * The two batched jobs of a fit, in f64: many starts on the full data, or many bootstrap
 * replicas warm-started from the best fit. These are the CPU twins of the GPU fit kernel
 * (shaders/fit.wgsl): same objective, same starts, same resampling weights, same stopping
 * rules. One difference: a replica here also starts with the curvature memory of two pilot
 * replicas (see pilotMemory), which the kernel does not have; both reach the same minima.
 */
import type { LawTheta } from '../law/law';
import { type LbfgsMemory, minimizeLbfgs } from './lbfgs';
import { type FitData, fitProblem, fromCentred, toCentred } from './objective';
import { fixedExceptHeld, type ObjectiveTerms, pinTheta } from './objective-options';
import { type ResampleUnits, replicaWeights } from './resample';
import type { LocalFit, RunWeighting } from './types';

/**
 * Options the local fits need. `delta` is the threshold the fit uses (already chosen from the
 * data when the delta rule is scaled); the optional objective choices are absent at their
 * defaults (run-fit localFitOptions). `weighting` tells whoever prepares the data
 * from runs (prepareFitData) which row weights to attach.
 */
export interface LocalFitOptions extends ObjectiveTerms {
  readonly delta: number;
  readonly tieExponents: boolean;
  readonly weighting?: RunWeighting | undefined;
}

/** The objective terms of `options`, or undefined when they are all at their defaults. */
export function termsOf(options: LocalFitOptions): ObjectiveTerms | undefined {
  const { residualLoss, overPenalty, fixed, hold } = options;
  if (
    residualLoss === undefined &&
    overPenalty === undefined &&
    fixed === undefined &&
    (hold === undefined || hold.length === 0)
  )
    return undefined;
  return { residualLoss, overPenalty, fixed, hold };
}

/** The problem of one fit under `options`. */
export function problemOf(
  data: FitData,
  weights: ArrayLike<number> | null,
  options: LocalFitOptions,
) {
  const terms = termsOf(options);
  return terms
    ? fitProblem(data, weights, options.delta, options.tieExponents, terms)
    : fitProblem(data, weights, options.delta, options.tieExponents);
}

/**
 * A start with the fixed parameters of `options` set to their values; the held ones
 * (`options.hold`) keep the start's own value.
 */
export function pinnedStart(start: LawTheta, options: LocalFitOptions): LawTheta {
  return pinTheta(start, fixedExceptHeld(options.fixed, options.hold), options.tieExponents);
}

/**
 * Streams of the pilot replicas' resampling draws, fitted in this order: no bootstrap replica
 * uses them (replica k uses stream k, at most 200,000) and the random starts use 0xffffffff.
 */
export const PILOT_STREAMS = [0xfffffffe, 0xfffffffd] as const;

function fitOne(
  data: FitData,
  weights: Float64Array | null,
  start: LawTheta,
  options: LocalFitOptions,
  warm?: LbfgsMemory,
): LocalFit {
  const problem = problemOf(data, weights, options);
  const result = minimizeLbfgs(
    problem.evaluate,
    problem.restrict(toCentred(pinnedStart(start, options), data)),
    undefined,
    warm,
  );
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

/** What a pilot memory depends on. */
interface PilotInputs {
  readonly data: FitData;
  readonly units: ResampleUnits;
  readonly seed: number;
  readonly warm: LawTheta;
  readonly options: LocalFitOptions;
}

function sameArray(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

function sameOptional(a: Float64Array | undefined, b: Float64Array | undefined): boolean {
  return a === undefined || b === undefined ? a === b : sameArray(a, b);
}

/** Exact equality of two pilots' inputs (element by element: no hash, no collision). */
function sameInputs(p: PilotInputs, q: PilotInputs): boolean {
  const t = ['a', 'b', 'e', 'alpha', 'beta'] as const;
  return (
    p.seed === q.seed &&
    p.options.delta === q.options.delta &&
    p.options.tieExponents === q.options.tieExponents &&
    p.options.residualLoss === q.options.residualLoss &&
    p.options.overPenalty === q.options.overPenalty &&
    p.options.weighting === q.options.weighting &&
    p.options.fixed?.E === q.options.fixed?.E &&
    p.options.fixed?.alpha === q.options.fixed?.alpha &&
    p.options.fixed?.beta === q.options.fixed?.beta &&
    String(p.options.hold ?? []) === String(q.options.hold ?? []) &&
    sameOptional(p.data.rowWeight, q.data.rowWeight) &&
    t.every((k) => Object.is(p.warm[k], q.warm[k])) &&
    p.units.count === q.units.count &&
    sameArray(p.units.unitOfRow, q.units.unitOfRow) &&
    Object.is(p.data.meanLnN, q.data.meanLnN) &&
    Object.is(p.data.meanLnD, q.data.meanLnD) &&
    sameArray(p.data.lnN, q.data.lnN) &&
    sameArray(p.data.lnD, q.data.lnD) &&
    sameArray(p.data.lnL, q.data.lnL)
  );
}

/** The last pilot memory computed, with copies of its inputs. */
let pilotCache: { inputs: PilotInputs; memory: LbfgsMemory } | undefined;

/**
 * The curvature memory every replica of a bootstrap starts with: the last L-BFGS pairs of two
 * pilot replicas fitted in turn (resampled from PILOT_STREAMS, warm-started at `warm` like the
 * others; the second starts with the first one's memory), i.e. the shape of the objective near
 * the warm start as a replica sees it. One pilot alone can be atypical (on the built-in data
 * with seed 1 its memory saved a quarter of the evaluations, against three fifths elsewhere);
 * the second refines it. Started with it, a replica takes quasi-Newton steps from its first
 * iteration: ~14 iterations instead of ~30, to the same minimum. It depends only on the data,
 * resampling, seed, warm start and options, never on which replicas a chunk holds, so results
 * do not depend on the chunking; the last one is kept, as every chunk of a bootstrap asks for
 * the same.
 */
export function pilotMemory(
  data: FitData,
  units: ResampleUnits,
  seed: number,
  warm: LawTheta,
  options: LocalFitOptions,
): LbfgsMemory {
  const inputs: PilotInputs = { data, units, seed, warm, options };
  if (pilotCache && sameInputs(pilotCache.inputs, inputs)) return pilotCache.memory;
  let memory: LbfgsMemory | undefined;
  for (const stream of PILOT_STREAMS) {
    const weights = replicaWeights(units, seed, stream);
    const problem = problemOf(data, weights, options);
    const x0 = problem.restrict(toCentred(pinnedStart(warm, options), data));
    memory = minimizeLbfgs(problem.evaluate, x0, undefined, memory).memory();
  }
  if (!memory) throw new Error('no pilot replica');
  const copy: PilotInputs = {
    data: {
      ...data,
      lnN: Float64Array.from(data.lnN),
      lnD: Float64Array.from(data.lnD),
      lnL: Float64Array.from(data.lnL),
      rowWeight: data.rowWeight ? Float64Array.from(data.rowWeight) : undefined,
    },
    units: { count: units.count, unitOfRow: Uint32Array.from(units.unitOfRow) },
    seed,
    warm: { ...warm },
    options: {
      ...options,
      ...(options.fixed ? { fixed: { ...options.fixed } } : {}),
      ...(options.hold ? { hold: [...options.hold] } : {}),
    },
  };
  pilotCache = { inputs: copy, memory };
  return memory;
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
  const memory = pilotMemory(data, units, seed, warm, options);
  const weights = new Float64Array(data.n);
  const out: LocalFit[] = [];
  for (let k = first; k < first + count; k++) {
    replicaWeights(units, seed, k, weights);
    out.push(fitOne(data, weights, warm, options, memory));
  }
  return out;
}
