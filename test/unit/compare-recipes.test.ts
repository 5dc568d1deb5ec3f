/**
 * Comparing recipes end to end on the CPU fitter: coverage of the multiplier's interval on
 * series simulated from known laws (the truth computed in closed form), identical series
 * comparing as 1, and the messages for a missing or unfitted reference.
 */
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/data/random';
import { type CompareEntry, CompareError, compareRecipes } from '../../src/fit/compare-recipes';
import { compareVerdict } from '../../src/fit/compare-verdict';
import { inProcessFitBackend } from '../../src/fit/design-check';
import { runFit } from '../../src/fit/run-fit';
import { seriesFrontier } from '../../src/fit/series-frontier';
import { DEFAULT_FIT_OPTIONS, type FitRun } from '../../src/fit/types';
import { computeMultiplier, frontierLoss } from '../../src/law/compute-multiplier';
import { logLossLSE, type ScalingLaw, thetaFromLaw } from '../../src/law/law';

const R: ScalingLaw = { E: 1.8, A: 400, B: 1800, alpha: 0.34, beta: 0.28 };
/** X is R with 85% of the data term: the recipe that uses its tokens better. */
const X: ScalingLaw = { ...R, B: R.B * 0.85 };

/** A 6 x 6 grid of N in 3e7..1e9 and D in 6e8..6e10, ln L with Gaussian noise of sd sigma. */
function simulate(law: ScalingLaw, seed: number, sigma = 0.01): FitRun[] {
  const rng = new SeededRandom(seed);
  const theta = thetaFromLaw(law);
  const runs: FitRun[] = [];
  for (let i = 0; i < 6; i++) {
    for (let j = 0; j < 6; j++) {
      const N = 3e7 * (1e9 / 3e7) ** (i / 5);
      const D = 6e8 * 100 ** (j / 5);
      const lnL = logLossLSE(theta, Math.log(N), Math.log(D)) + sigma * rng.normal();
      runs.push({ N, D, loss: Math.exp(lnL) });
    }
  }
  return runs;
}

async function entry(name: string, runs: FitRun[], seed: number): Promise<CompareEntry> {
  const fit = await runFit(
    runs,
    { ...DEFAULT_FIT_OPTIONS, starts: { kind: 'random', count: 48 }, bootstrap: 150, seed },
    inProcessFitBackend(),
  );
  return { name, frontier: seriesFrontier(name, fit.best.law, fit.bootstrap?.replicas, runs) };
}

describe('compareRecipes on simulated series', () => {
  it('covers the true multiplier with its 95% interval in most seeds', async () => {
    const budgets = [1e18, 1e19, 1e20];
    const truth = budgets.map((C) => computeMultiplier(frontierLoss(X), frontierLoss(R), C)!);
    let covered = 0;
    let total = 0;
    const seeds = 40;
    const widths: number[] = [];
    let excludeOne = 0;
    for (let s = 0; s < seeds; s++) {
      const ref = await entry('R', simulate(R, 100 + s), 1 + s);
      const x = await entry('X', simulate(X, 200 + s), 1000 + s);
      const [cmp] = compareRecipes([ref, x], 'R', budgets).comparisons;
      cmp!.rows.forEach((row, i) => {
        total++;
        const [lo, hi] = row.interval;
        if (lo !== null && hi !== null) widths.push(hi / lo);
        if (lo !== null && lo > 1) excludeOne++;
        if (lo !== null && lo <= truth[i]! && (hi === null || truth[i]! <= hi)) covered++;
      });
    }
    widths.sort((a, b) => a - b);
    const medianWidth = widths[Math.floor(widths.length / 2)]!;
    console.log(
      `multiplier 95% interval covered the truth in ${covered} of ${total} (budget, seed) cases; median hi/lo ${medianWidth.toFixed(3)}; above 1 in ${excludeOne}; truth ${truth.map((m) => m.toFixed(3)).join(', ')}`,
    );
    // Nominal 95% over 120 cases (three budgets per seed; with E and the exponents equal the
    // truth is one constant, about 1.79) expects 114; fewer than 102 (85%) would be a real
    // under-coverage. Measured: 120 of 120, median hi/lo 2.74, above 1 in 79 of 120. The interval
    // must also say something: a median hi/lo under 4, and above 1 in at least half the cases.
    expect(covered).toBeGreaterThanOrEqual(102);
    expect(medianWidth).toBeLessThan(4);
    expect(excludeOne).toBeGreaterThanOrEqual(60);
    expect(truth.every((m) => m > 1.5 && m < 2.1)).toBe(true);
  }, 120_000);

  it('compares two series with identical data as 1, with an interval around 1', async () => {
    const runs = simulate(R, 7);
    const a = await entry('a', runs, 3);
    const b = await entry('b', runs, 3);
    const { comparisons } = compareRecipes([a, b], 'a', [1e19]);
    const row = comparisons[0]!.rows[0]!;
    expect(row.multiplier).toBeCloseTo(1, 12);
    expect(row.interval[0]).toBeCloseTo(1, 12);
    expect(row.interval[1]).toBeCloseTo(1, 12);
    const frontier = 'frontier' in a ? a.frontier : null;
    const verdict = compareVerdict(comparisons[0]!, row, frontier!, frontier!);
    expect(verdict).toMatch(/is worth 1× the compute of a at 1e19 FLOPs/);
  }, 60_000);
});

