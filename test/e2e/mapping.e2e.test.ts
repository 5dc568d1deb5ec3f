/**
 * End to end, the column mapping step: a W&B-style export whose headers the app does not know
 * (run_id, step, eval/paloma/c4_en/bpb, params_non_embedding, tokens_seen, recipe), with three
 * recipes and two checkpoints per run, loads through the mapping step (last step per run). The
 * runs table shows the series and their counts, its filter edits the series selection, the CPU
 * engine fits each series, and a link with the data reopens the same mapping and runs in a
 * fresh browser context. A link whose mapping names a column the file lacks opens on the
 * mapping step with a notice.
 */
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { loss, type ScalingLaw } from '../../src/law/law';
import { formatScientific } from '../../src/ui/charts/format';
import { withAppPage } from './app-page';
import type { AppSession } from './harness';

const VIEWPORT = { width: 1440, height: 1000 };

let page: Page;
let problems: string[] = [];
let app: AppSession;

withAppPage(VIEWPORT, (opened, started) => {
  ({ page, problems } = opened);
  app = started;
});

const LAWS: Record<string, ScalingLaw> = {
  base: { E: 1.8, A: 400, B: 1800, alpha: 0.34, beta: 0.28 },
  wide: { E: 1.6, A: 250, B: 2600, alpha: 0.3, beta: 0.32 },
  deep: { E: 2.0, A: 600, B: 1200, alpha: 0.38, beta: 0.26 },
};

const HEADER = 'run_id,step,eval/paloma/c4_en/bpb,params_non_embedding,tokens_seen,recipe';

