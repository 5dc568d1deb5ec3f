/**
 * End to end, races: inputs that change while frames and jobs are in flight must never let a
 * stale result overwrite a newer one.
 * - 500 seeded random input changes (law sliders and fields, presets, grid resolution and
 *   ranges, colour mode, view switches) at random intervals of 0-30 ms; once idle, the Surface
 *   picture must equal the one a fresh page draws from the same link (the app keeps the state in
 *   the URL), and the controls must show the same values.
 * - Cancel followed at once by Fit: the new fit completes and the cancelled one never lands.
 * - Cancel followed at once by Run on a sweep: the new sweep completes.
 */
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { withApp } from './app-page';
import {
  byTest,
  freshSurface,
  pixelsDiffering,
  surfaceShot,
  waitForEngine,
  waitForFrame,
  waitForIdle,
} from './fault-kit';
import { type AppSession, gpuUrl, imageStats, openApp } from './harness';

const VIEWPORT = { width: 1440, height: 1000 };
const SEED = Number(process.env.RACE_SEED ?? 20_240_607);
const CHANGES = 500;
/** See faults.e2e.test.ts: a few anti-aliased overlay pixels may differ between renderings. */
const MAX_DIFFERING_PIXELS = 100;

let app: AppSession;

withApp((started) => {
  app = started;
});

/** What the Surface controls show: law fields, resolution, ranges and colour mode. */
async function controls(page: Page): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of [
    'E',
    'A',
    'B',
    'alpha',
    'beta',
    'log10NMin',
    'log10NMax',
    'log10DMin',
    'log10DMax',
  ])
    out[f] = await page.locator(`input[data-field="${f}"]`).inputValue();
  out.resolution = await byTest(page, 'resolution').inputValue();
  out.preset = await byTest(page, 'preset').inputValue();
  out.colour =
    (await page.locator('colour-toggle button[aria-pressed="true"]').getAttribute('data-mode')) ??
    '';
  return out;
}

/** Waits until the address bar stops changing (transient edits are written after a pause). */
async function settledUrl(page: Page): Promise<string> {
  let last = page.url();
  for (let i = 0; i < 50; i++) {
    await page.waitForTimeout(200);
    const now = page.url();
    if (now === last) return now;
    last = now;
  }
  throw new Error('the address bar kept changing');
}

test(`${CHANGES} random input changes at 0-30 ms: the final picture equals a fresh page's (seed ${SEED})`, async () => {
  const { page, problems } = await openApp(app, VIEWPORT, [], gpuUrl(app));
  await waitForEngine(page, 'gpu');
  await waitForFrame(page, 0);
  const made = await page.evaluate(
    async ({ seed, changes }) => {
      let a = seed >>> 0;
      const random = () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      };
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
      const between = (lo: number, hi: number) => lo + random() * (hi - lo);
      const app = document.querySelector('scaling-sweep-app')!.shadowRoot!;
      const part = (tag: string) => app.querySelector(tag)!.shadowRoot!;
      const edit = (el: HTMLInputElement | HTMLSelectElement, value: string, type = 'input') => {
        el.value = value;
        el.dispatchEvent(new Event(type, { bubbles: true, composed: true }));
      };
      const fields = ['E', 'A', 'B', 'alpha', 'beta'];
      const typed: Record<string, () => string> = {
        E: () => between(1.5, 2).toFixed(3),
        A: () => between(100, 1000).toFixed(1),
        B: () => between(100, 3000).toFixed(1),
        alpha: () => between(0.2, 0.6).toFixed(4),
        beta: () => between(0.2, 0.6).toFixed(4),
      };
      const ranges: Record<string, () => string> = {
        log10NMin: () => between(6, 9).toFixed(1),
        log10NMax: () => between(11, 14).toFixed(1),
        log10DMin: () => between(7, 10).toFixed(1),
        log10DMax: () => between(12, 15).toFixed(1),
      };
      const actions: Record<string, () => void> = {
        slider: () => {
          const s = part('law-controls').querySelector<HTMLInputElement>(
            `input[data-slider="${pick(fields)}"]`,
          )!;
          const steps = Math.round((Number(s.max) - Number(s.min)) / Number(s.step));
          edit(s, String(Number(s.min) + Math.floor(random() * (steps + 1)) * Number(s.step)));
        },
        field: () => {
          const f = pick(fields);
          edit(
            part('law-controls').querySelector<HTMLInputElement>(`input[data-field="${f}"]`)!,
            typed[f]!(),
          );
        },
        preset: () => {
          const s = part('law-controls').querySelector<HTMLSelectElement>(
            'select[data-testid="preset"]',
          )!;
          const ids = [...s.options].filter((o) => !o.disabled).map((o) => o.value);
          edit(s, pick(ids), 'change');
        },
        resolution: () =>
          edit(
            part('grid-controls').querySelector<HTMLSelectElement>(
              'select[data-testid="resolution"]',
            )!,
            pick(['256', '512', '1024', '2048']),
            'change',
          ),
        range: () => {
          const key = pick(Object.keys(ranges));
          edit(
            part('grid-controls').querySelector<HTMLInputElement>(`input[data-field="${key}"]`)!,
            ranges[key]!(),
          );
        },
        colour: () => pick([...part('colour-toggle').querySelectorAll('button')]).click(),
        view: () => pick([...app.querySelectorAll<HTMLButtonElement>('nav [role="tab"]')]).click(),
      };
      const kinds = Object.keys(actions);
      const counts: Record<string, number> = {};
      for (let i = 0; i < changes; i++) {
        const kind = pick(kinds);
        actions[kind]!();
        counts[kind] = (counts[kind] ?? 0) + 1;
        await new Promise((r) => setTimeout(r, random() * 30));
      }
      app.querySelector<HTMLButtonElement>('[data-testid="tab-surface"]')!.click();
      return counts;
    },
    { seed: SEED, changes: CHANGES },
  );
  expect(Object.values(made).reduce((s, n) => s + n, 0)).toBe(CHANGES);
  expect(Object.keys(made).length).toBe(7);
  await waitForIdle(page, 1_000, 90_000);
  const url = await settledUrl(page);
  await waitForIdle(page, 500);
  const mine = await controls(page);
  const shot = await surfaceShot(page);
  expect(imageStats(shot).distinctColours).toBeGreaterThan(20);
  expect(await page.locator('.draw-error').count()).toBe(0);
  expect(await page.locator('[role="alert"]').count()).toBe(0);

  const fresh = await freshSurface(app, VIEWPORT, url);
  expect(await controls(fresh.page)).toEqual(mine);
  expect(pixelsDiffering(shot, fresh.shot)).toBeLessThan(MAX_DIFFERING_PIXELS);
  expect(problems).toEqual([]);
  expect(fresh.problems).toEqual([]);
  await fresh.page.context().close();
  await page.context().close();
});

