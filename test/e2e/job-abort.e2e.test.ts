/**
 * End to end, jobs stopped by something other than the user (headless Chromium, WebGPU on
 * SwiftShader): the engine's sweep and fit reject with an AbortError their own signals did not
 * cause (a mapping cut short with no device loss reported, so the engine manager does not
 * retry). The view must say so in its error area instead of ending silently as if cancelled;
 * the user's own Cancel stays silent. The decision itself is src/ui/job-errors.ts (unit tests
 * in test/unit/job-errors.test.ts).
 */
import type { Page } from 'playwright-core';
import { beforeAll, expect, test } from 'vitest';
import { withAppPage } from './app-page';
import { byTest, waitForEngine } from './fault-kit';
import { gpuUrl } from './harness';

const VIEWPORT = { width: 1440, height: 1000 };
/** What the view says about an AbortError that was not the user's. */
const FOREIGN_ABORT =
  /Stopped before it finished by the engine, not by you \(injected: mapping cut short\)/;
/**
 * How long the manager waits for a loss before passing an AbortError on (its `abortedGraceMs`,
 * 10 s by default, for a loss SwiftShader reports late): no loss comes here, so the test
 * shortens it; the UI must show the error within this and 20 s more.
 */
const GRACE_MS = 1_000;
const SHOWN_WITHIN_MS = GRACE_MS + 20_000;

let page: Page;
let problems: string[];

withAppPage(
  VIEWPORT,
  (opened) => {
    ({ page, problems } = opened);
  },
  [],
  gpuUrl,
);

beforeAll(async () => {
  await page.evaluate((ms) => {
    const app = document.querySelector('scaling-sweep-app') as unknown as {
      manager: { abortedGraceMs: number };
    };
    app.manager.abortedGraceMs = ms;
  }, GRACE_MS);
});

/**
 * Makes the engine in use reject `method` with an AbortError (no device loss), or restores it.
 * The engine manager passes the engine itself to jobs, so an own property overrides the method.
 */
function injectAbort(method: 'sweep' | 'fitSeries', on: boolean): Promise<void> {
  return page.evaluate(
    ({ method, on }) => {
      const app = document.querySelector('scaling-sweep-app') as unknown as {
        manager: { engine: Record<string, unknown> };
      };
      const engine = app.manager.engine;
      if (on)
        engine[method] = () =>
          Promise.reject(new DOMException('injected: mapping cut short', 'AbortError'));
      else delete engine[method];
    },
    { method, on },
  );
}

test('the user cancelling a sweep ends it quietly: a notice, no error', async () => {
  await waitForEngine(page, 'gpu');
  await byTest(page, 'tab-sweep').click();
  for (const axis of ['x', 'y']) await byTest(page, `sweep-count-${axis}`).fill('512');
  await byTest(page, 'sweep-run').click();
  await byTest(page, 'sweep-cancel').click();
  await expect.poll(() => byTest(page, 'sweep-notice').textContent()).toBe('Cancelled.');
  expect(await byTest(page, 'sweep-error').count()).toBe(0);
});

test('a sweep aborted by the engine, not the user, shows why', async () => {
  for (const axis of ['x', 'y']) await byTest(page, `sweep-count-${axis}`).fill('16');
  await injectAbort('sweep', true);
  await byTest(page, 'sweep-run').click();
  await expect
    .poll(() => byTest(page, 'sweep-error').count(), { timeout: SHOWN_WITHIN_MS })
    .toBe(1);
  expect(await byTest(page, 'sweep-error').textContent()).toMatch(FOREIGN_ABORT);
  expect(await byTest(page, 'sweep-progress').count()).toBe(0);
  expect(await byTest(page, 'sweep-done').count()).toBe(0);

  await injectAbort('sweep', false);
  await byTest(page, 'sweep-run').click();
  await expect.poll(() => byTest(page, 'sweep-done').count(), { timeout: 60_000 }).toBe(1);
  expect(await byTest(page, 'sweep-error').count()).toBe(0);
});

test('a fit aborted by the engine, not the user, shows why', async () => {
  await byTest(page, 'tab-fit').click();
  await page.locator('input[data-option="bootstrap"]').fill('30');
  // Fits reach the engine through fitSeries (every selected series as one job).
  await injectAbort('fitSeries', true);
  await byTest(page, 'fit').click();
  await expect.poll(() => byTest(page, 'fit-error').count(), { timeout: SHOWN_WITHIN_MS }).toBe(1);
  expect(await byTest(page, 'fit-error').textContent()).toMatch(FOREIGN_ABORT);
  expect(await byTest(page, 'fit-result').count()).toBe(0);

  await injectAbort('fitSeries', false);
  await byTest(page, 'fit').click();
  await byTest(page, 'fit-result').waitFor({ timeout: 90_000 });
  expect(await byTest(page, 'fit-error').count()).toBe(0);
});

test('no console errors or page errors', () => {
  expect(problems).toEqual([]);
});
