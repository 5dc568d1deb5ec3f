import { describe, expect, test } from 'vitest';
import { builtinDataset } from '../../src/data/builtin';
import type { Run } from '../../src/data/types';
import { cpuFitBackend } from '../../src/engine/cpu-fit-backend';
import { createInlineExecutor } from '../../src/engine/worker-pool';
import { forecastCheck, runForecastCheck, splitAtCompute } from '../../src/fit/forecast';
import { runFit } from '../../src/fit/run-fit';
import { DEFAULT_FIT_OPTIONS, type FitResult } from '../../src/fit/types';
import { type LawTheta, lawFromTheta, loss, thetaFromLaw } from '../../src/law/law';

const run = (row: number, C: number, N = 1e9, D = C / (6 * N), L = 2.5): Run => ({
  row,
  N,
  D,
  loss: L,
  C,
});

/** A FitResult with a given best theta and replica rows (a, b, e, alpha, beta). */
function fakeFit(best: LawTheta, replicas: LawTheta[], nonConverged = 0): FitResult {
  const rows = new Float64Array((replicas.length + nonConverged) * 5).fill(Number.NaN);
  replicas.forEach((t, k) => {
    rows.set([t.a, t.b, t.e, t.alpha, t.beta], k * 5);
  });
  return {
    engine: 'cpu',
    rows: 10,
    best: {
      theta: best,
      objective: 0,
      iterations: 1,
      evaluations: 1,
      converged: true,
      law: lawFromTheta(best),
    },
    starts: { total: 1, converged: 1, minima: { best: 0, median: 0, worst: 0 } },
    bootstrap: {
      requested: replicas.length + nonConverged,
      converged: replicas.length,
      excluded: nonConverged,
      params: {} as never,
      correlation: [],
      replicas: rows,
    },
    warnings: [],
    options: DEFAULT_FIT_OPTIONS,
    seconds: 0,
  };
}

describe('splitAtCompute', () => {
  test('holds out the top share by compute and keeps a budget together', () => {
    const runs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((c, i) => run(i + 2, c * 1e20));
    const s = splitAtCompute(runs, 0.2);
    expect(s.test.map((r) => r.C)).toEqual([9e20, 1e21]);
    expect(s.train).toHaveLength(8);
    expect(s.cutoff).toBe(9e20);
    // Ties at the cutoff go together: three runs share the top budget.
    const tied = [...runs, run(20, 1e21), run(21, 1e21)];
    const t = splitAtCompute(tied, 0.1);
    expect(t.test.every((r) => r.C === 1e21)).toBe(true);
    expect(t.test).toHaveLength(3);
    expect(t.train.length + t.test.length).toBe(tied.length);
  });
  test('holds out at least one run and leaves at least one to fit', () => {
    const runs = [1, 2, 3].map((c, i) => run(i + 2, c * 1e20));
    expect(splitAtCompute(runs, 0).test).toHaveLength(1);
    expect(splitAtCompute(runs, 1).train).toHaveLength(1);
    expect(splitAtCompute([run(2, 1e20)], 0.2).test).toHaveLength(0);
  });
  test('keeps file order within each side', () => {
    const runs = [run(2, 5e20), run(3, 1e21), run(4, 1e20), run(5, 2e21)];
    const s = splitAtCompute(runs, 0.5);
    expect(s.test.map((r) => r.row)).toEqual([3, 5]);
    expect(s.train.map((r) => r.row)).toEqual([2, 4]);
  });
});

