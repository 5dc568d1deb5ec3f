/**
 * End to end, work that survives a reload (the workspace, in IndexedDB). On one page: a
 * 4,000-replica fit of the built-in sweep on the CPU workers is saved and listed in the Workspace
 * panel; after a reload the Fit view shows the same fit, with the same numbers, said to be
 * restored, and no fit job ran (the app's job counter stays at 0). A CSV over 2 MB, too large
 * for a history entry, comes back after a reload: the address names it by hash only, as a link
 * without its data does, and the workspace supplies it. The saved fit opens from the panel. Then
 * an init script makes `indexedDB.open` throw (as blocked site storage does): after a reload the
 * notice shows once and the app fits in memory.
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
/** The app's address with `query`. */
const at = (query: string) => `${new URL(page.url()).origin}/${query}`;

/** Fit jobs the app started since the page loaded. */
const fitJobs = () =>
  page.evaluate(
    () =>
      (document.querySelector('scaling-sweep-app') as unknown as { fitJobsStarted: number })
        .fitJobsStarted,
  );

/** Every number of the parameter table (best, median, SE, CI ends) and the diagnostics text. */
async function fitNumbers(): Promise<string[]> {
  const table = byTest('param-table');
  const cells = await table
    .locator('td[data-cell]')
    .evaluateAll((tds) =>
      tds.map(
        (td) =>
          `${td.closest('tr')?.getAttribute('data-param')}.${td.getAttribute('data-cell')}=${td.textContent?.trim()}|${td.getAttribute('data-lo') ?? ''}|${td.getAttribute('data-hi') ?? ''}`,
      ),
    );
  return [...cells, (await byTest('diagnostics').textContent()) ?? ''];
}

/** Runs of the CSV that is too large for a history entry. */
const BIG_ROWS = 45_000;

let before: string[] = [];
let cloud: string | null = null;

test('a 4,000-replica fit on the CPU is saved in the workspace and listed', async () => {
  await page.goto(at('?v=1&view=fit&engine=cpu&starts=random:24'));
  await expect.poll(() => byTest('engine-badge').textContent(), { timeout: 30_000 }).toMatch(/CPU/);
  expect(await page.locator('input[data-option="bootstrap"]').inputValue()).toBe('4000');
  await byTest('fit').click();
  await byTest('fit-result').waitFor({ timeout: 120_000 });
  expect(await byTest('diagnostics').textContent()).toMatch(
    /Replicas converged\s*[\d,]+ \/ 4,?000/,
  );
  before = await fitNumbers();
  expect(before.length).toBeGreaterThan(20);
  cloud = await byTest('cloud').locator('path').first().getAttribute('d');
  expect(cloud).toMatch(/^M/);
  expect(await fitJobs()).toBe(1);
  expect(await byTest('fit-restored').count()).toBe(0);

  await byTest('workspace-toggle').click();
  const fitRow = byTest('workspace-panel').locator('tr[data-id^="fit:"]');
  await fitRow.waitFor({ timeout: 10_000 });
  // 4,000 x 5 replicas of 8 bytes, and the rest of the result.
  expect(await fitRow.locator('td').nth(2).textContent()).toMatch(/^(1[6-9]\d|2\d\d)\.\d kB$/);
  expect(await fitRow.locator('td.name').textContent()).toMatch(/fit of Synthetic/);
  await page.keyboard.press('Escape');
});

test('after a reload the same fit is shown, restored, and no fit job ran', async () => {
  await page.reload();
  await byTest('fit-result').waitFor({ timeout: 30_000 });
  expect(await byTest('fit-restored').textContent()).toMatch(
    /Restored from the workspace: .* saved on .* not run again/,
  );
  expect(await fitNumbers()).toEqual(before);
  expect(await byTest('cloud').locator('path').first().getAttribute('d')).toBe(cloud);
  expect(await byTest('fit-active').count()).toBe(1);
  expect(await byTest('fit-progress').count()).toBe(0);
  expect(await fitJobs()).toBe(0);
  await byTest('tab-surface').click();
  expect(await byTest('preset-source').textContent()).toMatch(
    /Fitted to 135 runs .* Restored from the workspace/,
  );
  expect(await byTest('law-fit-badge').count()).toBe(1);
  expect(await fitJobs()).toBe(0);
});

