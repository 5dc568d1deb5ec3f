// What the app keeps in the workspace: fit keys, a fit job packed and read back bit for bit,
// damaged fit records named with a reason, scenario snapshots, mappings and the migration rule.
import { describe, expect, it } from 'vitest';
import { APPROACH3 } from '../../src/fit/methods/approach3';
import type { SeriesFit } from '../../src/fit/series-fit';
import { DEFAULT_FIT_OPTIONS, type FitResult } from '../../src/fit/types';
import { DEFAULT_STATE, withChanges } from '../../src/scenario/state';
import { decode } from '../../src/scenario/url-codec';
import {
  canonicalJson,
  fitInputsOf,
  fitKeyOf,
  migrateEntry,
  packFit,
  readMapping,
  readSnapshot,
  type StoredFit,
  scenarioSnapshot,
  unpackFit,
} from '../../src/workspace/app-records';
import { fitId } from '../../src/workspace/records';

const summary = { median: 1, se: 0.1, ci95: [0.8, 1.2] as const };

/** A fit result with `k` replica rows whose numbers are awkward (NaN rows, negative zero, tiny). */
function result(k: number, seed: number): FitResult {
  const replicas = Float64Array.from({ length: k * 5 }, (_, i) =>
    i % 17 === 0 ? Number.NaN : i % 13 === 0 ? -0 : (seed + i) / 7 + 1e-300,
  );
  return {
    engine: 'cpu',
    rows: 135,
    best: {
      theta: { a: 6, b: 6, e: 0.5, alpha: 0.34, beta: 0.28 },
      objective: 0.01,
      iterations: 40,
      evaluations: 60,
      converged: true,
      law: { E: 1.69 + seed, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 },
    },
    starts: { total: 24, converged: 24, minima: { best: 0.01, median: 0.02, worst: 0.3 } },
    bootstrap: {
      requested: k,
      converged: k,
      excluded: 0,
      params: {
        E: summary,
        A: summary,
        B: summary,
        alpha: summary,
        beta: summary,
        a: summary,
        b: summary,
      },
      correlation: Array.from({ length: 25 }, (_, i) => (i % 6 === 0 ? 1 : 0.1)),
      replicas,
    },
    warnings: [],
    options: DEFAULT_FIT_OPTIONS,
    seconds: 3,
  };
}

function stored(fits: SeriesFit<unknown>[]): StoredFit {
  return {
    inputs: fitInputsOf(DEFAULT_STATE),
    datasetName: 'Synthetic isoFLOP sweep',
    chosenSeries: 'b',
    fits,
  };
}

