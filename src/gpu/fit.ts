/**
 * Typed wrapper of shaders/fit.wgsl: many L-BFGS fits of the Approach-3 objective at once in
 * f32, one invocation per fit. The GPU twin of fitFromStarts and fitReplicas in
 * src/fit/local-fits.ts: same starts, same resampling weights (drawn on the CPU by
 * replicaWeights and uploaded as integer counts), results in the same LocalFit shape.
 *
 * Thread-per-fit rather than workgroup-per-fit: with one fit per invocation every fit runs the
 * CPU twin's algorithm unchanged, control flow needs no barriers, and K fits fill K lanes; a
 * workgroup-per-fit kernel reduces the 240 rows across lanes but must synchronise every
 * evaluation and keeps the lanes idle during the L-BFGS bookkeeping. Only thread-per-fit has
 * been measured so far (workgroup-per-fit is still to be tried, with issue 3 item 9): on
 * SwiftShader (2 cores, shared with other jobs, 240 rows) it ran 240-630 grid-start fits/s and
 * 230-710 bootstrap fits/s (K = 1000), Node/Dawn and Chromium alike.
 *
 * `objective` is recomputed in f64 on the CPU at the returned parameters, with the same
 * weights, so objectives compare honestly with the CPU twin; the kernel's own f32 value is
 * kept as `objectiveF32`.
 */
import fitWgsl from '../../shaders/fit.wgsl?raw';
import type { StopReason } from '../fit/lbfgs';
import type { LocalFitOptions } from '../fit/local-fits';
import {
  type FitData,
  fitProblem,
  fromCentred,
  objectiveAndGradient,
  toCentred,
} from '../fit/objective';
import { type ResampleUnits, replicaWeights } from '../fit/resample';
import type { LocalFit } from '../fit/types';
import type { LawTheta } from '../law/law';
import type { GpuContext, GpuLimits } from './device';
import { cachedPerDevice, compileShader, validated } from './pipelines';
import { defineStruct } from './struct';

/** Layout of FitParams in fit.wgsl. */
export const FIT_PARAMS = defineStruct('FitParams', [
  ['rowCount', 'u32'],
  ['fitCount', 'u32'],
  ['dim', 'u32'],
  ['weighted', 'u32'],
  ['startStride', 'u32'],
  ['maxIterations', 'u32'],
  ['delta', 'f32'],
  ['ftol', 'f32'],
  ['fFloor', 'f32'],
  ['gtolRel', 'f32'],
] as const);

/** Layout of FitRecord in fit.wgsl: one per fit; status is reason << 24 | evaluations. */
export const FIT_RECORD = defineStruct('FitRecord', [
  ['a', 'f32'],
  ['b', 'f32'],
  ['e', 'f32'],
  ['alpha', 'f32'],
  ['beta', 'f32'],
  ['objective', 'f32'],
  ['iterations', 'u32'],
  ['status', 'u32'],
] as const);

/** Invocations per workgroup (one fit each). */
export const FIT_WORKGROUP_SIZE = 64;

/**
 * Stopping rules of the f32 kernel. The objective sums Huber terms that are mostly in their
 * linear branch, so near a minimum single iterations can make little progress; scipy's rule
 * (decrease <= 2.2e-9 * max(|f|, 1), i.e. ~2e-6 of f ~ 1e-3 here) then stops early: measured
 * on 400 synthetic replicas, the CPU twin's minima sit up to 3% (p90 0.2%) above a strictly
 * converged f64 reference. The kernel uses a relative decrease of 1e-7, below its own f32
 * noise (~1e-6 of f), so most fits run until the f32 line search can make no progress and stop
 * with reason 'line-search' and a small gradient (converged); its minima sit within 2e-5 (p90)
 * of the strict reference. The gradient test is scaled by the largest value a component can
 * take, delta * sum_i w_i max(1, |n_i|, |d_i|) (~0.4 on Chinchilla): 1e-5 of it is ~4e-6, near
 * the CPU's absolute 1e-5 and 30x above f32 rounding of the gradient. Fits need 20-200
 * iterations; the cap stops stragglers from holding their SIMD group.
 */
export const GPU_FIT_STOPPING = {
  ftol: 1e-7,
  fFloor: 0,
  gtolRel: 1e-5,
  maxIterations: 1000,
} as const;

/** Default fits per submit: cancellation and progress happen between chunks. */
export const DEFAULT_FIT_CHUNK = 4096;

/** Stop reasons by the kernel's code (0 is unused). */
const REASONS: readonly StopReason[] = [
  'non-finite',
  'ftol',
  'gtol',
  'max-iterations',
  'line-search',
  'line-search',
  'non-finite',
];

/** A GPU fit: the CPU twin's LocalFit plus why it stopped and the kernel's own objective. */
export interface GpuLocalFit extends LocalFit {
  readonly reason: StopReason;
  readonly objectiveF32: number;
}

