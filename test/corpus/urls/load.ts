/** Reads the hostile-URL corpus (format in README.md beside this file). */
import { readdirSync, readFileSync } from 'node:fs';

/** One corpus case. */
export interface UrlCase {
  readonly name: string;
  readonly search: string;
  readonly hash: string;
  /** Labels of the fields the decoder must ignore (as a multiset). */
  readonly ignored: readonly string[];
  /** Regular expressions, one per expected notice. */
  readonly notices: readonly string[];
  /** Part of the decoded state, compared with toMatchObject. */
  readonly state?: Record<string, unknown>;
  /** Text that must be shown, as text, by the app. */
  readonly text?: string;
  /** Text appended `times` times to the search or the hash (for cases too long to store). */
  readonly pad?: {
    readonly where: 'search' | 'hash';
    readonly text: string;
    readonly times: number;
  };
}

const dir = new URL('./', import.meta.url);

/** Every corpus case with its file name, search and hash (padding applied). */
export function loadUrlCorpus(): { file: string; c: UrlCase; search: string; hash: string }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const c = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as UrlCase;
      const pad = c.pad ? c.pad.text.repeat(c.pad.times) : '';
      return {
        file,
        c,
        search: c.search + (c.pad?.where === 'search' ? pad : ''),
        hash: c.hash + (c.pad?.where === 'hash' ? pad : ''),
      };
    });
}
