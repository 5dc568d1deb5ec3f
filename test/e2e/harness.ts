/**
 * End-to-end harness: the app served by Vite (programmatically, no HMR) and the system Chromium
 * with WebGPU on SwiftShader, driven by playwright-core.
 */
import { createServer as createNetServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import { type Browser, chromium, type Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { chromiumArgs, requireChromium } from '../support/chromium.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** A free TCP port on localhost. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createNetServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** The served app and a browser to look at it with. */
export interface AppSession {
  readonly url: string;
  readonly server: ViteDevServer;
  readonly browser: Browser;
  close(): Promise<void>;
}

/** Starts Vite on a free port and launches Chromium; throws if Chromium is missing. */
export async function startApp(): Promise<AppSession> {
  const executablePath = requireChromium();
  const port = await freePort();
  const server = await createServer({
    root,
    configFile: `${root}/vite.config.ts`,
    logLevel: 'error',
    clearScreen: false,
    server: { port, strictPort: true, host: '127.0.0.1', hmr: false, open: false },
    // The CPU worker's imports are not in the entry scan: pre-bundle them so a first run (empty
    // cache) does not re-optimise mid-test and invalidate the worker's module URLs.
    optimizeDeps: { include: ['comlink', 'lit', 'lit/decorators.js', 'd3'] },
  });
  await server.listen();
  const browser = await chromium.launch({ executablePath, args: chromiumArgs(), headless: true });
  return {
    url: `http://127.0.0.1:${port}/`,
    server,
    browser,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** A page on the app with every console error and page error collected in `problems`. */
export interface AppPage {
  readonly page: Page;
  readonly problems: string[];
}

/** A script run in the page before any of the app's code: a function and its argument. */
export interface InitScript<A = unknown> {
  /** A method, so that scripts of any argument type fit one list. */
  fn(arg: A): void;
  readonly arg?: A;
}

/**
 * The app's address with the GPU engine chosen (the link's `engine=gpu`): every kind of job
 * runs on the GPU, where `auto` would send fits, and any kind its measurement finds slower on
 * SwiftShader, to the CPU. Tests of the GPU path open this.
 */
export function gpuUrl(app: AppSession): string {
  return `${app.url}?v=1&engine=gpu`;
}

/**
 * Opens the app (or `url`) in a fresh browser context of the given viewport, collecting errors;
 * `init` runs first in every document (to patch WebGPU before the app asks for a device).
 */
export async function openApp(
  app: AppSession,
  viewport: { width: number; height: number },
  init: readonly InitScript[] = [],
  url = app.url,
): Promise<AppPage> {
  const context = await app.browser.newContext({ viewport });
  for (const s of init) await context.addInitScript(s.fn, s.arg);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(url);
  return { page, problems };
}

/** A decoded 8-bit RGBA image. */
export interface Rgba {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Decodes a non-interlaced 8-bit RGB or RGBA PNG (what Chromium's screenshots are). */
export function decodePng(png: Buffer): Rgba {
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('ascii', offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const [depth, colour, , , interlace] = [body[8], body[9], body[10], body[11], body[12]];
      if (depth !== 8 || interlace !== 0 || (colour !== 2 && colour !== 6)) {
        throw new Error(
          `unsupported PNG: depth ${depth}, colour type ${colour}, interlace ${interlace}`,
        );
      }
      channels = colour === 6 ? 4 : 3;
    } else if (type === 'IDAT') {
      idat.push(body);
    }
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const px = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const src = y * (stride + 1) + 1;
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? px[y * stride + x - channels]! : 0;
      const b = y > 0 ? px[(y - 1) * stride + x]! : 0;
      const c = x >= channels && y > 0 ? px[(y - 1) * stride + x - channels]! : 0;
      const predictor = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter] ?? 0;
      px[y * stride + x] = (raw[src + x]! + predictor) & 255;
    }
  }
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    data.set(px.subarray(i * channels, i * channels + 3), i * 4);
    data[i * 4 + 3] = channels === 4 ? px[i * 4 + 3]! : 255;
  }
  return { width, height, data };
}

/** Pixel statistics of an image: distinct colours and the variance of luminance. */
export interface ImageStats {
  readonly width: number;
  readonly height: number;
  readonly distinctColours: number;
  readonly lumaVariance: number;
}

/** Measures a PNG screenshot. */
export function imageStats(png: Buffer): ImageStats {
  const { width, height, data } = decodePng(png);
  const colours = new Set<number>();
  let sum = 0;
  let sum2 = 0;
  const n = width * height;
  for (let i = 0; i < data.length; i += 4) {
    colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
    const y = 0.2126 * data[i]! + 0.7152 * data[i + 1]! + 0.0722 * data[i + 2]!;
    sum += y;
    sum2 += y * y;
  }
  const mean = sum / n;
  return { width, height, distinctColours: colours.size, lumaVariance: sum2 / n - mean * mean };
}
