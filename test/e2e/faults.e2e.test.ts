/**
 * End to end, faults injected into the running app (headless Chromium, WebGPU on SwiftShader):
 * - the GPU device is destroyed in the middle of a surface drag, a 4,000-replica bootstrap, a
 *   frontier band job and a 512 x 512 sweep: the badge says the device was lost and what
 *   happened, the job finishes on the recovered engine, what was shown stays shown, and the
 *   recomputed picture equals the one from before the loss;
 * - with no adapter to come back to, the surface falls back to the CPU engine;
 * - the fit kernel's WGSL is broken before the app loads: the badge names the kernel, the fit
 *   runs on the CPU and the surface stays on the GPU.
 * Limits and out-of-memory sizes are in limits.e2e.test.ts.
 */
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { withApp } from './app-page';
import {
  byTest,
  destroyDevice,
  engineStatus,
  framesDrawn,
  freshSurface,
  heatmap,
  pixelsDiffering,
  setValue,
  shotOf,
  surfaceShot,
  waitForEngine,
  waitForFrame,
  waitForIdle,
  waitForRecovery,
} from './fault-kit';
import { type AppSession, gpuUrl, imageStats, openApp } from './harness';

const VIEWPORT = { width: 1440, height: 1000 };
/** The badge's words after a loss the manager recovered from on a new device. */
const LOST_NEW_DEVICE = /GPU device lost \(.*\); a new device was acquired/;
/**
 * Pixels two renderings of one state may differ by: a few anti-aliased overlay pixels (seen: 3
 * of 900,000 after a preset round trip on one page). A stale or half-drawn frame differs in most.
 */
const MAX_DIFFERING_PIXELS = 100;

let app: AppSession;

withApp((started) => {
  app = started;
});

/** The engine badge's notices, joined. */
async function notices(page: Page): Promise<string> {
  return (await byTest(page, 'engine-notice').allTextContents()).join(' | ');
}

test('a device lost mid-drag: a new device draws the last value, the same picture a fresh page draws', async () => {
  const { page, problems } = await openApp(app, VIEWPORT, [], gpuUrl(app));
  await waitForEngine(page, 'gpu');
  await waitForFrame(page, 0);
  expect(imageStats(await surfaceShot(page)).distinctColours).toBeGreaterThan(50);
  const last = await page.evaluate(async () => {
    const app = document.querySelector('scaling-sweep-app') as unknown as HTMLElement & {
      manager: { engine: { gpu: { device: GPUDevice } } };
    };
    const slider = app
      .shadowRoot!.querySelector('law-controls')!
      .shadowRoot!.querySelector<HTMLInputElement>('input[data-slider="alpha"]')!;
    let value = '';
    for (let i = 0; i < 40; i++) {
      slider.value = (0.25 + i * 0.004).toFixed(3);
      value = slider.value;
      slider.dispatchEvent(new Event('input', { bubbles: true }));
      if (i === 15) {
        (window as unknown as { __lostEngine: unknown }).__lostEngine = app.manager.engine;
        app.manager.engine.gpu.device.destroy();
      }
      await new Promise((r) => setTimeout(r, 16));
    }
    return value;
  });
  expect((await waitForRecovery(page)).notice).toMatch(LOST_NEW_DEVICE);
  expect(await notices(page)).toMatch(LOST_NEW_DEVICE);
  await waitForIdle(page);
  expect(await page.locator('canvas.heatmap').count()).toBe(1);
  expect(await heatmap(page).getAttribute('data-engine')).toBe('gpu');
  expect(Number(await page.locator('input[data-field="alpha"]').inputValue())).toBeCloseTo(
    Number(last),
    3,
  );
  const after = await surfaceShot(page);
  const stats = imageStats(after);
  expect(stats.distinctColours).toBeGreaterThan(50);
  expect(stats.lumaVariance).toBeGreaterThan(100);
  expect(await page.locator('.draw-error').count()).toBe(0);
  // A fresh page on the same link (the state is in the URL) draws the same picture.
  const notice = (await engineStatus(page)).notice;
  const fresh = await freshSurface(app, VIEWPORT, page.url(), notice);
  expect(pixelsDiffering(after, fresh.shot)).toBeLessThan(MAX_DIFFERING_PIXELS);
  expect(problems).toEqual([]);
  expect(fresh.problems).toEqual([]);
  await fresh.page.context().close();
  await page.context().close();
});

