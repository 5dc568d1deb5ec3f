/**
 * Tests of a law against a fit (src/fit/law-tests.ts): the regularised incomplete gamma function
 * against reference values, and the size and power of the Wald and tied-exponent LR tests on
 * runs simulated from a known law with Gaussian noise on ln L.
 */
import { describe, expect, it } from 'vitest';
import { parseFitCommand } from '../../src/cli/args';
import { main } from '../../src/cli/main';
import { SeededRandom } from '../../src/data/random';
import { CpuEngine } from '../../src/engine/cpu-engine';
import { createInlineExecutor } from '../../src/engine/worker-pool';
import {
  chiSquaredCdf,
  chiSquaredSf,
  logGamma,
  regularizedGammaP,
  regularizedGammaQ,
  tiedExponentsTest,
  type WaldTest,
  waldLawTest,
} from '../../src/fit/law-tests';
import { DEFAULT_FIT_OPTIONS, type FitOptions, type FitRun } from '../../src/fit/types';
import { loss, type ScalingLaw, thetaFromLaw } from '../../src/law/law';
import { builtinCsv, capture } from '../support/cli';

describe('incomplete gamma and chi-squared', () => {
  it('matches reference values', () => {
    // Upper 5% points of chi-squared (standard tables, to the digits printed there).
    expect(chiSquaredCdf(3.841459, 1)).toBeCloseTo(0.95, 6);
    expect(chiSquaredCdf(5.991465, 2)).toBeCloseTo(0.95, 6);
    expect(chiSquaredCdf(11.0705, 5)).toBeCloseTo(0.95, 5);
    expect(chiSquaredCdf(9.487729, 4)).toBeCloseTo(0.95, 6);
    expect(chiSquaredCdf(15.08627, 5)).toBeCloseTo(0.99, 6);
    // Closed forms: P(1, x) = 1 - e^-x; chi-squared on 2 df has sf e^(-x/2).
    for (const x of [1e-6, 0.3, 1, 2.5, 10, 40]) {
      expect(regularizedGammaP(1, x)).toBeCloseTo(-Math.expm1(-x), 14);
      expect(chiSquaredSf(x, 2) / Math.exp(-x / 2)).toBeCloseTo(1, 12);
    }
    // P(1/2, x) = erf(sqrt x): erf(1) = 0.8427007929497149.
    expect(regularizedGammaP(0.5, 1)).toBeCloseTo(0.8427007929497149, 13);
    // A far tail keeps relative accuracy (Q, not 1 - P). Reference from Q(1/2, x) = erfc(sqrt x)
    // and Q(s + 1, x) = Q(s, x) + x^s e^-x / Gamma(s + 1): chi2 sf(100, 5) = Q(5/2, 50)
    // = 5.28514836094324e-20.
    expect(chiSquaredSf(100, 5) / 5.28514836094324e-20).toBeCloseTo(1, 10);
    // P + Q = 1 on both sides of the switch at x = s + 1, and Gamma(5) = 24.
    for (const [s, x] of [
      [3, 3.9],
      [3, 4.1],
      [50, 48],
      [50, 55],
    ] as const)
      expect(regularizedGammaP(s, x) + regularizedGammaQ(s, x)).toBeCloseTo(1, 14);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 13);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(Number.isNaN(regularizedGammaP(-1, 1))).toBe(true);
  });
});

/** A known law; its exponents differ so the tied test has something to find. */
const TRUTH: ScalingLaw = { E: 1.8, A: 400, B: 900, alpha: 0.34, beta: 0.26 };
const NOISE = 0.01;

/** A 7 x 7 grid of (N, D) with Gaussian noise of sd NOISE on ln L. */
function simulate(law: ScalingLaw, seed: number): FitRun[] {
  const rng = new SeededRandom(seed);
  const runs: FitRun[] = [];
  for (let i = 0; i < 7; i++) {
    for (let j = 0; j < 7; j++) {
      const N = 1e7 * 10 ** (i * 0.5);
      const D = 1e9 * 10 ** (j * 0.4);
      runs.push({ N, D, loss: loss(law, N, D) * Math.exp(NOISE * rng.normal()) });
    }
  }
  return runs;
}

function options(o: Partial<FitOptions> = {}): FitOptions {
  // Warm start at the truth keeps each point fit short; the minimiser still moves to the
  // data's own minimum, which is what the tests read.
  return {
    ...DEFAULT_FIT_OPTIONS,
    starts: { kind: 'warm', theta: thetaFromLaw(TRUTH) },
    bootstrap: 120,
    delta: 0.05,
    ...o,
  };
}

