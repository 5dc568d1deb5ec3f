/**
 * GPU-vs-CPU contract for the surface kernel and the heatmap colour pass. Registered by
 * surface.browser.test.ts (headless Chromium) and surface.node.test.ts (Dawn in Node), so both
 * WebGPU implementations run the same cases. A missing adapter fails the suite; nothing skips.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ColourMode, type ColourScale, colourise } from '../../src/colour/colour-map';
import { type ColourMapName, colourMapLut, LUT_SIZE } from '../../src/colour/colour-maps';
import type { GpuAcquisition, GpuContext } from '../../src/gpu/device';
import { GpuHeatmap } from '../../src/gpu/heatmap';
import { GpuSurface, rowStride } from '../../src/gpu/surface';
import type { SurfaceGrid } from '../../src/law/grid';
import type { ScalingLaw } from '../../src/law/law';
import { findPreset } from '../../src/law/presets';
import { evaluateSurface, surfaceExtent, surfaceTerms } from '../../src/law/surface';
import { surfaceCellBound } from './contract-tolerance';
import { requireGpu } from './require-gpu';

const hoffmann = findPreset('hoffmann2022')!.law;
const muennighoff = findPreset('muennighoff2023')!.law;

interface Case {
  readonly name: string;
  readonly law: ScalingLaw;
  readonly grid: SurfaceGrid;
}

const view = { log10NMin: 7, log10NMax: 13, log10DMin: 8, log10DMax: 14 };
const wide = { log10NMin: 3, log10NMax: 15, log10DMin: 3, log10DMax: 15 };

/** Sizes from the issue, with extreme exponents and N from 1e3 to 1e15. */
const CASES: readonly Case[] = [
  { name: '1x1', law: hoffmann, grid: { ...view, width: 1, height: 1 } },
  { name: '255x257 Hoffmann', law: hoffmann, grid: { ...view, width: 255, height: 257 } },
  {
    name: '255x257 alpha=0.05 beta=2, N and D 1e3..1e15',
    law: { ...hoffmann, alpha: 0.05, beta: 2 },
    grid: { ...wide, width: 255, height: 257 },
  },
  {
    name: '255x257 alpha=2 beta=0.05, N and D 1e3..1e15',
    law: { ...muennighoff, alpha: 2, beta: 0.05 },
    grid: { ...wide, width: 255, height: 257 },
  },
  { name: '1024x1024 Muennighoff', law: muennighoff, grid: { ...view, width: 1024, height: 1024 } },
  // The cells pass writes 4 columns x 32 rows a thread into rows padded to a multiple of 4:
  // one quad, widths 1-3 past a quad, ragged row blocks.
  { name: '4x33 (one quad)', law: hoffmann, grid: { ...view, width: 4, height: 33 } },
  { name: '3x2 (padded quad)', law: hoffmann, grid: { ...view, width: 3, height: 2 } },
  { name: '1023x65 (padded rows)', law: muennighoff, grid: { ...view, width: 1023, height: 65 } },
  {
    name: '260x97 alpha=2 beta=0.05, N and D 1e3..1e15',
    law: { ...muennighoff, alpha: 2, beta: 0.05 },
    grid: { ...wide, width: 260, height: 97 },
  },
];

/** Deterministic sample of cells: corners, band edges, and a seeded scatter. */
function sampleCells(
  grid: SurfaceGrid,
  edges: readonly number[],
  count: number,
): [number, number][] {
  const cells: [number, number][] = [];
  const lastCol = grid.width - 1;
  const lastRow = grid.height - 1;
  for (const row of [0, lastRow, ...edges.flatMap((e) => [e - 1, e])]) {
    if (row < 0 || row > lastRow) continue;
    for (const col of [0, 1, lastCol >> 1, lastCol]) cells.push([Math.min(col, lastCol), row]);
  }
  let s = 0x2545f491;
  const next = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
  for (let i = 0; i < count; i++)
    cells.push([Math.floor(next() * grid.width), Math.floor(next() * grid.height)]);
  return cells;
}

/** Checks GPU values against the f64 bound at the given cells; returns the worst error/tolerance. */
function expectWithinBound(
  law: ScalingLaw,
  grid: SurfaceGrid,
  gpu: Float32Array,
  cells: Iterable<[number, number]>,
): number {
  const terms = surfaceTerms(law, grid);
  let worst = 0;
  for (const [col, row] of cells) {
    const { expected, relTol } = surfaceCellBound(terms, col, row);
    const got = gpu[row * grid.width + col]!;
    const rel = Math.abs(got / expected - 1);
    if (!(rel <= relTol)) {
      expect.fail(
        `cell (col ${col}, row ${row}) of ${grid.width}x${grid.height}: got ${got}, expected ${expected}, relative error ${rel.toExponential(3)} > ${relTol.toExponential(3)}`,
      );
    }
    worst = Math.max(worst, rel / relTol);
  }
  return worst;
}

function everyCell(grid: SurfaceGrid): Iterable<[number, number]> {
  return {
    *[Symbol.iterator]() {
      for (let row = 0; row < grid.height; row++) {
        for (let col = 0; col < grid.width; col++) yield [col, row];
      }
    },
  };
}

