/**
 * End to end, the identifiability map of an Approach-3 fit: fit the built-in runs with a small
 * bootstrap, open the diagnostics, map alpha and beta on a 32 x 32 grid, and read the map and
 * its plain-language reading, with no console errors.
 */
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { withAppPage } from './app-page';

let page: Page;
let problems: string[] = [];

withAppPage({ width: 1440, height: 1100 }, (opened) => {
  ({ page, problems } = opened);
});

const byTest = (id: string) => page.locator(`[data-testid="${id}"]`);

test('maps alpha and beta of a fit of the built-in runs and reads the region', async () => {
  await byTest('tab-fit').click();
  await page.locator('input[data-option="bootstrap"]').fill('30');
  await byTest('fit').click();
  await byTest('fit-result').waitFor({ timeout: 120_000 });
  await byTest('fit-diagnostics-toggle').click();
  await byTest('identifiability-size').selectOption('32');
  await byTest('identifiability-run').click();
  await expect
    .poll(() => byTest('identifiability-reading').textContent(), { timeout: 120_000 })
    .toMatch(/identified|fix/);
  expect(await byTest('identifiability-map').count()).toBe(1);
  expect(await byTest('identifiability-map').locator('image').count()).toBe(1);
  expect(problems).toEqual([]);
}, 300_000);
