// npm run bench [-- --json FILE] [--sizes 256,1024,4096] [--quick]
//                 [--kernels surface,fit,optimum,design,drag] [--only KERNEL,...] [--growth]
//                 [--drag-grids 512,1024] [--drag-engines gpu,cpu] [--drag-profile]
//                 [--scipy-starts grid|N] [--no-scipy] [--fit-csv FILE] [--preset full|quick|smoke]
// Serves bench/index.html and the app with Vite, runs the suite of src/bench (the one the app's
// Bench view runs) in headless system Chromium (WebGPU on SwiftShader unless
// WEBGPU_ADAPTER=default), then drags the alpha slider in the app on each engine (bench/drag.mjs,
// kernel 'drag'), then the scipy peer (bench/peers/scipy_fit.py) for the fit rows, prints a table
// with GPU/CPU and fit ratios and optionally writes the JSON report. --preset picks the sizes of
// src/bench/plan.ts (default full); --quick keeps the sizes and cuts the repeats. The fit
// kernels include the per-series fits ('fit-series', printed side by side by seriesFitTable) and
// the Approach-2 bootstrap ('fit-approach2', GPU/CPU ratio in the ratio table); the smallest run
// that has them: --kernels fit --preset quick --quick --no-scipy (smoke leaves them out).
// The optimum kernels include the multiplier curves ('frontier-multiplier', pairs x 64
// budgets, GPU/CPU ratio in the ratio table); smoke leaves them out too. 'design' is the sweep
// designer's candidate map (Engine.designReductions); the fit kernels also hold the calibration
// fits ('fit-calibration'); smoke leaves both out. --only keeps the cases of the kernels named
// (e.g. --kernels fit,design --only fit-calibration,design) and skips the set-up they do not
// need (the fit warm start, the scipy peer).
// --growth runs the cost-growth series of src/bench/growth-plan.ts instead (surface, fit and
// optimum unless --kernels narrows them; no scipy, no drag unless named) and prints per-unit
// cost tables with cliffs flagged (src/bench/growth.mjs); --preset smoke shrinks them for tests.
// Exits non-zero if no WebGPU adapter appears or the suite fails.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import { GPU_CPU_PAIRS } from '../src/bench/ratios.mjs';
import { chromiumArgs, requireChromium } from '../test/support/chromium.mjs';
import { findScipyPython } from '../test/support/python.mjs';
import { DRAG_GRIDS, dragRows, formatDragBudget } from './drag.mjs';
import {
  fitRatios,
  formatDrag,
  formatFitRatios,
  formatGrowth,
  formatRatios,
  formatRows,
  growthSummary,
  ratios,
} from './report.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TIME_LIMIT_MS = 15 * 60 * 1000;

/** The fit rows' data: the Chinchilla runs beside the project (never copied into it). */
const CHINCHILLA_CSV = path.resolve(root, '../shared/data/chinchilla-runs.csv');
/** The 5 highest-loss runs are dropped (240 runs remain), as in the peer check. */
const DROP_HIGHEST = 5;
/** Must match FIT_BENCH_SEED in src/bench/fit-cases.ts. */
const FIT_SEED = 1;
const GRID_STARTS = 4500;
const PRESETS = ['full', 'quick', 'smoke'];
/** --kernels choices; the default runs them all ('drag': the interactive-feel rows). */
const KERNELS = ['surface', 'fit', 'optimum', 'design', 'drag'];
/** --growth runs the growth series of these unless --kernels names others. */
const GROWTH_KERNELS = ['surface', 'fit', 'optimum'];
const PEER = path.join(root, 'bench/peers/scipy_fit.py');

