/**
 * Typed wrapper of shaders/isoflop.wgsl: the isoFLOP parabola of every (replica, budget) pair
 * in f32, read back to the CPU (the same records as the f64 twin `parabolaRecords` in
 * src/fit/isoflop-parabola.ts). All replicas go in one dispatch unless their weights pass one
 * storage binding, in which case they are split into bands of replicas, one dispatch each, in
 * one submission.
 */
import isoflopWgsl from '../../shaders/isoflop.wgsl?raw';
import { PARABOLA_RECORD, type PackedBudgets } from '../fit/isoflop-parabola';
import type { GpuContext } from './device';
import { cachedPerDevice, compileShader, validated } from './pipelines';
import { defineStruct } from './struct';
import type { TileLimits } from './tiles';

/** Layout of IsoflopParams in isoflop.wgsl. */
export const ISOFLOP_PARAMS = defineStruct('IsoflopParams', [
  ['pairs', 'u32'],
  ['budgets', 'u32'],
  ['runs', 'u32'],
  ['rowStride', 'u32'],
] as const);

/** Threads a workgroup, one per (replica, budget) pair. */
export const ISOFLOP_WORKGROUP = { x: 64 } as const;

/** A band of replicas that fits one binding and one dispatch. */
export interface ReplicaBand {
  readonly first: number;
  readonly count: number;
}

/**
 * Bands of `replicas` replicas whose weights (runs f32 each) and records (budgets vec4f each)
 * fit one binding, and whose pairs fit one 2D dispatch. Throws if one replica does not fit.
 */
export function planReplicaBands(
  replicas: number,
  runs: number,
  budgets: number,
  limits: TileLimits,
): ReplicaBand[] {
  const maxBytes = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
  const perReplica = Math.max(runs * 4, budgets * PARABOLA_RECORD * 4);
  const byBinding = Math.floor(maxBytes / perReplica);
  if (byBinding < 1) {
    throw new RangeError(
      `one bootstrap replica of ${runs} runs in ${budgets} budgets (${perReplica} bytes) exceeds the device's largest binding (${maxBytes} bytes)`,
    );
  }
  const maxDim = limits.maxComputeWorkgroupsPerDimension;
  const byDispatch = Math.max(1, Math.floor((maxDim * maxDim * ISOFLOP_WORKGROUP.x) / budgets));
  const size = Math.min(byBinding, byDispatch);
  const bands: ReplicaBand[] = [];
  for (let first = 0; first < replicas; first += size)
    bands.push({ first, count: Math.min(size, replicas - first) });
  return bands;
}

interface IsoflopPipelines {
  readonly bindGroupLayout: GPUBindGroupLayout;
  readonly main: GPUComputePipeline;
}

/** The parabola kernel on one device. */
export class GpuIsoflop {
  private constructor(
    private readonly gpu: GpuContext,
    private readonly pipelines: IsoflopPipelines,
    /** Limits used to plan bands; tests lower them to force several dispatches. */
    readonly tileLimits: TileLimits,
  ) {}

  /** Compiles (once per device) and returns the kernel; rejects with a KernelError if it fails. */
  static async create(
    gpu: GpuContext,
    tileLimits: TileLimits = gpu.info.limits,
  ): Promise<GpuIsoflop> {
    const { device } = gpu;
    const pipelines = await cachedPerDevice(
      device,
      'isoflop',
      async (): Promise<IsoflopPipelines> => {
        const module = await compileShader(device, 'isoflop', isoflopWgsl);
        const storage = (type: GPUBufferBindingType, binding: number) => ({
          binding,
          visibility: GPUShaderStage.COMPUTE,
          buffer: { type },
        });
        const bindGroupLayout = device.createBindGroupLayout({
          label: 'isoflop.bindGroupLayout',
          entries: [
            storage('uniform', 0),
            storage('read-only-storage', 1),
            storage('read-only-storage', 2),
            storage('read-only-storage', 3),
            storage('storage', 4),
          ],
        });
        const layout = device.createPipelineLayout({
          label: 'isoflop.pipelineLayout',
          bindGroupLayouts: [bindGroupLayout],
        });
        const main = await validated(device, 'isoflop', () =>
          device.createComputePipelineAsync({
            label: 'isoflop.main',
            layout,
            compute: { module, entryPoint: 'main', constants: { WG_X: ISOFLOP_WORKGROUP.x } },
          }),
        );
        return { bindGroupLayout, main };
      },
    );
    return new GpuIsoflop(gpu, pipelines, tileLimits);
  }

