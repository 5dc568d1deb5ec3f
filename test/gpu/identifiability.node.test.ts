// The identifiability map (src/fit/identifiability.ts) on the GPU fit kernel (Dawn's Node
// bindings, the `webgpu` package) against the f64 CPU twin on the same grid, from the same fit:
// the profile minimum and the profile at the fit's (alpha, beta) agree within the fit
// contract's point-fit tolerance (relative 1e-6 on the objective), each cell within its
// replica tolerance (relative 1e-3 for at least 95% of cells), at least 98% of cells converge,
// and the held exponents are not moved: every cell's alpha and beta are its start's exactly,
// also when options.fixed names the same parameter. Prints CPU and GPU times of a 64 x 64 map
// on the built-in runs. A missing adapter fails the suite; nothing skips.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { create, globals } from 'webgpu';
import { builtinDataset } from '../../src/data/builtin';
import { gpuFitBackend } from '../../src/engine/gpu-fit-backend';
import { inProcessFitBackend } from '../../src/fit/design-check';
import { type ProfileMap, profileGrid, profileMap } from '../../src/fit/identifiability';
import { prepareFitData } from '../../src/fit/objective';
import { runFit } from '../../src/fit/run-fit';
import type { FitOptions, FitResult } from '../../src/fit/types';
import { acquireGpu, type GpuContext } from '../../src/gpu/device';
import { GpuFitter } from '../../src/gpu/fit';
import {
  HOFFMANN_THETA,
  IDENTIFIABILITY_DESIGN,
  identifiabilityFitOptions,
  isoflopRuns,
} from '../support/synthetic-runs';
import { requireGpu } from './require-gpu';

Object.assign(globalThis, globals);
const webgpu = create([]);

/** The fit contract's tolerances for f32 against f64 (test/gpu/fit-contract.ts). */
const TOL = {
  objectiveRel: 1e-6,
  replicaObjectiveRel: 1e-3,
  replicaShare: 0.95,
  convergedShare: 0.98,
} as const;

const OPTIONS: FitOptions = identifiabilityFitOptions(100);
const DESIGN = IDENTIFIABILITY_DESIGN;

function expectHeld(label: string, map: ProfileMap): void {
  const nx = map.alphas.length;
  for (let k = 0; k < map.objective.length; k++) {
    if (!map.converged[k]) continue;
    const alpha = map.thetas[k * 5 + 3]!;
    const beta = map.thetas[k * 5 + 4]!;
    if (alpha !== map.alphas[k % nx] || beta !== map.betas[Math.floor(k / nx)]) {
      expect.fail(
        `${label} cell ${k}: alpha ${alpha}, beta ${beta}; held at ${map.alphas[k % nx]}, ${map.betas[Math.floor(k / nx)]}`,
      );
    }
  }
}

describe('identifiability map on the GPU (node, webgpu package)', () => {
  let gpu: GpuContext;
  let fitter: GpuFitter;
  const cpu = inProcessFitBackend();
  const runs = isoflopRuns(HOFFMANN_THETA, DESIGN);
  let fit: FitResult;

  beforeAll(async () => {
    gpu = await requireGpu('node (webgpu package)', () => acquireGpu({ gpu: webgpu }));
    fitter = await GpuFitter.create(gpu);
    fit = await runFit(runs, OPTIONS, cpu);
  }, 60_000);

  afterAll(() => gpu?.device.destroy());

  it('matches the CPU map within the fit contract and keeps the held exponents', async () => {
    const grid = profileGrid(fit, { size: 24 });
    const gpuBackend = gpuFitBackend(async () => fitter);
    const c = await profileMap(runs, fit, cpu, { grid, basins: 'none' });
    const g = await profileMap(runs, fit, gpuBackend, { grid, basins: 'none' });
    const rel = (x: number, y: number) => Math.abs(x / y - 1);
    const cells = g.objective.length;
    let near = 0;
    let worst = 0;
    for (let k = 0; k < cells; k++) {
      if (!g.converged[k] || !c.converged[k]) continue;
      const e = rel(g.objective[k]!, c.objective[k]!);
      worst = Math.max(worst, e);
      if (e <= TOL.replicaObjectiveRel) near++;
    }
    const converged = g.converged.reduce((s, v) => s + v, 0);
    const regionChanged = g.region.filter((r, k) => r !== c.region[k]).length;
    console.info(
      `24 x 24: minimum GPU ${g.best.objective}, CPU ${c.best.objective}; at the fit GPU ${g.atFit.objective}, CPU ${c.atFit.objective}; converged ${converged}/${cells}; cells within ${TOL.replicaObjectiveRel} ${near}; worst cell ${worst.toExponential(2)}; region cells differing ${regionChanged}; GPU reading: ${g.reading}`,
    );
    expect(rel(g.best.objective, c.best.objective)).toBeLessThanOrEqual(TOL.objectiveRel);
    expect(rel(g.atFit.objective, c.atFit.objective)).toBeLessThanOrEqual(TOL.objectiveRel);
    expect(converged / cells).toBeGreaterThanOrEqual(TOL.convergedShare);
    expect(near / cells).toBeGreaterThanOrEqual(TOL.replicaShare);
    expectHeld('GPU', g);
    expect(regionChanged / cells).toBeLessThanOrEqual(0.02);
  }, 120_000);

  it('holds the start values, not options.fixed, for held parameters', async () => {
    const data = prepareFitData(runs);
    const starts = [0.21, 0.34, 0.52].map((alpha, i) => ({
      ...fit.best.theta,
      alpha,
      beta: 0.2 + 0.05 * i,
    }));
    const fits = await fitter.fitFromStarts(data, starts, {
      delta: 1e-3,
      tieExponents: false,
      hold: ['alpha', 'beta'],
      fixed: { alpha: 0.3 },
    });
    fits.forEach((f, i) => {
      expect(f.converged).toBe(true);
      expect(f.theta.alpha).toBe(starts[i]!.alpha);
      expect(f.theta.beta).toBe(starts[i]!.beta);
    });
  });

  it('times a 64 x 64 map of the built-in runs on both engines', async () => {
    const builtin = builtinDataset(1).runs.map((r) => ({ N: r.N, D: r.D, loss: r.loss }));
    const options = { ...OPTIONS, starts: { kind: 'grid' } as const, bootstrap: 200 };
    const base = await runFit(builtin, options, cpu);
    const grid = profileGrid(base, { size: 64 });
    const c = await profileMap(builtin, base, cpu, { grid, basins: 'none' });
    const g = await profileMap(
      builtin,
      base,
      gpuFitBackend(async () => fitter),
      {
        grid,
        basins: 'none',
      },
    );
    console.info(
      `64 x 64 on the built-in runs (${builtin.length}): CPU ${c.seconds.toFixed(2)} s, GPU ${g.seconds.toFixed(2)} s; minimum CPU ${c.best.objective}, GPU ${g.best.objective}; CPU reading: ${c.reading}; GPU reading: ${g.reading}`,
    );
    expect(Math.abs(g.best.objective / c.best.objective - 1)).toBeLessThanOrEqual(TOL.objectiveRel);
    expectHeld('GPU 64 x 64', g);
  }, 300_000);
});