describe('Wald and likelihood-ratio tests on simulated runs', () => {
  it('reject a true law at about the nominal rate and a false one almost always', async () => {
    const engine = new CpuEngine(createInlineExecutor());
    const false1: ScalingLaw = { ...TRUTH, E: TRUTH.E * 1.03, alpha: 0.36 };
    const reps = 100;
    let trueRejected = 0;
    let falseRejected = 0;
    let tiedRejected = 0;
    let trueTiedRejected = 0;
    for (let k = 0; k < reps; k++) {
      const runs = simulate(TRUTH, 1000 + k);
      const fit = await engine.fit(runs, options({ seed: k + 1 }));
      const t = waldLawTest(fit, TRUTH) as WaldTest;
      expect('statistic' in t, JSON.stringify(t)).toBe(true);
      expect(t.df).toBe(5);
      if (t.pValue < 0.05) trueRejected++;
      if ((waldLawTest(fit, false1) as WaldTest).pValue < 0.05) falseRejected++;
      // Tied exponents: false here (alpha 0.34, beta 0.26).
      const tied = await engine.fit(
        runs,
        options({ seed: k + 1, bootstrap: 0, tieExponents: true }),
      );
      if (tiedExponentsTest(runs, fit.best.theta, tied.best.theta).pValue < 0.05) tiedRejected++;
      // Tied exponents true: simulate from alpha = beta.
      const tiedLaw = { ...TRUTH, beta: TRUTH.alpha };
      const runsT = simulate(tiedLaw, 5000 + k);
      const warm = { kind: 'warm', theta: thetaFromLaw(tiedLaw) } as const;
      const fT = await engine.fit(runsT, options({ starts: warm, bootstrap: 0 }));
      const tT = await engine.fit(
        runsT,
        options({ starts: warm, bootstrap: 0, tieExponents: true }),
      );
      if (tiedExponentsTest(runsT, fT.best.theta, tT.best.theta).pValue < 0.05) trueTiedRejected++;
    }
    console.log(
      `law tests over ${reps} repetitions (K = 120, 49 runs, noise sd ${NOISE} on ln L): ` +
        `Wald rejects the true law ${trueRejected}/${reps}, a false law ${falseRejected}/${reps}; ` +
        `LR rejects true tied exponents ${trueTiedRejected}/${reps}, false ones ${tiedRejected}/${reps}`,
    );
    // Size: nominal 5% is 5 of 100; allow up to 12 (the bootstrap covariance of 120 replicas
    // and the bootstrap's own bias inflate it a little).
    expect(trueRejected).toBeLessThanOrEqual(12);
    expect(trueTiedRejected).toBeLessThanOrEqual(12);
    // Power against clearly false laws.
    expect(falseRejected).toBeGreaterThanOrEqual(reps - 5);
    expect(tiedRejected).toBeGreaterThanOrEqual(reps - 5);
  }, 120_000);

  it('counts degrees of freedom of a tied fit and names an unidentified pair', async () => {
    const engine = new CpuEngine(createInlineExecutor());
    const law = { ...TRUTH, beta: TRUTH.alpha };
    const runs = simulate(law, 77);
    const fit = await engine.fit(
      runs,
      options({
        starts: { kind: 'warm', theta: thetaFromLaw(law) },
        tieExponents: true,
        bootstrap: 60,
      }),
    );
    const t = waldLawTest(fit, law) as WaldTest;
    expect(t.df).toBe(4);
    expect(t.params).toEqual(['lnA', 'lnB', 'lnE', 'alpha']);
    // A bootstrap in which lnA and lnB move together exactly: the covariance is singular.
    const reps = new Float64Array(fit.bootstrap!.replicas);
    for (let k = 0; k < reps.length / 5; k++) reps[k * 5 + 1] = reps[k * 5]! + 1;
    const broken = { ...fit, bootstrap: { ...fit.bootstrap!, replicas: reps } };
    const p = waldLawTest(broken, law);
    expect('problem' in p && p.problem).toMatch(/singular.*lnA, lnB/);
    // No bootstrap: a problem, not a number.
    const none = waldLawTest({ ...fit, bootstrap: undefined }, law);
    expect('problem' in none && none.problem).toMatch(/replicas/);
  });
});

describe('fit --test-law', () => {
  it('parses presets and typed laws, and refuses other methods', () => {
    const c = parseFitCommand(['fit', 'x.csv', '--test-law', 'hoffmann2022']);
    expect(c.testLaw).toEqual({ kind: 'preset', id: 'hoffmann2022' });
    const typed = parseFitCommand([
      'fit',
      'x.csv',
      '--test-law',
      'E=1.8,A=400,B=900,alpha=0.3,beta=0.3',
    ]);
    expect(typed.testLaw).toMatchObject({ kind: 'typed', law: { E: 1.8, beta: 0.3 } });
    expect(() => parseFitCommand(['fit', 'x.csv', '--test-law', 'nope'])).toThrow(
      /--test-law needs/,
    );
    expect(() =>
      parseFitCommand(['fit', 'x.csv', '--test-law', 'hoffmann2022', '--method', 'approach2']),
    ).toThrow(/--test-law needs --method approach3/);
  });

  it('prints both tests in the JSON and the text', async () => {
    const { csvPath } = builtinCsv('scaling-sweep-law-test-');
    const argv = ['fit', csvPath, '--bootstrap', '40', '--starts', '30', '--engine', 'cpu'];
    const io = capture();
    expect(await main([...argv, '--json', '--test-law', 'hoffmann2022'], io.streams)).toBe(0);
    const t = JSON.parse(io.out()).lawTest;
    expect(t.wald).toMatchObject({ kind: 'wald', df: 5, replicas: 40 });
    expect(t.wald.pValue).toBeCloseTo(chiSquaredSf(t.wald.statistic, 5), 12);
    expect(t.tiedExponents).toMatchObject({ kind: 'lr-tied', df: 1 });
    expect(t.tiedExponents.pValue).toBeGreaterThanOrEqual(0);
    const text = capture();
    expect(await main([...argv, '--test-law', 'hoffmann2022'], text.streams)).toBe(0);
    expect(text.out()).toMatch(/Wald chi-squared of the law: W = [\d.e+-]+, df 5, p = /);
    expect(text.out()).toMatch(/LR tied exponents \(alpha = beta\): LR = [\d.e+-]+, df 1, p = /);
  });
});
