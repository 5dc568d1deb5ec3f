/**
 * Typed wrapper of shaders/multiplier.wgsl: ln m(C) of every (pair, budget) in f32, read back
 * to the CPU as f64 with NaN where the reference cannot match (the kernel's status 1), the same
 * layout as the f64 twin `multiplierCurves` in src/law/multiplier-curves.ts. Pairs are split
 * into bands (src/gpu/tiles.ts) that fit one storage binding and one 2D dispatch; one submission
 * and readback per band, with progress (pairs done) after each.
 */
import multiplierWgsl from '../../shaders/multiplier.wgsl?raw';
import type { RowRange } from '../law/grid';
import {
  MULTIPLIER_PAIR_FIELDS,
  MULTIPLIER_PAIR_STRIDE,
  type MultiplierPair,
  packLnBudgets,
  packMultiplierPairs,
} from '../law/multiplier-curves';
import type { GpuContext } from './device';
import type { PassTimer } from './pass-timer';
import { cachedPerDevice, compileShader, validated } from './pipelines';
import { defineStruct } from './struct';
import { planRowTiles, type TileLimits } from './tiles';

/** Layout of MultiplierParams in multiplier.wgsl (uniform). */
export const MULTIPLIER_PARAMS = defineStruct('MultiplierParams', [
  ['count', 'u32'],
  ['budgets', 'u32'],
  ['rowStride', 'u32'],
] as const);

/** Layout of MultiplierPair in multiplier.wgsl (storage array, 4 bytes a field). */
export const MULTIPLIER_PAIR = defineStruct(
  'MultiplierPair',
  MULTIPLIER_PAIR_FIELDS.map((f) => [f, 'f32'] as const),
);

/** Threads a workgroup, one per (pair, budget). */
export const MULTIPLIER_WORKGROUP = { x: 64 } as const;

/**
 * Bands of `pairs` pairs: each band's outputs (B values of 4 bytes a pair, twice) and pair
 * records (32 bytes a pair) fit one binding, and its pairs x B threads one 2D dispatch.
 * Throws a RangeError if one pair does not fit.
 */
export function planMultiplierBands(
  pairs: number,
  budgets: number,
  limits: TileLimits,
): RowRange[] {
  const maxDim = limits.maxComputeWorkgroupsPerDimension;
  // planRowTiles allows maxDim * rowsPerWorkgroup rows; a 2D dispatch holds maxDim^2 workgroups.
  const rowsPerGroupColumn = Math.max(1, Math.floor((maxDim * MULTIPLIER_WORKGROUP.x) / budgets));
  return planRowTiles(
    Math.max(budgets, MULTIPLIER_PAIR_STRIDE),
    { start: 0, count: pairs },
    limits,
    rowsPerGroupColumn,
  );
}

/** Cancellation, progress (pairs done of all) and GPU time of a curves job. */
export interface MultiplierJob {
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
  readonly timer?: PassTimer | undefined;
}

interface MultiplierPipelines {
  readonly bindGroupLayout: GPUBindGroupLayout;
  readonly main: GPUComputePipeline;
}

/** The multiplier-curves kernel on one device. */
export class GpuMultiplier {
  private constructor(
    private readonly gpu: GpuContext,
    private readonly pipelines: MultiplierPipelines,
    /** Limits used to plan bands; tests lower them to force several dispatches. */
    readonly tileLimits: TileLimits,
  ) {}

  /** Compiles (once per device) and returns the kernel; rejects with a KernelError if it fails. */
  static async create(
    gpu: GpuContext,
    tileLimits: TileLimits = gpu.info.limits,
  ): Promise<GpuMultiplier> {
    const { device } = gpu;
    const pipelines = await cachedPerDevice(device, 'multiplier', async () => {
      const module = await compileShader(device, 'multiplier', multiplierWgsl);
      const entry = (type: GPUBufferBindingType, binding: number) => ({
        binding,
        visibility: GPUShaderStage.COMPUTE,
        buffer: { type },
      });
      const bindGroupLayout = device.createBindGroupLayout({
        label: 'multiplier.bindGroupLayout',
        entries: [
          entry('uniform', 0),
          entry('read-only-storage', 1),
          entry('read-only-storage', 2),
          entry('storage', 3),
          entry('storage', 4),
        ],
      });
      const layout = device.createPipelineLayout({
        label: 'multiplier.pipelineLayout',
        bindGroupLayouts: [bindGroupLayout],
      });
      const main = await validated(device, 'multiplier', () =>
        device.createComputePipelineAsync({
          label: 'multiplier.main',
          layout,
          compute: { module, entryPoint: 'main', constants: { WG_X: MULTIPLIER_WORKGROUP.x } },
        }),
      );
      return { bindGroupLayout, main };
    });
    return new GpuMultiplier(gpu, pipelines, tileLimits);
  }

