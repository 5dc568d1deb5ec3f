/**
 * The bench page: builds both engines, runs the suite and exposes the result to the runner
 * (bench/run.mjs) as window.scalingSweepBench.run(). Progress goes to the console as '[bench] …'.
 */
import { parseRuns } from '../src/data/runs';
import { CpuEngine } from '../src/engine/cpu-engine';
import { cpuFitBackend } from '../src/engine/cpu-fit-backend';
import { GpuEngine } from '../src/engine/gpu-engine';
import { createBrowserPool } from '../src/engine/worker-pool';
import { gridStarts } from '../src/fit/starts';
import type { FitRun } from '../src/fit/types';
import { acquireGpu, type GpuInfo } from '../src/gpu/device';
import type { GpuFitter } from '../src/gpu/fit';
import type { LawTheta } from '../src/law/law';
import { bestFit, FIT_BENCH_OPTIONS, FIT_MEASURE, fitCases } from './fit-cases';
import { DEFAULT_MEASURE, type MeasureOptions } from './measure';
import { OPTIMUM_MEASURE, optimumCases } from './optimum-cases';
import { type BenchCase, type BenchRow, runSuite } from './suite';
import { SURFACE_SIDES, surfaceCases } from './surface-cases';

/** What the page measured, before the runner adds the machine and the git revision. */
export interface PageReport {
  readonly adapter: string;
  readonly adapterInfo: Omit<GpuInfo, 'name'>;
  readonly cpuThreads: number;
  readonly userAgent: string;
  readonly results: BenchRow[];
  /** The fit rows' data and warm start, and whether the GPU fit rows ran (or why not). */
  readonly fit?: FitReport;
}

/** What the fit cases ran on. */
export interface FitReport {
  readonly rows: number;
  /** The best grid fit (CPU engine): where every engine's replicas start. */
  readonly warm: LawTheta;
  readonly warmObjective: number;
  /** Null when the GPU fit rows ran, else why they were skipped. */
  readonly gpuSkipped: string | null;
}

/** The outcome of a run: a report, or why there is none. */
export type PageOutcome =
  | { readonly ok: true; readonly report: PageReport }
  | { readonly ok: false; readonly noAdapter: boolean; readonly error: string };

/** What the runner may ask for. */
export interface BenchRunOptions {
  readonly sides?: readonly number[];
  readonly measure?: Partial<MeasureOptions>;
  /** Kernel families to run (default: all). */
  readonly kernels?: readonly ('surface' | 'fit' | 'optimum')[];
  /**
   * The runs of the fit cases, as CSV text the runner read from ../shared/data (the page cannot
   * read outside the project), and how many highest-loss runs to drop. No fit rows without it.
   */
  readonly fit?: { readonly csv: string; readonly dropHighest: number };
  /** Overrides of the fit cases' timing. */
  readonly fitMeasure?: Partial<MeasureOptions>;
}

declare global {
  interface Window {
    scalingSweepBench?: { run(options?: BenchRunOptions): Promise<PageOutcome> };
  }
}

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** The runs of `csv` minus the `drop` highest-loss ones, in file order. */
function fitRuns(csv: string, drop: number): FitRun[] {
  const imported = parseRuns(csv);
  if (imported.errors.length > 0) throw new Error(`fit data: ${imported.errors.join('; ')}`);
  const dropped = new Set(
    imported.runs
      .map((r, i) => ({ loss: r.loss, i }))
      .sort((x, y) => y.loss - x.loss || x.i - y.i)
      .slice(0, drop)
      .map((x) => x.i),
  );
  return imported.runs
    .filter((_, i) => !dropped.has(i))
    .map((r) => ({ N: r.N, D: r.D, loss: r.loss }));
}

/**
 * The GPU fit kernel, or why there is none. Loaded dynamically so the page (and the surface
 * rows) still run when src/gpu/fit.ts is missing or fails to compile.
 */
async function gpuFitter(gpu: GpuEngine): Promise<GpuFitter | string> {
  try {
    const { GpuFitter } = await import('../src/gpu/fit');
    return await GpuFitter.create(gpu.gpu);
  } catch (e) {
    return `the GPU fit kernel is not available: ${describe(e)}`;
  }
}

function logRow(p: { done: number; total: number; row: BenchRow }): void {
  const { row } = p;
  const rate =
    row.unit === 'fits'
      ? `${Math.round(row.perSecond)} fits/s`
      : `${(row.perSecond / 1e6).toFixed(1)} M ${row.unit}/s`;
  console.info(
    `[bench] ${p.done}/${p.total} ${row.kernel} ${row.engine} ${row.shape}: ${(row.seconds * 1e3).toFixed(2)} ms, ${rate}`,
  );
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
    const kernels = options.kernels ?? ['surface', 'fit', 'optimum'];
    const results: BenchRow[] = [];
    if (kernels.includes('surface')) {
      const cases = surfaceCases({ gpu, cpu }, options.sides ?? SURFACE_SIDES);
      results.push(...(await runSuite(cases, { ...DEFAULT_MEASURE, ...options.measure }, logRow)));
    }
    let fit: FitReport | undefined;
    if (kernels.includes('fit') && options.fit) {
      const runs = fitRuns(options.fit.csv, options.fit.dropHighest);
      const backend = cpuFitBackend(pool);
      const best = bestFit(await backend.fitStarts(runs, gridStarts(false), FIT_BENCH_OPTIONS, {}));
      console.info(`[bench] fit: ${runs.length} runs, best grid fit ${JSON.stringify(best.theta)}`);
      const kernel = await gpuFitter(gpu);
      if (typeof kernel === 'string') console.info(`[bench] fit: GPU rows skipped: ${kernel}`);
      const cases: BenchCase[] = fitCases(
        { cpu: pool, ...(typeof kernel === 'string' ? {} : { gpu: kernel }) },
        { runs, warm: best.theta },
      );
      results.push(...(await runSuite(cases, { ...FIT_MEASURE, ...options.fitMeasure }, logRow)));
      fit = {
        rows: runs.length,
        warm: best.theta,
        warmObjective: best.objective,
        gpuSkipped: typeof kernel === 'string' ? kernel : null,
      };
    }
    if (kernels.includes('optimum')) {
      const cases = optimumCases({ gpu, cpu });
      results.push(
        ...(await runSuite(cases, { ...OPTIMUM_MEASURE, ...options.fitMeasure }, logRow)),
      );
    }
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
        ...(fit ? { fit } : {}),
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
