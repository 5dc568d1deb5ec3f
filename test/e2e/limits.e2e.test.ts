/**
 * End to end, out-of-memory sizes and device limits: the adapter reports small limits (patched
 * before the app loads), and the largest sizes the UI allows must be tiled under them or refused
 * with a message before the GPU is asked. The patch also checks every buffer and storage binding
 * the app creates against the reported limits and logs a console error for any that exceeds them
 * (as a GPU validation error would), so "no console errors" means no request went over.
 */
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { withApp } from './app-page';
import {
  byTest,
  framesDrawn,
  heatmap,
  shotOf,
  surfaceShot,
  waitForEngine,
  waitForFrame,
  waitForIdle,
} from './fault-kit';
import { type AppSession, gpuUrl, type InitScript, imageStats, openApp } from './harness';

const VIEWPORT = { width: 1440, height: 1000 };
const MiB = 2 ** 20;

let app: AppSession;

withApp((started) => {
  app = started;
});

/** The limits the patched adapter reports. */
interface FakeLimits {
  readonly maxStorageBufferBindingSize: number;
  readonly maxBufferSize: number;
}

/** What the patch saw: the largest buffer and storage binding asked for. */
interface LimitsLog {
  readonly largestBuffer: number;
  readonly largestBinding: number;
  readonly storageBytes: number;
}

/**
 * Makes every adapter report `limits` for the buffer sizes, and logs a console error for a buffer
 * or a storage binding beyond them. Runs in the page before the app.
 */
const smallLimits = (limits: FakeLimits): InitScript<FakeLimits> => ({
  fn: (fake) => {
    const log = { largestBuffer: 0, largestBinding: 0, storageBytes: 0 };
    (window as unknown as { __limitsLog: typeof log }).__limitsLog = log;
    const real = Object.getOwnPropertyDescriptor(GPUAdapter.prototype, 'limits')!.get!;
    Object.defineProperty(GPUAdapter.prototype, 'limits', {
      configurable: true,
      get(this: GPUAdapter) {
        const l = real.call(this) as GPUSupportedLimits;
        const copy: Record<string, number> = {};
        for (const key in l) copy[key] = (l as unknown as Record<string, number>)[key]!;
        return { ...copy, ...fake };
      },
    });
    const createBuffer = GPUDevice.prototype.createBuffer;
    GPUDevice.prototype.createBuffer = function (descriptor) {
      log.largestBuffer = Math.max(log.largestBuffer, descriptor.size);
      if (descriptor.usage & GPUBufferUsage.STORAGE) log.storageBytes += descriptor.size;
      if (descriptor.size > fake.maxBufferSize)
        console.error(
          `buffer ${descriptor.label}: ${descriptor.size} bytes > maxBufferSize ${fake.maxBufferSize}`,
        );
      return createBuffer.call(this, descriptor);
    };
    const createBindGroup = GPUDevice.prototype.createBindGroup;
    GPUDevice.prototype.createBindGroup = function (descriptor) {
      for (const entry of descriptor.entries) {
        const r = entry.resource as GPUBufferBinding;
        if (!r || typeof r !== 'object' || !('buffer' in r)) continue;
        if (!(r.buffer.usage & GPUBufferUsage.STORAGE)) continue;
        const size = r.size ?? r.buffer.size - (r.offset ?? 0);
        log.largestBinding = Math.max(log.largestBinding, size);
        if (size > fake.maxStorageBufferBindingSize)
          console.error(
            `bind group ${descriptor.label}: binding ${entry.binding} of ${size} bytes > maxStorageBufferBindingSize ${fake.maxStorageBufferBindingSize}`,
          );
      }
      return createBindGroup.call(this, descriptor);
    };
  },
  arg: limits,
});

function limitsLog(page: Page): Promise<LimitsLog> {
  return page.evaluate(() => (window as unknown as { __limitsLog: LimitsLog }).__limitsLog);
}

/** The limits the engine in use plans its tiles with. */
function engineLimits(page: Page): Promise<FakeLimits> {
  return page.evaluate(() => {
    const app = document.querySelector('scaling-sweep-app') as unknown as {
      manager: { engine: { gpu: { info: { limits: FakeLimits } } } };
    };
    const l = app.manager.engine.gpu.info.limits;
    return {
      maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
      maxBufferSize: l.maxBufferSize,
    };
  });
}

