// Interactive feel: drags the alpha slider of the running app (Surface view, 512² and 1024²)
// with the mouse at display rate in headless Chromium, on the GPU engine and on the CPU engine,
// and reports per input event the time until a frame showing it was on screen, and per drawn
// frame the renderer main thread's and the GPU process's busy time from a Chrome trace of the
// drag (src/bench/trace-frames.ts). The mouse moves
// go through Chromium's input pipeline (CDP Input.dispatchMouseEvent), one pixel (one or more
// slider steps) per 1/60 s; the page side (src/bench/drag-driver.ts, loaded into the app by
// Vite) records inputs, the app's 'surface-frame' marks, animation frames and long tasks.

/** Display rate the mouse moves at. */
export const DRAG_HZ = 60;
/** Measured input events per engine, after DRAG_WARMUP untimed ones. */
export const DRAG_EVENTS = 120;
export const DRAG_WARMUP = 12;
/** The grid sides the drag runs at by default (--drag-grids): 512² and the app's default 1024². */
export const DRAG_GRIDS = [512, 1024];
/**
 * Trace categories: top-level tasks of every thread (renderer main thread, GPU process), the
 * app's user-timing marks, and the timeline and GPU categories for reading the trace by hand.
 */
export const TRACE_CATEGORIES = [
  'toplevel',
  'blink.user_timing',
  'disabled-by-default-devtools.timeline',
  'devtools.timeline',
  'gpu',
  'disabled-by-default-gpu.dawn',
  '__metadata',
];
const FIELD = 'alpha';
const VIEWPORT = { width: 1280, height: 900 };
const READY_MS = 90_000;
const SETTLE_MS = 600;
const LAST_FRAME_MS = 30_000;

/**
 * Keeps the trace events the frame budget reads (src/bench/trace-frames.ts): metadata,
 * top-level tasks and user-timing marks (the rest of a trace is large and not needed).
 */
export function budgetEvents(events) {
  return events.filter(
    (e) =>
      e.ph === 'M' ||
      (e.ph === 'X' && String(e.cat).split(',').includes('toplevel')) ||
      String(e.cat).split(',').includes('blink.user_timing'),
  );
}

/** Reads a CDP stream to its end and returns its text. */
async function readStream(cdp, handle) {
  const parts = [];
  for (;;) {
    const { data, eof, base64Encoded } = await cdp.send('IO.read', { handle, size: 1 << 22 });
    parts.push(base64Encoded ? Buffer.from(data, 'base64').toString('utf8') : data);
    if (eof) break;
  }
  await cdp.send('IO.close', { handle });
  return parts.join('');
}

/** Ends the trace started on `cdp` and returns its events. */
async function endTrace(cdp) {
  const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.end');
  const { stream } = await done;
  const parsed = JSON.parse(await readStream(cdp, stream));
  return Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
}

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
export async function dragOnce(browser, baseUrl, engine, side = 1024, { profile = false } = {}) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    const width = side;
    const height = side;
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
    await cdp.send('Tracing.start', {
      traceConfig: { includedCategories: TRACE_CATEGORIES },
      transferMode: 'ReturnAsStream',
    });
    if (profile) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
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
    const cpuProfile = profile ? (await cdp.send('Profiler.stop')).profile : undefined;
    const events = budgetEvents(await endTrace(cdp));
    const setup = {
      engine,
      grid: `${width}x${height}`,
      parameter: FIELD,
      input: `mouse moves of 1 px at ${DRAG_HZ} Hz through CDP Input.dispatchMouseEvent`,
    };
    const { stats, row, top } = await page.evaluate(
      async ({ s, events, cpuProfile }) => {
        const { dragRow } = await import('/src/bench/drag-stats.ts');
        const { frameBusy, frameBudget } = await import('/src/bench/trace-frames.ts');
        const { topFunctions, topFiles } = await import('/src/bench/cpu-profile.ts');
        const { stats } = window.__scalingSweepDrag.stop();
        const budget = frameBudget(frameBusy(events).frames);
        const top = cpuProfile
          ? { functions: topFunctions(cpuProfile, 15), files: topFiles(cpuProfile, 15) }
          : undefined;
        return { stats, row: dragRow(s, stats, budget), top };
      },
      { s: setup, events, cpuProfile },
    );
    await mouse('mouseReleased', path[path.length - 1], y);
    if (errors.length > 0) throw new Error(`the app logged errors:\n  ${errors.join('\n  ')}`);
    if (stats.inputs === 0) {
      throw new Error(`${engine}: no mouse move reached the ${FIELD} slider as an input event`);
    }
    const moved = {
      ...row,
      mouseMoves: DRAG_EVENTS,
      ...(top ? { profileTop: top, note: 'CPU profiler on during the drag' } : {}),
    };
    return {
      row: timedOut ? { ...moved, note: 'the last input was not drawn in time' } : moved,
      stats,
      badge,
    };
  } finally {
    await context.close();
  }
}