describe('the app’s workspace records', () => {
  it('a fit key holds data, exclusions, series, method and options, whatever their key order', () => {
    const a = fitKeyOf(fitInputsOf(DEFAULT_STATE));
    const reordered = Object.fromEntries(Object.entries(DEFAULT_FIT_OPTIONS).reverse());
    const b = fitKeyOf({ ...fitInputsOf(DEFAULT_STATE), options: reordered as never });
    expect(fitId(a)).toBe(fitId(b));
    expect(a.datasetHash).toBe(DEFAULT_STATE.dataset.hash);
    const changed = [
      withChanges(DEFAULT_STATE, { fitOptions: { ...DEFAULT_FIT_OPTIONS, seed: 2 } }),
      withChanges(DEFAULT_STATE, { fitOptions: { ...DEFAULT_FIT_OPTIONS, bootstrap: 10 } }),
      withChanges(DEFAULT_STATE, { excludedRows: [3] }),
      withChanges(DEFAULT_STATE, { seriesSelection: ['x'] }),
      withChanges(DEFAULT_STATE, { fitMethod: 'other' }),
    ].map((s) => fitId(fitKeyOf(fitInputsOf(s))));
    expect(new Set([fitId(a), ...changed]).size).toBe(6);
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3] } })).toBe('{"a":{"c":[3],"d":2},"b":1}');
  });

  it('packs a fit job with its replica tables in one array and reads it back bit for bit', () => {
    const fits: SeriesFit<unknown>[] = [
      { series: 'a', runs: 50, result: result(4000, 1) },
      { series: 'x', runs: 2, problem: 'too few runs' },
      { series: 'b', runs: 85, result: result(3, 2) },
    ];
    const { result: record, replicas } = packFit(stored(fits));
    expect(replicas).toBeInstanceOf(Float64Array);
    expect(replicas.length).toBe((4000 + 3) * 5);
    // The record itself holds no replica table: it is stored once, in `replicas`.
    expect(JSON.stringify(record)).not.toContain('"replicas"');
    const back = unpackFit(structuredClone(record), structuredClone(replicas), [APPROACH3]);
    if (typeof back === 'string') throw new Error(back);
    expect(back.chosenSeries).toBe('b');
    expect(back.datasetName).toBe('Synthetic isoFLOP sweep');
    expect(back.inputs).toEqual(fitInputsOf(DEFAULT_STATE));
    expect(back.fits[1]).toEqual(fits[1]);
    for (const i of [0, 2]) {
      const want = (fits[i] as { result: FitResult }).result;
      const got = (back.fits[i] as { result: FitResult }).result;
      const bits = (a: Float64Array) => [...new BigUint64Array(a.buffer, a.byteOffset, a.length)];
      expect(bits(got.bootstrap!.replicas)).toEqual(bits(want.bootstrap!.replicas));
      expect({ ...got, bootstrap: { ...got.bootstrap, replicas: null } }).toEqual({
        ...want,
        bootstrap: { ...want.bootstrap, replicas: null },
      });
    }
  });

  it('names a damaged or foreign fit record with the reason, never throws', () => {
    const { result: record, replicas } = packFit(
      stored([{ series: null, runs: 135, result: result(10, 1) }]),
    );
    const r = record as Record<string, unknown>;
    const fit0 = (r.fits as Record<string, unknown>[])[0]!;
    const withFit = (f: unknown) => ({ ...r, fits: [f] });
    const cases: [unknown, Float64Array, RegExp][] = [
      [null, replicas, /not an object/],
      [{ ...r, format: 99 }, replicas, /format 99/],
      [
        { ...r, inputs: { ...(r.inputs as object), method: 'approach9' } },
        replicas,
        /approach9.*not known/,
      ],
      [
        { ...r, inputs: { ...(r.inputs as object), excludedRows: ['x'] } },
        replicas,
        /excluded rows/,
      ],
      [{ ...r, fits: [] }, replicas, /holds no series/],
      [record, new Float64Array(5), /replica slice lies outside/],
      [withFit({ ...fit0, result: { nothing: true } }), replicas, /cannot be read by Approach 3/],
      [
        withFit({ ...fit0, result: { ...(fit0.result as object), best: { law: { E: 'x' } } } }),
        replicas,
        /law is unusable: its law's E is not a number/,
      ],
      [withFit({ series: 3, runs: 1, problem: 'p' }), replicas, /series name is not text/],
      [withFit({ series: 'a', runs: 2, problem: 'too few' }), replicas, /no fitted series/],
    ];
    for (const [value, table, reason] of cases)
      expect(unpackFit(value, table, [APPROACH3])).toMatch(reason);
  });

  it('a scenario is its link, which reads back to the same state', () => {
    const state = withChanges(DEFAULT_STATE, {
      view: 'frontier',
      fitOptions: { ...DEFAULT_FIT_OPTIONS, seed: 7 },
    });
    const snap = scenarioSnapshot(state);
    expect(readSnapshot(structuredClone(snap))).toEqual(snap);
    expect(decode(snap.link, '').state).toEqual(state);
    expect(readSnapshot({ link: 'view=fit', datasetName: 'a', datasetHash: 'b' })).toMatch(
      /no link/,
    );
    expect(readSnapshot({ link: '?v=1' })).toMatch(/does not name its dataset/);
  });

  it('reads a stored mapping back, or says why not', () => {
    expect(readMapping(null)).toBeNull();
    const mapping = { fields: { N: 'n_params', D: 'toks', loss: 'loss' }, scale: { N: 1e6 } };
    expect(readMapping(mapping)).toEqual(mapping);
    expect(readMapping({ fields: { Q: 'x' }, scale: {} })).toMatch(/unknown field/);
  });

  it('migrates datasets and scenarios from an older state version, and refuses fits', () => {
    const data = { id: 'dataset:h', csv: 'x', mapping: null, hash: 'h' };
    expect(migrateEntry('dataset', data, 0, 1)).toBe(data);
    expect(migrateEntry('scenario', data, 0, 1)).toBe(data);
    expect(migrateEntry('fit', data, 1, 1)).toBe(data);
    expect(() => migrateEntry('fit', data, 0, 1)).toThrow(
      /state version 0 cannot be read .* fit again/,
    );
  });
});
