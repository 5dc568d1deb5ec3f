/**
 * The address bar as the app state's mirror: reads the page's link at start, writes every change
 * back (pushState for committed changes, coalesced replaceState while dragging or typing; see
 * src/scenario/history.ts), and restores the state on Back and Forward. The link never carries
 * the user's CSV; the CSV stays in this tab (in memory and, up to HISTORY_DATA_MAX_CHARS, in the
 * history entry's own state, so a reload or Back finds it again by its hash; beyond that, the
 * workspace keeps it). A large CSV (in a shared link's fragment, or in a
 * history entry after a reload) is parsed on the CSV worker before the link is decoded, so such a
 * link never freezes the page. Browser glue only: the codec does the work.
 */
import type { ColumnMapping } from '../data/mapping';
import { parseRunsAsync, QUICK_PARSE_CHARS, readLinkDataAsync } from '../data/parse-async';
import { parseRuns, type RunsImport } from '../data/runs';
import { type UserDatasetRef, userRef } from '../scenario/dataset';
import { type ChangeKind, HistoryCoalescer } from '../scenario/history';
import type { ScenarioState } from '../scenario/state';
import {
  type Decoded,
  type DecodeOptions,
  decode,
  encode,
  fragmentPayload,
} from '../scenario/url-codec';
import { isLargePayload } from '../scenario/url-data';
import { nextTask } from './next-task';

/**
 * Largest CSV (characters) a history entry holds. Every entry holds its own copy and the browser
 * clones it on each push or replace: a 17 MB CSV took 0.3-0.4 s of the UI thread per change and
 * 17 MB of memory per entry. Bigger data stays in this tab's memory only (Back and Forward find
 * it by hash); after a reload its entries name it by hash only, and the app reads it back from
 * the workspace (IndexedDB) when it is there (`adoptFound`). 2 MB is about 100,000 runs, a
 * clone of a few tens of milliseconds.
 */
export const HISTORY_DATA_MAX_CHARS = 2_000_000;

/** User data as a history entry holds it. */
interface HeldData {
  readonly name: string;
  readonly csv: string;
  readonly hash: string;
}

/** What a history entry holds besides its URL: the user's data, when there is some. */
interface EntryData {
  readonly scalingSweep: 1;
  readonly data?: HeldData;
}

interface Entry {
  readonly url: string;
  readonly data: UserDatasetRef | undefined;
}

/**
 * The column mapping a link's query names (null for none): the data a link or a history entry
 * carries is read through it, so its hash is the hash of the mapped runs.
 */
function queryMapping(search: string): ColumnMapping | null {
  return decode(search, '').state.columnMapping;
}

/** The user data a history entry's state holds, as written there (not yet checked). */
function heldData(value: unknown): HeldData | undefined {
  const data = (value as Partial<EntryData> | null)?.data;
  if (!data || typeof data.csv !== 'string' || typeof data.name !== 'string') return undefined;
  return typeof data.hash === 'string' ? data : undefined;
}

export class ShareSync {
  /** User datasets seen in this tab, by content hash. */
  private readonly known = new Map<string, UserDatasetRef>();
  private readonly history: HistoryCoalescer<Entry>;
  /** Counts reads of the address bar, so that a slow one a newer one superseded is dropped. */
  private reads = 0;
  private pending = false;

