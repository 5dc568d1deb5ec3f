/**
 * Typed wrapper of shaders/heatmap.wgsl: computes the surface into band buffers and colours it
 * straight onto a render target (a canvas or a texture), with no readback of the grid.
 * CPU twin: colourise in src/colour/colour-map.ts.
 */
import heatmapWgsl from '../../shaders/heatmap.wgsl?raw';
import { type ColourScale, colourTransform } from '../colour/colour-map';
import { type ColourMapName, colourMapLut, LUT_SIZE } from '../colour/colour-maps';
import type { SurfaceGrid } from '../law/grid';
import type { ScalingLaw } from '../law/law';
import type { GpuContext } from './device';
import { cachedPerDevice, compileShader, validated } from './pipelines';
import { defineStruct } from './struct';
import { type GpuSurface, rowStride, type SurfaceBuffers } from './surface';

/** Layout of HeatmapParams in heatmap.wgsl. */
export const HEATMAP_PARAMS = defineStruct('HeatmapParams', [
  ['offset', 'f32'],
  ['scale', 'f32'],
  ['E', 'f32'],
  ['logReducible', 'u32'],
  ['gridWidth', 'u32'],
  ['gridHeight', 'u32'],
  ['rowStart', 'u32'],
  ['rowCount', 'u32'],
  ['targetWidth', 'f32'],
  ['targetHeight', 'f32'],
  ['rowStride', 'u32'],
] as const);

/**
 * A render target: a texture view and its size in pixels. A canvas passes a function, called
 * only after the pipeline is ready, so its current texture cannot expire before the submit.
 */
export interface HeatmapTarget {
  readonly view: GPUTextureView | (() => GPUTextureView);
  readonly width: number;
  readonly height: number;
  readonly format: GPUTextureFormat;
}

/**
 * Pixel rows [first, last] of a target `targetHeight` tall that show grid rows [r0, r1) of a grid
 * `gridHeight` rows tall (grid row 0 at the bottom). Consecutive bands partition the pixels.
 */
export function bandPixelRows(
  targetHeight: number,
  gridHeight: number,
  r0: number,
  r1: number,
): { first: number; last: number } {
  const edge = (r: number) => Math.floor(targetHeight - 0.5 - (r * targetHeight) / gridHeight);
  return {
    first: Math.max(0, edge(r1) + 1),
    last: Math.min(targetHeight - 1, edge(r0)),
  };
}

interface Band {
  readonly params: GPUBuffer;
  readonly bindGroup: GPUBindGroup;
}

/**
 * The heatmap pass on one device, with buffers kept across frames while the grid shape holds.
 * The colour LUT lives in one buffer, rewritten only when a frame asks for another colour map.
 */
export class GpuHeatmap {
  private surfaceBuffers: SurfaceBuffers | undefined;
  private bands: Band[] = [];
  private bandPipeline: GPURenderPipeline | undefined;
  private readonly lut: GPUBuffer;
  /** The colour map whose table is in {@link lut} (undefined before the first frame). */
  private lutMap: ColourMapName | undefined;

  private constructor(
    private readonly gpu: GpuContext,
    private readonly surface: GpuSurface,
    private readonly pipelineFor: (format: GPUTextureFormat) => Promise<GPURenderPipeline>,
  ) {
    this.lut = gpu.resources.createBuffer({
      label: 'heatmap.lut',
      size: LUT_SIZE * 4,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
    });
  }

  /**
   * Writes the table of `map` into the LUT buffer unless it is already there. Queue order makes
   * frames submitted earlier read the old table and this frame the new one.
   */
  private useMap(map: ColourMapName): void {
    if (map === this.lutMap) return;
    const lut = colourMapLut(map);
    this.gpu.device.queue.writeBuffer(this.lut, 0, lut.buffer, lut.byteOffset, lut.byteLength);
    this.lutMap = map;
  }

  /** Creates the pass; pipelines compile once per device and target format. */
  static create(gpu: GpuContext, surface: GpuSurface): GpuHeatmap {
    const { device } = gpu;
    const pipelineFor = (format: GPUTextureFormat) =>
      cachedPerDevice(device, `heatmap:${format}`, async () => {
        const module = await compileShader(device, 'heatmap', heatmapWgsl);
        return validated(device, 'heatmap', () =>
          device.createRenderPipelineAsync({
            label: `heatmap.pipeline.${format}`,
            layout: 'auto',
            vertex: { module, entryPoint: 'vs' },
            fragment: { module, entryPoint: 'fs', targets: [{ format }] },
            primitive: { topology: 'triangle-list' },
          }),
        );
      });
    return new GpuHeatmap(gpu, surface, pipelineFor);
  }

