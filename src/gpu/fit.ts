/**
 * Typed wrapper of shaders/fit.wgsl: many L-BFGS fits of the Approach-3 objective at once in
 * f32. The GPU twin of fitFromStarts and fitReplicas in
 * src/fit/local-fits.ts: same starts, same resampling weights (drawn on the CPU by
 * replicaWeights and uploaded as integer counts), results in the same LocalFit shape.
 *
 * Two modes share one core (shaders/fit.wgsl) and differ only in evaluate() and the entry point
 * (fitShader): thread-per-fit (fit-thread.wgsl, 64 fits per workgroup, each invocation sums all
 * rows) and workgroup-per-fit (fit-workgroup.wgsl, one fit per workgroup of fitLanes() lanes =
 * one subgroup, rows split across lanes, 3 barriers per evaluation, L-BFGS bookkeeping run
 * redundantly by every lane). Same stopping rules, same results up to f32 summation order.
 *
 * Default: workgroup-per-fit, chosen on measurement. SwiftShader (subgroup 4, so 4 lanes per
 * fit), 240 Chinchilla rows, fits/s end to end, median of 3 runs, 2 shared and loaded cores
 * (single runs varied up to 2.5x, so read ratios below ~1.3x as ties):
 *
 *                        Node (webgpu/Dawn)       headless Chromium
 *                        thread    workgroup      thread    workgroup
 *   4,500 grid starts       456        485           563        836
 *   bootstrap K = 1,000     304        483           806       1349
 *   bootstrap K = 4,000     410        764           769        945
 *
 * Workgroup-per-fit won all 9 paired runs in Chromium and 6 of 9 in Node. Why: a thread-per-fit
 * SIMD group holds 4 different fits that take different branches of the line search and run
 * for different iteration counts, so the group runs until its slowest fit with lanes masked
 * off; one fit per SIMD group never diverges, and with one SIMD group per workgroup its
 * barriers cost little. Workgroup size matters: with more lanes than the SIMD width (1 run,
 * 225 starts, Node) workgroup-per-fit fell to 0.5x (8 lanes), 0.2x (32) and 0.05x (128) of
 * thread-per-fit, as SwiftShader switches between SIMD groups at every barrier and each group
 * repeats the bookkeeping; hence one subgroup per fit.
 *
 * Real GPU (H100: 132 SMs, 32-lane warps), NOT MEASURED, an expectation: workgroup-per-fit with
 * one warp per fit should win up to tens of thousands of fits. Thread-per-fit puts 4,500 starts
 * in 141 warps (71 workgroups of 64) on 132 SMs x 4 schedulers: under one warp per scheduler,
 * latency-bound with the SMs mostly idle; workgroup-per-fit makes 4,500 warps. At 100k fits
 * thread-per-fit has 3,125 warps (1,563 workgroups, ~24 warps per SM), enough to hide latency,
 * and then it spends ~1 warp instruction per 32 fits on the bookkeeping where workgroup-per-fit
 * spends ~1 per fit, plus its serial 32-term reduction per evaluation; against that stands
 * thread-per-fit's divergence (fits take 20-200 iterations). Which wins there is open: measure
 * with mode: 'thread' before changing the default for large K.
 *
 * `objective` is recomputed in f64 on the CPU at the returned parameters, with the same
 * weights, so objectives compare honestly with the CPU twin; the kernel's own f32 value is
 * kept as `objectiveF32`.
 *
 * Several problems in one call (fitFromStartsBatch, fitReplicasBatch: the series of a dataset):
 * their rows, each centred by its own means, lie one after another in the rows buffer, and each
 * fit reads its own range (first row, row count) from the ranges binding, with weights indexed
 * from that first row. A fit therefore does exactly the arithmetic of the same fit in a call of
 * its own (test/gpu/series-batch.node.test.ts checks the results are equal). The alternative,
 * every fit looping over all problems' rows with zero weights outside its own, was measured
 * slower per fit: SwiftShader in Node, the 240 Chinchilla runs dealt into S series, 200
 * replicas per series, one call per series, wall time (loaded 2-core machine, noisy):
 * S = 3: 0.44-0.56 s against 0.28-0.34 s with ranges; S = 8: 1.5-2.7 s against 0.73-1.2 s.
 */
