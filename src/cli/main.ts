/**
 * The CLI: `scaling-sweep fit FILE …`, `compare FILE …`, `design FILE …`, `calibrate FILE …`
 * and `frontier …` (or `npm run cli -- …`) run the same engines as the app in Node (the GPU
 * through the `webgpu` package, Dawn's Node bindings; the CPU engine on worker threads). Exit codes: 0 ok, 1 the fit failed, 2 bad usage
 * or bad input (docs/CLI.md).
 */
import { readFile, stat } from 'node:fs/promises';
import { create, globals } from 'webgpu';
import { csvSizeError } from '../data/csv';
import type { ColumnMapping } from '../data/mapping';
import { parseRuns, usableRuns } from '../data/runs';
import { runsInSeries, seriesProblem } from '../data/series';
import { autoChoice } from '../engine/auto-policy';
import { CpuEngine } from '../engine/cpu-engine';
import type { Engine } from '../engine/engine';
import { GpuEngine } from '../engine/gpu-engine';
import type { EnginePreference } from '../engine/manager';
import { createInlineExecutor } from '../engine/worker-pool';
import { CalibrationError } from '../fit/calibration';
import { CompareError } from '../fit/compare-recipes';
import { type LawTestReport, lawTestReport } from '../fit/law-tests';
import { DEFAULT_FIT_METHOD, findFitMethod } from '../fit/methods';
import { APPROACH3 } from '../fit/methods/approach3';
import { ReplicaTable } from '../fit/replica-table';
import { FitError } from '../fit/run-fit';
import { planSeriesFits } from '../fit/series-fit';
import type { FitOptions, FitResult, FitRun } from '../fit/types';
import { acquireGpu } from '../gpu/device';
import type { ScalingLaw } from '../law/law';
import { findPreset } from '../law/presets';
import { type FitCommand, parseFitCommand } from './args';
import { calibrateOnEngine } from './calibrate';
import { type CalibrateCommand, parseCalibrateCommand } from './calibrate-args';
import { calibrateOutputJson, calibrateOutputText } from './calibrate-output';
import { compareOnEngine, withSeriesColumn } from './compare';
import { type CompareCommand, parseCompareCommand } from './compare-args';
import { compareSeries } from './compare-methods';
import { compareOutputJson, compareOutputText, finiteJson } from './compare-output';
import { runDesign } from './design';
import { type DesignCommand, parseDesignCommand } from './design-args';
import { type CliRuntime, type StartedEngine, startEngine } from './engine-start';
import { fitOutputJson, fitOutputText } from './fit-output';
import {
  type FrontierContext,
  type FrontierEngine,
  type FrontierLaw,
  type FrontierReport,
  formatFrontierTable,
  frontierReport,
  resolveTargetQuality,
} from './frontier';
import { type FrontierCommand, parseFrontierCommand } from './frontier-args';
import { helpPointer, helpRequest } from './help';
import { lawTestText } from './law-test-output';
import { methodComparisonsJson, methodComparisonsText } from './method-compare-output';
import { notesOnce } from './notes';
import { threadsText } from './table';

/** Where the CLI writes. */
export interface CliStreams {
  readonly out: { write(text: string): unknown };
  readonly err: { write(text: string): unknown };
}

async function chooseEngine(
  preference: 'auto' | 'gpu' | 'cpu',
  streams: CliStreams,
): Promise<Engine> {
  if (preference === 'cpu') return new CpuEngine(createInlineExecutor());
  Object.assign(globalThis, globals);
  const acquisition = await acquireGpu({ gpu: create([]) });
  if (acquisition.kind === 'gpu') {
    // The CLI's jobs are fits: under auto, the app's rule for fits (never a software adapter).
    if (
      preference === 'auto' &&
      autoChoice('fit', acquisition.gpu.info, undefined).engine === 'cpu'
    ) {
      acquisition.gpu.device.destroy();
      return new CpuEngine(createInlineExecutor());
    }
    return GpuEngine.create(acquisition.gpu);
  }
  const hint =
    'on a machine without a GPU, install chromium and libvulkan1 and set VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json to use SwiftShader';
  if (preference === 'gpu') throw new Error(`--engine gpu: ${acquisition.reason} (${hint})`);
  streams.err.write(`note: ${acquisition.reason}; using the CPU engine (${hint})\n`);
  return new CpuEngine(createInlineExecutor());
}

