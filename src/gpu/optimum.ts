/**
 * Typed wrapper of shaders/optimum.wgsl: the optimum (N, D, loss, status) of every pair of L laws
 * and S scenarios in f32, the GPU twin of solveOptimum (src/law/optimum.ts). Frontier bands are
 * replicas x budgets (laws x 'compute' or 'data-constrained' scenarios); a sweep is the cells of
 * two scenario axes (packed on the host by packSweep, src/gpu/optimum-pack.ts).
 *
 * Results are L x S x 4 f32, law-major: pair p = law * S + scenario holds N, D, loss, status
 * (OptimumStatus of src/law/scenario.ts; N = D = loss = 0 unless status is 0); failureReason
 * (or optimumReason below) turns a status into the CPU twin's message. A solve whose N, D or
 * loss is not finite in f32 becomes status noOptimum, as on the CPU.
 *
 * Tiling: one dispatch per tile, one tile unless a device limit forces more. A tile is a block
 * of scenarios (its records fit one binding) times a block of laws, with pairs * 16 bytes within
 * one binding; workgroups are laid out 2-D, so 65,535 workgroups per dimension bound nothing
 * below 2^38 pairs. At the default WebGPU limits (128 MiB bindings) 4,000 replicas x 512
 * budgets (32 MiB of results) and a 1024 x 1024 sweep (52 MiB of scenario records) are each one
 * dispatch. `maxPairsPerDispatch` splits further, for progress and cancellation between tiles.
 */
import optimumWgsl from '../../shaders/optimum.wgsl?raw';
import { BISECTION_ITERATIONS_F32, DATA_ELASTICITY_TOLERANCE } from '../law/data-constrained';
import { GOLDEN_ITERATIONS_F32 } from '../law/golden';
import type { ScalingLaw } from '../law/law';
import { OptimumStatus, type Scenario } from '../law/scenario';
import type { SweepAxis } from '../law/sweep';
import type { GpuContext, GpuLimits } from './device';
import {
  OPTIMUM_CONSTANTS_MARKER,
  OPTIMUM_LAW,
  OPTIMUM_PARAMS,
  OPTIMUM_SCENARIO,
  optimumConstantsWgsl,
  packLaws,
  packScenarios,
  packSweep,
  recordStride,
} from './optimum-pack';
import type { PassTimer } from './pass-timer';
import { cachedPerDevice, compileShader, validated, withGeneratedConstants } from './pipelines';

/** optimum.wgsl with its kind and status constants generated from the TypeScript ones. */
export function optimumShaderSource(): string {
  return withGeneratedConstants(
    'optimum',
    optimumWgsl,
    OPTIMUM_CONSTANTS_MARKER,
    optimumConstantsWgsl(),
  );
}

/** Invocations per workgroup (one pair each). */
export const OPTIMUM_WORKGROUP = 64;

/** Bytes of one pair's result: vec4f (N, D, loss, status). */
const RESULT_BYTES = 16;

/** The limits the tile planner respects; tests lower them. */
export type OptimumLimits = Pick<
  GpuLimits,
  'maxStorageBufferBindingSize' | 'maxBufferSize' | 'maxComputeWorkgroupsPerDimension'
>;

/** Cancellation and progress of one job (pairs done so far and in all). */
export interface OptimumJob {
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
  /** Sums the GPU time of every tile's pass, where the device has timestamp queries. */
  readonly timer?: PassTimer | undefined;
}

/** A block of laws times a block of scenarios: one dispatch. */
export interface OptimumTile {
  readonly lawStart: number;
  readonly lawCount: number;
  readonly scenarioStart: number;
  readonly scenarioCount: number;
}

/**
 * Tiles covering laws x scenarios under the limits, each at most `maxPairs` pairs. Throws a
 * RangeError if the laws alone exceed a binding.
 */
export function planOptimumTiles(
  lawCount: number,
  scenarioCount: number,
  limits: OptimumLimits,
  maxPairs = Number.POSITIVE_INFINITY,
): OptimumTile[] {
  const binding = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
  if (lawCount * recordStride(OPTIMUM_LAW) > binding)
    throw new RangeError(`${lawCount} laws exceed the device's largest binding (${binding} bytes)`);
  const perDim = limits.maxComputeWorkgroupsPerDimension;
  const pairCap = Math.max(
    1,
    Math.min(
      Math.floor(binding / RESULT_BYTES),
      perDim * perDim * OPTIMUM_WORKGROUP,
      Math.floor(maxPairs),
    ),
  );
  const scenarioBlock = Math.max(
    1,
    Math.min(scenarioCount, Math.floor(binding / recordStride(OPTIMUM_SCENARIO)), pairCap),
  );
  const tiles: OptimumTile[] = [];
  for (let s0 = 0; s0 < scenarioCount; s0 += scenarioBlock) {
    const sc = Math.min(scenarioBlock, scenarioCount - s0);
    const lawBlock = Math.max(1, Math.floor(pairCap / sc));
    for (let l0 = 0; l0 < lawCount; l0 += lawBlock) {
      tiles.push({
        lawStart: l0,
        lawCount: Math.min(lawBlock, lawCount - l0),
        scenarioStart: s0,
        scenarioCount: sc,
      });
    }
  }
  return tiles;
}

