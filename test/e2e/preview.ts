/**
 * End-to-end harness for the built app: `vite build` into a temporary folder, served by
 * `vite preview` on a free port, with the system Chromium to look at it (playwright-core).
 * The dev-server harness (harness.ts) serves the sources instead; this one checks what ships:
 * the bundle, its Content-Security-Policy, its requests. Fails (never skips) when Chromium is
 * missing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { build, type PreviewServer, preview } from 'vite';
import { chromiumArgs, requireChromium } from '../support/chromium.mjs';
import { freePort } from './harness';

const root = fileURLToPath(new URL('../..', import.meta.url));
const configFile = join(root, 'vite.config.ts');

/** The built app, served, and a browser. */
export interface BuiltApp {
  /** The folder the build went to (index.html, assets/). */
  readonly outDir: string;
  /** The page's origin, e.g. http://127.0.0.1:4173 (no trailing slash). */
  readonly origin: string;
  readonly browser: Browser;
  /** Closes the browser and the server and removes the build. */
  close(): Promise<void>;
}

/** Builds the app into a temporary folder named after `label`, serves it and starts Chromium. */
export async function startBuiltApp(label: string): Promise<BuiltApp> {
  const executablePath = requireChromium();
  const outDir = mkdtempSync(join(tmpdir(), `scaling-sweep-${label}-`));
  let server: PreviewServer | undefined;
  let browser: Browser | undefined;
  let origin = '';
  const close = async () => {
    await browser?.close();
    await server?.close();
    rmSync(outDir, { recursive: true, force: true });
  };
  try {
    await build({ root, configFile, logLevel: 'error', build: { outDir, emptyOutDir: true } });
    const port = await freePort();
    server = await preview({
      root,
      configFile,
      logLevel: 'error',
      build: { outDir },
      preview: { port, strictPort: true, host: '127.0.0.1', open: false },
    });
    origin = `http://127.0.0.1:${port}`;
    browser = await chromium.launch({ executablePath, args: chromiumArgs(), headless: true });
  } catch (e) {
    await close();
    throw e;
  }
  return { outDir, origin, browser, close };
}