  /**
   * ln m(C) of every pair at every budget: P x B, pair-major, f32 values widened to f64, NaN
   * where the reference cannot match. Throws a RangeError for an unusable curve or budget;
   * rejects with the signal's reason if aborted.
   */
  async curves(
    pairs: readonly MultiplierPair[],
    budgets: readonly number[],
    job: MultiplierJob = {},
  ): Promise<Float64Array> {
    return await this.curvesPacked(packMultiplierPairs(pairs), packLnBudgets(budgets), job);
  }

  /** {@link curves} on the packer's tables (src/law/multiplier-curves.ts). */
  async curvesPacked(
    pairTable: Float64Array,
    lnBudgets: Float64Array,
    job: MultiplierJob = {},
  ): Promise<Float64Array> {
    job.signal?.throwIfAborted();
    const P = pairTable.length / MULTIPLIER_PAIR_STRIDE;
    const B = lnBudgets.length;
    const total = P * B;
    const out = new Float64Array(total);
    if (total === 0) return out;
    const { device, resources } = this.gpu;
    const bands = planMultiplierBands(P, B, this.tileLimits);
    const largest = Math.max(...bands.map((b) => b.count));
    const made: GPUBuffer[] = [];
    const make = (label: string, size: number, usage: number) => {
      const b = resources.createBuffer({ label, size: Math.max(16, size), usage });
      made.push(b);
      return b;
    };
    const STORAGE_IN = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST;
    const STORAGE_OUT = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC;
    const READ = GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST;
    try {
      const table = Float32Array.from(pairTable);
      const pairBuffer = make('multiplier.pairs', largest * MULTIPLIER_PAIR_STRIDE * 4, STORAGE_IN);
      const budgetBuffer = make('multiplier.lnBudgets', B * 4, STORAGE_IN);
      device.queue.writeBuffer(budgetBuffer, 0, Float32Array.from(lnBudgets));
      const params = make(
        'multiplier.params',
        MULTIPLIER_PARAMS.byteSize,
        GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
      );
      const bytes = largest * B * 4;
      const lnm = make('multiplier.lnm', bytes, STORAGE_OUT);
      const status = make('multiplier.status', bytes, STORAGE_OUT);
      const lnmRead = make('multiplier.lnmReadback', bytes, READ);
      const statusRead = make('multiplier.statusReadback', bytes, READ);
      const bindGroup = device.createBindGroup({
        label: 'multiplier.bindGroup',
        layout: this.pipelines.bindGroupLayout,
        entries: [
          { binding: 0, resource: { buffer: params } },
          { binding: 1, resource: { buffer: pairBuffer } },
          { binding: 2, resource: { buffer: budgetBuffer } },
          { binding: 3, resource: { buffer: lnm } },
          { binding: 4, resource: { buffer: status } },
        ],
      });
      let done = 0;
      for (const band of bands) {
        job.signal?.throwIfAborted();
        const count = band.count * B;
        const groups = Math.ceil(count / MULTIPLIER_WORKGROUP.x);
        const gx = Math.min(groups, this.tileLimits.maxComputeWorkgroupsPerDimension);
        device.queue.writeBuffer(
          pairBuffer,
          0,
          table,
          band.start * MULTIPLIER_PAIR_STRIDE,
          band.count * MULTIPLIER_PAIR_STRIDE,
        );
        device.queue.writeBuffer(
          params,
          0,
          MULTIPLIER_PARAMS.pack({ count, budgets: B, rowStride: gx * MULTIPLIER_WORKGROUP.x }),
        );
        const encoder = device.createCommandEncoder({ label: 'multiplier.curves' });
        const pass = encoder.beginComputePass({
          label: 'multiplier.pass',
          ...(job.timer ? { timestampWrites: job.timer.writes() } : {}),
        });
        pass.setPipeline(this.pipelines.main);
        pass.setBindGroup(0, bindGroup);
        pass.dispatchWorkgroups(gx, Math.ceil(groups / gx));
        pass.end();
        job.timer?.resolve(encoder);
        const size = count * 4;
        encoder.copyBufferToBuffer(lnm, 0, lnmRead, 0, size);
        encoder.copyBufferToBuffer(status, 0, statusRead, 0, size);
        device.queue.submit([encoder.finish()]);
        await job.timer?.collect();
        await Promise.all([
          lnmRead.mapAsync(GPUMapMode.READ, 0, size),
          statusRead.mapAsync(GPUMapMode.READ, 0, size),
        ]);
        const values = new Float32Array(lnmRead.getMappedRange(0, size));
        const flags = new Uint32Array(statusRead.getMappedRange(0, size));
        const at = band.start * B;
        for (let i = 0; i < count; i++) out[at + i] = flags[i] === 0 ? values[i]! : Number.NaN;
        lnmRead.unmap();
        statusRead.unmap();
        done += band.count;
        job.onProgress?.(done, P);
      }
      job.signal?.throwIfAborted();
      return out;
    } finally {
      for (const b of made) resources.destroyBuffer(b);
    }
  }
}