/** Cancellation and progress of one batched job (fits done so far and in all). */
export interface GpuFitJob {
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
}

/** The limits the chunk planner respects; tests lower them. */
export type FitLimits = Pick<
  GpuLimits,
  'maxStorageBufferBindingSize' | 'maxBufferSize' | 'maxComputeWorkgroupsPerDimension'
>;

interface FitPipelines {
  readonly bindGroupLayout: GPUBindGroupLayout;
  /** By weight width in bits. */
  readonly byBits: ReadonlyMap<8 | 16, GPUComputePipeline>;
}

/** Per-call buffers, freed together. */
interface CallBuffers {
  readonly params: GPUBuffer;
  readonly rows: GPUBuffer;
  readonly starts: GPUBuffer;
  readonly weights: GPUBuffer;
  readonly results: GPUBuffer;
  readonly readback: GPUBuffer;
}

/** A chunk's inputs: its starts (5 f32 each, or one shared) and weights (or none). */
interface ChunkInput {
  readonly count: number;
  readonly starts: Float32Array<ArrayBuffer>;
  readonly shared: boolean;
  /** Per-fit weights as f64 counts (for the f64 objective), or null for all ones. */
  readonly weights: readonly Float64Array[] | null;
}

/** Rows as vec4f: centred ln N, centred ln D, ln L, and max(1, |n|, |d|) for the gradient scale. */
function packRows(data: FitData): Float32Array<ArrayBuffer> {
  const out = new Float32Array(data.n * 4);
  for (let i = 0; i < data.n; i++) {
    const n = data.lnN[i]!;
    const d = data.lnD[i]!;
    out.set([n, d, data.lnL[i]!, Math.max(1, Math.abs(n), Math.abs(d))], i * 4);
  }
  return out;
}

/**
 * Weight width for counts up to `max`: 8 bits when they fit, else 16. Throws rather than let a
 * count wrap.
 */
export function weightBits(max: number): 8 | 16 {
  if (max <= 0xff) return 8;
  if (max <= 0xffff) return 16;
  throw new RangeError(`a resampling count of ${max} exceeds the GPU fitter's 16-bit weights`);
}

/** The largest count; throws unless every weight is a non-negative integer. */
function largestCount(weights: readonly Float64Array[]): number {
  let max = 0;
  for (const w of weights) {
    for (const v of w) {
      if (!(Number.isInteger(v) && v >= 0)) {
        throw new RangeError(`GPU fit weights must be non-negative integer counts, got ${v}`);
      }
      max = Math.max(max, v);
    }
  }
  return max;
}

/** Packs per-fit counts interleaved: word (i / perWord) * count + fit holds row i of a fit. */
export function packWeights(
  weights: readonly Float64Array[],
  rows: number,
  bits: 8 | 16,
): Uint32Array<ArrayBuffer> {
  const perWord = 32 / bits;
  const count = weights.length;
  const out = new Uint32Array(Math.ceil(rows / perWord) * count);
  weights.forEach((w, fit) => {
    for (let i = 0; i < rows; i++) {
      const word = Math.floor(i / perWord) * count + fit;
      out[word] = (out[word]! | (w[i]! << ((i % perWord) * bits))) >>> 0;
    }
  });
  return out;
}

/** The fit kernel on one device. */
export class GpuFitter {
  private constructor(
    private readonly gpu: GpuContext,
    private readonly pipelines: FitPipelines,
    readonly limits: FitLimits,
    readonly chunkSize: number,
  ) {}

  /** Compiles (once per device) and returns the kernel. */
  static async create(
    gpu: GpuContext,
    options: { limits?: FitLimits; chunkSize?: number } = {},
  ): Promise<GpuFitter> {
    const { device } = gpu;
    const pipelines = await cachedPerDevice(device, 'fit', async (): Promise<FitPipelines> => {
      const module = await compileShader(device, 'fit', fitWgsl);
      const storage = (binding: number, type: GPUBufferBindingType): GPUBindGroupLayoutEntry => ({
        binding,
        visibility: GPUShaderStage.COMPUTE,
        buffer: { type },
      });
      const bindGroupLayout = device.createBindGroupLayout({
        label: 'fit.bindGroupLayout',
        entries: [
          storage(0, 'uniform'),
          storage(1, 'read-only-storage'),
          storage(2, 'read-only-storage'),
          storage(3, 'read-only-storage'),
          storage(4, 'storage'),
        ],
      });
      const layout = device.createPipelineLayout({
        label: 'fit.pipelineLayout',
        bindGroupLayouts: [bindGroupLayout],
      });
      const make = (bits: 8 | 16) =>
        validated(device, 'fit', () =>
          device.createComputePipelineAsync({
            label: `fit.lbfgs.u${bits}`,
            layout,
            compute: {
              module,
              entryPoint: 'fit',
              constants: { WG_SIZE: FIT_WORKGROUP_SIZE, WEIGHT_BITS: bits },
            },
          }),
        );
      const [p8, p16] = await Promise.all([make(8), make(16)]);
      return {
        bindGroupLayout,
        byBits: new Map([
          [8, p8],
          [16, p16],
        ]),
      };
    });
    return new GpuFitter(
      gpu,
      pipelines,
      options.limits ?? gpu.info.limits,
      options.chunkSize ?? DEFAULT_FIT_CHUNK,
    );
  }

