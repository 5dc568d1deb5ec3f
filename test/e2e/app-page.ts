/** The served app, and one page on it, shared by all the tests of an end-to-end file. */
import { afterAll, beforeAll } from 'vitest';
import { type AppPage, type AppSession, type InitScript, openApp, startApp } from './harness';

/**
 * Starts the app (Vite and Chromium) before the file's first test and hands it to `use`
 * (awaited), and closes both after the last test.
 */
export function withApp(use: (app: AppSession) => void | Promise<void>): void {
  let app: AppSession | undefined;
  beforeAll(async () => {
    app = await startApp();
    await use(app);
  });
  afterAll(async () => {
    await app?.close();
  });
}

/**
 * {@link withApp}, and a page of `viewport` opened on it (after the `init` scripts, at `url`
 * of the app, by default its address) that `use` gets with its console-error list.
 */
export function withAppPage(
  viewport: { width: number; height: number },
  use: (opened: AppPage, app: AppSession) => void,
  init: readonly InitScript[] = [],
  url: (app: AppSession) => string = (app) => app.url,
): void {
  withApp(async (app) => use(await openApp(app, viewport, init, url(app)), app));
}
