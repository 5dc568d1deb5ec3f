/**
 * End to end, "Are my intervals honest?": fit the built-in runs on the CPU engine with a small
 * bootstrap (K = 30), open the diagnostics, refuse bad fields with the calibration's messages,
 * calibrate the fit with R = 8 data sets and K = 10 on the CPU engine, export it as JSON and
 * CSV, then calibrate it on the GPU engine; every quantity gets a row with a coverage in
 * [0, 1] and the result names the engine that ran it. The CLI's `calibrate --json` on the same
 * runs, seed, R, K and fit options (the app's and the CLI's defaults are the same: the start
 * grid, seed 1, the fixed Huber delta; the fit's own K does not change its point estimate)
 * gives the CPU panel's coverage counts exactly and its other statistics to three digits (the
 * page's fit and the CLI's, both f64, agree to about 1e-7 relative, not to the last bit).
 * Cancel mid-run keeps the last good result; a new fit mid-run stops the calibration and
 * marks the result as the old fit's; axe finds no serious violation in the panel, and the page
 * logs no console problem. Fails (never skips) when Chromium or a WebGPU adapter is missing.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { main } from '../../src/cli/main';
import { builtinCsv, capture } from '../support/cli';
import { withAppPage } from './app-page';
import { seriousAxeViolations } from './axe';

let page: Page;
let problems: string[] = [];

withAppPage({ width: 1440, height: 1100 }, (opened) => {
  ({ page, problems } = opened);
});

const byTest = (id: string) => page.locator(`[data-testid="${id}"]`);
/** An element of the Fit view's calibration panel (the Design view has one of its own). */
const inPanel = (id: string) =>
  page.locator('fit-diagnostics calibration-panel').locator(`[data-testid="${id}"]`);
const QUANTITIES = ['alpha', 'beta', 'a', 'E', 'target'];

async function useEngine(engine: 'cpu' | 'gpu'): Promise<void> {
  await byTest('engine-select').selectOption(engine);
  await expect
    .poll(() => byTest('engine-badge').textContent(), { timeout: 60_000 })
    .toMatch(engine === 'gpu' ? /GPU/ : /CPU/);
}

/** The rows' coverage by quantity, read from data-coverage. */
async function coverages(): Promise<Record<string, number>> {
  const rows = inPanel('calibration-row');
  const pairs = await rows.evaluateAll((els) =>
    els.map((e) => [e.getAttribute('data-quantity'), Number(e.getAttribute('data-coverage'))]),
  );
  return Object.fromEntries(pairs);
}

/** Calibrates with R and K as typed and waits for the result of `engine`. */
async function calibrateOn(engine: 'cpu' | 'gpu', replicas: string, bootstrap: string) {
  await inPanel('calibration-replicas').fill(replicas);
  await inPanel('calibration-bootstrap').fill(bootstrap);
  await inPanel('calibration-run').click();
  await expect
    .poll(() => inPanel('calibration-result').getAttribute('data-engine'), { timeout: 400_000 })
    .toBe(engine);
  await expect.poll(() => inPanel('calibration-progress').count(), { timeout: 400_000 }).toBe(0);
  expect(await inPanel('calibration-error').count()).toBe(0);
  const shown = await coverages();
  expect(Object.keys(shown)).toEqual(QUANTITIES);
  for (const [q, c] of Object.entries(shown)) {
    expect(c, q).toBeGreaterThanOrEqual(0);
    expect(c, q).toBeLessThanOrEqual(1);
  }
  expect(await inPanel('calibration-reading').count()).toBe(5);
  const summary = (await inPanel('calibration-summary').textContent()) ?? '';
  expect(summary).toMatch(/of 8 simulated data sets fitted/);
  expect(summary).toMatch(new RegExp(`on the ${engine.toUpperCase()} engine`));
  return { shown, summary: summary.replace(/\s+/g, ' ').trim() };
}

