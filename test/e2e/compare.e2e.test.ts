/**
 * End to end, the Compare view: a CSV with three recipes (noise-free runs from three known laws,
 * test/support/synthetic-runs.ts) is fitted per series on the CPU engine, then compared against a
 * reference. The table's multipliers match the truth computed in closed form from the known laws;
 * the budget beyond the runs is marked extrapolated; the reference that cannot match the recipe
 * with the lower floor reads "unbounded", never a number; the choices go into the link and come
 * back from it; a joint fit with E, alpha and beta shared gives its likelihood-ratio test and one
 * multiplier per series; the table exports as CSV; the GPU engine gives the same numbers; and axe
 * finds no serious violation. Fails (never skips) when Chromium or a WebGPU adapter is missing.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { main } from '../../src/cli/main';
import { formatMultiplier, formatMultiplierInterval } from '../../src/fit/compare-verdict';
import { computeMultiplier, frontierLoss } from '../../src/law/compute-multiplier';
import { capture } from '../support/cli';
import { SERIES_LAWS, seriesCsv } from '../support/synthetic-runs';
import { withAppPage } from './app-page';
import { seriousAxeViolations } from './axe';

let page: Page;
let problems: string[] = [];

withAppPage({ width: 1440, height: 1000 }, (opened) => {
  ({ page, problems } = opened);
});

const byTest = (id: string) => page.locator(`[data-testid="${id}"]`);

async function fitSeries(engine: 'cpu' | 'gpu'): Promise<void> {
  await byTest('engine-select').selectOption(engine);
  await expect
    .poll(() => byTest('engine-badge').textContent(), { timeout: 30_000 })
    .toMatch(engine === 'gpu' ? /GPU/ : /CPU/);
  await byTest('tab-fit').click();
  if ((await byTest('usable-count').textContent())?.match(/48\s+usable runs/) === null) {
    const paste = byTest('paste');
    if (!(await paste.isVisible())) {
      await page.locator('summary').filter({ hasText: 'Paste CSV text' }).click();
    }
    await paste.fill(seriesCsv());
    await byTest('paste-load').click();
    await expect.poll(() => byTest('usable-count').textContent()).toMatch(/48\s+usable runs/);
  }
  await page.locator('input[data-option="bootstrap"]').fill('40');
  await byTest('fit').click();
  await expect
    .poll(() => byTest('fit-result').getAttribute('data-engine'), { timeout: 180_000 })
    .toBe(engine);
  await expect.poll(() => byTest('fit-progress').count(), { timeout: 180_000 }).toBe(0);
  await expect.poll(() => page.locator('[data-testid="series-fit"]').count()).toBe(3);
}

/** The multiplier cell of `series` at `budget` as a number, or 'unbounded'. */
async function multiplierAt(
  table: Locator,
  series: string,
  budget: number,
): Promise<number | string> {
  const cell = table.locator(
    `tr[data-series="${series}"][data-budget="${budget}"] td[data-cell="multiplier"]`,
  );
  const text = (await cell.textContent())?.trim() ?? '';
  return text === 'unbounded' ? text : Number(text.replace('×', ''));
}

/** The closed-form multiplier of `series` against `reference` at C (null: unbounded). */
function truth(series: string, reference: string, C: number): number | null {
  return computeMultiplier(
    frontierLoss(SERIES_LAWS[series]!),
    frontierLoss(SERIES_LAWS[reference]!),
    C,
  );
}

const cpuTable: Record<string, number | string> = {};
/** The CPU table's multiplier and interval cells as shown, by "series@budget". */
const cpuCells: Record<string, { m: string; interval: string }> = {};

