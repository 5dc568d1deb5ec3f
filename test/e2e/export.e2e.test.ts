/**
 * End to end, exports: in the system Chromium (WebGPU on SwiftShader), the Surface view's
 * SVG (parses, has axis labels, legend text and the heatmap embedded as a PNG), PNG (decodes,
 * twice the SVG's size) and CSV (one record per cell); after a small fit, the fit JSON in the
 * CLI's shape, the methods text, the residuals chart and the runs CSV; the Frontier and Sweep
 * figure producers on the live views; errors as text; no console errors. Files are captured
 * through Playwright's download event.
 */
import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { builtinDataset } from '../../src/data/builtin';
import { datasetHash } from '../../src/data/hash';
import { parseRuns } from '../../src/data/runs';
import { readCsv } from '../support/csv-read';
import { assertSvgSnapshot } from '../support/svg-snapshot';
import { withAppPage } from './app-page';
import { decodePng, imageStats } from './harness';

let page: Page;
let problems: string[] = [];

const version = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'))
  .version as string;

withAppPage({ width: 1280, height: 900 }, (opened) => {
  ({ page, problems } = opened);
});

const byTest = (id: string) => page.locator(`[data-testid="${id}"]`);
const action = (menu: string, id: string) => byTest(menu).locator(`button[data-action="${id}"]`);

/** Clicks an export button and returns the downloaded file's name and bytes. */
async function download(button: Locator): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([
    page.waitForEvent('download', { timeout: 120_000 }),
    button.click(),
  ]);
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: readFileSync(path) };
}

/** What the page's DOMParser makes of an SVG file. */
interface ParsedSvg {
  readonly error: string | null;
  readonly root: string;
  readonly width: number;
  readonly height: number;
  readonly viewBox: string | null;
  readonly texts: string[];
  readonly images: string[];
  readonly circles: number;
  readonly dataAttributes: number;
  readonly scripts: number;
}

function parseSvg(text: string): Promise<ParsedSvg> {
  return page.evaluate((source) => {
    const doc = new DOMParser().parseFromString(source, 'image/svg+xml');
    const error = doc.querySelector('parsererror')?.textContent ?? null;
    const root = doc.documentElement;
    return {
      error,
      root: `${root.namespaceURI} ${root.localName}`,
      width: Number(root.getAttribute('width')),
      height: Number(root.getAttribute('height')),
      viewBox: root.getAttribute('viewBox'),
      texts: Array.from(doc.querySelectorAll('text'), (t) => t.textContent?.trim() ?? ''),
      images: Array.from(doc.querySelectorAll('image'), (i) => i.getAttribute('href') ?? ''),
      circles: doc.querySelectorAll('circle').length,
      dataAttributes: Array.from(doc.querySelectorAll('*')).filter((e) =>
        Array.from(e.attributes).some((a) => a.name.startsWith('data-')),
      ).length,
      scripts: doc.querySelectorAll('script, foreignObject').length,
    };
  }, text);
}

let surfaceSvg: ParsedSvg;

