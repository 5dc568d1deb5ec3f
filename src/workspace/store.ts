/**
 * The workspace: datasets, fits and named scenarios kept in the browser's IndexedDB (through
 * `idb`), so work survives a reload. One listing store holds a small row per entry (name,
 * kind, size, dates, state version); one store per kind holds the payloads. Every call fails
 * with a WorkspaceError subclass whose message is written for the user; a record that is
 * damaged or from another state version is returned as "unreadable", never thrown.
 * See docs/WORKSPACE.md.
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import {
  IN_MEMORY,
  WorkspaceError,
  WorkspaceInputError,
  WorkspaceNotFoundError,
  WorkspaceOperationError,
  WorkspaceQuotaError,
  WorkspaceUnavailableError,
} from './errors';
import { quotaMessage } from './format';
import {
  type AnyPayload,
  datasetId,
  type EntryKind,
  type EntryMeta,
  type FitKey,
  fitId,
  jsonBytes,
  kindOfId,
  metaProblem,
  type PayloadOf,
  payloadProblem,
} from './records';

/** The database's name. */
export const DB_NAME = 'scaling-sweep';
/** The schema version (object stores and indexes), not the app's state version. */
export const DB_VERSION = 1;

interface WorkspaceSchema extends DBSchema {
  entries: { key: string; value: EntryMeta; indexes: { kind: string } };
  datasets: { key: string; value: PayloadOf['dataset'] };
  fits: { key: string; value: PayloadOf['fit'] };
  scenarios: { key: string; value: PayloadOf['scenario'] };
}

const STORE_OF = { dataset: 'datasets', fit: 'fits', scenario: 'scenarios' } as const;

/**
 * Turns a payload written by an older state version into the current one. Throwing, or
 * returning undefined, makes the entry unreadable with that reason.
 */
export type Migrate = (
  kind: EntryKind,
  payload: unknown,
  fromVersion: number,
  toVersion: number,
) => unknown;

/** How to open the workspace. */
export interface OpenOptions {
  /** The app's current state version, written into every entry. */
  stateVersion: number;
  migrate?: Migrate;
  /** Database name (tests use their own). */
  name?: string;
  /** Schema version to open (tests of a later upgrade); defaults to DB_VERSION. */
  version?: number;
  now?: () => number;
  /**
   * Called inside each write's transaction, before it commits: an error it throws fails the
   * write as the browser's would (tests simulate a full disk with it).
   */
  beforeWrite?: (entry: EntryMeta) => void;
}

/** A read: the entry, unreadable with the reason, or missing. */
export type ReadResult<K extends EntryKind> =
  | { status: 'ok'; entry: EntryMeta; payload: PayloadOf[K]; migratedFrom?: number }
  | { status: 'unreadable'; id: string; entry?: EntryMeta; reason: string }
  | { status: 'missing'; id: string };

/** The listing: valid rows (newest first) and the rows skipped as damaged. */
export interface Listing {
  entries: EntryMeta[];
  skipped: { id: string; reason: string }[];
}

export interface DatasetInput {
  name: string;
  /** The CSV text; a string is stored as a Blob. */
  csv: string | Blob;
  mapping: unknown;
  hash: string;
}

export interface FitInput extends FitKey {
  name: string;
  result: unknown;
  replicas: Float64Array;
}

export interface ScenarioInput {
  /** Omit for a new scenario; pass an existing id to overwrite it. */
  id?: string;
  name: string;
  snapshot: unknown;
}

/** The browser's own words for an error. */
function describe(err: unknown): string {
  if (err instanceof Error || err instanceof DOMException) return `${err.name}: ${err.message}`;
  return String(err);
}

function errorName(err: unknown): string | undefined {
  if (err instanceof DOMException || err instanceof Error) return err.name;
  const inner = (err as { error?: unknown } | null)?.error;
  return inner instanceof DOMException ? inner.name : undefined;
}

/**
 * Opens the workspace, creating or upgrading its stores. Fails with WorkspaceUnavailableError
 * when IndexedDB is missing, refuses to open, or another tab blocks the upgrade.
 */