import fitWgsl from '../../shaders/fit.wgsl?raw';
import fitThreadWgsl from '../../shaders/fit-thread.wgsl?raw';
import fitWorkgroupWgsl from '../../shaders/fit-workgroup.wgsl?raw';
import type { StopReason } from '../fit/lbfgs';
import { type LocalFitOptions, pinnedStart, problemOf, termsOf } from '../fit/local-fits';
import { type FitData, fromCentred, objectiveAndGradient, toCentred } from '../fit/objective';
import { fixedExceptHeld, fixedValues, gradientMask, heldMask } from '../fit/objective-options';
import { type ResampleUnits, replicaWeights } from '../fit/resample';
import type { LocalFit } from '../fit/types';
import type { LawTheta } from '../law/law';
import type { GpuContext, GpuLimits } from './device';
import type { PassTimer } from './pass-timer';
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
  ['weightRowStride', 'u32'],
  ['weightFitStride', 'u32'],
  ['rangeStride', 'u32'],
  ['lossKind', 'u32'],
  ['overPenalty', 'f32'],
  ['fixedMask', 'u32'],
  ['rowWeighted', 'u32'],
  ['slopeScale', 'f32'],
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

/** How the kernel maps fits to invocations (see the file comment for the measurements). */
export type FitMode = 'thread' | 'workgroup';

/** The mode GpuFitter.create uses unless told otherwise. */
export const DEFAULT_FIT_MODE: FitMode = 'workgroup';

/**
 * Per mode: the entry file appended to the shared core, fits per workgroup, and the weight
 * layout (interleaved across fits, or each fit's words together). Thread-per-fit runs 64 fits
 * per workgroup; workgroup-per-fit one fit per workgroup of fitLanes(device) invocations.
 */
const MODES: Record<FitMode, { wgsl: string; perGroup: number; layout: WeightLayout }> = {
  thread: { wgsl: fitThreadWgsl, perGroup: 64, layout: 'interleaved' },
  workgroup: { wgsl: fitWorkgroupWgsl, perGroup: 1, layout: 'per-fit' },
};

/**
 * Invocations per fit in workgroup-per-fit: one subgroup (the hardware SIMD width: 4 on
 * SwiftShader, 32 on NVIDIA), so a fit fills its SIMD group, no lane waits on another SIMD group
 * at the barriers, and the redundant bookkeeping costs one SIMD instruction per step. 32 when the
 * browser does not report it (GPUAdapterInfo.subgroupMinSize is recent).
 */
export function fitLanes(device: GPUDevice): number {
  const info = (device as { adapterInfo?: { subgroupMinSize?: number } }).adapterInfo;
  const size = info?.subgroupMinSize;
  return size !== undefined && Number.isInteger(size) && size >= 1 && size <= 64 ? size : 32;
}

/**
 * The WGSL of one mode: the shared core (shaders/fit.wgsl: objective terms, minimise()) and the
 * mode's evaluate() and entry point. The one place the fit shader is assembled.
 */
export function fitShader(mode: FitMode): string {
  return `${fitWgsl}\n${MODES[mode].wgsl}`;
}

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

/**
 * The slope scale of the kernel's gradient test (FitParams.slopeScale). Huber: the largest
 * |d rho/d r| one row can have, delta (so the default test is unchanged) times the
 * over-prediction penalty when it exceeds 1. Least squares has no largest slope (it is |r|):
 * 1, and the kernel multiplies by the current RMS residual sqrt(2 f / sum w), so the test asks
 * for a gradient 1e-5 of what residuals of their own size give. Measured on the 64 synthetic
 * contract runs (1% noise, 900 starts): with delta in its place, 94 fits at the minimum (within
 * 1e-6 of the best objective) stopped on the f32 line search with max |g| of 1.4e-4 to 4.8e-4,
 * above 100 x gtol = 1.35e-4, and were counted as not converged; with the RMS residual (~1e-2)
 * 100 x gtol is 1.3e-3 and the plain gtol 1.3e-5 still stops no fit early.
 */