/**
 * The drag-frame rows: the alpha drag in the app at each grid side of `grids`, on the GPU
 * engine, then on the CPU engine (`engines`). With `profile`, the V8 CPU profiler runs during
 * each drag and the rows carry the top functions and files by self time.
 */
export async function dragRows(
  browser,
  base,
  { grids = DRAG_GRIDS, engines = ['gpu', 'cpu'], profile = false } = {},
) {
  const rows = [];
  for (const side of grids) {
    for (const engine of engines) {
      console.error(`[bench] drag: alpha at ${side}² in the app, ${engine.toUpperCase()} engine…`);
      const { row, badge } = await dragOnce(browser, base, engine, side, { profile });
      console.error(
        `[bench] drag ${engine} ${side}² (${badge?.trim()}): ${row.inputs} inputs, ${row.framesDrawn} frames, ` +
          `p50 ${(row.p50 * 1e3).toFixed(0)} ms, p95 ${(row.p95 * 1e3).toFixed(0)} ms, ` +
          `main thread per frame p95 ${ms(row.mainMsP95)} ms`,
      );
      rows.push(row);
    }
  }
  return rows;
}

const ms = (v) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(1) : '-');

/**
 * The frame-budget table of the drag rows: per engine and grid, the renderer main thread's and
 * the GPU process's busy time per drawn frame (p50/p95/max ms), and whether the goal (main
 * thread at most 8 ms per frame at p95 at 1024²) is met. Empty without drag rows.
 */
export function formatDragBudget(rows) {
  const drag = rows.filter((r) => r.kernel === 'drag-frame');
  if (drag.length === 0) return '';
  const header = [
    'engine',
    'grid',
    'frames',
    'latency p50/p95 ms',
    'main p50/p95/max ms',
    'gpuMain p50/p95/max ms',
    'gpuProcess p50/p95/max ms',
    'main p95 <= 8 ms',
  ];
  const trio = (r, k) => `${ms(r[`${k}MsP50`])}/${ms(r[`${k}MsP95`])}/${ms(r[`${k}MsMax`])}`;
  const lines = drag.map((r) => [
    r.engine,
    r.shape.split(' ')[0],
    String(r.tracedFrames ?? 0),
    `${ms(r.p50 * 1e3)}/${ms(r.p95 * 1e3)}`,
    trio(r, 'main'),
    trio(r, 'gpuMain'),
    trio(r, 'gpuProcess'),
    r.tracedFrames ? (r.mainGoalMet ? 'met' : 'not met') : 'no frames traced',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (l) =>
    l
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  const out = [fmt(header), ...lines.map(fmt)];
  const kind = drag.find((r) => r.gpuTimeKind)?.gpuTimeKind;
  if (kind) out.push(`GPU-side time: ${kind}`);
  const at1024 = drag.filter((r) => r.shape.startsWith('1024x1024') && r.tracedFrames);
  if (at1024.length > 0) {
    out.push(
      `goal (main thread <= 8 ms per frame at p95 at 1024²): ${at1024
        .map((r) => `${r.engine} ${r.mainGoalMet ? 'met' : 'not met'} (${ms(r.mainMsP95)} ms)`)
        .join(', ')}`,
    );
  }
  for (const r of drag) {
    if (!r.profileTop) continue;
    out.push(`\nmain-thread self time, ${r.engine} ${r.shape.split(' ')[0]} (CPU profile):`);
    out.push(`  files: ${r.profileTop.files.map((f) => `${f.name} ${ms(f.ms)}`).join(', ')}`);
    out.push(
      `  functions: ${r.profileTop.functions.map((f) => `${f.name} ${ms(f.ms)}`).join(', ')}`,
    );
  }
  return out.join('\n');
}