describe('compareRecipes input', () => {
  const f = { name: 'x', point: frontierLoss(R), replicas: [], budgetRange: [1e18, 1e20] as const };

  it('refuses a reference that is not among the series and lists them', () => {
    const entries: CompareEntry[] = [
      { name: 'dclm', frontier: { ...f, name: 'dclm' } },
      { name: 'nemotron', frontier: { ...f, name: 'nemotron' } },
    ];
    expect(() => compareRecipes(entries, 'common-pile', [1e19])).toThrow(CompareError);
    expect(() => compareRecipes(entries, 'common-pile', [1e19])).toThrow(
      /"common-pile" is not among the series; the series are "dclm", "nemotron"/,
    );
  });

  it('names a series that could not be fitted and compares the others', () => {
    const entries: CompareEntry[] = [
      { name: 'r', frontier: { ...f, name: 'r' } },
      { name: 'tiny', problem: 'too few runs (3) for 5 parameters' },
      { name: 'x', frontier: f },
    ];
    const out = compareRecipes(entries, 'r', [1e19]);
    expect(out.leftOut).toEqual([{ name: 'tiny', problem: 'too few runs (3) for 5 parameters' }]);
    expect(out.comparisons.map((c) => c.series)).toEqual(['x']);
  });

  it('refuses an unfitted reference with its reason, and a budget that is not positive', () => {
    const entries: CompareEntry[] = [
      { name: 'r', problem: 'the fit diverged' },
      { name: 'x', frontier: f },
    ];
    expect(() => compareRecipes(entries, 'r', [1e19])).toThrow(
      /"r" could not be fitted: the fit diverged/,
    );
    const ok: CompareEntry[] = [
      { name: 'r', frontier: f },
      { name: 'x', frontier: f },
    ];
    expect(() => compareRecipes(ok, 'r', [Number.NaN])).toThrow(/budget 1 \(NaN\)/);
    expect(() => compareRecipes(ok, 'r', [-1])).toThrow(/budget 1 \(-1\)/);
  });

  it('says from which budget the reference cannot match, never a number', () => {
    const low = { ...f, name: 'low', point: frontierLoss({ ...R, E: 1.2 }) };
    const out = compareRecipes(
      [
        { name: 'r', frontier: { ...f, name: 'r' } },
        { name: 'low', frontier: low },
      ],
      'r',
      [1e30],
    );
    const c = out.comparisons[0]!;
    expect(c.rows[0]!.unbounded).toBe(true);
    expect(c.rows[0]!.multiplier).toBeNull();
    const text = compareVerdict(c, c.rows[0]!, low, { ...f, name: 'r' });
    expect(text).toMatch(/r cannot reach the loss low reaches at 1e30 FLOPs with any compute/);
    expect(text).toMatch(/from \d(\.\d)?e\d+ FLOPs on/);
    expect(text).not.toMatch(/Infinity|NaN/);
  });
});
