/**
 * A cluster bootstrap over too few groups: the warning names the cause (too few groups, how
 * many, the minimum) and the remedy (turn group resampling off), and no longer blames
 * identifiability; with enough groups, or with group resampling off, it does not appear.
 */
import { describe, expect, it } from 'vitest';
import { CpuEngine } from '../../src/engine/cpu-engine';
import { createInlineExecutor } from '../../src/engine/worker-pool';
import {
  bootstrapGroupCount,
  clusterBootstrapWarning,
  MIN_BOOTSTRAP_GROUPS,
} from '../../src/fit/cluster-bootstrap';
import { DEFAULT_FIT_OPTIONS, type FitOptions, type FitRun } from '../../src/fit/types';
import { loss } from '../../src/law/law';

const LAW = { E: 1.8, A: 400, B: 1800, alpha: 0.34, beta: 0.28 };

/** A 5 x 5 grid of runs on LAW, split into `groups` groups by N (like two recipes). */
function gridRuns(groups: number): FitRun[] {
  const runs: FitRun[] = [];
  let i = 0;
  for (const N of [2e7, 6e7, 2e8, 6e8, 2e9]) {
    for (const D of [4e8, 1.2e9, 4e9, 1.2e10, 4e10]) {
      runs.push({ N, D, loss: loss(LAW, N, D), group: `g${i++ % groups}` });
    }
  }
  return runs;
}

const OPTIONS: FitOptions = {
  ...DEFAULT_FIT_OPTIONS,
  starts: { kind: 'random', count: 16 },
  bootstrap: 64,
};

describe('cluster bootstrap over too few groups', () => {
  it('counts groups, each ungrouped run a group of its own', () => {
    expect(bootstrapGroupCount(gridRuns(2))).toBe(2);
    const mixed: FitRun[] = [...gridRuns(3), { N: 1e9, D: 1e10, loss: 2 }];
    expect(bootstrapGroupCount(mixed)).toBe(4);
  });

  it('warns with the count, the minimum and the remedy, only when it resamples few groups', () => {
    const few = clusterBootstrapWarning(gridRuns(2), true, { requested: 400, excluded: 98 });
    expect(few).toContain('only 2 groups');
    expect(few).toContain(`at least ${MIN_BOOTSTRAP_GROUPS} groups`);
    expect(few).toContain('98 of 400 replicas, 24.5%, did not converge');
    expect(few).toContain('turn off group resampling');
    expect(clusterBootstrapWarning(gridRuns(2), false)).toBeNull();
    expect(clusterBootstrapWarning(gridRuns(MIN_BOOTSTRAP_GROUPS), true)).toBeNull();
    expect(clusterBootstrapWarning(gridRuns(MIN_BOOTSTRAP_GROUPS - 1), true)).toContain(
      `only ${MIN_BOOTSTRAP_GROUPS - 1} groups`,
    );
    const ungrouped = gridRuns(2).map(({ group: _, ...r }) => r);
    expect(clusterBootstrapWarning(ungrouped, true)).toBeNull();
  });

  it('a fit over 2 groups says so instead of blaming identifiability', async () => {
    const engine = new CpuEngine(createInlineExecutor());
    try {
      const few = await engine.fit(gridRuns(2), OPTIONS);
      expect(few.warnings.some((w) => w.includes('only 2 groups'))).toBe(true);
      expect(few.warnings.some((w) => w.includes('identifiable'))).toBe(false);
      // The same runs resampled by row: no group warning.
      const rows = await engine.fit(gridRuns(2), { ...OPTIONS, resampleGroups: false });
      expect(rows.warnings.some((w) => w.includes('groups'))).toBe(false);
      // The point fit does not depend on the resampling.
      expect(rows.best.theta).toEqual(few.best.theta);
    } finally {
      engine.dispose();
    }
  });
});
