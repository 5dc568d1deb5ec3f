/**
 * End to end, the built app under its Content-Security-Policy: `vite build` to a temporary
 * folder, serve it with `vite preview`, open it in headless Chromium and check that the CSP meta
 * carries the expected directives, that the app renders (heatmap canvas, engine badge) and
 * every tab opens, with no CSP violation, no console error and no request off the page's origin.
 * The built bundle holds no eval or new Function. Fails (never skips) when Chromium is missing.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type BuiltApp, startBuiltApp } from './preview';

/** The policy the built app must carry, directive by directive (style-src hashes aside). */
const EXPECTED: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'worker-src': ["'self'"],
  'connect-src': ["'self'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'style-src': ["'self'"],
  'style-src-attr': ["'unsafe-inline'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
};

interface Violation {
  directive: string;
  blocked: string;
  sample: string;
  source: string;
}

let built: BuiltApp | undefined;
let outDir = '';
let page: Page;
let origin = '';
const problems: string[] = [];
const offOrigin: string[] = [];

beforeAll(async () => {
  built = await startBuiltApp('csp');
  ({ outDir, origin } = built);
  const context = await built.browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(() => {
    const seen: Violation[] = [];
    (window as unknown as { cspViolations: Violation[] }).cspViolations = seen;
    document.addEventListener(
      'securitypolicyviolation',
      (e) => {
        seen.push({
          directive: e.effectiveDirective,
          blocked: e.blockedURI,
          sample: e.sample,
          source: `${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`,
        });
      },
      true,
    );
  });
  page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    const url = new URL(r.url());
    if ((url.protocol === 'http:' || url.protocol === 'https:') && url.origin !== origin) {
      offOrigin.push(r.url());
    }
  });
  await page.goto(`${origin}/`);
});

afterAll(async () => {
  await built?.close();
});

const byTest = (id: string) => page.locator(`[data-testid="${id}"]`);
const violations = () =>
  page.evaluate(() => (window as unknown as { cspViolations: Violation[] }).cspViolations);

/** Directive name to its source list, from a policy string. */
function parsePolicy(policy: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) map.set(name, sources);
  }
  return map;
}

test('the built index.html carries the strict policy, and the bundle has no eval', () => {
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  const metas = [...html.matchAll(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/g)];
  expect(metas).toHaveLength(1);
  const policy = parsePolicy(metas[0]![1]!.replaceAll('&#39;', "'"));
  expect([...policy.keys()].sort()).toEqual(Object.keys(EXPECTED).sort());
  for (const [name, sources] of Object.entries(EXPECTED)) {
    const got = policy.get(name)!.filter((s) => !s.startsWith("'sha256-"));
    expect(got, name).toEqual(sources);
  }
  // Every inline <style> of the page, and nothing else, is allowed by its hash.
  const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map(
    (m) => `'sha256-${createHash('sha256').update(m[1]!).digest('base64')}'`,
  );
  expect(styles.length).toBeGreaterThan(0);
  expect(policy.get('style-src')!.filter((s) => s.startsWith("'sha256-"))).toEqual(styles);
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);

  const assets = join(outDir, 'assets');
  const scripts = readdirSync(assets).filter((f) => f.endsWith('.js'));
  expect(scripts.length).toBeGreaterThanOrEqual(2);
  for (const f of scripts) {
    const code = readFileSync(join(assets, f), 'utf8');
    expect(code, f).not.toMatch(/\beval\s*\(|\bnew\s+Function\s*\(|\bFunction\s*\(\s*['"`]/);
  }
});

test('the app renders under the policy: heatmap canvas and engine badge', async () => {
  await expect
    .poll(() => byTest('engine-badge').textContent(), { timeout: 30_000 })
    .toMatch(/GPU|CPU/);
  await page.locator('canvas.heatmap').last().waitFor({ state: 'attached', timeout: 30_000 });
  await expect
    .poll(
      async () =>
        Number((await page.locator('canvas.heatmap').last().getAttribute('data-frames')) ?? 0),
      {
        timeout: 30_000,
      },
    )
    .toBeGreaterThan(0);
});

test('every tab opens, and the session ends with no violation, error or off-origin request', async () => {
  for (const id of ['fit', 'frontier', 'sweep', 'bench', 'surface']) {
    await byTest(`tab-${id}`).click();
    await expect.poll(() => byTest(`tab-${id}`).getAttribute('aria-selected')).toBe('true');
    await page.evaluate(() => new Promise((r) => setTimeout(r, 700)));
  }
  expect(await page.locator('fit-view').isHidden()).toBe(true);
  expect(await violations()).toEqual([]);
  expect(problems).toEqual([]);
  expect(offOrigin).toEqual([]);
});