export function slopeScaleOf(options: LocalFitOptions): number {
  if (options.residualLoss === 'squared') return 1;
  return options.delta * Math.max(1, options.overPenalty ?? 1);
}

/**
 * Chunking: cancellation and progress happen between chunks. By default the chunk size adapts:
 * the first chunk is small, and each next one is scaled towards `targetMs` of wall time (at
 * most `maxGrowth` times larger), up to `max` fits and the device limits. On SwiftShader a
 * chunk settles near a few hundred fits (progress and Cancel respond within ~0.2 s); on a fast
 * GPU it grows to the cap within a few chunks, so 100k replicas take a handful of submits.
 */
export const ADAPTIVE_CHUNKS = { first: 256, targetMs: 200, maxGrowth: 4, max: 65_536 } as const;

/** Size of the next chunk after one of `size` fits took `elapsedMs`, capped at `cap`. */
export function nextChunkSize(size: number, elapsedMs: number, cap: number): number {
  const { targetMs, maxGrowth } = ADAPTIVE_CHUNKS;
  const factor =
    elapsedMs > 0 ? Math.min(maxGrowth, Math.max(0.25, targetMs / elapsedMs)) : maxGrowth;
  return Math.max(1, Math.min(cap, Math.round(size * factor)));
}

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
  /** Sums the GPU time of every chunk's pass, where the device has timestamp queries. */
  readonly timer?: PassTimer | undefined;
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
  readonly ranges: GPUBuffer;
  readonly rowWeights: GPUBuffer;
}

/**
 * A chunk's inputs: its starts (5 f32 each, or one shared), weights (or none) and, when the call
 * fits several problems, the problem of each fit.
 */
interface ChunkInput {
  readonly count: number;
  /** Index of each fit's problem in the call, or null when the call has one problem. */
  readonly problems: Uint32Array | null;
  readonly starts: Float32Array<ArrayBuffer>;
  /** The same starts in f64: decodeFit sets the held components (options.hold) back to them. */
  readonly exact: Float64Array;
  readonly shared: boolean;
  /** Per-fit weights as f64 counts (for the f64 objective), or null for all ones. */
  readonly weights: readonly Float64Array[] | null;
}

/**
 * Rows as vec4f: centred ln N, centred ln D, ln L, and max(1, |n|, |d|) for the gradient scale;
 * each problem's rows (centred by its own means) after the previous problem's.
 */
function packRows(datas: readonly FitData[]): Float32Array<ArrayBuffer> {
  const out = new Float32Array(datas.reduce((s, d) => s + d.n, 0) * 4);
  let row = 0;
  for (const data of datas) {
    for (let i = 0; i < data.n; i++, row++) {
      const n = data.lnN[i]!;
      const d = data.lnD[i]!;
      out.set([n, d, data.lnL[i]!, Math.max(1, Math.abs(n), Math.abs(d))], row * 4);
    }
  }
  return out;
}

/** Where each problem's rows lie in the rows buffer. */
interface RowLayout {
  readonly datas: readonly FitData[];
  /** First row of each problem. */
  readonly firstRow: readonly number[];
  readonly totalRows: number;
  /** The most rows any one fit reads (its weights' width). */
  readonly maxRows: number;
}

function rowLayout(datas: readonly FitData[]): RowLayout {
  const firstRow: number[] = [];
  let totalRows = 0;
  let maxRows = 0;
  for (const d of datas) {
    firstRow.push(totalRows);
    totalRows += d.n;
    maxRows = Math.max(maxRows, d.n);
  }
  return { datas, firstRow, totalRows, maxRows };
}

/** One problem of fitFromStartsBatch: its data and the starts to minimise from. */
export interface GpuStartsProblem {
  readonly data: FitData;
  readonly starts: readonly LawTheta[];
}

/** One problem of fitReplicasBatch: its data and replicas first..first+count-1 of its resampling. */
export interface GpuReplicasProblem {
  readonly data: FitData;
  readonly units: ResampleUnits;
  readonly seed: number;
  readonly first: number;
  readonly count: number;
  readonly warm: LawTheta;
}

