import { describe, expect, it } from 'vitest';
import { ADAPTIVE_CHUNKS, nextChunkSize } from '../../src/gpu/fit';

describe('adaptive GPU fit chunks', () => {
  it('scales towards the target time, growing at most 4x and shrinking at most 4x per chunk', () => {
    const { targetMs } = ADAPTIVE_CHUNKS;
    expect(nextChunkSize(256, targetMs, 65_536)).toBe(256);
    expect(nextChunkSize(256, targetMs * 2, 65_536)).toBe(128);
    expect(nextChunkSize(256, 1, 65_536)).toBe(1024);
    expect(nextChunkSize(256, 0, 65_536)).toBe(1024);
    expect(nextChunkSize(256, targetMs * 100, 65_536)).toBe(64);
  });

  it('never exceeds the cap and never drops below one fit', () => {
    expect(nextChunkSize(60_000, 1, 65_536)).toBe(65_536);
    expect(nextChunkSize(1, 1e9, 65_536)).toBe(1);
    expect(nextChunkSize(300, 1, 500)).toBe(500);
  });

  it('reaches the cap from the first chunk within a few chunks on a fast device', () => {
    let size: number = ADAPTIVE_CHUNKS.first;
    let chunks = 1;
    while (size < ADAPTIVE_CHUNKS.max) {
      size = nextChunkSize(size, 1, ADAPTIVE_CHUNKS.max);
      chunks++;
    }
    expect(chunks).toBeLessThanOrEqual(6);
  });
});