  /**
   * Fits per chunk for `rows` data rows under the device limits and the chunk size. Throws a
   * RangeError, before any GPU work, when not even one fit fits.
   */
  planChunk(rows: number): number {
    const maxBytes = Math.min(this.limits.maxStorageBufferBindingSize, this.limits.maxBufferSize);
    if (rows < 1) throw new RangeError('the GPU fitter needs at least one data row');
    if (rows * 16 > maxBytes) {
      throw new RangeError(
        `${rows} data rows (${rows * 16} bytes) exceed the device's largest storage binding (${maxBytes} bytes)`,
      );
    }
    const weightBytesPerFit = Math.ceil(rows / 2) * 4;
    const perFit = Math.max(weightBytesPerFit, FIT_RECORD.byteSize);
    const byBinding = Math.floor(maxBytes / perFit);
    const byDispatch = this.limits.maxComputeWorkgroupsPerDimension * FIT_WORKGROUP_SIZE;
    const chunk = Math.min(this.chunkSize, byBinding, byDispatch);
    if (chunk < 1) {
      throw new RangeError(
        `one fit's weights (${weightBytesPerFit} bytes) exceed the device's largest storage binding (${maxBytes} bytes)`,
      );
    }
    return chunk;
  }

  /** GPU twin of fitFromStarts: minimises the objective on the full data from each start. */
  fitFromStarts(
    data: FitData,
    starts: readonly LawTheta[],
    options: LocalFitOptions,
    job: GpuFitJob = {},
  ): Promise<GpuLocalFit[]> {
    const problem = fitProblem(data, null, options.delta, options.tieExponents);
    const centred = (t: LawTheta) => problem.expand(problem.restrict(toCentred(t, data)));
    return this.run(data, starts.length, options, job, (first, count) => {
      const packed = new Float32Array(count * 5);
      for (let k = 0; k < count; k++) packed.set(centred(starts[first + k]!), k * 5);
      return { count, starts: packed, shared: false, weights: null };
    });
  }

  /** GPU twin of fitReplicas: bootstrap replicas first..first+count-1, warm-started at `warm`. */
  fitReplicas(
    data: FitData,
    units: ResampleUnits,
    seed: number,
    first: number,
    count: number,
    warm: LawTheta,
    options: LocalFitOptions,
    job: GpuFitJob = {},
  ): Promise<GpuLocalFit[]> {
    const weightsOf = (k: number) => replicaWeights(units, seed, first + k);
    return this.fitWeightedFrom(data, count, weightsOf, warm, options, job);
  }

  /**
   * One fit per row-weight vector (integer counts), all warm-started at `warm`: the general form
   * of fitReplicas, for resamplings drawn elsewhere.
   */
  fitWeighted(
    data: FitData,
    weights: readonly Float64Array[],
    warm: LawTheta,
    options: LocalFitOptions,
    job: GpuFitJob = {},
  ): Promise<GpuLocalFit[]> {
    return this.fitWeightedFrom(data, weights.length, (k) => weights[k]!, warm, options, job);
  }

  private fitWeightedFrom(
    data: FitData,
    count: number,
    weightsOf: (k: number) => Float64Array,
    warm: LawTheta,
    options: LocalFitOptions,
    job: GpuFitJob,
  ): Promise<GpuLocalFit[]> {
    const problem = fitProblem(data, null, options.delta, options.tieExponents);
    const start = Float32Array.from(problem.expand(problem.restrict(toCentred(warm, data))));
    return this.run(data, count, options, job, (offset, n) => {
      const weights = Array.from({ length: n }, (_, k) => weightsOf(offset + k));
      return { count: n, starts: start, shared: true, weights };
    });
  }

  private async run(
    data: FitData,
    total: number,
    options: LocalFitOptions,
    job: GpuFitJob,
    chunkInput: (first: number, count: number) => ChunkInput,
  ): Promise<GpuLocalFit[]> {
    job.signal?.throwIfAborted();
    if (total === 0) return [];
    const chunk = this.planChunk(data.n);
    const buffers = this.allocate(data, Math.min(chunk, total));
    const out: GpuLocalFit[] = [];
    try {
      for (let first = 0; first < total; first += chunk) {
        const input = chunkInput(first, Math.min(chunk, total - first));
        const records = await this.runChunk(buffers, data, input, options);
        for (let k = 0; k < input.count; k++) {
          out.push(decodeFit(records, k, data, input.weights?.[k] ?? null, options.delta));
        }
        job.signal?.throwIfAborted();
        job.onProgress?.(out.length, total);
      }
      return out;
    } finally {
      for (const b of Object.values(buffers)) this.gpu.resources.destroyBuffer(b);
    }
  }

