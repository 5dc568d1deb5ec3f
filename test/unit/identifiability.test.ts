/**
 * The identifiability map (src/fit/identifiability.ts) on the CPU in-process backend, on data
 * simulated from a known law (Hoffmann et al.'s constants, 1% Gaussian noise on ln L):
 * - a 30-run isoFLOP design (5 budgets x 6 sizes), 24 x 24 map about the fit: no cell's profile
 *   is below the fit's minimum (relative 1e-8, the f64 stop is a relative decrease of 1e-10),
 *   the profile at the fit's own (alpha, beta) is the fit's minimum, the cell nearest the true
 *   (alpha, beta) is inside the 95% region, the reading is "well identified", the held
 *   exponents are exactly the cell's, and the free starts' most visited cell is next to the best;
 * - one isoFLOP budget (30 sizes): only alpha + beta is fixed, or an exponent is not identified;
 * - D proportional to N (D = 20 N): an exponent is not identified;
 * - coarse-to-fine warm starts give the same profile as starts from the best fit, and a given
 *   32 x 32 map warm-starts a finer one exactly as its own coarse grid would;
 * - refusals (over 512 x 512, tied exponents), progress and cancellation.
 * The measured values are printed and quoted in docs/METHODS.md, "Identifiability map".
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/data/random';
import { inProcessFitBackend } from '../../src/fit/design-check';
import { type ProfileMap, profileGrid, profileMap } from '../../src/fit/identifiability';
import { regionShape } from '../../src/fit/identifiability-region';
import { fitFromStarts } from '../../src/fit/local-fits';
import { prepareFitData } from '../../src/fit/objective';
import { runFit } from '../../src/fit/run-fit';
import type { FitOptions, FitResult, FitRun } from '../../src/fit/types';
import { logLossLSE } from '../../src/law/law';
import {
  HOFFMANN_THETA,
  IDENTIFIABILITY_DESIGN,
  identifiabilityFitOptions,
  isoflopRuns,
} from '../support/synthetic-runs';

const backend = inProcessFitBackend();
const OPTIONS: FitOptions = identifiabilityFitOptions(100);
const DESIGN = IDENTIFIABILITY_DESIGN;
/** Relative slack of the f64 profile minimum against the fit's (its stop: 1e-10 relative). */
const OBJECTIVE_REL = 1e-8;

function oneBudget(): FitRun[] {
  const sizes = Array.from({ length: 30 }, (_, k) => 3e7 * 300 ** (k / 29));
  return isoflopRuns(HOFFMANN_THETA, { budgets: [1e21], sizes, sigma: 0.01, seed: 3 });
}

function proportional(): FitRun[] {
  const rng = new SeededRandom(7);
  return Array.from({ length: 30 }, (_, k) => {
    const N = 3e7 * (1e10 / 3e7) ** (k / 29);
    const D = 20 * N;
    const lnL = logLossLSE(HOFFMANN_THETA, Math.log(N), Math.log(D)) + 0.01 * rng.normal();
    return { N, D, loss: Math.exp(lnL) };
  });
}

function nearestIndex(values: Float64Array, v: number): number {
  let best = 0;
  for (let i = 1; i < values.length; i++)
    if (Math.abs(values[i]! - v) < Math.abs(values[best]! - v)) best = i;
  return best;
}

function summary(label: string, fit: FitResult, map: ProfileMap): void {
  const cellMin = Math.min(...Array.from(map.objective).filter((_, k) => map.converged[k]));
  console.info(
    `${label}: fit alpha ${fit.best.theta.alpha.toFixed(4)} beta ${fit.best.theta.beta.toFixed(4)} objective ${fit.best.objective.toExponential(6)}; profile at the fit ${map.atFit.objective.toExponential(6)}, cell minimum ${cellMin.toExponential(6)}; region ${map.shape.cells} cells, axis ratio ${map.shape.ratio.toFixed(2)}, long axis (${map.shape.longAxis.map((v) => v.toFixed(2)).join(', ')}); ${map.reading}; basins ${JSON.stringify(map.basins?.top.slice(0, 2))}; ${map.seconds.toFixed(2)} s`,
  );
}