/** A calibration as `calibrate --json` and the panel's JSON export write it. */
interface CalibrationJson {
  engine: string;
  used: number;
  failed: number;
  seed: number;
  starts: number;
  bootstrap: number;
  target: { budget: number };
  residualScale: number;
  quantities: {
    name: string;
    truth: number | null;
    covered: number;
    sets: number;
    coverage: number;
    margin: number[];
    biasInSe: number | null;
    seRatio: number | null;
    robust: { biasInSe: number | null; seRatio: number | null };
    scaleFactor: number | null;
    verdict: string;
  }[];
}

/** Clicks an export button of the calibration's menu and returns the file's name and text. */
async function download(id: string): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    inPanel('calibration-result').locator(`button[data-action="${id}"]`).click(),
  ]);
  return { name: file.suggestedFilename(), text: readFileSync(await file.path(), 'utf8') };
}

let cpuCoverage: Record<string, number> = {};
let panelJson: CalibrationJson | undefined;
let gpuCoverage: Record<string, number> = {};

test('calibrates a fit of the built-in runs on the CPU engine', async () => {
  await useEngine('cpu');
  await byTest('tab-fit').click();
  await page.locator('input[data-option="bootstrap"]').fill('30');
  await byTest('fit').click();
  await expect
    .poll(() => byTest('fit-result').getAttribute('data-engine'), { timeout: 180_000 })
    .toBe('cpu');
  await byTest('fit-diagnostics-toggle').click();
  await inPanel('calibration-panel').waitFor({ timeout: 30_000 });
  // Before running: the defaults (R = 200, the fit's K) and what they cost.
  expect(await inPanel('calibration-replicas').inputValue()).toBe('200');
  expect(await inPanel('calibration-bootstrap').inputValue()).toBe('30');
  expect(await inPanel('calibration-cost').textContent()).toMatch(
    /200 × \(4,500 starts \+ 30 replicas\) = 906,000 local fits, on the CPU engine/,
  );
  // Bad fields: the calibration's own messages, and nothing runs.
  await inPanel('calibration-replicas').fill('10000');
  await expect
    .poll(() => inPanel('calibration-error').textContent())
    .toMatch(/from 2 to 9999, got 10000/);
  expect(await inPanel('calibration-run').isDisabled()).toBe(true);
  await inPanel('calibration-replicas').fill('8');
  await inPanel('calibration-budget').fill('lots');
  await expect
    .poll(() => inPanel('calibration-error').textContent())
    .toMatch(/target budget must be a positive number of FLOPs, e\.g\. 1e24, got "lots"/);
  await inPanel('calibration-budget').fill('');
  await inPanel('calibration-bootstrap').fill('10');
  await expect.poll(() => inPanel('calibration-error').count()).toBe(0);
  expect(await inPanel('calibration-cost').textContent()).toMatch(
    /8 × \(4,500 starts \+ 10 replicas\) = 36,080 local fits/,
  );

  const cpu = await calibrateOn('cpu', '8', '10');
  cpuCoverage = cpu.shown;
  const json = await download('json');
  expect(json.name).toBe('scaling-sweep-calibration.json');
  panelJson = JSON.parse(json.text) as CalibrationJson;
  expect(panelJson.engine).toMatch(/^CPU/);
  expect(Object.fromEntries(panelJson.quantities.map((q) => [q.name, q.coverage]))).toEqual(
    cpuCoverage,
  );
  const csv = await download('csv');
  expect(csv.name).toBe('scaling-sweep-calibration.csv');
  const records = csv.text
    .trimEnd()
    .split('\r\n')
    .filter((l) => !l.startsWith('#'));
  expect(records.slice(1).map((l) => l.split(',')[0])).toEqual(QUANTITIES);
  expect(problems).toEqual([]);
}, 600_000);

