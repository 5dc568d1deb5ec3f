/**
 * The multipliers of two Marin pre-training sets (DCLM, Nemotron-CC) against the third (Common
 * Pile) on one isoFLOP grid, from separate Approach-3 fits with bootstrap intervals. The data
 * (../shared/data/external/marin-*.csv beside the repository) is read at run time. The test
 * prints the figures; it asserts what they must satisfy whatever the data say: a finite or
 * explicitly unbounded multiplier, an interval that holds the median, and the extrapolation
 * mark beyond the grid.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseRuns } from '../../src/data/runs';
import { DEFAULT_APPROACH2_OPTIONS } from '../../src/fit/approach2';
import { type CompareEntry, compareRecipes } from '../../src/fit/compare-recipes';
import {
  compareVerdict,
  formatMultiplier,
  formatMultiplierInterval,
} from '../../src/fit/compare-verdict';
import { fitComputeOnly } from '../../src/fit/compute-only';
import { inProcessFitBackend } from '../../src/fit/design-check';
import { runFit } from '../../src/fit/run-fit';
import { computeOnlyFrontier, seriesFrontier } from '../../src/fit/series-frontier';
import { DEFAULT_FIT_OPTIONS, type FitRun } from '../../src/fit/types';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
function marin(name: string): readonly FitRun[] {
  const file = path.resolve(root, '../shared/data/external', `marin-${name}.csv`);
  if (!existsSync(file)) {
    throw new Error(
      `this test needs ${file} (../shared/data beside the repository); it is missing`,
    );
  }
  return parseRuns(readFileSync(file, 'utf8')).runs;
}

const SETS = { 'Common Pile': 'comma', DCLM: 'dclm', 'Nemotron-CC': 'nemotron' } as const;

describe('Marin: DCLM and Nemotron-CC against Common Pile', () => {
  it('gives multipliers with intervals at 1e19 and 1e20 FLOPs', async () => {
    const entries: CompareEntry[] = [];
    for (const [name, file] of Object.entries(SETS)) {
      const runs = marin(file);
      const fit = await runFit(
        runs,
        { ...DEFAULT_FIT_OPTIONS, bootstrap: 400, seed: 1 },
        inProcessFitBackend(),
      );
      entries.push({
        name,
        frontier: seriesFrontier(name, fit.best.law, fit.bootstrap?.replicas, runs),
      });
      console.log(name, runs.length, 'runs', JSON.stringify(fit.best.law));
    }
    const out = compareRecipes(entries, 'Common Pile', [1e19, 1e20, 1e23]);
    for (const c of out.comparisons) {
      const x = out.frontiers.find((f) => f.name === c.series)!;
      for (const row of c.rows) {
        console.log(
          `${c.series} vs ${c.reference} at ${row.budget.toExponential(0)}: ${formatMultiplier(row.multiplier)} (${formatMultiplierInterval(row.interval)})${row.extrapolated ? ' extrapolated' : ''}; loss gap ${row.lossGap.toFixed(4)}`,
        );
        expect(row.pairs).toBeGreaterThan(300);
        if (row.median !== null && row.interval[0] !== null) {
          expect(row.interval[0]).toBeLessThanOrEqual(row.median);
        }
        if (row.median !== null && row.interval[1] !== null) {
          expect(row.median).toBeLessThanOrEqual(row.interval[1]);
        }
        expect(row.unbounded).toBe(row.multiplier === null);
      }
      expect(c.rows.map((r) => r.extrapolated)).toEqual([false, false, true]);
      console.log(compareVerdict(c, c.rows[1]!, x, out.frontiers[0]!));
    }
  }, 240_000);

  it('gives multipliers from the compute-only law through the isoFLOP minima', async () => {
    const entries: CompareEntry[] = [];
    for (const [name, file] of Object.entries(SETS)) {
      const runs = marin(file);
      // 6ND spreads each Marin budget over more than 5%: group at 15% (docs/METHODS.md).
      const fit = await fitComputeOnly(runs, {
        ...DEFAULT_APPROACH2_OPTIONS,
        tolerance: 0.15,
        bootstrap: 400,
      });
      entries.push({ name, frontier: computeOnlyFrontier(name, fit, runs) });
      console.log(name, 'compute-only', JSON.stringify(fit.law), fit.minima.length, 'minima');
    }
    const out = compareRecipes(entries, 'Common Pile', [1e19, 1e20]);
    for (const c of out.comparisons) {
      for (const row of c.rows) {
        console.log(
          `compute-only: ${c.series} vs ${c.reference} at ${row.budget.toExponential(0)}: ${formatMultiplier(row.multiplier)} (${formatMultiplierInterval(row.interval)})`,
        );
        expect(row.pairs).toBeGreaterThan(300);
        expect(row.extrapolated).toBe(false);
      }
    }
  }, 240_000);
});
