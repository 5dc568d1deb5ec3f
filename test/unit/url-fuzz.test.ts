/**
 * The decoder on mangled input: random strings, every truncation of valid links (query and
 * fragment), and byte flips. It must never throw, and whatever it returns must pass
 * validateState; a damaged fragment must come back as a notice, never as silently wrong data.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decode, encode } from '../../src/scenario/url-codec';
import { validateState } from '../../src/scenario/validate-state';
import { parts, shareableStateArb, stateArb, userDataArb } from './url-arbitraries';

/** Decodes and checks the result's shape and validity. */
function decodeChecked(search: string, hash: string) {
  const d = decode(search, hash);
  expect(validateState(d.state)).toEqual([]);
  for (const i of d.ignored) {
    expect(typeof i.field).toBe('string');
    expect(typeof i.reason).toBe('string');
    expect(i.reason.length).toBeGreaterThan(0);
  }
  for (const n of d.notices) expect(typeof n).toBe('string');
  return d;
}

/** A valid link's query with one character replaced. */
function flip(text: string, at: number, c: string): string {
  return text.slice(0, at) + c + text.slice(at + 1);
}

describe('decoding never throws and always yields a valid state', () => {
  test('random strings as query and fragment', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 300, unit: 'binary' }),
      fc.string({ maxLength: 300, unit: 'grapheme' }),
      fc.stringMatching(/^\?([a-zA-Z]{1,6}=[-0-9a-z.,:%eE+]{0,20}&){0,12}$/),
    );
    fc.assert(
      fc.property(text, text, (q, h) => {
        decodeChecked(q, h);
        decodeChecked(`?${q}`, `#${h}`);
      }),
      { numRuns: 1500 },
    );
  });

  test('random values for every known field', () => {
    const names = [
      'v',
      'view',
      'law',
      'E',
      'A',
      'alpha',
      'logN',
      'res',
      'colour',
      'cmap',
      'engine',
      'data',
      'dseed',
      'dname',
      'dhash',
      'ex',
      'starts',
      'K',
      'seed',
      'delta',
      'tie',
      'hold',
      'fK',
      'ov',
      'rb',
      'pmode',
      'C',
      'acc',
      'mfu',
      'price',
      'U',
      'target',
      'cmpN',
      'sx',
      'sy',
      'sC',
      'sMfu',
      'out',
      'reps',
      'sacc',
      'sprice',
      'preset',
      'tab',
      'bootstrap',
    ];
    const value = fc.oneof(
      fc.string({ maxLength: 30, unit: 'binary' }),
      fc.double().map(String),
      fc.integer().map(String),
      fc.constantFrom(
        'NaN',
        'Infinity',
        '-1',
        '0',
        '1e400',
        '-0',
        '',
        '1,2',
        'C,1,0,5,log',
        'random:0',
      ),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...names), value), { maxLength: 20 }),
        (pairs) => {
          const q = pairs.map(([n, v]) => `${n}=${encodeURIComponent(v)}`).join('&');
          const d = decodeChecked(`?${q}`, '');
          // Each parameter is reported at most once.
          expect(d.ignored.length).toBeLessThanOrEqual(pairs.length);
        },
      ),
      { numRuns: 1500 },
    );
  });

  test('every truncation of valid links', () => {
    fc.assert(
      fc.property(shareableStateArb, (s) => {
        const [q] = parts(encode(s));
        for (let n = 0; n <= q.length; n++) decodeChecked(q.slice(0, n), '');
      }),
      { numRuns: 60 },
    );
  });

  test('every truncation of an included-data fragment is refused with a notice', () => {
    fc.assert(
      fc.property(stateArb(userDataArb), (s) => {
        const [q, h] = parts(encode(s, { includeData: true }));
        const full = decodeChecked(q, h);
        expect(full.state.dataset.source).toBe('user');
        for (let n = 6; n < h.length; n++) {
          const d = decodeChecked(q, h.slice(0, n));
          expect(d.state.dataset.source).toBe('missing');
          expect(
            d.notices.some((m) => m.startsWith('The data in this link could not be read')),
          ).toBe(true);
        }
      }),
      { numRuns: 8 },
    );
  });

  test('byte flips in queries and fragments', () => {
    const chars = fc.constantFrom(
      '%',
      '&',
      '=',
      '#',
      ',',
      '-',
      '0',
      'x',
      'Z',
      '_',
      '\u202e',
      '\u0000',
      'é',
    );
    fc.assert(
      fc.property(stateArb(fc.oneof(userDataArb)), fc.nat(), fc.nat(), chars, (s, i, j, c) => {
        const [q, h] = parts(encode(s, { includeData: true }));
        decodeChecked(flip(q, i % q.length, c), h);
        const d = decodeChecked(q, flip(h, 6 + (j % (h.length - 6)), c));
        // A flipped fragment still decodes to exactly the same data, or is refused, or (when the
        // flip slips past zlib's Adler-32, which misses some changes that cancel in its two sums)
        // decodes to other data that the notice says does not hash to the link's dhash.
        if (d.state.dataset.source !== 'user')
          expect(d.notices.some((m) => /could not be read|cannot be used/.test(m))).toBe(true);
        else if (d.state.dataset.hash !== s.dataset.hash)
          expect(d.notices).toContainEqual(
            expect.stringMatching(
              new RegExp(
                `hashes to ${d.state.dataset.hash}, not ${s.dataset.hash} as the link says`,
              ),
            ),
          );
        else expect(d.state.dataset).toEqual(s.dataset);
      }),
      { numRuns: 150 },
    );
  });
});
