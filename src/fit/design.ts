/**
 * The sweep designer's math in f64 (the CPU twin of shaders/design.wgsl): the gradient of a
 * target quantity, its linearised variance g^T M^-1 g, the variance reduction of every
 * candidate run by Sherman-Morrison, a greedy batch under a compute budget, the classic
 * isoFLOP plan and a seeded random batch of equal cost. The math is in docs/DESIGNER.md.
 */
import { SeededRandom } from '../data/random';
import type { RowRange } from '../law/grid';
import { DEFAULT_FLOPS_PER_PARAM_TOKEN, type LawTheta, logLossLSE } from '../law/law';
import {
  bilinear,
  centredGradient,
  DesignError,
  type FitInformation,
  INFO_DIM,
  runGradient,
} from './information';
import type { FitRun } from './types';

/** The quantity whose variance the designer shrinks. */
export type DesignTarget =
  /** ln N_opt at training compute `budget` FLOPs. */
  | { readonly kind: 'nopt'; readonly budget: number }
  /** ln D_opt at training compute `budget` FLOPs. */
  | { readonly kind: 'dopt'; readonly budget: number }
  /** The exponent a = beta / (alpha + beta) of N_opt in C. */
  | { readonly kind: 'exponent' }
  /** The predicted ln L at a planned run (N, D). */
  | { readonly kind: 'loss'; readonly N: number; readonly D: number };

/** Checks a target; throws DesignError with a specific message if it cannot be evaluated. */
export function validateTarget(target: DesignTarget, theta?: LawTheta): void {
  if (target.kind === 'nopt' || target.kind === 'dopt') {
    if (!(target.budget > 0) || !Number.isFinite(target.budget))
      throw new DesignError(
        'target-budget',
        `the target budget must be a finite number of FLOPs above 0, got ${target.budget}`,
      );
  }
  if (target.kind === 'loss') {
    for (const [name, v] of [
      ['N', target.N],
      ['D', target.D],
    ] as const)
      if (!(v > 0) || !Number.isFinite(v))
        throw new DesignError(
          'target-point',
          `the planned run's ${name} must be a finite positive number, got ${v}`,
        );
  }
  if (theta && target.kind !== 'loss' && !(theta.alpha > 0 && theta.beta > 0))
    throw new DesignError(
      'not-converged',
      `the fit has a non-positive exponent (alpha ${theta.alpha}, beta ${theta.beta}), so it has no compute-optimal frontier`,
    );
}

/** The target's value at theta (uncentred parameters). */
export function targetValue(
  theta: LawTheta,
  target: DesignTarget,
  flopsPerParamToken: number = DEFAULT_FLOPS_PER_PARAM_TOKEN,
): number {
  const s = theta.alpha + theta.beta;
  if (target.kind === 'exponent') return theta.beta / s;
  if (target.kind === 'loss') return logLossLSE(theta, Math.log(target.N), Math.log(target.D));
  const c = Math.log(target.budget / flopsPerParamToken);
  const lnNopt =
    (Math.log(theta.alpha) - Math.log(theta.beta) + theta.a - theta.b) / s + (theta.beta / s) * c;
  return target.kind === 'nopt' ? lnNopt : c - lnNopt;
}

/**
 * Analytic gradient of the target with respect to the uncentred (e, a, b, alpha, beta).
 * With S = alpha + beta, c = ln(C / k) and Lg = ln alpha - ln beta + a - b:
 * ln N_opt = Lg / S + beta c / S, so d/da = 1/S, d/db = -1/S,
 * d/dalpha = 1/(alpha S) - (Lg + beta c) / S^2, d/dbeta = -1/(beta S) - Lg / S^2 + alpha c / S^2;
 * ln D_opt = c - ln N_opt; a = beta / S.
 */
export function targetGradient(
  theta: LawTheta,
  target: DesignTarget,
  flopsPerParamToken: number = DEFAULT_FLOPS_PER_PARAM_TOKEN,
): Float64Array {
  const { alpha, beta } = theta;
  const s = alpha + beta;
  if (target.kind === 'exponent') return Float64Array.of(0, 0, 0, -beta / (s * s), alpha / (s * s));
  if (target.kind === 'loss') {
    // runGradient at a zero centre is the uncentred gradient.
    return runGradient(theta, { lnN: 0, lnD: 0 }, Math.log(target.N), Math.log(target.D));
  }
  const c = Math.log(target.budget / flopsPerParamToken);
  const lg = Math.log(alpha) - Math.log(beta) + theta.a - theta.b;
  const g = Float64Array.of(
    0,
    1 / s,
    -1 / s,
    1 / (alpha * s) - (lg + beta * c) / (s * s),
    -1 / (beta * s) - lg / (s * s) + (alpha * c) / (s * s),
  );
  if (target.kind === 'dopt') for (let i = 0; i < INFO_DIM; i++) g[i] = -g[i]!;
  return g;
}

