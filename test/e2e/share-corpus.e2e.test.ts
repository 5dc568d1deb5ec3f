/**
 * End to end, the hostile-URL corpus (test/corpus/urls): every case is opened in the app in
 * headless Chromium. The app must render (tabs, engine badge), log no console error, raise no
 * dialog, run no payload (`window.__pwned` stays unset), gain no element, inline handler or
 * javascript: attribute beyond what the default page has, list what it ignored, and show the
 * case's payload as text.
 *
 * One loaded page serves every case: the case's link is written into the address bar and the
 * app goes there on popstate, as on Back and Forward (src/ui/share-sync.ts decodes it as at
 * start). Between cases the shown notices are dismissed and the app goes back to its default
 * link, so each case starts from the default page (its expected text not shown yet). A few
 * cases of different kinds are also opened by a full page load, the path a shared link takes.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadUrlCorpus, type UrlCase } from '../corpus/urls/load';
import { withAppPage } from './app-page';
import type { AppSession } from './harness';

/**
 * Cases also opened by a full page load: a payload in a field, a payload as a field name, a
 * payload as a dataset name with the data in the fragment, a notice (newer version), bad
 * percent-encoding, and a zip bomb (data read on the CSV worker while the page starts). What
 * the app reads only at start (the history entry's data, a fitted law's note, the engine it
 * starts) is the same in every corpus case as on popstate: no case carries entry data or a
 * fitted law, and none names a valid engine. Their queries fit the dev server's request line.
 */
const FULL_LOAD = new Set([
  '01-script-in-view.json',
  '21-script-as-field-name.json',
  '24-img-in-dataset-name-with-data.json',
  '42-newer-version.json',
  '48-malformed-percent.json',
  '63-zip-bomb.json',
]);

let app: AppSession;
let page: Page;
let problems: string[] = [];

interface Markup {
  /** Elements by tag name, for the tags a payload could bring. */
  readonly tags: Record<string, number>;
  /** Attributes named on* or holding a javascript: URL. */
  readonly handlers: string[];
  readonly text: string;
  readonly pwned: unknown;
}

/** Walks the document and every shadow root: risky tags, inline handlers, all text. */
function readMarkup(p: Page): Promise<Markup> {
  return p.evaluate(() => {
    const tags: Record<string, number> = {};
    const handlers: string[] = [];
    const text: string[] = [];
    const risky = new Set([
      'script',
      'iframe',
      'object',
      'embed',
      'img',
      'image',
      'a',
      'form',
      'base',
    ]);
    const visit = (root: Document | ShadowRoot) => {
      const walker = document.createTreeWalker(
        root,
        NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT,
      );
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (n.nodeType === Node.TEXT_NODE) {
          text.push(n.nodeValue ?? '');
          continue;
        }
        const el = n as Element;
        const tag = el.localName;
        if (risky.has(tag)) tags[tag] = (tags[tag] ?? 0) + 1;
        for (const a of el.attributes)
          if (/^on/i.test(a.name) || /^\s*javascript:/i.test(a.value))
            handlers.push(`${tag} ${a.name}`);
        if (el.shadowRoot) visit(el.shadowRoot);
      }
    };
    visit(document);
    return {
      tags,
      handlers,
      text: text.join(' '),
      pwned: (window as unknown as { __pwned?: unknown }).__pwned,
    };
  });
}

let baseline: Markup;

async function waitForApp(p: Page) {
  await p.locator('[data-testid="tab-surface"]').waitFor({ state: 'visible', timeout: 30_000 });
  await p
    .locator('[data-testid="engine-badge"]')
    .filter({ hasText: /GPU|CPU/ })
    .waitFor({ state: 'visible', timeout: 30_000 });
  // Large data in the link is read on a worker first.
  await p.locator('[data-testid="link-reading"]').waitFor({ state: 'detached', timeout: 30_000 });
  // Let late work (engine start, first draws, decoding) report its errors.
  await p.waitForTimeout(300);
}

/** Writes `url` (search and hash) into the address bar and goes there, as Back would. */
async function goByPopstate(p: Page, url: string) {
  await p.evaluate((u) => {
    history.pushState(null, '', u);
    dispatchEvent(new PopStateEvent('popstate', { state: null }));
  }, url);
}

/**
 * Back to the default page before a case: the notices of the last case dismissed, the default
 * link restored and the default view shown. Returns the page's markup then.
 */
async function resetToDefault(p: Page): Promise<Markup> {
  const dismiss = p.locator('[data-testid="share-dismiss"]');
  if ((await dismiss.count()) > 0) await dismiss.click();
  await goByPopstate(p, '/');
  await expect
    .poll(() => p.locator('[data-testid="tab-surface"]').getAttribute('aria-selected'))
    .toBe('true');
  expect(await p.locator('[data-testid="share-notices"]').count()).toBe(0);
  return readMarkup(p);
}

/** The checks every case gets once its link is open. */
async function checkCase(p: Page, c: UrlCase) {
  await waitForApp(p);
  const seen = await readMarkup(p);
  expect(problems).toEqual([]);
  expect(seen.pwned).toBeUndefined();
  expect(seen.handlers).toEqual([]);
  expect(seen.tags).toEqual(baseline.tags);
  const view = (c.state?.view as string | undefined) ?? undefined;
  if (view)
    expect(await p.locator(`[data-testid="tab-${view}"]`).getAttribute('aria-selected')).toBe(
      'true',
    );
  const report = p.locator('[data-testid="share-notices"]');
  if (c.ignored.length + c.notices.length > 0) {
    const shown = (await report.textContent()) ?? '';
    for (const field of c.ignored) expect(shown).toContain(`Ignored ${field}:`);
    expect(await p.locator('[data-testid="share-notice"]').count()).toBe(c.notices.length);
  } else {
    expect(await report.count()).toBe(0);
  }
  if (c.text) expect(seen.text).toContain(c.text);
}

withAppPage({ width: 1280, height: 900 }, (opened, started) => {
  ({ page, problems } = opened);
  app = started;
});

beforeAll(async () => {
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.type()} ${d.message()}`);
    void d.dismiss();
  });
  await waitForApp(page);
  baseline = await readMarkup(page);
});

const cases = loadUrlCorpus();

describe('the app opens every hostile URL safely', () => {
  test('the corpus is there', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(baseline.handlers).toEqual([]);
  });

  test.each(cases.map((k) => [k.file, k] as const))(
    '%s (popstate)',
    async (_file, { c, search, hash }) => {
      problems.length = 0;
      const before = await resetToDefault(page);
      if (c.text) expect(before.text).not.toContain(c.text);
      await goByPopstate(page, `/${search}${hash}`);
      await checkCase(page, c);
    },
  );

  const fullLoads = cases.filter((k) => FULL_LOAD.has(k.file));
  test('the full-load cases are in the corpus', () => {
    expect(fullLoads.map((k) => k.file).sort()).toEqual([...FULL_LOAD].sort());
  });

  test.each(fullLoads.map((k) => [k.file, k] as const))(
    '%s (page load)',
    async (_file, { c, search, hash }) => {
      problems.length = 0;
      // From about:blank, so that a link differing only in its fragment still loads the page.
      await page.goto('about:blank');
      await page.goto(`${app.url}${search}${hash}`);
      await checkCase(page, c);
    },
  );
});