function peer(python, args) {
  return new Promise((resolve, reject) => {
    execFile(
      python,
      [PEER, ...args, '--json'],
      { maxBuffer: 64 * 2 ** 20 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`scipy peer failed: ${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout));
      },
    );
  });
}

/**
 * The scipy rows: the grid (all 4,500 starts, or the first N, with the per-fit rate measured on
 * those N and the row's seconds scaled to 4,500) and, for each K the browser measured, K
 * replicas warm-started where the browser engines' replicas start, with the same seed (so the
 * same resampling weights). One process, one timed run per row (the peer reports its own
 * timings, interpreter start-up excluded).
 */
export async function scipyRows(python, csvPath, warm, starts, replicas) {
  const rows = [];
  const base = [csvPath, '--drop-highest', String(DROP_HIGHEST), '--seed', String(FIT_SEED)];
  const common = (out) => ({
    unit: 'fits',
    mode: `bench/peers/scipy_fit.py: scipy ${out.scipy} L-BFGS-B (defaults), numpy ${out.numpy}, one process, f64`,
    repeats: 1,
    runsPerSample: 1,
    scipy: out.scipy,
  });
  const spread = (s) => ({ min: s, max: s, q1: s, q3: s });
  console.error(`[bench] scipy: grid (${starts} starts)…`);
  const grid = await peer(python, [...base, '--starts', String(starts)]);
  const g = grid.timings.grid;
  const seconds = GRID_STARTS / g.fitsPerSecond;
  rows.push({
    kernel: 'fit-grid',
    engine: 'scipy',
    size: GRID_STARTS,
    perSecond: g.fitsPerSecond,
    seconds,
    ...common(grid),
    shape: `${GRID_STARTS} grid starts · ${grid.rows} runs`,
    spread: spread(seconds),
    starts: g.fits,
    secondsMeasured: g.seconds,
    evaluationsPerFit: g.evaluations / g.fits,
    converged: grid.starts?.converged ?? 0,
    ...(g.fits < GRID_STARTS
      ? { note: `timed on the first ${g.fits} grid starts; seconds scaled to ${GRID_STARTS}` }
      : {}),
  });
  const warmArg = [warm.a, warm.b, warm.e, warm.alpha, warm.beta].join(',');
  for (const K of replicas) {
    console.error(`[bench] scipy: bootstrap K=${K}…`);
    const out = await peer(python, [
      ...base,
      '--no-grid',
      '--warm',
      warmArg,
      '--bootstrap',
      String(K),
    ]);
    const b = out.timings.bootstrap;
    rows.push({
      kernel: 'fit-bootstrap',
      engine: 'scipy',
      size: K,
      perSecond: b.fitsPerSecond,
      seconds: b.seconds,
      ...common(out),
      shape: `K=${K} · ${out.rows} runs`,
      spread: spread(b.seconds),
      evaluationsPerFit: b.evaluations / b.fits,
      converged: out.bootstrap.converged,
    });
  }
  return rows;
}

/** The machine the bench ran on, from node:os. */
export function describeMachine() {
  const cpus = os.cpus();
  return {
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cpuModel: cpus[0]?.model?.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
  };
}

/** Short git revision with '-dirty' for uncommitted changes; null outside git or before the first commit. */
export function gitRevision() {
  const git = (...args) =>
    execFileSync('git', args, { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  try {
    const rev = git('rev-parse', '--short', 'HEAD');
    return git('status', '--porcelain') ? `${rev}-dirty` : rev;
  } catch {
    return null;
  }
}

/**
 * The TypeScript formatters of src/bench the terminal report uses, loaded through `server`
 * (Vite's SSR loader) so they are written once for the Bench view and the runner.
 */
export async function loadBenchFormatters(server) {
  const fits = await server.ssrLoadModule('/src/bench/fit-cases.ts');
  const approach2 = await server.ssrLoadModule('/src/bench/approach2-cases.ts');
  const calibration = await server.ssrLoadModule('/src/bench/calibration-cases.ts');
  return {
    seriesFitTable: fits.seriesFitTable,
    approach2Pair: approach2.APPROACH2_PAIR,
    calibrationPair: calibration.CALIBRATION_PAIR,
  };
}

/**
 * Starts Vite on a free localhost port and returns the server, its base URL (the app) and the
 * bench page URL.
 */
export async function startServer() {
  const server = await createServer({
    root,
    logLevel: 'warn',
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false },
    // Both pages' imports are pre-bundled up front: a dependency discovered mid-run would
    // reload the page (and the app's CPU workers would keep stale module URLs).
    optimizeDeps: {
      entries: ['bench/index.html', 'index.html'],
      include: ['comlink', 'lit', 'lit/decorators.js', 'd3'],
    },
  });
  await server.listen();
  const base = server.resolvedUrls?.local[0];
  if (!base) throw new Error('Vite started but reported no local URL');
  return { server, base, url: new URL('bench/index.html', base).href };
}

/** Headless system Chromium with the flags of test/support/chromium.mjs. */
export function launchChromium() {
  return chromium.launch({
    executablePath: requireChromium(),
    args: chromiumArgs(),
    headless: true,
  });
}

/** Runs the bench page in `browser` and returns the page's outcome and the errors it logged. */
export async function runBenchPage(browser, url, options) {
  const page = await browser.newPage();
  try {
    const errors = [];
    page.on('console', (m) => {
      if (m.text().startsWith('[bench]')) console.error(m.text());
      else if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    await page.waitForFunction(() => window.scalingSweepBench !== undefined, null, {
      timeout: 60_000,
    });
    const outcome = await page.evaluate((o) => window.scalingSweepBench.run(o), options);
    return { outcome, errors };
  } finally {
    await page.close();
  }
}

/** Opens the bench page in headless Chromium and returns the page's outcome and the browser version. */
export async function runInChromium(url, options) {
  const browser = await launchChromium();
  try {
    return { ...(await runBenchPage(browser, url, options)), chromium: browser.version() };
  } finally {
    await browser.close();
  }
}

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(1);
}

async function main() {
  const { values } = parseArgs({
    options: {
      json: { type: 'string' },
      sizes: { type: 'string' },
      quick: { type: 'boolean' },
      kernels: { type: 'string' },
      only: { type: 'string' },
      'scipy-starts': { type: 'string' },
      'no-scipy': { type: 'boolean' },
      'fit-csv': { type: 'string' },
      preset: { type: 'string' },
      growth: { type: 'boolean' },
      'drag-grids': { type: 'string' },
      'drag-engines': { type: 'string' },
      'drag-profile': { type: 'boolean' },
    },
  });
  const growth = values.growth === true;
  const preset = values.preset ?? 'full';
  if (!PRESETS.includes(preset)) {
    fail(`--preset takes ${PRESETS.join(', ')} (got '${values.preset}')`);
  }
  const kernels = (values.kernels ?? (growth ? GROWTH_KERNELS : KERNELS).join(',')).split(',');
  if (kernels.some((k) => !KERNELS.includes(k))) {
    fail(`--kernels takes ${KERNELS.join(', ')}, comma-separated (got '${values.kernels}')`);
  }
  const pageKernels = kernels.filter((k) => k !== 'drag');
  const only = values.only?.split(',');
  if (only?.some((k) => !/^[a-z0-9-]+$/.test(k))) {
    fail(`--only takes kernel names such as fit-calibration,design (got '${values.only}')`);
  }
  const fitDataWanted =
    !only || only.some((k) => ['fit-grid', 'fit-bootstrap', 'fit-series'].includes(k));
  const wantsDrag = kernels.includes('drag');
  const dragGrids = (values['drag-grids'] ?? DRAG_GRIDS.join(',')).split(',').map(Number);
  if (dragGrids.some((n) => !Number.isInteger(n) || n < 16 || n > 4096)) {
    fail(
      `--drag-grids takes grid sides from 16 to 4096, comma-separated (got '${values['drag-grids']}')`,
    );
  }
  const dragEngines = (values['drag-engines'] ?? 'gpu,cpu').split(',');
  if (dragEngines.some((e) => e !== 'gpu' && e !== 'cpu')) {
    fail(`--drag-engines takes gpu, cpu, comma-separated (got '${values['drag-engines']}')`);
  }
  const scipyStarts =
    values['scipy-starts'] === undefined || values['scipy-starts'] === 'grid'
      ? GRID_STARTS
      : Number(values['scipy-starts']);
  if (!Number.isInteger(scipyStarts) || scipyStarts < 1 || scipyStarts > GRID_STARTS) {
    fail(`--scipy-starts takes 'grid' or 1..${GRID_STARTS} (got '${values['scipy-starts']}')`);
  }
  // The fit rows read the Chinchilla runs in Node and hand them to the page.
  const skipped = [];
  let fitCsv;
  const csvPath = path.resolve(values['fit-csv'] ?? CHINCHILLA_CSV);
  if (kernels.includes('fit') && !growth && fitDataWanted) {
    if (existsSync(csvPath)) fitCsv = readFileSync(csvPath, 'utf8');
    else
      skipped.push(
        `fit rows skipped: ${csvPath} is missing (the Chinchilla runs, ../shared/data beside the project)`,
      );
  }
  let python = null;
  if (fitCsv !== undefined && !values['no-scipy']) {
    python = findScipyPython() ?? null;
    if (!python)
      skipped.push(
        'scipy rows skipped: no python3 with numpy and scipy (apt-get install -y python3-scipy)',
      );
  }
  for (const line of skipped) console.error(`bench: ${line}`);
  if (growth && (values.sizes !== undefined || values.quick)) {
    fail(
      '--sizes and --quick do not apply to --growth (its sizes are in src/bench/growth-plan.ts)',
    );
  }
  const sides = values.sizes?.split(',').map(Number);
  if (sides?.some((n) => !Number.isInteger(n) || n < 1 || n > 8192)) {
    fail(`--sizes takes grid sides from 1 to 8192, comma-separated (got '${values.sizes}')`);
  }
  const options = {
    preset,
    kernels: pageKernels,
    ...(only ? { only } : {}),
    ...(growth ? { growth: true } : {}),
    ...(sides ? { sides } : {}),
    ...(values.quick
      ? {
          measure: { warmups: 1, minRepeats: 3, targetSeconds: 0.3 },
          fitMeasure: { warmups: 1, minRepeats: 1, maxRepeats: 1 },
        }
      : {}),
    ...(fitCsv !== undefined
      ? {
          fit: {
            csv: fitCsv,
            dropHighest: DROP_HIGHEST,
            label: `${path.basename(csvPath)} minus its ${DROP_HIGHEST} highest-loss runs`,
          },
        }
      : {}),
  };
  const watchdog = setTimeout(() => fail(`gave up after ${TIME_LIMIT_MS / 1000} s`), TIME_LIMIT_MS);
  const started = Date.now();
  const loadAtStart = os.loadavg().map((v) => Number(v.toFixed(2)));
  const { server, base, url } = await startServer();
  let run;
  let chromiumVersion;
  let formatters;
  const extraRows = [];
  const browser = await launchChromium();
  try {
    chromiumVersion = browser.version();
    // With --kernels drag alone the page runs no case: it still names the adapter and threads.
    run = await runBenchPage(browser, url, options);
    if (wantsDrag && run.outcome.ok && run.errors.length === 0) {
      extraRows.push(
        ...(await dragRows(browser, base, {
          grids: dragGrids,
          engines: dragEngines,
          profile: values['drag-profile'] === true,
        })),
      );
    }
    formatters = await loadBenchFormatters(server);
  } catch (e) {
    fail(e?.stack ?? String(e));
  } finally {
    await browser.close();
    await server.close();
    clearTimeout(watchdog);
  }
  const { outcome, errors } = run;
  if (outcome.ok) outcome.report.results.push(...extraRows);
  if (outcome.ok && outcome.report.fit?.gpuSkipped)
    skipped.push(`GPU fit rows skipped: ${outcome.report.fit.gpuSkipped}`);
  // The scipy peer runs after the browser closed: the engines never share the CPU.
  if (outcome.ok && outcome.report.fit && python) {
    try {
      outcome.report.results.push(
        ...(await scipyRows(
          python,
          csvPath,
          outcome.report.fit.warm,
          scipyStarts,
          outcome.report.fit.replicas,
        )),
      );
    } catch (e) {
      fail(e?.message ?? String(e));
    }
  }
  if (!outcome.ok && outcome.noAdapter) {
    fail(
      `no WebGPU adapter appeared (${outcome.error}). GPU figures are required, so nothing is ` +
        'reported. Check the Chromium flags in test/support/chromium.mjs (SwiftShader) or ' +
        'WEBGPU_ADAPTER=default on a machine with a GPU.',
    );
  }
  if (!outcome.ok) fail(`the suite failed: ${outcome.error}`);
  if (errors.length > 0) fail(`the page logged errors:\n  ${errors.join('\n  ')}`);

  const report = {
    ...outcome.report,
    timestampQuery: outcome.report.adapterInfo.timestampQuery,
    date: new Date().toISOString(),
    gitRevision: gitRevision(),
    chromium: chromiumVersion,
    machine: describeMachine(),
    loadAverage: { start: loadAtStart, end: os.loadavg().map((v) => Number(v.toFixed(2))) },
    wallSeconds: (Date.now() - started) / 1000,
  };
  report.ratios = ratios(report.results, [
    ...GPU_CPU_PAIRS,
    formatters.approach2Pair,
    formatters.calibrationPair,
  ]);
  report.fitRatios = fitRatios(report.results, report.cpuThreads);
  report.skipped = skipped;
  if (growth) report.growth = { ...report.growth, series: growthSummary(report.results) };
  const fallback = report.adapterInfo.isFallbackAdapter ? ' (fallback adapter)' : '';
  console.log(
    `\npreset: ${report.preset} · adapter: ${report.adapter}${fallback} · ` +
      `CPU engine: ${report.cpuThreads} worker threads · ` +
      `Chromium ${chromiumVersion} · ${report.machine.cpuModel} x${report.machine.cores} · ` +
      `rev ${report.gitRevision ?? 'none'} · load average ${report.loadAverage.start[0]} at start, ` +
      `${report.loadAverage.end[0]} at end\n`,
  );
  const plain = report.results.filter(
    (r) => !r.kernel.startsWith('growth-') && r.kernel !== 'drag-frame',
  );
  if (plain.length > 0) console.log(formatRows(plain));
  const growthText = formatGrowth(report.results);
  if (growthText) console.log(`\n${growthText}`);
  if (report.growth?.gpuFitSkipped) {
    console.log(`\nGPU fit growth rows skipped: ${report.growth.gpuFitSkipped}`);
  }
  const dragText = formatDrag(report.results);
  if (dragText) {
    console.log(
      '\ninteractive feel: alpha dragged in the app, one mouse move per 1/60 s; latency ' +
        'from the input event to the first animation frame after the heatmap draw that shows it\n' +
        dragText,
    );
    console.log(
      '\nframe budget: busy time per drawn frame (between consecutive heatmap draws) from a ' +
        'Chrome trace of the drag\n' +
        formatDragBudget(report.results),
    );
  }
  if (report.ratios.length > 0) {
    console.log(`\nGPU/CPU throughput ratio (>1: GPU faster)\n${formatRatios(report.ratios)}`);
  }
  if (report.fitRatios.length > 0) {
    console.log(
      `\nfits per second and ratios (>1: the first engine faster; cpu/core = CPU engine / ${report.cpuThreads} threads)\n` +
        formatFitRatios(report.fitRatios, report.cpuThreads),
    );
  }
  if (report.results.some((r) => r.kernel === 'fit-series')) {
    console.log(`\n${formatters.seriesFitTable(report.results)}`);
  }
  for (const line of skipped) console.log(`\n${line}`);
  console.log(`\nbench took ${report.wallSeconds.toFixed(1)} s`);
  if (values.json) {
    mkdirSync(path.dirname(path.resolve(values.json)), { recursive: true });
    writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`wrote ${values.json}`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => fail(e?.stack ?? String(e)));
}