test('a device lost with no adapter left: the surface falls back to the CPU and says so', async () => {
  const { page, problems } = await openApp(app, VIEWPORT, [], gpuUrl(app));
  await waitForEngine(page, 'gpu');
  await waitForFrame(page, 0);
  await page.evaluate(() => {
    // Every later request for an adapter finds none, as when the GPU process is gone for good.
    Object.defineProperty(navigator.gpu, 'requestAdapter', { value: async () => null });
  });
  await destroyDevice(page);
  expect((await waitForRecovery(page)).notice).toMatch(
    /GPU device lost \(.*\); switched to the CPU/,
  );
  expect(await notices(page)).toMatch(/switched to the CPU/);
  expect(await byTest(page, 'engine-badge').textContent()).toMatch(/CPU/);
  await expect
    .poll(() => heatmap(page).getAttribute('data-engine'), { timeout: 30_000 })
    .toBe('cpu');
  await expect.poll(() => framesDrawn(page), { timeout: 30_000 }).toBeGreaterThan(0);
  await waitForIdle(page);
  expect(await page.locator('canvas.heatmap').count()).toBe(1);
  expect(imageStats(await surfaceShot(page)).distinctColours).toBeGreaterThan(50);
  expect(problems).toEqual([]);
  await page.context().close();
});

/** One page for the fit, frontier and sweep losses: the frontier needs the fit's replicas. */
let jobs: { page: Page; problems: string[] };

test('a device lost mid-bootstrap (4,000 replicas): the fit restarts and completes; the last result stays meanwhile', async () => {
  jobs = await openApp(app, VIEWPORT, [], gpuUrl(app));
  const { page } = jobs;
  await waitForEngine(page, 'gpu');
  await byTest(page, 'tab-fit').click();
  const bootstrap = page.locator('input[data-option="bootstrap"]');
  await bootstrap.fill('50');
  await byTest(page, 'fit').click();
  await byTest(page, 'fit-result').waitFor({ timeout: 60_000 });
  await expect.poll(() => byTest(page, 'fit-progress').count(), { timeout: 60_000 }).toBe(0);
  expect(await byTest(page, 'diagnostics').textContent()).toMatch(
    /Replicas converged\s*\d+ \/ 50\b/,
  );

  await bootstrap.fill('4000');
  await byTest(page, 'fit').click();
  await expect
    .poll(() => byTest(page, 'fit-progress').getAttribute('data-phase'), { timeout: 60_000 })
    .toBe('bootstrap');
  expect(await destroyDevice(page, 'fit-progress')).toBe(true);
  expect((await waitForRecovery(page)).notice).toMatch(LOST_NEW_DEVICE);
  // While the fit runs again, the previous result is still on screen, untouched.
  expect(await byTest(page, 'fit-progress').count()).toBe(1);
  expect(await byTest(page, 'diagnostics').textContent()).toMatch(/\/ 50\b/);
  await expect.poll(() => byTest(page, 'fit-progress').count(), { timeout: 150_000 }).toBe(0);
  expect(await byTest(page, 'fit-error').count()).toBe(0);
  expect(await byTest(page, 'diagnostics').textContent()).toMatch(
    /Replicas converged\s*[\d,]+ \/ 4,000/,
  );
  expect(await byTest(page, 'fit-result').getAttribute('data-engine')).toBe('gpu');
  expect(jobs.problems).toEqual([]);
});

test('a device lost mid-band: the frontier bands are solved again on the new device, equal to before', async () => {
  const { page } = jobs;
  await byTest(page, 'tab-frontier').click();
  const status = byTest(page, 'bands-status');
  await expect.poll(() => status.textContent(), { timeout: 90_000 }).toMatch(/bands over 4,000/);
  const medians = () =>
    page
      .locator('[data-testid="median-line"]')
      .evaluateAll((ps) => ps.map((p) => p.getAttribute('d')));
  const before = await medians();
  expect(before).toHaveLength(4);
  // New readout budgets start a new band job; the device goes while it runs.
  const budgets = byTest(page, 'readout-budgets');
  const lostWhile = await budgets.evaluate(async (input) => {
    const el = input as HTMLInputElement;
    el.value = '1e20, 3e22, 1e24';
    el.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
    const view = document
      .querySelector('scaling-sweep-app')!
      .shadowRoot!.querySelector('frontier-view')!;
    const text = () =>
      view.shadowRoot!.querySelector('[data-testid="bands-status"]')?.textContent ?? '';
    const until = performance.now() + 10_000;
    while (!/Solving/.test(text()) && performance.now() < until)
      await new Promise((r) => requestAnimationFrame(r));
    const app = document.querySelector('scaling-sweep-app') as unknown as {
      manager: { engine: { gpu: { device: GPUDevice } } };
    };
    const seen = text();
    (window as unknown as { __lostEngine: unknown }).__lostEngine = app.manager.engine;
    app.manager.engine.gpu.device.destroy();
    return seen;
  });
  expect(lostWhile).toMatch(/Solving 4,000 replicas/);
  expect((await waitForRecovery(page)).notice).toMatch(LOST_NEW_DEVICE);
  await expect.poll(() => status.textContent(), { timeout: 90_000 }).toMatch(/bands over 4,000/);
  expect(await status.textContent()).not.toMatch(/failed/);
  expect(await notices(page)).toMatch(LOST_NEW_DEVICE);
  expect(await page.locator('[data-testid="frontier-readout"] tbody tr').count()).toBe(3);
  expect(await medians()).toEqual(before);
  expect(jobs.problems).toEqual([]);
});

