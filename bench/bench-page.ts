/**
 * The bench page: builds both engines, runs the suite and exposes the result to the runner
 * (bench/run.mjs) as window.scalingSweepBench.run(). Progress goes to the console as '[bench] …'.
 */
import { CpuEngine } from '../src/engine/cpu-engine';
import { GpuEngine } from '../src/engine/gpu-engine';
import { createBrowserPool } from '../src/engine/worker-pool';
import { acquireGpu, type GpuInfo } from '../src/gpu/device';
import { DEFAULT_MEASURE, type MeasureOptions } from './measure';
import { type BenchRow, runSuite } from './suite';
import { SURFACE_SIDES, surfaceCases } from './surface-cases';

/** What the page measured, before the runner adds the machine and the git revision. */
export interface PageReport {
  readonly adapter: string;
  readonly adapterInfo: Omit<GpuInfo, 'name'>;
  readonly cpuThreads: number;
  readonly userAgent: string;
  readonly results: BenchRow[];
}

/** The outcome of a run: a report, or why there is none. */
export type PageOutcome =
  | { readonly ok: true; readonly report: PageReport }
  | { readonly ok: false; readonly noAdapter: boolean; readonly error: string };

/** What the runner may ask for. */
export interface BenchRunOptions {
  readonly sides?: readonly number[];
  readonly measure?: Partial<MeasureOptions>;
}

declare global {
  interface Window {
    scalingSweepBench?: { run(options?: BenchRunOptions): Promise<PageOutcome> };
  }
}

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** Runs the suite on this page's GPU and CPU engines. Never rejects. */
export async function runBench(options: BenchRunOptions = {}): Promise<PageOutcome> {
  const gpuErrors: string[] = [];
  const acquisition = await acquireGpu({
    onUncapturedError: (message) => gpuErrors.push(message),
    onLost: (loss) => {
      if (loss.reason !== 'destroyed') gpuErrors.push(`device lost: ${loss.message}`);
    },
  });
  if (acquisition.kind !== 'gpu') return { ok: false, noAdapter: true, error: acquisition.reason };
  let gpu: GpuEngine | undefined;
  const pool = createBrowserPool();
  const cpu = new CpuEngine(pool);
  try {
    gpu = await GpuEngine.create(acquisition.gpu);
    const cases = surfaceCases({ gpu, cpu }, options.sides ?? SURFACE_SIDES);
    const results = await runSuite(cases, { ...DEFAULT_MEASURE, ...options.measure }, (p) => {
      const { row } = p;
      console.info(
        `[bench] ${p.done}/${p.total} ${row.kernel} ${row.engine} ${row.shape}: ` +
          `${(row.seconds * 1e3).toFixed(2)} ms, ${(row.perSecond / 1e6).toFixed(1)} M ${row.unit}/s`,
      );
    });
    if (gpuErrors.length > 0) throw new Error(`GPU errors during the run: ${gpuErrors.join('; ')}`);
    const { name, ...adapterInfo } = acquisition.gpu.info;
    return {
      ok: true,
      report: {
        adapter: name,
        adapterInfo,
        cpuThreads: pool.threads,
        userAgent: navigator.userAgent,
        results,
      },
    };
  } catch (e) {
    return { ok: false, noAdapter: false, error: describe(e) };
  } finally {
    cpu.dispose();
    if (gpu) gpu.dispose();
    else acquisition.gpu.device.destroy();
  }
}

window.scalingSweepBench = { run: runBench };

if (new URLSearchParams(location.search).has('autorun')) {
  const log = document.getElementById('log');
  runBench().then((outcome) => {
    if (log) log.textContent = JSON.stringify(outcome, null, 2);
  });
}
