/**
 * Parses a run CSV off the UI thread: a dedicated module worker runs {@link parseRuns}, so a
 * large file (a million rows take seconds) never freezes the page. Where there are no Web
 * Workers (Node, the CLI, tests) it parses on the calling thread. One worker serves every
 * parse; a parse that is superseded is not cancelled (its result is simply ignored by callers).
 */
import { type Remote, wrap } from 'comlink';
import { parseRuns } from './runs';
import type { RunsImport } from './types';

interface ParseApi {
  parseRuns(text: string): RunsImport;
}

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
 * `parseRuns(text)` on a worker where there is one. If the worker fails (it crashed, or the
 * browser refused it), the parse runs on this thread instead, so a file is never lost.
 */
export async function parseRunsAsync(text: string): Promise<RunsImport> {
  const api = worker();
  if (!api) return parseRuns(text);
  try {
    return await api.parseRuns(text);
  } catch {
    remote = undefined;
    return parseRuns(text);
  }
}
