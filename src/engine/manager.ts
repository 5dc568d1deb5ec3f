/**
 * Engine selection (auto, gpu, cpu) and recovery: owns the current engine, reports what is in
 * use and why, and falls back to the CPU engine when the GPU is missing, fails or is lost.
 */
import type { GpuAcquisition, GpuLoss } from '../gpu/device';
import { CpuEngine } from './cpu-engine';
import type { Engine } from './engine';
import { GpuEngine } from './gpu-engine';
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
  createGpuEngine?(acquisition: Extract<GpuAcquisition, { kind: 'gpu' }>): Promise<Engine>;
}

/** Holds the engine in use. Listen for 'change' to redraw with the new engine. */
export class EngineManager extends EventTarget {
  private current: Engine | undefined;
  private generation = 0;
  private statusValue: EngineStatus = { state: 'starting', preference: 'auto', label: 'starting…' };
  private ready: Promise<Engine> | undefined;

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
          const make = this.factories.createGpuEngine ?? ((a) => GpuEngine.create(a.gpu));
          engine = await make(acquisition);
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
  }
}