test('a device lost mid-sweep (512 x 512): the sweep finishes on the new device with the same picture; the old one stays meanwhile', async () => {
  const { page } = jobs;
  await byTest(page, 'tab-sweep').click();
  for (const axis of ['x', 'y']) await byTest(page, `sweep-count-${axis}`).fill('512');
  await byTest(page, 'sweep-run').click();
  await expect.poll(() => byTest(page, 'sweep-done').count(), { timeout: 90_000 }).toBe(1);
  const canvas = byTest(page, 'sweep-canvas');
  const before = await shotOf(page, canvas);
  expect(imageStats(before).distinctColours).toBeGreaterThan(20);

  await byTest(page, 'sweep-run').click();
  const bar = page.locator('[data-testid="sweep-progress"] [role="progressbar"]');
  await expect
    .poll(async () => Number((await bar.getAttribute('aria-valuenow')) ?? -1), { timeout: 30_000 })
    .toBeGreaterThan(0);
  expect(await destroyDevice(page, 'sweep-progress')).toBe(true);
  expect((await waitForRecovery(page)).notice).toMatch(LOST_NEW_DEVICE);
  expect(await canvas.count()).toBe(1);
  await expect.poll(() => byTest(page, 'sweep-done').count(), { timeout: 90_000 }).toBe(1);
  expect(await byTest(page, 'sweep-error').count()).toBe(0);
  expect(await byTest(page, 'sweep-done').textContent()).toMatch(/262K cells .* on GPU/);
  expect(pixelsDiffering(await shotOf(page, canvas), before)).toBeLessThan(MAX_DIFFERING_PIXELS);
  expect(jobs.problems).toEqual([]);
  await page.context().close();
});

test('the fit kernel fails to build: the badge names it, the fit runs on the CPU, the surface stays on the GPU', async () => {
  const { page, problems } = await openApp(
    app,
    VIEWPORT,
    [
      {
        fn: () => {
          const create = GPUDevice.prototype.createShaderModule;
          GPUDevice.prototype.createShaderModule = function (descriptor) {
            if (descriptor.code.includes('struct FitRecord'))
              return create.call(this, { ...descriptor, code: `${descriptor.code}\nfn broken( {` });
            return create.call(this, descriptor);
          };
        },
      },
    ],
    gpuUrl(app),
  );
  await waitForEngine(page, 'gpu');
  await waitForFrame(page, 0);
  await byTest(page, 'tab-fit').click();
  await page.locator('input[data-option="bootstrap"]').fill('50');
  await byTest(page, 'fit').click();
  await byTest(page, 'fit-result').waitFor({ timeout: 90_000 });
  await expect.poll(() => byTest(page, 'fit-progress').count(), { timeout: 90_000 }).toBe(0);
  expect(await byTest(page, 'fit-error').count()).toBe(0);
  expect(await byTest(page, 'fit-result').getAttribute('data-engine')).toBe('cpu');
  expect(await notices(page)).toMatch(
    /The fit\.\w+ kernel failed to build \(fit\.\w+: shader compilation failed: line \d+.*\); its jobs run on the CPU, the rest stays on the GPU/,
  );
  const status = await engineStatus(page);
  expect(status.kind).toBe('gpu');
  // The surface still draws on the GPU, and the frontier's optimum kernel still runs there.
  await byTest(page, 'tab-surface').click();
  const frames = await framesDrawn(page);
  await setValue(page.locator('input[data-field="alpha"]'), '0.3');
  await waitForFrame(page, frames);
  expect(await heatmap(page).getAttribute('data-engine')).toBe('gpu');
  expect(imageStats(await surfaceShot(page)).distinctColours).toBeGreaterThan(50);
  await byTest(page, 'tab-sweep').click();
  for (const axis of ['x', 'y']) await byTest(page, `sweep-count-${axis}`).fill('64');
  await byTest(page, 'sweep-run').click();
  await expect.poll(() => byTest(page, 'sweep-done').count(), { timeout: 60_000 }).toBe(1);
  expect(await byTest(page, 'sweep-done').textContent()).toMatch(/on GPU/);
  expect(problems).toEqual([]);
  await page.context().close();
});