describe('forecastCheck', () => {
  const law = { E: 1.8, A: 400, B: 2000, alpha: 0.34, beta: 0.36 };
  const theta = thetaFromLaw(law);
  const N = 1e9;
  const D = 2e10;
  const truth = loss(law, N, D);

  test('predicts with the best fit and reads the interval off the replicas', () => {
    // 41 replicas with e shifted by -0.02 .. +0.02: L moves monotonically with e.
    const replicas = Array.from({ length: 41 }, (_, k) => ({
      ...theta,
      e: theta.e + (k - 20) * 0.001,
    }));
    const fit = fakeFit(theta, replicas, 3);
    const inside = { row: 7, N, D, C: 6 * N * D, loss: truth * 1.001 };
    const outside = { row: 8, N, D, C: 6 * N * D, loss: truth * 1.2 };
    const c = forecastCheck(fit, { cutoff: 6 * N * D, train: [], test: [inside, outside] });
    expect(c.replicas).toBe(41);
    const [a, b] = c.rows;
    expect(a!.predicted).toBeCloseTo(truth, 12);
    expect(a!.lo).toBeLessThan(truth);
    expect(a!.hi).toBeGreaterThan(truth);
    // The 2.5% and 97.5% percentiles of e + (k - 20) / 1000 over 41 values are at +-0.019.
    expect(a!.lo).toBeCloseTo(law.E * Math.exp(-0.019) + truth - law.E, 10);
    expect(a!.inside).toBe(true);
    expect(b!.inside).toBe(false);
    expect(b!.relError).toBeCloseTo((truth - truth * 1.2) / (truth * 1.2), 12);
    expect(c.coverage).toBe(0.5);
    expect(c.meanAbsRelError).toBeCloseTo((Math.abs(a!.relError) + Math.abs(b!.relError)) / 2, 14);
  });
  test("widens the prediction interval by the training runs' scatter", () => {
    const replicas = Array.from({ length: 400 }, () => theta);
    const fit = fakeFit(theta, replicas, 3);
    const test0 = { row: 9, N, D, C: 6 * N * D, loss: truth * 1.03 };
    // Training residuals of exactly +-5% in log-loss, half each way.
    const train = Array.from({ length: 20 }, (_, i) => ({
      row: 10 + i,
      N: N / 10,
      D: D / 10,
      C: (6 * N * D) / 100,
      loss: loss(law, N / 10, D / 10) * Math.exp(i % 2 === 0 ? 0.05 : -0.05),
    }));
    const c = forecastCheck(fit, { cutoff: 6 * N * D, train, test: [test0] });
    const [r] = c.rows;
    // Every replica is the best fit, so the parameter-only interval collapses onto the prediction.
    expect(r!.paramLo).toBeCloseTo(truth, 12);
    expect(r!.paramHi).toBeCloseTo(truth, 12);
    // The prediction interval spans the two residuals: truth * exp(-0.05) .. truth * exp(0.05).
    expect(r!.lo).toBeCloseTo(truth * Math.exp(-0.05), 12);
    expect(r!.hi).toBeCloseTo(truth * Math.exp(0.05), 12);
    expect(r!.inside).toBe(true);
    expect(c.residualSd).toBeCloseTo(0.05 * Math.sqrt(20 / 19), 12);
  });
  test('without replicas the interval is NaN and coverage undefined', () => {
    const c = forecastCheck(fakeFit(theta, []), { cutoff: 1, train: [], test: [run(2, 1e21)] });
    expect(Number.isNaN(c.rows[0]!.lo)).toBe(true);
    expect(c.rows[0]!.inside).toBe(false);
    expect(Number.isNaN(c.coverage)).toBe(true);
    expect(Number.isFinite(c.meanAbsRelError)).toBe(true);
  });
});

describe('runForecastCheck', () => {
  test('fits only the runs below the cutoff and predicts the rest of the built-in sweep well', async () => {
    const ds = builtinDataset(1);
    const backend = cpuFitBackend(createInlineExecutor());
    const seen: number[] = [];
    const c = await runForecastCheck(
      (runs, options, job) => {
        seen.push(runs.length);
        return runFit(runs, options, backend, job);
      },
      ds.runs,
      { ...DEFAULT_FIT_OPTIONS, starts: { kind: 'random', count: 64 }, bootstrap: 100 },
      0.2,
    );
    expect(seen).toEqual([c.trainRuns]);
    expect(c.trainRuns + c.rows.length).toBe(ds.runs.length);
    expect(Math.max(...ds.runs.map((r) => r.C).filter((x) => x < c.cutoff))).toBeLessThan(c.cutoff);
    expect(c.rows.every((r) => r.C >= c.cutoff)).toBe(true);
    // 1% noise in the data: extrapolating one budget up stays within a few percent.
    expect(c.meanAbsRelError).toBeLessThan(0.03);
    expect(c.rows.every((r) => r.lo <= r.predicted && r.predicted <= r.hi)).toBe(true);
  });
  test('refuses a run set it cannot split', async () => {
    await expect(
      runForecastCheck(
        () => Promise.reject(new Error('not called')),
        [run(2, 1e20)],
        DEFAULT_FIT_OPTIONS,
        0.2,
      ),
    ).rejects.toThrow(/at least two runs/);
  });
});
