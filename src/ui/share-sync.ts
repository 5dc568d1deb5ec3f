/**
 * The address bar as the app state's mirror: reads the page's link at start, writes every change
 * back (pushState for committed changes, coalesced replaceState while dragging or typing; see
 * src/scenario/history.ts), and restores the state on Back and Forward. The link never carries
 * the user's CSV; the CSV stays in this tab (in memory and in the history entry's own state, so a
 * reload or Back finds it again by its hash). Browser glue only: the codec does the work.
 */
import { parseRuns } from '../data/runs';
import { type UserDatasetRef, userRef } from '../scenario/dataset';
import { type ChangeKind, HistoryCoalescer } from '../scenario/history';
import type { ScenarioState } from '../scenario/state';
import { type Decoded, decode, encode } from '../scenario/url-codec';

/** What a history entry holds besides its URL: the user's data, when there is some. */
interface EntryData {
  readonly scalingSweep: 1;
  readonly data?: { readonly name: string; readonly csv: string; readonly hash: string };
}

interface Entry {
  readonly url: string;
  readonly data: UserDatasetRef | undefined;
}

/** The user data a history entry holds, checked against its hash. */
function heldData(value: unknown): UserDatasetRef | undefined {
  const data = (value as Partial<EntryData> | null)?.data;
  if (!data || typeof data.csv !== 'string' || typeof data.name !== 'string') return undefined;
  const made = userRef(data.name, data.csv, parseRuns(data.csv));
  return 'ref' in made && made.ref.hash === data.hash ? made.ref : undefined;
}

export class ShareSync {
  /** User datasets seen in this tab, by content hash. */
  private readonly known = new Map<string, UserDatasetRef>();
  private readonly history: HistoryCoalescer<Entry>;

  /** `onRestore` receives the state of an entry the user went back or forward to. */
  constructor(private readonly onRestore: (decoded: Decoded) => void) {
    this.history = new HistoryCoalescer<Entry>(
      {
        push: (e) => this.write('push', e),
        replace: (e) => this.write('replace', e),
        isCurrent: (e) => `${location.search}${location.hash}` === e.url,
      },
      { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as number) },
    );
  }

  private readonly onPop = (e: PopStateEvent) => {
    this.history.cancel();
    const held = heldData(e.state);
    if (held) this.known.set(held.hash, held);
    this.onRestore(this.decodeLocation());
  };

  private decodeLocation(): Decoded {
    return decode(location.search, location.hash, { knownData: (h) => this.known.get(h) });
  }

  private entryOf(state: ScenarioState): Entry {
    const data = state.dataset.source === 'user' ? state.dataset : undefined;
    if (data) this.known.set(data.hash, data);
    return { url: encode(state), data };
  }

  private write(how: 'push' | 'replace', e: Entry) {
    const held: EntryData = e.data
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
   */
  start(): Decoded {
    const held = heldData(history.state);
    if (held) this.known.set(held.hash, held);
    const decoded = this.decodeLocation();
    this.write('replace', this.entryOf(decoded.state));
    addEventListener('popstate', this.onPop);
    return decoded;
  }

  /** Stops following Back and Forward and drops a pending replacement. */
  stop(): void {
    removeEventListener('popstate', this.onPop);
    this.history.cancel();
  }

  /** Mirrors a new state in the address bar. */
  record(state: ScenarioState, kind: ChangeKind): void {
    this.history.record(this.entryOf(state), kind);
  }
}