export function openWorkspace(options: OpenOptions): Promise<WorkspaceStore> {
  const factory = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (!factory)
    return Promise.reject(
      new WorkspaceUnavailableError(
        'missing',
        `This browser offers no IndexedDB (a private window, or site storage turned off), so nothing is saved. ${IN_MEMORY}`,
      ),
    );
  return new Promise((resolve, reject) => {
    let settled = false;
    let store: WorkspaceStore | undefined;
    const fail = (err: WorkspaceUnavailableError) => {
      if (settled) return;
      settled = true;
      reject(err);
    };
    let opening: Promise<IDBPDatabase<WorkspaceSchema>>;
    try {
      opening = openDB<WorkspaceSchema>(options.name ?? DB_NAME, options.version ?? DB_VERSION, {
        upgrade(db, oldVersion) {
          if (oldVersion < 1) {
            db.createObjectStore('entries', { keyPath: 'id' }).createIndex('kind', 'kind');
            db.createObjectStore('datasets', { keyPath: 'id' });
            db.createObjectStore('fits', { keyPath: 'id' });
            db.createObjectStore('scenarios', { keyPath: 'id' });
          }
        },
        blocked: () =>
          fail(
            new WorkspaceUnavailableError(
              'blocked',
              `Another tab of Scaling Sweep holds the workspace open with an older version, so this tab cannot save. Close the other tab and reload. ${IN_MEMORY}`,
            ),
          ),
        blocking: () => store?.lose('blocking'),
        terminated: () => store?.lose('terminated'),
      });
    } catch (err) {
      fail(
        new WorkspaceUnavailableError(
          'open-failed',
          `The browser refused to open the workspace (${describe(err)}). ${IN_MEMORY}`,
        ),
      );
      return;
    }
    opening.then(
      (db) => {
        if (settled) {
          db.close();
          return;
        }
        settled = true;
        store = new WorkspaceStore(db, options);
        resolve(store);
      },
      (err: unknown) =>
        fail(
          new WorkspaceUnavailableError(
            'open-failed',
            `The browser refused to open the workspace (${describe(err)}). ${IN_MEMORY}`,
          ),
        ),
    );
  });
}

/** An open workspace. Create it with openWorkspace. */
export class WorkspaceStore {
  private closedBecause: string | undefined;
  private readonly now: () => number;

