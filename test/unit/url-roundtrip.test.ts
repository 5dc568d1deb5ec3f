/**
 * Property tests of the URL codec: every valid state survives state -> URL -> state exactly
 * (deep equality, -0 and subnormals included); user data survives through the fragment when it
 * is included and becomes a "missing" reference with the same name and hash when it is not.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { missingRef } from '../../src/scenario/dataset';
import { DEFAULT_STATE } from '../../src/scenario/state';
import { decode, encode } from '../../src/scenario/url-codec';
import { validateState } from '../../src/scenario/validate-state';
import { parts, shareableStateArb, stateArb, userDataArb } from './url-arbitraries';

describe('state -> URL -> state', () => {
  test('the arbitraries only make valid states', () => {
    fc.assert(
      fc.property(shareableStateArb, (s) => {
        expect(validateState(s)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  test('every valid state with built-in or named data round-trips exactly', () => {
    fc.assert(
      fc.property(shareableStateArb, fc.boolean(), (s, includeData) => {
        const link = encode(s, { includeData });
        expect(link.startsWith('?v=1')).toBe(true);
        expect(link).not.toContain('#');
        const decoded = decode(...parts(link));
        expect(decoded.ignored).toEqual([]);
        expect(decoded.state).toStrictEqual(s);
      }),
      { numRuns: 400 },
    );
  });

  test('user data travels in the fragment when included, exactly', () => {
    fc.assert(
      fc.property(stateArb(userDataArb), (s) => {
        const link = encode(s, { includeData: true });
        expect(link).toMatch(/#data=[A-Za-z0-9_-]+$/);
        const decoded = decode(...parts(link));
        expect(decoded.ignored).toEqual([]);
        expect(decoded.notices).toEqual([]);
        expect(decoded.state).toStrictEqual(s);
      }),
      { numRuns: 60 },
    );
  });

  test('without the data, the link keeps the name, the hash, the exclusions and the exact law', () => {
    fc.assert(
      fc.property(stateArb(userDataArb), (s) => {
        if (s.dataset.source !== 'user') throw new Error('expected user data');
        const decoded = decode(...parts(encode(s, { includeData: false })));
        expect(decoded.ignored).toEqual([]);
        expect(decoded.state).toStrictEqual({
          ...s,
          dataset: missingRef(s.dataset.name, s.dataset.hash),
        });
        expect(decoded.notices.some((n) => n.startsWith('Data not included'))).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  test('the colour map travels as cmap, is left out when viridis, and old links open on viridis', () => {
    const cividis = { ...DEFAULT_STATE, colourMap: 'cividis' as const };
    expect(encode(cividis)).toBe('?v=1&cmap=cividis');
    expect(decode('?v=1&cmap=cividis', '').state).toStrictEqual(cividis);
    expect(encode({ ...DEFAULT_STATE, colourMap: 'viridis' })).toBe('?v=1');
    const old = decode('?v=1&view=sweep&colour=linear', '');
    expect(old.ignored).toEqual([]);
    expect(old.state.colourMap).toBe('viridis');
    const bad = decode('?v=1&cmap=turbo&colour=linear', '');
    expect(bad.ignored).toEqual([
      {
        field: 'cmap',
        reason: 'must be one of viridis, cividis, magma, inferno, plasma; got "turbo"',
      },
    ]);
    expect(bad.state.colourMap).toBe('viridis');
    expect(bad.state.colourMode).toBe('linear');
  });

  test('a link for the defaults is just the version', () => {
    expect(encode(DEFAULT_STATE)).toBe('?v=1');
    expect(decode('?v=1', '').state).toStrictEqual(DEFAULT_STATE);
    expect(decode('', '').state).toStrictEqual(DEFAULT_STATE);
  });
});
