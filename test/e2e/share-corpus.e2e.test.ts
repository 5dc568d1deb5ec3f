/**
 * End to end, the hostile-URL corpus (test/corpus/urls): every case is opened in the app in
 * headless Chromium. The app must render (tabs, engine badge), log no console error, raise no
 * dialog, run no payload (`window.__pwned` stays unset), gain no element, inline handler or
 * javascript: attribute beyond what the default page has, list what it ignored, and show the
 * case's payload as text. Links too long for the dev server's request line are opened by
 * writing them into the address bar and going there with popstate, as Back would.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadUrlCorpus } from '../corpus/urls/load';
import { type AppSession, startApp } from './harness';

/** Longest query sent to the dev server (Node's request line limit is 16 kB). */
const MAX_SERVED_QUERY = 8000;

let app: AppSession;
let page: Page;
const problems: string[] = [];

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

async function waitForApp(p: Page) {
  await p.locator('[data-testid="tab-surface"]').waitFor({ state: 'visible', timeout: 30_000 });
  await p
    .locator('[data-testid="engine-badge"]')
    .filter({ hasText: /GPU|CPU/ })
    .waitFor({ state: 'visible', timeout: 30_000 });
  // Let late work (engine start, first draws, decoding) report its errors.
  await p.waitForTimeout(300);
}

let baseline: Markup;

beforeAll(async () => {
  app = await startApp();
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.type()} ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(app.url);
  await waitForApp(page);
  baseline = await readMarkup(page);
});

afterAll(async () => {
  await app?.close();
});

const cases = loadUrlCorpus();

describe('the app opens every hostile URL safely', () => {
  test('the corpus is there', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(baseline.handlers).toEqual([]);
  });

  test.each(cases.map((k) => [k.file, k] as const))('%s', async (_file, { c, search, hash }) => {
    problems.length = 0;
    await page.goto('about:blank');
    if (search.length <= MAX_SERVED_QUERY) {
      await page.goto(`${app.url}${search}${hash}`);
    } else {
      await page.goto(app.url);
      await waitForApp(page);
      await page.evaluate((url) => {
        history.pushState(null, '', url);
        dispatchEvent(new PopStateEvent('popstate', { state: null }));
      }, `${search}${hash}`);
    }
    await waitForApp(page);
    const seen = await readMarkup(page);
    expect(problems).toEqual([]);
    expect(seen.pwned).toBeUndefined();
    expect(seen.handlers).toEqual([]);
    expect(seen.tags).toEqual(baseline.tags);
    const view = (c.state?.view as string | undefined) ?? undefined;
    if (view)
      expect(await page.locator(`[data-testid="tab-${view}"]`).getAttribute('aria-selected')).toBe(
        'true',
      );
    const report = page.locator('[data-testid="share-notices"]');
    if (c.ignored.length + c.notices.length > 0) {
      const shown = (await report.textContent()) ?? '';
      for (const field of c.ignored) expect(shown).toContain(`Ignored ${field}:`);
      expect(await page.locator('[data-testid="share-notice"]').count()).toBe(c.notices.length);
    } else {
      expect(await report.count()).toBe(0);
    }
    if (c.text) expect(seen.text).toContain(c.text);
  });
});
