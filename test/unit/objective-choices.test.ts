/**
 * The objective choices of Approach 3 (src/fit/objective-options.ts, docs/METHODS.md
 * "Objective choices") on the f64 engine: analytic gradients against central differences,
 * fixed parameters that never move, the over-prediction penalty's lower envelope, validation
 * messages, the data-chosen delta, and defaults that are bit for bit the plain fit.
 */
import { describe, expect, it } from 'vitest';
import { cpuFitBackend } from '../../src/engine/cpu-fit-backend';
import { createInlineExecutor } from '../../src/engine/worker-pool';
import { fitFromStarts, type LocalFitOptions } from '../../src/fit/local-fits';
import {
  fitProblem,
  prepareFitData,
  residualsAt,
  toCentred,
  weightedFitData,
} from '../../src/fit/objective';
import {
  describeObjective,
  fixedMask,
  MAD_TO_SIGMA,
  objectiveOf,
  rowWeightsOf,
  scaledDelta,
  validateObjective,
} from '../../src/fit/objective-options';
import { FitError, localFitOptions, runFit, validateFitInput } from '../../src/fit/run-fit';
import { startsFor } from '../../src/fit/starts';
import { DEFAULT_FIT_OPTIONS, type FitOptions, type FitRun } from '../../src/fit/types';
import type { LawTheta } from '../../src/law/law';
import { HOFFMANN_THETA, isoflopRuns } from '../support/synthetic-runs';

const TRUTH: LawTheta = HOFFMANN_THETA;

const DESIGN = {
  budgets: [1e18, 1e19, 1e20, 1e21, 1e22],
  sizes: [3e7, 1e8, 3e8, 1e9, 3e9, 1e10],
  sigma: 0.01,
  seed: 7,
};

const RUNS: FitRun[] = isoflopRuns(TRUTH, DESIGN);

const BASE: LocalFitOptions = { delta: 1e-3, tieExponents: false };

const QUICK: FitOptions = {
  ...DEFAULT_FIT_OPTIONS,
  starts: { kind: 'random', count: 40 },
  bootstrap: 0,
};

const cpu = () => cpuFitBackend(createInlineExecutor());

/** Central differences of problem.evaluate at x, step h per component. */
function numericGradient(
  evaluate: (x: Float64Array, g: Float64Array) => number,
  x: Float64Array,
  h: number,
): Float64Array {
  const g = new Float64Array(x.length);
  const scratch = new Float64Array(x.length);
  for (let j = 0; j < x.length; j++) {
    const up = Float64Array.from(x);
    const down = Float64Array.from(x);
    up[j]! += h;
    down[j]! -= h;
    g[j] = (evaluate(up, scratch) - evaluate(down, scratch)) / (2 * h);
  }
  return g;
}

