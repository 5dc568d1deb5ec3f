/**
 * Typed wrapper of shaders/surface.wgsl. Evaluates the loss surface into per-band GPU buffers
 * (for the heatmap, with no readback) or back into a Float32Array (same signature as the CPU
 * twin evaluateSurface in src/law/surface.ts).
 */
import surfaceWgsl from '../../shaders/surface.wgsl?raw';
import { allRows, type RowRange, type SurfaceGrid } from '../law/grid';
import type { ScalingLaw } from '../law/law';
import { surfaceTerms } from '../law/surface';
import type { GpuContext } from './device';
import { cachedPerDevice, compileShader, validated } from './pipelines';
import { defineStruct } from './struct';
import { planRowTiles, type TileLimits } from './tiles';

/** Layout of SurfaceParams in surface.wgsl. */
export const SURFACE_PARAMS = defineStruct('SurfaceParams', [
  ['E', 'f32'],
  ['xN0', 'f32'],
  ['xNStep', 'f32'],
  ['xD0', 'f32'],
  ['xDStep', 'f32'],
  ['width', 'u32'],
  ['height', 'u32'],
  ['rowStart', 'u32'],
  ['rowCount', 'u32'],
  ['stride', 'u32'],
] as const);

/** Workgroup width of the axes pass. */
export const SURFACE_WORKGROUP = { x: 64 } as const;

/**
 * The cells pass: 64 threads a workgroup, each writing 4 columns x 32 rows as vec4 stores.
 * Measured on SwiftShader at 4096²: ~42 ms against ~280 ms for one scalar store per thread
 * (64x16, 64x64, 128x32, 256x16 and 256x64 were within noise of it).
 */
export const SURFACE_QUAD_WORKGROUP = { x: 64, rows: 32 } as const;

/**
 * Floats per stored row of a band: the grid width rounded up to a multiple of 4, so every row
 * starts on a vec4 and any width takes the vec4 pass (a scalar pass for other widths cost 5-13x
 * per cell on SwiftShader). Columns past the width are padding, never read as cells.
 */
export const rowStride = (width: number): number => Math.ceil(width / 4) * 4;

interface SurfacePipelines {
  readonly bindGroupLayout: GPUBindGroupLayout;
  readonly axes: GPUComputePipeline;
  readonly cells: GPUComputePipeline;
}

/** One band of the surface resident on the GPU. */
export interface SurfaceTile {
  readonly rows: RowRange;
  readonly values: GPUBuffer;
  readonly params: GPUBuffer;
  readonly bindGroup: GPUBindGroup;
}

/** The surface of one grid shape, as GPU buffers, reusable across laws and frames. */
export class SurfaceBuffers {
  constructor(
    private readonly gpu: GpuContext,
    readonly width: number,
    readonly tiles: readonly SurfaceTile[],
    /** Axis terms: width N terms, then height D terms. */
    readonly terms: GPUBuffer,
  ) {}

  /** True if these buffers hold exactly `rows` of a grid `width` wide. */
  fits(width: number, rows: readonly RowRange[]): boolean {
    return (
      width === this.width &&
      rows.length === this.tiles.length &&
      rows.every(
        (r, i) => r.start === this.tiles[i]!.rows.start && r.count === this.tiles[i]!.rows.count,
      )
    );
  }

  /** Frees every buffer. */
  dispose(): void {
    for (const t of this.tiles) {
      this.gpu.resources.destroyBuffer(t.values);
      this.gpu.resources.destroyBuffer(t.params);
    }
    this.gpu.resources.destroyBuffer(this.terms);
  }
}

/** The surface kernel on one device. */
export class GpuSurface {
  private constructor(
    private readonly gpu: GpuContext,
    private readonly pipelines: SurfacePipelines,
    /** Limits used to plan bands; tests lower them to force tiling. */
    readonly tileLimits: TileLimits,
  ) {}

