/**
 * The CLI: `npm run cli -- fit FILE …` runs the same engines as the app in Node (the GPU through
 * the `webgpu` package, Dawn's Node bindings). Exit codes: 0 ok, 1 fit failed, 2 bad input.
 */
import { readFile, stat } from 'node:fs/promises';
import { create, globals } from 'webgpu';
import { csvSizeError } from '../data/csv';
import { parseRuns, usableRuns } from '../data/runs';
import { CpuEngine } from '../engine/cpu-engine';
import type { Engine } from '../engine/engine';
import { GpuEngine } from '../engine/gpu-engine';
import { createInlineExecutor } from '../engine/worker-pool';
import { fitReport } from '../fit/report';
import { acquireGpu } from '../gpu/device';
import { parseFitCommand, USAGE } from './args';
import { formatFitTable } from './table';

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

/** Runs the CLI with `argv` (without node and the script); resolves with the exit code. */
export async function main(argv: readonly string[], streams: CliStreams): Promise<number> {
  let command: ReturnType<typeof parseFitCommand>;
  try {
    command = parseFitCommand(argv);
  } catch (e) {
    streams.err.write(`scaling-sweep: ${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  let text: string;
  try {
    const tooBig = csvSizeError((await stat(command.file)).size);
    if (tooBig) throw new Error(tooBig);
    text = await readFile(command.file, 'utf8');
  } catch (e) {
    streams.err.write(`scaling-sweep: cannot read ${command.file}: ${(e as Error).message}\n`);
    return 2;
  }
  const imported = parseRuns(text);
  if (imported.errors.length > 0) {
    streams.err.write(`scaling-sweep: ${command.file}: ${imported.errors.join('; ')}\n`);
    return 2;
  }
  for (const r of imported.rejected) {
    streams.err.write(`rejected row ${r.row}${r.column ? ` (${r.column})` : ''}: ${r.reason}\n`);
  }
  for (const w of imported.warnings) streams.err.write(`warning: ${w}\n`);
  let engine: Engine;
  try {
    engine = await chooseEngine(command.engine, streams);
  } catch (e) {
    streams.err.write(`scaling-sweep: ${(e as Error).message}\n`);
    return 2;
  }
  try {
    const runs = usableRuns(imported, new Set());
    const result = await engine.fit(runs, command.options);
    const adapter = engine instanceof GpuEngine ? engine.gpu.info.name : null;
    const report = fitReport(result, adapter);
    streams.out.write(
      command.json ? `${JSON.stringify(report, null, 2)}\n` : formatFitTable(report),
    );
    return 0;
  } catch (e) {
    streams.err.write(`scaling-sweep: ${(e as Error).message}\n`);
    return 1;
  } finally {
    engine.dispose();
  }
}
