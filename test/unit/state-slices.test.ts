/**
 * The app state's slices and checks: the updaters of the frontier, planner and sweep slices,
 * dataset references (missing data, names), validateState's messages for specific bad states,
 * and how the Sweep view's typed texts split into what is shown and what the state may keep.
 */
import { describe, expect, test } from 'vitest';
import { builtinDataset } from '../../src/data/builtin';
import { parseRuns } from '../../src/data/runs';
import { findAccelerator } from '../../src/law/hardware';
import {
  cleanDatasetName,
  datasetNameIssue,
  importDataset,
  missingRef,
  usableFrom,
  userRef,
} from '../../src/scenario/dataset';
import { DEFAULT_FRONTIER, withOverlay } from '../../src/scenario/frontier-state';
import {
  DEFAULT_PLANNER,
  plannerConstraints,
  plannerFieldIssue,
  plannerInputs,
  withAccelerator,
} from '../../src/scenario/planner-state';
import {
  DEFAULT_STATE,
  withDataset,
  withFrontier,
  withPlanner,
  withRowExcluded,
  withSweep,
} from '../../src/scenario/state';
import { DEFAULT_SWEEP, withAxisField } from '../../src/scenario/sweep-state';
import { validateState } from '../../src/scenario/validate-state';
import { applySweepTexts } from '../../src/ui/charts/sweep-setup';

describe('slices and updaters', () => {
  test('the default state is valid and versioned slices start at their defaults', () => {
    expect(validateState(DEFAULT_STATE)).toEqual([]);
    expect(DEFAULT_STATE.frontier).toBe(DEFAULT_FRONTIER);
    expect(DEFAULT_STATE.planner).toBe(DEFAULT_PLANNER);
    expect(DEFAULT_STATE.sweep).toBe(DEFAULT_SWEEP);
  });

  test('overlays stay in preset order, once each', () => {
    let f = withOverlay(DEFAULT_FRONTIER, 'muennighoff2023', true);
    f = withOverlay(f, 'hoffmann2022', true);
    f = withOverlay(f, 'hoffmann2022', true);
    expect(f.overlays).toEqual(['hoffmann2022', 'muennighoff2023']);
    expect(withOverlay(f, 'hoffmann2022', false).overlays).toEqual(['muennighoff2023']);
    expect(validateState(withFrontier(DEFAULT_STATE, f))).toEqual([]);
    expect(
      validateState(
        withFrontier(DEFAULT_STATE, { ...f, overlays: ['muennighoff2023', 'hoffmann2022'] }),
      ),
    ).toEqual(['frontier: overlays must be distinct preset ids in preset order']);
  });

  test('an accelerator brings its peak; the planner feeds the solvers and the frontier', () => {
    const p = withAccelerator(DEFAULT_PLANNER, 'a100-sxm');
    expect(p.peak).toBe(findAccelerator('a100-sxm')!.peakFlops);
    expect(withAccelerator(p, 'nope')).toBe(p);
    const withU = { ...p, U: 2e12, q: 0.8, Dinf: 0 };
    expect(plannerConstraints(withU)).toEqual({ U: 2e12, q: 0.8 });
    expect(plannerConstraints(DEFAULT_PLANNER)).toEqual({ q: 1 });
    expect(plannerInputs(withU)).toMatchObject({
      U: 2e12,
      Dinf: 0,
      hardware: { peakFlops: p.peak },
    });
    expect('targetLoss' in plannerInputs(withU)).toBe(false);
  });

  test('planner fields are checked in the solvers words', () => {
    expect(plannerFieldIssue('mfu', 1.5)).toBe('MFU must be in (0, 1], got 1.5');
    expect(plannerFieldIssue('flops', 0)).toBe('budget C must be positive, got 0');
    expect(plannerFieldIssue('Dinf', 0)).toBeNull();
    expect(plannerFieldIssue('U', null)).toBeNull();
    expect(plannerFieldIssue('q', null)).toBe('data quality q must be a number');
    expect(plannerFieldIssue('count', 1e101)).toMatch(/at most 1e100/);
    expect(
      validateState(withPlanner(DEFAULT_STATE, { ...DEFAULT_PLANNER, accelerator: 'x' })),
    ).toEqual(["planner: unknown accelerator 'x'"]);
  });

  test('a new axis field takes its default range', () => {
    const s = withAxisField(DEFAULT_SWEEP, 'y', 'mfu');
    expect(s.y).toEqual({ field: 'mfu', count: 256, min: 0.1, max: 0.7, spacing: 'linear' });
    expect(validateState(withSweep(DEFAULT_STATE, s))).toEqual([]);
    const bad = withSweep(DEFAULT_STATE, { ...s, x: { ...s.x, count: 2000 } });
    expect(validateState(bad)).toEqual(['sweep: x axis resolution must be at most 1024, got 2000']);
  });
});

describe('datasets', () => {
  const csv = builtinDataset(2).csv;
  const made = userRef('runs.csv', csv, parseRuns(csv));
  if (!('ref' in made)) throw new Error('the built-in CSV was refused');
  const ref = made.ref;

  test('loading the very data a link named keeps its exclusions; other data clears them', () => {
    const linked = {
      ...DEFAULT_STATE,
      dataset: missingRef('runs.csv', ref.hash),
      excludedRows: [3, 5],
    };
    expect(withDataset(linked, ref).excludedRows).toEqual([3, 5]);
    const other = { ...linked, dataset: missingRef('runs.csv', '0000000000000000') };
    expect(withDataset(other, ref).excludedRows).toEqual([]);
    expect(withRowExcluded(withDataset(linked, ref), 4, true).excludedRows).toEqual([3, 4, 5]);
  });

  test('missing data has no runs and says why a fit cannot start', () => {
    const missing = missingRef('runs.csv', ref.hash);
    const imported = importDataset(missing);
    expect(imported.runs).toEqual([]);
    expect(imported.notes[0]).toMatch(/^Data not included: the link refers to "runs.csv"/);
    expect(usableFrom(missing, imported, []).blocker).toMatch(/load the same CSV/);
  });

  test('names with hidden or reordering characters are refused, and cleaned on load', () => {
    expect(datasetNameIssue('runs.csv')).toBeNull();
    expect(datasetNameIssue('\u202evsc.exe')).toMatch(/bidirectional/);
    expect(datasetNameIssue('a\u200bb')).toMatch(/zero-width/);
    expect(datasetNameIssue('a\ud800b')).not.toBeNull();
    expect(datasetNameIssue('x'.repeat(201))).toMatch(/longer than 200/);
    expect(cleanDatasetName(' \u202evsc\u0000.exe ')).toBe('vsc.exe');
    expect(cleanDatasetName('\u200b')).toBe('data');
    expect(cleanDatasetName('y'.repeat(300))).toHaveLength(200);
  });
});

describe('Sweep view texts', () => {
  test('an unusable part stays shown while the state keeps its last good value', () => {
    const { shown, usable } = applySweepTexts(DEFAULT_SWEEP, {
      'x.min': '1e27',
      'y.count': '64',
      'base.mfu': '2',
      price: '3',
    });
    expect(shown.x.min).toBe(1e27);
    expect(usable.x).toBe(DEFAULT_SWEEP.x);
    expect(usable.y.count).toBe(64);
    expect(shown.base.mfu).toBe(2);
    expect(usable.base.mfu).toBe(DEFAULT_SWEEP.base.mfu);
    expect(usable.price).toBe(3);
    expect(validateState(withSweep(DEFAULT_STATE, usable))).toEqual([]);
  });
});
