/**
 * End to end: the Sweep view in headless Chromium on the engine in use (GPU on SwiftShader).
 * Live sweeps: changing an input redraws the heatmap with no Run press, a coarse 64 x 64 pass
 * first and then the full grid; a grid whose estimate is over the budget keeps its coarse
 * preview and shows Run with the estimate. Also: a bad axis shows its message; hovering reads a
 * cell out; no console errors.
 */
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { withAppPage } from './app-page';
import { byTest, shotOf } from './fault-kit';
import { imageStats } from './harness';

let page: Page;
let problems: string[] = [];

withAppPage({ width: 1440, height: 1000 }, (opened) => {
  ({ page, problems } = opened);
});

/** The canvas's pass, cells and staleness, as "full:64x64" (with ":stale" when dimmed). */
async function canvasState(): Promise<string | null> {
  const canvas = byTest(page, 'sweep-canvas');
  if ((await canvas.count()) === 0) return null;
  const [pass, cells, stale] = await Promise.all(
    ['data-pass', 'data-cells', 'data-stale'].map((a) => canvas.getAttribute(a)),
  );
  return `${pass}:${cells}${stale === 'true' ? ':stale' : ''}`;
}

/** Starts recording every state the canvas takes, in order (a MutationObserver in the page). */
function recordCanvas(): Promise<void> {
  return page.evaluate(() => {
    const root = document
      .querySelector('scaling-sweep-app')!
      .shadowRoot!.querySelector('sweep-view')!.shadowRoot!;
    const seen: string[] = [];
    const note = () => {
      const c = root.querySelector<HTMLCanvasElement>('[data-testid="sweep-canvas"]');
      const s = c
        ? `${c.dataset.pass}:${c.dataset.cells}${c.dataset.stale === 'true' ? ':stale' : ''}`
        : 'none';
      if (seen.at(-1) !== s) seen.push(s);
    };
    const w = window as unknown as { sweepSeen: string[]; sweepObserver?: MutationObserver };
    w.sweepObserver?.disconnect();
    w.sweepSeen = seen;
    w.sweepObserver = new MutationObserver(note);
    w.sweepObserver.observe(root, { subtree: true, childList: true, attributes: true });
  });
}

function recorded(): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { sweepSeen: string[] }).sweepSeen);
}

/** Every click on the Run button from now on, counted in the page. */
function countRunClicks(): Promise<void> {
  return page.evaluate(() => {
    const w = window as unknown as { runClicks: number };
    w.runClicks = 0;
    document.addEventListener(
      'click',
      (e) => {
        const t = e.composedPath()[0] as HTMLElement | undefined;
        if (t?.closest?.('[data-testid="sweep-run"]')) w.runClicks++;
      },
      true,
    );
  });
}

test('changing an input draws a 64 x 64 data-constrained sweep of C x U without pressing Run', async () => {
  const badge = page.locator('[data-testid="engine-badge"]');
  await expect.poll(() => badge.textContent(), { timeout: 30_000 }).toMatch(/GPU|CPU/);
  await countRunClicks();
  await byTest(page, 'tab-sweep').click();
  await expect.poll(() => byTest(page, 'sweep-kind').textContent()).toMatch(/data-constrained/i);
  for (const axis of ['x', 'y']) await byTest(page, `sweep-count-${axis}`).fill('64');
  await expect.poll(canvasState, { timeout: 60_000 }).toBe('full:64x64');
  await expect.poll(() => byTest(page, 'sweep-done').count(), { timeout: 60_000 }).toBe(1);
  expect(await byTest(page, 'sweep-done').textContent()).toMatch(/^4\.1K cells in .* on (GPU|CPU)/);
  const stats = imageStats(await shotOf(page, byTest(page, 'sweep-canvas')));
  expect(stats.distinctColours).toBeGreaterThan(20);
  expect(await page.evaluate(() => (window as unknown as { runClicks: number }).runClicks)).toBe(0);
});

test('a change redraws coarse first (64 x 64), then the full grid; the old picture is only dimmed meanwhile', async () => {
  for (const axis of ['x', 'y']) await byTest(page, `sweep-count-${axis}`).fill('128');
  await expect.poll(canvasState, { timeout: 60_000 }).toBe('full:128x128');
  await recordCanvas();
  await byTest(page, 'sweep-max-x').fill('1e25');
  await expect.poll(() => byTest(page, 'sweep-done').count(), { timeout: 60_000 }).toBe(1);
  await expect.poll(canvasState, { timeout: 60_000 }).toBe('full:128x128');
  const seen = (await recorded()).filter((s) => s !== 'full:128x128');
  // The old grid (dimmed) until the coarse pass of the new inputs, then the full grid: the
  // canvas is never removed and no state comes back after a newer one.
  expect(seen).not.toContain('none');
  const coarse = seen.indexOf('coarse:64x64');
  expect(coarse).toBeGreaterThanOrEqual(0);
  expect(seen.slice(0, coarse).every((s) => s.endsWith(':stale'))).toBe(true);
  expect(seen.slice(coarse + 1)).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { runClicks: number }).runClicks)).toBe(0);
});

