/**
 * The engines of one benchmark run, made for it and freed after it: a GPU device of its own
 * (so the app's engine keeps drawing, and its loss is this run's to report) and a CPU worker
 * pool. Device loss and uncaptured GPU errors abort the run's signal with an Error that says so,
 * so a lost GPU ends the run with a message instead of a promise that never settles.
 */
import { abortable } from '../engine/abort';
import { CpuEngine } from '../engine/cpu-engine';
import { GpuEngine } from '../engine/gpu-engine';
import { type CpuExecutor, createBrowserPool } from '../engine/worker-pool';
import { acquireGpu, type GpuInfo, type GpuLoss } from '../gpu/device';

/** What a run measures with. */
export interface BenchEngines {
  readonly cpu: CpuEngine;
  /** The CPU engine's executor (the fit cases call the worker API through it). */
  readonly cpuExecutor: CpuExecutor;
  /** Absent when there is no usable GPU (see BenchSession.gpuSkipped). */
  readonly gpu?: GpuEngine | undefined;
}

/** The engines plus what the report says about them. */
export interface BenchSession {
  readonly engines: BenchEngines;
  /** The adapter, when there is a GPU. */
  readonly adapter: GpuInfo | undefined;
  /** Why there are no GPU rows, when there are none. */
  readonly gpuSkipped: string | undefined;
  readonly cpuThreads: number;
  /** Aborts when the caller's signal does, or with an Error when the GPU is lost or errs. */
  readonly signal: AbortSignal;
  /** Frees the device and the workers; a device loss after this is not reported. */
  dispose(): void;
}

/** The error a run stops with when its GPU device is lost. */
export class GpuLostError extends Error {
  override readonly name = 'GpuLostError';
}

/**
 * Aborts `controller` with a GpuLostError when `lost` settles with a loss the run did not cause
 * (reason other than 'destroyed', which only the run's own dispose() produces).
 */
export function abortOnLoss(lost: Promise<GpuLoss>, controller: AbortController): void {
  void lost.then((loss) => {
    if (loss.reason === 'destroyed' || controller.signal.aborted) return;
    controller.abort(new GpuLostError(`GPU device lost: ${loss.message || 'no reason given'}`));
  });
}

/** A signal that aborts when either does, with the first one's reason. */
export function eitherSignal(a: AbortSignal, b: AbortSignal | undefined): AbortSignal {
  return b ? AbortSignal.any([a, b]) : a;
}

/**
 * Acquires a device of its own and a worker pool for a run. Never rejects for a missing GPU;
 * rejects with the signal's reason as soon as `signal` aborts (a session that arrives after
 * that is disposed at once).
 */
export async function openBenchSession(signal?: AbortSignal): Promise<BenchSession> {
  const opening = open(signal);
  try {
    return await abortable(opening, signal);
  } catch (e) {
    void opening.then(
      (session) => session.dispose(),
      () => {},
    );
    throw e;
  }
}

async function open(signal: AbortSignal | undefined): Promise<BenchSession> {
  const stop = new AbortController();
  const acquisition = await acquireGpu({
    onUncapturedError: (message) => {
      if (!stop.signal.aborted) stop.abort(new Error(`GPU error during the run: ${message}`));
    },
  });
  let gpu: GpuEngine | undefined;
  let gpuSkipped: string | undefined;
  if (acquisition.kind === 'gpu') {
    try {
      gpu = await GpuEngine.create(acquisition.gpu);
      abortOnLoss(acquisition.gpu.lost, stop);
    } catch (e) {
      acquisition.gpu.device.destroy();
      gpuSkipped = `the GPU kernels failed to build: ${e instanceof Error ? e.message : e}`;
    }
  } else {
    gpuSkipped = acquisition.reason;
  }
  const pool = createBrowserPool();
  const cpu = new CpuEngine(pool);
  let disposed = false;
  return {
    engines: { cpu, cpuExecutor: pool, gpu },
    adapter: gpu?.gpu.info,
    gpuSkipped,
    cpuThreads: pool.threads,
    signal: eitherSignal(stop.signal, signal),
    dispose() {
      if (disposed) return;
      disposed = true;
      cpu.dispose();
      gpu?.dispose();
    },
  };
}