/** Locates fit `g` of a call whose problems have `counts` fits each, problem-major. */
function locator(counts: readonly number[]): (g: number) => [problem: number, index: number] {
  const offsets: number[] = [];
  let total = 0;
  for (const c of counts) {
    offsets.push(total);
    total += c;
  }
  let p = 0;
  return (g) => {
    if (g < offsets[p]!) p = 0;
    while (p + 1 < counts.length && g >= offsets[p + 1]!) p++;
    return [p, g - offsets[p]!];
  };
}

/** Splits a problem-major list of fits back into one list per problem. */
function splitByProblem<T>(fits: readonly T[], counts: readonly number[]): T[][] {
  const out: T[][] = [];
  let at = 0;
  for (const c of counts) {
    out.push(fits.slice(at, at + c));
    at += c;
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

/** Where row i of a fit lives: interleaved across fits (thread-per-fit) or each fit's together. */
export type WeightLayout = 'interleaved' | 'per-fit';

/** Word strides of a layout, as FitParams.weightRowStride and weightFitStride. */
function weightStrides(layout: WeightLayout, rows: number, bits: 8 | 16, count: number) {
  const wordsPerFit = Math.ceil(rows / (32 / bits));
  return layout === 'interleaved'
    ? { weightRowStride: count, weightFitStride: 1 }
    : { weightRowStride: 1, weightFitStride: wordsPerFit };
}

/**
 * Packs per-fit counts: word (i / perWord) * weightRowStride + fit * weightFitStride holds row i
 * of a fit (interleaved: the row stride is the fit count; per-fit: the fit stride is its words).
 */
export function packWeights(
  weights: readonly Float64Array[],
  rows: number,
  bits: 8 | 16,
  layout: WeightLayout = 'interleaved',
): Uint32Array<ArrayBuffer> {
  const perWord = 32 / bits;
  const count = weights.length;
  const strides = weightStrides(layout, rows, bits, count);
  const out = new Uint32Array(Math.ceil(rows / perWord) * count);
  weights.forEach((w, fit) => {
    for (let i = 0; i < Math.min(rows, w.length); i++) {
      const word =
        Math.floor(i / perWord) * strides.weightRowStride + fit * strides.weightFitStride;
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
    /** Fits per chunk, or 'adaptive' (see ADAPTIVE_CHUNKS). */
    readonly chunkSize: number | 'adaptive',
    readonly mode: FitMode,
  ) {}

  /** Compiles (once per device) and returns the kernel. */
  static async create(
    gpu: GpuContext,
    options: { limits?: FitLimits; chunkSize?: number; mode?: FitMode } = {},
  ): Promise<GpuFitter> {
    const { device } = gpu;
    const mode = options.mode ?? DEFAULT_FIT_MODE;
    const kernel = `fit.${mode}`;
    const pipelines = await cachedPerDevice(device, kernel, async (): Promise<FitPipelines> => {
      const module = await compileShader(device, kernel, fitShader(mode));
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
          storage(5, 'read-only-storage'),
          storage(6, 'read-only-storage'),
        ],
      });
      const layout = device.createPipelineLayout({
        label: 'fit.pipelineLayout',
        bindGroupLayouts: [bindGroupLayout],
      });
      const make = (bits: 8 | 16) =>
        validated(device, kernel, () =>
          device.createComputePipelineAsync({
            label: `${kernel}.lbfgs.u${bits}`,
            layout,
            compute: {
              module,
              entryPoint: 'fit',
              constants: {
                WG_SIZE: mode === 'thread' ? MODES.thread.perGroup : fitLanes(device),
                WEIGHT_BITS: bits,
              },
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
      options.chunkSize ?? 'adaptive',
      mode,
    );
  }

  /**
   * Fits per chunk for `rows` data rows in all (of which one fit reads at most `rowsPerFit`)
   * under the device limits and the chunk size. Throws a RangeError, before any GPU work, when
   * not even one fit fits.
   */
  planChunk(rows: number, rowsPerFit = rows): number {
    const maxBytes = Math.min(this.limits.maxStorageBufferBindingSize, this.limits.maxBufferSize);
    if (rows < 1 || rowsPerFit < 1) {
      throw new RangeError('the GPU fitter needs at least one data row');
    }
    if (rows * 16 > maxBytes) {
      throw new RangeError(
        `${rows} data rows (${rows * 16} bytes) exceed the device's largest storage binding (${maxBytes} bytes)`,
      );
    }
    const weightBytesPerFit = Math.ceil(rowsPerFit / 2) * 4;
    const perFit = Math.max(weightBytesPerFit, FIT_RECORD.byteSize);
    const byBinding = Math.floor(maxBytes / perFit);
    const byDispatch = this.limits.maxComputeWorkgroupsPerDimension * MODES[this.mode].perGroup;
    const wanted = this.chunkSize === 'adaptive' ? ADAPTIVE_CHUNKS.max : this.chunkSize;
    const chunk = Math.min(wanted, byBinding, byDispatch);
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
    const problem = problemOf(data, null, options);
    const centred = (t: LawTheta) =>
      problem.expand(problem.restrict(toCentred(pinnedStart(t, options), data)));
    return this.run([data], starts.length, options, job, (first, count) => {
      const exact = new Float64Array(count * 5);
      for (let k = 0; k < count; k++) exact.set(centred(starts[first + k]!), k * 5);
      const packed = Float32Array.from(exact);
      return { count, problems: null, starts: packed, exact, shared: false, weights: null };
    });
  }

  /**
   * fitFromStarts of several problems in the same dispatches: each fit reads only its problem's
   * rows (centred by that problem's means). Returns each problem's fits, as fitFromStarts would
   * return them up to f32 summation order; progress counts the fits of every problem.
   */
  async fitFromStartsBatch(
    problems: readonly GpuStartsProblem[],
    options: LocalFitOptions,
    job: GpuFitJob = {},
  ): Promise<GpuLocalFit[][]> {
    const counts = problems.map((p) => p.starts.length);
    const centred = problems.map((p) => {
      const problem = problemOf(p.data, null, options);
      return (t: LawTheta) =>
        problem.expand(problem.restrict(toCentred(pinnedStart(t, options), p.data)));
    });
    const locate = locator(counts);
    const fits = await this.run(
      problems.map((p) => p.data),
      sum(counts),
      options,
      job,
      (first, count) => {
        const exact = new Float64Array(count * 5);
        const owner = new Uint32Array(count);
        for (let k = 0; k < count; k++) {
          const [p, i] = locate(first + k);
          owner[k] = p;
          exact.set(centred[p]!(problems[p]!.starts[i]!), k * 5);
        }
        const packed = Float32Array.from(exact);
        return { count, problems: owner, starts: packed, exact, shared: false, weights: null };
      },
    );
    return splitByProblem(fits, counts);
  }

  /**
   * fitReplicas of several problems in the same dispatches, each replica warm-started at its
   * problem's `warm` and reading only its problem's rows. Returns each problem's replicas.
   */
  async fitReplicasBatch(
    problems: readonly GpuReplicasProblem[],
    options: LocalFitOptions,
    job: GpuFitJob = {},
  ): Promise<GpuLocalFit[][]> {
    const counts = problems.map((p) => p.count);
    const warm = problems.map((p) => {
      const problem = problemOf(p.data, null, options);
      return problem.expand(problem.restrict(toCentred(pinnedStart(p.warm, options), p.data)));
    });
    const locate = locator(counts);
    const fits = await this.run(
      problems.map((p) => p.data),
      sum(counts),
      options,
      job,
      (first, count) => {
        const exact = new Float64Array(count * 5);
        const owner = new Uint32Array(count);
        const weights: Float64Array[] = [];
        for (let k = 0; k < count; k++) {
          const [p, i] = locate(first + k);
          const problem = problems[p]!;
          owner[k] = p;
          exact.set(warm[p]!, k * 5);
          weights.push(replicaWeights(problem.units, problem.seed, problem.first + i));
        }
        const packed = Float32Array.from(exact);
        return { count, problems: owner, starts: packed, exact, shared: false, weights };
      },
    );
    return splitByProblem(fits, counts);
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
    const problem = problemOf(data, null, options);
    const exact = problem.expand(problem.restrict(toCentred(pinnedStart(warm, options), data)));
    const start = Float32Array.from(exact);
    return this.run([data], count, options, job, (offset, n) => {
      const weights = Array.from({ length: n }, (_, k) => weightsOf(offset + k));
      return { count: n, problems: null, starts: start, exact, shared: true, weights };
    });
  }

  private async run(
    datas: readonly FitData[],
    total: number,
    options: LocalFitOptions,
    job: GpuFitJob,
    chunkInput: (first: number, count: number) => ChunkInput,
  ): Promise<GpuLocalFit[]> {
    job.signal?.throwIfAborted();
    if (total === 0) return [];
    const rows = rowLayout(datas);
    const cap = this.planChunk(rows.totalRows, rows.maxRows);
    const adaptive = this.chunkSize === 'adaptive';
    const buffers = this.allocate(rows, Math.min(cap, total));
    const out: GpuLocalFit[] = [];
    try {
      let size = adaptive ? Math.min(cap, ADAPTIVE_CHUNKS.first) : cap;
      while (out.length < total) {
        const first = out.length;
        const started = performance.now();
        const input = chunkInput(first, Math.min(size, total - first));
        const records = await this.runChunk(buffers, rows, input, options, job.timer);
        for (let k = 0; k < input.count; k++) {
          const data = datas[input.problems?.[k] ?? 0]!;
          const start = input.exact.subarray(
            input.shared ? 0 : k * 5,
            (input.shared ? 0 : k * 5) + 5,
          );
          out.push(decodeFit(records, k, data, input.weights?.[k] ?? null, start, options));
        }
        job.signal?.throwIfAborted();
        job.onProgress?.(out.length, total);
        if (adaptive) size = nextChunkSize(input.count, performance.now() - started, cap);
      }
      return out;
    } finally {
      for (const b of Object.values(buffers)) this.gpu.resources.destroyBuffer(b);
    }
  }

  private allocate(layout: RowLayout, capacity: number): CallBuffers {
    const { device, resources } = this.gpu;
    const create = (label: string, size: number, usage: number) =>
      resources.createBuffer({ label: `fit.${label}`, size: Math.max(16, size), usage });
    const storage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST;
    const rowsData = packRows(layout.datas);
    const buffers: CallBuffers = {
      params: create(
        'params',
        FIT_PARAMS.byteSize,
        GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
      ),
      rows: create('rows', rowsData.byteLength, storage),
      starts: create('starts', capacity * 20, storage),
      weights: create('weights', Math.ceil(layout.maxRows / 2) * 4 * capacity, storage),
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
      ranges: create('ranges', layout.datas.length > 1 ? capacity * 8 : 8, storage),
      rowWeights: create('rowWeights', rowWeighted(layout) ? layout.totalRows * 4 : 16, storage),
    };
    device.queue.writeBuffer(buffers.rows, 0, rowsData);
    if (rowWeighted(layout))
      device.queue.writeBuffer(buffers.rowWeights, 0, packRowWeights(layout));
    if (layout.datas.length === 1) {
      device.queue.writeBuffer(buffers.ranges, 0, Uint32Array.of(0, layout.totalRows));
    }
    return buffers;
  }

  private async runChunk(
    buffers: CallBuffers,
    rows: RowLayout,
    input: ChunkInput,
    options: LocalFitOptions,
    timer: PassTimer | undefined,
  ): Promise<ArrayBuffer> {
    const { device } = this.gpu;
    const { layout, perGroup } = MODES[this.mode];
    let bits: 8 | 16 = 8;
    if (input.weights) {
      bits = weightBits(largestCount(input.weights));
      device.queue.writeBuffer(
        buffers.weights,
        0,
        packWeights(input.weights, rows.maxRows, bits, layout),
      );
    }
    // One problem (a batch of one series) reads the single range written at allocation.
    const perFitRanges = input.problems !== null && rows.datas.length > 1;
    if (perFitRanges && input.problems) {
      const ranges = new Uint32Array(input.count * 2);
      for (const [k, p] of input.problems.entries()) {
        ranges.set([rows.firstRow[p]!, rows.datas[p]!.n], k * 2);
      }
      device.queue.writeBuffer(buffers.ranges, 0, ranges);
    }
    device.queue.writeBuffer(buffers.starts, 0, input.starts);
    device.queue.writeBuffer(
      buffers.params,
      0,
      FIT_PARAMS.pack({
        rowCount: rows.totalRows,
        fitCount: input.count,
        dim: options.tieExponents ? 4 : 5,
        weighted: input.weights ? 1 : 0,
        startStride: input.shared ? 0 : 5,
        maxIterations: GPU_FIT_STOPPING.maxIterations,
        delta: options.delta,
        ftol: GPU_FIT_STOPPING.ftol,
        fFloor: GPU_FIT_STOPPING.fFloor,
        gtolRel: GPU_FIT_STOPPING.gtolRel,
        ...weightStrides(layout, rows.maxRows, bits, input.count),
        rangeStride: perFitRanges ? 1 : 0,
        lossKind: options.residualLoss === 'squared' ? 1 : 0,
        overPenalty: options.overPenalty ?? 1,
        fixedMask: gradientMask(options, options.tieExponents),
        rowWeighted: rowWeighted(rows) ? 1 : 0,
        slopeScale: slopeScaleOf(options),
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
        { binding: 5, resource: { buffer: buffers.ranges } },
        { binding: 6, resource: { buffer: buffers.rowWeights } },
      ],
    });
    const encoder = device.createCommandEncoder({ label: 'fit.encoder' });
    const pass = encoder.beginComputePass({
      label: 'fit.pass',
      ...(timer ? { timestampWrites: timer.writes() } : {}),
    });
    pass.setPipeline(this.pipelines.byBits.get(bits)!);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(Math.ceil(input.count / perGroup));
    pass.end();
    timer?.resolve(encoder);
    const size = input.count * FIT_RECORD.byteSize;
    encoder.copyBufferToBuffer(buffers.results, 0, buffers.readback, 0, size);
    device.queue.submit([encoder.finish()]);
    await timer?.collect();
    await buffers.readback.mapAsync(GPUMapMode.READ, 0, size);
    const records = buffers.readback.getMappedRange(0, size).slice(0);
    buffers.readback.unmap();
    return records;
  }
}

function sum(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0);
}

/** Whether any problem of the call carries row weights (then every one does: one weighting). */
function rowWeighted(layout: RowLayout): boolean {
  return layout.datas.some((d) => d.rowWeight !== undefined);
}

/** Row weights of every problem's rows, in the rows buffer's order (1 where a problem has none). */
function packRowWeights(layout: RowLayout): Float32Array<ArrayBuffer> {
  const out = new Float32Array(layout.totalRows).fill(1);
  layout.datas.forEach((d, p) => {
    if (d.rowWeight) out.set(d.rowWeight, layout.firstRow[p]!);
  });
  return out;
}

/**
 * One FitRecord to a GpuLocalFit, with the objective recomputed in f64. Fixed parameters are
 * set back to their exact f64 values and held ones (options.hold) to the f64 `start`'s (the
 * kernel held their f32 rounding).
 */
function decodeFit(
  records: ArrayBuffer,
  k: number,
  data: FitData,
  weights: Float64Array | null,
  start: Float64Array,
  options: LocalFitOptions,
): GpuLocalFit {
  const words = FIT_RECORD.byteSize / 4;
  const f32 = new Float32Array(records, k * FIT_RECORD.byteSize, words);
  const u32 = new Uint32Array(records, k * FIT_RECORD.byteSize, words);
  const x = Float64Array.from(f32.subarray(0, 5));
  if (options.fixed) {
    const v = fixedValues(fixedExceptHeld(options.fixed, options.hold), options.tieExponents);
    if (v.e !== undefined) x[2] = v.e;
    if (v.alpha !== undefined) x[3] = v.alpha;
    if (v.beta !== undefined) x[4] = v.beta;
  }
  const held = heldMask(options.hold, options.tieExponents);
  for (let j = 2; j < 5; j++) if (held & (1 << j)) x[j] = start[j]!;
  if (options.tieExponents && held & (1 << 3)) x[4] = start[4]!;
  const code = u32[7]! >>> 24;
  const terms = termsOf(options);
  const grad = new Float64Array(5);
  const objective = terms
    ? objectiveAndGradient(x, data, weights, options.delta, grad, terms)
    : objectiveAndGradient(x, data, weights, options.delta, grad);
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
