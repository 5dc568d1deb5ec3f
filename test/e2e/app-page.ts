/** One served app and one page on it, shared by all the tests of an end-to-end file. */
import { afterAll, beforeAll } from 'vitest';
import { type AppPage, type AppSession, openApp, startApp } from './harness';

/**
 * Starts the app and opens a page of `viewport` on it before the file's first test, hands the
 * page (with its console-error list) to `use`, and closes the browser and server after the last.
 */
export function withAppPage(
  viewport: { width: number; height: number },
  use: (opened: AppPage) => void,
): void {
  let app: AppSession | undefined;
  beforeAll(async () => {
    app = await startApp();
    use(await openApp(app, viewport));
  });
  afterAll(async () => {
    await app?.close();
  });
}