/** Reads and parses a runs CSV; writes the problem and returns exit code 2 when it cannot. */
async function readRuns(
  file: string,
  streams: CliStreams,
  data: {
    readonly mapping?: ColumnMapping;
    readonly series?: readonly string[];
    /** The column that names the series, the other columns matched by their headers. */
    readonly seriesColumn?: string;
  } = {},
): Promise<FitRun[] | number> {
  let text: string;
  try {
    const tooBig = csvSizeError((await stat(file)).size);
    if (tooBig) throw new Error(tooBig);
    text = await readFile(file, 'utf8');
  } catch (e) {
    streams.err.write(`scaling-sweep: cannot read ${file}: ${(e as Error).message}\n`);
    return 2;
  }
  let imported = parseRuns(text, data.mapping ? { mapping: data.mapping } : {});
  if (data.seriesColumn !== undefined)
    imported = parseRuns(text, { mapping: withSeriesColumn(imported.mapping, data.seriesColumn) });
  if (imported.errors.length > 0) {
    const hint = imported.needsMapping ? ' (name the columns with --map N=COL,D=COL,loss=COL)' : '';
    streams.err.write(`scaling-sweep: ${file}: ${imported.errors.join('; ')}${hint}\n`);
    return 2;
  }
  const unknown = seriesProblem(imported.runs, data.series ?? []);
  if (unknown) {
    streams.err.write(`scaling-sweep: ${file}: ${unknown}\n`);
    return 2;
  }
  for (const r of imported.rejected) {
    streams.err.write(`rejected row ${r.row}${r.column ? ` (${r.column})` : ''}: ${r.reason}\n`);
  }
  for (const w of imported.warnings) streams.err.write(`warning: ${w}\n`);
  return runsInSeries(usableRuns(imported, new Set()), data.series ?? []);
}

/**
 * Starts the engine for `preference` (the CPU engine on `threads` worker threads); writes the
 * reason and resolves with exit code 2 when it cannot.
 */
async function engineFor(
  preference: EnginePreference,
  threads: number | undefined,
  streams: CliStreams,
  runtime: CliRuntime,
): Promise<StartedEngine | number> {
  try {
    return await startEngine(preference, threads, runtime, streams.err, (p) =>
      chooseEngine(p, streams),
    );
  } catch (e) {
    streams.err.write(`scaling-sweep: ${(e as Error).message}\n`);
    return 2;
  }
}

/** Fits `runs` on the chosen engine; resolves with the result or an exit code. */
async function fitRuns(
  runs: FitRun[],
  options: FitOptions,
  preference: EnginePreference,
  threads: number | undefined,
  streams: CliStreams,
  runtime: CliRuntime,
): Promise<{ result: FitResult; engine: FrontierEngine } | number> {
  const started = await engineFor(preference, threads, streams, runtime);
  if (typeof started === 'number') return started;
  const { engine } = started;
  try {
    const result = await engine.fit(runs, options);
    const gpu = engine instanceof GpuEngine;
    return {
      result,
      engine: {
        kind: gpu ? 'gpu' : 'cpu',
        adapter: gpu ? engine.gpu.info.name : null,
        threads: started.threads ?? null,
      },
    };
  } catch (e) {
    streams.err.write(`scaling-sweep: ${(e as Error).message}\n`);
    return 1;
  } finally {
    engine.dispose();
  }
}

/** Replica laws of a fit's bootstrap (converged rows only). */
function replicaLaws(result: FitResult): ScalingLaw[] {
  return ReplicaTable.of(result.bootstrap?.replicas).laws();
}

/** Writes a usage problem with the pointer to the right `--help`; resolves with exit code 2. */
function usageError(streams: CliStreams, message: string, command?: string): number {
  streams.err.write(`scaling-sweep: ${message}\n${helpPointer(command)}\n`);
  return 2;
}