/** Three recipes of 16 runs, each run with a checkpoint halfway and one at the end. */
function exportCsv(): string {
  const lines = [HEADER];
  for (const [name, law] of Object.entries(LAWS)) {
    let id = 0;
    for (const N of [3e7, 1e8, 3e8, 1e9]) {
      for (const D of [6e8, 2e9, 6e9, 2e10]) {
        const run = `${name}-${id++}`;
        lines.push(`${run},1000,${loss(law, N, D / 2)},${N},${D / 2},${name}`);
        lines.push(`${run},2000,${loss(law, N, D)},${N},${D},${name}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

const by = (p: Page, id: string) => p.locator(`[data-testid="${id}"]`);

/** The field selects of the mapping step, by field. */
async function mappingValues(p: Page): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of ['N', 'D', 'C', 'loss', 'group', 'series', 'weight', 'step']) {
    out[f] = await by(p, `mapping-field-${f}`).inputValue();
  }
  out.perRun = await by(p, 'mapping-perrun').inputValue();
  return out;
}

const EXPECTED_MAPPING = {
  N: 'params_non_embedding',
  D: 'tokens_seen',
  C: '',
  loss: 'eval/paloma/c4_en/bpb',
  group: 'run_id',
  series: 'recipe',
  weight: '',
  step: 'step',
  perRun: 'last-step',
};

/** The per-series counts the runs table shows, by series. */
async function seriesCounts(p: Page): Promise<Record<string, string>> {
  const options = p.locator('[data-testid="series-option"]');
  const out: Record<string, string> = {};
  for (const el of await options.all()) {
    out[(await el.getAttribute('data-series'))!] = (await el
      .locator('[data-testid="series-count"]')
      .textContent())!.trim();
  }
  return out;
}

/** Opens `url` in a new browser context (a fresh profile), collecting errors. */
async function openFresh(url: string): Promise<{ page: Page; problems: string[] }> {
  const context = await app.browser.newContext({ viewport: VIEWPORT });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const fresh = await context.newPage();
  const found: string[] = [];
  fresh.on('console', (m) => {
    if (m.type() === 'error') found.push(`console.error: ${m.text()}`);
  });
  fresh.on('pageerror', (e) => found.push(`page error: ${e.message}`));
  await fresh.goto(url);
  await expect
    .poll(() => by(fresh, 'engine-badge').textContent(), { timeout: 30_000 })
    .toMatch(/GPU|CPU/);
  return { page: fresh, problems: found };
}

test('an export with unknown headers loads through the mapping step, fits per series and travels in a link', async () => {
  await by(page, 'engine-select').selectOption('cpu');
  await expect
    .poll(() => by(page, 'engine-badge').textContent(), { timeout: 30_000 })
    .toMatch(/CPU/);
  await by(page, 'tab-fit').click();
  const paste = by(page, 'paste');
  if (!(await paste.isVisible())) {
    await page.locator('summary').filter({ hasText: 'Paste CSV text' }).click();
  }
  await paste.fill(exportCsv());
  await by(page, 'paste-load').click();

  // Refused by name, but offered the mapping step with the best guess filled in.
  await by(page, 'mapping-step').waitFor({ state: 'visible' });
  expect(await by(page, 'import-refused').textContent()).toMatch(/params_non_embedding/);
  expect(await mappingValues(page)).toEqual(EXPECTED_MAPPING);
  await by(page, 'mapping-perrun').selectOption('all');
  await by(page, 'mapping-perrun').selectOption('last-step');
  await by(page, 'mapping-apply').click();

  await expect.poll(() => by(page, 'usable-count').textContent()).toMatch(/48\s+usable runs/);
  expect(await by(page, 'mapping-step').count()).toBe(0);
  expect(await by(page, 'import-refused').count()).toBe(0);
  expect(await seriesCounts(page)).toEqual({
    base: '(16 runs)',
    wide: '(16 runs)',
    deep: '(16 runs)',
  });
  const rows = page.locator('[data-testid="runs-table"] tbody tr');
  expect(await rows.count()).toBe(48);
  // The kept checkpoints are the last steps: the full token counts, not the halfway ones.
  const firstD = page.locator('[data-testid="runs-table"] tbody tr:first-child td:nth-child(4)');
  expect((await firstD.textContent())?.trim()).toBe(formatScientific(6e8, 3));

  // The series filter edits the selection; the table shows the selected series.
  await page.locator('[data-testid="series-option"][data-series="deep"] input').uncheck();
  await expect.poll(() => rows.count()).toBe(32);
  await expect.poll(() => page.evaluate(() => location.search)).toMatch(/series=base(,|%2C)wide/);
  await page.locator('[data-testid="series-option"][data-series="deep"] input').check();
  await expect.poll(() => rows.count()).toBe(48);
  await expect.poll(() => page.evaluate(() => location.search)).not.toMatch(/series=/);

  await page.locator('input[data-option="bootstrap"]').fill('20');
  await by(page, 'fit').click();
  const fits = page.locator('[data-testid="series-fit"]');
  await expect.poll(() => fits.count(), { timeout: 180_000 }).toBe(3);
  await expect.poll(() => by(page, 'fit-progress').count(), { timeout: 180_000 }).toBe(0);
  expect(await fits.evaluateAll((els) => els.map((e) => e.getAttribute('data-series')))).toEqual([
    'base',
    'wide',
    'deep',
  ]);
  expect(await by(page, 'fit-result').getAttribute('data-engine')).toBe('cpu');

  await by(page, 'include-data').check();
  await by(page, 'copy-link').click();
  await by(page, 'share-url').waitFor({ state: 'visible' });
  const link = await by(page, 'share-url').inputValue();
  expect(link).toMatch(/[?&]map=/);
  expect(link).toMatch(/[?&]perrun=last-step/);
  expect(link).toMatch(/#data=/);
  expect(problems).toEqual([]);

  // A fresh context opens the same runs through the same mapping.
  const receiver = await openFresh(link);
  await by(receiver.page, 'tab-fit').click();
  await expect
    .poll(() => by(receiver.page, 'usable-count').textContent())
    .toMatch(/48\s+usable runs/);
  // The only notice is the one every link with a fitted law gets (how to reproduce its bootstrap).
  expect(await by(receiver.page, 'share-notices').textContent()).toMatch(/carries a fitted law/);
  expect(await by(receiver.page, 'share-notices').textContent()).not.toMatch(
    /column mapping|cannot be used|could not be read|hashes to/,
  );
  expect(await by(receiver.page, 'mapping-step').count()).toBe(0);
  expect(await seriesCounts(receiver.page)).toEqual(await seriesCounts(page));
  const table = async (p: Page) => by(p, 'runs-table').locator('tbody').textContent();
  expect(await table(receiver.page)).toBe(await table(page));
  await by(receiver.page, 'mapping-change').click();
  expect(await mappingValues(receiver.page)).toEqual(EXPECTED_MAPPING);
  expect(receiver.problems).toEqual([]);
  await receiver.page.context().close();

  // A mapping naming a column the file lacks: the mapping step, with a notice.
  const broken = link.replace(/map=[^&#]*/, (m) =>
    m.replace('params_non_embedding', 'params_total'),
  );
  expect(broken).not.toBe(link);
  const lost = await openFresh(broken);
  await expect
    .poll(() => by(lost.page, 'share-notices').textContent())
    .toMatch(/column mapping does not fit its data.*params_total/s);
  await by(lost.page, 'tab-fit').click();
  await by(lost.page, 'mapping-step').waitFor({ state: 'visible' });
  await by(lost.page, 'mapping-field-N').selectOption('params_non_embedding');
  await by(lost.page, 'mapping-apply').click();
  await expect.poll(() => by(lost.page, 'usable-count').textContent()).toMatch(/48\s+usable runs/);
  expect(lost.problems).toEqual([]);
  await lost.page.context().close();
});
