/**
 * Starting the CLI's engine: the `--engine` preference resolved (by the caller's rule) to the
 * GPU or the CPU, and the CPU engine put on a pool of worker threads sized by `--threads`
 * (default: one per core).
 */
import { availableParallelism } from 'node:os';
import { CpuEngine } from '../engine/cpu-engine';
import type { Engine } from '../engine/engine';
import type { EnginePreference } from '../engine/manager';
import { createInlineExecutor } from '../engine/worker-pool';
import { chooseThreads, createNodePool } from './node-threads';
import { quietNativeGpu } from './quiet-gpu';

/** What the launcher hands the CLI besides argv and the streams. */
export interface CliRuntime {
  /**
   * The bundled CPU thread entry (cpu-thread.mjs). Without it, as when a test imports main()
   * from the sources, the CPU engine runs on the calling thread and no thread count is reported.
   */
  readonly threadScript?: URL;
  /** Cores to size the pool to; default this machine's (availableParallelism()). */
  readonly cores?: number;
}

/** A started engine, and the worker threads of a CPU engine that runs on them. */
export interface StartedEngine {
  readonly engine: Engine;
  /** Threads of the CPU engine's pool; undefined on the GPU or on the calling thread. */
  readonly threads?: number;
}

/** Where notes go. */
interface NoteSink {
  write(text: string): unknown;
}

/**
 * A CPU engine on `requested` worker threads (undefined: every core; more than the cores:
 * clamped, with a note), or on the calling thread when the runtime has no thread script.
 */
export function startCpuEngine(
  requested: number | undefined,
  runtime: CliRuntime,
  err: NoteSink,
  reason?: string,
): StartedEngine {
  if (!runtime.threadScript) {
    if (requested !== undefined && requested > 1)
      err.write(
        `note: --threads ${requested} not applied: without the bundled CLI the CPU engine runs on the calling thread\n`,
      );
    return { engine: new CpuEngine(createInlineExecutor(), reason) };
  }
  const choice = chooseThreads(requested, runtime.cores ?? availableParallelism());
  if (choice.note) err.write(`note: ${choice.note}\n`);
  const pool = createNodePool(choice.threads, runtime.threadScript);
  return { engine: new CpuEngine(pool, reason), threads: choice.threads };
}

/**
 * The engine for `preference`: `cpu` is the CPU engine on worker threads; otherwise `choose`
 * (the CLI's auto/gpu rule) decides, and a CPU engine it falls back to is replaced by one on
 * worker threads, with the same reason.
 */
export async function startEngine(
  preference: EnginePreference,
  requestedThreads: number | undefined,
  runtime: CliRuntime,
  err: NoteSink,
  choose: (preference: EnginePreference) => Promise<Engine>,
): Promise<StartedEngine> {
  if (preference === 'cpu') return startCpuEngine(requestedThreads, runtime, err);
  quietNativeGpu();
  const engine = await choose(preference);
  if (!(engine instanceof CpuEngine)) return { engine };
  const reason = engine.reason;
  engine.dispose();
  return startCpuEngine(requestedThreads, runtime, err, reason);
}