test('under 4 MiB bindings, the 4096 x 4096 surface is tiled and drawn, a fit and a 1024 x 1024 sweep complete', async () => {
  const limits = { maxStorageBufferBindingSize: 4 * MiB, maxBufferSize: 8 * MiB };
  const { page, problems } = await openApp(app, VIEWPORT, [smallLimits(limits)], gpuUrl(app));
  await waitForEngine(page, 'gpu');
  expect(await engineLimits(page)).toEqual(limits);
  await waitForFrame(page, 0);
  const frames = await framesDrawn(page);
  await byTest(page, 'resolution').selectOption('4096');
  await waitForFrame(page, frames, 60_000);
  await waitForIdle(page);
  expect(await heatmap(page).getAttribute('data-engine')).toBe('gpu');
  expect(await page.locator('.draw-error').count()).toBe(0);
  const stats = imageStats(await surfaceShot(page));
  expect(stats.distinctColours).toBeGreaterThan(50);
  expect(stats.lumaVariance).toBeGreaterThan(100);
  const surface = await limitsLog(page);
  // 4096 x 4096 f32 values are 64 MiB: only tiles of at most one binding were asked for.
  expect(surface.storageBytes).toBeGreaterThanOrEqual(64 * MiB);
  expect(surface.largestBinding).toBeLessThanOrEqual(limits.maxStorageBufferBindingSize);
  expect(surface.largestBuffer).toBeLessThanOrEqual(limits.maxBufferSize);

  await byTest(page, 'tab-fit').click();
  await page.locator('input[data-option="bootstrap"]').fill('50');
  await byTest(page, 'fit').click();
  await byTest(page, 'fit-result').waitFor({ timeout: 90_000 });
  expect(await byTest(page, 'fit-result').getAttribute('data-engine')).toBe('gpu');

  await byTest(page, 'tab-sweep').click();
  for (const axis of ['x', 'y']) await byTest(page, `sweep-count-${axis}`).fill('1024');
  await byTest(page, 'sweep-run').click();
  await expect.poll(() => byTest(page, 'sweep-done').count(), { timeout: 120_000 }).toBe(1);
  expect(await byTest(page, 'sweep-error').count()).toBe(0);
  expect(await byTest(page, 'sweep-done').textContent()).toMatch(/1\.05M cells .* on GPU/);
  const sweep = await shotOf(page, byTest(page, 'sweep-canvas'));
  expect(imageStats(sweep).distinctColours).toBeGreaterThan(20);

  // With the fit's replicas the 1024 x 1024 sweep asks for 8 laws (128 MiB of results): it
  // runs in bands under the limits. Its first bands are checked, then it is cancelled (it
  // would take about a minute on SwiftShader); the finished single-law picture stays.
  await byTest(page, 'sweep-replicas').check();
  await expect.poll(() => byTest(page, 'sweep-run').textContent()).toMatch(/× 8 laws/);
  await byTest(page, 'sweep-run').click();
  const bar = page.locator('[data-testid="sweep-progress"] [role="progressbar"]');
  await expect
    .poll(async () => Number((await bar.getAttribute('aria-valuenow')) ?? -1), { timeout: 60_000 })
    .toBeGreaterThanOrEqual(3);
  await byTest(page, 'sweep-cancel').click();
  await expect.poll(() => byTest(page, 'sweep-notice').textContent()).toMatch(/Cancelled/);
  expect(await byTest(page, 'sweep-error').count()).toBe(0);
  const all = await limitsLog(page);
  expect(all.largestBinding).toBeLessThanOrEqual(limits.maxStorageBufferBindingSize);
  expect(all.largestBuffer).toBeLessThanOrEqual(limits.maxBufferSize);
  expect(await byTest(page, 'engine-notice').count()).toBe(0);
  expect(problems).toEqual([]);
  await page.context().close();
});

test('under 12 KiB bindings, a 4096-cell row does not fit: refused with a message, the last picture kept', async () => {
  const limits = { maxStorageBufferBindingSize: 12 * 1024, maxBufferSize: 64 * 1024 };
  const { page, problems } = await openApp(
    app,
    VIEWPORT,
    [smallLimits(limits)],
    `${gpuUrl(app)}&res=256x256`,
  );
  await waitForEngine(page, 'gpu');
  expect(await engineLimits(page)).toEqual(limits);
  await waitForFrame(page, 0);
  await waitForIdle(page);
  expect(imageStats(await surfaceShot(page)).distinctColours).toBeGreaterThan(50);
  const frames = await framesDrawn(page);
  const backing = () => heatmap(page).evaluate((c: HTMLCanvasElement) => [c.width, c.height]);
  const size = await backing();
  await byTest(page, 'resolution').selectOption('4096');
  const error = page.locator('.draw-error');
  await expect
    .poll(() => error.textContent(), { timeout: 30_000 })
    .toMatch(
      /Last draw failed \(one grid row of 4096 cells \(16384 bytes\) exceeds the device's largest binding \(12288 bytes\)\); showing the previous picture\./,
    );
  // Nothing was drawn: the canvas keeps its last frame (the message below the plot shrinks the
  // plot a little, so the picture is compared by content, not pixel for pixel).
  expect(await framesDrawn(page)).toBe(frames);
  expect(await backing()).toEqual(size);
  expect(await page.locator('canvas.heatmap').count()).toBe(1);
  const kept = imageStats(await surfaceShot(page));
  expect(kept.distinctColours).toBeGreaterThan(50);
  expect(kept.lumaVariance).toBeGreaterThan(100);
  const log = await limitsLog(page);
  expect(log.largestBinding).toBeLessThanOrEqual(limits.maxStorageBufferBindingSize);
  expect(log.largestBuffer).toBeLessThanOrEqual(limits.maxBufferSize);
  // A size that fits draws again and clears the message.
  await byTest(page, 'resolution').selectOption('512');
  await waitForFrame(page, frames, 60_000);
  await expect.poll(() => error.count()).toBe(0);
  expect(problems).toEqual([]);
  await page.context().close();
});
