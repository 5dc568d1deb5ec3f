/**
 * Bootstrap replicas start with the curvature memory of two pilot replicas
 * (src/fit/local-fits.ts, pilotMemory). These tests hold that the memory changes the path, not the destination: every
 * replica reaches the minimum a cold L-BFGS run from the same warm start reaches (the cold run
 * is the method as documented), in far fewer objective evaluations; and that the memory depends
 * on nothing a chunk of replicas could change. The minimiser and the zero-allocation line search
 * are also checked against a plain objective with a known minimum.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseRuns } from '../../src/data/runs';
import { minimizeLbfgs } from '../../src/fit/lbfgs';
import { fitFromStarts, fitReplicas, pilotMemory } from '../../src/fit/local-fits';
import {
  type FitData,
  fitProblem,
  fitRows,
  fromCentred,
  objectiveAndGradient,
  prepareFitData,
  rowsObjective,
  toCentred,
} from '../../src/fit/objective';
import { type ResampleUnits, replicaWeights, resampleUnits } from '../../src/fit/resample';
import { gridStarts } from '../../src/fit/starts';
import type { FitRun, LocalFit } from '../../src/fit/types';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OPTIONS = { delta: 1e-3, tieExponents: false } as const;

/** The 240 Chinchilla runs (file order, minus the 5 highest-loss runs), read at run time. */
function chinchillaRuns(): FitRun[] {
  const csv = readFileSync(path.resolve(root, '../shared/data/chinchilla-runs.csv'), 'utf8');
  const runs = parseRuns(csv).runs;
  const drop = new Set(
    runs
      .map((r, i) => ({ loss: r.loss, i }))
      .sort((x, y) => y.loss - x.loss || x.i - y.i)
      .slice(0, 5)
      .map((x) => x.i),
  );
  return runs.filter((_, i) => !drop.has(i)).map((r) => ({ N: r.N, D: r.D, loss: r.loss }));
}

function best(fits: readonly LocalFit[]): LocalFit {
  return fits.filter((f) => f.converged).reduce((x, y) => (y.objective < x.objective ? y : x));
}

/** Replica k from the warm start with no memory: the documented method, step for step. */
function coldReplica(
  data: FitData,
  runs: readonly FitRun[],
  seed: number,
  k: number,
  warm: LocalFit,
) {
  const weights = replicaWeights(resampleUnits(runs, false), seed, k);
  const problem = fitProblem(data, weights, OPTIONS.delta, false);
  const result = minimizeLbfgs(problem.evaluate, toCentred(warm.theta, data));
  return { ...result, theta: fromCentred(result.x, data) };
}

describe('bootstrap replicas with the pilot memory (240 Chinchilla runs)', () => {
  const K = 200;
  const seed = 17;
  let runs: FitRun[];
  let data: FitData;
  let units: ResampleUnits;
  let warm: LocalFit;
  let replicas: LocalFit[];
  let cold: ReturnType<typeof coldReplica>[];

  beforeAll(() => {
    runs = chinchillaRuns();
    data = prepareFitData(runs);
    units = resampleUnits(runs, false);
    // Every 20th grid start: enough to find the best point fit of the full grid.
    const starts = gridStarts(false).filter((_, i) => i % 20 === 0);
    warm = best(fitFromStarts(data, starts, OPTIONS));
    replicas = fitReplicas(data, units, seed, 0, K, warm.theta, OPTIONS);
    cold = Array.from({ length: K }, (_, k) => coldReplica(data, runs, seed, k, warm));
  });

  it('reaches the same minima as cold runs: objectives within 1e-6, exponents within 1e-3', () => {
    expect(replicas.every((r) => r.converged)).toBe(true);
    expect(cold.every((r) => r.converged)).toBe(true);
    const objective: number[] = [];
    const exponent: number[] = [];
    replicas.forEach((r, k) => {
      const c = cold[k]!;
      objective.push((r.objective - c.f) / c.f);
      exponent.push(
        Math.max(Math.abs(r.theta.alpha - c.theta.alpha), Math.abs(r.theta.beta - c.theta.beta)),
      );
    });
    const sorted = Float64Array.from(exponent).sort();
    console.info(
      `[fit-warm-memory] relative objective (warm - cold): min ${Math.min(...objective).toExponential(2)}, max ${Math.max(...objective).toExponential(2)}; |d exponent| median ${sorted[K >> 1]!.toExponential(2)}, worst ${sorted[K - 1]!.toExponential(2)}`,
    );
    // The same bounds the scipy peer check puts on two tightly converged fitters.
    expect(Math.max(...objective.map(Math.abs))).toBeLessThanOrEqual(1e-6);
    expect(sorted[K >> 1]!).toBeLessThanOrEqual(1e-5);
    expect(sorted[K - 1]!).toBeLessThanOrEqual(1e-3);
  });

  it('needs far fewer objective evaluations than cold runs (deterministic counts)', () => {
    const warmEvals = replicas.reduce((s, r) => s + r.evaluations, 0) / K;
    const coldEvals = cold.reduce((s, r) => s + r.evaluations, 0) / K;
    console.info(
      `[fit-warm-memory] evaluations per replica: ${warmEvals.toFixed(2)} with the pilot memory, ${coldEvals.toFixed(2)} cold`,
    );
    expect(warmEvals).toBeLessThan(0.6 * coldEvals);
  });

  it('depends only on the data, resampling, seed, warm start and options', () => {
    const memory = pilotMemory(data, units, seed, warm.theta, OPTIONS);
    expect(memory.s.length).toBe(10);
    expect(memory.y.length).toBe(10);
    // Recomputed from a copy of the data (the cache keys on content, not identity).
    const copy = prepareFitData(runs.map((r) => ({ ...r })));
    const again = pilotMemory(copy, resampleUnits(runs, false), seed, warm.theta, OPTIONS);
    expect(again).toEqual(memory);
    const otherSeed = pilotMemory(data, units, seed + 1, warm.theta, OPTIONS);
    expect(otherSeed).not.toEqual(memory);
    // A replica fitted alone equals the same replica fitted inside a larger batch.
    expect(fitReplicas(data, units, seed, 57, 1, warm.theta, OPTIONS)).toEqual([replicas[57]]);
  });
});

