/**
 * End to end, a CSV with three series (columns params,tokens,loss,series, generated here from
 * three known laws, noise-free) fits per series on the CPU and on the GPU engine: the Fit view
 * shows three results, each with its own law, and choosing a series makes its fit the one shown.
 * The Frontier tab then overlays the three series, each with its band, and names them.
 */
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { SERIES_LAWS, seriesCsv } from '../support/synthetic-runs';
import { withAppPage } from './app-page';

let page: Page;
let problems: string[] = [];

withAppPage({ width: 1440, height: 1000 }, (opened) => {
  ({ page, problems } = opened);
});

const byTest = (id: string) => page.locator(`[data-testid="${id}"]`);

for (const engine of ['cpu', 'gpu'] as const) {
  test(`fits three series on the ${engine.toUpperCase()} engine and shows three results`, async () => {
    await byTest('engine-select').selectOption(engine);
    await expect
      .poll(() => byTest('engine-badge').textContent(), { timeout: 30_000 })
      .toMatch(engine === 'gpu' ? /GPU/ : /CPU/);
    await byTest('tab-fit').click();
    const paste = byTest('paste');
    if (!(await paste.isVisible())) {
      await page.locator('summary').filter({ hasText: 'Paste CSV text' }).click();
    }
    await paste.fill(seriesCsv());
    await byTest('paste-load').click();
    await expect.poll(() => byTest('usable-count').textContent()).toMatch(/48\s+usable runs/);
    await page.locator('input[data-option="bootstrap"]').fill('20');
    await byTest('fit').click();
    // A fresh result (the previous engine's stays on screen until this one finishes).
    await expect
      .poll(() => byTest('fit-result').getAttribute('data-engine'), { timeout: 180_000 })
      .toBe(engine);
    await expect.poll(() => byTest('fit-progress').count(), { timeout: 180_000 }).toBe(0);
    const fits = page.locator('[data-testid="series-fit"]');
    await expect.poll(() => fits.count(), { timeout: 180_000 }).toBe(3);
    expect(await fits.evaluateAll((els) => els.map((e) => e.getAttribute('data-series')))).toEqual([
      'base',
      'wide',
      'deep',
    ]);
    expect(await byTest('fit-result').getAttribute('data-engine')).toBe(engine);
    for (const name of ['base', 'wide', 'deep']) {
      await page.locator(`[data-testid="series-fit"][data-series="${name}"] input`).check();
      const alpha = page.locator(
        '[data-testid="param-table"] tr[data-param="alpha"] td[data-cell="best"]',
      );
      // f32 on the GPU: three significant digits of a noise-free fit.
      await expect
        .poll(async () =>
          Math.abs(Number((await alpha.textContent())?.trim()) - SERIES_LAWS[name]!.alpha),
        )
        .toBeLessThan(0.01);
    }
    expect(problems).toEqual([]);
  });
}

test('the Frontier tab overlays the three fitted series with their bands and a legend', async () => {
  await byTest('tab-frontier').click();
  const entries = page.locator('[data-testid="series-legend-entry"]');
  await expect.poll(() => entries.count(), { timeout: 10_000 }).toBe(3);
  expect(await entries.evaluateAll((els) => els.map((e) => e.getAttribute('data-series')))).toEqual(
    ['base', 'wide', 'deep'],
  );
  expect(await byTest('series-legend').textContent()).toMatch(/base[\s\S]*wide[\s\S]*deep/);
  const lines = page.locator('[data-testid="frontier-panel-N"] [data-testid="series-line"]');
  expect(await lines.count()).toBe(3);
  // Each series' 95% band, from its own replicas, in every panel once the band job is done.
  await expect
    .poll(() => page.locator('[data-testid="series-band"]').count(), { timeout: 60_000 })
    .toBe(12);
  await byTest('show-series').uncheck();
  await expect.poll(() => lines.count()).toBe(0);
  await byTest('show-series').check();
  await expect.poll(() => lines.count()).toBe(3);
  expect(problems).toEqual([]);
});