test('the Surface view exports a standalone SVG with axes, legend and the heatmap image', async () => {
  await expect
    .poll(() => byTest('engine-badge').textContent(), { timeout: 30_000 })
    .toMatch(/GPU|CPU/);
  const frames = async () =>
    Number((await page.locator('canvas.heatmap').last().getAttribute('data-frames')) ?? 0);
  await expect.poll(frames, { timeout: 30_000 }).toBeGreaterThan(0);
  const before = await frames();
  await byTest('resolution').selectOption('256');
  await expect.poll(frames, { timeout: 30_000 }).toBeGreaterThan(before);
  await page.evaluate(() => new Promise((r) => setTimeout(r, 400)));

  const file = await download(action('export-surface', 'svg'));
  expect(file.name).toBe('scaling-sweep-surface.svg');
  const text = file.bytes.toString('utf8');
  expect(
    text.startsWith(
      '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"',
    ),
  ).toBe(true);
  surfaceSvg = await parseSvg(text);
  expect(surfaceSvg.error).toBeNull();
  expect(surfaceSvg.root).toBe('http://www.w3.org/2000/svg svg');
  expect(surfaceSvg.width).toBeGreaterThan(400);
  expect(surfaceSvg.viewBox).toBe(`0 0 ${surfaceSvg.width} ${surfaceSvg.height}`);
  for (const label of [
    'Parameters N',
    'Training tokens D',
    '10M',
    '1B',
    'compute-optimal',
    'L',
    'log(L − E)',
  ])
    expect(surfaceSvg.texts, label).toContain(label);
  expect(surfaceSvg.texts.some((t) => /^Loss surface L\(N, D\) = E \+ A\/N\^α/.test(t))).toBe(true);
  expect(surfaceSvg.texts.some((t) => /FLOPs$/.test(t))).toBe(true);
  expect(surfaceSvg.dataAttributes).toBe(0);
  expect(surfaceSvg.scripts).toBe(0);
  expect(surfaceSvg.images).toHaveLength(1);
  const href = surfaceSvg.images[0]!;
  expect(href.startsWith('data:image/png;base64,')).toBe(true);
  const heatmap = imageStats(Buffer.from(href.slice('data:image/png;base64,'.length), 'base64'));
  expect(heatmap.width).toBeGreaterThan(200);
  expect(heatmap.distinctColours).toBeGreaterThan(50);
  expect(heatmap.lumaVariance).toBeGreaterThan(100);
  // The whole exported figure, as a golden snapshot (heatmap pixels as a placeholder; the
  // checks above look at them): title wrapping, axes, legend, contours, runs.
  assertSvgSnapshot('app-export-surface', text);
});

test('the Surface PNG decodes at twice the SVG size', async () => {
  const file = await download(action('export-surface', 'png'));
  expect(file.name).toBe('scaling-sweep-surface-2x.png');
  const png = decodePng(file.bytes);
  expect(png.width).toBe(2 * surfaceSvg.width);
  expect(png.height).toBe(2 * surfaceSvg.height);
  const stats = imageStats(file.bytes);
  expect(stats.distinctColours).toBeGreaterThan(100);
  expect(stats.lumaVariance).toBeGreaterThan(100);
});

