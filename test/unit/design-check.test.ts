/**
 * The simulation check (checkPlans) and check (b): adding the designer's top pick shrinks the
 * target's bootstrap interval more than adding a random candidate of equal cost in most seeds.
 * Sizes are kept small for a 2-core CI machine: 12-17 runs, K = 60 bootstrap replicas, warm starts.
 */
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/data/random';
import {
  type CandidateGrid,
  candidateFlops,
  candidateReductions,
  classicPlan,
  type DesignTarget,
  designModel,
  greedyBatch,
  planVariance,
  randomBatch,
} from '../../src/fit/design';
import { checkPlans, inProcessFitBackend } from '../../src/fit/design-check';
import { DesignError, fitInformation } from '../../src/fit/information';
import { runFit } from '../../src/fit/run-fit';
import { DEFAULT_FIT_OPTIONS, type FitRun } from '../../src/fit/types';
import { thetaFromLaw } from '../../src/law/law';
import { findPreset } from '../../src/law/presets';
import { isoflopRuns } from '../support/synthetic-runs';

const truth = thetaFromLaw(findPreset('hoffmann2022')!.law);
const target: DesignTarget = { kind: 'nopt', budget: 1e22 };
const grid: CandidateGrid = {
  kind: 'budgets-sizes',
  width: 32,
  height: 12,
  nMin: 1e7,
  nMax: 3e10,
  yMin: 1e18,
  yMax: 3e21,
};

async function fitted(runs: FitRun[]) {
  const fit = await runFit(
    runs,
    { ...DEFAULT_FIT_OPTIONS, starts: { kind: 'warm', theta: truth }, bootstrap: 0 },
    inProcessFitBackend(),
  );
  return fit.best;
}

/** Three isoFLOP curves of the true law with 1% noise on ln L. */
function simulated(seed: number): FitRun[] {
  return isoflopRuns(truth, {
    budgets: [1e18, 1e19, 1e20],
    sizes: [2e7, 6e7, 2e8, 6e8, 2e9],
    sigma: 0.01,
    seed,
  });
}

describe('simulation check of plans', () => {
  it('reports widths before and after for the designer, classic and random plans', async () => {
    const runs = simulated(1);
    const best = await fitted(runs);
    const model = designModel(fitInformation(best.theta, runs), target);
    const designer = greedyBatch(model, grid, 2e21, { maxRuns: 6 });
    const classic = classicPlan(model, designer.flops, { sizes: 4 });
    const random = randomBatch(model, grid, designer.flops, 7, { maxRuns: 6 });
    const check = await checkPlans(runs, best, target, [designer, classic, random], {
      replicas: 2,
      bootstrap: 60,
      seed: 3,
    });
    console.info(
      `widthBefore ${check.widthBefore.toFixed(4)}; ${check.plans
        .map(
          (p) =>
            `${p.kind}: ${p.runs} runs, ${p.flops.toExponential(2)} FLOPs, width ${p.widthAfter.toFixed(4)} (shrink ${(100 * p.shrinkage).toFixed(0)}%, predicted width ratio ${p.predictedWidthRatio.toFixed(3)})`,
        )
        .join('; ')}; ${check.verdict}`,
    );
    expect(check.widthBefore).toBeGreaterThan(0);
    expect(check.plans.map((p) => p.kind)).toEqual(['designer', 'classic', 'random']);
    for (const p of check.plans) {
      expect(p.widths).toHaveLength(2);
      expect(p.widthAfter).toBeGreaterThan(0);
    }
    expect(check.verdict).toMatch(/designer's batch/);
    // The designer's batch was chosen to shrink this target; it must shrink it in simulation.
    expect(check.plans[0]!.shrinkage).toBeGreaterThan(0);
  });

  it('refuses a fit that did not converge', async () => {
    const runs = simulated(2);
    await expect(
      checkPlans(runs, { theta: truth, converged: false }, target, []),
    ).rejects.toThrowError(DesignError);
    await expect(checkPlans(runs, { theta: truth, converged: false }, target, [])).rejects.toThrow(
      /did not converge/,
    );
  });
});

describe('top pick against a random candidate of equal cost', () => {
  const SEEDS = 12;
  it(`wins in at least 9 of ${SEEDS} seeds (observed: 10, two ties)`, async () => {
    let wins = 0;
    const lines: string[] = [];
    for (let seed = 1; seed <= SEEDS; seed++) {
      const runs = simulated(100 + seed);
      const best = await fitted(runs);
      const model = designModel(fitInformation(best.theta, runs), target);
      const perFlop = candidateReductions(model, grid).map((r, i) => r / candidateFlops(grid)[i]!);
      const top = perFlop.indexOf(Math.max(...perFlop));
      const flops = candidateFlops(grid);
      const cost = flops[top]!;
      const rng = new SeededRandom(seed);
      // A random N in the region's range on the same isoFLOP curve.
      const N = Math.exp(Math.log(grid.nMin) + rng.uniform() * Math.log(grid.nMax / grid.nMin));
      const pickRow = Math.floor(top / grid.width);
      const lnN0 = Math.log(grid.nMin);
      const pickN = Math.exp(
        lnN0 + ((top % grid.width) * (Math.log(grid.nMax) - lnN0)) / (grid.width - 1),
      );
      const designer = planVariance(
        model,
        [{ N: pickN, D: cost / (6 * pickN), flops: cost }],
        'designer',
      );
      const random = planVariance(model, [{ N, D: cost / (6 * N), flops: cost }], 'random');
      const check = await checkPlans(runs, best, target, [designer, random], {
        replicas: 3,
        bootstrap: 150,
        seed,
      });
      if (check.designerBeatsAll) wins++;
      lines.push(
        `seed ${seed}: row ${pickRow}, N ${pickN.toExponential(1)} vs ${N.toExponential(1)}: width ${check.widthBefore.toFixed(3)} -> ${check.plans[0]!.widthAfter.toFixed(3)} / ${check.plans[1]!.widthAfter.toFixed(3)}`,
      );
    }
    console.info(`${lines.join('\n')}\ndesigner wins ${wins} of ${SEEDS}`);
    expect(wins).toBeGreaterThanOrEqual(9);
  });
});
