/**
 * The app's link to its workspace (src/workspace/): opens it once, saves each user dataset (with
 * its column mapping) and each finished fit, and reads them back by content hash and by fit key.
 * Every failure is caught here: the first one becomes a notice (shown once), storage that cannot
 * be used is dropped, and the app goes on in memory. Nothing here throws into the page.
 */

import type { ColumnMapping } from '../data/mapping';
import { parseRunsAsync } from '../data/parse-async';
import type { RunsImport } from '../data/runs';
import { cleanDatasetName, type UserDatasetRef, userRef } from '../scenario/dataset';
import { type ScenarioState, STATE_VERSION } from '../scenario/state';
import {
  type FitInputs,
  fitKeyOf,
  migrateEntry,
  packFit,
  readMapping,
  readSnapshot,
  type ScenarioSnapshot,
  type StoredFit,
  scenarioSnapshot,
  unpackFit,
} from '../workspace/app-records';
import { IN_MEMORY, WorkspaceError, WorkspaceUnavailableError } from '../workspace/errors';
import { type EntryMeta, fitId } from '../workspace/records';
import { openWorkspace, type WorkspaceStore } from '../workspace/store';
import { nextTask } from './next-task';

/** A dataset read back from the workspace. */
export interface StoredDataset {
  readonly ref: UserDatasetRef;
  readonly imported: RunsImport;
  readonly mapping: ColumnMapping | null;
  readonly entry: EntryMeta;
}

/** A lookup: found, named as unreadable (with the entry when known), or not there. */
export type Lookup<T> =
  | { readonly status: 'ok'; readonly value: T; readonly entry: EntryMeta }
  | { readonly status: 'unreadable'; readonly reason: string; readonly entry?: EntryMeta }
  | { readonly status: 'missing' };

/** How the workspace is opened (tests and the app pass their own). */
export type OpenStore = () => Promise<WorkspaceStore>;

const openDefault: OpenStore = () =>
  openWorkspace({ stateVersion: STATE_VERSION, migrate: migrateEntry });

/** The date an entry was last saved, for notices. */
export function savedOn(entry: EntryMeta): string {
  return new Date(entry.updated).toLocaleString();
}

export class WorkspaceSync {
  /** The open store, or undefined (not open yet, or unusable: see {@link unavailable}). */
  store: WorkspaceStore | undefined;
  /** Why storage cannot be used, once known. */
  unavailable: string | undefined;
  /** The first failure of this session, until dismissed. */
  notice: string | undefined;
  /** Counts saves, so a listing can tell when to refresh. */
  revision = 0;
  private noticeGiven = false;
  private opening: Promise<WorkspaceStore | undefined> | undefined;
  /**
   * The mapping each dataset of this session was saved with. By reference: the same data loaded
   * again is a new reference and is saved again (after the user deleted its entry, say).
   */
  private readonly savedData = new WeakMap<UserDatasetRef, string>();

  constructor(
    private readonly onChange: () => void,
    private readonly open: OpenStore = openDefault,
  ) {}

  /** Opens the workspace (once); resolves to the store, or undefined when storage is off. */
  ready(): Promise<WorkspaceStore | undefined> {
    this.opening ??= this.open().then(
      (store) => {
        this.store = store;
        this.onChange();
        return store;
      },
      (err: unknown) => {
        this.fail(err);
        return undefined;
      },
    );
    return this.opening;
  }

  /** Hides the notice; later failures do not show it again (the panel still says why). */
  dismissNotice(): void {
    this.notice = undefined;
    this.onChange();
  }

  /** Records a failure: the first becomes the notice; storage that cannot be used is dropped. */
  fail(err: unknown): void {
    const message =
      err instanceof WorkspaceError
        ? err.message
        : `The workspace failed (${err instanceof Error ? err.message : String(err)}). ${IN_MEMORY}`;
    if (err instanceof WorkspaceUnavailableError || !(err instanceof WorkspaceError)) {
      this.store = undefined;
      this.unavailable = message;
    }
    if (!this.noticeGiven) {
      this.noticeGiven = true;
      this.notice = message;
    }
    this.onChange();
  }

  /** Runs a call on the store, catching its failure; undefined when it failed or there is none. */
  private async attempt<T>(call: (store: WorkspaceStore) => Promise<T>): Promise<T | undefined> {
    const store = await this.ready();
    if (!store || this.store !== store) return undefined;
    try {
      return await call(store);
    } catch (err) {
      this.fail(err);
      return undefined;
    }
  }

