/**
 * Engine selection (auto, gpu, cpu) and recovery: owns the current engine, reports what is in
 * use and why, and falls back to the CPU engine when the GPU is missing, fails or is lost.
 * Under `auto` with a GPU, each kind of job goes to the engine src/engine/auto-policy.ts picks
 * (fits never on a software adapter; other kinds by a short measurement on first use, kept for
 * the session, or by the Bench view's last run); `gpu` and `cpu` apply to every kind.
 */
import { FitError } from '../fit/run-fit';
import type { GpuAcquisition, GpuInfo, GpuLoss } from '../gpu/device';
import { isAbortError } from './abort';
import {
  type AutoChoice,
  autoChoice,
  type BenchTimingRow,
  JOB_KIND_NAMES,
  JOB_KINDS,
  type JobKind,
  type KindMeasurement,
  type KindTiming,
  timingsFromBench,
} from './auto-policy';
import { measureKind } from './auto-probe';
import { CpuEngine } from './cpu-engine';
import type { Engine, EngineKind } from './engine';
import { GpuEngine, type KernelFallback } from './gpu-engine';
import type { CpuExecutor } from './worker-pool';

export const ENGINE_PREFERENCES = ['auto', 'gpu', 'cpu'] as const;
export type EnginePreference = (typeof ENGINE_PREFERENCES)[number];

/** What the status badge shows. */
export interface EngineStatus {
  readonly state: 'starting' | 'ready';
  readonly preference: EnginePreference;
  /** 'gpu' or 'cpu' once ready. */
  readonly kind?: 'gpu' | 'cpu';
  /** Adapter name or CPU thread count. */
  readonly label: string;
  /** Why the engine in use differs from the preference, or what just happened to it. */
  readonly notice?: string;
  /** Under `auto` with a GPU: the engine of each kind of job and why; absent otherwise. */
  readonly routes?: readonly EngineRoute[];
}

/** Which engine one kind of job uses under `auto`, and why. */
export interface EngineRoute {
  readonly kind: JobKind;
  /** The kind as the badge names it ('Fits'). */
  readonly name: string;
  /** Undefined while the kind waits for its measurement. */
  readonly engine: EngineKind | undefined;
  readonly reason: string;
}

/** How the manager gets its engines; tests pass fakes. */
export interface EngineFactories {
  acquireGpu(onLost: (loss: GpuLoss) => void): Promise<GpuAcquisition>;
  createCpuExecutor(): CpuExecutor;
  createGpuEngine?(
    acquisition: Extract<GpuAcquisition, { kind: 'gpu' }>,
    fallback: KernelFallback,
  ): Promise<Engine>;
  /** Times a kind on both engines for `auto`; defaults to the probe of src/engine/auto-probe.ts. */
  measureKind?(kind: Exclude<JobKind, 'fit'>, gpu: Engine, cpu: Engine): Promise<KindTiming>;
}

/** Identifies an adapter across devices, for measurements kept for the session. */
function adapterKey(info: GpuInfo): string {
  return [info.name, info.vendor, info.architecture, info.description].join('|');
}

/** How long a failed job waits for its device's loss to be reported before counting it real. */
export const LOSS_GRACE_MS = 500;
/**
 * The same for a job that failed with an AbortError its own signal did not cause (a mapping cut
 * short: the usual sign of a loss). The loss itself can arrive much later, once the GPU process
 * has finished the work already queued (on SwiftShader 0.8 s after a destroy() mid-frontier).
 */
export const ABORTED_GRACE_MS = 10_000;