/** The target's gradient with respect to the information's centred parameters. */
export function centredTargetGradient(
  info: FitInformation,
  target: DesignTarget,
  flopsPerParamToken: number = DEFAULT_FLOPS_PER_PARAM_TOKEN,
): Float64Array {
  return centredGradient(targetGradient(info.theta, target, flopsPerParamToken), info.centre);
}

/** Linearised variance g^T M^-1 g of the target (g centred), for covariance `cov`. */
export function targetVariance(g: ArrayLike<number>, cov: ArrayLike<number>): number {
  return bilinear(g, cov, g);
}

/**
 * The candidate region: a grid of `width` columns x `height` rows, log-spaced.
 * 'nd': columns span N in [nMin, nMax], rows span D in [yMin, yMax].
 * 'budgets-sizes': columns span N in [nMin, nMax], rows span the budget C in [yMin, yMax],
 * and D = C / (k N).
 */
export interface CandidateGrid {
  readonly kind: 'nd' | 'budgets-sizes';
  readonly width: number;
  readonly height: number;
  readonly nMin: number;
  readonly nMax: number;
  readonly yMin: number;
  readonly yMax: number;
  /** k in C = k N D (default 6). */
  readonly flopsPerParamToken?: number;
}

/** Largest side of a candidate grid. */
export const MAX_CANDIDATE_SIDE = 1024;

/**
 * The grid as affine maps of (col, row): ln N = lnN0 + col nCol + row nRow and
 * ln D = lnD0 + col dCol + row dRow. Both region kinds have this form, so one kernel serves both.
 */
export interface CandidateAxes {
  readonly lnN0: number;
  readonly nCol: number;
  readonly nRow: number;
  readonly lnD0: number;
  readonly dCol: number;
  readonly dRow: number;
  readonly lnK: number;
}

/** Checks a candidate grid; throws DesignError 'bad-input' naming the field at fault. */
export function validateCandidateGrid(grid: CandidateGrid): void {
  for (const [name, v] of [
    ['width', grid.width],
    ['height', grid.height],
  ] as const)
    if (!Number.isInteger(v) || v < 1 || v > MAX_CANDIDATE_SIDE)
      throw new DesignError(
        'bad-input',
        `the candidate grid's ${name} must be a whole number from 1 to ${MAX_CANDIDATE_SIDE}, got ${v}`,
      );
  const y = grid.kind === 'nd' ? 'D' : 'budget';
  for (const [name, v] of [
    ['N min', grid.nMin],
    ['N max', grid.nMax],
    [`${y} min`, grid.yMin],
    [`${y} max`, grid.yMax],
  ] as const)
    if (!(v > 0) || !Number.isFinite(v))
      throw new DesignError(
        'bad-input',
        `the candidate region's ${name} must be a finite positive number, got ${v}`,
      );
  if (grid.nMax < grid.nMin || grid.yMax < grid.yMin)
    throw new DesignError('bad-input', 'the candidate region has a maximum below its minimum');
  const k = grid.flopsPerParamToken ?? DEFAULT_FLOPS_PER_PARAM_TOKEN;
  if (!(k > 0) || !Number.isFinite(k))
    throw new DesignError('bad-input', `FLOPs per parameter-token must be positive, got ${k}`);
}

/** The affine axes of a candidate grid. */
export function candidateAxes(grid: CandidateGrid): CandidateAxes {
  const k = grid.flopsPerParamToken ?? DEFAULT_FLOPS_PER_PARAM_TOKEN;
  const lnK = Math.log(k);
  const lnN0 = Math.log(grid.nMin);
  const nCol = grid.width > 1 ? (Math.log(grid.nMax) - lnN0) / (grid.width - 1) : 0;
  const y0 = Math.log(grid.yMin);
  const yRow = grid.height > 1 ? (Math.log(grid.yMax) - y0) / (grid.height - 1) : 0;
  if (grid.kind === 'nd') return { lnN0, nCol, nRow: 0, lnD0: y0, dCol: 0, dRow: yRow, lnK };
  return { lnN0, nCol, nRow: 0, lnD0: y0 - lnK - lnN0, dCol: -nCol, dRow: yRow, lnK };
}