  private saved(): void {
    this.revision++;
    this.onChange();
  }

  /** Notes that `ref` is in the workspace already (it was read from there). */
  markSaved(ref: UserDatasetRef, mapping: ColumnMapping | null): void {
    this.savedData.set(ref, JSON.stringify(mapping));
  }

  /**
   * Saves a user dataset with its mapping, once per loaded reference (a same-hash save replaces
   * the entry).
   */
  async saveDataset(ref: UserDatasetRef, mapping: ColumnMapping | null): Promise<void> {
    const key = JSON.stringify(mapping);
    if (this.savedData.get(ref) === key) return;
    this.savedData.set(ref, key);
    // Turning a large CSV into a Blob takes a while (0.2 s for 18 MB on a loaded machine): in a
    // task of its own, not in the one that shows the new dataset.
    await nextTask();
    const done = await this.attempt((s) =>
      s.putDataset({ name: ref.name, csv: ref.csv, mapping, hash: ref.hash }),
    );
    if (done) this.saved();
  }

  /** Saves a finished fit job under its key. */
  async saveFit(fit: StoredFit, name: string): Promise<void> {
    const { result, replicas } = packFit(fit);
    const done = await this.attempt((s) =>
      s.putFit({ name, ...fitKeyOf(fit.inputs), result, replicas }),
    );
    if (done) this.saved();
  }

  /** Saves the state as a named scenario. */
  async saveScenario(name: string, state: ScenarioState): Promise<EntryMeta | undefined> {
    const done = await this.attempt((s) =>
      s.putScenario({ name, snapshot: scenarioSnapshot(state) }),
    );
    if (done) this.saved();
    return done;
  }

  /** The dataset with this content hash, parsed (off the UI thread) and checked against it. */
  async findDataset(hash: string): Promise<Lookup<StoredDataset>> {
    const read = await this.attempt((s) => s.getDataset(hash));
    if (!read || read.status === 'missing') return { status: 'missing' };
    if (read.status === 'unreadable') return read;
    const { entry, payload } = read;
    const unreadable = (reason: string) => ({ status: 'unreadable', reason, entry }) as const;
    const mapping = readMapping(payload.mapping);
    if (typeof mapping === 'string') return unreadable(`its column mapping is damaged: ${mapping}`);
    let text: string;
    try {
      text = await payload.csv.text();
    } catch (err) {
      return unreadable(`its file could not be read back (${String(err)})`);
    }
    const imported = await parseRunsAsync(text, mapping ?? undefined);
    const made = userRef(cleanDatasetName(entry.name), text, imported);
    if (!('ref' in made)) return unreadable(made.refused);
    if (made.ref.hash !== hash)
      return unreadable(`its runs no longer match their hash (${made.ref.hash}, not ${hash})`);
    this.markSaved(made.ref, mapping);
    return { status: 'ok', value: { ref: made.ref, imported, mapping, entry }, entry };
  }

  /** The fit saved for these inputs, checked and with its replicas back in place. */
  findFit(inputs: FitInputs): Promise<Lookup<StoredFit>> {
    return this.readFit(fitId(fitKeyOf(inputs)));
  }

  /** The fit entry `id`, checked and with its replicas back in place. */
  async readFit(id: string): Promise<Lookup<StoredFit>> {
    const read = await this.attempt((s) => s.get<'fit'>(id));
    if (!read || read.status === 'missing') return { status: 'missing' };
    if (read.status === 'unreadable') return read;
    const fit = unpackFit(read.payload.result, read.payload.replicas);
    if (typeof fit === 'string') return { status: 'unreadable', reason: fit, entry: read.entry };
    return { status: 'ok', value: fit, entry: read.entry };
  }

  /** The scenario entry `id`, checked. */
  async readScenario(id: string): Promise<Lookup<ScenarioSnapshot>> {
    const read = await this.attempt((s) => s.get<'scenario'>(id));
    if (!read || read.status === 'missing') return { status: 'missing' };
    if (read.status === 'unreadable') return read;
    const snapshot = readSnapshot(read.payload.snapshot);
    if (typeof snapshot === 'string')
      return { status: 'unreadable', reason: snapshot, entry: read.entry };
    return { status: 'ok', value: snapshot, entry: read.entry };
  }
}