test('hovering a cell reads its optimum out', async () => {
  await byTest(page, 'sweep-hit').hover({ position: { x: 200, y: 150 } });
  await expect.poll(() => byTest(page, 'sweep-readout').textContent()).toMatch(/N/);
});

test('the heatmap labels its contours and titles its axes with units', async () => {
  await expect.poll(() => page.locator('sweep-view .contour-label').count()).toBeGreaterThan(0);
  const labels = await page.locator('sweep-view .contour-label').allTextContents();
  expect(labels.every((t) => t.trim().length > 0)).toBe(true);
  const titles = await page.locator('sweep-view .axis .title').allTextContents();
  expect(titles).toEqual(['Budget C (FLOPs)', 'Unique tokens U']);
});

test('a grid whose estimate is over a second keeps its coarse preview and shows Run with the estimate', async () => {
  // A slow engine (every band waits 0.5 s) so that the estimate is well over a second on any
  // machine, a real GPU included; on another scenario kind (C x D_inf), whose times are kept
  // apart from those measured above.
  await page.evaluate(() => {
    const app = document.querySelector('scaling-sweep-app') as unknown as {
      manager: { engine: Record<string, unknown>; engineFor?: (k: string) => unknown };
    };
    type Sweep = (...a: unknown[]) => Promise<unknown>;
    // An own property over the prototype's method; deleting it restores the engine.
    const engine = (app.manager.engineFor?.('sweep') ?? app.manager.engine) as { sweep?: Sweep };
    const sweep = (engine.sweep as Sweep).bind(engine);
    engine.sweep = async (...a: unknown[]) => {
      await new Promise((r) => setTimeout(r, 500));
      return sweep(...a);
    };
    (window as unknown as { restoreSweep: () => void }).restoreSweep = () => {
      delete engine.sweep;
    };
  });
  await byTest(page, 'sweep-field-y').selectOption('Dinf');
  await expect.poll(() => byTest(page, 'sweep-kind').textContent()).toMatch(/inference/i);
  for (const axis of ['x', 'y']) await byTest(page, `sweep-count-${axis}`).fill('1024');
  // The coarse pass, and a second warm probe at 128 x 128 where the first run was cold.
  await expect
    .poll(() => byTest(page, 'sweep-coarse').textContent(), { timeout: 60_000 })
    .toMatch(/Coarse preview, (64 × 64|128 × 128) cells: press Run for the full grid/);
  expect(await canvasState()).toMatch(/^coarse:(64x64|128x128)$/);
  const run = byTest(page, 'sweep-run');
  expect(await run.isEnabled()).toBe(true);
  expect(await run.textContent()).toMatch(
    /Run 1\.05M cells · ~\d[\d.]* (s|min).* on the (GPU|CPU)/,
  );
  expect(await byTest(page, 'sweep-done').count()).toBe(0);
  expect(await byTest(page, 'sweep-progress').count()).toBe(0);
  await page.evaluate(() => (window as unknown as { restoreSweep: () => void }).restoreSweep());
  // Back to C x U on a small grid: it runs by itself again.
  await byTest(page, 'sweep-field-y').selectOption('U');
  for (const axis of ['x', 'y']) await byTest(page, `sweep-count-${axis}`).fill('64');
  await expect.poll(canvasState, { timeout: 60_000 }).toBe('full:64x64');
  expect(await page.evaluate(() => (window as unknown as { runClicks: number }).runClicks)).toBe(0);
});

test('an inverted axis range shows a message', async () => {
  const min = byTest(page, 'sweep-min-x');
  const max = byTest(page, 'sweep-max-x');
  const old = await min.inputValue();
  await min.fill(await max.inputValue());
  await max.fill(old);
  await expect.poll(() => byTest(page, 'sweep-axis-issue').count()).toBeGreaterThan(0);
  expect(await byTest(page, 'sweep-axis-issue').first().textContent()).toMatch(/inverted/);
});

test('no console errors or page errors during the run', () => {
  expect(problems).toEqual([]);
});