/** One candidate (or planned) run. */
export interface CandidateRun {
  readonly N: number;
  readonly D: number;
  /** k N D. */
  readonly flops: number;
}

/** The candidate at (col, row). */
export function candidateAt(axes: CandidateAxes, col: number, row: number): CandidateRun {
  const lnN = axes.lnN0 + col * axes.nCol + row * axes.nRow;
  const lnD = axes.lnD0 + col * axes.dCol + row * axes.dRow;
  return { N: Math.exp(lnN), D: Math.exp(lnD), flops: Math.exp(axes.lnK + lnN + lnD) };
}

/** Cost k N D of every cell, row-major. */
export function candidateFlops(grid: CandidateGrid): Float64Array {
  const axes = candidateAxes(grid);
  const out = new Float64Array(grid.width * grid.height);
  for (let row = 0; row < grid.height; row++)
    for (let col = 0; col < grid.width; col++)
      out[row * grid.width + col] = Math.exp(
        axes.lnK +
          axes.lnN0 +
          axes.lnD0 +
          col * (axes.nCol + axes.dCol) +
          row * (axes.nRow + axes.dRow),
      );
  return out;
}

/**
 * Sherman-Morrison variance reduction of adding one run with gradient j (centred):
 * dVar = (g^T C j)^2 / (s^2 + j^T C j), C the current covariance M^-1.
 */
export function varianceReduction(
  g: ArrayLike<number>,
  cov: ArrayLike<number>,
  j: ArrayLike<number>,
  s2: number,
): number {
  const u = bilinear(g, cov, j);
  return (u * u) / (s2 + bilinear(j, cov, j));
}

/** What the kernel and its twin need: the estimate, centre, M^-1, g and s^2. */
export interface DesignModel {
  readonly theta: LawTheta;
  readonly centre: { readonly lnN: number; readonly lnD: number };
  readonly covariance: ArrayLike<number>;
  readonly gradient: ArrayLike<number>;
  readonly s2: number;
}

/** The design model of a target at the fit's information. */
export function designModel(
  info: FitInformation,
  target: DesignTarget,
  flopsPerParamToken: number = DEFAULT_FLOPS_PER_PARAM_TOKEN,
): DesignModel {
  validateTarget(target, info.theta);
  return {
    theta: info.theta,
    centre: info.centre,
    covariance: info.covariance,
    gradient: centredTargetGradient(info, target, flopsPerParamToken),
    s2: info.scale * info.scale,
  };
}

/**
 * Variance reduction dVar of every candidate cell, row-major, in f64: the CPU twin of
 * shaders/design.wgsl. Divide by {@link candidateFlops} for the reduction per FLOP. With
 * `rows`, only those rows (count x width values, the CPU engine's bands), with the same values
 * as the whole grid's.
 */
export function candidateReductions(
  model: DesignModel,
  grid: CandidateGrid,
  rows: RowRange = { start: 0, count: grid.height },
): Float64Array {
  validateCandidateGrid(grid);
  const axes = candidateAxes(grid);
  const out = new Float64Array(grid.width * rows.count);
  const j = new Float64Array(INFO_DIM);
  for (let row = rows.start; row < rows.start + rows.count; row++) {
    for (let col = 0; col < grid.width; col++) {
      const lnN = axes.lnN0 + col * axes.nCol + row * axes.nRow;
      const lnD = axes.lnD0 + col * axes.dCol + row * axes.dRow;
      runGradient(model.theta, model.centre, lnN, lnD, j);
      out[(row - rows.start) * grid.width + col] = varianceReduction(
        model.gradient,
        model.covariance,
        j,
        model.s2,
      );
    }
  }
  return out;
}

/** Reduction per FLOP of every cell: dVar / (k N D). */
export function reductionsPerFlop(reductions: Float64Array, grid: CandidateGrid): Float64Array {
  const flops = candidateFlops(grid);
  return reductions.map((r, i) => r / flops[i]!);
}

/** Rank-one update of the covariance after adding a run with gradient j: C - C j j^T C / (s^2 + j^T C j). */
export function addRunToCovariance(
  cov: Float64Array,
  j: ArrayLike<number>,
  s2: number,
): Float64Array {
  const p = INFO_DIM;
  const cj = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let sum = 0;
    for (let k = 0; k < p; k++) sum += cov[i * p + k]! * j[k]!;
    cj[i] = sum;
  }
  let q = 0;
  for (let i = 0; i < p; i++) q += j[i]! * cj[i]!;
  const out = new Float64Array(p * p);
  for (let i = 0; i < p; i++)
    for (let k = 0; k < p; k++) out[i * p + k] = cov[i * p + k]! - (cj[i]! * cj[k]!) / (s2 + q);
  return out;
}