test('the Surface CSV has a header and one record per grid cell', async () => {
  const file = await download(action('export-surface', 'csv'));
  expect(file.name).toBe('scaling-sweep-surface.csv');
  const csv = readCsv(file.bytes.toString('utf8'));
  // The metadata header (read as pandas with comment='#' would): tool, law, grid, date.
  expect(csv.meta.tool).toBe(`scaling-sweep ${version}`);
  expect(csv.meta.law).toMatch(
    /^E=1\.69 A=406\.4 B=410\.7 alpha=0\.34 beta=0\.28 \(preset hoffmann2022/,
  );
  expect(csv.meta.grid).toMatch(/in 256 log-spaced columns \/ D .* in 256 log-spaced rows$/);
  expect(Number.isNaN(Date.parse(csv.meta.date ?? ''))).toBe(false);
  const lines = file.bytes
    .toString('utf8')
    .split('\r\n')
    .filter((l) => !l.startsWith('#'));
  expect(lines.pop()).toBe('');
  expect(lines[0]).toBe('N (parameters),D (training tokens),loss (nats/token)');
  expect(lines.length).toBe(256 * 256 + 1);
  expect(lines[1]).toMatch(/^10000000,100000000,5\.7\d*$/);
  const losses = lines.slice(1).map((l) => Number(l.split(',')[2]));
  expect(losses.every((L) => L > 1.69 && L < 6)).toBe(true);
});

test('keyboard: an export button runs on Enter; a failing producer shows its message as text', async () => {
  const csv = action('export-surface', 'csv');
  await csv.focus();
  const [file] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  expect(file.suggestedFilename()).toBe('scaling-sweep-surface.csv');
  expect(await byTest('export-surface').locator('[role="group"]').getAttribute('aria-label')).toBe(
    'Export the loss surface',
  );

  await page.evaluate(() => {
    const menu = document.createElement('export-menu') as HTMLElement & { actions: unknown };
    menu.dataset.testid = 'export-probe';
    menu.actions = [
      {
        id: 'boom',
        label: 'Boom',
        produce: () => {
          throw new Error('<img src=x onerror="window.__xss=1">');
        },
      },
    ];
    document.body.append(menu);
  });
  await action('export-probe', 'boom').click();
  const error = byTest('export-probe').locator('[data-testid="export-error"]');
  await expect
    .poll(() => error.textContent())
    .toBe('Boom export failed: <img src=x onerror="window.__xss=1">');
  expect(await error.getAttribute('role')).toBe('alert');
  expect(await byTest('export-probe').locator('img').count()).toBe(0);
  expect(
    await page.evaluate(() => (window as unknown as { __xss?: number }).__xss),
  ).toBeUndefined();
  await page.evaluate(() => document.querySelector('[data-testid="export-probe"]')?.remove());
});

test('a blank canvas read-back is redrawn through the spec; the surface redraw is the engine grid', async () => {
  const result = (await page.evaluate(`(async () => {
    const figure = await import('/src/export/figure.ts');
    const surface = await import('/src/export/surface.ts');
    const legend = await import('/src/ui/charts/legend.ts');
    const view = document.querySelector('scaling-sweep-app').shadowRoot.querySelector('surface-view');
    const grid = { ...view.grid, width: 64, height: 48 };
    const scale = legend.colourScaleFor(view.law, grid, view.colourMode);
    const redrawn = await surface.surfaceHeatmapImage(await view.manager.whenReady(), view.law, grid, scale);
    const root = document.createElement('div');
    const canvas = document.createElement('canvas');
    canvas.width = 40;
    canvas.height = 30;
    root.append(canvas);
    document.body.append(root);
    let asked = 0;
    const blank = await figure.composeFigure({
      roots: [root],
      canvasImage: async () => { asked++; return redrawn; },
    });
    root.remove();
    return { redrawn, asked, svg: blank.svg };
  })()`)) as { redrawn: string; asked: number; svg: string };
  expect(result.asked).toBe(1);
  const svg = await parseSvg(result.svg);
  expect(svg.images).toEqual([result.redrawn]);
  const image = imageStats(Buffer.from(result.redrawn.split(',')[1]!, 'base64'));
  expect([image.width, image.height]).toEqual([64, 48]);
  expect(image.distinctColours).toBeGreaterThan(20);
});

let fitEngine = '';

test('after a small fit, the fit JSON has the CLI shape', async () => {
  await byTest('tab-fit').click();
  await page.locator('select[data-option="starts"]').selectOption('random');
  await page.locator('input[data-option="randomStarts"]').fill('60');
  await page.locator('input[data-option="bootstrap"]').fill('20');
  await byTest('fit').click();
  await byTest('fit-result').waitFor({ timeout: 120_000 });
  fitEngine = (await byTest('fit-result').getAttribute('data-engine')) ?? '';

  const file = await download(action('export-fit', 'json'));
  expect(file.name).toBe('scaling-sweep-fit.json');
  const text = file.bytes.toString('utf8');
  expect(text.endsWith('}\n')).toBe(true);
  const report = JSON.parse(text);
  expect(Object.keys(report)).toEqual([
    'method',
    'engine',
    'adapter',
    'rows',
    'fit',
    'starts',
    'bootstrap',
    'warnings',
    'options',
    'seconds',
    'fitsPerSecond',
    'version',
  ]);
  expect(report.method).toBe('approach3');
  expect(report.engine).toBe(fitEngine);
  if (fitEngine === 'gpu') expect(report.adapter).toMatch(/swiftshader/i);
  else expect(report.adapter).toBeNull();
  expect(report.rows).toBe(135);
  expect(Object.keys(report.fit)).toEqual(['E', 'A', 'B', 'alpha', 'beta', 'a', 'b', 'objective']);
  expect(report.starts.total).toBe(60);
  expect(report.bootstrap.replicas).toBe(20);
  expect(Object.keys(report.bootstrap.ci95)).toEqual(['E', 'A', 'B', 'alpha', 'beta', 'a', 'b']);
  expect(report.options).toEqual({
    starts: { kind: 'random', count: 60 },
    bootstrap: 20,
    seed: 1,
    delta: 0.001,
    tieExponents: false,
    resampleGroups: true,
  });
  const alpha = Number(
    await page
      .locator('[data-testid="param-table"] tr[data-param="alpha"] td[data-cell="best"]')
      .textContent(),
  );
  expect(Math.abs(report.fit.alpha - alpha) / alpha).toBeLessThan(1e-3);
});

test('the methods text names K, seed, data hash, engine and version, and copies', async () => {
  const methods = action('export-fit', 'methods');
  await methods.focus();
  await page.keyboard.press('Enter');
  const box = byTest('export-fit').locator('[data-testid="export-text"]');
  await box.waitFor({ timeout: 10_000 });
  expect(await box.getAttribute('readonly')).not.toBeNull();
  const text = await box.inputValue();
  const runs = parseRuns(builtinDataset(1).csv).runs;
  expect(text).toContain('K = 20 bootstrap replicas');
  expect(text).toContain('seed 1');
  expect(text).toContain(datasetHash(runs));
  expect(text).toContain('from 60 starts drawn uniformly');
  expect(text).toContain('Huber loss (δ = 0.001)');
  expect(text).toContain(`Scaling Sweep ${version} on the ${fitEngine.toUpperCase()} engine`);
  expect(text).not.toMatch(/\b20\d\d-\d\d-\d\d\b/);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await byTest('export-fit').locator('[data-testid="export-copy"]').click();
  await expect
    .poll(() => byTest('export-fit').locator('[role="status"]').last().textContent())
    .toBe('Copied.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(text);
  await box.press('Escape');
  await expect.poll(() => box.count()).toBe(0);
});

test('the residuals chart exports as SVG with its dots and titles; the runs as CSV', async () => {
  const svgFile = await download(action('export-residuals', 'svg'));
  expect(svgFile.name).toBe('scaling-sweep-fit-residuals.svg');
  const svg = await parseSvg(svgFile.bytes.toString('utf8'));
  expect(svg.error).toBeNull();
  expect(svg.circles).toBe(135);
  expect(svg.texts).toContain('Residuals');
  expect(svg.texts).toContain('Compute C (FLOPs)');
  expect(svg.texts.some((t) => t.startsWith('N '))).toBe(true);

  const png = decodePng((await download(action('export-cloud', 'png'))).bytes);
  expect(png.width).toBeGreaterThan(800);

  const csv = await download(action('export-residuals', 'csv'));
  expect(csv.name).toBe('scaling-sweep-fit-runs.csv');
  const lines = csv.bytes.toString('utf8').trimEnd().split('\r\n');
  expect(lines[0]!.startsWith('row,N (parameters),D (tokens)')).toBe(true);
  expect(lines.length).toBe(135 + 1);
});

/**
 * Runs a figure producer of src/export/view-actions.ts in the page on a view's render root.
 * The script is a string: Vitest would rewrite an `import()` in a function passed to evaluate.
 */
function composeOn(view: 'frontier-view' | 'sweep-view'): Promise<string> {
  const producer = view === 'frontier-view' ? 'frontierFigure' : 'sweepFigure';
  const title = view === 'frontier-view' ? 'Frontier' : 'Sweep';
  return page.evaluate(`(async () => {
    const actions = await import('/src/export/view-actions.ts');
    const figure = await import('/src/export/figure.ts');
    const host = document.querySelector('scaling-sweep-app').shadowRoot.querySelector('${view}');
    return (await figure.composeFigure(actions.${producer}(host.shadowRoot, '${title}'))).svg;
  })()`);
}

test('the Frontier figure producer draws the four panels with titles and the ticked legend', async () => {
  await byTest('tab-frontier').click();
  await expect
    .poll(() => byTest('bands-status').textContent(), { timeout: 90_000 })
    .toMatch(/bands over 20 bootstrap replicas/);
  const svg = await parseSvg(await composeOn('frontier-view'));
  expect(svg.error).toBeNull();
  expect(svg.texts).toContain('Frontier');
  expect(svg.texts).toContain('training compute C (FLOPs)');
  expect(svg.texts.filter((t) => t === 'training compute C (FLOPs)')).toHaveLength(4);
  expect(svg.texts).toContain('fitted law');
  expect(svg.texts).toContain('bootstrap median, 25–75% and 5–95% bands');
  // Unticked overlays are not drawn, so their legend entries are left out too.
  expect(svg.texts.some((t) => t.includes('Besiroglu'))).toBe(false);
  expect(svg.texts).toContain('20 tokens/param');
});

test('the Sweep figure producer embeds the sweep heatmap with its axes and legend', async () => {
  await byTest('tab-sweep').click();
  // Without a result there is nothing to draw: the figure export says so instead of saving an
  // empty frame. (The view solves by itself as soon as its inputs can run, so they are made
  // unable to: both axes on C.)
  await byTest('sweep-field-y').selectOption('C');
  await expect.poll(() => byTest('sweep-kind-issue').count()).toBe(1);
  await action('export-sweep', 'svg').click();
  await expect
    .poll(() => byTest('export-sweep').locator('[data-testid="export-error"]').textContent())
    .toMatch(/SVG export failed: no sweep result yet: press Run first/);
  await byTest('sweep-field-y').selectOption('U');
  // A preset law, not the fit of an earlier test, so the snapshot below depends on nothing else.
  await byTest('tab-surface').click();
  await byTest('preset').selectOption('besiroglu2024');
  await byTest('tab-sweep').click();
  for (const axis of ['x', 'y']) await byTest(`sweep-count-${axis}`).fill('32');
  await byTest('sweep-run').click();
  await expect.poll(() => byTest('sweep-done').count(), { timeout: 60_000 }).toBe(1);
  await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
  const text = await composeOn('sweep-view');
  // The figure as a golden snapshot: the heatmap sits inside its axes (it was drawn ~15 px
  // low), with its contours, labels and legend.
  assertSvgSnapshot('app-export-sweep', text);
  const svg = await parseSvg(text);
  expect(svg.error).toBeNull();
  expect(svg.texts).toContain('Budget C (FLOPs)');
  expect(svg.texts).toContain('Unique tokens U');
  expect(svg.texts).toContain('N_opt');
  expect(svg.images).toHaveLength(1);
  const image = imageStats(Buffer.from(svg.images[0]!.split(',')[1]!, 'base64'));
  expect(image.width).toBe(32);
  expect(image.distinctColours).toBeGreaterThan(10);
});

test('a layout shift while the figure is composed does not move the heatmap off its axes', async () => {
  // The export menu's "Preparing…" line (or any notice) can push the chart down while a canvas
  // is read back; every part must be placed as the page stood when the export began.
  const result = await page.evaluate(`(async () => {
    const actions = await import('/src/export/view-actions.ts');
    const figure = await import('/src/export/figure.ts');
    const host = document.querySelector('scaling-sweep-app').shadowRoot.querySelector('sweep-view');
    const root = host.shadowRoot;
    const fig = root.querySelector('.figure');
    const canvas = fig.querySelector('canvas').getBoundingClientRect();
    const overlay = fig.querySelector('svg').getBoundingClientRect();
    const pending = figure.composeFigure(actions.sweepFigure(root, 'Sweep'));
    const spacer = document.createElement('div');
    spacer.style.height = '40px';
    fig.before(spacer);
    const svg = (await pending).svg;
    spacer.remove();
    return { svg, onScreen: canvas.top - overlay.top };
  })()`);
  const { svg, onScreen } = result as { svg: string; onScreen: number };
  const doc = await page.evaluate((source) => {
    const d = new DOMParser().parseFromString(source, 'image/svg+xml');
    const g = d.documentElement.querySelector('g');
    const image = g?.querySelector(':scope > image');
    const nested = g?.querySelector(':scope > svg');
    return { imageY: Number(image?.getAttribute('y')), svgY: Number(nested?.getAttribute('y')) };
  }, svg);
  expect(doc.imageY - doc.svgY).toBeCloseTo(onScreen, 0);
});

test('the Sweep and Frontier export menus download their grids as CSV', async () => {
  const sweep = await download(action('export-sweep', 'csv'));
  expect(sweep.name).toMatch(/\.csv$/);
  const rows = readCsv(sweep.bytes.toString('utf8'));
  expect(rows.rows).toHaveLength(32 * 32);
  expect(rows.header.join(',')).toMatch(/^C \(FLOPs\),U \(unique tokens\),N_opt/);
  expect(rows.meta.scenario).toBe('data-constrained');
  expect(rows.meta.grid).toMatch(
    /^x C .* in 32 log-spaced steps \/ y U .* in 32 log-spaced steps$/,
  );
  expect(rows.meta.law).toMatch(/\(preset besiroglu2024/);
  await byTest('tab-frontier').click();
  const frontier = await download(action('export-frontier', 'csv'));
  const lines = readCsv(frontier.bytes.toString('utf8'));
  expect(lines.rows).toHaveLength(512);
  expect(lines.header.join(',')).toMatch(/p50/);
  expect(lines.meta.grid).toBe('C 1e18 to 1e28 in 512 log-spaced budgets');
});

test('no console errors', () => {
  expect(problems).toEqual([]);
});
