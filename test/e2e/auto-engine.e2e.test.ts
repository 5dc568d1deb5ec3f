/**
 * End to end: `auto`, the engine preference a page opens with, on SwiftShader. Fits go to the
 * CPU (the adapter is software), the Surface goes where its short measurement found it faster
 * and the badge says so with the times, and a kind not used yet waits for its first use. A
 * fresh page, so the measurement runs on the first GPU device the page made, as a user's does.
 * Fails (never skips) when Chromium or a WebGPU adapter is missing.
 */
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { withAppPage } from './app-page';
import * as kit from './fault-kit';

let page: Page;
let problems: string[] = [];

withAppPage({ width: 1280, height: 900 }, (opened) => {
  ({ page, problems } = opened);
});

const route = (kind: string) => page.locator(`[data-testid="engine-route"][data-kind="${kind}"]`);

test('auto on SwiftShader: fits go to the CPU, the surface to the engine its measurement found faster, and the badge says why', async () => {
  expect(await page.locator('[data-testid="engine-select"]').inputValue()).toBe('auto');
  await expect
    .poll(() => route('fit').textContent(), { timeout: 30_000 })
    .toBe('Fits: CPU (the GPU is a software adapter)');
  expect(await page.locator('[data-testid="engine-badge"]').textContent()).toMatch(/swiftshader/i);
  // The Surface is in use, so its measurement runs at once; the heatmap then draws there.
  await expect
    .poll(() => route('surface').getAttribute('data-engine'), { timeout: 30_000 })
    .toMatch(/^(gpu|cpu)$/);
  const surface = await route('surface').getAttribute('data-engine');
  expect(await route('surface').textContent()).toMatch(
    /^Surface: (GPU|CPU) \(GPU [\d.]+ ms, CPU [\d.]+ ms measured\)$/,
  );
  await expect
    .poll(() => kit.heatmap(page).getAttribute('data-engine'), { timeout: 30_000 })
    .toBe(surface);
  await expect.poll(() => page.locator('canvas.heatmap').count(), { timeout: 30_000 }).toBe(1);
  const frames = await kit.framesDrawn(page);
  await page.locator('input[data-field="alpha"]').fill('0.38');
  await kit.waitForFrame(page, frames);
  // Kinds not used yet wait for their first use.
  expect(await route('sweep').textContent()).toBe('Sweep: measured on first use');
});

test('no console errors or page errors during the run', () => {
  expect(problems).toEqual([]);
});
