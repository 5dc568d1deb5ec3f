// npm run bench [-- --json FILE] [--sizes 256,1024,4096] [--quick]
// Serves bench/index.html with Vite, runs the suite in headless system Chromium (WebGPU on
// SwiftShader unless WEBGPU_ADAPTER=default), prints a table with GPU/CPU ratios and optionally
// writes the JSON report. Exits non-zero if no WebGPU adapter appears or the suite fails.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import { chromiumArgs, requireChromium } from '../test/support/chromium.mjs';
import { formatRatios, formatRows, ratios } from './report.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TIME_LIMIT_MS = 10 * 60 * 1000;

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

/** Starts Vite on a free localhost port and returns the server and the bench page URL. */
export async function startServer() {
  const server = await createServer({
    root,
    logLevel: 'warn',
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false },
    optimizeDeps: { entries: ['bench/index.html'] },
  });
  await server.listen();
  const base = server.resolvedUrls?.local[0];
  if (!base) throw new Error('Vite started but reported no local URL');
  return { server, url: new URL('bench/index.html', base).href };
}

/** Opens the bench page in headless Chromium and returns the page's outcome and the browser version. */
export async function runInChromium(url, options) {
  const browser = await chromium.launch({
    executablePath: requireChromium(),
    args: chromiumArgs(),
    headless: true,
  });
  try {
    const page = await browser.newPage();
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
    return { outcome, errors, chromium: browser.version() };
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
    options: { json: { type: 'string' }, sizes: { type: 'string' }, quick: { type: 'boolean' } },
  });
  const sides = values.sizes?.split(',').map(Number);
  if (sides?.some((n) => !Number.isInteger(n) || n < 1 || n > 8192)) {
    fail(`--sizes takes grid sides from 1 to 8192, comma-separated (got '${values.sizes}')`);
  }
  const options = {
    ...(sides ? { sides } : {}),
    ...(values.quick ? { measure: { warmups: 1, minRepeats: 3, targetSeconds: 0.3 } } : {}),
  };
  const watchdog = setTimeout(() => fail(`gave up after ${TIME_LIMIT_MS / 1000} s`), TIME_LIMIT_MS);
  const started = Date.now();
  const { server, url } = await startServer();
  let run;
  try {
    run = await runInChromium(url, options);
  } finally {
    await server.close();
    clearTimeout(watchdog);
  }
  const { outcome, errors, chromium: chromiumVersion } = run;
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
    wallSeconds: (Date.now() - started) / 1000,
  };
  report.ratios = ratios(report.results);
  const fallback = report.adapterInfo.isFallbackAdapter ? ' (fallback adapter)' : '';
  console.log(
    `\nadapter: ${report.adapter}${fallback} · CPU engine: ${report.cpuThreads} worker threads · ` +
      `Chromium ${chromiumVersion} · ${report.machine.cpuModel} x${report.machine.cores} · ` +
      `rev ${report.gitRevision ?? 'none'}\n`,
  );
  console.log(formatRows(report.results));
  console.log(`\nGPU/CPU throughput ratio (>1: GPU faster)\n${formatRatios(report.ratios)}`);
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
