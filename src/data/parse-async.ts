/**
 * Parses run CSVs off the UI thread: a dedicated module worker runs {@link parseRuns} for a
 * file the user loads and {@link readLinkData} (unpack and parse) for data a link carries, so a
 * large dataset (a million rows take seconds) never freezes the page. Where there are no Web
 * Workers (Node, the CLI, tests) the work runs on the calling thread. One worker serves every
 * parse; a parse that is superseded is not cancelled (its result is simply ignored by callers).
 */
import { type Remote, wrap } from 'comlink';
import { type LinkRead, readLinkData } from '../scenario/url-data';
import type { ColumnMapping } from './mapping';
import { unpackImport } from './packed-runs';
import type { ParseApi } from './parse-api';
import { parseRuns } from './runs';
import type { RunsImport } from './types';

/**
 * CSV text up to this many characters (about 8,000 runs) is parsed where it is needed, on the
 * UI thread: that takes tens of milliseconds, no longer than a round trip to the worker.
 */
export const QUICK_PARSE_CHARS = 256 * 1024;

let remote: Remote<ParseApi> | undefined;

function worker(): Remote<ParseApi> | undefined {
  if (typeof Worker === 'undefined') return undefined;
  remote ??= wrap<ParseApi>(
    new Worker(new URL('./parse-worker.ts', import.meta.url), {
      type: 'module',
      name: 'csv-parser',
    }),
  );
  return remote;
}

/**
 * `onWorker(api)` on the worker where there is one, else `here()`. If the worker fails (it
 * crashed, or the browser refused it), the work runs on this thread instead, so nothing is lost.
 */
async function offThread<T>(onWorker: (api: Remote<ParseApi>) => Promise<T>, here: () => T) {
  const api = worker();
  if (!api) return here();
  try {
    return await onWorker(api);
  } catch {
    remote = undefined;
    return here();
  }
}

/** `parseRuns(text, { mapping })` on the worker (see {@link offThread}). */
export function parseRunsAsync(text: string, mapping?: ColumnMapping): Promise<RunsImport> {
  return offThread(
    async (api) => unpackImport(await api.parseRuns(text, mapping)),
    () => parseRuns(text, mapping ? { mapping } : {}),
  );
}

/** `readLinkData(payload, mapping)`, a link's data unpacked and parsed, on the worker. */
export function readLinkDataAsync(payload: string, mapping?: ColumnMapping): Promise<LinkRead> {
  return offThread(
    async (api) => {
      const read = await api.readLinkData(payload, mapping);
      return 'problem' in read ? read : { csv: read.csv, imported: unpackImport(read.imported) };
    },
    () => readLinkData(payload, mapping),
  );
}
