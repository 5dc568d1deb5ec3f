/**
 * End to end, the hostile-CSV corpus (test/corpus/csv) through the app's own file input in
 * headless Chromium: every file is opened on one page as a user would, and the Fit view must
 * show what test/corpus/csv/expected.json says (the refusal, the rejected rows with their row
 * numbers, warnings, notes, the usable count) as text, with no console error, no dialog, no
 * payload run, no element injected, and no task on the UI thread longer than 1 s
 * (PerformanceObserver 'longtask'). Then the big inputs a user can pick: a file of exactly
 * 1,000,000 rows (the row limit, header included) and one row over it. The unit test
 * (test/unit/data-corpus.test.ts) checks the parser's messages in Node; this one checks that
 * they reach the user and that the page stays responsive.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MAX_CSV_ROWS } from '../../src/data/csv';
import { parseRuns } from '../../src/data/runs';
import { importRefusal } from '../../src/scenario/dataset';
import {
  CSV_CORPUS_DIR,
  csvCorpusFiles,
  csvExpectations,
  expectedTexts,
  isBadCsv,
} from '../corpus/csv/load';
import { withAppPage } from './app-page';
import { byTest } from './fault-kit';
import type { InitScript } from './harness';

const dir = CSV_CORPUS_DIR;
const expected = csvExpectations();
const all = expectedTexts;

/**
 * The text the page gets from `File.text()`: the WHATWG "UTF-8 decode", which drops a UTF-8
 * BOM and, given a UTF-16 BOM, decodes as UTF-16 (so an Excel "Unicode text" export loads in
 * the browser, while the CLI, which reads UTF-8, refuses it with the UTF-16 message).
 */
function browserText(bytes: Buffer): string {
  if (hasUtf16Bom(bytes))
    return new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(bytes);
  return new TextDecoder('utf-8').decode(bytes);
}

function hasUtf16Bom(bytes: Buffer): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
}

/**
 * What the app must show for a file: expected.json's messages, plus the app's own rule (a
 * dataset that cannot be fitted is refused with the reason, and the last one kept), worked out
 * by the parser in Node on the text the browser decodes.
 */
function appOutcome(file: string): { refusal: string | null; runs: number; utf16Bom: boolean } {
  const bytes = readFileSync(join(dir, file));
  const imported = parseRuns(browserText(bytes));
  return {
    refusal: importRefusal(imported),
    runs: imported.runs.length,
    utf16Bom: hasUtf16Bom(bytes),
  };
}

/** The longest task the UI thread may run while a file is read, parsed and shown. */
const FREEZE_MS = 1000;

let page: Page;
let problems: string[] = [];
const dialogs: string[] = [];

/** Records every long task (> 50 ms) of the page from its first script on. */
const longTaskRecorder: InitScript = {
  fn: () => {
    const w = window as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  },
};

/** Long tasks recorded since the last call, in ms. */
function takeLongTasks(): Promise<number[]> {
  return page.evaluate(() => {
    const w = window as unknown as { __longTasks: number[] };
    return w.__longTasks.splice(0);
  });
}

/** Element count of the document and every shadow root, and whether a payload ran. */
function domCensus(): Promise<{
  scripts: number;
  iframes: number;
  handlers: number;
  pwned: unknown;
}> {
  return page.evaluate(() => {
    let scripts = 0;
    let iframes = 0;
    let handlers = 0;
    const visit = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.localName === 'script') scripts++;
        if (el.localName === 'iframe' || el.localName === 'object' || el.localName === 'embed')
          iframes++;
        for (const a of el.attributes)
          if (/^on/i.test(a.name) || /^\s*javascript:/i.test(a.value)) handlers++;
        if (el.shadowRoot) visit(el.shadowRoot);
      }
    };
    visit(document);
    return {
      scripts,
      iframes,
      handlers,
      pwned: (window as unknown as { __pwned?: unknown }).__pwned,
    };
  });
}

/**
 * Text of a test id, or '' when it is not on the page; never waits (a card the app removes
 * between a count and a read would make `textContent()` wait for it).
 */
async function textOf(id: string): Promise<string> {
  return (await byTest(page, id).allTextContents())[0] ?? '';
}

/**
 * Picks `path` in the file input and waits until the app shows its outcome: refused (the
 * refusal names the file) or loaded (the dataset name is the file's). Returns which.
 */