describe('objective choices: gradients', () => {
  // A point away from the minimum, so residuals fall on both sides of 0 and of delta.
  const off: LawTheta = { ...TRUTH, a: TRUTH.a + 0.05, alpha: TRUTH.alpha + 0.004, e: 0.5 };
  const cases: [string, LocalFitOptions][] = [
    ['squared', { ...BASE, residualLoss: 'squared' }],
    ['Huber with over-penalty 3', { ...BASE, delta: 0.02, overPenalty: 3 }],
    ['squared with over-penalty 3', { ...BASE, residualLoss: 'squared', overPenalty: 3 }],
    ['sqrt-compute weights', { ...BASE, delta: 0.02, weighting: 'sqrt-compute' }],
    ['fixed E', { ...BASE, delta: 0.02, fixed: { E: 1.7 } }],
    ['fixed alpha and beta', { ...BASE, delta: 0.02, fixed: { alpha: 0.3, beta: 0.3 } }],
    ['tied, fixed beta', { ...BASE, delta: 0.02, tieExponents: true, fixed: { beta: 0.3 } }],
  ];
  for (const [label, options] of cases) {
    it(`${label}: the analytic gradient matches central differences`, () => {
      const data = weightedFitData(RUNS, options.weighting);
      const { residualLoss, overPenalty, fixed } = options;
      const problem = fitProblem(data, null, options.delta, options.tieExponents, {
        residualLoss,
        overPenalty,
        fixed,
      });
      const x = problem.restrict(toCentred(off, data));
      const g = new Float64Array(problem.dim);
      problem.evaluate(x, g);
      const mask = fixedMask(fixed, options.tieExponents);
      // The unmasked problem's gradient, for the components a fixed parameter zeroes.
      const free = fitProblem(data, null, options.delta, options.tieExponents, {
        residualLoss,
        overPenalty,
      });
      const numeric = numericGradient(free.evaluate, x, 1e-6);
      for (let j = 0; j < problem.dim; j++) {
        if (mask & (1 << j)) {
          expect(g[j], `component ${j} is fixed`).toBe(0);
          continue;
        }
        const scale = Math.max(1e-3, Math.abs(numeric[j]!));
        expect(Math.abs(g[j]! - numeric[j]!) / scale, `component ${j}`).toBeLessThan(1e-5);
      }
    });
  }

  it('squared loss is Huber with a threshold beyond every residual', () => {
    const data = prepareFitData(RUNS);
    const x = toCentred(off, data);
    const g1 = new Float64Array(5);
    const g2 = new Float64Array(5);
    const sq = fitProblem(data, null, 1e-3, false, { residualLoss: 'squared' }).evaluate(x, g1);
    const wide = fitProblem(data, null, 1e9, false).evaluate(x, g2);
    expect(sq).toBe(wide);
    expect(Array.from(g1)).toEqual(Array.from(g2));
  });

  it('row weights multiply the resampling counts', () => {
    const data = weightedFitData(RUNS, 'sqrt-compute');
    const counts = Float64Array.from(RUNS, (_, i) => i % 3);
    const x = toCentred(off, data);
    const g = new Float64Array(5);
    const f = fitProblem(data, counts, 0.02, false).evaluate(x, g);
    const r = residualsAt(x, data);
    let want = 0;
    r.forEach((ri, i) => {
      const a = Math.abs(ri);
      const h = a <= 0.02 ? 0.5 * ri * ri : 0.02 * (a - 0.01);
      want += counts[i]! * data.rowWeight![i]! * h;
    });
    expect(f).toBeCloseTo(want, 14);
  });
});

describe('objective choices: fixed parameters', () => {
  it('fixed E stays exactly at ln E in every start fit', () => {
    const data = prepareFitData(RUNS);
    const options: LocalFitOptions = { ...BASE, fixed: { E: 1.8 } };
    const starts = startsFor({ kind: 'random', count: 30 }, 3, false, options.fixed);
    for (const fit of fitFromStarts(data, starts, options)) expect(fit.theta.e).toBe(Math.log(1.8));
  });

  it('fixed alpha with tied exponents fixes both, through runFit with a bootstrap', async () => {
    const options: FitOptions = {
      ...QUICK,
      bootstrap: 20,
      tieExponents: true,
      fixed: { alpha: 0.3 },
    };
    const result = await runFit(RUNS, options, cpu());
    expect(result.best.theta.alpha).toBe(0.3);
    expect(result.best.theta.beta).toBe(0.3);
    const replicas = result.bootstrap!.replicas;
    for (let k = 0; k < 20; k++) {
      if (Number.isNaN(replicas[k * 5]!)) continue;
      expect(replicas[k * 5 + 3]).toBe(0.3);
      expect(replicas[k * 5 + 4]).toBe(0.3);
    }
  });

  it('grid starts carrying a fixed E are kept once each', () => {
    expect(startsFor({ kind: 'grid' }, 1, false, { E: 2 })).toHaveLength(900);
    expect(startsFor({ kind: 'grid' }, 1, true, { alpha: 0.3 })).toHaveLength(180);
    expect(startsFor({ kind: 'grid' }, 1, false)).toHaveLength(4500);
  });

  it('a fixed value out of range is a clear FitError', async () => {
    const bad: [FitOptions['fixed'], RegExp][] = [
      [{ E: 0 }, /a fixed E must be a finite positive loss, got 0/],
      [{ E: Number.NaN }, /fixed E .* got NaN/],
      [{ alpha: 0 }, /a fixed alpha must be a number in \(0, 3\], got 0/],
      [{ beta: 3.5 }, /a fixed beta must be a number in \(0, 3\], got 3.5/],
      [{ alpha: Number.POSITIVE_INFINITY }, /fixed alpha .* got Infinity/],
    ];
    for (const [fixed, message] of bad) {
      const options = { ...QUICK, ...(fixed ? { fixed } : {}) };
      await expect(runFit(RUNS, options, cpu())).rejects.toThrow(FitError);
      await expect(runFit(RUNS, options, cpu())).rejects.toThrow(message);
    }
    expect(
      validateObjective({ ...QUICK, tieExponents: true, fixed: { alpha: 0.3, beta: 0.4 } }),
    ).toEqual(['with tied exponents a fixed alpha (0.3) and beta (0.4) must be equal']);
  });

  it('fixed parameters lower the number of runs a fit needs', () => {
    const five = RUNS.slice(0, 5);
    expect(validateFitInput(five, QUICK).join()).toMatch(/more runs than free parameters/);
    expect(validateFitInput(five, { ...QUICK, fixed: { E: 1.7 } })).toEqual([]);
  });
});

