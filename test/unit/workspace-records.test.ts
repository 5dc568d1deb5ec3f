// Pure parts of the workspace: ids, sizes, envelope checks and notice texts.
import { describe, expect, it } from 'vitest';
import { formatBytes, quotaMessage } from '../../src/workspace/format';
import {
  fitId,
  jsonBytes,
  kindOfId,
  metaProblem,
  payloadProblem,
} from '../../src/workspace/records';

const meta = {
  id: 'fit:a',
  name: 'x',
  kind: 'fit',
  bytes: 10,
  created: 1,
  updated: 2,
  stateVersion: 3,
};

describe('workspace records', () => {
  it('fit ids keep the four parts apart, even when a part holds the separator', () => {
    const a = fitId({ datasetHash: 'h', series: 'a/b', method: 'm', optionsHash: 'o' });
    const b = fitId({ datasetHash: 'h', series: 'a', method: 'b/m', optionsHash: 'o' });
    expect(a).not.toBe(b);
    expect(kindOfId(a)).toBe('fit');
    expect(kindOfId('nothing')).toBeUndefined();
  });

  it('counts typed arrays by their bytes and text by UTF-8', () => {
    expect(jsonBytes({ r: new Float64Array(10) })).toBe(80 + '{"r":null}'.length);
    expect(jsonBytes('é')).toBe(4); // quotes + 2 bytes
  });

  it('names the bad field of a listing row', () => {
    expect(metaProblem(meta)).toBeUndefined();
    expect(metaProblem({ ...meta, bytes: 'big' })).toMatch(/“bytes”/);
    expect(metaProblem({ ...meta, kind: 'plot' })).toMatch(/“kind” is "plot"/);
    expect(metaProblem({ ...meta, stateVersion: 1.5 })).toMatch(/stateVersion/);
    expect(metaProblem(null)).toMatch(/not an object/);
  });

  it('checks the fixed fields of payloads, not the opaque ones', () => {
    const fit = {
      id: 'fit:a',
      datasetHash: 'h',
      series: '',
      method: 'm',
      optionsHash: 'o',
      result: 7,
    };
    expect(
      payloadProblem('fit', 'fit:a', { ...fit, replicas: new Float64Array(10) }),
    ).toBeUndefined();
    expect(payloadProblem('fit', 'fit:a', { ...fit, replicas: new Float64Array(7) })).toMatch(
      /7 numbers, not a multiple of 5/,
    );
    expect(payloadProblem('fit', 'fit:a', { ...fit, replicas: [1, 2, 3, 4, 5] })).toMatch(
      /Float64Array/,
    );
    expect(payloadProblem('fit', 'fit:b', { ...fit, replicas: new Float64Array(5) })).toMatch(/id/);
    expect(payloadProblem('scenario', 's', { id: 's' })).toMatch(/snapshot/);
    expect(payloadProblem('dataset', 'd', { id: 'd', csv: 'text', hash: 'h' })).toMatch(/Blob/);
  });

  it('writes sizes and the quota notice for people', () => {
    expect(formatBytes(812)).toBe('812 B');
    expect(formatBytes(3_400)).toBe('3.4 kB');
    expect(formatBytes(12_000_000)).toBe('12.0 MB');
    expect(quotaMessage('runs.csv', 3_200_000, { usage: 49_000_000, quota: 50_000_000 })).toBe(
      'Could not save “runs.csv” (3.2 MB): the browser’s storage is full (1.0 MB free of 50.0 MB).',
    );
    expect(quotaMessage('a', 1, undefined)).toMatch(/does not say how much is free/);
  });
});
