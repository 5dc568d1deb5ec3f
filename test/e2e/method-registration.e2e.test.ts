/**
 * End to end, a fit method the app has never seen reaches the app through its registration
 * alone: a toy method is added to the registry in the page (the app's own module instance),
 * a link names it (`method=toy`), and Fit runs it per series through the engine, shows its rows
 * in the Fit view and makes its law the active law. Nothing in the app shell or the views names
 * the method.
 */
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { withAppPage } from './app-page';

let page: Page;
let problems: string[] = [];

withAppPage({ width: 1440, height: 1000 }, (opened) => {
  ({ page, problems } = opened);
});

const byTest = (id: string) => page.locator(`[data-testid="${id}"]`);

test('a method registered in one line is fitted, shown by its rows and becomes the active law', async () => {
  await expect
    .poll(() => byTest('engine-badge').textContent(), { timeout: 30_000 })
    .toMatch(/GPU|CPU/);
  // The script is a string: Vitest would rewrite an import() in a function passed to evaluate.
  await page.evaluate(`(async () => {
    const { FIT_METHODS } = await import('/src/fit/methods.ts');
    // E is the smallest loss of the runs, the other constants fixed: enough to see every layer.
    FIT_METHODS.push({
      id: 'toy',
      label: 'Toy method (floor at the lowest loss)',
      defaults: {},
      validate: () => [],
      run: async (runs) => ({ E: Math.min(...runs.map((r) => r.loss)) * 0.5, n: runs.length }),
      law: (r) => ({ E: r.E, A: 400, B: 410, alpha: 0.34, beta: 0.28 }),
      summary: (r) => 'Toy fit of ' + r.n + ' runs',
      rows: (r) => [{ name: 'E', estimate: r.E }, { name: 'runs', estimate: r.n }],
      json: (r) => ({ E: r.E }),
    });
    const url = new URL(location.href);
    url.searchParams.set('method', 'toy');
    url.searchParams.set('view', 'fit');
    history.pushState(null, '', url);
    dispatchEvent(new PopStateEvent('popstate'));
  })()`);
  await expect.poll(() => new URL(page.url()).searchParams.get('method')).toBe('toy');
  await expect
    .poll(() =>
      page.evaluate(
        () =>
          (
            document.querySelector('scaling-sweep-app') as unknown as {
              scenario: { fitMethod: string };
            }
          ).scenario.fitMethod,
      ),
    )
    .toBe('toy');
  await byTest('fit').click();
  await byTest('method-result').waitFor({ timeout: 120_000 });
  expect(await byTest('method-result').textContent()).toMatch(/Toy method/);
  expect(await byTest('method-result').textContent()).toMatch(/Toy fit of 135 runs/);
  const rows = byTest('method-rows').locator('tbody tr');
  expect(await rows.count()).toBe(2);
  // No Approach-3 panel pretends to show it.
  expect(await byTest('fit-result').count()).toBe(0);
  // Its law is the active law.
  const minLoss = await page.evaluate(`(async () => {
    const { builtinDataset } = await import('/src/data/builtin.ts');
    return Math.min(...builtinDataset(1).runs.map((r) => r.loss));
  })()`);
  await byTest('tab-surface').click();
  await expect
    .poll(async () => Number(await page.locator('input[data-field="E"]').inputValue()))
    .toBeCloseTo((minLoss as number) * 0.5, 2);
});

test('no console errors or page errors', () => {
  expect(problems).toEqual([]);
});