describe('the objective over compacted rows', () => {
  it('equals the objective over all rows with zero weights, bit for bit', () => {
    const runs = chinchillaRuns();
    const data = prepareFitData(runs);
    const weights = replicaWeights(resampleUnits(runs, false), 3, 5);
    const rows = fitRows(data, weights);
    expect(rows.n).toBe(weights.filter((w) => w > 0).length);
    expect(rows.n).toBeLessThan(data.n);
    const x = toCentred({ a: 6.2, b: 7.6, e: 0.6, alpha: 0.35, beta: 0.37 }, data);
    const g1 = new Float64Array(5);
    const g2 = new Float64Array(5);
    const f1 = rowsObjective(x, rows, 1e-3, g1);
    // A direct sum over every row, zero weights included.
    let f = 0;
    for (let i = 0; i < data.n; i++) {
      const pred = Math.log(
        Math.exp(x[2]!) +
          Math.exp(x[0]! - x[3]! * data.lnN[i]!) +
          Math.exp(x[1]! - x[4]! * data.lnD[i]!),
      );
      const r = Math.abs(pred - data.lnL[i]!);
      f += weights[i]! * (r <= 1e-3 ? 0.5 * r * r : 1e-3 * (r - 0.5e-3));
    }
    expect(f1).toBeCloseTo(f, 14);
    const f2 = objectiveAndGradient(x, data, weights, 1e-3, g2);
    expect(f2).toBe(f1);
    expect(Array.from(g2)).toEqual(Array.from(g1));
  });
});

describe('L-BFGS with a seeded memory', () => {
  it('minimises a quadratic to its known minimum, seeded or not', () => {
    // f(x) = sum_j c_j (x_j - j)^2 with condition number 1e3.
    const c = [1, 10, 100, 1000, 3];
    const quad = (x: Float64Array, g: Float64Array) => {
      let f = 0;
      for (let j = 0; j < x.length; j++) {
        const d = x[j]! - j;
        f += c[j]! * d * d;
        g[j] = 2 * c[j]! * d;
      }
      return f;
    };
    const x0 = Float64Array.of(5, -3, 2, 7, 1);
    const cold = minimizeLbfgs(quad, x0);
    const seeded = minimizeLbfgs(quad, Float64Array.of(-2, 4, 0, 1, 9), undefined, cold.memory());
    for (const r of [cold, seeded]) {
      expect(r.converged).toBe(true);
      for (let j = 0; j < r.x.length; j++) expect(Math.abs(r.x[j]! - j)).toBeLessThan(1e-5);
    }
    expect(seeded.evaluations).toBeLessThan(cold.evaluations);
  });
});