/** Holds the engine in use. Listen for 'change' to redraw with the new engine. */
export class EngineManager extends EventTarget {
  private current: Engine | undefined;
  private generation = 0;
  private statusValue: EngineStatus = { state: 'starting', preference: 'auto', label: 'starting…' };
  private ready: Promise<Engine> | undefined;
  /**
   * CPU engine beside a GPU engine, made on first need: for the kinds `auto` sends to the CPU,
   * and for jobs whose GPU kernel failed to build.
   */
  private kernelFallback: CpuEngine | undefined;
  /** The adapter of the GPU engine in use; undefined when the CPU engine is in use. */
  private adapter: GpuInfo | undefined;
  /** Measurements per adapter ({@link adapterKey}), kept for the session. */
  private readonly measured = new Map<string, Partial<Record<JobKind, KindMeasurement>>>();
  /** Failed measurements of the engine in use (retried with the next engine). */
  private failed: Partial<Record<JobKind, KindMeasurement>> = {};
  /** Measurements in flight for the engine in use. */
  private probes = new Map<JobKind, Promise<void>>();
  /**
   * How long {@link run} waits for a loss after a job failed with a foreign AbortError
   * ({@link ABORTED_GRACE_MS}). A test that injects such errors without a loss shortens it.
   */
  abortedGraceMs = ABORTED_GRACE_MS;

  constructor(private readonly factories: EngineFactories) {
    super();
  }

  get status(): EngineStatus {
    return this.statusValue;
  }

  /** The engine in use, once ready (under `auto` some kinds of job run elsewhere: {@link engineFor}). */
  get engine(): Engine | undefined {
    return this.current;
  }

  /**
   * The engine jobs of `kind` use now: under `auto` with a GPU, the one the policy picks (the
   * GPU engine or a CPU engine beside it); else the engine in use. Undefined before start-up,
   * and while the kind's first measurement runs (this call starts it; a 'change' follows).
   */
  engineFor(kind: JobKind): Engine | undefined {
    const engine = this.current;
    if (!engine || !this.routing()) return engine;
    const choice = this.choice(kind);
    if (choice.pending) {
      if (kind !== 'fit') this.measure(kind);
      return undefined;
    }
    return choice.engine === 'gpu' ? engine : this.cpuCompanion();
  }

  /** Resolves with the engine for `kind` (waiting for start-up, a switch or its measurement). */
  async whenReadyFor(kind: JobKind): Promise<Engine> {
    for (;;) {
      const engine = await this.whenReady();
      const routed = this.engineFor(kind);
      if (routed) return routed;
      const probe = this.probes.get(kind);
      if (!probe) return engine;
      await this.settledOrChanged(probe);
    }
  }