/** One planned run with the target's predicted variance after it is added. */
export interface PlannedRun extends CandidateRun {
  /** Predicted variance reduction of this run given the runs planned before it. */
  readonly reduction: number;
  readonly varianceAfter: number;
}

/** A batch of new runs and the target's predicted variance before and after. */
export interface DesignPlan {
  readonly kind: 'designer' | 'classic' | 'random';
  readonly runs: readonly PlannedRun[];
  readonly flops: number;
  readonly varianceBefore: number;
  readonly varianceAfter: number;
}

/** Predicted plan of the given runs, added in order, with sequential rank-one updates. */
export function planVariance(
  model: DesignModel,
  runs: readonly CandidateRun[],
  kind: DesignPlan['kind'],
): DesignPlan {
  let cov: Float64Array = Float64Array.from(model.covariance);
  const varianceBefore = targetVariance(model.gradient, cov);
  const j = new Float64Array(INFO_DIM);
  const planned: PlannedRun[] = [];
  let flops = 0;
  for (const r of runs) {
    runGradient(model.theta, model.centre, Math.log(r.N), Math.log(r.D), j);
    const reduction = varianceReduction(model.gradient, cov, j, model.s2);
    cov = addRunToCovariance(cov, j, model.s2);
    flops += r.flops;
    planned.push({ ...r, reduction, varianceAfter: targetVariance(model.gradient, cov) });
  }
  return {
    kind,
    runs: planned,
    flops,
    varianceBefore,
    varianceAfter: planned.at(-1)?.varianceAfter ?? varianceBefore,
  };
}

function validateBudget(budgetFlops: number): void {
  if (!(budgetFlops > 0) || !Number.isFinite(budgetFlops))
    throw new DesignError(
      'budget-too-small',
      `the compute budget for new runs must be a finite number of FLOPs above 0, got ${budgetFlops}`,
    );
}

function cheapestCell(grid: CandidateGrid, budgetFlops: number): Float64Array {
  const flops = candidateFlops(grid);
  let min = Number.POSITIVE_INFINITY;
  for (const f of flops) min = Math.min(min, f);
  if (min > budgetFlops)
    throw new DesignError(
      'region-outside-budget',
      `no cell of the candidate region fits the compute budget of ${budgetFlops.toExponential(2)} FLOPs: the cheapest costs ${min.toExponential(2)} FLOPs. Widen the region towards smaller N and D, or raise the budget.`,
    );
  return flops;
}

/**
 * The cell with the largest reduction per FLOP among those costing at most `left`, or -1 when
 * none fits or none reduces the variance.
 */
export function bestCellWithin(
  reductions: Float64Array,
  flops: Float64Array,
  left: number,
): number {
  let best = -1;
  let bestScore = 0;
  for (let i = 0; i < reductions.length; i++) {
    if (flops[i]! > left) continue;
    const score = reductions[i]! / flops[i]!;
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  }
  return best;
}

/** Options of the batch planners. */
export interface BatchOptions {
  /** At most this many runs in a batch (default 64). */
  readonly maxRuns?: number;
}

/**
 * What a batch needs before its first pick: the budget and grid checked (errors as
 * DesignError), the cost of every cell (refusing a budget below the cheapest), the grid's axes
 * and the run limit.
 */
export function batchSetup(grid: CandidateGrid, budgetFlops: number, options: BatchOptions) {
  validateBudget(budgetFlops);
  validateCandidateGrid(grid);
  return {
    flops: cheapestCell(grid, budgetFlops),
    axes: candidateAxes(grid),
    maxRuns: options.maxRuns ?? 64,
  };
}

/**
 * Greedy batch: repeatedly adds the cell with the largest reduction per FLOP that fits the
 * remaining budget, updating M^-1 by the rank-one update before the next pick (on the CPU, in
 * f64). A cell may be picked more than once (a replicate run). Stops when nothing fits, the
 * best reduction is zero, or maxRuns is reached.
 */
