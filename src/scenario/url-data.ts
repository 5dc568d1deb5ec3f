/**
 * User data in a link's fragment: the CSV text as UTF-8, zlib-compressed, in base64url.
 *
 * Compression is fflate's: small (a few kB in the bundle), no dependencies, synchronous (the
 * codec stays a pure function, no workers or promises), well maintained, and it offers a
 * streaming inflater, so decompression can stop as soon as the output passes the size cap
 * (a zip bomb costs at most one small chunk past the cap). The zlib wrapper adds an Adler-32
 * checksum, checked here, so a flipped byte or a cut link is caught rather than read as data.
 */
import { Inflate, zlibSync } from 'fflate';
import type { ColumnMapping } from '../data/mapping';
import { parseRuns } from '../data/runs';
import type { RunsImport } from '../data/types';
import { MAX_FILE_BYTES } from './dataset';

/** Longest fragment payload read, in characters (browsers stop at about 2 MB of URL anyway). */
export const MAX_DATA_CHARS = 8 * 1024 * 1024;

/** Largest decompressed text, as for a CSV file. */
export const MAX_DATA_BYTES = MAX_FILE_BYTES;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const INDEX = new Map([...ALPHABET].map((c, i) => [c, i]));

/** Bytes as base64url without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  const out: string[] = [];
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let k = 0; k < chars; k++) out.push(ALPHABET[(n >> (18 - 6 * k)) & 63]!);
  }
  return out.join('');
}

/** Bytes from base64url (no padding; '=' padding is tolerated at the end), or why not. */
export function fromBase64Url(text: string): Uint8Array | string {
  const body = text.replace(/={1,2}$/, '');
  if (body.length % 4 === 1) return 'its length is not possible for base64url (cut short?)';
  const out = new Uint8Array(Math.floor((body.length * 6) / 8));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (let i = 0; i < body.length; i++) {
    const v = INDEX.get(body[i]!);
    if (v === undefined) return `character ${i + 1} is not base64url`;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

/** Adler-32 of bytes (the zlib checksum). */
export function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < bytes.length; ) {
    const end = Math.min(bytes.length, i + 5552);
    for (; i < end; i++) {
      a += bytes[i]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** The fragment payload for CSV text. */
export function packData(csv: string): string {
  return toBase64Url(zlibSync(new TextEncoder().encode(csv), { level: 9 }));
}

/** Input bytes handed to the inflater at a time: the output can pass the cap by ~1 kB x this. */
const INFLATE_CHUNK = 4096;

/** What inflateCapped returns when the output passes the cap. */
const OVER_CAP = Symbol('over the cap');

/** zlib bytes inflated with a cap on the output; the bytes, why they cannot be read, or OVER_CAP. */
function inflateCapped(z: Uint8Array, cap: number): Uint8Array | string | typeof OVER_CAP {
  if (z.length < 6) return 'the compressed data is cut short';
  const [cmf, flg] = [z[0]!, z[1]!];
  if ((cmf & 15) !== 8 || cmf >> 4 > 7 || ((cmf << 8) | flg) % 31 !== 0 || flg & 32)
    return 'it is not zlib-compressed data';
  const chunks: Uint8Array[] = [];
  let size = 0;
  let done = false;
  const inflater = new Inflate((chunk, final) => {
    size += chunk.length;
    if (size <= cap) chunks.push(chunk);
    if (final) done = true;
  });
  const body = z.subarray(2, z.length - 4);
  try {
    for (let i = 0; i < body.length && size <= cap; i += INFLATE_CHUNK) {
      const end = Math.min(body.length, i + INFLATE_CHUNK);
      inflater.push(body.subarray(i, end), end === body.length);
    }
  } catch (e) {
    return `the compressed data is corrupt or cut short (${e instanceof Error ? e.message : String(e)})`;
  }
  if (size > cap) return OVER_CAP;
  if (!done) return 'the compressed data is cut short';
  const out = new Uint8Array(size);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  const expected =
    ((z[z.length - 4]! << 24) |
      (z[z.length - 3]! << 16) |
      (z[z.length - 2]! << 8) |
      z[z.length - 1]!) >>>
    0;
  if (adler32(out) !== expected) return 'its checksum does not match (the link was altered or cut)';
  return out;
}

/**
 * CSV text from a fragment payload, or a sentence saying why it cannot be read (too long, not
 * base64url, not zlib, corrupt, cut short, over the size cap, not UTF-8). Never throws.
 */
export function unpackData(
  payload: string,
  cap = MAX_DATA_BYTES,
): { csv: string } | { problem: string } {
  if (payload.length > MAX_DATA_CHARS)
    return {
      problem: `it is ${payload.length} characters long, over the limit of ${MAX_DATA_CHARS}`,
    };
  const bytes = fromBase64Url(payload);
  if (typeof bytes === 'string') return { problem: `it is not valid base64url: ${bytes}` };
  const raw = inflateCapped(bytes, cap);
  if (raw === OVER_CAP)
    return {
      problem: `it decompresses to more than ${cap >= 1 << 20 ? `${Math.round(cap / (1 << 20))} MB` : `${cap} bytes`}, the limit; it was not read`,
    };
  if (typeof raw === 'string') return { problem: raw };
  try {
    return { csv: new TextDecoder('utf-8', { fatal: true }).decode(raw) };
  } catch {
    return { problem: 'it is not valid UTF-8 text' };
  }
}

/**
 * Whether reading a payload may mean inflating more than `bytes` bytes, so that it is better
 * read off the UI thread: it is longer than twice `bytes` (zlib data of `bytes` bytes, stored
 * uncompressed, is under 1.4 times that in base64url), or it inflates past `bytes`. Cheap
 * whatever the payload: at most about `bytes` are inflated. False for a payload that is refused
 * unread (over MAX_DATA_CHARS, not base64url, not zlib), whose reading costs nothing.
 */
export function isLargePayload(payload: string, bytes: number): boolean {
  if (payload.length > MAX_DATA_CHARS) return false;
  if (payload.length > 2 * bytes + 64) return true;
  const z = fromBase64Url(payload);
  return typeof z !== 'string' && inflateCapped(z, bytes) === OVER_CAP;
}

/** A link's data read: its CSV text and parsed runs, or why it cannot be read. */
export type LinkRead =
  | { readonly csv: string; readonly imported: RunsImport }
  | { readonly problem: string };

/**
 * A fragment payload unpacked (unpackData) and its CSV parsed (parseRuns): all the work of
 * reading a link's data, in one call that a worker can run (src/data/parse-async.ts). The CSV
 * is read through `mapping` when the link carries one.
 */
export function readLinkData(payload: string, mapping?: ColumnMapping | null): LinkRead {
  const unpacked = unpackData(payload);
  if ('problem' in unpacked) return unpacked;
  return { csv: unpacked.csv, imported: parseRuns(unpacked.csv, mapping ? { mapping } : {}) };
}