describe('identifiability map on an isoFLOP design', () => {
  const runs = isoflopRuns(HOFFMANN_THETA, DESIGN);
  let fit: FitResult;
  let map: ProfileMap;
  beforeAll(async () => {
    fit = await runFit(runs, OPTIONS, backend);
    map = await profileMap(runs, fit, backend, { grid: { size: 24 }, basins: OPTIONS.starts });
    summary('isoFLOP design', fit, map);
  }, 60_000);

  it('has its minimum at the fit: no cell below it, the fit point equal to it', () => {
    const tol = OBJECTIVE_REL * fit.best.objective;
    map.objective.forEach((f, k) => {
      if (map.converged[k]) expect(f).toBeGreaterThanOrEqual(fit.best.objective - tol);
    });
    expect(Math.abs(map.atFit.objective - fit.best.objective)).toBeLessThanOrEqual(tol);
    expect(map.minimum).toBeGreaterThanOrEqual(fit.best.objective - tol);
    expect(map.converged.every((c) => c === 1)).toBe(true);
  });

  it('keeps each cell at its own alpha and beta exactly', () => {
    for (let j = 0; j < map.betas.length; j++) {
      for (let i = 0; i < map.alphas.length; i++) {
        const k = j * map.alphas.length + i;
        expect(map.thetas[k * 5 + 3]).toBe(map.alphas[i]);
        expect(map.thetas[k * 5 + 4]).toBe(map.betas[j]);
      }
    }
  });

  it('holds the true (alpha, beta) in the 95% region and reads well identified', () => {
    const i = nearestIndex(map.alphas, HOFFMANN_THETA.alpha);
    const j = nearestIndex(map.betas, HOFFMANN_THETA.beta);
    expect(map.region[j * map.alphas.length + i]).toBe(1);
    expect(map.threshold).toBeCloseTo(5.991, 3);
    expect(map.scale.kind).toBe('scaled');
    expect(map.reading).toMatch(/^alpha and beta are well identified/);
  });

  it('counts the free starts into the cell next to the best fit', () => {
    const basins = map.basins!;
    expect(basins.starts).toBe(32);
    expect(basins.top[0]!.count).toBeGreaterThan(0);
    const step = map.alphas[1]! - map.alphas[0]!;
    expect(Math.abs(basins.top[0]!.alpha - fit.best.theta.alpha)).toBeLessThanOrEqual(step);
    const total = basins.counts.reduce((s, c) => s + c, 0) + basins.outside;
    expect(total).toBe(basins.converged);
  });

  it('lowers the profile with coarse-to-fine warm starts, never raises it', async () => {
    const grid = profileGrid(fit, { size: 40 });
    const coarse = await profileMap(runs, fit, backend, { grid, basins: 'none' });
    const best = await profileMap(runs, fit, backend, { grid, warm: 'best', basins: 'none' });
    let lowered = 0;
    let worst = 0;
    coarse.objective.forEach((f, k) => {
      expect(f).toBeLessThanOrEqual(best.objective[k]!);
      if (f < best.objective[k]! * (1 - 1e-6)) lowered++;
      worst = Math.max(worst, 1 - f / best.objective[k]!);
    });
    const regionChanged = coarse.region.filter((r, k) => r !== best.region[k]).length;
    console.info(
      `40 x 40: coarse-to-fine lowered ${lowered} of 1600 cells (by up to ${(worst * 100).toFixed(2)}%), region changed in ${regionChanged} cells; ${coarse.seconds.toFixed(2)} s against ${best.seconds.toFixed(2)} s`,
    );
    expect(coarse.reading).toBe(best.reading);
  });

  it('warm-starts from a given 32 x 32 map exactly as from its own coarse grid', async () => {
    const coarse = await profileMap(runs, fit, backend, { grid: { size: 32 }, basins: 'none' });
    const own = await profileMap(runs, fit, backend, { grid: { size: 40 }, basins: 'none' });
    const phases = new Set<string>();
    const reused = await profileMap(runs, fit, backend, {
      grid: { size: 40 },
      basins: 'none',
      coarse,
      onProgress: (p) => phases.add(p.phase),
    });
    expect([...phases]).toEqual(['cells']);
    expect(Array.from(reused.objective)).toEqual(Array.from(own.objective));
    expect(Array.from(reused.region)).toEqual(Array.from(own.region));
    expect(reused.engine).toBe('cpu');
    // A map of other ranges is not reused: the coarse grid is fitted.
    const shifted = { ...coarse, alphas: coarse.alphas.map((a) => a + 0.01) };
    phases.clear();
    await profileMap(runs, fit, backend, {
      grid: { size: 40 },
      basins: 'none',
      coarse: shifted,
      onProgress: (p) => phases.add(p.phase),
    });
    expect([...phases]).toEqual(['coarse', 'cells']);
  });

  it('reports progress over the cells and stops on abort', async () => {
    const seen: string[] = [];
    await profileMap(runs, fit, backend, {
      grid: { size: 4 },
      basins: 'none',
      onProgress: (p) => seen.push(`${p.phase} ${p.done}/${p.total}`),
    });
    expect(seen.at(-1)).toBe('cells 17/17');
    const controller = new AbortController();
    const reason = new Error('cancelled by the test');
    controller.abort(reason);
    await expect(
      profileMap(runs, fit, backend, { grid: { size: 4 }, signal: controller.signal }),
    ).rejects.toBe(reason);
  });

  it('refuses grids over 512 x 512 and fits with tied exponents', async () => {
    expect(() => profileGrid(fit, { size: 513 })).toThrow(/at most 512 x 512 cells/);
    expect(() => profileGrid(fit, { size: [64, 600] })).toThrow(/values of beta/);
    const tied = { ...fit, options: { ...fit.options, tieExponents: true } };
    await expect(profileMap(runs, tied, backend, { grid: { size: 4 } })).rejects.toThrow(
      /separate exponents/,
    );
  });
});