describe('objective choices: over-prediction penalty', () => {
  it('a penalty above 1 lowers the fitted curve below noisy under-tuned runs', async () => {
    // Well-tuned runs on the law, plus under-tuned ones whose loss is 1-4% too high.
    const tuned = isoflopRuns(TRUTH, { ...DESIGN, sigma: 0.002 });
    const under = isoflopRuns(TRUTH, { ...DESIGN, sigma: 0.01, seed: 11 }).map((r, i) => ({
      ...r,
      loss: r.loss * Math.exp(0.01 + 0.03 * ((i * 7) % 10) * 0.1),
    }));
    const runs = [...tuned, ...under];
    const symmetric = await runFit(runs, { ...QUICK, delta: 0.05 }, cpu());
    const lower = await runFit(runs, { ...QUICK, delta: 0.05, overPenalty: 10 }, cpu());
    const data = prepareFitData(runs);
    const rs = residualsAt(toCentred(symmetric.best.theta, data), data);
    const rl = residualsAt(toCentred(lower.best.theta, data), data);
    const mean = (r: Float64Array) => r.reduce((s, v) => s + v, 0) / r.length;
    const above = (r: Float64Array) => r.filter((v) => v > 0).length;
    expect(mean(rl)).toBeLessThan(mean(rs));
    expect(above(rl)).toBeLessThan(above(rs));
    // The symmetric curve sits above the well-tuned runs; the penalised one closer to them.
    const tunedData = prepareFitData(tuned);
    const onTuned = (t: LawTheta) => mean(residualsAt(toCentred(t, tunedData), tunedData));
    expect(onTuned(symmetric.best.theta)).toBeGreaterThan(0);
    expect(Math.abs(onTuned(lower.best.theta))).toBeLessThan(onTuned(symmetric.best.theta));
  });
});

describe('objective choices: row weights', () => {
  const withWeights = (w: (i: number) => number | undefined) =>
    RUNS.map((r, i) => {
      const v = w(i);
      return v === undefined ? { N: r.N, D: r.D, loss: r.loss } : { ...r, weight: v };
    });

  it('rejects zero, negative, NaN and missing weights, naming the runs', async () => {
    const runs = withWeights((i) => (i === 4 ? undefined : ([1, 0, -2, Number.NaN][i] ?? 1)));
    expect(() => rowWeightsOf(runs, 'column')).toThrow(
      'run 2 has weight 0: weights must be finite positive numbers; run 3 has weight -2: weights must be finite positive numbers; run 4 has weight NaN: weights must be finite positive numbers; run 5 has no weight (weighting is by column)',
    );
    const options = { ...QUICK, weighting: 'column' as const };
    expect(validateFitInput(runs, options)).toContain(
      'run 2 has weight 0: weights must be finite positive numbers',
    );
    await expect(runFit(runs, options, cpu())).rejects.toThrow(/run 3 has weight -2/);
    expect(rowWeightsOf(runs, 'none')).toBeNull();
  });

  it('sqrt-compute weights are sqrt(6 N D) normalised to mean 1', () => {
    const w = rowWeightsOf(RUNS, 'sqrt-compute')!;
    expect(w.reduce((s, v) => s + v, 0) / w.length).toBeCloseTo(1, 12);
    expect(w[1]! / w[0]!).toBeCloseTo(
      Math.sqrt((RUNS[1]!.N * RUNS[1]!.D) / (RUNS[0]!.N * RUNS[0]!.D)),
      12,
    );
  });

  it('a weight column of ones gives exactly the unweighted fit', async () => {
    const ones = withWeights(() => 1);
    const plain = await runFit(RUNS, QUICK, cpu());
    const weighted = await runFit(ones, { ...QUICK, weighting: 'column' }, cpu());
    expect(weighted.best.theta).toEqual(plain.best.theta);
    expect(weighted.best.objective).toBe(plain.best.objective);
  });
});

