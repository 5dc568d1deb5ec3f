/**
 * The fragment's data encoding: base64url both ways, Adler-32, zlib interop with Node's zlib,
 * and every way a payload can be refused: not base64url, not zlib, cut short, altered, over the
 * size cap (a zip bomb), not UTF-8. Which payloads are large enough to read off the UI thread,
 * and reading one whole (unpack and parse).
 */
import { deflateRawSync, deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseRuns } from '../../src/data/runs';
import {
  adler32,
  fromBase64Url,
  isLargePayload,
  MAX_DATA_BYTES,
  MAX_DATA_CHARS,
  packData,
  readLinkData,
  toBase64Url,
  unpackData,
} from '../../src/scenario/url-data';

const b64 = (bytes: Uint8Array) => toBase64Url(bytes);

describe('base64url', () => {
  test('round-trips any bytes and matches Node', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = toBase64Url(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64url'));
        expect(fromBase64Url(text)).toEqual(bytes);
      }),
    );
  });

  test('refuses impossible lengths and foreign characters', () => {
    expect(fromBase64Url('abcde')).toMatch(/length is not possible/);
    expect(fromBase64Url('ab+d')).toBe('character 3 is not base64url');
    expect(fromBase64Url('ab<d')).toBe('character 3 is not base64url');
  });
});

describe('packData / unpackData', () => {
  test('round-trips any text, and Adler-32 agrees with the zlib trailer', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 500, unit: 'grapheme' }), (text) => {
        expect(unpackData(packData(text))).toEqual({ csv: text });
        const z = deflateSync(Buffer.from(text, 'utf8'));
        expect(adler32(new TextEncoder().encode(text))).toBe(z.readUInt32BE(z.length - 4));
        expect(unpackData(b64(z))).toEqual({ csv: text });
      }),
    );
  });

  test('every refusal has its own sentence', () => {
    expect(unpackData('ab$')).toEqual({
      problem: 'it is not valid base64url: character 3 is not base64url',
    });
    expect(unpackData(b64(new TextEncoder().encode('plain text, not zlib')))).toEqual({
      problem: 'it is not zlib-compressed data',
    });
    expect(unpackData(b64(deflateRawSync(Buffer.from('raw deflate has no header'))))).toEqual({
      problem: 'it is not zlib-compressed data',
    });
    const good = deflateSync(Buffer.from('params,tokens,loss\n1,2,3\n'.repeat(20)));
    const cut = unpackData(b64(good.subarray(0, good.length - 9)));
    expect('problem' in cut && cut.problem).toMatch(/corrupt or cut short|cut short|checksum/);
    const altered = Buffer.from(good);
    altered[altered.length - 1]! ^= 1;
    expect(unpackData(b64(altered))).toEqual({
      problem: 'its checksum does not match (the link was altered or cut)',
    });
    const notUtf8 = deflateSync(Buffer.from([0x66, 0xff, 0xfe, 0x66]));
    expect(unpackData(b64(notUtf8))).toEqual({ problem: 'it is not valid UTF-8 text' });
    expect(unpackData('A'.repeat(9 * 1024 * 1024))).toMatchObject({
      problem: expect.stringMatching(/over the limit/),
    });
  });

  test('a zip bomb stops at the size cap without inflating it all', () => {
    const bomb = deflateSync(Buffer.alloc(MAX_DATA_BYTES + 1024 * 1024), { level: 9 });
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(unpackData(b64(bomb))).toEqual({
      problem: 'it decompresses to more than 20 MB, the limit; it was not read',
    });
    const small = deflateSync(Buffer.alloc(5000, 0x41));
    expect(unpackData(b64(small), 4000)).toMatchObject({
      problem: expect.stringMatching(/more than/),
    });
    expect(unpackData(b64(small), 5000)).toEqual({ csv: 'A'.repeat(5000) });
  });
});

describe('isLargePayload / readLinkData', () => {
  const runsCsv = (rows: number) =>
    [
      'params,tokens,loss',
      ...Array.from({ length: rows }, (_, i) => `${1e8 + i},${2e9 + 7 * i},2.5`),
    ].join('\n');

  test('small data is not large; data that inflates past the bound is, however well it packs', () => {
    const small = packData(runsCsv(100));
    expect(small.length).toBeLessThan(4000);
    expect(isLargePayload(small, 64 * 1024)).toBe(false);
    const csv = runsCsv(20_000);
    expect(csv.length).toBeGreaterThan(400_000);
    const big = packData(csv);
    expect(big.length).toBeLessThan(2 * 256 * 1024);
    expect(isLargePayload(big, 256 * 1024)).toBe(true);
    expect(isLargePayload(big, csv.length)).toBe(false);
    const bomb = b64(deflateSync(Buffer.alloc(MAX_DATA_BYTES + 1024 * 1024), { level: 9 }));
    expect(bomb.length).toBeLessThan(100_000);
    expect(isLargePayload(bomb, 256 * 1024)).toBe(true);
  });

  test('a long payload is large by its length alone; one refused unread is not', () => {
    expect(isLargePayload('A'.repeat(600_000), 256 * 1024)).toBe(true);
    expect(isLargePayload('A'.repeat(MAX_DATA_CHARS + 1), 256 * 1024)).toBe(false);
    expect(isLargePayload('ab$', 256 * 1024)).toBe(false);
    expect(isLargePayload(b64(new TextEncoder().encode('not zlib')), 256 * 1024)).toBe(false);
  });

  test('readLinkData is unpackData then parseRuns, and passes a refusal on', () => {
    const csv = runsCsv(50);
    expect(readLinkData(packData(csv))).toEqual({ csv, imported: parseRuns(csv) });
    expect(readLinkData('ab$')).toEqual(unpackData('ab$'));
    const bomb = b64(deflateSync(Buffer.alloc(MAX_DATA_BYTES + 1024 * 1024), { level: 9 }));
    expect(readLinkData(bomb)).toEqual({
      problem: 'it decompresses to more than 20 MB, the limit; it was not read',
    });
  });
});