test('three recipes fitted on the CPU compare against the reference with the true multipliers', async () => {
  await fitSeries('cpu');
  await byTest('tab-compare').click();
  const table = byTest('compare-table');
  await expect
    .poll(() => table.locator('tr[data-testid="compare-row"]').count(), { timeout: 60_000 })
    .toBe(6);
  // The reference is the first series; the table budgets come from the data (largest 1.2e20).
  expect(await byTest('compare-reference').inputValue()).toBe('base');
  const budgets = await table
    .locator('tr[data-testid="compare-row"][data-series="deep"]')
    .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-budget'))));
  expect(budgets).toEqual([1e20, 1e21, 1e22]);
  for (const series of ['wide', 'deep']) {
    for (const C of budgets) {
      const shown = await multiplierAt(table, series, C);
      const m = truth(series, 'base', C);
      cpuTable[`${series}@${C}`] = shown;
      const row = table.locator(`tr[data-series="${series}"][data-budget="${C}"]`);
      cpuCells[`${series}@${C}`] = {
        m: ((await row.locator('td[data-cell="multiplier"]').textContent()) ?? '').trim(),
        interval: ((await row.locator('td[data-cell="interval"]').textContent()) ?? '').trim(),
      };
      if (m === null) expect(shown, `${series} at ${C}`).toBe('unbounded');
      // Noise-free runs: the fit recovers each law, and the table shows three digits.
      else expect(Math.abs((shown as number) / m - 1), `${series} at ${C}`).toBeLessThan(0.02);
    }
  }
  // wide's floor (1.6) lies below base's (1.8): base cannot match wide from some budget on.
  const from = await byTest('compare-exponents').locator('tr[data-series="wide"] td').nth(3);
  expect(await from.textContent()).toMatch(/^\d(\.\d)?e\d+ FLOPs$/);
  const extrapolated = await table
    .locator('tr[data-extrapolated="true"]')
    .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-budget'))));
  expect(new Set(extrapolated)).toEqual(new Set([1e21, 1e22]));
  const verdicts = await byTest('compare-verdicts').locator('li').allTextContents();
  expect(verdicts).toHaveLength(2);
  expect(verdicts.join(' ')).toMatch(/deep is worth [\d.]+× the compute of base at 1e20 FLOPs/);
  // Far beyond that budget the table says "unbounded", never a number.
  const budgetInput = byTest('compare-budgets');
  await budgetInput.fill('1e20, 1e30');
  await budgetInput.blur();
  await expect.poll(() => table.locator('tr[data-testid="compare-row"]').count()).toBe(4);
  expect(truth('wide', 'base', 1e30)).toBeNull();
  expect(await multiplierAt(table, 'wide', 1e30)).toBe('unbounded');
  expect(await table.locator('[data-testid="compare-unbounded"]').count()).toBe(1);
  expect(await multiplierAt(table, 'deep', 1e30)).toEqual(expect.any(Number));
  expect(await byTest('compare-loss-chart').count()).toBe(1);
  expect(await byTest('compare-multiplier-chart').count()).toBe(1);
});

test('the CLI’s compare prints the numbers the view shows, on the same runs and options', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'compare-e2e-'));
  const csv = join(dir, 'recipes.csv');
  writeFileSync(csv, seriesCsv());
  const io = capture();
  const code = await main(
    [
      'compare',
      csv,
      '--series',
      'series',
      '--reference',
      'base',
      '--bootstrap',
      '40',
      '--engine',
      'cpu',
      '--budget',
      '1e20,1e21,1e22',
      '--json',
    ],
    io.streams,
  );
  expect(code, io.err()).toBe(0);
  const out = JSON.parse(io.out()) as {
    rows: {
      series: string;
      budget: number;
      multiplier: number | null;
      interval: [number | null, number | null];
    }[];
  };
  expect(Object.keys(cpuCells)).toHaveLength(6);
  for (const r of out.rows) {
    const shown = cpuCells[`${r.series}@${r.budget}`];
    expect(shown, `${r.series}@${r.budget}`).toBeDefined();
    expect(formatMultiplier(r.multiplier), `${r.series}@${r.budget}`).toBe(shown!.m);
    expect(formatMultiplierInterval(r.interval), `${r.series}@${r.budget}`).toBe(shown!.interval);
  }
});

test('the Surface shows one series’ law at a time, picked by name', async () => {
  await byTest('tab-surface').click();
  const picker = byTest('surface-series');
  expect(await picker.locator('option:not([disabled])').allTextContents()).toEqual([
    'base',
    'wide',
    'deep',
  ]);
  await picker.selectOption('wide');
  const alpha = page.locator('input[data-field="alpha"]');
  await expect
    .poll(async () => Math.abs(Number(await alpha.inputValue()) - SERIES_LAWS.wide!.alpha))
    .toBeLessThan(0.01);
  await byTest('tab-compare').click();
});