interface OptimumPipelines {
  readonly bindGroupLayout: GPUBindGroupLayout;
  readonly pipeline: GPUComputePipeline;
}

/** The optimum kernel on one device. */
export class GpuOptimum {
  private constructor(
    private readonly gpu: GpuContext,
    private readonly pipelines: OptimumPipelines,
    /** Limits used to plan tiles; tests lower them to force tiling. */
    readonly limits: OptimumLimits,
    /** Most pairs per dispatch (progress and cancellation happen between dispatches). */
    readonly maxPairsPerDispatch: number,
  ) {}

  /** Compiles (once per device) and returns the kernel. */
  static async create(
    gpu: GpuContext,
    options: { limits?: OptimumLimits; maxPairsPerDispatch?: number } = {},
  ): Promise<GpuOptimum> {
    const { device } = gpu;
    const pipelines = await cachedPerDevice(device, 'optimum', async () => {
      const module = await compileShader(device, 'optimum', optimumShaderSource());
      const entry = (binding: number, type: GPUBufferBindingType): GPUBindGroupLayoutEntry => ({
        binding,
        visibility: GPUShaderStage.COMPUTE,
        buffer: { type },
      });
      const bindGroupLayout = device.createBindGroupLayout({
        label: 'optimum.bindGroupLayout',
        entries: [
          entry(0, 'uniform'),
          entry(1, 'read-only-storage'),
          entry(2, 'read-only-storage'),
          entry(3, 'storage'),
        ],
      });
      const layout = device.createPipelineLayout({
        label: 'optimum.pipelineLayout',
        bindGroupLayouts: [bindGroupLayout],
      });
      const pipeline = await validated(device, 'optimum', () =>
        device.createComputePipelineAsync({
          label: 'optimum.main',
          layout,
          compute: {
            module,
            entryPoint: 'main',
            constants: {
              WG_X: OPTIMUM_WORKGROUP,
              GOLDEN_ITERATIONS: GOLDEN_ITERATIONS_F32,
              BISECTION_ITERATIONS: BISECTION_ITERATIONS_F32,
              ELASTICITY_TOLERANCE: DATA_ELASTICITY_TOLERANCE,
            },
          },
        }),
      );
      return { bindGroupLayout, pipeline };
    });
    return new GpuOptimum(
      gpu,
      pipelines,
      options.limits ?? gpu.info.limits,
      options.maxPairsPerDispatch ?? Number.POSITIVE_INFINITY,
    );
  }

  /** The tiles (one dispatch each) for laws x scenarios. */
  planTiles(lawCount: number, scenarioCount: number): OptimumTile[] {
    return planOptimumTiles(lawCount, scenarioCount, this.limits, this.maxPairsPerDispatch);
  }

  /** The optimum of every (law, scenario) pair: L x S x 4 f32, law-major. */
  solve(
    laws: readonly ScalingLaw[],
    scenarios: readonly Scenario[],
    job: OptimumJob = {},
  ): Promise<Float32Array> {
    return this.run(laws, packScenarios(scenarios), scenarios.length, job);
  }

  /**
   * The optimum in every cell of a sweep of two axes over `base`, for each law:
   * L x (y.count * x.count) x 4 f32, law-major, cells row-major (row = y index).
   * Throws a RangeError for an unusable axis (inverted range, resolution, MFU outside (0, 1]).
   */
  sweep(
    laws: readonly ScalingLaw[],
    base: Scenario,
    x: SweepAxis,
    y: SweepAxis,
    job: OptimumJob = {},
  ): Promise<Float32Array> {
    return this.run(laws, packSweep(base, x, y), x.count * y.count, job);
  }

