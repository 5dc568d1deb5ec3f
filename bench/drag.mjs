// Interactive feel (issue 6): drags the alpha slider of the running app (Surface view, 1024²)
// with the mouse at display rate in headless Chromium, on the GPU engine and on the CPU engine,
// and reports per input event the time until a frame showing it was on screen. The mouse moves
// go through Chromium's input pipeline (CDP Input.dispatchMouseEvent), one pixel (one or more
// slider steps) per 1/60 s; the page side (src/bench/drag-driver.ts, loaded into the app by
// Vite) records inputs, the app's 'surface-frame' marks, animation frames and long tasks.

/** Display rate the mouse moves at. */
export const DRAG_HZ = 60;
/** Measured input events per engine, after DRAG_WARMUP untimed ones. */
export const DRAG_EVENTS = 120;
export const DRAG_WARMUP = 12;
/** The grid the drag runs at (the app's default). */
export const DRAG_GRID = { width: 1024, height: 1024 };
const FIELD = 'alpha';
const VIEWPORT = { width: 1280, height: 900 };
const READY_MS = 90_000;
const SETTLE_MS = 600;
const LAST_FRAME_MS = 30_000;

const sleep = (ms) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/**
 * X positions of `count` moves one pixel apart from `start`, turning back at the ends of
 * [min, max] (a slider narrower than the drag is crossed back and forth).
 */
export function dragPath(start, count, min, max) {
  const out = [];
  let x = Math.round(start);
  let step = 1;
  for (let i = 0; i < count; i++) {
    if (x + step > max || x + step < min) step = -step;
    x += step;
    out.push(x);
  }
  return out;
}

/** Moves the mouse along `xs` at DRAG_HZ, without waiting for each move to be handled. */
async function moveAlong(mouse, xs, y) {
  const period = 1000 / DRAG_HZ;
  const t0 = performance.now();
  const sent = [];
  for (const [i, x] of xs.entries()) {
    await sleep(t0 + i * period - performance.now());
    sent.push(mouse('mouseMoved', x, y));
  }
  await Promise.all(sent);
}

/**
 * One drag on one engine in a fresh browser context. Returns {row, stats, engineLabel};
 * throws if the app does not draw with that engine or the page reports an error.
 */
export async function dragOnce(browser, baseUrl, engine) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    const { width, height } = DRAG_GRID;
    await page.goto(new URL(`?v=1&engine=${engine}&res=${width}x${height}`, baseUrl).href);
    const canvas = page.locator(`canvas.heatmap[data-engine="${engine}"]`).last();
    await canvas.waitFor({ state: 'attached', timeout: READY_MS });
    await page.waitForFunction(
      (el) => Number(el?.dataset.frames ?? 0) > 0,
      await canvas.elementHandle(),
      { timeout: READY_MS },
    );
    const badge = await page.locator('[data-testid="engine-badge"]').textContent();
    await page.evaluate(async (field) => {
      const driver = await import('/src/bench/drag-driver.ts');
      window.__scalingSweepDrag = driver.startDragRecorder(field);
    }, FIELD);
    const slider = page.locator(`input[data-slider="${FIELD}"]`);
    const box = await slider.boundingBox();
    if (!box) throw new Error(`the ${FIELD} slider is not visible`);
    const cdp = await context.newCDPSession(page);
    const y = box.y + box.height / 2;
    const mouse = (type, x, at) =>
      cdp.send('Input.dispatchMouseEvent', {
        type,
        x,
        y: at,
        button: 'left',
        buttons: type === 'mouseReleased' ? 0 : 1,
        clickCount: type === 'mouseMoved' ? 0 : 1,
      });
    const min = Math.ceil(box.x + 2);
    const max = Math.floor(box.x + box.width - 2);
    const start = box.x + box.width * 0.25;
    const path = dragPath(start, DRAG_WARMUP + DRAG_EVENTS, min, max);
    await mouse('mouseMoved', start, y);
    await mouse('mousePressed', start, y);
    // Warm-up: the first moves of a drag, then let the picture settle (contours, labels).
    await moveAlong(mouse, path.slice(0, DRAG_WARMUP), y);
    const warmed = Number(await slider.inputValue());
    await page.waitForFunction((v) => window.__scalingSweepDrag.drawn(v), warmed, {
      timeout: LAST_FRAME_MS,
    });
    await sleep(SETTLE_MS);
    await page.evaluate(() => window.__scalingSweepDrag.begin());
    await moveAlong(mouse, path.slice(DRAG_WARMUP), y);
    let timedOut = false;
    try {
      await page.waitForFunction(
        () => {
          const d = window.__scalingSweepDrag;
          const last = d.lastValue();
          return last !== undefined && d.presented(last);
        },
        null,
        { timeout: LAST_FRAME_MS, polling: 'raf' },
      );
    } catch {
      timedOut = true;
    }
    const setup = {
      engine,
      grid: `${width}x${height}`,
      parameter: FIELD,
      input: `mouse moves of 1 px at ${DRAG_HZ} Hz through CDP Input.dispatchMouseEvent`,
    };
    const { stats, row } = await page.evaluate(async (s) => {
      const { dragRow } = await import('/src/bench/drag-stats.ts');
      const { stats } = window.__scalingSweepDrag.stop();
      return { stats, row: dragRow(s, stats) };
    }, setup);
    await mouse('mouseReleased', path[path.length - 1], y);
    if (errors.length > 0) throw new Error(`the app logged errors:\n  ${errors.join('\n  ')}`);
    if (stats.inputs === 0) {
      throw new Error(`${engine}: no mouse move reached the ${FIELD} slider as an input event`);
    }
    const moved = { ...row, mouseMoves: DRAG_EVENTS };
    return {
      row: timedOut ? { ...moved, note: 'the last input was not drawn in time' } : moved,
      stats,
      badge,
    };
  } finally {
    await context.close();
  }
}

/** The drag-frame rows: the alpha drag in the app on the GPU engine, then on the CPU engine. */
export async function dragRows(browser, base) {
  const rows = [];
  for (const engine of ['gpu', 'cpu']) {
    console.error(`[bench] drag: alpha at 1024² in the app, ${engine.toUpperCase()} engine…`);
    const { row, badge } = await dragOnce(browser, base, engine);
    console.error(
      `[bench] drag ${engine} (${badge?.trim()}): ${row.inputs} inputs, ${row.framesDrawn} frames, ` +
        `p50 ${(row.p50 * 1e3).toFixed(0)} ms, p95 ${(row.p95 * 1e3).toFixed(0)} ms`,
    );
    rows.push(row);
  }
  return rows;
}