  /** Compiles (once per device) and returns the kernel. */
  static async create(
    gpu: GpuContext,
    tileLimits: TileLimits = gpu.info.limits,
  ): Promise<GpuSurface> {
    const { device } = gpu;
    const pipelines = await cachedPerDevice(
      device,
      'surface',
      async (): Promise<SurfacePipelines> => {
        const module = await compileShader(device, 'surface', surfaceWgsl);
        const storage = (binding: number): GPUBindGroupLayoutEntry => ({
          binding,
          visibility: GPUShaderStage.COMPUTE,
          buffer: { type: 'storage' },
        });
        const bindGroupLayout = device.createBindGroupLayout({
          label: 'surface.bindGroupLayout',
          entries: [
            { binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform' } },
            storage(1),
            storage(2),
          ],
        });
        const layout = device.createPipelineLayout({
          label: 'surface.pipelineLayout',
          bindGroupLayouts: [bindGroupLayout],
        });
        const constants = { WG_X: SURFACE_WORKGROUP.x, ROWS: SURFACE_QUAD_WORKGROUP.rows };
        const make = (entryPoint: 'axes' | 'cells') =>
          validated(device, 'surface', () =>
            device.createComputePipelineAsync({
              label: `surface.${entryPoint}`,
              layout,
              compute: { module, entryPoint, constants },
            }),
          );
        const [axes, cells] = await Promise.all([make('axes'), make('cells')]);
        return { bindGroupLayout, axes, cells };
      },
    );
    return new GpuSurface(gpu, pipelines, tileLimits);
  }

  /** The row bands the kernel uses for `rows` of `grid`. */
  planTiles(grid: SurfaceGrid, rows: RowRange = allRows(grid)): RowRange[] {
    return planRowTiles(rowStride(grid.width), rows, this.tileLimits, SURFACE_QUAD_WORKGROUP.rows);
  }

  /** Allocates band buffers for `rows` of `grid` (reuse them while the grid shape holds). */
  allocate(grid: SurfaceGrid, rows: RowRange = allRows(grid), extraUsage = 0): SurfaceBuffers {
    const { device, resources } = this.gpu;
    const terms = resources.createBuffer({
      label: 'surface.terms',
      size: (grid.width + grid.height) * 4,
      usage: GPUBufferUsage.STORAGE,
    });
    const tiles = this.planTiles(grid, rows).map((band, i): SurfaceTile => {
      const values = resources.createBuffer({
        label: `surface.values[${i}]`,
        size: Math.max(16, band.count * rowStride(grid.width) * 4),
        usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | extraUsage,
      });
      const params = resources.createBuffer({
        label: `surface.params[${i}]`,
        size: SURFACE_PARAMS.byteSize,
        usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
      });
      const bindGroup = device.createBindGroup({
        label: `surface.bindGroup[${i}]`,
        layout: this.pipelines.bindGroupLayout,
        entries: [
          { binding: 0, resource: { buffer: params } },
          { binding: 1, resource: { buffer: values } },
          { binding: 2, resource: { buffer: terms } },
        ],
      });
      return { rows: band, values, params, bindGroup };
    });
    return new SurfaceBuffers(this.gpu, grid.width, tiles, terms);
  }

  /**
   * Writes the law's parameters and records the axes pass, then one cells pass per band,
   * into `encoder`.
   */
  encode(
    encoder: GPUCommandEncoder,
    law: ScalingLaw,
    grid: SurfaceGrid,
    target: SurfaceBuffers,
  ): void {
    const terms = surfaceTerms(law, grid);
    for (const tile of target.tiles) {
      const params = SURFACE_PARAMS.pack({
        ...terms,
        width: grid.width,
        height: grid.height,
        rowStart: tile.rows.start,
        rowCount: tile.rows.count,
        stride: rowStride(grid.width),
      });
      this.gpu.device.queue.writeBuffer(tile.params, 0, params);
    }
    const first = target.tiles[0];
    if (!first) return;
    const pass = encoder.beginComputePass({ label: 'surface.pass' });
    pass.setPipeline(this.pipelines.axes);
    pass.setBindGroup(0, first.bindGroup);
    pass.dispatchWorkgroups(Math.ceil((grid.width + grid.height) / SURFACE_WORKGROUP.x));
    pass.setPipeline(this.pipelines.cells);
    const quadGroups = Math.ceil(rowStride(grid.width) / 4 / SURFACE_QUAD_WORKGROUP.x);
    for (const tile of target.tiles) {
      pass.setBindGroup(0, tile.bindGroup);
      pass.dispatchWorkgroups(quadGroups, Math.ceil(tile.rows.count / SURFACE_QUAD_WORKGROUP.rows));
    }
    pass.end();
  }

  /**
   * L over `rows` of `grid`, read back to the CPU: the GPU twin of evaluateSurface.
   * Rejects with the signal's reason if aborted before the readback completes.
   */
  async evaluate(
    law: ScalingLaw,
    grid: SurfaceGrid,
    rows: RowRange = allRows(grid),
    signal?: AbortSignal,
  ): Promise<Float32Array> {
    const { device, resources } = this.gpu;
    const buffers = this.allocate(grid, rows);
    const staging: GPUBuffer[] = [];
    try {
      const encoder = device.createCommandEncoder({ label: 'surface.evaluate' });
      this.encode(encoder, law, grid, buffers);
      const stride = rowStride(grid.width);
      for (const tile of buffers.tiles) {
        const size = tile.rows.count * stride * 4;
        const read = resources.createBuffer({
          label: 'surface.readback',
          size: Math.max(4, size),
          usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
        });
        staging.push(read);
        if (size > 0) encoder.copyBufferToBuffer(tile.values, 0, read, 0, size);
      }
      device.queue.submit([encoder.finish()]);
      const out = new Float32Array(rows.count * grid.width);
      for (const [i, tile] of buffers.tiles.entries()) {
        signal?.throwIfAborted();
        const read = staging[i]!;
        await read.mapAsync(GPUMapMode.READ);
        const band = new Float32Array(read.getMappedRange(), 0, tile.rows.count * stride);
        const at = (tile.rows.start - rows.start) * grid.width;
        if (stride === grid.width) out.set(band, at);
        else
          for (let r = 0; r < tile.rows.count; r++)
            out.set(band.subarray(r * stride, r * stride + grid.width), at + r * grid.width);
        read.unmap();
      }
      signal?.throwIfAborted();
      return out;
    } finally {
      for (const read of staging) resources.destroyBuffer(read);
      buffers.dispose();
    }
  }
}
