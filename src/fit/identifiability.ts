/**
 * The identifiability map of alpha and beta (docs/METHODS.md, "Identifiability map"): the
 * profile objective over a grid of (alpha, beta), each cell the fit objective minimised over
 * (a', b', e) with the two exponents held at the cell's values, on whichever FitBackend runs
 * it (the CPU twin or the GPU kernel, through LocalFitOptions.hold). From it: the joint 95%
 * region, the basins of the fit's own free starts, and a plain-language reading of the
 * region's shape (src/fit/identifiability-region.ts). Pure: no view, no device.
 */
import type { LawTheta } from '../law/law';
import {
  CHI2_2_95,
  type ProfileScale,
  profileScale,
  profileStatistic,
  type RegionShape,
  regionShape,
} from './identifiability-region';
import type { LocalFitOptions } from './local-fits';
import { type FitData, prepareFitData, residualsAt, toCentred } from './objective';
import { objectiveOf } from './objective-options';
import { type BatchJob, type FitBackend, fitStartsOf, localFitOptions } from './run-fit';
import type { FitResult, FitRun, LocalFit, StartStrategy } from './types';

/** Sizes and spans of the map. */
export const PROFILE_LIMITS = {
  /** Largest number of exponent values per axis. */
  maxSide: 512,
  defaultSide: 128,
  /** Side of the coarse grid that warm-starts a finer one. */
  coarseSide: 32,
  /** Default half-span: max(minSpan, sdFactor x the replicas' SD) about the best fit. */
  minSpan: 0.25,
  sdFactor: 4,
  /** The exponent ranges are clipped to [minExponent, maxExponent]. */
  minExponent: 0.005,
  maxExponent: 3,
  /**
   * Starts per backend call. Large on purpose: both engines' backends split a call further
   * (worker chunks on the CPU, adaptive dispatches of up to 65,536 fits on the GPU), with
   * progress and cancellation inside it; the map folds each call's fits into its arrays, so
   * memory stays bounded by one call.
   */
  chunk: 65_536,
} as const;

/** The exponent values of the map's columns (alphas) and rows (betas). */
export interface ProfileGrid {
  readonly alphas: Float64Array;
  readonly betas: Float64Array;
}

/** What {@link profileGrid} builds: sizes [alpha, beta] or one for both, and explicit ranges. */
export interface ProfileGridOptions {
  readonly size?: number | readonly [number, number];
  readonly alphaRange?: readonly [number, number];
  readonly betaRange?: readonly [number, number];
}

function linspace(lo: number, hi: number, n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
}

function checkSide(name: string, n: number): void {
  if (!Number.isInteger(n) || n < 2 || n > PROFILE_LIMITS.maxSide) {
    throw new RangeError(
      `an identifiability map has 2 to ${PROFILE_LIMITS.maxSide} values of ${name} (at most ${PROFILE_LIMITS.maxSide} x ${PROFILE_LIMITS.maxSide} cells), got ${n}`,
    );
  }
}

/**
 * The grid of a map about `fit`'s best (alpha, beta): `size` values per axis (default 128),
 * over the given ranges or best +- max(0.25, 4 x the bootstrap replicas' SD) clipped to
 * [0.005, 3]. Throws a RangeError for a side outside 2..512 or an empty range.
 */
export function profileGrid(fit: FitResult, options: ProfileGridOptions = {}): ProfileGrid {
  const size = options.size ?? PROFILE_LIMITS.defaultSide;
  const [nx, ny] = typeof size === 'number' ? [size, size] : size;
  checkSide('alpha', nx!);
  checkSide('beta', ny!);
  const around = (name: 'alpha' | 'beta'): [number, number] => {
    const sd = fit.bootstrap?.params[name].se;
    const span = Math.max(
      PROFILE_LIMITS.minSpan,
      sd !== undefined && Number.isFinite(sd) ? PROFILE_LIMITS.sdFactor * sd : 0,
    );
    const best = fit.best.theta[name];
    return [
      Math.max(best - span, PROFILE_LIMITS.minExponent),
      Math.min(best + span, PROFILE_LIMITS.maxExponent),
    ];
  };
  const [a0, a1] = options.alphaRange ?? around('alpha');
  const [b0, b1] = options.betaRange ?? around('beta');
  for (const [name, lo, hi] of [
    ['alpha', a0, a1],
    ['beta', b0, b1],
  ] as const) {
    if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi))
      throw new RangeError(`the ${name} range of the map is empty: ${lo}..${hi}`);
  }
  return { alphas: linspace(a0!, a1!, nx!), betas: linspace(b0!, b1!, ny!) };
}

