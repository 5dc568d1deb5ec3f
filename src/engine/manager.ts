/**
 * Engine selection (auto, gpu, cpu) and recovery: owns the current engine, reports what is in
 * use and why, and falls back to the CPU engine when the GPU is missing, fails or is lost.
 */
import { FitError } from '../fit/run-fit';
import type { GpuAcquisition, GpuLoss } from '../gpu/device';
import { isAbortError } from './abort';
import { CpuEngine } from './cpu-engine';
import type { Engine } from './engine';
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
}

/** How the manager gets its engines; tests pass fakes. */
export interface EngineFactories {
  acquireGpu(onLost: (loss: GpuLoss) => void): Promise<GpuAcquisition>;
  createCpuExecutor(): CpuExecutor;
  createGpuEngine?(
    acquisition: Extract<GpuAcquisition, { kind: 'gpu' }>,
    fallback: KernelFallback,
  ): Promise<Engine>;
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
  /** CPU engine for jobs whose GPU kernel failed to build, made on first need. */
  private kernelFallback: CpuEngine | undefined;
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

  /** The engine in use, once ready. */
  get engine(): Engine | undefined {
    return this.current;
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
    let why = notice;
    if (preference !== 'cpu') {
      const acquisition = await this.factories.acquireGpu((loss) => this.onLost(loss, generation));
      if (acquisition.kind === 'gpu') {
        try {
          const make = this.factories.createGpuEngine ?? ((a, f) => GpuEngine.create(a.gpu, f));
          engine = await make(acquisition, this.fallbackFor(generation));
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
    this.replace(engine);
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
      cpu: () => {
        this.kernelFallback ??= new CpuEngine(this.factories.createCpuExecutor());
        return this.kernelFallback;
      },
      onKernelFailed: (kernel, message) => {
        if (generation !== this.generation) return;
        this.setStatus({
          ...this.statusValue,
          notice: `The ${kernel} kernel failed to build (${message}); its jobs run on the CPU, the rest stays on the GPU`,
        });
      },
    };
  }

  /**
   * Runs `job` on the engine in use. If it fails because the GPU was lost while it ran (its
   * engine's device reports the loss within {@link LOSS_GRACE_MS}), it runs once more, from the
   * start, on the engine the manager recovers to: a new device or the CPU. Cancellation (the
   * signal aborted) and input errors (FitError, RangeError) pass through at once.
   */
  async run<T>(job: (engine: Engine) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const engine = await this.whenReady();
    try {
      return await job(engine);
    } catch (e) {
      if (signal?.aborted || e instanceof FitError || e instanceof RangeError) throw e;
      const grace = isAbortError(e) ? this.abortedGraceMs : LOSS_GRACE_MS;
      if (!(await lostWithin(engine, grace))) throw e;
      signal?.throwIfAborted();
      const next = await this.whenReady();
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

  private replace(engine: Engine): void {
    const old = this.current;
    this.current = engine;
    old?.dispose();
    if (engine.kind === 'cpu') {
      this.kernelFallback?.dispose();
      this.kernelFallback = undefined;
    }
  }

  private setStatus(status: EngineStatus): void {
    this.statusValue = status;
    this.dispatchEvent(new Event('change'));
  }

  /** Disposes the engine in use. */
  dispose(): void {
    this.generation++;
    this.current?.dispose();
    this.current = undefined;
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
