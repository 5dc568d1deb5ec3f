/**
 * The CLI: `npm run cli -- fit FILE …` and `npm run cli -- frontier …` run the same engines as the app in Node (the GPU through
 * the `webgpu` package, Dawn's Node bindings). Exit codes: 0 ok, 1 fit failed, 2 bad input.
 */
import { readFile, stat } from 'node:fs/promises';
import { create, globals } from 'webgpu';
import { csvSizeError } from '../data/csv';
import type { ColumnMapping } from '../data/mapping';
import { parseRuns, usableRuns } from '../data/runs';
import { runsInSeries, seriesProblem } from '../data/series';
import { CpuEngine } from '../engine/cpu-engine';
import type { Engine } from '../engine/engine';
import { GpuEngine } from '../engine/gpu-engine';
import type { EnginePreference } from '../engine/manager';
import { createInlineExecutor } from '../engine/worker-pool';
import { DEFAULT_FIT_METHOD, findFitMethod } from '../fit/methods';
import { APPROACH3 } from '../fit/methods/approach3';
import { ReplicaTable } from '../fit/replica-table';
import { fitEachSeries, planSeriesFits } from '../fit/series-fit';
import type { FitOptions, FitResult, FitRun } from '../fit/types';
import { acquireGpu } from '../gpu/device';
import type { ScalingLaw } from '../law/law';
import { findPreset } from '../law/presets';
import { type FitCommand, parseFitCommand, USAGE } from './args';
import { fitOutputJson, fitOutputText } from './fit-output';
import { type FrontierReport, formatFrontierTable, frontierReport } from './frontier';
import { FRONTIER_USAGE, type FrontierCommand, parseFrontierCommand } from './frontier-args';

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
  if (acquisition.kind === 'gpu') return GpuEngine.create(acquisition.gpu);
  const hint =
    'no WebGPU adapter; on a machine without a GPU, install chromium and libvulkan1 and set VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json to use SwiftShader';
  if (preference === 'gpu') throw new Error(`--engine gpu: ${acquisition.reason} (${hint})`);
  streams.err.write(`note: ${acquisition.reason}; using the CPU engine (${hint})\n`);
  return new CpuEngine(createInlineExecutor());
}

/** Reads and parses a runs CSV; writes the problem and returns exit code 2 when it cannot. */
async function readRuns(
  file: string,
  streams: CliStreams,
  data: { readonly mapping?: ColumnMapping; readonly series?: readonly string[] } = {},
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
  const imported = parseRuns(text, data.mapping ? { mapping: data.mapping } : {});
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

/** Fits `runs` on the chosen engine; resolves with the result or an exit code. */
async function fitRuns(
  runs: FitRun[],
  options: FitOptions,
  preference: EnginePreference,
  streams: CliStreams,
): Promise<{ result: FitResult; adapter: string | null } | number> {
  let engine: Engine;
  try {
    engine = await chooseEngine(preference, streams);
  } catch (e) {
    streams.err.write(`scaling-sweep: ${(e as Error).message}\n`);
    return 2;
  }
  try {
    const result = await engine.fit(runs, options);
    return { result, adapter: engine instanceof GpuEngine ? engine.gpu.info.name : null };
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

async function runFrontier(argv: readonly string[], streams: CliStreams): Promise<number> {
  let command: FrontierCommand;
  try {
    command = parseFrontierCommand(argv);
  } catch (e) {
    streams.err.write(`scaling-sweep: ${(e as Error).message}\n\n${FRONTIER_USAGE}\n`);
    return 2;
  }
  let report: FrontierReport;
  if (command.law.kind === 'preset') {
    const preset = findPreset(command.law.id)!;
    const law = {
      source: 'preset' as const,
      id: preset.id,
      name: preset.name,
      citation: preset.source,
      ...preset.law,
    };
    report = frontierReport(command, law, null, preset.extras);
  } else {
    const runs = await readRuns(command.law.file, streams);
    if (typeof runs === 'number') return runs;
    const fit = await fitRuns(runs, command.law.options, command.law.engine, streams);
    if (typeof fit === 'number') return fit;
    const law = { source: 'fit' as const, file: command.law.file, ...fit.result.best.law };
    const replicas = replicaLaws(fit.result);
    report = frontierReport(command, law, replicas.length > 0 ? replicas : null);
  }
  streams.out.write(
    command.json ? `${JSON.stringify(report, null, 2)}\n` : formatFrontierTable(report),
  );
  return 0;
}

/** Runs the CLI with `argv` (without node and the script); resolves with the exit code. */
export async function main(argv: readonly string[], streams: CliStreams): Promise<number> {
  if (argv[0] === 'frontier') return runFrontier(argv, streams);
  let command: ReturnType<typeof parseFitCommand>;
  try {
    command = parseFitCommand(argv);
  } catch (e) {
    streams.err.write(`scaling-sweep: ${(e as Error).message}\n\n${USAGE}\n\n${FRONTIER_USAGE}\n`);
    return 2;
  }
  const runs = await readRuns(command.file, streams, command);
  if (typeof runs === 'number') return runs;
  return fitBySeries(runs, command, streams);
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
): Promise<number> {
  const method = findFitMethod(command.method ?? DEFAULT_FIT_METHOD) ?? APPROACH3;
  let engine: Engine;
  try {
    engine = await chooseEngine(command.engine, streams);
  } catch (e) {
    streams.err.write(`scaling-sweep: ${(e as Error).message}\n`);
    return 2;
  }
  try {
    const plan = planSeriesFits(runs, command.series ?? []);
    const fits = await fitEachSeries(method, plan, command.options, (r, job) =>
      engine.runMethod(method, r, command.options, job),
    );
    const adapter = engine instanceof GpuEngine ? engine.gpu.info.name : null;
    streams.out.write(
      command.json
        ? `${JSON.stringify(fitOutputJson(method, fits, adapter), null, 2)}\n`
        : fitOutputText(method, fits, adapter),
    );
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