/** Progress of a map: coarse cells, cells, then the basin starts. */
export interface ProfileProgress {
  readonly phase: 'coarse' | 'cells' | 'basins';
  readonly done: number;
  readonly total: number;
}

/** Options of {@link profileMap}. */
export interface ProfileMapOptions {
  /** A grid, or how to build one from the fit (profileGrid). */
  readonly grid?: ProfileGrid | ProfileGridOptions;
  /**
   * Warm starts of the cells: 'coarse' (default) fits a 32 x 32 grid from the best fit's
   * (a', b', e) and fits each finer cell twice, from its nearest converged coarse cell and from
   * the best fit, keeping the lower minimum; 'best' (and any grid of at most 32 x 32) starts
   * every cell once, from the best fit's.
   */
  readonly warm?: 'coarse' | 'best';
  /**
   * A map of the same ranges (typically the 32 x 32 stage of a progressive fill) whose cells
   * warm-start this one instead of fitting a coarse grid again; ignored unless its side is the
   * coarse side (or this grid's, if smaller) and its end values are this grid's.
   */
  readonly coarse?: Pick<ProfileMap, 'alphas' | 'betas' | 'converged' | 'thetas'>;
  /** Starts whose free fits are counted into cells: the fit's own (default), others, or none. */
  readonly basins?: StartStrategy | 'none';
  /** How many of the most-visited cells to report (default 5). */
  readonly topBasins?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: ProfileProgress) => void;
}

/** A cell the free fits converged into. */
export interface BasinCell {
  readonly alpha: number;
  readonly beta: number;
  readonly count: number;
  /** The profile objective of the cell. */
  readonly objective: number;
}

/** The fit's free starts counted into the map's cells (nearest cell). */
export interface Basins {
  readonly starts: number;
  readonly converged: number;
  /** Converged starts per cell, row-major like the objective. */
  readonly counts: Uint32Array;
  /** Converged starts whose (alpha, beta) lie outside the grid. */
  readonly outside: number;
  /** The cells with the most starts, most first. */
  readonly top: readonly BasinCell[];
}

/** The identifiability map. Arrays are row-major, nBeta rows of nAlpha cells. */
export interface ProfileMap {
  readonly alphas: Float64Array;
  readonly betas: Float64Array;
  /** Profile objective per cell (the fit objective minimised over a', b', e). */
  readonly objective: Float64Array;
  /** 1 where the cell's profile fit converged. */
  readonly converged: Uint8Array;
  /** Each cell's fitted law (a, b, e, alpha, beta), 5 per cell. */
  readonly thetas: Float64Array;
  /** The converged cell with the lowest profile objective. */
  readonly best: { readonly alpha: number; readonly beta: number; readonly objective: number };
  /** The profile at the fit's own (alpha, beta): its objective is the fit's minimum. */
  readonly atFit: { readonly alpha: number; readonly beta: number; readonly objective: number };
  /** 1 where the cell is in the joint 95% region. */
  readonly region: Uint8Array;
  /** The region's bound on the statistic: chi2_2(0.95) = 5.991. */
  readonly threshold: number;
  /** The objective minimum the statistic is measured from. */
  readonly minimum: number;
  readonly scale: ProfileScale;
  readonly shape: RegionShape;
  readonly basins?: Basins;
  /** The plain-language reading (shape.reading, or why the region is empty). */
  readonly reading: string;
  /** The backend that fitted it ('gpu': the f32 fit kernel; 'cpu': the f64 twin). */
  readonly engine: FitBackend['engine'];
  readonly seconds: number;
}

