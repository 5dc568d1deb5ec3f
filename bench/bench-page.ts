/**
 * The bench page: builds both engines, runs the suite of src/bench and exposes the result to
 * the runner (bench/run.mjs) as window.scalingSweepBench.run(). Progress goes to the console as
 * '[bench] …'. The Bench view of the app runs the same suite on the visitor's machine.
 */

import { GROWTH_PLANS, type GrowthFamily, growthSeriesOf } from '../src/bench/growth-plan';
import { runGrowth } from '../src/bench/growth-run';
import type { MeasureOptions } from '../src/bench/measure';
import { BENCH_PRESETS, type BenchFamily, type PresetId, withMeasure } from '../src/bench/plan';
import { type FitReport, runBench as runPlan } from '../src/bench/run-bench';
import { type BenchSession, openBenchSession } from '../src/bench/session';
import type { BenchRow, SuiteProgress } from '../src/bench/suite';
import { parseRuns } from '../src/data/runs';
import type { FitRun } from '../src/fit/types';
import type { GpuInfo } from '../src/gpu/device';

/** What the page measured, before the runner adds the machine and the git revision. */
export interface PageReport {
  readonly adapter: string;
  readonly adapterInfo: Omit<GpuInfo, 'name'>;
  readonly cpuThreads: number;
  readonly userAgent: string;
  /** The size preset of src/bench/plan.ts. */
  readonly preset: PresetId;
  readonly results: BenchRow[];
  /** The fit rows' data and warm start, and whether the GPU fit rows ran (or why not). */
  readonly fit?: FitReport;
  /** Set on a cost-growth run: null when the GPU fit rows ran, else why they were skipped. */
  readonly growth?: { readonly gpuFitSkipped: string | null };
}

/** The outcome of a run: a report, or why there is none. */
export type PageOutcome =
  | { readonly ok: true; readonly report: PageReport }
  | { readonly ok: false; readonly noAdapter: boolean; readonly error: string };