  /**
   * The records (status, vertex u, c2, minimum v) of every (replica, budget) pair for `weights`
   * (R x packed runs, replica-major), R x budgets x 4 f32: the GPU twin of parabolaRecords.
   * Rejects with the signal's reason if aborted before the readback completes.
   */
  async records(
    packed: PackedBudgets,
    weights: Float64Array,
    signal?: AbortSignal,
  ): Promise<Float32Array> {
    const { device, resources } = this.gpu;
    const B = packed.count;
    const n = packed.offsets[B]!;
    const replicas = n === 0 || B === 0 ? 0 : weights.length / n;
    const out = new Float32Array(replicas * B * PARABOLA_RECORD);
    if (replicas === 0) return out;
    const created: GPUBuffer[] = [];
    const make = (descriptor: GPUBufferDescriptor) => {
      const b = resources.createBuffer(descriptor);
      created.push(b);
      return b;
    };
    try {
      const offsets = make({
        label: 'isoflop.offsets',
        size: Math.ceil(((B + 1) * 4) / 16) * 16,
        usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
      });
      device.queue.writeBuffer(offsets, 0, Uint32Array.from(packed.offsets));
      const uvData = new Float32Array(2 * n);
      for (let i = 0; i < n; i++) {
        uvData[2 * i] = packed.u[i]!;
        uvData[2 * i + 1] = packed.v[i]!;
      }
      const uv = make({
        label: 'isoflop.uv',
        size: uvData.byteLength,
        usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
      });
      device.queue.writeBuffer(uv, 0, uvData);
      const encoder = device.createCommandEncoder({ label: 'isoflop.records' });
      const pass = encoder.beginComputePass({ label: 'isoflop.pass' });
      pass.setPipeline(this.pipelines.main);
      const bands = planReplicaBands(replicas, n, B, this.tileLimits).map((band, i) => {
        const pairs = band.count * B;
        const groups = Math.ceil(pairs / ISOFLOP_WORKGROUP.x);
        const gx = Math.min(groups, this.tileLimits.maxComputeWorkgroupsPerDimension);
        const gy = Math.ceil(groups / gx);
        const w = make({
          label: `isoflop.weights[${i}]`,
          size: band.count * n * 4,
          usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
        });
        device.queue.writeBuffer(
          w,
          0,
          Float32Array.from(weights.subarray(band.first * n, (band.first + band.count) * n)),
        );
        const size = pairs * PARABOLA_RECORD * 4;
        const records = make({
          label: `isoflop.records[${i}]`,
          size,
          usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
        });
        const params = make({
          label: `isoflop.params[${i}]`,
          size: ISOFLOP_PARAMS.byteSize,
          usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
        });
        device.queue.writeBuffer(
          params,
          0,
          ISOFLOP_PARAMS.pack({
            pairs,
            budgets: B,
            runs: n,
            rowStride: gx * ISOFLOP_WORKGROUP.x,
          }),
        );
        const bindGroup = device.createBindGroup({
          label: `isoflop.bindGroup[${i}]`,
          layout: this.pipelines.bindGroupLayout,
          entries: [
            { binding: 0, resource: { buffer: params } },
            { binding: 1, resource: { buffer: offsets } },
            { binding: 2, resource: { buffer: uv } },
            { binding: 3, resource: { buffer: w } },
            { binding: 4, resource: { buffer: records } },
          ],
        });
        pass.setBindGroup(0, bindGroup);
        pass.dispatchWorkgroups(gx, gy);
        return { band, records, size };
      });
      pass.end();
      const reads = bands.map((b) => {
        const read = make({
          label: 'isoflop.readback',
          size: b.size,
          usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
        });
        encoder.copyBufferToBuffer(b.records, 0, read, 0, b.size);
        return read;
      });
      device.queue.submit([encoder.finish()]);
      for (const [i, b] of bands.entries()) {
        signal?.throwIfAborted();
        const read = reads[i]!;
        await read.mapAsync(GPUMapMode.READ);
        out.set(
          new Float32Array(read.getMappedRange(), 0, b.size / 4),
          b.band.first * B * PARABOLA_RECORD,
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
