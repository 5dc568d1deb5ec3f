/**
 * End to end, the three fit methods on the built-in dataset, on both engines (the GPU one is
 * SwiftShader here): the method is chosen in the Fit options, each fit shows its rows and its
 * charts (Approach 3: predicted against observed and the isoFLOP profiles with the law's
 * profile; Approach 2: the profiles, N_opt and D_opt against C; compute-only: the profiles and
 * L*(C) against the minima), and the link carries the method and its choices.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { builtinCsv } from '../support/cli';
import { findScipyPython } from '../support/python.mjs';
import { withAppPage } from './app-page';

let page: Page;
let problems: string[] = [];

withAppPage({ width: 1440, height: 1100 }, (opened) => {
  ({ page, problems } = opened);
});

const byTest = (id: string) => page.locator(`[data-testid="${id}"]`);
const option = (key: string) => page.locator(`[data-option="${key}"]`);

async function fitAndWait(): Promise<void> {
  await byTest('fit').click();
  await expect.poll(() => byTest('fit-progress').count(), { timeout: 240_000 }).toBe(0);
  expect(await byTest('fit-error').count()).toBe(0);
  // The charts are drawn while their disclosure is open (it stays open across fits).
  await byTest('fit-diagnostics-toggle').waitFor({ timeout: 30_000 });
  const open = await byTest('fit-diagnostics').evaluate((d) => (d as HTMLDetailsElement).open);
  if (!open) await byTest('fit-diagnostics-toggle').click();
}

for (const engine of ['cpu', 'gpu'] as const) {
  test(`fits the built-in runs by all three methods on the ${engine.toUpperCase()} engine`, async () => {
    await byTest('engine-select').selectOption(engine);
    await expect
      .poll(() => byTest('engine-badge').textContent(), { timeout: 60_000 })
      .toMatch(engine === 'cpu' ? /CPU/ : /GPU/);
    await byTest('tab-fit').click();

    await option('method').selectOption('approach2');
    await option('tolerance').fill('5');
    await option('target').selectOption('log-loss');
    await option('bootstrap').fill('60');
    await fitAndWait();
    await expect.poll(() => byTest('method-rows').count(), { timeout: 30_000 }).toBe(1);
    expect(await byTest('method-rows').textContent()).toMatch(/interval\s*a\s*0\.\d+/);
    await expect.poll(() => byTest('isoflop-profiles').count()).toBe(1);
    expect(
      await page.locator('[data-testid="isoflop-profiles"] path.parabola').count(),
    ).toBeGreaterThan(2);
    expect(
      await page.locator('[data-testid="isoflop-profiles"] line.nopt-ci').count(),
    ).toBeGreaterThan(2);
    expect(await byTest('optimum-N').count()).toBe(1);
    expect(await byTest('optimum-D').count()).toBe(1);
    if (engine === 'cpu') {
      // The exported script reproduces the point fit from the same CSV with numpy and scipy.
      const [file] = await Promise.all([
        page.waitForEvent('download', { timeout: 60_000 }),
        byTest('export-python').locator('button[data-action="python"]').click(),
      ]);
      const { dir, csvPath } = builtinCsv('fit-methods-python-');
      const script = join(dir, 'fit.py');
      await file.saveAs(script);
      expect(readFileSync(script, 'utf8')).toMatch(/import scipy|from scipy/);
      const python = findScipyPython();
      if (!python) throw new Error('this test needs python3 with numpy and scipy');
      const out = execFileSync(python, [script, csvPath], { encoding: 'utf8', timeout: 120_000 });
      const last = JSON.parse(out.trim().split('\n').at(-1)!);
      const shown = (await byTest('method-rows').textContent())!.match(
        /interval\s*a\s*(0\.\d+)/,
      )![1]!;
      expect(Number(last.params.a).toPrecision(4)).toBe(Number(shown).toPrecision(4));
    }
    const link = new URL(page.url());
    expect(link.searchParams.get('method')).toBe('approach2');
    expect(link.searchParams.get('a2y')).toBe('log-loss');

    await option('method').selectOption('compute-only');
    await fitAndWait();
    await expect
      .poll(() => byTest('method-result').getAttribute('aria-label'), { timeout: 30_000 })
      .toMatch(/compute-only|L\*\(C\)/i);
    await expect.poll(() => byTest('predicted-observed').count()).toBe(1);
    expect(await byTest('isoflop-profiles').count()).toBe(1);

    await option('method').selectOption('approach3');
    await option('bootstrap').fill('40');
    await option('overPenalty').fill('2');
    await fitAndWait();
    await expect.poll(() => byTest('fit-result').count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => byTest('predicted-observed').count()).toBe(1);
    expect(await page.locator('[data-testid="predicted-observed"] circle').count()).toBeGreaterThan(
      100,
    );
    await expect.poll(() => byTest('isoflop-profiles').count(), { timeout: 30_000 }).toBe(1);
    expect(new URL(page.url()).searchParams.get('over')).toBe('2');
    // Back to the defaults, the link drops the choice.
    await option('overPenalty').fill('1');
    await expect.poll(() => new URL(page.url()).searchParams.has('over')).toBe(false);
    // The Frontier draws Approach 2's allocation and band beside the Approach-3 fit's bands.
    await byTest('tab-frontier').click();
    await expect.poll(() => byTest('approach2-line').count(), { timeout: 30_000 }).toBe(3);
    expect(await byTest('approach2-band').count()).toBe(3);
    expect(await byTest('approach2-legend').textContent()).toMatch(
      /N_opt = [\d.e+-]+ C\^0\.\d+, 95% band over 60 replicas/,
    );
    await byTest('tab-fit').click();
    expect(problems).toEqual([]);
  }, 600_000);
}
