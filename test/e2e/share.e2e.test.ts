/**
 * End to end, sharing: set up a non-default state in one page (an edited law, Frontier overlays
 * and readout budgets, planner inputs, Sweep axes and output), copy its link, open the link in a
 * fresh browser context (a new profile) and check that the view, the inputs and the key readouts
 * match the sender's page; Back and Forward move between views. A CSV travels in the link only
 * with "Include data"; without it the receiver is told the data was not included. A long link
 * is not copied before a warning that offers to drop the data.
 */
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { withApp } from './app-page';
import type { AppSession } from './harness';

const VIEWPORT = { width: 1440, height: 1000 };

let app: AppSession;

withApp((started) => {
  app = started;
});

interface Opened {
  readonly page: Page;
  readonly problems: string[];
}

/** Opens `url` in a new browser context (a fresh profile), collecting errors and dialogs. */
async function openFresh(url: string): Promise<Opened> {
  const context = await app.browser.newContext({ viewport: VIEWPORT });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(url);
  await expect
    .poll(() => page.locator('[data-testid="engine-badge"]').textContent(), { timeout: 30_000 })
    .toMatch(/GPU|CPU/);
  return { page, problems };
}

const by = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`);

/** Types into a field and confirms it (Enter fires `change`). */
async function enter(page: Page, id: string, value: string) {
  await by(page, id).fill(value);
  await by(page, id).press('Enter');
}

/** The link the Copy link control makes (shown in its read-only field). */
async function copiedLink(page: Page): Promise<string> {
  await by(page, 'copy-link').click();
  await by(page, 'share-url').waitFor({ state: 'visible' });
  return by(page, 'share-url').inputValue();
}

const PLANNER_FIELDS = ['flops', 'peak', 'count', 'mfu', 'price', 'U', 'q'] as const;
const PLAN_READOUTS = ['plan-N', 'plan-D', 'plan-loss', 'plan-days', 'plan-cost', 'plan-penalty'];

/** What the sender and the receiver must agree on in the Frontier view. */
async function frontierReadings(page: Page) {
  await by(page, 'tab-frontier').click();
  await by(page, 'frontier-readout').waitFor({ state: 'visible' });
  const out: Record<string, string | boolean | null> = {};
  for (const f of PLANNER_FIELDS) out[f] = await by(page, `planner-${f}`).inputValue();
  out.accelerator = await by(page, 'planner-accelerator').inputValue();
  for (const r of PLAN_READOUTS) out[r] = await by(page, r).textContent();
  out.readout = await by(page, 'frontier-readout').textContent();
  out.budgets = await by(page, 'readout-budgets').inputValue();
  out.overlay = await by(page, 'overlay-besiroglu2024').isChecked();
  out.models = await by(page, 'show-models').isChecked();
  out.kaplan = await by(page, 'show-kaplan').isChecked();
  out.sources = await by(page, 'frontier-sources').textContent();
  return out;
}

/** What the sender and the receiver must agree on in the Sweep view, after a run. */
async function sweepReadings(page: Page) {
  await by(page, 'tab-sweep').click();
  const out: Record<string, string | null> = {};
  for (const id of ['sweep-min-x', 'sweep-max-x', 'sweep-count-x', 'sweep-count-y'])
    out[id] = await by(page, id).inputValue();
  for (const id of ['sweep-field-x', 'sweep-field-y', 'sweep-output'])
    out[id] = await by(page, id).inputValue();
  out.kind = await by(page, 'sweep-kind').textContent();
  await by(page, 'sweep-run').click();
  await expect.poll(() => by(page, 'sweep-done').count(), { timeout: 60_000 }).toBe(1);
  await by(page, 'sweep-hit').hover({ position: { x: 220, y: 140 } });
  await expect.poll(() => by(page, 'sweep-readout').textContent()).toMatch(/N_opt/);
  out.readout = await by(page, 'sweep-readout').textContent();
  return out;
}

test('a copied link reopens the sender view, inputs and readouts in a fresh profile', async () => {
  const sender = await openFresh(app.url);
  const { page } = sender;
  await page.locator('input[data-field="alpha"]').fill('0.3');
  await by(page, 'tab-frontier').click();
  await by(page, 'overlay-besiroglu2024').check();
  await by(page, 'show-models').check();
  await by(page, 'show-kaplan').uncheck();
  await enter(page, 'readout-budgets', '1e22, 3e24');
  await enter(page, 'planner-flops', '5.88e23');
  await by(page, 'planner-accelerator').selectOption('a100-sxm');
  await enter(page, 'planner-mfu', '0.45');
  await enter(page, 'planner-U', '2e12');
  await by(page, 'tab-sweep').click();
  await by(page, 'sweep-field-y').selectOption('Dinf');
  await by(page, 'sweep-min-x').fill('1e21');
  await by(page, 'sweep-count-x').fill('48');
  await by(page, 'sweep-count-y').fill('40');
  await by(page, 'sweep-output').selectOption('tokensPerParam');
  await expect.poll(() => page.url()).toContain('out=tokensPerParam');
  await expect.poll(() => page.url()).toContain('sx=C,1e21,1e26,48,log');

  const link = await copiedLink(page);
  expect(link).toBe(page.url());
  expect(link).toContain('law=custom');
  expect(link).toContain('alpha=0.3');
  expect(link).toContain('ov=besiroglu2024');
  expect(link).toContain('C=5.88e23');
  expect(link).toContain('acc=a100-sxm');
  expect(link).toContain('view=sweep');
  const sent = { frontier: await frontierReadings(page), sweep: await sweepReadings(page) };
  expect(sent.frontier).toMatchObject({ flops: '5.88e23', mfu: '0.45', U: '2e12', overlay: true });

  const receiver = await openFresh(link);
  const r = receiver.page;
  expect(await by(r, 'tab-sweep').getAttribute('aria-selected')).toBe('true');
  expect(await by(r, 'share-notices').count()).toBe(0);
  const got = { sweep: await sweepReadings(r), frontier: await frontierReadings(r) };
  expect(got).toEqual(sent);
  await by(r, 'tab-surface').click();
  expect(await r.locator('input[data-field="alpha"]').inputValue()).toBe('0.3');
  expect(await r.locator('input[data-field="E"]').inputValue()).toBe(
    await page.locator('input[data-field="E"]').inputValue(),
  );

  // Back and Forward move through the views just visited, with no reload.
  expect(await by(r, 'tab-surface').getAttribute('aria-selected')).toBe('true');
  await r.goBack();
  await expect.poll(() => by(r, 'tab-frontier').getAttribute('aria-selected')).toBe('true');
  await r.goBack();
  await expect.poll(() => by(r, 'tab-sweep').getAttribute('aria-selected')).toBe('true');
  await r.goForward();
  await expect.poll(() => by(r, 'tab-frontier').getAttribute('aria-selected')).toBe('true');
  expect(await by(r, 'planner-flops').inputValue()).toBe('5.88e23');

  expect(sender.problems).toEqual([]);
  expect(receiver.problems).toEqual([]);
  await page.context().close();
  await r.context().close();
});

test('typing makes one history entry, and Back restores the value before it', async () => {
  const { page, problems } = await openFresh(app.url);
  await by(page, 'tab-sweep').click();
  const before = await page.evaluate(() => history.length);
  for (const text of ['1', '12', '128']) await by(page, 'sweep-count-x').fill(text);
  await expect.poll(() => page.url(), { timeout: 5000 }).toContain('sx=C,1e20,1e26,128,log');
  expect(await page.evaluate(() => history.length)).toBe(before + 1);
  await page.goBack();
  await expect.poll(() => by(page, 'sweep-count-x').inputValue()).toBe('256');
  expect(page.url()).not.toContain('sx=');
  expect(problems).toEqual([]);
  await page.context().close();
});

test('a fitted law travels as its point estimate and seed; fitting again gives the same table', async () => {
  const sender = await openFresh(app.url);
  const { page } = sender;
  await by(page, 'tab-fit').click();
  await page.locator('input[data-option="bootstrap"]').fill('60');
  await page.locator('input[data-option="seed"]').fill('5');
  await by(page, 'fit').click();
  await by(page, 'fit-result').waitFor({ timeout: 90_000 });
  await by(page, 'fit-active').waitFor();
  const table = await by(page, 'param-table').textContent();
  const link = await copiedLink(page);
  expect(link).toMatch(/[?&]law=fit&E=[^&]+&A=[^&]+&B=[^&]+&alpha=[^&]+&beta=[^&]+/);
  expect(link).toContain('K=60');
  expect(link).toContain('seed=5');

  const receiver = await openFresh(link);
  const r = receiver.page;
  expect(await by(r, 'tab-fit').getAttribute('aria-selected')).toBe('true');
  await expect.poll(() => by(r, 'share-notices').textContent()).toMatch(/fitted law .* seed 5/);
  await by(r, 'tab-surface').click();
  await by(r, 'law-fit-badge').waitFor();
  for (const f of ['E', 'A', 'B', 'alpha', 'beta'])
    expect(await r.locator(`input[data-field="${f}"]`).inputValue()).toBe(
      await page.locator(`input[data-field="${f}"]`).inputValue(),
    );
  await by(r, 'share-refit').click();
  await by(r, 'tab-fit').click();
  await by(r, 'fit-result').waitFor({ timeout: 90_000 });
  expect(await by(r, 'param-table').textContent()).toBe(table);
  expect(await by(r, 'share-refit').count()).toBe(0);

  for (const p of [sender, receiver]) {
    expect(p.problems).toEqual([]);
    await p.page.context().close();
  }
});

/** Deterministic CSV of `n` runs whose digits do not compress much. */
function runsCsv(n: number): string {
  let x = 12345;
  const next = () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
  const lines = ['params,tokens,loss'];
  for (let i = 0; i < n; i++) {
    const N = 10 ** (7 + 4 * next());
    const D = 10 ** (9 + 3 * next());
    lines.push(`${N},${D},${(1.7 + 400 / N ** 0.34 + 410 / D ** 0.28).toPrecision(12)}`);
  }
  return lines.join('\n');
}

/** Loads CSV text through the Fit view's paste box; waits until its rows are the dataset (the parse runs on a worker). */
async function pasteCsv(page: Page, csv: string) {
  const rows = csv.trimEnd().split('\n').length - 1;
  await by(page, 'tab-fit').click();
  if (!(await by(page, 'paste').isVisible()))
    await page.locator('summary').filter({ hasText: 'Paste CSV text' }).click();
  await by(page, 'paste').fill(csv);
  await by(page, 'paste-load').click();
  await expect
    .poll(() => by(page, 'usable-count').textContent())
    .toMatch(new RegExp(`· ${rows} data rows`));
}

test('a CSV travels only with "Include data"; a long link warns and offers to drop it', async () => {
  const sender = await openFresh(app.url);
  const { page } = sender;
  await pasteCsv(page, runsCsv(40));
  await page.locator('[data-option="seed"]').fill('7');
  const count = await by(page, 'usable-count').textContent();
  expect(await by(page, 'include-data').isEnabled()).toBe(true);

  const withoutData = await copiedLink(page);
  expect(withoutData).not.toContain('#');
  await by(page, 'include-data').check();
  const withData = await copiedLink(page);
  expect(withData).toMatch(/#data=[A-Za-z0-9_-]+$/);

  const full = await openFresh(withData);
  expect(await by(full.page, 'tab-fit').getAttribute('aria-selected')).toBe('true');
  expect(await by(full.page, 'usable-count').textContent()).toBe(count);
  expect(await by(full.page, 'dataset-name').textContent()).toMatch(/Pasted CSV/);
  expect(await full.page.locator('[data-option="seed"]').inputValue()).toBe('7');
  expect(await by(full.page, 'share-notices').count()).toBe(0);

  const bare = await openFresh(withoutData);
  await expect
    .poll(() => by(bare.page, 'share-notices').textContent())
    .toMatch(/Data not included: .*"Pasted CSV" \(hash [0-9a-f]{16}\)/);
  expect(await by(bare.page, 'usable-count').textContent()).toMatch(/0\s+usable runs/);
  await by(bare.page, 'share-dismiss').click();
  expect(await by(bare.page, 'share-notices').count()).toBe(0);

  await pasteCsv(page, runsCsv(600));
  await by(page, 'copy-link').click();
  await by(page, 'share-long').waitFor({ state: 'visible' });
  expect(await by(page, 'share-long').textContent()).toMatch(/characters long/);
  expect(Number((await by(page, 'share-url').inputValue()).length)).toBeGreaterThan(8000);
  await by(page, 'share-drop-data').click();
  await expect.poll(() => by(page, 'share-url').inputValue()).not.toContain('#data=');
  expect((await by(page, 'share-url').inputValue()).length).toBeLessThan(8000);

  for (const p of [sender, full, bare]) {
    expect(p.problems).toEqual([]);
    await p.page.context().close();
  }
});

test('"Link copied." closes by itself, on Escape and on a click elsewhere', async () => {
  const opened = await openFresh(app.url);
  const { page } = opened;
  await by(page, 'tab-frontier').click();
  await by(page, 'copy-link').click();
  await expect.poll(() => by(page, 'share-status').textContent()).toMatch(/Link copied/);
  // Closes by itself (after 5 s; generous bound for a loaded machine).
  await expect.poll(() => by(page, 'share-panel').count(), { timeout: 30_000 }).toBe(0);
  await by(page, 'copy-link').click();
  await by(page, 'share-panel').waitFor({ state: 'visible' });
  await page.keyboard.press('Escape');
  await expect.poll(() => by(page, 'share-panel').count()).toBe(0);
  await by(page, 'copy-link').click();
  await by(page, 'share-panel').waitFor({ state: 'visible' });
  // A click on the Frontier overlay checkboxes it used to cover closes it and reaches them.
  const box = by(page, 'overlay-besiroglu2024');
  const before = await box.isChecked();
  await box.click();
  await expect.poll(() => by(page, 'share-panel').count()).toBe(0);
  expect(await box.isChecked()).toBe(!before);
  expect(opened.problems).toEqual([]);
  await page.context().close();
});