  constructor(
    private readonly db: IDBPDatabase<WorkspaceSchema>,
    private readonly options: OpenOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** The app's state version this store writes. */
  get stateVersion(): number {
    return this.options.stateVersion;
  }

  /** Why the store can no longer be used, or undefined while it is open. */
  get closedReason(): string | undefined {
    return this.closedBecause;
  }

  /** Closes the connection on behalf of another tab's upgrade or the browser. */
  lose(why: 'blocking' | 'terminated'): void {
    this.db.close();
    this.closedBecause =
      why === 'blocking'
        ? `Another tab opened a newer version of the workspace; reload this page to save again. ${IN_MEMORY}`
        : `The browser closed the workspace (storage cleared or the disk failed). ${IN_MEMORY}`;
  }

  /** Closes the connection. */
  close(): void {
    this.db.close();
    this.closedBecause ??= `The workspace was closed. ${IN_MEMORY}`;
  }

  private live(): IDBPDatabase<WorkspaceSchema> {
    if (this.closedBecause) throw new WorkspaceUnavailableError('closed', this.closedBecause);
    return this.db;
  }

  /** Saves a dataset under its content hash (a second save of the same hash replaces it). */
  putDataset(input: DatasetInput): Promise<EntryMeta> {
    if (typeof input.hash !== 'string' || input.hash === '')
      return Promise.reject(
        new WorkspaceInputError('A dataset needs its content hash to be saved.'),
      );
    const csv = input.csv instanceof Blob ? input.csv : new Blob([input.csv], { type: 'text/csv' });
    const id = datasetId(input.hash);
    const bytes = csv.size + jsonBytes(input.mapping);
    return this.write('dataset', input.name, bytes, {
      id,
      csv,
      mapping: input.mapping,
      hash: input.hash,
    });
  }

  /** Saves a fit under its key (dataset hash, series, method, options hash). */
  putFit(input: FitInput): Promise<EntryMeta> {
    const { name, result, replicas, ...key } = input;
    if (!(replicas instanceof Float64Array) || replicas.length % 5 !== 0)
      return Promise.reject(
        new WorkspaceInputError(
          `The fit “${name}” cannot be saved: its replica table must be a Float64Array of K x 5 numbers.`,
        ),
      );
    const payload = { id: fitId(key), ...key, result, replicas };
    return this.write('fit', name, replicas.byteLength + jsonBytes(result), payload);
  }

  /** Saves a named scenario; without an id it gets a new one. */
  putScenario(input: ScenarioInput): Promise<EntryMeta> {
    const id = input.id ?? `scenario:${crypto.randomUUID()}`;
    if (kindOfId(id) !== 'scenario')
      return Promise.reject(new WorkspaceInputError(`“${id}” is not a scenario id.`));
    return this.write('scenario', input.name, jsonBytes(input.snapshot), {
      id,
      snapshot: input.snapshot,
    });
  }

  private async write(
    kind: EntryKind,
    name: string,
    bytes: number,
    payload: AnyPayload,
  ): Promise<EntryMeta> {
    if (typeof name !== 'string' || name.trim() === '')
      throw new WorkspaceInputError(`A ${kind} needs a non-empty name to be saved.`);
    const db = this.live();
    const at = this.now();
    const meta: EntryMeta = {
      id: payload.id,
      name: name.trim(),
      kind,
      bytes,
      created: at,
      updated: at,
      stateVersion: this.options.stateVersion,
    };
    const tx = db.transaction(['entries', STORE_OF[kind]], 'readwrite');
    tx.done.catch(() => {});
    try {
      const old = await tx.objectStore('entries').get(meta.id);
      if (old && metaProblem(old) === undefined) meta.created = old.created;
      this.options.beforeWrite?.(meta);
      await Promise.all([
        tx.objectStore('entries').put(meta),
        (tx.objectStore(STORE_OF[kind]) as { put(v: AnyPayload): Promise<unknown> }).put(payload),
        tx.done,
      ]);
      return meta;
    } catch (err) {
      try {
        tx.abort();
      } catch {
        // already finished or aborted
      }
      throw await this.writeError(meta, err);
    }
  }

  private async writeError(meta: EntryMeta, err: unknown): Promise<WorkspaceError> {
    if (err instanceof WorkspaceError) return err;
    const name = errorName(err);
    if (name === 'QuotaExceededError') {
      const estimate = await this.estimate();
      const free =
        estimate?.quota !== undefined && estimate.usage !== undefined
          ? Math.max(0, estimate.quota - estimate.usage)
          : undefined;
      return new WorkspaceQuotaError(
        `${quotaMessage(meta.name, meta.bytes, estimate)} ${IN_MEMORY}`,
        meta.bytes,
        free,
      );
    }
    if (name === 'DataCloneError')
      return new WorkspaceInputError(
        `The ${meta.kind} “${meta.name}” holds a value the browser cannot store (${describe(err)}).`,
      );
    if (name === 'InvalidStateError' && this.closedBecause)
      return new WorkspaceUnavailableError('closed', this.closedBecause);
    return new WorkspaceOperationError(
      `Could not save the ${meta.kind} “${meta.name}” (${describe(err)}). ${IN_MEMORY}`,
    );
  }

  /** Every entry, newest first; damaged rows are skipped and named with the reason. */
  async list(kind?: EntryKind): Promise<Listing> {
    const db = this.live();
    let keys: string[];
    let rows: unknown[];
    try {
      const tx = db.transaction('entries', 'readonly');
      [keys, rows] = await Promise.all([tx.store.getAllKeys(), tx.store.getAll(), tx.done]);
    } catch (err) {
      throw new WorkspaceOperationError(`Could not list the workspace (${describe(err)}).`);
    }
    const listing: Listing = { entries: [], skipped: [] };
    rows.forEach((row, i) => {
      const problem = metaProblem(row);
      if (problem) listing.skipped.push({ id: String(keys[i]), reason: `damaged: ${problem}` });
      else if (!kind || (row as EntryMeta).kind === kind) listing.entries.push(row as EntryMeta);
    });
    listing.entries.sort((a, b) => b.updated - a.updated || a.id.localeCompare(b.id));
    return listing;
  }

  /** Reads an entry by id, migrating it from an older state version when it can. */
  async get<K extends EntryKind = EntryKind>(id: string): Promise<ReadResult<K>> {
    const kind = kindOfId(id);
    if (!kind) return { status: 'unreadable', id, reason: `“${id}” names no kind of entry` };
    const db = this.live();
    let meta: unknown;
    let payload: unknown;
    try {
      const tx = db.transaction(['entries', STORE_OF[kind]], 'readonly');
      [meta, payload] = await Promise.all([
        tx.objectStore('entries').get(id),
        tx.objectStore(STORE_OF[kind]).get(id),
        tx.done,
      ]);
    } catch (err) {
      throw new WorkspaceOperationError(`Could not read “${id}” (${describe(err)}).`);
    }
    if (meta === undefined && payload === undefined) return { status: 'missing', id };
    const metaIssue = metaProblem(meta);
    if (metaIssue) return { status: 'unreadable', id, reason: `damaged listing row: ${metaIssue}` };
    const entry = meta as EntryMeta;
    const unreadable = (reason: string): ReadResult<K> => ({
      status: 'unreadable',
      id,
      entry,
      reason,
    });
    const current = this.options.stateVersion;
    let migratedFrom: number | undefined;
    if (entry.stateVersion > current)
      return unreadable(
        `saved by a newer version of the app (state version ${entry.stateVersion}; this one reads up to ${current})`,
      );
    if (entry.stateVersion < current) {
      const { migrate } = this.options;
      if (!migrate)
        return unreadable(
          `saved by state version ${entry.stateVersion}, which this app cannot migrate`,
        );
      try {
        payload = migrate(kind, payload, entry.stateVersion, current);
      } catch (err) {
        return unreadable(
          `migration from state version ${entry.stateVersion} failed: ${describe(err)}`,
        );
      }
      if (payload === undefined)
        return unreadable(`migration from state version ${entry.stateVersion} gave no record`);
      migratedFrom = entry.stateVersion;
    }
    const payloadIssue = payloadProblem(kind, id, payload);
    if (payloadIssue) return unreadable(`damaged record: ${payloadIssue}`);
    const ok = { status: 'ok', entry, payload: payload as PayloadOf[K] } as const;
    return migratedFrom === undefined ? ok : { ...ok, migratedFrom };
  }

  /** The dataset with this content hash. */
  getDataset(hash: string): Promise<ReadResult<'dataset'>> {
    return this.get<'dataset'>(datasetId(hash));
  }

  /** "This fit of this data": the fit saved under the key, if any. */
  findFit(key: FitKey): Promise<ReadResult<'fit'>> {
    return this.get<'fit'>(fitId(key));
  }

  /** Renames an entry; its updated date moves. */
  async rename(id: string, name: string): Promise<EntryMeta> {
    if (typeof name !== 'string' || name.trim() === '')
      throw new WorkspaceInputError('A name cannot be empty.');
    const db = this.live();
    const tx = db.transaction('entries', 'readwrite');
    tx.done.catch(() => {});
    let row: EntryMeta | undefined;
    try {
      row = await tx.store.get(id);
      if (row && metaProblem(row) === undefined) {
        row = { ...row, name: name.trim(), updated: this.now() };
        await Promise.all([tx.store.put(row), tx.done]);
      }
    } catch (err) {
      throw await this.writeError(
        { ...(row ?? { id, kind: 'scenario', bytes: 0 }), name } as EntryMeta,
        err,
      );
    }
    if (!row || metaProblem(row)) throw new WorkspaceNotFoundError(`No entry “${id}” to rename.`);
    return row;
  }

  /** Deletes an entry and its record (a damaged one too). */
  async delete(id: string): Promise<void> {
    const db = this.live();
    const kind = kindOfId(id);
    const names = kind ? (['entries', STORE_OF[kind]] as const) : (['entries'] as const);
    let existed: boolean;
    try {
      const tx = db.transaction([...names], 'readwrite');
      const counts = await Promise.all(names.map((n) => tx.objectStore(n).count(id)));
      existed = counts.some((c) => c > 0);
      await Promise.all([...names.map((n) => tx.objectStore(n).delete(id)), tx.done]);
    } catch (err) {
      throw new WorkspaceOperationError(`Could not delete “${id}” (${describe(err)}).`);
    }
    if (!existed) throw new WorkspaceNotFoundError(`No entry “${id}” to delete.`);
  }

  /** Deletes every entry. */
  async clear(): Promise<void> {
    const db = this.live();
    try {
      const tx = db.transaction(['entries', 'datasets', 'fits', 'scenarios'], 'readwrite');
      await Promise.all([
        tx.objectStore('entries').clear(),
        tx.objectStore('datasets').clear(),
        tx.objectStore('fits').clear(),
        tx.objectStore('scenarios').clear(),
        tx.done,
      ]);
    } catch (err) {
      throw new WorkspaceOperationError(`Could not clear the workspace (${describe(err)}).`);
    }
  }

  /** The browser's usage and quota for this origin, where it says; undefined otherwise. */
  async estimate(): Promise<{ usage?: number; quota?: number } | undefined> {
    try {
      const storage = (globalThis.navigator as Navigator | undefined)?.storage;
      if (!storage?.estimate) return undefined;
      const { usage, quota } = await storage.estimate();
      return { usage, quota };
    } catch {
      return undefined;
    }
  }
}