describe('objective choices: delta and defaults', () => {
  it('a data-chosen delta is constant x 1.4826 x MAD of the least-squares pilot residuals', async () => {
    const options: FitOptions = { ...QUICK, deltaRule: { kind: 'scaled', constant: 1.345 } };
    const result = await runFit(RUNS, options, cpu());
    const pilot = await runFit(RUNS, { ...QUICK, residualLoss: 'squared' }, cpu());
    const data = prepareFitData(RUNS);
    const want = scaledDelta(residualsAt(toCentred(pilot.best.theta, data), data), 1.345);
    expect(result.resolvedDelta).toBe(want);
    // About 1.345 sigma for 1% noise (a MAD of 30 residuals from a 5-parameter fit: +-40%).
    expect(result.resolvedDelta! / (1.345 * DESIGN.sigma)).toBeGreaterThan(0.4);
    expect(result.resolvedDelta! / (1.345 * DESIGN.sigma)).toBeLessThan(1.6);
    const atDelta = await runFit(RUNS, { ...QUICK, delta: want }, cpu());
    expect(result.best.theta).toEqual(atDelta.best.theta);
    expect(atDelta.resolvedDelta).toBeUndefined();
    expect(MAD_TO_SIGMA).toBe(1.4826);
    expect(() => scaledDelta(new Float64Array(9), 1.345)).toThrow(/MAD 0/);
  });

  it('explicit default choices give bit for bit the plain fit and the plain local options', async () => {
    const explicit: FitOptions = {
      ...QUICK,
      residualLoss: 'huber',
      deltaRule: { kind: 'fixed' },
      overPenalty: 1,
      weighting: 'none',
      fixed: {},
    };
    expect(localFitOptions(explicit)).toEqual({ delta: 1e-3, tieExponents: false });
    expect(localFitOptions(DEFAULT_FIT_OPTIONS)).toEqual({ delta: 1e-3, tieExponents: false });
    const a = await runFit(RUNS, QUICK, cpu());
    const b = await runFit(RUNS, explicit, cpu());
    expect(b.best).toEqual(a.best);
    expect(b.starts).toEqual(a.starts);
    expect(objectiveOf({})).toEqual({
      residualLoss: 'huber',
      deltaRule: { kind: 'fixed' },
      overPenalty: 1,
      weighting: 'none',
      fixed: {},
    });
  });

  it('rejects unusable choices with messages', () => {
    expect(validateObjective({ ...QUICK, overPenalty: 0 })).toEqual([
      'the over-prediction penalty must be a positive number, got 0',
    ]);
    expect(validateObjective({ ...QUICK, deltaRule: { kind: 'scaled', constant: -1 } })).toEqual([
      'the delta constant must be a positive number, got -1',
    ]);
  });

  it('describes the objective in one sentence', () => {
    expect(describeObjective(QUICK)).toBe(
      'The objective is the Huber loss (delta = 0.001) on the log-loss residuals.',
    );
    expect(
      describeObjective({
        ...QUICK,
        deltaRule: { kind: 'scaled', constant: 1.345 },
        overPenalty: 3,
        weighting: 'sqrt-compute',
        fixed: { E: 1.69 },
      }),
    ).toBe(
      "The objective is the Huber loss with delta chosen from the data as 1.345 x 1.4826 x the median absolute deviation of a least-squares pilot fit's residuals; over-predictions (r > 0) penalised 3 times as much; each run weighted by sqrt(6 N D), normalised to mean 1; E = 1.69 held fixed.",
    );
    expect(describeObjective({ ...QUICK, residualLoss: 'squared' })).toBe(
      'The objective is least squares (r^2 / 2) on the log-loss residuals.',
    );
  });
});
