/**
 * End to end, the Frontier view: open it, see the four panels and the readout table, read every
 * curve at a budget by hovering a panel or with its keys, plan a budget in the scenario planner
 * and read N, D and loss, enter an MFU outside (0, 1] and see the hardware helper's message
 * while the last good plan stays, all with no console errors.
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

test('the Frontier tab shows four panels, the rules and the readout', async () => {
  await byTest('tab-frontier').click();
  expect(await byTest('tab-frontier').getAttribute('aria-selected')).toBe('true');
  for (const q of ['N', 'D', 'tokensPerParam', 'loss']) {
    await byTest(`frontier-panel-${q}`).waitFor({ state: 'visible', timeout: 10_000 });
    expect(await page.locator(`[data-testid="frontier-panel-${q}"] path`).count()).toBeGreaterThan(
      0,
    );
  }
  const rows = page.locator('[data-testid="frontier-readout"] tbody tr');
  expect(await rows.count()).toBe(3);
  expect(await rows.first().textContent()).toMatch(/1e21/);
  expect(await byTest('frontier-sources').textContent()).toMatch(/Kaplan et al\. 2020/);
  await byTest('overlay-besiroglu2024').check();
  expect(await byTest('frontier-sources').textContent()).toMatch(/Besiroglu et al\. 2024/);
  await byTest('show-models').check();
  expect(await byTest('frontier-sources').textContent()).toMatch(/Chinchilla 70B/);
});

test('hovering a panel reads every drawn curve at that C; keys move the readout', async () => {
  const panel = page.locator('[data-testid="frontier-panel-N"] svg');
  const box = (await panel.boundingBox())!;
  const hover = byTest('frontier-hover');
  expect(await hover.getAttribute('data-c')).toBeNull();
  await page.mouse.move(box.x + box.width * 0.55, box.y + box.height * 0.5);
  await expect.poll(() => hover.getAttribute('data-c')).not.toBeNull();
  const C = Number(await hover.getAttribute('data-c'));
  expect(C).toBeGreaterThan(1e18);
  expect(C).toBeLessThan(1e28);
  expect(await page.locator('[data-testid="hover-line"]').count()).toBe(4);
  const rows = hover.locator('tbody tr');
  expect(await rows.first().textContent()).toMatch(/active law[\s\S]*\d(\.\d+)?[MBT]/);
  expect(await hover.textContent()).toMatch(/Besiroglu et al\. 2024/);
  // No fit here: nothing is shaded as extrapolation.
  expect(await byTest('extrapolation').count()).toBe(0);
  await panel.focus();
  await page.keyboard.press('End');
  await expect.poll(() => hover.getAttribute('data-c')).toBe('1e+28');
  await page.keyboard.press('Shift+ArrowLeft');
  await expect.poll(async () => Number(await hover.getAttribute('data-c'))).toBeCloseTo(1e27, -20);
  await page.keyboard.press('Escape');
  await expect.poll(() => hover.getAttribute('data-c')).toBeNull();
});

test('the planner recommends N, D and loss for a budget, and names a bad MFU', async () => {
  await byTest('planner-flops').fill('5.88e23');
  await byTest('planner-flops').press('Enter');
  await byTest('planner-flops').blur();
  await expect.poll(() => byTest('plan-N').textContent()).toMatch(/^\d+(\.\d+)?B$/);
  const N = await byTest('plan-N').textContent();
  expect(await byTest('plan-D').textContent()).toMatch(/T$|B$/);
  expect(Number(await byTest('plan-loss').textContent())).toBeGreaterThan(1.69);
  expect(await byTest('plan-penalty').textContent()).toMatch(/more compute/);
  await byTest('planner-mfu').fill('1.5');
  await byTest('planner-mfu').blur();
  await expect
    .poll(() => byTest('planner-error').textContent())
    .toMatch(/MFU must be in \(0, 1\], got 1\.5/);
  expect(await byTest('plan-N').textContent()).toBe(N);
  await byTest('planner-flops').fill('0');
  await byTest('planner-mfu').fill('0.4');
  await byTest('planner-mfu').blur();
  await expect
    .poll(() => byTest('planner-error').textContent())
    .toMatch(/budget C must be positive, got 0/);
  expect(problems).toEqual([]);
});