test('reference, budgets and shared parameters go into the link; a joint fit tests them', async () => {
  await byTest('compare-reference').selectOption('deep');
  await expect.poll(() => page.url()).toMatch(/[?&]cref=deep(&|$)/);
  const budgets = byTest('compare-budgets');
  await budgets.fill('1e19, 5e19');
  await budgets.press('Enter');
  await budgets.blur();
  await expect.poll(() => page.url()).toMatch(/[?&]cbud=1e19,5e19(&|$)/);
  const table = byTest('compare-table');
  await expect.poll(() => table.locator('tr[data-testid="compare-row"]').count()).toBe(4);
  expect(await table.locator('tr[data-extrapolated="true"]').count()).toBe(0);
  // A bad list is named and keeps the last good one.
  await budgets.fill('1e19, -3');
  await budgets.blur();
  await expect.poll(() => byTest('compare-budgets-issue').count()).toBe(1);
  expect(page.url()).toMatch(/cbud=1e19,5e19/);
  await budgets.fill('1e19, 5e19');
  await budgets.blur();

  for (const p of ['E', 'alpha', 'beta']) await byTest(`compare-share-${p}`).check();
  await expect.poll(() => page.url()).toMatch(/[?&]cshare=E,alpha,beta(&|$)/);
  await expect.poll(() => byTest('compare-joint').count(), { timeout: 120_000 }).toBe(1);
  const lr = (await byTest('compare-lr').textContent()) ?? '';
  // Three laws distinct in every constant: sharing E, alpha and beta is rejected.
  expect(lr).toMatch(/statistic [\d.]+ on 6 degrees of freedom, p = /);
  expect(lr).toMatch(/Rejected at 5%/);
  expect(await byTest('compare-constant').locator('li').count()).toBe(2);
  expect(problems).toEqual([]);
});

test('the comparison table exports as CSV, with "unbounded" where there is no number', async () => {
  await byTest('compare-reference').selectOption('base');
  await byTest('compare-budgets').fill('');
  await byTest('compare-budgets').blur();
  await byTest('compare-share-E').uncheck();
  await byTest('compare-share-alpha').uncheck();
  await byTest('compare-share-beta').uncheck();
  const table = byTest('compare-table');
  await expect.poll(() => table.locator('tr[data-testid="compare-row"]').count()).toBe(6);
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    byTest('export-compare-table').locator('button[data-action="csv"]').click(),
  ]);
  const path = await download.path();
  const text = (await import('node:fs')).readFileSync(path, 'utf8');
  const lines = text
    .trim()
    .split('\n')
    .filter((l) => !l.startsWith('#'));
  expect(lines[0]).toMatch(/^series,reference,C_flops,multiplier,ci_lo,ci_hi,unbounded/);
  expect(lines).toHaveLength(7);
  expect(text).toMatch(/unbounded/);
  expect(text).not.toMatch(/NaN|Infinity/);
});

test('the GPU engine gives the same multipliers', async () => {
  await fitSeries('gpu');
  await byTest('tab-compare').click();
  const table = byTest('compare-table');
  await expect
    .poll(() => table.locator('tr[data-testid="compare-row"]').count(), { timeout: 60_000 })
    .toBe(6);
  for (const [key, cpu] of Object.entries(cpuTable)) {
    const [series, C] = key.split('@') as [string, string];
    const gpu = await multiplierAt(table, series, Number(C));
    if (cpu === 'unbounded') expect(gpu, key).toBe('unbounded');
    // f32 fits on the GPU: within 2% of the CPU's three digits.
    else expect(Math.abs((gpu as number) / (cpu as number) - 1), key).toBeLessThan(0.02);
  }
});

test('the link reproduces the view: reference, budgets, shared parameters and the comparison', async () => {
  await byTest('compare-reference').selectOption('deep');
  await byTest('compare-budgets').fill('1e19, 5e19');
  await byTest('compare-budgets').blur();
  await byTest('compare-share-alpha').check();
  await byTest('compare-share-beta').check();
  await expect.poll(() => page.url()).toMatch(/cshare=alpha,beta/);
  const url = page.url();
  expect(url).toMatch(/[?&]view=compare(&|$)/);
  await page.goto(url);
  await expect.poll(() => byTest('compare-reference').count(), { timeout: 120_000 }).toBe(1);
  expect(await byTest('compare-reference').inputValue()).toBe('deep');
  expect(await byTest('compare-budgets').inputValue()).toBe('1e19, 5e19');
  expect(await byTest('compare-share-alpha').isChecked()).toBe(true);
  expect(await byTest('compare-share-E').isChecked()).toBe(false);
  const table = byTest('compare-table');
  await expect
    .poll(() => table.locator('tr[data-testid="compare-row"]').count(), { timeout: 60_000 })
    .toBe(4);
  await expect.poll(() => byTest('compare-joint').count(), { timeout: 120_000 }).toBe(1);
  if (process.env.COMPARE_SHOT)
    await page.screenshot({ path: process.env.COMPARE_SHOT, fullPage: true });
});

test('Compare: no serious axe violations', async () => {
  expect(await seriousAxeViolations(page)).toEqual([]);
  expect(problems).toEqual([]);
});