test('Cancel then Fit at once: the new fit completes and the cancelled one never lands', async () => {
  const { page, problems } = await openApp(app, VIEWPORT, [], gpuUrl(app));
  await waitForEngine(page, 'gpu');
  await byTest(page, 'tab-fit').click();
  const bootstrap = page.locator('input[data-option="bootstrap"]');
  await bootstrap.fill('3000');
  await byTest(page, 'fit').click();
  await byTest(page, 'fit-progress').waitFor({ timeout: 10_000 });
  // The options can change while a fit runs; the next fit takes them.
  await bootstrap.fill('100');
  await page.evaluate(async () => {
    type Lit = HTMLElement & { updateComplete: Promise<boolean> };
    const app = document.querySelector('scaling-sweep-app') as unknown as Lit;
    const view = app.shadowRoot!.querySelector('fit-view') as unknown as Lit;
    const controls = view.shadowRoot!.querySelector('fit-controls') as unknown as Lit;
    const button = (id: string) =>
      controls.shadowRoot!.querySelector<HTMLButtonElement>(`[data-testid="${id}"]`)!;
    button('fit-cancel').click();
    // The first moment a person could press Fit: the app and its views have rendered once.
    for (const el of [app, view, controls]) await el.updateComplete;
    if (button('fit').disabled) throw new Error('Fit is still disabled after Cancel');
    button('fit').click();
  });
  await byTest(page, 'fit-result').waitFor({ timeout: 90_000 });
  await expect.poll(() => byTest(page, 'fit-progress').count(), { timeout: 90_000 }).toBe(0);
  const diagnostics = byTest(page, 'diagnostics');
  expect(await diagnostics.textContent()).toMatch(/Replicas converged\s*\d+ \/ 100\b/);
  expect(await byTest(page, 'fit-error').count()).toBe(0);
  expect(await byTest(page, 'fit-notice').count()).toBe(0);
  // Long enough for the cancelled 3,000-replica fit to have finished had it kept running.
  await page.waitForTimeout(3_000);
  expect(await diagnostics.textContent()).toMatch(/\/ 100\b/);
  expect(await byTest(page, 'fit-active').count()).toBe(1);
  expect(problems).toEqual([]);
  await page.context().close();
});

test('Cancel then Run at once on a sweep: the new sweep completes', async () => {
  const { page, problems } = await openApp(app, VIEWPORT, [], gpuUrl(app));
  await waitForEngine(page, 'gpu');
  await byTest(page, 'tab-sweep').click();
  for (const axis of ['x', 'y']) await byTest(page, `sweep-count-${axis}`).fill('512');
  await byTest(page, 'sweep-run').click();
  await byTest(page, 'sweep-progress').waitFor({ timeout: 10_000 });
  await page.evaluate(async () => {
    type Lit = HTMLElement & { updateComplete: Promise<boolean> };
    const app = document.querySelector('scaling-sweep-app') as unknown as Lit;
    const view = app.shadowRoot!.querySelector('sweep-view') as unknown as Lit;
    const button = (id: string) =>
      view.shadowRoot!.querySelector<HTMLButtonElement>(`[data-testid="${id}"]`);
    button('sweep-cancel')!.click();
    for (const el of [app, view]) await el.updateComplete;
    const run = button('sweep-run')!;
    if (run.disabled) throw new Error('Run is still disabled after Cancel');
    run.click();
  });
  await expect.poll(() => byTest(page, 'sweep-done').count(), { timeout: 90_000 }).toBe(1);
  expect(await byTest(page, 'sweep-done').textContent()).toMatch(/262K cells/);
  expect(await byTest(page, 'sweep-error').count()).toBe(0);
  expect(await byTest(page, 'sweep-notice').count()).toBe(0);
  expect(problems).toEqual([]);
  await page.context().close();
});
