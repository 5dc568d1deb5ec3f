/**
 * Typed wrapper of shaders/design.wgsl: the variance reduction of every candidate run of a
 * grid, in f32, read back to the CPU (same signature as the f64 twin candidateReductions in
 * src/fit/design.ts). Grids past one binding or one dispatch are split into row bands.
 */
import designWgsl from '../../shaders/design.wgsl?raw';
import {
  type CandidateGrid,
  candidateAxes,
  type DesignModel,
  validateCandidateGrid,
} from '../fit/design';
import type { RowRange } from '../law/grid';
import type { GpuContext } from './device';
import { cachedPerDevice, compileShader, validated } from './pipelines';
import { defineStruct } from './struct';
import { planRowTiles, type TileLimits } from './tiles';

/** Layout of DesignParams in design.wgsl. */
export const DESIGN_PARAMS = defineStruct('DesignParams', [
  ['aC', 'f32'],
  ['bC', 'f32'],
  ['e', 'f32'],
  ['alpha', 'f32'],
  ['beta', 'f32'],
  ['n0', 'f32'],
  ['nCol', 'f32'],
  ['nRow', 'f32'],
  ['d0', 'f32'],
  ['dCol', 'f32'],
  ['dRow', 'f32'],
  ['s2', 'f32'],
  ['width', 'u32'],
  ['rowStart', 'u32'],
  ['rowCount', 'u32'],
  ['pad', 'u32'],
] as const);

/** Threads a workgroup, along the columns; one workgroup row per grid row. */
export const DESIGN_WORKGROUP = { x: 64 } as const;

/** Floats in the model buffer: M^-1 (25), g (5), padding (2). */
export const DESIGN_MODEL_FLOATS = 32;

/**
 * The kernel's inputs in f64, before rounding to f32: the centred law, the candidates' centred
 * log axes and s^2 (params), and M^-1 then g (model). The contract test uses the same values.
 */
export function designKernelInputs(
  model: DesignModel,
  grid: CandidateGrid,
): {
  params: Omit<Record<(typeof DESIGN_PARAMS.fields)[number][0], number>, 'rowStart' | 'rowCount'>;
  model: Float64Array;
} {
  const axes = candidateAxes(grid);
  const { theta, centre } = model;
  const packed = new Float64Array(DESIGN_MODEL_FLOATS);
  packed.set(Array.from(model.covariance), 0);
  packed.set(Array.from(model.gradient), 25);
  return {
    params: {
      aC: theta.a - theta.alpha * centre.lnN,
      bC: theta.b - theta.beta * centre.lnD,
      e: theta.e,
      alpha: theta.alpha,
      beta: theta.beta,
      n0: axes.lnN0 - centre.lnN,
      nCol: axes.nCol,
      nRow: axes.nRow,
      d0: axes.lnD0 - centre.lnD,
      dCol: axes.dCol,
      dRow: axes.dRow,
      s2: model.s2,
      width: grid.width,
      pad: 0,
    },
    model: packed,
  };
}

interface DesignPipelines {
  readonly bindGroupLayout: GPUBindGroupLayout;
  readonly main: GPUComputePipeline;
}

/** The designer kernel on one device. */
export class GpuDesign {
  private constructor(
    private readonly gpu: GpuContext,
    private readonly pipelines: DesignPipelines,
    /** Limits used to plan bands; tests lower them to force tiling. */
    readonly tileLimits: TileLimits,
  ) {}

