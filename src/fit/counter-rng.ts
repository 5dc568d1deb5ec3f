/**
 * A stateless, counter-based random source: the value at (seed, stream, index) is a hash of the
 * three, so replica k's resampling can be drawn on any thread (or shader) without a shared state,
 * and every engine sees the same draws for the same seed.
 */

/** 32-bit integer hash with good avalanche (xor-shift-multiply rounds). */
export function hash32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Uniform in [0, 1) at (seed, stream, index), with 32 bits of resolution. */
export function uniformAt(seed: number, stream: number, index: number): number {
  const h = hash32(
    hash32(hash32(seed >>> 0) ^ (stream >>> 0)) ^ Math.imul(index >>> 0, 0x9e3779b9),
  );
  return h / 2 ** 32;
}
