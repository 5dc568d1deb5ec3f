/**
 * The `auto` engine preference, per kind of job: which engine (GPU or CPU) each kind uses when
 * both are at hand, and why. Pure: the engine manager supplies what it knows about the adapter
 * and what it measured (or what the Bench view measured), and shows the reasons in the badge.
 *
 * The rule:
 * - Fits never run on a software (fallback) adapter: SwiftShader fits 2-5x slower than the CPU
 *   engine. On a hardware adapter they run on the GPU, unless the Bench view's last run on that
 *   adapter timed the CPU faster.
 * - Every other kind runs where a short measurement of that kind (or the Bench view's last run)
 *   was faster; until one exists the kind waits for it. A failed measurement keeps the GPU.
 */
import type { EngineKind } from './engine';

/** The kinds of job the manager routes one by one. */
export const JOB_KINDS = ['fit', 'surface', 'frontier', 'sweep'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

/** How the badge names each kind. */
export const JOB_KIND_NAMES: Readonly<Record<JobKind, string>> = {
  fit: 'Fits',
  surface: 'Surface',
  frontier: 'Frontier & planner',
  sweep: 'Sweep',
};

/** What the policy reads of the adapter (a subset of GpuInfo). */
export interface AdapterFacts {
  readonly vendor: string;
  readonly architecture: string;
  readonly description: string;
  readonly isFallbackAdapter: boolean;
}

/** One kind timed on both engines, on the same work. */
export interface KindTiming {
  readonly gpuSeconds: number;
  readonly cpuSeconds: number;
  /** 'probe': the manager's short measurement; 'bench': the Bench view's last run. */
  readonly source: 'probe' | 'bench';
}

/** A measurement that could not be taken, with the reason. */
export interface KindFailure {
  readonly error: string;
}

export type KindMeasurement = KindTiming | KindFailure;

/** The engine a kind uses under `auto`. */
export interface AutoChoice {
  readonly engine: EngineKind;
  /** Why, for the badge (e.g. 'the GPU is a software adapter'). */
  readonly reason: string;
  /** True while the kind waits for its measurement; `engine` is then only a placeholder. */
  readonly pending: boolean;
}

/**
 * Names of software rasterisers that may not set `isFallbackAdapter`: Chromium and Node's
 * `webgpu` package both report SwiftShader as vendor 'google', architecture 'swiftshader',
 * isFallbackAdapter true; Mesa's llvmpipe and lavapipe and Windows' WARP ("Microsoft Basic
 * Render Driver") are software too, and older browsers leave the flag unset.
 */
const SOFTWARE_NAMES = /swiftshader|llvmpipe|lavapipe|softpipe|microsoft basic render/i;

/** True if the adapter runs on the CPU: flagged as a fallback adapter, or named as a software one. */
export function isSoftwareAdapter(adapter: AdapterFacts): boolean {
  if (adapter.isFallbackAdapter) return true;
  return SOFTWARE_NAMES.test(`${adapter.vendor} ${adapter.architecture} ${adapter.description}`);
}

/** Milliseconds to two significant digits, for the reasons. */
function ms(seconds: number): string {
  const v = seconds * 1000;
  return `${v >= 10 ? Math.round(v) : Number(v.toPrecision(2))} ms`;
}

function fromTiming(t: KindTiming): AutoChoice {
  const where = t.source === 'bench' ? 'in the last Bench run' : 'measured';
  const engine: EngineKind = t.gpuSeconds <= t.cpuSeconds ? 'gpu' : 'cpu';
  const reason = `GPU ${ms(t.gpuSeconds)}, CPU ${ms(t.cpuSeconds)} ${where}`;
  return { engine, reason, pending: false };
}

/**
 * The engine jobs of `kind` use under `auto` with a GPU at hand, given the adapter and the
 * kind's measurement (if any). Without a GPU everything runs on the CPU and this is not asked.
 */
export function autoChoice(
  kind: JobKind,
  adapter: AdapterFacts,
  measurement: KindMeasurement | undefined,
): AutoChoice {
  if (kind === 'fit') {
    if (isSoftwareAdapter(adapter))
      return { engine: 'cpu', reason: 'the GPU is a software adapter', pending: false };
    if (measurement && 'gpuSeconds' in measurement && measurement.source === 'bench')
      return fromTiming(measurement);
    return { engine: 'gpu', reason: 'a hardware adapter', pending: false };
  }
  if (!measurement) return { engine: 'gpu', reason: 'measured on first use', pending: true };
  if ('error' in measurement)
    return {
      engine: 'gpu',
      reason: `kept on the GPU: the measurement failed (${measurement.error})`,
      pending: false,
    };
  return fromTiming(measurement);
}

/** {@link autoChoice} for every kind. */
export function autoChoices(
  adapter: AdapterFacts,
  measurements: Readonly<Partial<Record<JobKind, KindMeasurement>>>,
): Record<JobKind, AutoChoice> {
  const out = {} as Record<JobKind, AutoChoice>;
  for (const kind of JOB_KINDS) out[kind] = autoChoice(kind, adapter, measurements[kind]);
  return out;
}

/** What {@link timingsFromBench} reads of a Bench row. */
export interface BenchTimingRow {
  readonly kernel: string;
  readonly engine: string;
  readonly size: number;
  /** Median seconds per run. */
  readonly seconds: number;
}

/** The Bench kernels that stand for each kind (GPU surface without readback: what the painter does). */
const BENCH_KERNELS: Readonly<Record<JobKind, string>> = {
  fit: 'fit-bootstrap',
  surface: 'surface',
  frontier: 'frontier',
  sweep: 'sweep',
};

/**
 * Timings per kind from a Bench run's rows: for each kind, its kernel at the largest size both
 * engines were timed at. Kinds without such a pair are left out.
 */
export function timingsFromBench(
  rows: readonly BenchTimingRow[],
): Partial<Record<JobKind, KindTiming>> {
  const out: Partial<Record<JobKind, KindTiming>> = {};
  for (const kind of JOB_KINDS) {
    const of = (engine: string) =>
      rows.filter((r) => r.kernel === BENCH_KERNELS[kind] && r.engine === engine && r.seconds > 0);
    const cpu = of('cpu');
    let best: KindTiming | undefined;
    let bestSize = -1;
    for (const g of of('gpu')) {
      const c = cpu.find((r) => r.size === g.size);
      if (c && g.size > bestSize) {
        bestSize = g.size;
        best = { gpuSeconds: g.seconds, cpuSeconds: c.seconds, source: 'bench' };
      }
    }
    if (best) out[kind] = best;
  }
  return out;
}
