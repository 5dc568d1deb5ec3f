/**
 * The column mapping where the app reads a user's file: the dataset cache reads a file through
 * the state's mapping (and reads it again when the mapping changes), a link with a mapping and
 * its data reopens the mapped runs with the same hash, a link whose mapping names a column the
 * file lacks hands the data to the mapping step with a notice, and exports head losses with the
 * mapped loss column's name.
 */
import { describe, expect, test } from 'vitest';
import type { ColumnMapping } from '../../src/data/mapping';
import { parseRuns } from '../../src/data/runs';
import { CpuEngine } from '../../src/engine/cpu-engine';
import { createInlineExecutor } from '../../src/engine/worker-pool';
import { lossUnitOf, NATS_PER_TOKEN, runsCsv } from '../../src/export/fit';
import { DEFAULT_FIT_OPTIONS } from '../../src/fit/types';
import { builtinRef, userRef } from '../../src/scenario/dataset';
import { DEFAULT_STATE, withChanges, withDataset } from '../../src/scenario/state';
import { decode, encode } from '../../src/scenario/url-codec';
import { DatasetCache } from '../../src/ui/dataset-cache';

const HEADER = 'run_id,step,eval/paloma/c4_en/bpb,params_non_embedding,tokens_seen,recipe';

/** Two recipes of nine runs, two checkpoints each; losses from a known law. */
function exportCsv(): string {
  const lines = [HEADER];
  for (const recipe of ['base', 'wide']) {
    let id = 0;
    for (const N of [3e7, 1e8, 3e8]) {
      for (const D of [6e8, 2e9, 6e9]) {
        const run = `${recipe}-${id++}`;
        const L = (d: number) => 1.8 + 400 / N ** 0.34 + 1800 / d ** 0.28;
        lines.push(`${run},1000,${L(D / 2)},${N / 1e6},${D / 2},${recipe}`);
        lines.push(`${run},2000,${L(D)},${N / 1e6},${D},${recipe}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

const MAPPING: ColumnMapping = {
  fields: {
    N: 'params_non_embedding',
    D: 'tokens_seen',
    loss: 'eval/paloma/c4_en/bpb',
    group: 'run_id',
    series: 'recipe',
    step: 'step',
  },
  scale: { N: 1e6 },
  perRun: 'last-step',
};

function mappedState() {
  const csv = exportCsv();
  const imported = parseRuns(csv, { mapping: MAPPING });
  const made = userRef('export.csv', csv, imported);
  if (!('ref' in made)) throw new Error(made.refused);
  const state = withChanges(withDataset(DEFAULT_STATE, made.ref), { columnMapping: MAPPING });
  return { csv, imported, ref: made.ref, state };
}

describe('the column mapping where a user file is read', () => {
  test('the file is refused by name but offers the mapping step; the mapping reads it', () => {
    const plain = parseRuns(exportCsv());
    expect(plain.errors.length).toBeGreaterThan(0);
    expect(plain.needsMapping).toBe(true);
    const { imported } = mappedState();
    expect(imported.errors).toEqual([]);
    expect(imported.runs).toHaveLength(18);
    expect(imported.runs[0]!.N).toBe(3e7);
    expect(imported.runs[0]!.D).toBe(6e8);
  });

  test('the dataset cache reads a user file through the mapping, and again when it changes', () => {
    const { ref, imported } = mappedState();
    const cache = new DatasetCache();
    const mapped = cache.imported(ref, MAPPING);
    expect(mapped.runs).toEqual(imported.runs);
    expect(cache.imported(ref, MAPPING)).toBe(mapped);
    const every = cache.imported(ref, { ...MAPPING, perRun: 'all' });
    expect(every.runs).toHaveLength(36);
    expect(cache.usable(ref, [], MAPPING).runs).toHaveLength(18);
    // The built-in data is never read through a mapping.
    expect(cache.imported(builtinRef(1), MAPPING).errors).toEqual([]);
  });

  test('a link with the mapping and its data reopens the mapped runs, hash checked', () => {
    const { state, ref, imported } = mappedState();
    const link = encode(state, { includeData: true });
    expect(link).toMatch(/[?&]map=/);
    const [search, hash] = [link.slice(0, link.indexOf('#')), link.slice(link.indexOf('#'))];
    const decoded = decode(search, hash);
    expect(decoded.notices).toEqual([]);
    expect(decoded.mappingStep).toBeUndefined();
    expect(decoded.state.columnMapping).toEqual(MAPPING);
    expect(decoded.state.dataset.hash).toBe(ref.hash);
    expect(decoded.imported?.runs).toEqual(imported.runs);
  });

  test('a link whose mapping names a missing column opens the mapping step with a notice', () => {
    const { state, csv } = mappedState();
    const wrong = withChanges(state, {
      columnMapping: { ...MAPPING, fields: { ...MAPPING.fields, N: 'params_total' } },
    });
    const link = encode(wrong, { includeData: true });
    const [search, hash] = [link.slice(0, link.indexOf('#')), link.slice(link.indexOf('#'))];
    const decoded = decode(search, hash);
    expect(decoded.mappingStep?.csv).toBe(csv);
    expect(decoded.mappingStep?.imported.needsMapping).toBe(true);
    expect(decoded.mappingStep?.imported.headers).toContain('params_non_embedding');
    expect(decoded.notices.join(' ')).toMatch(
      /column mapping does not fit its data.*"params_total".*params_non_embedding/,
    );
    expect(decoded.state.dataset.source).toBe('missing');
  });

  test('exports head losses with the mapped loss column, and nats/token for the built-in data', async () => {
    expect(lossUnitOf('builtin', 'loss')).toBe(NATS_PER_TOKEN);
    expect(lossUnitOf('user', 'eval/paloma/c4_en/bpb')).toBe('eval/paloma/c4_en/bpb');
    expect(lossUnitOf('user', 'loss')).toBe('as in the file');
    const { imported } = mappedState();
    const engine = new CpuEngine(createInlineExecutor());
    const fit = await engine
      .fit(imported.runs, { ...DEFAULT_FIT_OPTIONS, bootstrap: 0 })
      .finally(() => engine.dispose());
    const head = runsCsv(fit, imported.runs, new Set(), 'eval/paloma/c4_en/bpb').split('\r\n')[0];
    expect(head).toContain('loss (eval/paloma/c4_en/bpb)');
    expect(head).toContain('predicted loss (eval/paloma/c4_en/bpb)');
    expect(head).not.toContain('nats/token');
  });
});