  /** Resolves when `probe` settles or the status changes (a switch may leave it unsettled). */
  private settledOrChanged(probe: Promise<void>): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        this.removeEventListener('change', done);
        resolve();
      };
      this.addEventListener('change', done);
      probe.then(done, done);
    });
  }

  /**
   * Takes the timings of a Bench run on `adapter` (its GPU; undefined if it had none) for the
   * rest of the session: they replace the short measurements of the kinds they cover.
   */
  adoptBench(adapter: GpuInfo | undefined, rows: readonly BenchTimingRow[]): void {
    if (!adapter) return;
    const timings = timingsFromBench(rows);
    if (Object.keys(timings).length === 0) return;
    const key = adapterKey(adapter);
    this.measured.set(key, { ...this.measured.get(key), ...timings });
    this.setStatus(this.statusValue);
  }

  /** True while kinds are routed one by one: `auto` with a GPU engine in use. */
  private routing(): boolean {
    return (
      this.statusValue.preference === 'auto' &&
      this.current?.kind === 'gpu' &&
      this.adapter !== undefined
    );
  }

  private choice(kind: JobKind): AutoChoice {
    const adapter = this.adapter!;
    const measured = this.failed[kind] ?? this.measured.get(adapterKey(adapter))?.[kind];
    return autoChoice(kind, adapter, measured);
  }

  /** Starts `kind`'s measurement on the engine in use unless it runs already. */
  private measure(kind: Exclude<JobKind, 'fit'>): void {
    const gpu = this.current;
    const adapter = this.adapter;
    if (this.probes.has(kind) || !gpu || !adapter) return;
    const generation = this.generation;
    const timing = this.factories.measureKind ?? measureKind;
    const probe = Promise.resolve()
      .then(() => timing(kind, gpu, this.cpuCompanion()))
      .then(
        (t) => {
          const key = adapterKey(adapter);
          this.measured.set(key, { [kind]: t, ...this.measured.get(key) });
        },
        (e) => {
          if (generation === this.generation)
            this.failed[kind] = { error: e instanceof Error ? e.message : String(e) };
        },
      )
      .then(() => {
        if (generation === this.generation) this.setStatus(this.statusValue);
      });
    this.probes.set(kind, probe);
    // Says 'measuring…' after the caller's turn: engineFor may be called while a view renders.
    queueMicrotask(() => {
      if (generation === this.generation) this.setStatus(this.statusValue);
    });
  }

  /** The engine of each kind and why, for the badge; undefined unless {@link routing}. */
  private routes(): EngineRoute[] | undefined {
    if (this.statusValue.state !== 'ready' || !this.routing()) return undefined;
    return JOB_KINDS.map((kind) => {
      const c = this.choice(kind);
      const reason = c.pending && this.probes.has(kind) ? 'measuring…' : c.reason;
      return { kind, name: JOB_KIND_NAMES[kind], engine: c.pending ? undefined : c.engine, reason };
    });
  }

  /** Resolves with the engine in use (waiting for start-up or a switch). */
  whenReady(): Promise<Engine> {
    return this.ready ?? this.use('auto');
  }

  /** Switches to the preferred engine; never rejects: failures fall back to the CPU with a notice. */
  use(preference: EnginePreference): Promise<Engine> {
    const generation = ++this.generation;
    this.setStatus({ state: 'starting', preference, label: 'starting…' });
    this.ready = this.start(preference, generation);
    return this.ready;
  }

  private async start(
    preference: EnginePreference,
    generation: number,
    notice?: string,
  ): Promise<Engine> {
    let engine: Engine | undefined;
    let adapter: GpuInfo | undefined;
    let why = notice;
    if (preference !== 'cpu') {
      const acquisition = await this.factories.acquireGpu((loss) => this.onLost(loss, generation));
      if (acquisition.kind === 'gpu') {
        try {
          const make = this.factories.createGpuEngine ?? ((a, f) => GpuEngine.create(a.gpu, f));
          engine = await make(acquisition, this.fallbackFor(generation));
          adapter = acquisition.gpu.info;
        } catch (e) {
          acquisition.gpu.device.destroy();
          why = `GPU kernels failed to build (${e instanceof Error ? e.message : e}); using the CPU`;
        }
      } else {
        why = `${preference === 'gpu' ? 'GPU requested but unavailable' : 'No GPU'}: ${acquisition.reason}; using the CPU`;
      }
    }
    engine ??= new CpuEngine(this.factories.createCpuExecutor(), why);
    if (generation !== this.generation) {
      engine.dispose();
      return this.whenReady();
    }
    this.replace(engine, adapter);
    this.setStatus({
      state: 'ready',
      preference,
      kind: engine.kind,
      label: engine.label,
      ...(why ? { notice: why } : {}),
    });
    return engine;
  }

  /** Runs jobs of a GPU kernel that failed to build on the CPU, and says so in the status. */
  private fallbackFor(generation: number): KernelFallback {
    return {
      cpu: () => this.cpuCompanion(),
      onKernelFailed: (kernel, message) => {
        if (generation !== this.generation) return;
        this.setStatus({
          ...this.statusValue,
          notice: `The ${kernel} kernel failed to build (${message}); its jobs run on the CPU, the rest stays on the GPU`,
        });
      },
    };
  }

  /** The CPU engine beside a GPU engine, made on first need. */
  private cpuCompanion(): CpuEngine {
    this.kernelFallback ??= new CpuEngine(this.factories.createCpuExecutor());
    return this.kernelFallback;
  }

  /**
   * Runs `job` on the engine in use, or with a `kind` first, on that kind's engine
   * ({@link engineFor}). If it fails because the GPU was lost while it ran (its
   * engine's device reports the loss within {@link LOSS_GRACE_MS}), it runs once more, from the
   * start, on the engine the manager recovers to: a new device or the CPU. Cancellation (the
   * signal aborted) and input errors (FitError, RangeError) pass through at once.
   */
  run<T>(job: (engine: Engine) => Promise<T>, signal?: AbortSignal): Promise<T>;
  run<T>(kind: JobKind, job: (engine: Engine) => Promise<T>, signal?: AbortSignal): Promise<T>;
  async run<T>(
    ...args:
      | [job: (engine: Engine) => Promise<T>, signal?: AbortSignal]
      | [kind: JobKind, job: (engine: Engine) => Promise<T>, signal?: AbortSignal]
  ): Promise<T> {
    const [kind, job, signal] =
      typeof args[0] === 'string'
        ? (args as [JobKind, (engine: Engine) => Promise<T>, AbortSignal?])
        : [undefined, ...(args as [(engine: Engine) => Promise<T>, AbortSignal?])];
    const ready = () => (kind ? this.whenReadyFor(kind) : this.whenReady());
    const engine = await ready();
    try {
      return await job(engine);
    } catch (e) {
      if (signal?.aborted || e instanceof FitError || e instanceof RangeError) throw e;
      const grace = isAbortError(e) ? this.abortedGraceMs : LOSS_GRACE_MS;
      if (!(await lostWithin(engine, grace))) throw e;
      signal?.throwIfAborted();
      const next = await ready();
      if (next === engine) throw e;
      return job(next);
    }
  }

  private onLost(loss: GpuLoss, generation: number): void {
    if (generation !== this.generation) return;
    const preference = this.statusValue.preference;
    const next = ++this.generation;
    const notice = `GPU device lost (${loss.message || 'no reason given'})`;
    this.setStatus({ state: 'starting', preference, label: 'recovering…', notice });
    this.ready = this.recover(preference, next, notice);
  }

  /** After a loss: one new device if the preference allows, else the CPU. */
  private async recover(
    preference: EnginePreference,
    generation: number,
    notice: string,
  ): Promise<Engine> {
    const engine = await this.start(preference, generation);
    if (generation === this.generation) {
      const extra = engine.kind === 'gpu' ? 'a new device was acquired' : 'switched to the CPU';
      this.setStatus({ ...this.statusValue, notice: `${notice}; ${extra}` });
    }
    return engine;
  }

  private replace(engine: Engine, adapter: GpuInfo | undefined): void {
    const old = this.current;
    this.current = engine;
    this.adapter = adapter;
    this.failed = {};
    this.probes = new Map();
    old?.dispose();
    if (engine.kind === 'cpu') {
      this.kernelFallback?.dispose();
      this.kernelFallback = undefined;
    }
  }

  private setStatus(status: EngineStatus): void {
    const { routes: _old, ...rest } = status;
    this.statusValue = rest;
    const routes = this.routes();
    if (routes) this.statusValue = { ...rest, routes };
    this.dispatchEvent(new Event('change'));
  }

  /** Disposes the engine in use. */
  dispose(): void {
    this.generation++;
    this.current?.dispose();
    this.current = undefined;
    this.adapter = undefined;
    this.kernelFallback?.dispose();
    this.kernelFallback = undefined;
  }
}

/** True if `engine`'s device is lost now or within `ms`. */
function lostWithin(engine: Engine, ms: number): Promise<boolean> {
  if (!engine.lost) return Promise.resolve(false);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  return Promise.race([engine.lost.then(() => true), timeout]).finally(() => clearTimeout(timer));
}