/** A start at (alpha, beta) with the centred intercepts and e of `x` (a', b', e, ...). */
function startAt(alpha: number, beta: number, x: ArrayLike<number>, data: FitData): LawTheta {
  return {
    a: x[0]! + alpha * data.meanLnN,
    b: x[1]! + beta * data.meanLnD,
    e: x[2]!,
    alpha,
    beta,
  };
}

function nearest(values: Float64Array, v: number): number {
  const n = values.length;
  const step = (values[n - 1]! - values[0]!) / (n - 1);
  return Math.round((v - values[0]!) / step);
}

/**
 * Fits `total` starts (the k-th made by `startOf(k)`) in calls of PROFILE_LIMITS.chunk, handing
 * each call's fits to `take(first, fits)`; progress over all of them, cancellation between and
 * (through the backend) inside calls.
 */
async function fitInChunks(
  backend: FitBackend,
  runs: readonly FitRun[],
  total: number,
  startOf: (k: number) => LawTheta,
  options: LocalFitOptions,
  phase: ProfileProgress['phase'],
  map: ProfileMapOptions,
  take: (first: number, fits: readonly LocalFit[]) => void,
): Promise<void> {
  let done = 0;
  while (done < total) {
    map.signal?.throwIfAborted();
    const first = done;
    const count = Math.min(PROFILE_LIMITS.chunk, total - first);
    const starts = Array.from({ length: count }, (_, k) => startOf(first + k));
    const job: BatchJob = {
      ...(map.signal ? { signal: map.signal } : {}),
      onProgress: (d) => map.onProgress?.({ phase, done: first + d, total }),
    };
    take(first, await backend.fitStarts(runs, starts, options, job));
    done += count;
    map.onProgress?.({ phase, done, total });
  }
  map.signal?.throwIfAborted();
}

/** Every fit of a batch, in order. */
async function fitAll(
  backend: FitBackend,
  runs: readonly FitRun[],
  starts: readonly LawTheta[],
  options: LocalFitOptions,
  phase: ProfileProgress['phase'],
  map: ProfileMapOptions,
): Promise<LocalFit[]> {
  const out: LocalFit[] = [];
  await fitInChunks(
    backend,
    runs,
    starts.length,
    (k) => starts[k]!,
    options,
    phase,
    map,
    (_, fits) => {
      for (const f of fits) out.push(f);
    },
  );
  return out;
}

/** True when `coarse` spans `values` at `side` points (the same end values). */
function spans(coarse: Float64Array, values: Float64Array, side: number): boolean {
  return (
    coarse.length === side &&
    coarse[0] === values[0] &&
    coarse[coarse.length - 1] === values[values.length - 1]
  );
}

/**
 * The centred vectors (a', b', e, ...) each cell starts from: the best fit's, and with coarse
 * warm starts also its nearest converged coarse cell's (the cell keeps the lower minimum).
 */