describe('identifiability map on designs that cannot separate the exponents', () => {
  it('reads alpha + beta (or not identified) on one isoFLOP budget', async () => {
    const runs = oneBudget();
    const fit = await runFit(runs, OPTIONS, backend);
    const map = await profileMap(runs, fit, backend, { grid: { size: 24 }, basins: 'none' });
    summary('one budget', fit, map);
    expect(map.reading).toMatch(/fix alpha \+ beta but not their difference|not identified/);
  }, 60_000);

  it('reads not identified when D is proportional to N', async () => {
    const runs = proportional();
    const fit = await runFit(runs, OPTIONS, backend);
    const map = await profileMap(runs, fit, backend, { grid: { size: 24 }, basins: 'none' });
    summary('D = 20 N', fit, map);
    expect(map.reading).toMatch(/not identified/);
  }, 60_000);
});

describe('region shape readings', () => {
  const axis = Float64Array.from({ length: 21 }, (_, i) => 0.2 + 0.01 * i);
  const mask = (inside: (i: number, j: number) => boolean) =>
    Uint8Array.from({ length: 21 * 21 }, (_, k) => (inside(k % 21, Math.floor(k / 21)) ? 1 : 0));

  it('names the direction of a long thin region and a small round one', () => {
    expect(
      regionShape(
        axis,
        axis,
        mask((i, j) => Math.abs(i + j - 20) <= 0 && Math.abs(i - 10) < 8),
      ).reading,
    ).toMatch(/alpha \+ beta but not their difference/);
    expect(
      regionShape(
        axis,
        axis,
        mask((i, j) => i === j && Math.abs(i - 10) < 8),
      ).reading,
    ).toMatch(/alpha - beta but not their sum/);
    expect(
      regionShape(
        axis,
        axis,
        mask((i, j) => j === 10 && Math.abs(i - 10) < 8),
      ).reading,
    ).toMatch(/^alpha is not identified/);
    expect(
      regionShape(
        axis,
        axis,
        mask((i, j) => i === 10 && Math.abs(j - 10) < 8),
      ).reading,
    ).toMatch(/^beta is not identified/);
    const round = regionShape(
      axis,
      axis,
      mask((i, j) => (i - 10) ** 2 + (j - 10) ** 2 <= 9),
    );
    expect(round.reading).toMatch(
      /^alpha and beta are well identified \(95% region alpha 0\.270\.\.0\.330/,
    );
    expect(round.touchesEdge).toBe(false);
    expect(
      regionShape(
        axis,
        axis,
        mask((i) => i < 3),
      ).reading,
    ).toMatch(/extends beyond the grid$/);
  });
});

describe('held parameters in the CPU local fits', () => {
  it('keep the start value and ignore a fixed value for the same parameter', () => {
    const data = prepareFitData(isoflopRuns(HOFFMANN_THETA, DESIGN));
    const start = { ...HOFFMANN_THETA, alpha: 0.41, beta: 0.23 };
    const [fit] = fitFromStarts(data, [start], {
      delta: 1e-3,
      tieExponents: false,
      hold: ['alpha', 'beta'],
      fixed: { alpha: 0.3 },
    });
    expect(fit!.converged).toBe(true);
    expect(fit!.theta.alpha).toBe(0.41);
    expect(fit!.theta.beta).toBe(0.23);
    expect(fit!.theta.e).not.toBe(start.e);
  });
});
