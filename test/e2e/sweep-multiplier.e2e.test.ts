/**
 * End to end, the Sweep's multiplier output: a CSV of three series (test/support/synthetic-runs.ts)
 * fitted with 20 bootstrap replicas on the CPU engine. With the first series both the active law
 * and the reference, the output is offered but disabled, with its reason. With "wide" active and
 * "deep" (whose floor E = 2.0 lies above wide's 1.6) the reference, a sweep colours by the
 * multiplier: the legend names the reference, a cell of small budget reads a multiplier, and a
 * cell of large budget, where wide's loss falls below deep's floor, reads that the reference
 * cannot reach it.
 */
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { seriesCsv } from '../support/synthetic-runs';
import { withAppPage } from './app-page';

let page: Page;
let problems: string[] = [];

withAppPage({ width: 1440, height: 1000 }, (opened) => {
  ({ page, problems } = opened);
});

const byTest = (id: string) => page.locator(`[data-testid="${id}"]`);

test('fits three series with 20 replicas; the multiplier is disabled while the active law is the reference', async () => {
  await byTest('engine-select').selectOption('cpu');
  await expect.poll(() => byTest('engine-badge').textContent(), { timeout: 30_000 }).toMatch(/CPU/);
  await byTest('tab-fit').click();
  const paste = byTest('paste');
  if (!(await paste.isVisible()))
    await page.locator('summary').filter({ hasText: 'Paste CSV text' }).click();
  await paste.fill(seriesCsv());
  await byTest('paste-load').click();
  await expect.poll(() => byTest('usable-count').textContent()).toMatch(/48\s+usable runs/);
  await page.locator('input[data-option="bootstrap"]').fill('20');
  await byTest('fit').click();
  const fits = page.locator('[data-testid="series-fit"]');
  await expect.poll(() => fits.count(), { timeout: 180_000 }).toBe(3);
  await expect.poll(() => byTest('fit-progress').count(), { timeout: 180_000 }).toBe(0);

  await byTest('tab-sweep').click();
  const option = byTest('sweep-output').locator('option[value="multiplier"]');
  expect(await option.isDisabled()).toBe(true);
  expect(await option.getAttribute('title')).toMatch(
    /active law is the reference series' own \(base\)/,
  );
  expect(problems).toEqual([]);
});

test('with another series active and another reference, the sweep reads multipliers', async () => {
  await byTest('tab-fit').click();
  await page.locator('[data-testid="series-fit"][data-series="wide"] input').check();
  await byTest('tab-compare').click();
  await byTest('compare-reference').selectOption('deep');

  await byTest('tab-sweep').click();
  for (const axis of ['x', 'y']) await byTest(`sweep-count-${axis}`).fill('32');
  const option = byTest('sweep-output').locator('option[value="multiplier"]');
  await expect.poll(() => option.isDisabled()).toBe(false);
  expect(await option.textContent()).toMatch(/against deep/);
  await byTest('sweep-output').selectOption('multiplier');
  // A 32 x 32 sweep of 21 laws runs live, without Run.
  await byTest('sweep-replicas').check();
  await expect
    .poll(() => byTest('sweep-multiplier-pairs').textContent(), { timeout: 120_000 })
    .toMatch(/\d+ of 20 replicas paired by index with deep's/);
  await expect.poll(() => byTest('sweep-done').count(), { timeout: 120_000 }).toBe(1);
  await expect.poll(() => byTest('sweep-legend').textContent()).toMatch(/m vs deep/);
  expect(await byTest('sweep-legend').textContent()).toMatch(/×/);
  expect(await byTest('sweep-done').textContent()).toMatch(/the reference cannot reach/);

  // The plot's corners: Home on the bottom row (smallest budget, fewest unique tokens), End on
  // the top row (largest budget, most unique tokens).
  await byTest('sweep-hit').focus();
  await page.keyboard.press('Control+Home');
  const readout = byTest('sweep-readout');
  await expect
    .poll(() => readout.textContent())
    .toMatch(/against the reference\s*[0-9.]+(e-?\d+)?×/);
  await page.keyboard.press('Control+End');
  await expect
    .poll(() => readout.textContent())
    .toMatch(/the reference cannot reach this loss at any compute/);
  expect(await readout.textContent()).not.toMatch(/Infinity/);

  await byTest('sweep-spread').check();
  await byTest('sweep-hit').focus();
  await page.keyboard.press('Control+Home');
  await expect.poll(() => readout.textContent()).toMatch(/Across paired replicas\s*×[0-9.]+/);
  expect(problems).toEqual([]);
});
