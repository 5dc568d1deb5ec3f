import { describe, expect, it } from 'vitest';
import { bandPixelRows } from '../../src/gpu/heatmap';
import { planRowTiles } from '../../src/gpu/tiles';

const spec = {
  maxStorageBufferBindingSize: 128 * 2 ** 20,
  maxBufferSize: 256 * 2 ** 20,
  maxComputeWorkgroupsPerDimension: 65535,
};

describe('planRowTiles', () => {
  it('keeps 4096x4096 (64 MiB) in one band at the spec minimum limits', () => {
    expect(planRowTiles(4096, { start: 0, count: 4096 }, spec, 4)).toEqual([
      { start: 0, count: 4096 },
    ]);
  });

  it('splits by binding size: 16 bands of 256 rows at 4 MiB', () => {
    const tiles = planRowTiles(
      4096,
      { start: 0, count: 4096 },
      { ...spec, maxStorageBufferBindingSize: 4 * 2 ** 20 },
      4,
    );
    expect(tiles).toHaveLength(16);
    expect(tiles.every((t) => t.count === 256)).toBe(true);
  });

  it('splits by workgroups per dimension', () => {
    const tiles = planRowTiles(
      8,
      { start: 3, count: 1000 },
      { ...spec, maxComputeWorkgroupsPerDimension: 100 },
      4,
    );
    expect(tiles.map((t) => t.count)).toEqual([400, 400, 200]);
    expect(tiles[0]!.start).toBe(3);
    expect(tiles[2]!.start).toBe(803);
  });

  it('covers uneven remainders exactly and refuses rows wider than a binding', () => {
    const tiles = planRowTiles(
      255,
      { start: 0, count: 257 },
      { ...spec, maxStorageBufferBindingSize: 255 * 4 * 100 },
      4,
    );
    expect(tiles.map((t) => t.count)).toEqual([100, 100, 57]);
    expect(() =>
      planRowTiles(1000, { start: 0, count: 1 }, { ...spec, maxStorageBufferBindingSize: 3999 }, 4),
    ).toThrow(/exceeds the device's largest binding/);
  });
});

describe('bandPixelRows', () => {
  it('partitions the target rows among bands, top of the image = last grid rows', () => {
    for (const [H, h, cuts] of [
      [600, 4096, [0, 1000, 2048, 4096]],
      [257, 257, [0, 100, 200, 257]],
      [1000, 3, [0, 1, 2, 3]],
    ] as const) {
      const covered = new Array<number>(H).fill(0);
      for (let i = 0; i + 1 < cuts.length; i++) {
        const { first, last } = bandPixelRows(H, h, cuts[i]!, cuts[i + 1]!);
        for (let y = first; y <= last; y++) covered[y]!++;
        // the shader's row for each pixel of this band lies inside the band
        for (let y = first; y <= last; y++) {
          const row = Math.floor(((H - (y + 0.5)) / H) * h);
          expect(row).toBeGreaterThanOrEqual(cuts[i]!);
          expect(row).toBeLessThan(cuts[i + 1]!);
        }
      }
      expect(covered.every((c) => c === 1)).toBe(true);
    }
  });
});
