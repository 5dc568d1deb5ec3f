/**
 * The soak driver: random valid interactions with every view (Surface, Fit, Frontier, Sweep,
 * Bench) from a seeded source, and the measurements the soak and leak checks compare (GPU
 * resources of the engine in use, every GPU buffer and texture the page made, JS heap after a
 * full GC, DOM nodes and listeners). Used by test/e2e/soak.e2e.test.ts, which `npm run soak`
 * runs for longer (test/soak/run.mjs).
 */
import type { CDPSession, Locator, Page } from 'playwright-core';
import { byTest, gpuCounts, seededRandom } from '../e2e/fault-kit';
import type { InitScript } from '../e2e/harness';

/** Buffers and textures the page created and has not destroyed, whoever made them. */
export interface Census {
  readonly buffers: number;
  readonly textures: number;
}

/**
 * Counts every GPUBuffer and GPUTexture created in the page, less those destroyed: by their own
 * destroy() (counted once) or with their device (device.destroy(), as the Bench view does with
 * its own device). Runs before the app loads.
 */
export const gpuCensus: InitScript = {
  fn: () => {
    type Kind = 'buffers' | 'textures';
    const live = { buffers: 0, textures: 0 };
    (window as unknown as { __gpuCensus: typeof live }).__gpuCensus = live;
    const perDevice = new Map<GPUDevice, { buffers: number; textures: number }>();
    const ownerOf = new WeakMap<object, GPUDevice>();
    const made = (device: GPUDevice, thing: object, kind: Kind) => {
      const n = perDevice.get(device) ?? { buffers: 0, textures: 0 };
      perDevice.set(device, n);
      n[kind]++;
      live[kind]++;
      ownerOf.set(thing, device);
    };
    const gone = (thing: object, kind: Kind) => {
      const device = ownerOf.get(thing);
      const n = device && perDevice.get(device);
      ownerOf.delete(thing);
      if (!n) return;
      n[kind]--;
      live[kind]--;
    };
    const createBuffer = GPUDevice.prototype.createBuffer;
    GPUDevice.prototype.createBuffer = function (d) {
      const b = createBuffer.call(this, d);
      made(this, b, 'buffers');
      return b;
    };
    const createTexture = GPUDevice.prototype.createTexture;
    GPUDevice.prototype.createTexture = function (d) {
      const t = createTexture.call(this, d);
      made(this, t, 'textures');
      return t;
    };
    const destroyBuffer = GPUBuffer.prototype.destroy;
    GPUBuffer.prototype.destroy = function () {
      gone(this, 'buffers');
      destroyBuffer.call(this);
    };
    const destroyTexture = GPUTexture.prototype.destroy;
    GPUTexture.prototype.destroy = function () {
      gone(this, 'textures');
      destroyTexture.call(this);
    };
    const destroyDevice = GPUDevice.prototype.destroy;
    GPUDevice.prototype.destroy = function () {
      const n = perDevice.get(this);
      if (n) {
        live.buffers -= n.buffers;
        live.textures -= n.textures;
        perDevice.delete(this);
      }
      destroyDevice.call(this);
    };
  },
};

/** One reading of everything the soak bounds. */
export interface Reading {
  readonly at: number;
  readonly heapUsedMB: number;
  readonly domNodes: number;
  readonly listeners: number;
  readonly resources: { liveBuffers: number; liveTextures: number; createdBuffers: number };
  readonly census: Census;
}

/** Reads the heap (after a full GC), DOM counts and GPU counts of `page`. */
export async function measure(page: Page, cdp: CDPSession, started: number): Promise<Reading> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
  const r = await gpuCounts(page);
  const census = await page.evaluate(() => ({
    ...(window as unknown as { __gpuCensus: Census }).__gpuCensus,
  }));
  return {
    at: Math.round((Date.now() - started) / 1000),
    heapUsedMB: Math.round((metric('JSHeapUsedSize') / 2 ** 20) * 10) / 10,
    domNodes: metric('Nodes'),
    listeners: metric('JSEventListeners'),
    resources: {
      liveBuffers: r.liveBuffers,
      liveTextures: r.liveTextures,
      createdBuffers: r.createdBuffers,
    },
    census,
  };
}

