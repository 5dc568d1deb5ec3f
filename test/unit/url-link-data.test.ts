/**
 * A link's data read before decoding (off the UI thread, in the app): `fragmentPayload` finds
 * the payload `decode` would read, `decode` uses a read it is given for that payload instead of
 * reading again (and the same notices follow from it), and a decoded link hands on the runs it
 * parsed, so they are not parsed again.
 */
import { describe, expect, test } from 'vitest';
import { parseRuns } from '../../src/data/runs';
import { decode, fragmentPayload } from '../../src/scenario/url-codec';
import { MAX_DATA_CHARS, packData } from '../../src/scenario/url-data';

const csv =
  'params,tokens,loss\n1e8,2e9,3.1\n2e8,4e9,2.9\n4e8,8e9,2.7\n8e8,1.6e10,2.6\n1.6e9,3.2e10,2.5';
const other =
  'params,tokens,loss\n1e8,2e9,3.0\n2e8,4e9,2.8\n4e8,8e9,2.7\n8e8,1.6e10,2.5\n1.6e9,3.2e10,2.4';
const userLink = '?v=1&view=fit&data=user&dname=runs.csv';

describe('fragmentPayload', () => {
  test('is the first data field of the fragment, as decode reads it', () => {
    expect(fragmentPayload('#data=abc')).toBe('abc');
    expect(fragmentPayload('data=abc')).toBe('abc');
    expect(fragmentPayload('#x=1&data=abc&data=def')).toBe('abc');
    expect(fragmentPayload('#x=1')).toBeUndefined();
    expect(fragmentPayload('')).toBeUndefined();
    expect(fragmentPayload(`#data=${'A'.repeat(MAX_DATA_CHARS + 10)}`)).toBeUndefined();
  });
});

describe('decode with the data already read', () => {
  test('uses the read for its payload: same dataset, and the very runs it was given', () => {
    const payload = packData(csv);
    const imported = parseRuns(csv);
    const given = decode(userLink, `#data=${payload}`, {
      linkData: { payload, read: { csv, imported } },
    });
    const plain = decode(userLink, `#data=${payload}`);
    expect(given.state).toEqual(plain.state);
    expect(given.notices).toEqual(plain.notices);
    expect(given.imported).toBe(imported);
    expect(plain.imported).toEqual(imported);
  });

  test('the read is what counts: another text under the payload is the data', () => {
    const payload = 'not-read-again';
    const imported = parseRuns(other);
    const d = decode(`${userLink}&dhash=0123456789abcdef`, `#data=${payload}`, {
      linkData: { payload, read: { csv: other, imported } },
    });
    expect(d.state.dataset).toMatchObject({ source: 'user', csv: other });
    expect(d.notices).toEqual([
      expect.stringMatching(/hashes to [0-9a-f]{16}, not 0123456789abcdef/),
    ]);
    const unread = decode(userLink, `#data=${payload}`);
    expect(unread.notices[0]).toMatch(/could not be read: it is not zlib-compressed data/);
  });

  test('a read for another payload is ignored, and a refusal read becomes the notice', () => {
    const payload = packData(csv);
    const elsewhere = decode(userLink, `#data=${payload}`, {
      linkData: { payload: 'something-else', read: { csv: other, imported: parseRuns(other) } },
    });
    expect(elsewhere.state.dataset).toMatchObject({ source: 'user', csv });
    const refused = decode(`${userLink}&dhash=0123456789abcdef`, `#data=${payload}`, {
      linkData: { payload, read: { problem: 'it decompresses to more than 20 MB' } },
    });
    expect(refused.notices).toEqual([
      'The data in this link could not be read: it decompresses to more than 20 MB. The app opened without it.',
    ]);
    expect(refused.state.dataset).toMatchObject({ source: 'missing', hash: '0123456789abcdef' });
    expect(refused.imported).toBeUndefined();
  });

  test('no runs are handed on without user data from the fragment', () => {
    expect(decode('?v=1&view=fit', '').imported).toBeUndefined();
    const unusable = packData('params,tokens,loss\n1,2,x');
    const d = decode(userLink, `#data=${unusable}`);
    expect(d.notices[0]).toMatch(/cannot be used/);
    expect(d.imported).toBeUndefined();
  });
});