  private allocate(data: FitData, capacity: number): CallBuffers {
    const { device, resources } = this.gpu;
    const create = (label: string, size: number, usage: number) =>
      resources.createBuffer({ label: `fit.${label}`, size: Math.max(16, size), usage });
    const storage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST;
    const rowsData = packRows(data);
    const buffers: CallBuffers = {
      params: create(
        'params',
        FIT_PARAMS.byteSize,
        GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
      ),
      rows: create('rows', rowsData.byteLength, storage),
      starts: create('starts', capacity * 20, storage),
      weights: create('weights', Math.ceil(data.n / 2) * 4 * capacity, storage),
      results: create(
        'results',
        capacity * FIT_RECORD.byteSize,
        GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
      ),
      readback: create(
        'readback',
        capacity * FIT_RECORD.byteSize,
        GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
      ),
    };
    device.queue.writeBuffer(buffers.rows, 0, rowsData);
    return buffers;
  }

  private async runChunk(
    buffers: CallBuffers,
    data: FitData,
    input: ChunkInput,
    options: LocalFitOptions,
  ): Promise<ArrayBuffer> {
    const { device } = this.gpu;
    let bits: 8 | 16 = 8;
    if (input.weights) {
      bits = weightBits(largestCount(input.weights));
      device.queue.writeBuffer(buffers.weights, 0, packWeights(input.weights, data.n, bits));
    }
    device.queue.writeBuffer(buffers.starts, 0, input.starts);
    device.queue.writeBuffer(
      buffers.params,
      0,
      FIT_PARAMS.pack({
        rowCount: data.n,
        fitCount: input.count,
        dim: options.tieExponents ? 4 : 5,
        weighted: input.weights ? 1 : 0,
        startStride: input.shared ? 0 : 5,
        maxIterations: GPU_FIT_STOPPING.maxIterations,
        delta: options.delta,
        ftol: GPU_FIT_STOPPING.ftol,
        fFloor: GPU_FIT_STOPPING.fFloor,
        gtolRel: GPU_FIT_STOPPING.gtolRel,
      }),
    );
    const bindGroup = device.createBindGroup({
      label: 'fit.bindGroup',
      layout: this.pipelines.bindGroupLayout,
      entries: [
        { binding: 0, resource: { buffer: buffers.params } },
        { binding: 1, resource: { buffer: buffers.rows } },
        { binding: 2, resource: { buffer: buffers.starts } },
        { binding: 3, resource: { buffer: buffers.weights } },
        { binding: 4, resource: { buffer: buffers.results } },
      ],
    });
    const encoder = device.createCommandEncoder({ label: 'fit.encoder' });
    const pass = encoder.beginComputePass({ label: 'fit.pass' });
    pass.setPipeline(this.pipelines.byBits.get(bits)!);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(Math.ceil(input.count / FIT_WORKGROUP_SIZE));
    pass.end();
    const size = input.count * FIT_RECORD.byteSize;
    encoder.copyBufferToBuffer(buffers.results, 0, buffers.readback, 0, size);
    device.queue.submit([encoder.finish()]);
    await buffers.readback.mapAsync(GPUMapMode.READ, 0, size);
    const records = buffers.readback.getMappedRange(0, size).slice(0);
    buffers.readback.unmap();
    return records;
  }
}

/** One FitRecord to a GpuLocalFit, with the objective recomputed in f64. */
function decodeFit(
  records: ArrayBuffer,
  k: number,
  data: FitData,
  weights: Float64Array | null,
  delta: number,
): GpuLocalFit {
  const words = FIT_RECORD.byteSize / 4;
  const f32 = new Float32Array(records, k * FIT_RECORD.byteSize, words);
  const u32 = new Uint32Array(records, k * FIT_RECORD.byteSize, words);
  const x = Float64Array.from(f32.subarray(0, 5));
  const code = u32[7]! >>> 24;
  const objective = objectiveAndGradient(x, data, weights, delta, new Float64Array(5));
  const theta = fromCentred(x, data);
  const finite = Number.isFinite(objective) && Object.values(theta).every(Number.isFinite);
  return {
    theta,
    objective,
    objectiveF32: f32[5]!,
    iterations: u32[6]!,
    evaluations: u32[7]! & 0xffffff,
    reason: REASONS[code] ?? 'non-finite',
    converged: finite && (code === 1 || code === 2 || code === 4),
  };
}
