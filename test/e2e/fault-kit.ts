/**
 * Helpers for the fault, race, soak and accessibility end-to-end tests: the engine manager
 * reached from the page, heatmap frames and screenshots, GPU resource counts and a seeded
 * random source. Pages with init scripts are opened by harness.openApp.
 */
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { type AppSession, decodePng, openApp } from './harness';

/** The element with `data-testid=id` (Playwright's CSS locators pierce open shadow roots). */
export function byTest(page: Page, id: string): Locator {
  return page.locator(`[data-testid="${id}"]`);
}

/** What the engine manager says about itself. */
export interface StatusSnapshot {
  readonly state: string;
  readonly kind?: string;
  readonly label: string;
  readonly notice?: string;
}

/** The manager's status, read in the page. */
export function engineStatus(page: Page): Promise<StatusSnapshot> {
  return page.evaluate(() => {
    const app = document.querySelector('scaling-sweep-app') as unknown as {
      manager: { status: StatusSnapshot };
    };
    return { ...app.manager.status };
  });
}

/** Waits until the manager is ready on `kind` (gpu or cpu). */
export async function waitForEngine(page: Page, kind: 'gpu' | 'cpu'): Promise<void> {
  await expect
    .poll(
      async () => {
        const s = await engineStatus(page);
        return s.state === 'ready' ? s.kind : s.state;
      },
      { timeout: 60_000 },
    )
    .toBe(kind);
}

/**
 * Destroys the GPU device of the engine in use (a device loss), but only while an element with
 * `data-testid=whileShown` is on the page (searched through shadow roots), checked in the same
 * task: returns whether it was there (and so whether the device was destroyed). Without
 * `whileShown` it always destroys. Fails if the engine has no GPU device.
 */
export function destroyDevice(page: Page, whileShown?: string): Promise<boolean> {
  return page.evaluate((testid) => {
    const find = (root: Document | ShadowRoot): Element | null => {
      const hit = root.querySelector(`[data-testid="${testid}"]`);
      if (hit) return hit;
      for (const el of root.querySelectorAll('*')) {
        const inner = el.shadowRoot ? find(el.shadowRoot) : null;
        if (inner) return inner;
      }
      return null;
    };
    if (testid && !find(document)) return false;
    const app = document.querySelector('scaling-sweep-app') as unknown as {
      manager: { engine?: { gpu?: { device: GPUDevice } } };
    };
    const device = app.manager.engine?.gpu?.device;
    if (!device) throw new Error('the engine in use has no GPU device');
    (window as unknown as { __lostEngine: unknown }).__lostEngine = app.manager.engine;
    device.destroy();
    return true;
  }, whileShown ?? '');
}

/** Waits until the manager is ready on an engine other than the one {@link destroyDevice} lost. */
export async function waitForRecovery(page: Page): Promise<StatusSnapshot> {
  await expect
    .poll(
      () =>
        page.evaluate(() => {
          const app = document.querySelector('scaling-sweep-app') as unknown as {
            manager: { engine?: unknown; status: { state: string } };
          };
          const lost = (window as unknown as { __lostEngine: unknown }).__lostEngine;
          return app.manager.status.state === 'ready' && app.manager.engine !== lost;
        }),
      { timeout: 30_000 },
    )
    .toBe(true);
  return engineStatus(page);
}

/** Live and created GPU buffers and textures of the engine in use (GpuResources). */
export interface GpuCounts {
  readonly liveBuffers: number;
  readonly createdBuffers: number;
  readonly liveTextures: number;
  readonly createdTextures: number;
}

/** The engine's GpuResources counts; fails if the engine has no GPU. */
export function gpuCounts(page: Page): Promise<GpuCounts> {
  return page.evaluate(() => {
    const app = document.querySelector('scaling-sweep-app') as unknown as {
      manager: { engine?: { gpu?: { resources: { counts(): GpuCounts } } } };
    };
    const resources = app.manager.engine?.gpu?.resources;
    if (!resources) throw new Error('the engine in use has no GPU resources');
    return resources.counts();
  });
}