async function pick(path: string, name: string): Promise<'refused' | 'loaded'> {
  await byTest(page, 'file').setInputFiles(path);
  let outcome: 'refused' | 'loaded' | undefined;
  await expect
    .poll(
      async () => {
        if ((await textOf('import-refused')).includes(`${name}:`)) outcome = 'refused';
        else if ((await textOf('dataset-name')).includes(name)) outcome = 'loaded';
        return outcome;
      },
      { timeout: 30_000 },
    )
    .toBeDefined();
  return outcome!;
}

withAppPage(
  { width: 1280, height: 900 },
  (opened) => {
    ({ page, problems } = opened);
  },
  [longTaskRecorder],
);

beforeAll(async () => {
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await byTest(page, 'tab-fit').click();
  await byTest(page, 'dataset-name')
    .filter({ hasText: /Synthetic isoFLOP sweep/ })
    .waitFor({ timeout: 60_000 });
}, 180_000);

describe('every corpus file, opened through the file input', () => {
  const files = csvCorpusFiles();

  test('the corpus is the one the unit test checks (at least 60 bad files)', () => {
    expect(Object.keys(expected).sort()).toEqual([...files].sort());
    const bad = Object.values(expected).filter(isBadCsv);
    expect(bad.length).toBeGreaterThanOrEqual(60);
  });

  test('each shows its message as text, stays responsive and runs nothing', async () => {
    const before = await domCensus();
    await takeLongTasks();
    const failures: string[] = [];
    const seconds: number[] = [];
    for (const file of files) {
      const e = expected[file]!;
      const want = appOutcome(file);
      const t0 = Date.now();
      const outcome = await pick(join(dir, file), file);
      seconds.push((Date.now() - t0) / 1000);
      const refused = await textOf('import-refused');
      const summary = await textOf('import-summary');
      const shown = `${refused}\n${summary}`;
      const wrong = (why: string) => failures.push(`${file}: ${why}`);
      if (want.refusal !== null) {
        if (outcome !== 'refused') wrong('expected a refusal, the file loaded');
        if (!refused.includes(want.refusal)) wrong(`refusal lacks "${want.refusal}"`);
      } else if (outcome !== 'loaded') {
        wrong(`refused: ${refused.slice(0, 200)}`);
      } else if (!new RegExp(`\\b${want.runs}\\s+usable runs?`).test(summary)) {
        wrong(`expected ${want.runs} usable runs, shown: ${summary.slice(0, 120)}`);
      }
      // expected.json's messages, as Node reads the bytes (UTF-8); a file with a UTF-16 BOM
      // reads as text in the browser, so its "UTF-16" refusal is the CLI's alone.
      const utf16 = want.utf16Bom;
      if (e.error && !utf16)
        for (const s of all(e.error)) if (!refused.includes(s)) wrong(`refusal lacks "${s}"`);
      if (e.runs !== undefined && !utf16 && e.runs !== want.runs)
        wrong(`expected.json says ${e.runs} runs, the parser ${want.runs}`);
      if (e.rejected) {
        for (const s of all(e.rejected)) if (!shown.includes(s)) wrong(`no rejection "${s}"`);
        if (e.rejectedRows) {
          const rows = await page
            .locator(
              outcome === 'refused'
                ? '[data-testid="import-refused"] [data-testid="rejected-rows"] tr[data-row]'
                : '[data-testid="import-summary"] [data-testid="rejected-rows"] tr[data-row]',
            )
            .evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-row'))));
          if (JSON.stringify(rows) !== JSON.stringify(e.rejectedRows))
            wrong(
              `rejected rows ${JSON.stringify(rows)}, expected ${JSON.stringify(e.rejectedRows)}`,
            );
        }
      }
      if (e.warning && !shown.includes(e.warning)) wrong(`no warning "${e.warning}"`);
      if (e.note && !shown.includes(e.note)) wrong(`no note "${e.note}"`);
      const slow = (await takeLongTasks()).filter((ms) => ms > FREEZE_MS);
      if (slow.length > 0) wrong(`UI thread blocked for ${slow.map(Math.round).join(', ')} ms`);
    }
    seconds.sort((a, b) => a - b);
    console.log(
      `${files.length} files: median ${seconds[seconds.length >> 1]?.toFixed(2)} s, max ${seconds.at(-1)?.toFixed(2)} s from pick to shown`,
    );
    expect(failures).toEqual([]);
    expect(await domCensus()).toEqual(before);
    expect(dialogs).toEqual([]);
    expect(problems).toEqual([]);
  }, 300_000);
});