  private async run(
    laws: readonly ScalingLaw[],
    records: ArrayBuffer,
    scenarioCount: number,
    job: OptimumJob,
  ): Promise<Float32Array> {
    job.signal?.throwIfAborted();
    const total = laws.length * scenarioCount;
    const out = new Float32Array(total * 4);
    if (total === 0) return out;
    const { device, resources } = this.gpu;
    const tiles = this.planTiles(laws.length, scenarioCount);
    const largest = Math.max(...tiles.map((t) => t.lawCount * t.scenarioCount)) * RESULT_BYTES;
    const stride = recordStride(OPTIMUM_SCENARIO);
    const made: GPUBuffer[] = [];
    const make = (label: string, size: number, usage: number) => {
      const b = resources.createBuffer({ label, size: Math.max(16, size), usage });
      made.push(b);
      return b;
    };
    try {
      const lawBytes = packLaws(laws);
      const lawBuffer = make(
        'optimum.laws',
        lawBytes.byteLength,
        GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
      );
      device.queue.writeBuffer(lawBuffer, 0, lawBytes);
      const params = make(
        'optimum.params',
        OPTIMUM_PARAMS.byteSize,
        GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
      );
      const results = make(
        'optimum.results',
        largest,
        GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
      );
      const readback = make(
        'optimum.readback',
        largest,
        GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
      );
      let scenarioBuffer: GPUBuffer | null = null;
      let scenarioStart = -1;
      let done = 0;
      for (const tile of tiles) {
        job.signal?.throwIfAborted();
        if (tile.scenarioStart !== scenarioStart) {
          if (scenarioBuffer) {
            resources.destroyBuffer(scenarioBuffer);
            made.splice(made.indexOf(scenarioBuffer), 1);
          }
          scenarioStart = tile.scenarioStart;
          const bytes = tile.scenarioCount * stride;
          scenarioBuffer = make(
            'optimum.scenarios',
            bytes,
            GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
          );
          device.queue.writeBuffer(scenarioBuffer, 0, records, scenarioStart * stride, bytes);
        }
        const pairs = tile.lawCount * tile.scenarioCount;
        const groups = Math.ceil(pairs / OPTIMUM_WORKGROUP);
        const groupsX = Math.min(groups, this.limits.maxComputeWorkgroupsPerDimension);
        device.queue.writeBuffer(
          params,
          0,
          OPTIMUM_PARAMS.pack({
            lawStart: tile.lawStart,
            lawCount: tile.lawCount,
            scenarioCount: tile.scenarioCount,
            groupsX,
          }),
        );
        const bindGroup = device.createBindGroup({
          label: 'optimum.bindGroup',
          layout: this.pipelines.bindGroupLayout,
          entries: [
            { binding: 0, resource: { buffer: params } },
            { binding: 1, resource: { buffer: lawBuffer } },
            { binding: 2, resource: { buffer: scenarioBuffer! } },
            { binding: 3, resource: { buffer: results } },
          ],
        });
        const encoder = device.createCommandEncoder({ label: 'optimum.solve' });
        const pass = encoder.beginComputePass({
          label: 'optimum.pass',
          ...(job.timer ? { timestampWrites: job.timer.writes() } : {}),
        });
        pass.setPipeline(this.pipelines.pipeline);
        pass.setBindGroup(0, bindGroup);
        pass.dispatchWorkgroups(groupsX, Math.ceil(groups / groupsX));
        pass.end();
        job.timer?.resolve(encoder);
        const bytes = pairs * RESULT_BYTES;
        encoder.copyBufferToBuffer(results, 0, readback, 0, bytes);
        device.queue.submit([encoder.finish()]);
        await job.timer?.collect();
        await readback.mapAsync(GPUMapMode.READ, 0, bytes);
        copyTile(new Float32Array(readback.getMappedRange(0, bytes)), tile, scenarioCount, out);
        readback.unmap();
        done += pairs;
        job.onProgress?.(done, total);
      }
      job.signal?.throwIfAborted();
      return markNonFinite(out);
    } finally {
      for (const b of made) resources.destroyBuffer(b);
    }
  }
}

/** Copies a tile's law-major results into rows of the whole result. */
function copyTile(data: Float32Array, tile: OptimumTile, scenarioCount: number, out: Float32Array) {
  const width = tile.scenarioCount * 4;
  for (let l = 0; l < tile.lawCount; l++) {
    const at = ((tile.lawStart + l) * scenarioCount + tile.scenarioStart) * 4;
    out.set(data.subarray(l * width, (l + 1) * width), at);
  }
}

/** Status 0 with a non-finite N, D or loss becomes noOptimum (values zeroed), as on the CPU. */
function markNonFinite(out: Float32Array): Float32Array {
  for (let p = 0; p < out.length; p += 4) {
    if (
      out[p + 3] === 0 &&
      !(Number.isFinite(out[p]!) && Number.isFinite(out[p + 1]!) && Number.isFinite(out[p + 2]!))
    ) {
      out.fill(0, p, p + 3);
      out[p + 3] = OptimumStatus.noOptimum;
    }
  }
  return out;
}