async function runFrontier(
  argv: readonly string[],
  streams: CliStreams,
  runtime: CliRuntime,
): Promise<number> {
  let parsed: FrontierCommand;
  try {
    parsed = parseFrontierCommand(argv);
  } catch (e) {
    return usageError(streams, (e as Error).message, 'frontier');
  }
  let law: FrontierLaw;
  let context: FrontierContext = {};
  if (parsed.law.kind === 'preset') {
    const preset = findPreset(parsed.law.id)!;
    law = {
      source: 'preset' as const,
      id: preset.id,
      name: preset.name,
      citation: preset.source,
      ...preset.law,
    };
    context = preset.extras ? { extras: preset.extras } : {};
  } else if (parsed.law.kind === 'typed') {
    law = { source: 'typed' as const, ...parsed.law.law };
  } else {
    const { file, options, engine, threads } = parsed.law;
    const runs = await readRuns(file, streams);
    if (typeof runs === 'number') return runs;
    const fit = await fitRuns(runs, options, engine, threads, streams, runtime);
    if (typeof fit === 'number') return fit;
    law = { source: 'fit' as const, file, ...fit.result.best.law };
    const replicas = replicaLaws(fit.result);
    context = { replicas: replicas.length > 0 ? replicas : null, engine: fit.engine };
  }
  const target = resolveTargetQuality(parsed, law);
  if ('error' in target) {
    streams.err.write(`scaling-sweep: ${target.error}\n`);
    return 2;
  }
  const command = target.command;
  const report: FrontierReport = frontierReport(command, law, {
    ...context,
    quality: target.quality,
  });
  streams.out.write(
    command.json ? `${JSON.stringify(report, null, 2)}\n` : formatFrontierTable(report),
  );
  return 0;
}

/**
 * Runs the CLI with `argv` (without node and the script); resolves with the exit code. Help
 * (`--help`, `-h`, `help [COMMAND]`, `COMMAND --help`) goes to stdout before anything starts;
 * stderr carries each distinct note once. `runtime` comes from the launcher (the CPU engine's
 * thread script); without it the CPU engine runs on the calling thread.
 */
export async function main(
  argv: readonly string[],
  output: CliStreams,
  runtime: CliRuntime = {},
): Promise<number> {
  const streams: CliStreams = { out: output.out, err: notesOnce(output.err) };
  const help = helpRequest(argv);
  if (help?.kind === 'usage') {
    streams.out.write(`${help.text}\n`);
    return 0;
  }
  if (help?.kind === 'unknown-command')
    return usageError(streams, `no help for unknown command '${help.command}'`);
  const [name] = argv;
  if (name === 'frontier') return runFrontier(argv, streams, runtime);
  if (name === 'compare') return runCompare(argv, streams, runtime);
  if (name === 'calibrate') return runCalibrate(argv, streams, runtime);
  if (name === 'design') return runDesignCommand(argv, streams, runtime);
  if (name !== 'fit')
    return usageError(streams, name ? `unknown command '${name}'` : 'no command given');
  let command: ReturnType<typeof parseFitCommand>;
  try {
    command = parseFitCommand(argv);
  } catch (e) {
    return usageError(streams, (e as Error).message, 'fit');
  }
  const runs = await readRuns(command.file, streams, command);
  if (typeof runs === 'number') return runs;
  if (command.compareMethods) return compareBySeries(runs, command, streams, runtime);
  return fitBySeries(runs, command, streams, runtime);
}

/**
 * `design`: the sweep designer (src/cli/design.ts) with this file's CSV reading and engine
 * start. Exit 2 on bad usage or input, 1 when something else failed.
 */
async function runDesignCommand(
  argv: readonly string[],
  streams: CliStreams,
  runtime: CliRuntime,
): Promise<number> {
  let command: DesignCommand;
  try {
    command = parseDesignCommand(argv);
  } catch (e) {
    return usageError(streams, (e as Error).message, 'design');
  }
  return runDesign(command, streams, {
    readRuns: (file) => readRuns(file, streams),
    startEngine: async () => {
      const started = await engineFor(command.engine, command.threads, streams, runtime);
      if (typeof started === 'number') return started;
      const gpu = started.engine instanceof GpuEngine ? started.engine : null;
      return {
        engine: started.engine,
        info: {
          kind: gpu ? 'gpu' : 'cpu',
          adapter: gpu ? gpu.gpu.info.name : null,
          threads: started.threads ?? null,
        },
      };
    },
  });
}

