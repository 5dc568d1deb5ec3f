/**
 * End to end: the Bench view in headless Chromium (WebGPU on SwiftShader). Nothing runs before
 * Run; the Smoke preset runs every kernel on the GPU and CPU engines with progress, a table of
 * positive finite throughputs, the adapter named and the plots drawn; the export parses with
 * the documented row shape; Cancel, and leaving the view, stop a run within seconds; no console
 * errors.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { withAppPage } from './app-page';

let page: Page;
let problems: string[] = [];

withAppPage({ width: 1440, height: 1000 }, (opened) => {
  ({ page, problems } = opened);
});

const $ = (id: string) => page.locator(`[data-testid="${id}"]`);

/** Every table row as the numbers and labels the test checks. */
function tableRows() {
  return page.locator('[data-testid="bench-row"]').evaluateAll((trs) =>
    trs.map((tr) => ({
      kernel: tr.getAttribute('data-kernel'),
      engine: tr.getAttribute('data-engine'),
      size: Number(tr.getAttribute('data-size')),
      perSecond: Number(tr.getAttribute('data-per-second')),
      cells: [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? ''),
    })),
  );
}

test('the Bench tab runs nothing until Run is pressed', async () => {
  await expect.poll(() => $('engine-badge').textContent(), { timeout: 30_000 }).toMatch(/GPU|CPU/);
  await $('tab-bench').click();
  await expect.poll(() => $('bench-run').isVisible()).toBe(true);
  await page.waitForTimeout(1000);
  expect(await $('bench-progress').count()).toBe(0);
  expect(await $('bench-row').count()).toBe(0);
  expect(await $('bench-export').isDisabled()).toBe(true);
  expect(await $('bench-adapter').textContent()).toMatch(/named when a run starts/);
});

test('Smoke: every kernel on GPU and CPU, with progress, table, adapter and plots', async () => {
  await $('bench-preset').selectOption('smoke');
  await $('bench-run').click();
  await expect.poll(() => $('bench-progress').count(), { timeout: 10_000 }).toBe(1);
  await expect
    .poll(() => $('bench-progress-text').textContent(), { timeout: 30_000 })
    .toMatch(/\d+ \/ \d+/);
  await expect.poll(() => $('bench-status').count(), { timeout: 120_000 }).toBe(1);
  expect(await $('bench-status').textContent()).toMatch(/Done: \d+ rows/);
  expect(await $('bench-error').count()).toBe(0);

  expect(await $('bench-adapter').textContent()).toMatch(/swiftshader/i);
  const threads = await $('bench-threads').textContent();
  const hardware = await page.evaluate(() => navigator.hardwareConcurrency);
  expect(threads).toContain(String(hardware));

  const rows = await tableRows();
  const expected = [
    ['surface', 'gpu'],
    ['surface-readback', 'gpu'],
    ['surface', 'cpu'],
    ['fit-grid', 'gpu'],
    ['fit-grid', 'cpu'],
    ['fit-bootstrap', 'gpu'],
    ['fit-bootstrap', 'cpu'],
    ['frontier', 'gpu'],
    ['frontier', 'cpu'],
    ['sweep', 'gpu'],
    ['sweep', 'cpu'],
  ];
  for (const [kernel, engine] of expected) {
    const mine = rows.filter((r) => r.kernel === kernel && r.engine === engine);
    // Two sizes per kernel in the Smoke preset, smallest first.
    expect(mine.length, `${kernel} ${engine}`).toBe(2);
    expect(mine[0]!.size).toBeLessThan(mine[1]!.size);
    for (const r of mine) {
      expect(Number.isFinite(r.perSecond) && r.perSecond > 0, `${kernel} ${engine}`).toBe(true);
    }
  }
  expect(rows).toHaveLength(expected.length * 2);
  // GPU rows with a CPU counterpart carry a GPU/CPU ratio (column 10).
  for (const r of rows.filter((x) => x.engine === 'gpu')) expect(r.cells[9]).toMatch(/^\d+\.\d+×$/);
  // GPU time from timestamp queries shows exactly where the adapter has them.
  const timestamps = (await $('bench-machine-timestamps').textContent()) ?? '';
  const timed = rows.find((r) => r.kernel === 'surface' && r.engine === 'gpu')!;
  if (/yes/.test(timestamps)) expect(timed.cells[8]).toMatch(/\d/);
  else expect(timed.cells[8]).toBe('');

  for (const family of ['surface', 'fit', 'frontier', 'sweep']) {
    const plot = $(`bench-plot-${family}`);
    expect(await plot.count(), family).toBe(1);
    const series = plot.locator('[data-testid="bench-series"]');
    expect(await series.count(), family).toBeGreaterThanOrEqual(2);
    for (const d of await series.evaluateAll((ps) => ps.map((p) => p.getAttribute('d') ?? '')))
      expect(d, family).toMatch(/^M[\d.-]+,[\d.-]+L[\d.-]+,[\d.-]+/);
  }
});

test('the export parses with the documented shape', async () => {
  const [download] = await Promise.all([page.waitForEvent('download'), $('bench-export').click()]);
  expect(download.suggestedFilename()).toMatch(/^scaling-sweep-bench-.*\.json$/);
  const path = await download.path();
  const report = JSON.parse(await readFile(path, 'utf8'));
  expect(report.adapter).toMatch(/swiftshader/i);
  expect(report.cpuThreads).toBeGreaterThan(0);
  expect(Number.isNaN(Date.parse(report.date))).toBe(false);
  expect(report.userAgent).toMatch(/Chrom/);
  expect(report.status).toBe('complete');
  expect(report.preset).toBe('smoke');
  expect(report.results).toHaveLength(22);
  for (const row of report.results) {
    expect(typeof row.kernel).toBe('string');
    expect(['gpu', 'cpu']).toContain(row.engine);
    expect(row.size).toBeGreaterThan(0);
    expect(typeof row.unit).toBe('string');
    expect(row.perSecond).toBeGreaterThan(0);
    expect(row.seconds).toBeGreaterThan(0);
    expect(row.perSecond * row.seconds).toBeCloseTo(row.size, 3);
    expect(row.spread.min).toBeLessThanOrEqual(row.seconds);
    expect(row.spread.max).toBeGreaterThanOrEqual(row.seconds);
  }
  expect(report.ratios.length).toBeGreaterThan(0);
  expect(report.fit.rows).toBeGreaterThan(0);
});

test('Cancel stops a run within seconds and says so', async () => {
  await $('bench-preset').selectOption('quick');
  await $('bench-run').click();
  await expect
    .poll(() => $('bench-progress-text').textContent(), { timeout: 30_000 })
    .toMatch(/\d+ \/ \d+/);
  await $('bench-cancel').click();
  await expect.poll(() => $('bench-status').count(), { timeout: 5_000 }).toBe(1);
  expect(await $('bench-status').textContent()).toMatch(/Cancelled \(cancelled by the user\)/);
  expect(await $('bench-progress').count()).toBe(0);
  expect(await $('bench-run').isEnabled()).toBe(true);
});

test('leaving the view stops a run', async () => {
  await $('bench-run').click();
  await expect.poll(() => $('bench-progress').count(), { timeout: 10_000 }).toBe(1);
  await $('tab-surface').click();
  await $('tab-bench').click();
  await expect.poll(() => $('bench-status').count(), { timeout: 5_000 }).toBe(1);
  expect(await $('bench-status').textContent()).toMatch(/Cancelled \(the Bench view was left\)/);
});

test('no console errors or page errors', () => {
  expect(problems).toEqual([]);
});
