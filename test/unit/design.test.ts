/**
 * The designer's f64 math: analytic target gradients against finite differences, the
 * Sherman-Morrison reduction against a recomputed information matrix, the batch planners, and
 * the bad-input messages.
 */
import { describe, expect, it } from 'vitest';
import {
  type CandidateGrid,
  candidateAt,
  candidateAxes,
  candidateFlops,
  candidateReductions,
  classicPlan,
  type DesignTarget,
  designModel,
  greedyBatch,
  randomBatch,
  targetGradient,
  targetValue,
  targetVariance,
  validateTarget,
} from '../../src/fit/design';
import {
  centredGradient,
  DesignError,
  fitInformation,
  runGradient,
} from '../../src/fit/information';
import type { FitRun } from '../../src/fit/types';
import { computeOptimal } from '../../src/law/frontier';
import { type LawTheta, logLossLSE, thetaFromLaw } from '../../src/law/law';
import { findPreset } from '../../src/law/presets';
import { isoflopRuns } from '../support/synthetic-runs';

const law = findPreset('hoffmann2022')!.law;
const theta = thetaFromLaw(law);

const KEYS = ['e', 'a', 'b', 'alpha', 'beta'] as const;
function shifted(t: LawTheta, i: number, h: number): LawTheta {
  return { ...t, [KEYS[i]!]: t[KEYS[i]!] + h };
}

const TARGETS: DesignTarget[] = [
  { kind: 'nopt', budget: 1e24 },
  { kind: 'dopt', budget: 3e22 },
  { kind: 'exponent' },
  { kind: 'loss', N: 7e10, D: 1.4e12 },
];

/** An isoFLOP-style design from the known law with 1% log-normal noise. */
function simulatedRuns(seed: number): FitRun[] {
  return isoflopRuns(theta, {
    budgets: [1e18, 1e19, 1e20, 1e21],
    sizes: [3e7, 1e8, 3e8, 1e9, 3e9],
    sigma: 0.01,
    seed,
  });
}

describe('target gradients', () => {
  it('ln N_opt and ln D_opt equal the closed-form frontier', () => {
    const opt = computeOptimal(law, 1e24);
    expect(targetValue(theta, { kind: 'nopt', budget: 1e24 })).toBeCloseTo(Math.log(opt.N), 10);
    expect(targetValue(theta, { kind: 'dopt', budget: 1e24 })).toBeCloseTo(Math.log(opt.D), 10);
  });

  for (const target of TARGETS) {
    it(`matches central finite differences: ${JSON.stringify(target)}`, () => {
      const g = targetGradient(theta, target);
      for (let i = 0; i < 5; i++) {
        const h = 1e-6;
        const fd =
          (targetValue(shifted(theta, i, h), target) - targetValue(shifted(theta, i, -h), target)) /
          (2 * h);
        // Central differences: truncation O(h^2), rounding ~1e-16 * |value| / h ~ 1e-9.
        expect(Math.abs(g[i]! - fd)).toBeLessThan(1e-7 * Math.max(1, Math.abs(fd)));
      }
    });
  }

  it('the run gradient matches finite differences in centred coordinates', () => {
    const centre = { lnN: 20, lnD: 24 };
    const lnN = Math.log(3e9);
    const lnD = Math.log(8e10);
    const j = runGradient(theta, centre, lnN, lnD);
    const uncentred = runGradient(theta, { lnN: 0, lnD: 0 }, lnN, lnD);
    for (let i = 0; i < 5; i++) {
      const h = 1e-6;
      const fd =
        (logLossLSE(shifted(theta, i, h), lnN, lnD) - logLossLSE(shifted(theta, i, -h), lnN, lnD)) /
        (2 * h);
      expect(uncentred[i]).toBeCloseTo(fd, 7);
    }
    // Centring is linear: g_centred . delta_centred equals g . delta for any direction.
    const gc = centredGradient(uncentred, centre);
    // Parameters (e, a', b', alpha, beta) -> (e, a' + alpha cN, b' + beta cD, alpha, beta).
    expect(gc[3]).toBeCloseTo(uncentred[3]! + centre.lnN * uncentred[1]!, 12);
    expect(j[3]).toBeCloseTo(gc[3]!, 12);
    expect(j[4]).toBeCloseTo(gc[4]!, 12);
  });
});