/**
 * `calibrate`: fits the runs, then calibrates the fit's intervals on their design. Exit 2 on bad
 * usage or input (R of 10,000 or more, a job beyond the cap), 1 when the fit failed.
 */
async function runCalibrate(
  argv: readonly string[],
  streams: CliStreams,
  runtime: CliRuntime,
): Promise<number> {
  let command: CalibrateCommand;
  try {
    command = parseCalibrateCommand(argv);
  } catch (e) {
    return usageError(streams, (e as Error).message, 'calibrate');
  }
  const runs = await readRuns(command.file, streams);
  if (typeof runs === 'number') return runs;
  const started = await engineFor(command.engine, command.threads, streams, runtime);
  if (typeof started === 'number') return started;
  const { engine } = started;
  try {
    const run = await calibrateOnEngine(runs, command, engine);
    const label =
      engine instanceof GpuEngine
        ? `gpu (${engine.gpu.info.name})`
        : `cpu${started.threads === undefined ? '' : ` (${threadsText(started.threads)})`}`;
    streams.out.write(
      command.json
        ? `${finiteJson(calibrateOutputJson(run, command.file, label))}\n`
        : calibrateOutputText(run, label),
    );
    return 0;
  } catch (e) {
    streams.err.write(`scaling-sweep: ${(e as Error).message}\n`);
    return e instanceof CalibrationError ? 2 : 1;
  } finally {
    engine.dispose();
  }
}

/**
 * `compare`: fits each series and compares them with the reference. Exit 2 on bad usage or
 * input (an unknown reference, fewer than two series, a reference that could not be fitted),
 * 1 when a fit failed.
 */
async function runCompare(
  argv: readonly string[],
  streams: CliStreams,
  runtime: CliRuntime,
): Promise<number> {
  let command: CompareCommand;
  try {
    command = parseCompareCommand(argv);
  } catch (e) {
    return usageError(streams, (e as Error).message, 'compare');
  }
  const runs = await readRuns(command.file, streams, { seriesColumn: command.seriesColumn });
  if (typeof runs === 'number') return runs;
  const started = await engineFor(command.engine, command.threads, streams, runtime);
  if (typeof started === 'number') return started;
  const { engine } = started;
  try {
    const run = await compareOnEngine(runs, command, engine);
    const label =
      engine instanceof GpuEngine
        ? `gpu (${engine.gpu.info.name})`
        : `cpu${started.threads === undefined ? '' : ` (${started.threads} threads)`}`;
    streams.out.write(
      command.json
        ? `${finiteJson(compareOutputJson(run, command, label))}\n`
        : compareOutputText(run, command, label),
    );
    for (const l of run.result.separate.leftOut)
      streams.err.write(`scaling-sweep: series ${l.name} left out: ${l.problem}\n`);
    for (const w of run.result.joint?.fit.warnings ?? []) streams.err.write(`warning: ${w}\n`);
    return 0;
  } catch (e) {
    streams.err.write(`scaling-sweep: ${(e as Error).message}\n`);
    return e instanceof CompareError ? 2 : 1;
  } finally {
    engine.dispose();
  }
}

/**
 * Compares the three methods on each selected series on one engine and prints the comparison
 * as text or JSON. Exit 1 when a series could not be compared at all.
 */
async function compareBySeries(
  runs: readonly (FitRun & { readonly series?: string })[],
  command: FitCommand,
  streams: CliStreams,
  runtime: CliRuntime,
): Promise<number> {
  const started = await engineFor(command.engine, command.threads, streams, runtime);
  if (typeof started === 'number') return started;
  const { engine } = started;
  try {
    const entries = await compareSeries(
      planSeriesFits(runs, command.series ?? []),
      command,
      engine,
    );
    const adapter = engine instanceof GpuEngine ? engine.gpu.info.name : null;
    streams.out.write(
      command.json
        ? `${JSON.stringify(methodComparisonsJson(entries, { ...command.options }, adapter), null, 2)}\n`
        : methodComparisonsText(entries),
    );
    return entries.some((e) => 'comparison' in e && e.comparison.problems.length < 3) ? 0 : 1;
  } catch (e) {
    streams.err.write(`scaling-sweep: ${(e as Error).message}\n`);
    return 1;
  } finally {
    engine.dispose();
  }
}

