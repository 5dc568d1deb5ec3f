/**
 * End to end, privacy: a whole session on the built app (vite build, served by vite preview)
 * records every network request and asserts that none leaves the page's origin and none
 * carries the user's data. The session loads the page, opens a CSV with marker values, fits
 * it, visits Frontier and Sweep (running a small sweep), copies a share link with and without
 * the data, and runs every export of the Fit and Surface views as real downloads.
 *
 * Requests are recorded three ways: Playwright's context-level request events (the page and
 * its workers), a route on every URL (the same, through the interception layer) and a DevTools
 * Network session on the page (which also reports WebSockets). An init script wraps fetch,
 * XMLHttpRequest, navigator.sendBeacon, WebSocket and EventSource and records every call, and
 * Content-Security-Policy violations are recorded too: an attempt that the policy blocks makes
 * no request, so it shows up there. Fails (never skips) when Chromium is missing.
 */
import type { CDPSession, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type BuiltApp, startBuiltApp } from './preview';

/** The marker values of the user's data: a dataset name, a parameter count and a loss. */
const MARKER_NAME = 'privacy-marker-q7x3.csv';
const MARKER_N = '123456789';
const MARKER_LOSS = '3.14159265';

/** A small CSV with the markers in it: 24 runs, one of them with N = MARKER_N. */
function markerCsv(): string {
  const lines = ['params,tokens,loss'];
  for (let i = 0; i < 24; i++) {
    const N = i === 5 ? Number(MARKER_N) : Math.round(10 ** (7 + (i % 6) * 0.6));
    const D = Math.round(10 ** (9 + Math.floor(i / 6) * 0.7));
    const loss = i === 5 ? MARKER_LOSS : (1.7 + 400 / N ** 0.34 + 410 / D ** 0.28).toFixed(6);
    lines.push(`${N},${D},${loss}`);
  }
  return lines.join('\n');
}

/** One request as a recorder saw it. */
interface Seen {
  readonly via: string;
  readonly url: string;
  readonly method: string;
  readonly body: string;
}

/** A call of a network API in the page, recorded by the init script. */
interface Call {
  readonly api: string;
  readonly url: string;
  readonly body: string;
}

let built: BuiltApp;
let page: Page;
let cdp: CDPSession;
const requests: Seen[] = [];
const problems: string[] = [];
const downloads: string[] = [];
let serviceWorkers = 0;

beforeAll(async () => {
  built = await startBuiltApp('privacy');
  const context = await built.browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await context.addInitScript(() => {
    const calls: { api: string; url: string; body: string }[] = [];
    const violations: string[] = [];
    const w = window as unknown as { netCalls: typeof calls; cspViolations: string[] };
    w.netCalls = calls;
    w.cspViolations = violations;
    const text = (b: unknown) =>
      typeof b === 'string' ? b : b === undefined || b === null ? '' : `[${typeof b}]`;
    const record = (api: string, url: unknown, body?: unknown) =>
      calls.push({ api, url: String(url), body: text(body) });
    const realFetch = window.fetch;
    window.fetch = function (this: unknown, input: RequestInfo | URL, init?: RequestInit) {
      record('fetch', input instanceof Request ? input.url : input, init?.body);
      return realFetch.call(this, input, init);
    } as typeof fetch;
    const realOpen = XMLHttpRequest.prototype.open;
    XMLHttpRequest.prototype.open = function (this: XMLHttpRequest, ...args: unknown[]) {
      record('xhr', args[1]);
      return (realOpen as (...a: unknown[]) => void).apply(this, args);
    } as typeof XMLHttpRequest.prototype.open;
    const realSend = XMLHttpRequest.prototype.send;
    XMLHttpRequest.prototype.send = function (this: XMLHttpRequest, body) {
      record('xhr.send', '', body);
      return realSend.call(this, body);
    };
    const realBeacon = navigator.sendBeacon.bind(navigator);
    navigator.sendBeacon = (url, data) => {
      record('sendBeacon', url, data);
      return realBeacon(url, data);
    };
    const RealSocket = window.WebSocket;
    window.WebSocket = class extends RealSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        record('WebSocket', url);
        super(url, protocols);
      }
    };
    const RealSource = window.EventSource;
    window.EventSource = class extends RealSource {
      constructor(url: string | URL, init?: EventSourceInit) {
        record('EventSource', url);
        super(url, init);
      }
    };
    document.addEventListener(
      'securitypolicyviolation',
      (e) => violations.push(`${e.effectiveDirective} ${e.blockedURI}`),
      true,
    );
  });
  context.on('request', (r) =>
    requests.push({ via: 'event', url: r.url(), method: r.method(), body: r.postData() ?? '' }),
  );
  context.on('serviceworker', () => serviceWorkers++);
  await context.route('**/*', async (route) => {
    const r = route.request();
    requests.push({ via: 'route', url: r.url(), method: r.method(), body: r.postData() ?? '' });
    await route.continue();
  });
  page = await context.newPage();
  cdp = await context.newCDPSession(page);
  cdp.on('Network.requestWillBeSent', (e) =>
    requests.push({
      via: 'cdp',
      url: e.request.url,
      method: e.request.method,
      body: e.request.postData ?? '',
    }),
  );
  cdp.on('Network.webSocketCreated', (e) =>
    requests.push({ via: 'cdp-websocket', url: e.url, method: 'GET', body: '' }),
  );
  await cdp.send('Network.enable');
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('download', (d) => downloads.push(d.suggestedFilename()));
});