  private async prepare(grid: SurfaceGrid, format: GPUTextureFormat): Promise<GPURenderPipeline> {
    const pipeline = await this.pipelineFor(format);
    const rows = this.surface.planTiles(grid);
    if (!this.surfaceBuffers?.fits(grid.width, rows)) {
      this.releaseBuffers();
      this.surfaceBuffers = this.surface.allocate(grid);
    }
    if (this.bands.length !== this.surfaceBuffers.tiles.length || this.bandPipeline !== pipeline) {
      this.releaseBands();
      this.bandPipeline = pipeline;
      this.bands = this.surfaceBuffers.tiles.map((tile, i) => {
        const params = this.gpu.resources.createBuffer({
          label: `heatmap.params[${i}]`,
          size: HEATMAP_PARAMS.byteSize,
          usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
        });
        const bindGroup = this.gpu.device.createBindGroup({
          label: `heatmap.bindGroup[${i}]`,
          layout: pipeline.getBindGroupLayout(0),
          entries: [
            { binding: 0, resource: { buffer: params } },
            { binding: 1, resource: { buffer: tile.values } },
            { binding: 2, resource: { buffer: this.lut } },
          ],
        });
        return { params, bindGroup };
      });
    }
    return pipeline;
  }

  /**
   * Records the surface compute and the colour pass for `target` into one command buffer and
   * submits it. Resolves once the commands are submitted (not completed).
   */
  async render(
    target: HeatmapTarget,
    law: ScalingLaw,
    grid: SurfaceGrid,
    scale: ColourScale,
  ): Promise<void> {
    const pipeline = await this.prepare(grid, target.format);
    const buffers = this.surfaceBuffers!;
    const { device } = this.gpu;
    this.useMap(scale.map);
    const encoder = device.createCommandEncoder({ label: 'heatmap.frame' });
    this.surface.encode(encoder, law, grid, buffers);
    const tf = colourTransform(scale);
    const pass = encoder.beginRenderPass({
      label: 'heatmap.pass',
      colorAttachments: [
        {
          view: typeof target.view === 'function' ? target.view() : target.view,
          loadOp: 'clear',
          storeOp: 'store',
          clearValue: { r: 0, g: 0, b: 0, a: 1 },
        },
      ],
    });
    pass.setPipeline(pipeline);
    buffers.tiles.forEach((tile, i) => {
      const band = this.bands[i]!;
      const { first, last } = bandPixelRows(
        target.height,
        grid.height,
        tile.rows.start,
        tile.rows.start + tile.rows.count,
      );
      if (last < first) return;
      device.queue.writeBuffer(
        band.params,
        0,
        HEATMAP_PARAMS.pack({
          offset: tf.offset,
          scale: tf.scale,
          E: tf.E,
          logReducible: tf.logReducible ? 1 : 0,
          gridWidth: grid.width,
          gridHeight: grid.height,
          rowStart: tile.rows.start,
          rowCount: tile.rows.count,
          targetWidth: target.width,
          targetHeight: target.height,
          rowStride: rowStride(grid.width),
        }),
      );
      pass.setBindGroup(0, band.bindGroup);
      pass.setScissorRect(0, first, target.width, last - first + 1);
      pass.draw(3);
    });
    pass.end();
    device.queue.submit([encoder.finish()]);
  }

  /** Renders into a fresh rgba8unorm texture of the given size and reads the pixels back (tests, export). */
  async renderToPixels(
    law: ScalingLaw,
    grid: SurfaceGrid,
    scale: ColourScale,
    width: number,
    height: number,
  ): Promise<Uint8Array> {
    const { device } = this.gpu;
    const texture = this.gpu.resources.createTexture({
      label: 'heatmap.offscreen',
      size: [width, height],
      format: 'rgba8unorm',
      usage: GPUTextureUsage.RENDER_ATTACHMENT | GPUTextureUsage.COPY_SRC,
    });
    const bytesPerRow = Math.ceil((width * 4) / 256) * 256;
    const read = this.gpu.resources.createBuffer({
      label: 'heatmap.readback',
      size: bytesPerRow * height,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    try {
      await this.render(
        { view: texture.createView(), width, height, format: 'rgba8unorm' },
        law,
        grid,
        scale,
      );
      const encoder = device.createCommandEncoder({ label: 'heatmap.readback' });
      encoder.copyTextureToBuffer({ texture }, { buffer: read, bytesPerRow }, [width, height]);
      device.queue.submit([encoder.finish()]);
      await read.mapAsync(GPUMapMode.READ);
      const padded = new Uint8Array(read.getMappedRange());
      const out = new Uint8Array(width * height * 4);
      for (let y = 0; y < height; y++) {
        out.set(padded.subarray(y * bytesPerRow, y * bytesPerRow + width * 4), y * width * 4);
      }
      read.unmap();
      return out;
    } finally {
      this.gpu.resources.destroyBuffer(read);
      this.gpu.resources.destroyTexture(texture);
    }
  }

  private releaseBands(): void {
    for (const b of this.bands) this.gpu.resources.destroyBuffer(b.params);
    this.bands = [];
  }

  private releaseBuffers(): void {
    this.releaseBands();
    this.surfaceBuffers?.dispose();
    this.surfaceBuffers = undefined;
  }

  /** Frees every buffer this pass holds. */
  dispose(): void {
    this.releaseBuffers();
    this.gpu.resources.destroyBuffer(this.lut);
  }
}
