/**
 * Check (a): the variance the designer predicts for an added run matches the variance observed
 * over many refits of data simulated from a known law, with and without that run.
 *
 * Setup: 17 runs on four isoFLOP curves of the Hoffmann et al. law, Gaussian noise sigma = 0.003
 * on ln L (small enough that the linearisation holds near the fit), least-squares refits (Huber
 * delta = 1, far above every residual, so the fit is the Gauss-Newton model the prediction
 * assumes), each warm-started at the truth. S = 300 simulated data sets, the same noise on the
 * old runs with and without the added run (common random numbers).
 * Tolerance: a sample variance of S normal draws has relative standard error sqrt(2 / (S - 1))
 * = 8.2%; each variance must be within 3 of those (25%) of its prediction. The ratio after /
 * before shares its noise, so it must be within 0.1 of the predicted ratio.
 */
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/data/random';
import {
  type CandidateGrid,
  candidateAt,
  candidateAxes,
  candidateReductions,
  type DesignTarget,
  designModel,
  targetValue,
  targetVariance,
} from '../../src/fit/design';
import { fitInformation } from '../../src/fit/information';
import { fitFromStarts } from '../../src/fit/local-fits';
import { prepareFitData } from '../../src/fit/objective';
import { logLossLSE, thetaFromLaw } from '../../src/law/law';
import { findPreset } from '../../src/law/presets';

const truth = thetaFromLaw(findPreset('hoffmann2022')!.law);
const SIGMA = 0.003;
const S = 300;

const design: { N: number; D: number }[] = [];
for (const C of [1e18, 1e19, 1e20, 1e21])
  for (const N of [3e7, 1e8, 3e8, 1e9, 3e9]) {
    const D = C / (6 * N);
    if (D >= 1e8) design.push({ N, D });
  }

function variance(xs: readonly number[]): number {
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  return xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
}

describe('predicted against simulated variance of an added run', () => {
  const cases: [string, DesignTarget][] = [
    ['ln N_opt at 1e22 FLOPs', { kind: 'nopt', budget: 1e22 }],
    ['the exponent a', { kind: 'exponent' }],
  ];
  for (const [name, target] of cases) {
    it(`matches for ${name}`, () => {
      const withLoss = design.map((r) => ({ ...r, loss: 1 }));
      const info = fitInformation(truth, withLoss, { scale: SIGMA });
      const model = designModel(info, target);
      const grid: CandidateGrid = {
        kind: 'budgets-sizes',
        width: 16,
        height: 8,
        nMin: 1e7,
        nMax: 1e10,
        yMin: 1e18,
        yMax: 1e21,
      };
      const reductions = candidateReductions(model, grid);
      const top = reductions.indexOf(Math.max(...reductions));
      const pick = candidateAt(candidateAxes(grid), top % grid.width, Math.floor(top / grid.width));
      const before = targetVariance(model.gradient, info.covariance);
      const after = before - reductions[top]!;
      const rng = new SeededRandom(2024);
      const without: number[] = [];
      const withRun: number[] = [];
      const options = { delta: 1, tieExponents: false };
      for (let s = 0; s < S; s++) {
        const runs = [...design, pick].map((r) => ({
          N: r.N,
          D: r.D,
          loss: Math.exp(logLossLSE(truth, Math.log(r.N), Math.log(r.D)) + SIGMA * rng.normal()),
        }));
        const [f0] = fitFromStarts(prepareFitData(runs.slice(0, -1)), [truth], options);
        const [f1] = fitFromStarts(prepareFitData(runs), [truth], options);
        expect(f0!.converged && f1!.converged).toBe(true);
        without.push(targetValue(f0!.theta, target));
        withRun.push(targetValue(f1!.theta, target));
      }
      const v0 = variance(without);
      const v1 = variance(withRun);
      console.info(
        `${name}: predicted var ${before.toExponential(3)} -> ${after.toExponential(3)} (ratio ${(after / before).toFixed(3)}); simulated ${v0.toExponential(3)} -> ${v1.toExponential(3)} (ratio ${(v1 / v0).toFixed(3)}), S = ${S}`,
      );
      expect(Math.abs(v0 / before - 1)).toBeLessThan(0.25);
      expect(Math.abs(v1 / after - 1)).toBeLessThan(0.25);
      expect(Math.abs(v1 / v0 - after / before)).toBeLessThan(0.1);
      // The pick must matter, or the ratio check would be trivial.
      expect(after / before).toBeLessThan(0.8);
    });
  }
});