test('a CSV over 2 MB, which no history entry holds, comes back from the workspace after a reload', async () => {
  await byTest('tab-fit').click();
  const rows = ['params,tokens,loss'];
  // Long numbers: the file passes 2 MB with fewer runs to parse.
  for (let i = 0; i < BIG_ROWS; i++) {
    const N = 1e8 * (1 + (i % 1000) / 1000) + i / 7;
    const D = 2e9 * (1 + Math.floor(i / 1000) / 100);
    rows.push(
      `${N.toFixed(6)},${D.toFixed(6)},${(1.7 + 400 / N ** 0.34 + 410 / D ** 0.28).toFixed(12)}`,
    );
  }
  const csv = rows.join('\n');
  // Too large for a history entry to hold: only the workspace keeps it across a reload.
  expect(csv.length).toBeGreaterThan(2_000_000);
  await byTest('file').setInputFiles({
    name: 'big-runs.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv),
  });
  const loaded = () =>
    expect
      .poll(() => byTest('usable-count').textContent(), { timeout: 60_000 })
      .toMatch(new RegExp(`^\\s*${BIG_ROWS}\\s+usable runs`));
  await loaded();
  const hash = new URL(page.url()).searchParams.get('dhash');
  expect(hash).toMatch(/^[0-9a-f]{16}$/);
  // Saved in the workspace (the listing shows it) before the page goes.
  await byTest('workspace-toggle').click();
  const dataRow = byTest('workspace-panel').locator(`tr[data-id="dataset:${hash}"]`);
  await dataRow.waitFor({ timeout: 20_000 });
  expect(await dataRow.locator('td').nth(2).textContent()).toMatch(/^\d\.\d MB$/);
  await page.keyboard.press('Escape');

  await page.reload();
  await loaded();
  expect(await byTest('dataset-name').textContent()).toContain('big-runs.csv');
  const found =
    /data was not included: .* found in this browser’s workspace, saved on .* and loaded/;
  expect(await byTest('share-notices').textContent()).toMatch(found);
  expect(await fitJobs()).toBe(0);
});

test('opening the saved fit from the Workspace panel shows it with its data, without fitting', async () => {
  await byTest('workspace-toggle').click();
  await byTest('workspace-panel').locator('tr[data-id^="fit:"] button.open').click();
  await expect.poll(() => byTest('dataset-name').textContent()).toMatch(/Synthetic isoFLOP sweep/);
  await byTest('fit-result').waitFor({ timeout: 10_000 });
  expect(await fitNumbers()).toEqual(before);
  expect(await byTest('fit-active').count()).toBe(1);
  expect(await byTest('fit-restored').count()).toBe(1);
  expect(await fitJobs()).toBe(0);
  await page.keyboard.press('Escape');
});

test('with storage refused, a reload shows the notice once and the app fits in memory', async () => {
  await page.context().addInitScript(() => {
    IDBFactory.prototype.open = () => {
      throw new DOMException('Access to storage is not allowed.', 'SecurityError');
    };
  });
  await page.goto(at('?v=1&view=fit&engine=cpu&starts=random:8&K=20'));
  const notice = byTest('workspace-notice');
  await notice.waitFor({ timeout: 20_000 });
  expect(await notice.textContent()).toMatch(
    /refused to open the workspace \(.*SecurityError.*\)\. The app goes on in memory/,
  );
  await notice.locator('button').click();
  await byTest('fit').click();
  await byTest('fit-result').waitFor({ timeout: 60_000 });
  expect(await byTest('diagnostics').textContent()).toMatch(/Replicas converged\s*\d+ \/ 20/);
  expect(await fitJobs()).toBe(1);
  expect(await byTest('workspace-notice').count()).toBe(0);
  await byTest('workspace-toggle').click();
  expect(await page.locator('workspace-panel .notice').textContent()).toMatch(
    /refused to open the workspace/,
  );
  expect(problems).toEqual([]);
});