/** Opens a CDP session on `page` with the Performance domain on. */
export async function metricsSession(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return cdp;
}

/**
 * `count` consecutive Surface redraws, each from a new alpha (the slider), each waited for:
 * resolves with the number of frames drawn.
 */
export function redraws(page: Page, count: number): Promise<number> {
  return page.evaluate(async (n) => {
    const app = document.querySelector('scaling-sweep-app')!.shadowRoot!;
    const slider = app
      .querySelector('law-controls')!
      .shadowRoot!.querySelector<HTMLInputElement>('input[data-slider="alpha"]')!;
    const canvas = () =>
      app
        .querySelector('surface-view')!
        .shadowRoot!.querySelector<HTMLCanvasElement>('canvas.heatmap:last-of-type')!;
    const frames = () => Number(canvas().dataset.frames ?? 0);
    const first = frames();
    for (let i = 0; i < n; i++) {
      const before = frames();
      slider.value = (0.3 + (i % 2) * 0.01 + (i % 50) * 0.001).toFixed(3);
      slider.dispatchEvent(new Event('input', { bubbles: true }));
      const until = performance.now() + 10_000;
      while (frames() === before) {
        if (performance.now() > until) throw new Error(`redraw ${i} did not come within 10 s`);
        await new Promise((r) => requestAnimationFrame(r));
      }
    }
    return frames() - first;
  }, count);
}

type Action = (page: Page, random: () => number) => Promise<void>;

const pick = <T>(random: () => number, xs: readonly T[]): T =>
  xs[Math.floor(random() * xs.length)]!;

async function view(page: Page, id: string): Promise<void> {
  await byTest(page, `tab-${id}`).click();
}

/** Valid interactions with each view; each leaves no job running past its own wait. */
const ACTIONS: Record<string, Action> = {
  async surfaceSlider(page, random) {
    await view(page, 'surface');
    const field = pick(random, ['E', 'A', 'B', 'alpha', 'beta']);
    const slider = page.locator(`input[data-slider="${field}"]`);
    const box = await slider.boundingBox();
    if (!box) return;
    await page.mouse.move(box.x + random() * box.width, box.y + box.height / 2);
    await page.mouse.down();
    for (let i = 0; i < 8; i++)
      await page.mouse.move(box.x + random() * box.width, box.y + box.height / 2, { steps: 2 });
    await page.mouse.up();
  },
  async surfacePreset(page, random) {
    await view(page, 'surface');
    await byTest(page, 'preset').selectOption(
      pick(random, ['hoffmann2022', 'hoffmann2022-unrounded', 'besiroglu2024', 'muennighoff2023']),
    );
  },
  async surfaceGrid(page, random) {
    await view(page, 'surface');
    await byTest(page, 'resolution').selectOption(pick(random, ['256', '512', '1024', '2048']));
    await page
      .locator('colour-toggle button')
      .nth(Math.floor(random() * 2))
      .click();
  },
  async surfaceHover(page, random) {
    await view(page, 'surface');
    const hit = byTest(page, 'plot-hit');
    const box = await hit.boundingBox();
    if (!box) return;
    for (let i = 0; i < 5; i++)
      await hit.hover({ position: { x: random() * box.width, y: random() * box.height } });
  },
  async fit(page, random) {
    await view(page, 'fit');
    await page
      .locator('input[data-option="bootstrap"]')
      .fill(String(20 + Math.floor(random() * 80)));
    await byTest(page, 'fit').click();
    if (random() < 0.3) {
      await page.waitForTimeout(200 + random() * 800);
      await clickWhileEnabled(byTest(page, 'fit-cancel'));
    }
    await byTest(page, 'fit-progress').waitFor({ state: 'detached', timeout: 120_000 });
  },
  async fitExclude(page, random) {
    await view(page, 'fit');
    const boxes = page.locator('[data-testid="runs-table"] input[type="checkbox"]');
    const n = await boxes.count();
    if (n > 0) await boxes.nth(Math.floor(random() * Math.min(n, 20))).click();
  },
  async frontierPlanner(page, random) {
    await view(page, 'frontier');
    const flops = byTest(page, 'planner-flops');
    await flops.fill(
      `${(1 + Math.floor(random() * 9)).toString()}e${20 + Math.floor(random() * 6)}`,
    );
    await flops.press('Enter');
    await flops.blur();
  },
  async frontierOverlays(page, random) {
    await view(page, 'frontier');
    const id = pick(random, ['show-kaplan', 'show-ratio', 'show-models', 'overlay-besiroglu2024']);
    await byTest(page, id).click();
  },
  async sweep(page, random) {
    await view(page, 'sweep');
    const n = String(32 + Math.floor(random() * 96));
    for (const axis of ['x', 'y']) await byTest(page, `sweep-count-${axis}`).fill(n);
    if (!(await clickWhileEnabled(byTest(page, 'sweep-run')))) return;
    await byTest(page, 'sweep-progress').waitFor({ state: 'detached', timeout: 120_000 });
    const hit = byTest(page, 'sweep-hit');
    const box = await hit.boundingBox();
    if (box) await hit.hover({ position: { x: random() * box.width, y: random() * box.height } });
  },
  async bench(page, random) {
    await view(page, 'bench');
    const run = byTest(page, 'bench-run');
    if (!(await run.isEnabled())) return;
    await byTest(page, 'bench-preset').selectOption('smoke');
    await run.click();
    await page.waitForTimeout(500 + random() * 2000);
    await clickWhileEnabled(byTest(page, 'bench-cancel'));
    await byTest(page, 'bench-progress').waitFor({ state: 'detached', timeout: 60_000 });
  },
};