async function warmStarts(
  runs: readonly FitRun[],
  grid: ProfileGrid,
  data: FitData,
  bestX: Float64Array,
  held: LocalFitOptions,
  backend: FitBackend,
  map: ProfileMapOptions,
): Promise<(i: number, j: number) => readonly ArrayLike<number>[]> {
  const { alphas, betas } = grid;
  const side = PROFILE_LIMITS.coarseSide;
  if ((map.warm ?? 'coarse') === 'best' || (alphas.length <= side && betas.length <= side))
    return () => [bestX];
  const coarse: ProfileGrid = {
    alphas: linspace(alphas[0]!, alphas[alphas.length - 1]!, Math.min(side, alphas.length)),
    betas: linspace(betas[0]!, betas[betas.length - 1]!, Math.min(side, betas.length)),
  };
  const cx = coarse.alphas.length;
  let centred: ArrayLike<number>[];
  const given = map.coarse;
  if (
    given &&
    spans(given.alphas, alphas, coarse.alphas.length) &&
    spans(given.betas, betas, coarse.betas.length)
  ) {
    centred = Array.from(given.converged, (c, k) => {
      if (!c) return bestX;
      const t = given.thetas.subarray(k * 5, k * 5 + 5);
      return toCentred({ a: t[0]!, b: t[1]!, e: t[2]!, alpha: t[3]!, beta: t[4]! }, data);
    });
  } else {
    const starts: LawTheta[] = [];
    for (const beta of coarse.betas)
      for (const alpha of coarse.alphas) starts.push(startAt(alpha, beta, bestX, data));
    const fits = await fitAll(backend, runs, starts, held, 'coarse', map);
    centred = fits.map((f) => (f.converged ? toCentred(f.theta, data) : bestX));
  }
  return (i, j) => {
    const ci = nearest(coarse.alphas, alphas[i]!);
    const cj = nearest(coarse.betas, betas[j]!);
    return [centred[cj * cx + ci]!, bestX];
  };
}

/** The reading of an empty region when the best fit's exponent is not positive. */
function outsideReading(alpha: number, beta: number): string | undefined {
  const bad =
    alpha <= 0 ? (['alpha', alpha] as const) : beta <= 0 ? (['beta', beta] as const) : undefined;
  if (!bad) return undefined;
  return `${bad[0]} is not identified: the best fit's ${bad[0]} = ${bad[1].toPrecision(3)} is not positive, and no cell of the grid is inside the 95% region`;
}

/** The fit's free starts counted into cells. */
async function countBasins(
  runs: readonly FitRun[],
  fit: FitResult,
  grid: ProfileGrid,
  objective: Float64Array,
  free: LocalFitOptions,
  backend: FitBackend,
  map: ProfileMapOptions,
): Promise<Basins> {
  const strategy =
    map.basins === undefined || map.basins === 'none' ? fit.options.starts : map.basins;
  const starts = fitStartsOf({ ...fit.options, starts: strategy });
  const fits = await fitAll(backend, runs, starts, free, 'basins', map);
  const { alphas, betas } = grid;
  const nx = alphas.length;
  const counts = new Uint32Array(nx * betas.length);
  let converged = 0;
  let outside = 0;
  for (const f of fits) {
    if (!f.converged) continue;
    converged++;
    const i = nearest(alphas, f.theta.alpha);
    const j = nearest(betas, f.theta.beta);
    if (i < 0 || j < 0 || i >= nx || j >= betas.length) outside++;
    else counts[j * nx + i]!++;
  }
  const top = Array.from(counts.keys())
    .filter((k) => counts[k]! > 0)
    .sort((p, q) => counts[q]! - counts[p]! || p - q)
    .slice(0, map.topBasins ?? 5)
    .map((k) => ({
      alpha: alphas[k % nx]!,
      beta: betas[Math.floor(k / nx)]!,
      count: counts[k]!,
      objective: objective[k]!,
    }));
  return { starts: starts.length, converged, counts, outside, top };
}

/**
 * The identifiability map of `fit` (a fit of `runs`) on `backend`: one batch of profile fits,
 * one start per cell with alpha and beta held (LocalFitOptions.hold) and a', b', e warm-started
 * (options.warm). Each inner fit stops on the fitter's own rule with the held gradient
 * components zeroed (docs/METHODS.md, "Convergence rules"). The region is the converged cells
 * whose statistic (profileScale) is at most chi2_2(0.95) = 5.991. Rejects fits with tied or
 * fixed exponents, grids over 512 x 512, and the abort reason when `signal` aborts.
 */
