/**
 * End to end, the colour map: in the system Chromium (WebGPU on SwiftShader), the labelled
 * "Colour map" select chooses cividis by keyboard; the heatmap is redrawn from cividis's table
 * (pixels matched against the LUTs), the legend names it, the link carries `cmap=cividis` and a
 * reload restores it; the Sweep view draws in the same map and follows a change; the surface SVG
 * export names the map in its title; no console errors.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { type ColourMapName, colourMapLut } from '../../src/colour/colour-maps';
import { withAppPage } from './app-page';
import * as kit from './fault-kit';
import { decodePng } from './harness';

let page: Page;
let problems: string[] = [];

withAppPage({ width: 1280, height: 900 }, (opened) => {
  ({ page, problems } = opened);
});

const byTest = (id: string) => page.locator(`[data-testid="${id}"]`);
// fault-kit's heatmap helpers, on this file's page.
const framesDrawn = () => kit.framesDrawn(page);
const waitForFrame = (after: number) => kit.waitForFrame(page, after);
const shotOf = (selector: string) => kit.shotOf(page, page.locator(selector).last());
const mapSelect = () => page.getByRole('combobox', { name: 'Colour map' });

/**
 * Share of the picture's pixels (every 5th) within 2 per channel of an entry of `map`'s LUT.
 * Contour and isoFLOP lines drawn over the heatmap are the pixels that match neither map.
 */
function shareOf(png: Buffer, map: ColourMapName): number {
  const { data } = decodePng(png);
  const lut = colourMapLut(map);
  let near = 0;
  let seen = 0;
  for (let p = 0; p < data.length; p += 20) {
    seen++;
    for (let k = 0; k < lut.length; k += 4) {
      if (
        Math.abs(data[p]! - lut[k]!) <= 2 &&
        Math.abs(data[p + 1]! - lut[k + 1]!) <= 2 &&
        Math.abs(data[p + 2]! - lut[k + 2]!) <= 2
      ) {
        near++;
        break;
      }
    }
  }
  return near / seen;
}

async function legendMap(testId: string): Promise<{ map: string | null; text: string }> {
  const legend = byTest(testId);
  return { map: await legend.getAttribute('data-map'), text: (await legend.textContent()) ?? '' };
}

let viridisShot: Buffer;

test('opens on viridis: the select, the legend and the heatmap agree', async () => {
  await expect.poll(() => byTest('engine-badge').textContent(), { timeout: 30_000 }).toMatch(/GPU/);
  await waitForFrame(0);
  expect(await mapSelect().inputValue()).toBe('viridis');
  expect(await byTest('colour-map').inputValue()).toBe('viridis');
  expect(await legendMap('legend')).toMatchObject({ map: 'viridis' });
  expect((await legendMap('legend')).text).toContain('viridis');
  viridisShot = await shotOf('canvas.heatmap');
  expect(shareOf(viridisShot, 'viridis')).toBeGreaterThan(0.8);
  expect(shareOf(viridisShot, 'cividis')).toBeLessThan(0.2);
  expect(page.url()).not.toContain('cmap=');
});

test('choosing cividis by keyboard redraws the heatmap, the legend and the link', async () => {
  const frames = await framesDrawn();
  const select = mapSelect();
  await select.focus();
  const ring = await select.evaluate((el) => {
    const cs = getComputedStyle(el);
    return { style: cs.outlineStyle, width: Number.parseFloat(cs.outlineWidth) };
  });
  expect(ring.style).not.toBe('none');
  expect(ring.width).toBeGreaterThan(0);
  await page.keyboard.press('ArrowDown');
  await expect.poll(() => select.inputValue()).toBe('cividis');
  await waitForFrame(frames);
  const shot = await shotOf('canvas.heatmap');
  expect(shot.equals(viridisShot)).toBe(false);
  expect(shareOf(shot, 'cividis')).toBeGreaterThan(0.8);
  expect(shareOf(shot, 'viridis')).toBeLessThan(0.2);
  await expect.poll(() => legendMap('legend')).toMatchObject({ map: 'cividis' });
  expect((await legendMap('legend')).text).toContain('cividis');
  const lut = colourMapLut('cividis');
  expect(await byTest('legend').locator('stop').first().getAttribute('stop-color')).toBe(
    `rgb(${lut[0]}, ${lut[1]}, ${lut[2]})`,
  );
  await expect.poll(() => page.url(), { timeout: 10_000 }).toContain('cmap=cividis');
});

test('reloading the link restores cividis', async () => {
  const url = page.url();
  expect(url).toContain('cmap=cividis');
  await page.reload();
  await expect.poll(() => byTest('engine-badge').textContent(), { timeout: 30_000 }).toMatch(/GPU/);
  await waitForFrame(0);
  expect(await mapSelect().inputValue()).toBe('cividis');
  expect(await legendMap('legend')).toMatchObject({ map: 'cividis' });
  expect(shareOf(await shotOf('canvas.heatmap'), 'cividis')).toBeGreaterThan(0.8);
  expect(page.url()).toBe(url);
});

test('the surface SVG export names the colour map', async () => {
  const [file] = await Promise.all([
    page.waitForEvent('download', { timeout: 120_000 }),
    byTest('export-surface').locator('button[data-action="svg"]').click(),
  ]);
  const svg = readFileSync(await file.path(), 'utf8');
  expect(svg).toMatch(
    /<title>Loss surface [^<]*cividis colour map \(Nuñez, Anderton &amp; Renslow 2018/,
  );
  expect(svg).toMatch(/>cividis<\/text>/);
});

test('the Sweep view draws in the chosen map and follows a change', async () => {
  await byTest('tab-sweep').click();
  for (const axis of ['x', 'y']) await byTest(`sweep-count-${axis}`).fill('32');
  await byTest('sweep-run').click();
  await expect.poll(() => byTest('sweep-done').count(), { timeout: 60_000 }).toBe(1);
  await expect.poll(() => legendMap('sweep-legend')).toMatchObject({ map: 'cividis' });
  expect((await legendMap('sweep-legend')).text).toContain('cividis');
  const cividis = await shotOf('[data-testid="sweep-canvas"]');
  expect(shareOf(cividis, 'cividis')).toBeGreaterThan(0.5);

  await byTest('tab-surface').click();
  await mapSelect().selectOption('magma');
  await expect.poll(() => page.url(), { timeout: 10_000 }).toContain('cmap=magma');
  await byTest('tab-sweep').click();
  await expect.poll(() => legendMap('sweep-legend')).toMatchObject({ map: 'magma' });
  await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
  const magma = await shotOf('[data-testid="sweep-canvas"]');
  expect(magma.equals(cividis)).toBe(false);
  expect(shareOf(magma, 'magma')).toBeGreaterThan(0.5);
  expect(shareOf(magma, 'cividis')).toBeLessThan(0.2);
});

test('no console errors', () => {
  expect(problems).toEqual([]);
});