export function greedyBatch(
  model: DesignModel,
  grid: CandidateGrid,
  budgetFlops: number,
  options: BatchOptions = {},
): DesignPlan {
  const { flops, axes, maxRuns } = batchSetup(grid, budgetFlops, options);
  const picks: CandidateRun[] = [];
  let cov: Float64Array = Float64Array.from(model.covariance);
  let left = budgetFlops;
  const j = new Float64Array(INFO_DIM);
  while (picks.length < maxRuns) {
    const reductions = candidateReductions({ ...model, covariance: cov }, grid);
    const best = bestCellWithin(reductions, flops, left);
    if (best < 0) break;
    const run = candidateAt(axes, best % grid.width, Math.floor(best / grid.width));
    picks.push({ ...run, flops: flops[best]! });
    left -= flops[best]!;
    runGradient(model.theta, model.centre, Math.log(run.N), Math.log(run.D), j);
    cov = addRunToCovariance(cov, j, model.s2);
  }
  return planVariance(model, picks, 'designer');
}

/** Options of the classic plan. */
export interface ClassicOptions {
  /** Sizes on the new isoFLOP curve (default 5). */
  readonly sizes?: number;
  /** The sizes span N_opt / span .. N_opt * span, log-spaced (default 4). */
  readonly span?: number;
  readonly flopsPerParamToken?: number;
}

/**
 * The classic plan: one new isoFLOP budget C1 = budget / k with `sizes` runs log-spaced around
 * that budget's predicted optimum N_opt(C1), of total cost `budgetFlops`.
 */
export function classicPlan(
  model: DesignModel,
  budgetFlops: number,
  options: ClassicOptions = {},
): DesignPlan {
  validateBudget(budgetFlops);
  const sizes = options.sizes ?? 5;
  const span = options.span ?? 4;
  const k = options.flopsPerParamToken ?? DEFAULT_FLOPS_PER_PARAM_TOKEN;
  if (!Number.isInteger(sizes) || sizes < 1)
    throw new DesignError(
      'bad-input',
      `the classic plan needs a whole number of sizes, got ${sizes}`,
    );
  const perRun = budgetFlops / sizes;
  const lnNopt = targetValue(model.theta, { kind: 'nopt', budget: perRun }, k);
  const runs: CandidateRun[] = [];
  for (let i = 0; i < sizes; i++) {
    const t = sizes > 1 ? (2 * i) / (sizes - 1) - 1 : 0;
    const N = Math.exp(lnNopt + t * Math.log(span));
    const D = perRun / (k * N);
    if (!(N >= 1 && D >= 1))
      throw new DesignError(
        'budget-too-small',
        `the budget of ${budgetFlops.toExponential(2)} FLOPs is too small for a single run of the classic plan: ${perRun.toExponential(2)} FLOPs a run buys N ${N.toPrecision(3)} and D ${D.toPrecision(3)}`,
      );
    runs.push({ N, D, flops: perRun });
  }
  return planVariance(model, runs, 'classic');
}

/**
 * A seeded random batch: draws cells uniformly from those that fit the remaining budget
 * until none does (or maxRuns), so its cost approaches `budgetFlops` like the designer's.
 */
export function randomBatch(
  model: DesignModel,
  grid: CandidateGrid,
  budgetFlops: number,
  seed: number,
  options: BatchOptions = {},
): DesignPlan {
  const { flops, axes, maxRuns } = batchSetup(grid, budgetFlops, options);
  const rng = new SeededRandom(seed);
  const picks: CandidateRun[] = [];
  let left = budgetFlops;
  while (picks.length < maxRuns) {
    const fits: number[] = [];
    for (let i = 0; i < flops.length; i++) if (flops[i]! <= left) fits.push(i);
    if (fits.length === 0) break;
    const cell = fits[rng.int(fits.length)]!;
    picks.push({
      ...candidateAt(axes, cell % grid.width, Math.floor(cell / grid.width)),
      flops: flops[cell]!,
    });
    left -= flops[cell]!;
  }
  return planVariance(model, picks, 'random');
}

/**
 * The candidate region when none is given: N and D from the runs' smallest to ten times their
 * largest, `side` x `side` cells.
 */
export function defaultCandidateGrid(runs: readonly FitRun[], side: number): CandidateGrid {
  const Ns = runs.map((r) => r.N);
  const Ds = runs.map((r) => r.D);
  return {
    kind: 'nd',
    width: side,
    height: side,
    nMin: Math.min(...Ns),
    nMax: 10 * Math.max(...Ns),
    yMin: Math.min(...Ds),
    yMax: 10 * Math.max(...Ds),
  };
}