export async function profileMap(
  runs: readonly FitRun[],
  fit: FitResult,
  backend: FitBackend,
  options: ProfileMapOptions = {},
): Promise<ProfileMap> {
  const started = performance.now();
  const choices = objectiveOf(fit.options);
  if (fit.options.tieExponents)
    throw new Error('the identifiability map needs separate exponents (the fit ties alpha = beta)');
  if (choices.fixed.alpha !== undefined || choices.fixed.beta !== undefined)
    throw new Error('the identifiability map needs alpha and beta free (the fit holds one fixed)');
  const given = options.grid;
  const grid = given && 'alphas' in given ? given : profileGrid(fit, given ?? {});
  checkSide('alpha', grid.alphas.length);
  checkSide('beta', grid.betas.length);
  const { alphas, betas } = grid;
  const nx = alphas.length;
  const ny = betas.length;
  const data = prepareFitData(runs);
  const bestX = toCentred(fit.best.theta, data);
  const free = localFitOptions(fit.options, fit.resolvedDelta ?? fit.options.delta);
  const held: LocalFitOptions = { ...free, hold: ['alpha', 'beta'] };
  const warmOf = await warmStarts(runs, grid, data, bestX, held, backend, options);
  const per = warmOf(0, 0).length;
  const { alpha: fa, beta: fb } = fit.best.theta;
  const cells = nx * ny;
  const objective = new Float64Array(cells);
  const converged = new Uint8Array(cells);
  const thetas = new Float64Array(cells * 5);
  const last: { atFit?: LocalFit } = {};
  const startOf = (s: number): LawTheta => {
    if (s === cells * per) return startAt(fa, fb, bestX, data);
    const k = Math.floor(s / per);
    const i = k % nx;
    const j = Math.floor(k / nx);
    return startAt(alphas[i]!, betas[j]!, warmOf(i, j)[s % per]!, data);
  };
  // Each cell keeps its first start's fit unless a later one converged lower (or the kept one
  // did not converge).
  const take = (first: number, fits: readonly LocalFit[]) => {
    fits.forEach((f, n) => {
      const s = first + n;
      if (s === cells * per) {
        last.atFit = f;
        return;
      }
      const k = Math.floor(s / per);
      const keep = s % per === 0 || (f.converged && (!converged[k] || f.objective < objective[k]!));
      if (!keep) return;
      const t = f.theta;
      thetas.set([t.a, t.b, t.e, t.alpha, t.beta], k * 5);
      objective[k] = f.objective;
      converged[k] = f.converged ? 1 : 0;
    });
  };
  await fitInChunks(backend, runs, cells * per + 1, startOf, held, 'cells', options, take);
  let bestK = -1;
  for (let k = 0; k < cells; k++) {
    if (!Number.isFinite(objective[k]!)) objective[k] = Number.NaN;
    if (converged[k] && (bestK < 0 || objective[k]! < objective[bestK]!)) bestK = k;
  }
  if (bestK < 0) throw new Error(`none of the ${cells} profile fits of the map converged`);
  const atFitFit = last.atFit!;
  const atFit = { alpha: fa, beta: fb, objective: atFitFit.objective };
  let minimum = Math.min(fit.best.objective, objective[bestK]!);
  if (atFitFit.converged) minimum = Math.min(minimum, atFitFit.objective);
  const residuals = residualsAt(bestX, data);
  const scale = profileScale(residuals, choices.residualLoss, free.delta);
  const region = new Uint8Array(cells);
  for (let k = 0; k < cells; k++) {
    if (converged[k] && profileStatistic(objective[k]!, minimum, scale) <= CHI2_2_95) region[k] = 1;
  }
  const shape = regionShape(alphas, betas, region);
  const reading = shape.cells === 0 ? (outsideReading(fa, fb) ?? shape.reading) : shape.reading;
  const basins =
    options.basins === 'none'
      ? undefined
      : await countBasins(runs, fit, grid, objective, free, backend, options);
  return {
    alphas,
    betas,
    objective,
    converged,
    thetas,
    best: {
      alpha: alphas[bestK % nx]!,
      beta: betas[Math.floor(bestK / nx)]!,
      objective: objective[bestK]!,
    },
    atFit,
    region,
    threshold: CHI2_2_95,
    minimum,
    scale,
    shape,
    ...(basins ? { basins } : {}),
    reading,
    engine: backend.engine,
    seconds: (performance.now() - started) / 1000,
  };
}