  /**
   * `onRestore` receives the state of an entry the user went back or forward to, or, when the
   * page's link carried large data, the link's state once that data is read (`atStart`).
   * `onReading` is called when such a read begins.
   */
  constructor(
    private readonly onRestore: (decoded: Decoded, atStart: boolean) => void,
    private readonly onReading: () => void = () => {},
  ) {
    this.history = new HistoryCoalescer<Entry>(
      {
        push: (e) => this.write('push', e),
        replace: (e) => this.write('replace', e),
        isCurrent: (e) => `${location.search}${location.hash}` === e.url,
      },
      { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as number) },
    );
  }

  /** True while the data of the entry being opened is parsed on the worker. */
  get reading(): boolean {
    return this.pending;
  }

  private readonly onPop = (e: PopStateEvent) => {
    this.history.cancel();
    const decoded = this.open(e.state, false);
    if (decoded) this.onRestore(decoded, false);
  };

  /**
   * Decodes the current entry: its link, with the data its state holds. Small data is parsed at
   * once and the decoded link returned. Large data is parsed on the worker first: then this
   * returns undefined, and the decoded link goes to `onRestore` (after the address bar is made
   * canonical, `atStart`), unless a newer read or stop() came first.
   */
  private open(entryState: unknown, atStart: boolean): Decoded | undefined {
    const read = ++this.reads;
    const { search, hash } = location;
    const held = heldData(entryState);
    const payload = fragmentPayload(hash);
    const largeHeld =
      held !== undefined && !this.knows(held) && held.csv.length > QUICK_PARSE_CHARS;
    const largeData = payload !== undefined && isLargePayload(payload, QUICK_PARSE_CHARS);
    this.pending = largeHeld || largeData;
    if (!this.pending) return this.decodeEntry(search, hash, held);
    this.onReading();
    const mapping = queryMapping(search) ?? undefined;
    void Promise.all([
      largeHeld ? parseRunsAsync(held.csv, mapping) : undefined,
      largeData ? readLinkDataAsync(payload, mapping) : undefined,
    ]).then(async ([heldRuns, linkRead]) => {
      // Receiving the runs, hashing them (decode) and showing them are each a task of their own.
      await nextTask();
      if (read !== this.reads) return;
      const linkData = linkRead && payload !== undefined ? { payload, read: linkRead } : undefined;
      const decoded = this.decodeEntry(search, hash, held, heldRuns, linkData);
      if (atStart) this.write('replace', this.entryOf(decoded.state));
      await nextTask();
      if (read !== this.reads) return;
      this.pending = false;
      this.onRestore(decoded, atStart);
    });
    return undefined;
  }

  /** A link decoded with the data its entry held and, when already read, its fragment's data. */
  private decodeEntry(
    search: string,
    hash: string,
    held: HeldData | undefined,
    heldRuns?: RunsImport,
    linkData?: DecodeOptions['linkData'],
  ): Decoded {
    const adopted = held && this.adopt(held, queryMapping(search), heldRuns);
    const decoded = decode(search, hash, { knownData: (h) => this.known.get(h), linkData });
    if (adopted?.imported && decoded.state.dataset === adopted.ref && !decoded.imported)
      return { ...decoded, imported: adopted.imported };
    return decoded;
  }

  /** Whether this tab already knows held data: the same name and text under its hash. */
  private knows(held: HeldData): boolean {
    const known = this.known.get(held.hash);
    return known !== undefined && known.name === held.name && known.csv === held.csv;
  }

  /**
   * Held data as a known dataset: the one this tab knows, or the data parsed through the
   * entry's column mapping (`runs`, when the worker already did) and checked against its hash;
   * undefined when it does not match.
   */
  private adopt(
    held: HeldData,
    mapping: ColumnMapping | null,
    runs?: RunsImport,
  ): { ref: UserDatasetRef; imported?: RunsImport } | undefined {
    if (this.knows(held)) return { ref: this.known.get(held.hash)! };
    const imported = runs ?? parseRuns(held.csv, mapping ? { mapping } : {});
    const made = userRef(held.name, held.csv, imported);
    if (!('ref' in made) || made.ref.hash !== held.hash) return undefined;
    this.known.set(made.ref.hash, made.ref);
    return { ref: made.ref, imported };
  }

  private entryOf(state: ScenarioState): Entry {
    const data = state.dataset.source === 'user' ? state.dataset : undefined;
    if (data) this.known.set(data.hash, data);
    return { url: encode(state), data };
  }

  private write(how: 'push' | 'replace', e: Entry) {
    const held: EntryData =
      e.data && e.data.csv.length <= HISTORY_DATA_MAX_CHARS
        ? { scalingSweep: 1, data: { name: e.data.name, csv: e.data.csv, hash: e.data.hash } }
        : { scalingSweep: 1 };
    const write = (s: EntryData) =>
      how === 'push' ? history.pushState(s, '', e.url) : history.replaceState(s, '', e.url);
    try {
      write(held);
    } catch {
      // Too large for the browser's history: the entry keeps the link only.
      write({ scalingSweep: 1 });
    }
  }

  /**
   * Decodes the page's link (finding data this tab already held by its hash), rewrites the
   * address bar to the canonical link of the state, and starts following Back and Forward.
   * Returns the decoded link, or undefined while its large data is read: then the decoded link
   * goes to `onRestore` (with `atStart`) when it is ready.
   */
  start(): Decoded | undefined {
    addEventListener('popstate', this.onPop);
    const decoded = this.open(history.state, true);
    if (decoded) this.write('replace', this.entryOf(decoded.state));
    return decoded;
  }

  /** Stops following Back and Forward, and drops a pending replacement or read. */
  stop(): void {
    removeEventListener('popstate', this.onPop);
    this.history.cancel();
    this.reads++;
    this.pending = false;
  }

  /**
   * Makes `data` known (found again elsewhere, e.g. in the workspace by its hash) and decodes the
   * current entry once more with it, so that a link that named the data without carrying it
   * opens on it, with its exclusions; the entry is rewritten to hold the data where it fits.
   */
  adoptFound(data: UserDatasetRef): Decoded {
    this.known.set(data.hash, data);
    this.history.cancel();
    const decoded = decode(location.search, location.hash, {
      knownData: (h) => this.known.get(h),
    });
    this.write('replace', this.entryOf(decoded.state));
    return decoded;
  }

  /**
   * Mirrors a new state in the address bar. Not while an entry's data is read: the address bar
   * stays on that entry, whose state replaces the app's when the read ends.
   */
  record(state: ScenarioState, kind: ChangeKind): void {
    if (this.pending) return;
    this.history.record(this.entryOf(state), kind);
  }
}
