/**
 * The CSV worker's side: runs packed into typed arrays and back (equal runs, group ids kept,
 * buffers listed for transfer), the worker API served over a MessageChannel as in a Worker (its
 * results equal the plain functions'), and the async entry points, which parse on the calling
 * thread where there are no workers (Node).
 */
import { expose, wrap } from 'comlink';
import { describe, expect, test } from 'vitest';
import { packedBuffers, packImport, unpackImport } from '../../src/data/packed-runs';
import { type ParseApi, parseApi } from '../../src/data/parse-api';
import { parseRunsAsync, readLinkDataAsync } from '../../src/data/parse-async';
import { parseRuns } from '../../src/data/runs';
import { packData, readLinkData } from '../../src/scenario/url-data';

const plain = 'params,tokens,loss,flops\n1e8,2e9,3.1,\n2e8,4e9,2.9,4.8e18\nbad,1,1,\n4e8,8e9,2.7,';
const grouped = 'run,params,tokens,loss\na,1e8,2e9,3.1\na,1e8,4e9,3.0\n,2e8,4e9,2.9\nb,4e8,8e9,2.7';

describe('packed runs', () => {
  test('an import packed and unpacked is equal, group ids only where there were some', () => {
    for (const csv of [plain, grouped, '', 'not,a\ncsv']) {
      const imported = parseRuns(csv);
      expect(unpackImport(packImport(imported))).toEqual(imported);
    }
    const back = unpackImport(packImport(parseRuns(grouped)));
    expect(back.runs.map((r) => r.group)).toEqual(['a', 'a', undefined, 'b']);
    expect(back.runs.filter((r) => 'group' in r)).toHaveLength(3);
    expect(packImport(parseRuns(plain)).packed.group).toBeUndefined();
  });

  test('the five columns are listed for transfer', () => {
    const packed = packImport(parseRuns(plain));
    const buffers = packedBuffers(packed);
    expect(buffers).toHaveLength(5);
    expect(new Set(buffers).size).toBe(5);
    expect(buffers.every((b) => b.byteLength === 8 * 3)).toBe(true);
  });
});

describe('the worker API over a MessageChannel', () => {
  test('parses files and reads links as the plain functions do; the columns arrive as arrays', async () => {
    const { port1, port2 } = new MessageChannel();
    expose(parseApi, port1);
    const api = wrap<ParseApi>(port2);
    const parsed = await api.parseRuns(grouped);
    expect(parsed.packed.N).toBeInstanceOf(Float64Array);
    expect(unpackImport(parsed)).toEqual(parseRuns(grouped));
    const read = await api.readLinkData(packData(plain));
    expect('imported' in read && { csv: read.csv, imported: unpackImport(read.imported) }).toEqual(
      readLinkData(packData(plain)),
    );
    expect(await api.readLinkData('ab$')).toEqual(readLinkData('ab$'));
    port1.close();
    port2.close();
  });
});

describe('off the UI thread, or on it where there are no workers', () => {
  test('parseRunsAsync and readLinkDataAsync give the plain results in Node', async () => {
    expect(typeof Worker).toBe('undefined');
    expect(await parseRunsAsync(plain)).toEqual(parseRuns(plain));
    expect(await readLinkDataAsync(packData(grouped))).toEqual(readLinkData(packData(grouped)));
  });
});