/** The name of the tested law in the text (the preset id or "typed law"), with its series. */
function lawName(command: FitCommand, series: string | null): string {
  const law = command.testLaw?.kind === 'preset' ? command.testLaw.id : 'typed law';
  return series === null ? law : `${law}, series ${series}`;
}

/**
 * The `--test-law` tests of each fitted series (null where a series was not fitted), after one
 * more fit per series with tied exponents for the LR test; null without `--test-law`, a message
 * when the method is not Approach 3.
 */
async function lawTests(
  command: FitCommand,
  methodId: string,
  plan: readonly { readonly runs: readonly FitRun[] }[],
  fits: readonly ({ readonly result: unknown } | { readonly problem: string })[],
  fitTied: (runs: readonly FitRun[], options: FitOptions) => Promise<FitResult>,
): Promise<(LawTestReport | null)[] | string | null> {
  const arg = command.testLaw;
  if (!arg) return null;
  if (methodId !== APPROACH3.id) return `--test-law needs --method ${APPROACH3.id}`;
  const law: ScalingLaw = arg.kind === 'preset' ? findPreset(arg.id)!.law : arg.law;
  const out: (LawTestReport | null)[] = [];
  for (let i = 0; i < fits.length; i++) {
    const f = fits[i]!;
    const runs = plan[i]!.runs;
    if (!('result' in f)) {
      out.push(null);
      continue;
    }
    const fit = f.result as FitResult;
    let tied: FitResult | string | null = null;
    if (!fit.options.tieExponents) {
      try {
        tied = await fitTied(runs, { ...command.options, tieExponents: true, bootstrap: 0 });
      } catch (e) {
        if (!(e instanceof FitError)) throw e;
        tied = e.message;
      }
    }
    out.push(lawTestReport(runs, fit, tied, law));
  }
  return out;
}

/**
 * Fits each selected series of `runs` (or all runs, when they carry fewer than two series and
 * none was asked for) with Approach 3 on one engine, and prints one entry per series. Exit 1
 * when no series could be fitted.
 */
async function fitBySeries(
  runs: readonly (FitRun & { readonly series?: string })[],
  command: FitCommand,
  streams: CliStreams,
  runtime: CliRuntime,
): Promise<number> {
  const method = findFitMethod(command.method ?? DEFAULT_FIT_METHOD) ?? APPROACH3;
  const started = await engineFor(command.engine, command.threads, streams, runtime);
  if (typeof started === 'number') return started;
  const { engine, threads } = started;
  try {
    const plan = planSeriesFits(runs, command.series ?? []);
    const fits = await engine.fitSeries(method, plan, command.options);
    const adapter = engine instanceof GpuEngine ? engine.gpu.info.name : null;
    const tests = await lawTests(command, method.id, plan, fits, (r, o) =>
      engine.runMethod(APPROACH3, r, o, {}),
    );
    if (typeof tests === 'string') {
      streams.err.write(`scaling-sweep: ${tests}\n`);
      return 2;
    }
    const json = fitOutputJson(method, fits, adapter, threads);
    if (tests && Array.isArray(json.series)) {
      json.series = json.series.map((e: Record<string, unknown>, i: number) =>
        tests[i] ? { ...e, lawTest: tests[i] } : e,
      );
    } else if (tests?.[0]) json.lawTest = tests[0];
    const text =
      fitOutputText(method, fits, adapter, threads) +
      (tests ?? [])
        .map((t, i) => (t ? `\n${lawTestText(t, lawName(command, fits[i]?.series ?? null))}` : ''))
        .join('');
    streams.out.write(command.json ? `${JSON.stringify(json, null, 2)}\n` : text);
    for (const f of fits) {
      if ('problem' in f) streams.err.write(`scaling-sweep: series ${f.series}: ${f.problem}\n`);
    }
    return fits.some((f) => 'result' in f) ? 0 : 1;
  } catch (e) {
    streams.err.write(`scaling-sweep: ${(e as Error).message}\n`);
    return 1;
  } finally {
    engine.dispose();
  }
}