describe('information and the Sherman-Morrison reduction', () => {
  const runs = simulatedRuns(3);
  const info = fitInformation(theta, runs);

  it('estimates the residual scale near the simulated noise', () => {
    // 16+ runs of 1% noise; the RMS with n - p dof is within a factor 2 of sigma.
    expect(info.scale).toBeGreaterThan(0.005);
    expect(info.scale).toBeLessThan(0.02);
    expect(info.reciprocalCondition).toBeGreaterThan(1e-12);
  });

  it('the covariance is the inverse of the information', () => {
    for (let i = 0; i < 5; i++)
      for (let k = 0; k < 5; k++) {
        let sum = 0;
        for (let m = 0; m < 5; m++) sum += info.matrix[i * 5 + m]! * info.covariance[m * 5 + k]!;
        expect(sum).toBeCloseTo(i === k ? 1 : 0, 8);
      }
  });

  for (const target of TARGETS) {
    it(`the reduction equals the variance drop of the recomputed matrix: ${target.kind}`, () => {
      const model = designModel(info, target);
      const grid: CandidateGrid = {
        kind: 'nd',
        width: 7,
        height: 5,
        nMin: 1e7,
        nMax: 1e11,
        yMin: 1e9,
        yMax: 1e13,
      };
      const reductions = candidateReductions(model, grid);
      const axes = candidateAxes(grid);
      const before = targetVariance(model.gradient, info.covariance);
      for (const [col, row] of [
        [0, 0],
        [3, 2],
        [6, 4],
        [6, 0],
      ] as const) {
        const cand = candidateAt(axes, col, row);
        const added = fitInformation(theta, [...runs, { N: cand.N, D: cand.D, loss: 1 }], {
          scale: info.scale,
        });
        // Same centre is not guaranteed (the mean moves); the variance is centre-free.
        const g = centredGradient(targetGradient(theta, target), added.centre);
        const after = targetVariance(g, added.covariance);
        const predicted = reductions[row * grid.width + col]!;
        expect(predicted).toBeGreaterThan(0);
        expect(Math.abs(before - after - predicted)).toBeLessThan(1e-7 * before);
      }
    });
  }

  it('names the parameters a design without D variation cannot identify', () => {
    const flat = [1e7, 3e7, 1e8, 3e8, 1e9, 3e9, 1e10].map((N) => ({
      N,
      D: 1e10,
      loss: Math.exp(logLossLSE(theta, Math.log(N), Math.log(1e10))) * 1.001 ** (N % 7),
    }));
    const noisy = flat.map((r, i) => ({ ...r, loss: r.loss * (1 + 0.01 * ((i % 3) - 1)) }));
    expect(() => fitInformation(theta, noisy)).toThrowError(DesignError);
    try {
      fitInformation(theta, noisy);
    } catch (e) {
      const err = e as DesignError;
      expect(err.code).toBe('not-identified');
      // With one D, B / D^beta is a constant that merges into E: e, b and beta are confounded.
      expect(err.message).toContain('do not identify e, b and beta');
      expect(err.message).toContain('identifiability map');
    }
  });
});

describe('batch planners', () => {
  const runs = simulatedRuns(5);
  const info = fitInformation(theta, runs);
  const model = designModel(info, { kind: 'nopt', budget: 1e24 });
  const grid: CandidateGrid = {
    kind: 'budgets-sizes',
    width: 24,
    height: 12,
    nMin: 1e7,
    nMax: 1e11,
    yMin: 1e18,
    yMax: 1e22,
  };
  const budget = 3e22;

  it('every budgets-sizes cell costs its row budget', () => {
    const flops = candidateFlops(grid);
    expect(flops[0]).toBeCloseTo(1e18, -4);
    expect(flops[11 * 24 + 23]! / 1e22).toBeCloseTo(1, 10);
  });

  it('the greedy batch stays within budget, picks the best reduction per FLOP first, and lowers the variance', () => {
    const plan = greedyBatch(model, grid, budget);
    expect(plan.runs.length).toBeGreaterThan(0);
    expect(plan.flops).toBeLessThanOrEqual(budget);
    const perFlop = candidateReductions(model, grid).map((r, i) => r / candidateFlops(grid)[i]!);
    const best = Math.max(...perFlop);
    expect(plan.runs[0]!.reduction / plan.runs[0]!.flops).toBeCloseTo(best, 20);
    expect(plan.varianceAfter).toBeLessThan(plan.varianceBefore);
    for (let i = 1; i < plan.runs.length; i++)
      expect(plan.runs[i]!.varianceAfter).toBeLessThanOrEqual(plan.runs[i - 1]!.varianceAfter);
  });

  it('the classic plan spends the budget on one isoFLOP curve around its optimum', () => {
    const plan = classicPlan(model, budget, { sizes: 5 });
    expect(plan.runs).toHaveLength(5);
    expect(plan.flops).toBeCloseTo(budget, -8);
    const opt = computeOptimal(law, budget / 5);
    expect(plan.runs[2]!.N / opt.N).toBeCloseTo(1, 1);
    expect(plan.varianceAfter).toBeLessThan(plan.varianceBefore);
  });

  it('the random batch is seeded and within budget', () => {
    const a = randomBatch(model, grid, budget, 11);
    const b = randomBatch(model, grid, budget, 11);
    expect(a.runs).toEqual(b.runs);
    expect(a.flops).toBeLessThanOrEqual(budget);
    expect(a.runs.length).toBeGreaterThan(0);
  });

  it('the designer predicts a smaller variance than the random batch for the same budget', () => {
    const designer = greedyBatch(model, grid, budget);
    const random = randomBatch(model, grid, designer.flops, 11);
    expect(designer.varianceAfter).toBeLessThan(random.varianceAfter);
  });

  it('rejects bad budgets and regions with specific errors', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(DesignError);
        return (e as DesignError).code;
      }
      return 'no error';
    };
    expect(code(() => validateTarget({ kind: 'nopt', budget: 0 }))).toBe('target-budget');
    expect(code(() => validateTarget({ kind: 'dopt', budget: Number.POSITIVE_INFINITY }))).toBe(
      'target-budget',
    );
    expect(code(() => designModel(info, { kind: 'nopt', budget: -1 }))).toBe('target-budget');
    expect(code(() => greedyBatch(model, grid, 1e17))).toBe('region-outside-budget');
    expect(code(() => randomBatch(model, grid, 1e17, 1))).toBe('region-outside-budget');
    expect(code(() => greedyBatch(model, grid, 0))).toBe('budget-too-small');
    expect(code(() => classicPlan(model, 10))).toBe('budget-too-small');
    expect(code(() => greedyBatch(model, { ...grid, width: 2000 }, budget))).toBe('bad-input');
    expect(code(() => greedyBatch(model, { ...grid, nMin: -1 }, budget))).toBe('bad-input');
    expect(
      code(() => designModel({ ...info, theta: { ...theta, alpha: -0.1 } }, { kind: 'exponent' })),
    ).toBe('not-converged');
    try {
      greedyBatch(model, grid, 1e17);
    } catch (e) {
      expect((e as Error).message).toMatch(/cheapest costs 1\.00e\+18 FLOPs/);
    }
  });
});