afterAll(async () => {
  await built?.close();
});

const by = (id: string) => page.locator(`[data-testid="${id}"]`);

/** Runs every button of an export menu: a file is downloaded, or text shown and downloaded. */
async function exportAll(menu: string): Promise<string[]> {
  const buttons = by(menu).locator('.bar button[data-action]');
  const count = await buttons.count();
  expect(count, menu).toBeGreaterThan(0);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const button = buttons.nth(i);
    const isText = (await button.getAttribute('aria-pressed')) !== null;
    const trigger: Locator = isText
      ? by(menu).locator('.text button', { hasText: /^\s*Download / })
      : button;
    if (isText) {
      await button.click();
      await trigger.waitFor({ timeout: 60_000 });
    }
    const [file] = await Promise.all([
      page.waitForEvent('download', { timeout: 120_000 }),
      trigger.click(),
    ]);
    await file.path();
    names.push(file.suggestedFilename());
    expect(await by(menu).locator('[data-testid="export-error"]').count()).toBe(0);
  }
  return names;
}

/** Copies the share link; returns it as the Copy link control shows it. */
async function copiedLink(): Promise<string> {
  await by('copy-link').click();
  await by('share-url').waitFor({ state: 'visible' });
  return by('share-url').inputValue();
}

test('a whole session sends nothing off the origin, and no request carries the user data', async () => {
  const origin = built.origin;
  await page.goto(`${origin}/`);
  await expect.poll(() => by('engine-badge').textContent(), { timeout: 30_000 }).toMatch(/GPU|CPU/);

  // Open the user's CSV (as the file picker gives it) and fit it with a small bootstrap.
  await by('tab-fit').click();
  await by('file').setInputFiles({
    name: MARKER_NAME,
    mimeType: 'text/csv',
    buffer: Buffer.from(markerCsv()),
  });
  await expect.poll(() => by('usable-count').textContent()).toMatch(/· 24 data rows/);
  expect(await by('dataset-name').textContent()).toContain(MARKER_NAME);
  await page.locator('select[data-option="starts"]').selectOption('random');
  await page.locator('input[data-option="randomStarts"]').fill('60');
  await page.locator('input[data-option="bootstrap"]').fill('50');
  await by('fit').click();
  await by('fit-result').waitFor({ timeout: 120_000 });
  const fitFiles = [
    ...(await exportAll('export-fit')),
    ...(await exportAll('export-residuals')),
    ...(await exportAll('export-cloud')),
  ];
  expect(fitFiles.some((f) => f.endsWith('.json'))).toBe(true);

  // Frontier with the fitted law's bands; a small sweep.
  await by('tab-frontier').click();
  await expect
    .poll(() => by('bands-status').textContent(), { timeout: 90_000 })
    .toMatch(/bands over 50 bootstrap replicas/);
  await by('tab-sweep').click();
  for (const axis of ['x', 'y']) await by(`sweep-count-${axis}`).fill('8');
  await by('sweep-run').click();
  await expect.poll(() => by('sweep-done').count(), { timeout: 60_000 }).toBe(1);

  // Share: the link without the data, then with it (compressed in the fragment).
  const bare = await copiedLink();
  expect(bare).not.toContain('#');
  await by('include-data').check();
  const withData = await copiedLink();
  expect(withData).toMatch(/#data=[A-Za-z0-9_-]+$/);
  await by('include-data').uncheck();
  expect(await copiedLink()).toBe(bare);

  // Every export of the Surface view.
  await by('tab-surface').click();
  const surfaceFiles = await exportAll('export-surface');
  expect(surfaceFiles).toContain('scaling-sweep-surface.csv');
  expect(downloads).toEqual([...fitFiles, ...surfaceFiles]);
  await page.waitForTimeout(1000);

  const seen = [...requests];
  const list = () => seen.map((r) => `${r.via} ${r.method} ${r.url.slice(0, 160)}`).join('\n');
  // Each recorder saw the page and its scripts, the CSV worker's among them.
  for (const via of ['event', 'route', 'cdp']) {
    const urls = seen.filter((r) => r.via === via).map((r) => r.url);
    expect(urls, list()).toContain(`${origin}/`);
    expect(
      urls.some((u) => /\/assets\/index-[\w-]+\.js$/.test(u)),
      list(),
    ).toBe(true);
    expect(
      urls.some((u) => /\/assets\/parse-worker-[\w-]+\.js$/.test(u)),
      list(),
    ).toBe(true);
  }

  // data: and blob: URLs never reach a network; a blob: URL's origin is the page's.
  const offOrigin = seen.filter(
    (r) => !r.url.startsWith('data:') && new URL(r.url).origin !== origin,
  );
  expect(offOrigin, list()).toEqual([]);
  const network = seen.filter((r) => /^(https?|wss?):/.test(r.url));
  const markers = [MARKER_NAME, MARKER_N, MARKER_LOSS, encodeURIComponent(MARKER_NAME)];
  const carrying = network.filter((r) =>
    markers.some((m) => r.url.includes(m) || r.body.includes(m)),
  );
  expect(carrying, list()).toEqual([]);
  // The app has no server API: nothing is posted, not even to its own origin.
  expect(network.filter((r) => r.body !== '' || !['GET', 'HEAD'].includes(r.method))).toEqual([]);
  expect(seen.filter((r) => r.via === 'cdp-websocket')).toEqual([]);

  const w = await page.evaluate(() => {
    const win = window as unknown as { netCalls: Call[]; cspViolations: string[] };
    return { calls: win.netCalls, violations: win.cspViolations };
  });
  expect(w.calls.filter((c) => c.api === 'sendBeacon' || c.api === 'WebSocket')).toEqual([]);
  expect(w.calls.filter((c) => c.api === 'EventSource')).toEqual([]);
  expect(w.calls.filter((c) => c.url !== '' && new URL(c.url, origin).origin !== origin)).toEqual(
    [],
  );
  expect(
    w.calls.filter(
      (c) =>
        !/^(data|blob):/.test(c.url) &&
        markers.some((m) => c.url.includes(m) || c.body.includes(m)),
    ),
  ).toEqual([]);
  expect(w.violations).toEqual([]);
  expect(serviceWorkers).toBe(0);
  expect(problems).toEqual([]);
});

test('the recorders see requests from the page and the worker, beacons with their bodies, and sockets', async () => {
  const origin = built.origin;
  const worker = page.workers().find((wk) => /parse-worker/.test(wk.url()));
  expect(worker, `workers: ${page.workers().map((wk) => wk.url())}`).toBeDefined();
  await worker!.evaluate(() => fetch('/probe-from-worker').catch(() => undefined));
  await page.evaluate(async () => {
    await fetch('/probe-from-page').catch(() => undefined);
    navigator.sendBeacon('/probe-beacon', 'probe-body');
    new WebSocket(`ws://${location.host}/probe-socket`).onerror = () => undefined;
  });
  const seenBy = (via: string, url: string) => requests.some((r) => r.via === via && r.url === url);
  await expect.poll(() => seenBy('event', `${origin}/probe-from-worker`)).toBe(true);
  expect(seenBy('route', `${origin}/probe-from-worker`)).toBe(true);
  for (const via of ['event', 'route', 'cdp']) {
    expect(seenBy(via, `${origin}/probe-from-page`), via).toBe(true);
    await expect.poll(() => seenBy(via, `${origin}/probe-beacon`), { message: via }).toBe(true);
  }
  const beacon = requests.filter((r) => r.url === `${origin}/probe-beacon`);
  expect(beacon.every((r) => r.method === 'POST' && r.body === 'probe-body')).toBe(true);
  const socket = `${origin.replace(/^http/, 'ws')}/probe-socket`;
  await expect.poll(() => seenBy('cdp-websocket', socket)).toBe(true);
  const calls = await page.evaluate(() =>
    (window as unknown as { netCalls: Call[] }).netCalls.map((c) => `${c.api} ${c.url}`),
  );
  expect(calls).toEqual(
    expect.arrayContaining([
      'fetch /probe-from-page',
      'sendBeacon /probe-beacon',
      `WebSocket ${socket}`,
    ]),
  );
});
