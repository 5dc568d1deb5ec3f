/**
 * A stable content hash of a run set, for caching fits and for the URL state: FNV-1a 64 over
 * the f64 bytes (little-endian) of N, D and loss of every run in order, and the UTF-16 code
 * units of its group id and (when it has one) its series label. Row numbers, C and weights do
 * not enter it (they do not change a fit).
 */
import type { Run } from './types';

const OFFSET_HI = 0xcbf29ce4;
const OFFSET_LO = 0x84222325;
/** Low bits of the FNV 64 prime 2^40 + 0x1b3. */
const PRIME_LO = 0x1b3;

/** Incremental FNV-1a 64 in two 32-bit halves (no BigInt). */
export class Fnv1a64 {
  private hi = OFFSET_HI;
  private lo = OFFSET_LO;

  /** Mixes one byte (0-255). */
  byte(b: number): void {
    const lo = (this.lo ^ (b & 0xff)) >>> 0;
    const t = lo * PRIME_LO;
    this.lo = t >>> 0;
    this.hi = (Math.imul(this.hi, PRIME_LO) + (lo << 8) + Math.floor(t / 0x100000000)) >>> 0;
  }

  /** Mixes a byte array. */
  bytes(data: Uint8Array): void {
    for (const b of data) this.byte(b);
  }

  /** The hash as 16 lower-case hex digits. */
  hex(): string {
    return this.hi.toString(16).padStart(8, '0') + this.lo.toString(16).padStart(8, '0');
  }
}

/** Hash of a run set, 16 hex digits; equal run sets (same numbers, groups, order) hash equal. */
export function datasetHash(runs: readonly Run[]): string {
  const h = new Fnv1a64();
  const buf = new DataView(new ArrayBuffer(8));
  const bytes = new Uint8Array(buf.buffer);
  const num = (x: number) => {
    buf.setFloat64(0, x, true);
    h.bytes(bytes);
  };
  for (const r of runs) {
    num(r.N);
    num(r.D);
    num(r.loss);
    const g = r.group ?? '';
    h.byte(g === '' ? 0 : 1);
    for (let i = 0; i < g.length; i++) {
      const c = g.charCodeAt(i);
      h.byte(c & 0xff);
      h.byte(c >>> 8);
    }
    h.byte(0xff);
    h.byte(0xff);
    // A series label is mixed in only when present, so runs without one hash as they always have.
    const s = r.series;
    if (s !== undefined) {
      h.byte(2);
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        h.byte(c & 0xff);
        h.byte(c >>> 8);
      }
      h.byte(0xff);
      h.byte(0xfe);
    }
  }
  return h.hex();
}