/** Registers the contract suite against GPUs from `acquire`. */
export function defineSurfaceContract(
  platform: string,
  acquire: () => Promise<GpuAcquisition>,
): void {
  describe(`surface kernel contract (${platform})`, () => {
    let gpu: GpuContext;
    let surface: GpuSurface;

    beforeAll(async () => {
      gpu = await requireGpu(platform, acquire);
      surface = await GpuSurface.create(gpu);
    });

    afterAll(() => gpu?.device.destroy());

    it('has an adapter and reports its name', () => {
      expect(gpu.info.name.length).toBeGreaterThan(0);
      expect(gpu.info.limits.maxStorageBufferBindingSize).toBeGreaterThanOrEqual(128 * 2 ** 20);
    });

    for (const c of CASES) {
      it(`matches the f64 twin at every cell: ${c.name}`, async () => {
        const values = await surface.evaluate(c.law, c.grid);
        expect(values).toHaveLength(c.grid.width * c.grid.height);
        expectWithinBound(c.law, c.grid, values, everyCell(c.grid));
        // The CPU twin (f64 rounded to f32) is within the same bound of the reference.
        const cpu = evaluateSurface(c.law, c.grid);
        expectWithinBound(c.law, c.grid, cpu, everyCell(c.grid));
      });
    }

    it('tiles 4096x4096 into bands when a binding is small, matching the twin at sampled cells', async () => {
      const grid: SurfaceGrid = { ...wide, width: 4096, height: 4096 };
      const law = { ...hoffmann, alpha: 0.05, beta: 2 };
      const small = await GpuSurface.create(gpu, {
        ...gpu.info.limits,
        maxStorageBufferBindingSize: 4 * 2 ** 20,
      });
      const tiles = small.planTiles(grid);
      expect(tiles.length).toBe(16);
      const values = await small.evaluate(law, grid);
      const edges = tiles.map((t) => t.start);
      expectWithinBound(law, grid, values, sampleCells(grid, edges, 20_000));
      const counts = gpu.resources.counts();
      expect(counts.liveBuffers).toBe(0);
    });

    it('evaluates 4096x4096 at the device limits, matching the twin at sampled cells', async () => {
      const grid: SurfaceGrid = { ...view, width: 4096, height: 4096 };
      const values = await surface.evaluate(hoffmann, grid);
      const edges = surface.planTiles(grid).map((t) => t.start);
      expectWithinBound(hoffmann, grid, values, sampleCells(grid, edges, 20_000));
    });

    it('evaluates a band of rows exactly as the same rows of the whole grid', async () => {
      const grid: SurfaceGrid = { ...view, width: 255, height: 257 };
      const whole = await surface.evaluate(hoffmann, grid);
      const band = await surface.evaluate(hoffmann, grid, { start: 100, count: 57 });
      expect(band).toEqual(whole.subarray(100 * 255, 157 * 255));
    });

    it('evaluates a band of rows exactly as the whole grid with unpadded rows', async () => {
      const grid: SurfaceGrid = { ...view, width: 256, height: 257 };
      expect(rowStride(grid.width)).toBe(grid.width);
      const whole = await surface.evaluate(hoffmann, grid);
      const band = await surface.evaluate(hoffmann, grid, { start: 100, count: 57 });
      expect(band).toEqual(whole.subarray(100 * 256, 157 * 256));
    });
  });

  describe(`heatmap colour pass contract (${platform})`, () => {
    let gpu: GpuContext;
    let surface: GpuSurface;

    beforeAll(async () => {
      gpu = await requireGpu(platform, acquire);
      surface = await GpuSurface.create(gpu);
    });

    afterAll(() => gpu?.device.destroy());

    /**
     * Checks a picture of the colour pass against colourise(), which receives the same f32
     * values (the kernel's own output). f32 ln(L - E) against f64 may move a ramp position
     * across one LUT boundary, so a pixel may take the neighbouring entry: tolerance is one
     * LUT index, exact colours otherwise. Colours are looked up in the LUT of `scale.map`, so a
     * pixel drawn from another map's table fails (a colour outside the LUT has no index).
     */
    function expectPixelsMatch(
      pixels: Uint8Array,
      values: Float32Array,
      width: number,
      scale: ColourScale,
    ) {
      const lut = colourMapLut(scale.map);
      const cpu = colourise(values, width, scale);
      const index = new Map<string, number>();
      for (let k = 0; k < LUT_SIZE; k++) index.set(lut.subarray(k * 4, k * 4 + 3).join(), k);
      let exact = 0;
      for (let p = 0; p < pixels.length; p += 4) {
        const got = index.get(`${pixels[p]},${pixels[p + 1]},${pixels[p + 2]}`);
        const want = index.get(`${cpu[p]},${cpu[p + 1]},${cpu[p + 2]}`)!;
        if (got === undefined || Math.abs(got - want) > 1) {
          const pixel = p / 4;
          expect.fail(
            `${scale.map}, pixel (${pixel % width}, ${Math.floor(pixel / width)}): GPU rgb ${pixels.subarray(p, p + 3).join()} (LUT ${got}), CPU LUT ${want}`,
          );
        }
        if (got === want) exact++;
      }
      // Boundary cases are rare: almost every pixel takes exactly the CPU's entry.
      expect(exact / (pixels.length / 4)).toBeGreaterThan(0.99);
    }

    function scaleFor(law: ScalingLaw, grid: SurfaceGrid, mode: ColourMode, map: ColourMapName) {
      const { min, max } = surfaceExtent(law, grid);
      return { mode, lo: min, hi: max, E: law.E, map };
    }

    async function expectColoursMatch(
      law: ScalingLaw,
      grid: SurfaceGrid,
      kernel: GpuSurface,
      mode: ColourMode,
      map: ColourMapName = 'viridis',
    ) {
      const scale = scaleFor(law, grid, mode, map);
      const heatmap = GpuHeatmap.create(gpu, kernel);
      try {
        const pixels = await heatmap.renderToPixels(law, grid, scale, grid.width, grid.height);
        const values = await kernel.evaluate(law, grid);
        expectPixelsMatch(pixels, values, grid.width, scale);
      } finally {
        heatmap.dispose();
      }
    }

    it('colours 255x257 like the CPU twin (log of reducible loss)', async () => {
      await expectColoursMatch(
        hoffmann,
        { ...view, width: 255, height: 257 },
        surface,
        'log-reducible',
      );
    });

    it('colours 255x257 like the CPU twin (linear), extreme exponents', async () => {
      await expectColoursMatch(
        { ...hoffmann, alpha: 2, beta: 0.05 },
        { ...wide, width: 255, height: 257 },
        surface,
        'linear',
      );
    });

    it('colours a grid drawn in 8 bands like the CPU twin', async () => {
      const grid: SurfaceGrid = { ...view, width: 256, height: 512 };
      const banded = await GpuSurface.create(gpu, {
        ...gpu.info.limits,
        maxStorageBufferBindingSize: 64 * 1024,
      });
      expect(banded.planTiles(grid)).toHaveLength(8);
      await expectColoursMatch(muennighoff, grid, banded, 'log-reducible');
    });

    it('colours a 255-wide grid in bands of padded rows like the CPU twin', async () => {
      const grid: SurfaceGrid = { ...view, width: 255, height: 257 };
      const banded = await GpuSurface.create(gpu, {
        ...gpu.info.limits,
        maxStorageBufferBindingSize: 64 * 1024,
      });
      expect(banded.planTiles(grid).length).toBeGreaterThan(1);
      await expectColoursMatch(hoffmann, grid, banded, 'log-reducible');
    });

    it.each(['cividis', 'magma', 'inferno', 'plasma'] as const)(
      'colours 255x257 like the CPU twin in %s (log of reducible loss)',
      async (map) => {
        await expectColoursMatch(
          hoffmann,
          { ...view, width: 255, height: 257 },
          surface,
          'log-reducible',
          map,
        );
      },
    );

    it('switching the map on one heatmap re-uploads the LUT once, with no new buffer', async () => {
      const grid: SurfaceGrid = { ...view, width: 255, height: 257 };
      const heatmap = GpuHeatmap.create(gpu, surface);
      const queue = gpu.device.queue;
      const writeBuffer = queue.writeBuffer;
      const lutWrites: number[] = [];
      queue.writeBuffer = function (this: GPUQueue, buffer: GPUBuffer, ...rest: unknown[]) {
        if (buffer.label === 'heatmap.lut') lutWrites.push(buffer.size);
        return (writeBuffer as (...a: unknown[]) => undefined).call(this, buffer, ...rest);
      } as GPUQueue['writeBuffer'];
      try {
        const values = await surface.evaluate(hoffmann, grid);
        const frame = async (map: ColourMapName) => {
          const scale = scaleFor(hoffmann, grid, 'log-reducible', map);
          const pixels = await heatmap.renderToPixels(hoffmann, grid, scale, 255, 257);
          expectPixelsMatch(pixels, values, grid.width, scale);
          return pixels;
        };
        const viridis = await frame('viridis');
        const buffers = gpu.resources.counts().liveBuffers;
        expect(lutWrites).toEqual([LUT_SIZE * 4]);
        expect(await frame('viridis')).toEqual(viridis);
        expect(lutWrites).toHaveLength(1);
        const cividis = await frame('cividis');
        expect(lutWrites).toEqual([LUT_SIZE * 4, LUT_SIZE * 4]);
        expect(cividis).not.toEqual(viridis);
        expect(await frame('cividis')).toEqual(cividis);
        expect(lutWrites).toHaveLength(2);
        expect(await frame('viridis')).toEqual(viridis);
        expect(lutWrites).toHaveLength(3);
        expect(gpu.resources.counts().liveBuffers).toBe(buffers);
      } finally {
        queue.writeBuffer = writeBuffer;
        heatmap.dispose();
      }
    });

    it('frees every buffer it made', () => {
      expect(gpu.resources.counts().liveBuffers).toBe(0);
    });
  });
}
