/**
 * End to end, the identifiability map of an Approach-3 fit: fit the built-in runs with a small
 * bootstrap, open the diagnostics, map alpha and beta on a 32 x 32 grid on the engine fits use
 * (under auto on SwiftShader, the CPU), and read the map, its basins and its plain-language
 * reading; start a 64 x 64 map, see its coarse 32 x 32 stage drawn and labelled, cancel, and
 * find the coarse map kept; then switch to the GPU engine and map again there, where the larger
 * sides are offered. No console errors.
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
const option = (side: number) => byTest('identifiability-size').locator(`option[value="${side}"]`);

/** The map's stage, side and engine, as one string ('final 32 cpu'). */
const drawn = async () => {
  const map = byTest('identifiability-map');
  if ((await map.count()) === 0) return 'none';
  const at = (name: string) => map.getAttribute(name);
  return `${await at('data-stage')} ${await at('data-side')} ${await at('data-engine')}`;
};

/** Maps at `side` and waits for the finished map (not its coarse stage) on `engine`. */
async function mapAt(side: number, engine: RegExp): Promise<void> {
  await byTest('identifiability-size').selectOption(String(side));
  await byTest('identifiability-run').click();
  await expect
    .poll(drawn, { timeout: 150_000 })
    .toMatch(new RegExp(`^final ${side} ${engine.source}$`));
  await expect.poll(() => byTest('identifiability-run').isDisabled()).toBe(false);
}

async function expectBasinsDrawn(): Promise<void> {
  expect(
    await byTest('identifiability-basins').locator('circle[data-count]').count(),
  ).toBeGreaterThan(0);
  expect(await byTest('identifiability-basin-legend').textContent()).toMatch(
    /\d+ of \d+ starts converged into \d+ cells? of the grid; the most visited/,
  );
}

test('maps alpha and beta of a fit of the built-in runs, with basins, and reads the region', async () => {
  await byTest('tab-fit').click();
  await page.locator('input[data-option="bootstrap"]').fill('30');
  await byTest('fit').click();
  await byTest('fit-result').waitFor({ timeout: 120_000 });
  await byTest('fit-diagnostics-toggle').click();
  await mapAt(32, /(cpu|gpu)/);
  await expect
    .poll(() => byTest('identifiability-reading').textContent(), { timeout: 120_000 })
    .toMatch(/identified|fix/);
  expect(await byTest('identifiability-map').count()).toBe(1);
  expect(await byTest('identifiability-map').locator('image').count()).toBe(1);
  await expectBasinsDrawn();
  const engine = await byTest('identifiability-map').getAttribute('data-engine');
  expect(engine).toMatch(/^(cpu|gpu)$/);
  expect(await byTest('identifiability-engine').textContent()).toMatch(
    engine === 'gpu' ? /GPU engine/ : /CPU engine/,
  );
  if (engine === 'cpu') {
    expect(await option(256).isDisabled()).toBe(true);
    expect(await option(512).getAttribute('title')).toMatch(/GPU engine only/);
  }
  expect(problems).toEqual([]);
}, 300_000);

test('draws the coarse stage first and keeps it on Cancel', async () => {
  await byTest('identifiability-size').selectOption('64');
  await byTest('identifiability-run').click();
  await byTest('identifiability-coarse').waitFor({ timeout: 120_000 });
  expect(await byTest('identifiability-map').getAttribute('data-stage')).toBe('coarse');
  expect(await byTest('identifiability-map').getAttribute('data-side')).toBe('32');
  expect(await byTest('identifiability-basins').count()).toBe(0);
  const cancel = byTest('identifiability-cancel');
  if (await cancel.isVisible()) {
    await cancel.click();
    await expect
      .poll(() => byTest('identifiability-coarse').textContent(), { timeout: 30_000 })
      .toMatch(/did not finish/);
    expect(await byTest('identifiability-map').getAttribute('data-side')).toBe('32');
  } else {
    // The 64 x 64 map finished before Cancel could be pressed: it replaced the coarse stage.
    await expect.poll(drawn, { timeout: 150_000 }).toMatch(/^final 64 /);
  }
  expect(problems).toEqual([]);
}, 300_000);

test('maps on the GPU engine and reports it', async () => {
  await byTest('engine-select').selectOption('gpu');
  await expect.poll(() => byTest('engine-badge').textContent(), { timeout: 60_000 }).toMatch(/GPU/);
  await expect.poll(() => option(512).isDisabled(), { timeout: 30_000 }).toBe(false);
  await mapAt(32, /gpu/);
  expect(await byTest('identifiability-engine').textContent()).toMatch(/GPU engine/);
  await expectBasinsDrawn();
  expect(problems).toEqual([]);
}, 300_000);