/** The heatmap canvas of the engine in use (the last one while engines change). */
export function heatmap(page: Page): Locator {
  return page.locator('canvas.heatmap').last();
}

/** Frames the Surface view has drawn so far (stamped on its canvas). */
export async function framesDrawn(page: Page): Promise<number> {
  return Number((await heatmap(page).getAttribute('data-frames')) ?? 0);
}

/** Waits for a frame after `after`, then for the overlay to settle. */
export async function waitForFrame(page: Page, after: number, timeout = 30_000): Promise<void> {
  await expect.poll(() => framesDrawn(page), { timeout }).toBeGreaterThan(after);
  await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
}

/**
 * Waits until the Surface view is idle: one canvas, and no new frame for `quietMs`.
 * Returns the frame count it settled on.
 */
export async function waitForIdle(page: Page, quietMs = 800, timeout = 60_000): Promise<number> {
  const end = Date.now() + timeout;
  let last = -1;
  let since = Date.now();
  while (Date.now() < end) {
    const canvases = await page.locator('canvas.heatmap').count();
    const frames = await framesDrawn(page);
    if (frames !== last || canvases !== 1) {
      last = frames;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) {
      return frames;
    }
    await page.waitForTimeout(100);
  }
  throw new Error(`the Surface view did not settle within ${timeout} ms`);
}

/** A page screenshot clipped to an element (element screenshots of a WebGPU canvas can stall). */
export async function shotOf(page: Page, locator: Locator): Promise<Buffer> {
  // A narrow layout can put the element below the fold; a clip must lie inside the viewport.
  await locator.scrollIntoViewIfNeeded();
  const box = await locator.boundingBox();
  if (!box) throw new Error('the element is not visible');
  return page.screenshot({ clip: box, animations: 'disabled', caret: 'hide' });
}

/** Screenshot of the Surface view's plot (heatmap and overlay). */
export function surfaceShot(page: Page): Promise<Buffer> {
  return shotOf(page, page.locator('[data-testid="surface-chart"]'));
}

/** Sets an input's value and fires `input` (and `change`) as a user edit would, in the page. */
export async function setValue(locator: Locator, value: string): Promise<void> {
  await locator.evaluate((el, v) => {
    const input = el as HTMLInputElement | HTMLSelectElement;
    input.value = v;
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    input.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
  }, value);
}

/** A small seeded PRNG (mulberry32): uniform floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Pixels whose colour differs by more than `threshold` in any channel between two PNGs. */
export function pixelsDiffering(a: Buffer, b: Buffer, threshold = 16): number {
  const x = decodePng(a);
  const y = decodePng(b);
  if (x.width !== y.width || x.height !== y.height)
    throw new Error(`sizes differ: ${x.width}x${x.height} against ${y.width}x${y.height}`);
  let n = 0;
  for (let i = 0; i < x.data.length; i += 4) {
    const d = Math.max(
      Math.abs(x.data[i]! - y.data[i]!),
      Math.abs(x.data[i + 1]! - y.data[i + 1]!),
      Math.abs(x.data[i + 2]! - y.data[i + 2]!),
    );
    if (d > threshold) n++;
  }
  return n;
}

/**
 * Opens `url` in a fresh context, waits for its first GPU frame to settle and, where `notice`
 * is given, shows it in the badge too (so the header, and with it the plot, has the same size
 * as on a page that showed it). Returns the page and a screenshot of its Surface plot.
 */
export async function freshSurface(
  app: AppSession,
  viewport: { width: number; height: number },
  url: string,
  notice?: string,
): Promise<{ page: Page; shot: Buffer; problems: string[] }> {
  const { page, problems } = await openApp(app, viewport, [], url);
  await waitForEngine(page, 'gpu');
  await waitForFrame(page, 0);
  if (notice)
    await page.evaluate((text) => {
      const app = document.querySelector('scaling-sweep-app') as unknown as {
        notices: { post(t: string): void };
      };
      app.notices.post(text);
    }, notice);
  await waitForIdle(page);
  await page.waitForTimeout(300);
  return { page, shot: await surfaceShot(page), problems };
}