test('the CLI’s calibrate gives the panel’s coverage on the same runs and options', async () => {
  expect(Object.keys(cpuCoverage)).toEqual(QUANTITIES);
  const { csvPath } = builtinCsv('calibration-e2e-');
  const io = capture();
  const code = await main(
    ['calibrate', csvPath, '--replicas', '8', '--bootstrap', '10', '--json', '--engine', 'cpu'],
    io.streams,
  );
  expect(code, io.err()).toBe(0);
  const out = JSON.parse(io.out()) as CalibrationJson;
  expect(out).toMatchObject({ used: 8, failed: 0, seed: 1, starts: 4500, bootstrap: 10 });
  expect(Object.fromEntries(out.quantities.map((q) => [q.name, q.coverage]))).toEqual(cpuCoverage);
  // The counts are the same; the statistics agree to a few digits, since the page's fit and
  // the CLI's (both f64, same runs and options) stop within the fitter's tolerance of each
  // other (alpha agrees to 1e-7 relative), and so do the simulated data sets' fits.
  const panel = panelJson!;
  expect(out.target).toEqual(panel.target);
  const close = (a: number | null, b: number | null, what: string) => {
    if (a === null || b === null) return expect(a, what).toBe(b);
    expect(Math.abs(a - b), what).toBeLessThanOrEqual(1e-3 * Math.max(1, Math.abs(b)));
  };
  close(out.residualScale, panel.residualScale, 'residualScale');
  for (const [i, q] of out.quantities.entries()) {
    const p = panel.quantities[i]!;
    const counts = (x: typeof q) => [x.name, x.covered, x.sets, x.coverage, x.margin, x.verdict];
    expect(counts(q)).toEqual(counts(p));
    close(q.truth, p.truth, `${q.name} truth`);
    close(q.biasInSe, p.biasInSe, `${q.name} bias`);
    close(q.seRatio, p.seRatio, `${q.name} SE ratio`);
    close(q.robust.biasInSe, p.robust.biasInSe, `${q.name} median bias`);
    close(q.robust.seRatio, p.robust.seRatio, `${q.name} median SE ratio`);
    close(q.scaleFactor, p.scaleFactor, `${q.name} scale factor`);
  }
}, 300_000);

test('Cancel mid-run keeps the last good result', async () => {
  await inPanel('calibration-replicas').fill('200');
  await inPanel('calibration-run').click();
  await expect
    .poll(() => inPanel('calibration-progress').textContent(), { timeout: 60_000 })
    .toMatch(/Local fits [1-9][\d,]* \/ 902,000/);
  await inPanel('calibration-cancel').click();
  await expect.poll(() => inPanel('calibration-progress').count()).toBe(0);
  expect(await inPanel('calibration-notice').textContent()).toMatch(/previous result is kept/);
  expect(await inPanel('calibration-result').getAttribute('data-engine')).toBe('cpu');
  expect(await coverages()).toEqual(cpuCoverage);
  expect(await inPanel('calibration-error').count()).toBe(0);
  expect(problems).toEqual([]);
}, 180_000);

test('calibrates the same fit on the GPU engine', async () => {
  await useEngine('gpu');
  // The fit is not redone: the panel calibrates the CPU fit on the engine in use.
  const gpu = await calibrateOn('gpu', '8', '10');
  gpuCoverage = gpu.shown;
  expect(await inPanel('calibration-stale').count()).toBe(0);
  expect(problems).toEqual([]);
}, 600_000);

test('a new fit while a calibration runs stops it; the result shown is marked as the old fit’s', async () => {
  await useEngine('cpu');
  await inPanel('calibration-replicas').fill('200');
  await inPanel('calibration-run').click();
  await expect
    .poll(() => inPanel('calibration-progress').textContent(), { timeout: 60_000 })
    .toMatch(/Local fits/);
  await byTest('fit').click();
  await expect.poll(() => inPanel('calibration-progress').count(), { timeout: 180_000 }).toBe(0);
  expect(await inPanel('calibration-panel').textContent()).toMatch(
    /The fit changed while the calibration ran, so it was stopped/,
  );
  // The last good result stays, marked as belonging to the fit it ran on.
  expect(await inPanel('calibration-result').getAttribute('data-engine')).toBe('gpu');
  expect(await inPanel('calibration-stale').textContent()).toMatch(/of an earlier fit/);
  expect(await coverages()).toEqual(gpuCoverage);
  expect(
    await seriousAxeViolations(page, [
      'scaling-sweep-app',
      'fit-view',
      'fit-diagnostics',
      'calibration-panel',
    ]),
  ).toEqual([]);
  expect(problems).toEqual([]);
}, 300_000);
