/**
 * End to end, the Fit view's method panels on the CPU engine: runs of a known law on an
 * isoFLOP design are fitted, a published law is tested against the fit (Wald and the LR test of
 * tied exponents), and the three methods are compared (table, cross-validation, design bias).
 */
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { centredIsoflops } from '../support/synthetic-runs';
import { withAppPage } from './app-page';

let page: Page;
let problems: string[] = [];

withAppPage({ width: 1440, height: 1000 }, (opened) => {
  ({ page, problems } = opened);
});

const byTest = (id: string) => page.locator(`[data-testid="${id}"]`);

const LAW = { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 };
const BUDGETS = [1e18, 3e18, 1e19, 3e19, 1e20, 3e20, 1e21];

function csv(): string {
  const runs = centredIsoflops(LAW, { budgets: BUDGETS, sizes: 7, sigma: 0.003, seed: 4 });
  return `params,tokens,flops,loss\n${runs.map((r) => `${r.N},${r.D},${r.C},${r.loss}`).join('\n')}\n`;
}

test('tests a published law and compares the three methods on the same runs', async () => {
  await byTest('engine-select').selectOption('cpu');
  await expect.poll(() => byTest('engine-badge').textContent(), { timeout: 30_000 }).toMatch(/CPU/);
  await byTest('tab-fit').click();
  const paste = byTest('paste');
  if (!(await paste.isVisible())) {
    await page.locator('summary').filter({ hasText: 'Paste CSV text' }).click();
  }
  await paste.fill(csv());
  await byTest('paste-load').click();
  await expect.poll(() => byTest('usable-count').textContent()).toMatch(/49\s+usable runs/);
  await page.locator('input[data-option="bootstrap"]').fill('40');
  await byTest('fit').click();
  await expect.poll(() => byTest('fit-result').count(), { timeout: 180_000 }).toBe(1);
  await expect.poll(() => byTest('fit-progress').count(), { timeout: 180_000 }).toBe(0);

  // The law the runs were drawn from, rounded as published: the Wald test gives a statistic.
  await byTest('law-test-choice').selectOption('hoffmann2022');
  await byTest('law-test-run').click();
  await expect
    .poll(() => byTest('law-test-wald').textContent(), { timeout: 120_000 })
    .toMatch(/W = [\d.e+-]+ on 5 degrees of freedom,\s+p = /);
  await expect
    .poll(() => byTest('law-test-lr').textContent(), { timeout: 120_000 })
    .toMatch(/LR = [\d.e+-]+ on 1 degree of freedom,\s+p = /);

  await byTest('method-budget').fill('1e22');
  await byTest('method-budget').dispatchEvent('change');
  await byTest('method-compare-run').click();
  const rows = page.locator('[data-testid="method-table"] tbody tr');
  await expect.poll(() => rows.count(), { timeout: 240_000 }).toBe(3);
  expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-method')))).toEqual([
    'approach3',
    'approach2',
    'compute-only',
  ]);
  await expect.poll(() => byTest('cv-table').count(), { timeout: 240_000 }).toBe(1);
  expect(await byTest('cv-table').textContent()).toContain('★');
  expect(await byTest('design-bias').textContent()).toMatch(/Approach 2 finds a = 0\.\d+/);
  expect(problems).toEqual([]);
}, 600_000);
