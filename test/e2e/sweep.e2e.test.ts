/**
 * End to end: the Sweep view in headless Chromium on the engine in use (GPU on SwiftShader):
 * a 64 x 64 data-constrained sweep runs with progress and draws; a bad axis shows its message;
 * hovering reads a cell out; no console errors.
 */
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { withAppPage } from './app-page';
import { imageStats } from './harness';

let page: Page;
let problems: string[] = [];

withAppPage({ width: 1440, height: 1000 }, (opened) => {
  ({ page, problems } = opened);
});

test('runs a 64 x 64 data-constrained sweep of C x U and draws it', async () => {
  const badge = page.locator('[data-testid="engine-badge"]');
  await expect.poll(() => badge.textContent(), { timeout: 30_000 }).toMatch(/GPU|CPU/);
  await page.locator('[data-testid="tab-sweep"]').click();
  await expect
    .poll(() => page.locator('[data-testid="sweep-kind"]').textContent())
    .toMatch(/data-constrained/i);
  for (const axis of ['x', 'y'])
    await page.locator(`[data-testid="sweep-count-${axis}"]`).fill('64');
  await page.locator('[data-testid="sweep-run"]').click();
  await expect
    .poll(() => page.locator('[data-testid="sweep-done"]').count(), { timeout: 60_000 })
    .toBe(1);
  const canvas = page.locator('[data-testid="sweep-canvas"]');
  const box = await canvas.boundingBox();
  if (!box) throw new Error('the sweep canvas is not visible');
  const stats = imageStats(await page.screenshot({ clip: box }));
  expect(stats.distinctColours).toBeGreaterThan(20);
});

test('hovering a cell reads its optimum out', async () => {
  await page.locator('[data-testid="sweep-hit"]').hover({ position: { x: 200, y: 150 } });
  await expect.poll(() => page.locator('[data-testid="sweep-readout"]').textContent()).toMatch(/N/);
});

test('an inverted axis range shows a message', async () => {
  const min = page.locator('[data-testid="sweep-min-x"]');
  const max = page.locator('[data-testid="sweep-max-x"]');
  const old = await min.inputValue();
  await min.fill(await max.inputValue());
  await max.fill(old);
  await expect
    .poll(() => page.locator('[data-testid="sweep-axis-issue"]').count())
    .toBeGreaterThan(0);
  expect(await page.locator('[data-testid="sweep-axis-issue"]').first().textContent()).toMatch(
    /inverted/,
  );
});

test('no console errors or page errors during the run', () => {
  expect(problems).toEqual([]);
});