/**
 * Clicks a control that may turn disabled between the check and the click (a run that ends on its
 * own disables its Cancel): returns false when it is disabled, or turned disabled while the click
 * waited; any other failure is thrown.
 */
async function clickWhileEnabled(control: Locator): Promise<boolean> {
  if ((await control.count()) === 0 || !(await control.isEnabled())) return false;
  try {
    await control.click({ timeout: 5_000 });
    return true;
  } catch (error) {
    if ((await control.count()) === 0 || !(await control.isEnabled())) return false;
    throw error;
  }
}

/** Names of the interactions, in a fixed order. */
export const ACTION_NAMES = Object.keys(ACTIONS);

/** Runs the interaction called `name` once. */
export function runAction(page: Page, name: string, random: () => number): Promise<void> {
  const action = ACTIONS[name];
  if (!action) throw new Error(`no interaction called ${name}`);
  return action(page, random);
}

/** Runs every interaction once, in order (the warm-up before a baseline reading). */
export async function everyAction(page: Page, seed: number): Promise<void> {
  const random = seededRandom(seed);
  for (const name of ACTION_NAMES) await ACTIONS[name]!(page, random);
}

/**
 * Random interactions until `deadline` (ms since the epoch), with random pauses of 0-300 ms;
 * `onTick` runs about every `tickMs`. Resolves with how often each interaction ran.
 */
export async function soak(
  page: Page,
  seed: number,
  deadline: number,
  onTick?: () => Promise<void>,
  tickMs = 30_000,
): Promise<Record<string, number>> {
  const random = seededRandom(seed);
  const counts: Record<string, number> = {};
  let nextTick = Date.now() + tickMs;
  while (Date.now() < deadline) {
    const name = pick(random, ACTION_NAMES);
    await ACTIONS[name]!(page, random);
    counts[name] = (counts[name] ?? 0) + 1;
    await page.waitForTimeout(random() * 300);
    if (onTick && Date.now() >= nextTick) {
      await onTick();
      nextTick = Date.now() + tickMs;
    }
  }
  return counts;
}

/** Puts the Surface view back in its default state (the baseline's), and waits for it to draw. */
export async function backToBaseline(page: Page): Promise<void> {
  await byTest(page, 'tab-surface').click();
  await byTest(page, 'preset').selectOption('hoffmann2022');
  await byTest(page, 'resolution').selectOption('1024');
  await page.locator('colour-toggle button[data-mode="log-reducible"]').click();
}