  /** Compiles (once per device) and returns the kernel. */
  static async create(
    gpu: GpuContext,
    tileLimits: TileLimits = gpu.info.limits,
  ): Promise<GpuDesign> {
    const { device } = gpu;
    const pipelines = await cachedPerDevice(
      device,
      'design',
      async (): Promise<DesignPipelines> => {
        const module = await compileShader(device, 'design', designWgsl);
        const bindGroupLayout = device.createBindGroupLayout({
          label: 'design.bindGroupLayout',
          entries: [
            { binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform' } },
            { binding: 1, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'storage' } },
            {
              binding: 2,
              visibility: GPUShaderStage.COMPUTE,
              buffer: { type: 'read-only-storage' },
            },
          ],
        });
        const layout = device.createPipelineLayout({
          label: 'design.pipelineLayout',
          bindGroupLayouts: [bindGroupLayout],
        });
        const main = await validated(device, 'design', () =>
          device.createComputePipelineAsync({
            label: 'design.main',
            layout,
            compute: { module, entryPoint: 'main', constants: { WG_X: DESIGN_WORKGROUP.x } },
          }),
        );
        return { bindGroupLayout, main };
      },
    );
    return new GpuDesign(gpu, pipelines, tileLimits);
  }

  /** The row bands the kernel uses for a grid (one row a workgroup row in y). */
  planTiles(grid: CandidateGrid): RowRange[] {
    return planRowTiles(grid.width, { start: 0, count: grid.height }, this.tileLimits, 1);
  }

  /**
   * dVar of every cell, row-major, read back to the CPU: the GPU twin of candidateReductions.
   * Rejects with the signal's reason if aborted before the readback completes.
   */
  async evaluate(
    model: DesignModel,
    grid: CandidateGrid,
    signal?: AbortSignal,
  ): Promise<Float32Array> {
    validateCandidateGrid(grid);
    const { device, resources } = this.gpu;
    const inputs = designKernelInputs(model, grid);
    const tiles = this.planTiles(grid);
    const created: GPUBuffer[] = [];
    const make = (descriptor: GPUBufferDescriptor) => {
      const b = resources.createBuffer(descriptor);
      created.push(b);
      return b;
    };
    try {
      const modelBuffer = make({
        label: 'design.model',
        size: DESIGN_MODEL_FLOATS * 4,
        usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
      });
      device.queue.writeBuffer(modelBuffer, 0, Float32Array.from(inputs.model));
      const encoder = device.createCommandEncoder({ label: 'design.evaluate' });
      const reads: GPUBuffer[] = [];
      const bands = tiles.map((rows, i) => {
        const size = rows.count * grid.width * 4;
        const values = make({
          label: `design.values[${i}]`,
          size,
          usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
        });
        const params = make({
          label: `design.params[${i}]`,
          size: DESIGN_PARAMS.byteSize,
          usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
        });
        device.queue.writeBuffer(
          params,
          0,
          DESIGN_PARAMS.pack({ ...inputs.params, rowStart: rows.start, rowCount: rows.count }),
        );
        const bindGroup = device.createBindGroup({
          label: `design.bindGroup[${i}]`,
          layout: this.pipelines.bindGroupLayout,
          entries: [
            { binding: 0, resource: { buffer: params } },
            { binding: 1, resource: { buffer: values } },
            { binding: 2, resource: { buffer: modelBuffer } },
          ],
        });
        return { rows, values, bindGroup, size };
      });
      const pass = encoder.beginComputePass({ label: 'design.pass' });
      pass.setPipeline(this.pipelines.main);
      for (const band of bands) {
        pass.setBindGroup(0, band.bindGroup);
        pass.dispatchWorkgroups(Math.ceil(grid.width / DESIGN_WORKGROUP.x), band.rows.count);
      }
      pass.end();
      for (const band of bands) {
        const read = make({
          label: 'design.readback',
          size: band.size,
          usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
        });
        reads.push(read);
        encoder.copyBufferToBuffer(band.values, 0, read, 0, band.size);
      }
      device.queue.submit([encoder.finish()]);
      const out = new Float32Array(grid.width * grid.height);
      for (const [i, band] of bands.entries()) {
        signal?.throwIfAborted();
        const read = reads[i]!;
        await read.mapAsync(GPUMapMode.READ);
        out.set(
          new Float32Array(read.getMappedRange(), 0, band.rows.count * grid.width),
          band.rows.start * grid.width,
        );
        read.unmap();
      }
      signal?.throwIfAborted();
      return out;
    } finally {
      for (const b of created) resources.destroyBuffer(b);
    }
  }
}
