/**
 * The Frontier and Sweep export menus, in Node: the Frontier figure is titled by the scenario
 * its curves are solved with (a capped frontier was once titled "compute-optimal"), and the
 * Sweep exports nothing before a run (it once saved its empty placeholder as a figure).
 */
import { describe, expect, it } from 'vitest';
import { frontierFigureTitle, sweepExportActions } from '../../src/export/view-actions';
import { scenarioFor } from '../../src/law/scenario-policy';

describe('frontierFigureTitle', () => {
  it('follows the scenario of the curves', () => {
    expect(frontierFigureTitle({ kind: 'compute', C: 1e21 }, 'fitted law')).toBe(
      'Compute-optimal frontier: fitted law',
    );
    expect(frontierFigureTitle({ kind: 'data-constrained', C: 1e21, U: 1e12 }, 'fitted law')).toBe(
      'Data-constrained frontier (U = 1e12 unique tokens): fitted law',
    );
    expect(
      frontierFigureTitle({ kind: 'data-constrained', C: 1e21, U: 1e12, q: 2 }, 'law', () => '1T'),
    ).toBe('Data-constrained frontier (U = 1T unique tokens) at data quality q = 2: law');
    expect(frontierFigureTitle({ kind: 'inference-budget', C: 1e21, Dinf: 1e13 }, 'law')).toBe(
      'Inference-aware frontier (D_inf = 1e13 inference tokens): law',
    );
    expect(frontierFigureTitle({ kind: 'fixed-model', C: 1e21, N: 1e9 }, 'law')).toBe(
      'Frontier (fixed-model): law',
    );
  });

  it('is never compute-optimal for the constraints that cap the Frontier view', () => {
    // The view solves its curves with this policy; the title reads the same scenario.
    const capped = scenarioFor({ C: 1e18, U: 2e12, q: 1 });
    expect(frontierFigureTitle(capped, 'active law')).toMatch(/^Data-constrained frontier/);
    expect(frontierFigureTitle(scenarioFor({ C: 1e18, q: 1 }), 'active law')).toMatch(
      /^Compute-optimal frontier/,
    );
  });
});

describe('sweepExportActions before a run', () => {
  it('refuses every export with the reason, and never looks for the placeholder', async () => {
    let looked = 0;
    const root = {
      querySelector: () => {
        looked++;
        return null;
      },
    } as unknown as ParentNode;
    const actions = sweepExportActions(root, () => undefined);
    expect(actions.map((a) => a.id)).toEqual(['svg', 'png', 'csv']);
    for (const a of actions)
      await expect(Promise.resolve().then(a.produce), a.id).rejects.toThrow(/no sweep result yet/);
    expect(looked).toBe(0);
  });
});