describe('the biggest files a user can pick', () => {
  let tmp: string;

  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'csv-corpus-e2e-'));
  });

  afterAll(() => {
    rmSync(tmp, { recursive: true, force: true });
  });

  /**
   * A file of `rows` valid runs (N and D vary, L from a law's shape), written compactly
   * (`123e7,456e9,2.345`) so that a million rows stay under the 20 MB size limit.
   */
  function runsFile(name: string, rows: number): string {
    const lines = ['params,tokens,loss'];
    for (let i = 0; i < rows; i++) {
      const n = 1 + (i % 997);
      const d = 1 + (i % 991);
      const loss = 1.7 + 400 / (n * 1e7) ** 0.34 + 410 / (d * 1e9) ** 0.28;
      lines.push(`${n}e7,${d}e9,${loss.toFixed(3)}`);
    }
    const path = join(tmp, name);
    writeFileSync(path, `${lines.join('\n')}\n`);
    return path;
  }

  // The limit counts the header: 999,999 runs is the biggest file the app reads.
  test(`${MAX_CSV_ROWS.toLocaleString('en-US')} rows (header included) load with no task over 1 s`, async () => {
    const path = runsFile('million.csv', MAX_CSV_ROWS - 1);
    await takeLongTasks();
    const outcome = await pick(path, 'million.csv');
    expect(outcome, await textOf('import-refused')).toBe('loaded');
    expect(await textOf('import-summary')).toMatch(/999,?999 data rows/);
    // The Fit view draws the runs; let it settle before reading the long tasks.
    await page.evaluate(() => new Promise((r) => setTimeout(r, 1500)));
    let slow = (await takeLongTasks()).filter((ms) => ms > FREEZE_MS);
    expect(slow.map(Math.round), 'loading').toEqual([]);
    // Too big for the history entry (HISTORY_DATA_MAX_CHARS): the tab keeps it in memory.
    expect(await page.evaluate(() => (history.state as { data?: unknown } | null)?.data)).toBe(
      undefined,
    );
    // The Surface view marks the runs, overlapping dots once (charts/run-marks.ts): tens of
    // thousands of circles, not a million, or every frame takes the rasteriser seconds.
    await byTest(page, 'tab-surface').click();
    const marks = byTest(page, 'run-points');
    await marks.waitFor({ state: 'attached', timeout: 30_000 });
    expect(Number(await marks.getAttribute('data-count'))).toBe(MAX_CSV_ROWS - 1);
    expect(Number(await marks.getAttribute('data-merge-px'))).toBeGreaterThan(1);
    const dots = Number(await marks.getAttribute('data-dots'));
    expect(dots).toBeGreaterThan(1000);
    expect(dots).toBeLessThan(60_000);
    await page.evaluate(() => new Promise((r) => setTimeout(r, 1500)));
    slow = (await takeLongTasks()).filter((ms) => ms > FREEZE_MS);
    expect(slow.map(Math.round), 'drawing the runs on the Surface').toEqual([]);
    // Another dataset, then Back: the million runs come back from the tab's memory.
    await byTest(page, 'tab-fit').click();
    await byTest(page, 'builtin').click();
    await byTest(page, 'dataset-name')
      .filter({ hasText: /Synthetic/ })
      .waitFor();
    await page.goBack();
    await byTest(page, 'dataset-name')
      .filter({ hasText: /million\.csv/ })
      .waitFor();
    expect(await textOf('import-summary')).toMatch(/999,?999 data rows/);
    await page.evaluate(() => new Promise((r) => setTimeout(r, 1500)));
    slow = (await takeLongTasks()).filter((ms) => ms > FREEZE_MS);
    expect(slow.map(Math.round), 'going back').toEqual([]);
    expect(problems).toEqual([]);
  }, 180_000);

  test('one row over the limit is refused with the limit named, and the dataset stays', async () => {
    const path = runsFile('million-and-one.csv', MAX_CSV_ROWS);
    await takeLongTasks();
    expect(await pick(path, 'million-and-one.csv')).toBe('refused');
    expect(await textOf('import-refused')).toMatch(/1,000,000 rows/);
    expect(await textOf('dataset-name')).toMatch(/million\.csv/);
    const slow = (await takeLongTasks()).filter((ms) => ms > FREEZE_MS);
    expect(slow.map(Math.round)).toEqual([]);
    expect(problems).toEqual([]);
  }, 180_000);
});