/** What the runner may ask for. */
export interface BenchRunOptions {
  /** Size preset (default 'full'). */
  readonly preset?: PresetId;
  /** Surface grid sides, replacing the preset's. */
  readonly sides?: readonly number[];
  /** Overrides of the surface cases' timing. */
  readonly measure?: Partial<MeasureOptions>;
  /** Kernel families to run (default: all); 'optimum' is frontier and sweep. */
  readonly kernels?: readonly ('surface' | 'fit' | 'optimum' | 'design')[];
  /** Only the cases of these kernels (e.g. 'fit-calibration'), within the families. */
  readonly only?: readonly string[];
  /**
   * The runs of the fit cases, as CSV text the runner read from ../shared/data (the page cannot
   * read outside the project), and how many highest-loss runs to drop. No fit rows without it.
   */
  readonly fit?: { readonly csv: string; readonly dropHighest: number; readonly label?: string };
  /** Overrides of the fit, frontier and sweep cases' timing. */
  readonly fitMeasure?: Partial<MeasureOptions>;
  /**
   * Runs the cost-growth series of the chosen kernels instead (src/bench/growth-plan.ts; preset
   * 'smoke' picks its smoke sizes, any other the full ones). Needs no fit data.
   */
  readonly growth?: boolean;
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

function logRow(p: SuiteProgress): void {
  const { row } = p;
  const rate =
    row.unit === 'fits'
      ? `${Math.round(row.perSecond)} fits/s`
      : `${(row.perSecond / 1e6).toFixed(1)} M ${row.unit}/s`;
  console.info(
    `[bench] ${p.done}/${p.total} ${row.kernel} ${row.engine} ${row.shape}: ${(row.seconds * 1e3).toFixed(2)} ms, ${rate}`,
  );
}

/** The families of the runner's --kernels, in run order. */
function families(kernels: BenchRunOptions['kernels']): BenchFamily[] {
  const k = kernels ?? ['surface', 'fit', 'optimum', 'design'];
  return [
    ...(k.includes('surface') ? (['surface'] as const) : []),
    ...(k.includes('fit') ? (['fit'] as const) : []),
    ...(k.includes('optimum') ? (['frontier', 'sweep'] as const) : []),
    ...(k.includes('design') ? (['design'] as const) : []),
  ];
}

/** Runs the suite on this page's GPU and CPU engines. Never rejects. */
export async function runBench(options: BenchRunOptions = {}): Promise<PageOutcome> {
  const session = await openBenchSession();
  const { adapter } = session;
  if (!adapter) {
    session.dispose();
    return { ok: false, noAdapter: true, error: session.gpuSkipped ?? 'no GPU' };
  }
  try {
    if (options.growth) return await growthRun(session, adapter, options);
    const preset = options.preset ?? 'full';
    const base = BENCH_PRESETS[preset];
    const sized = options.sides
      ? { ...base, sizes: { ...base.sizes, surfaceSides: options.sides } }
      : base;
    const f = options.fitMeasure;
    const plan = withMeasure(sized, {
      ...(options.measure ? { surface: options.measure } : {}),
      ...(f ? { fit: f, frontier: f, sweep: f } : {}),
    });
    const fit = options.fit
      ? {
          runs: fitRuns(options.fit.csv, options.fit.dropHighest),
          label: options.fit.label ?? 'the runner’s CSV',
        }
      : undefined;
    const outcome = await runPlan(session.engines, {
      plan,
      families: families(options.kernels),
      ...(options.only ? { kernels: options.only } : {}),
      fit,
      signal: session.signal,
      onStage: (stage) => console.info(`[bench] ${stage}`),
      onRow: logRow,
    });
    if (outcome.fit) {
      console.info(
        `[bench] fit: ${outcome.fit.rows} runs, warm start ${JSON.stringify(outcome.fit.warm)}`,
      );
      if (outcome.fit.gpuSkipped)
        console.info(`[bench] fit: GPU rows skipped: ${outcome.fit.gpuSkipped}`);
    }
    return {
      ok: true,
      report: pageReport(
        session,
        adapter,
        preset,
        outcome.rows,
        outcome.fit ? { fit: outcome.fit } : {},
      ),
    };
  } catch (e) {
    return { ok: false, noAdapter: false, error: describe(e) };
  } finally {
    session.dispose();
  }
}

/** A report of `rows`: the adapter, the CPU threads and the browser beside them, and `extra`. */
function pageReport(
  session: BenchSession,
  adapter: GpuInfo,
  preset: PresetId,
  rows: BenchRow[],
  extra: Pick<PageReport, 'fit' | 'growth'>,
): PageReport {
  const { name, ...adapterInfo } = adapter;
  return {
    adapter: name,
    adapterInfo,
    cpuThreads: session.cpuThreads,
    userAgent: navigator.userAgent,
    preset,
    results: rows,
    ...extra,
  };
}

/** The cost-growth run of the runner's kernels on the session's engines. */
async function growthRun(
  session: BenchSession,
  adapter: GpuInfo,
  options: BenchRunOptions,
): Promise<PageOutcome> {
  const preset = options.preset ?? 'full';
  const families = (options.kernels ?? ['surface', 'fit', 'optimum']).filter(
    (k): k is GrowthFamily => k !== 'design',
  );
  const outcome = await runGrowth(session.engines, {
    plan: GROWTH_PLANS[preset === 'smoke' ? 'smoke' : 'full'],
    series: growthSeriesOf(families),
    signal: session.signal,
    onStage: (stage) => console.info(`[bench] ${stage}`),
    onRow: logRow,
  });
  if (outcome.gpuFitSkipped)
    console.info(`[bench] growth: GPU fit rows skipped: ${outcome.gpuFitSkipped}`);
  return {
    ok: true,
    report: pageReport(session, adapter, preset, outcome.rows, {
      growth: { gpuFitSkipped: outcome.gpuFitSkipped },
    }),
  };
}

window.scalingSweepBench = { run: runBench };

if (new URLSearchParams(location.search).has('autorun')) {
  const log = document.getElementById('log');
  runBench().then((outcome) => {
    if (log) log.textContent = JSON.stringify(outcome, null, 2);
  });
}
