/**
 * The shapes the workspace stores, and their checks. The store holds opaque payloads the app
 * hands it (a column mapping, a fit result, a state snapshot): it checks only the envelope
 * (ids, names, sizes, dates, types of the fixed fields), never the app's own shapes, which the
 * app's `migrate` function owns. See docs/WORKSPACE.md.
 */

/** The kinds of entry. */
export type EntryKind = 'dataset' | 'fit' | 'scenario';

export const ENTRY_KINDS: readonly EntryKind[] = ['dataset', 'fit', 'scenario'];

/** One row of the listing: what the Workspace panel shows. */
export interface EntryMeta {
  /** `dataset:<hash>`, `fit:<key>` or `scenario:<uuid>`. */
  id: string;
  name: string;
  kind: EntryKind;
  /** Size of the payload in bytes (Blob size, typed-array bytes, UTF-8 JSON length). */
  bytes: number;
  /** Milliseconds since the epoch. */
  created: number;
  updated: number;
  /** The app's state version that wrote the payload. */
  stateVersion: number;
}

/** A dataset: the CSV as a Blob, its column mapping and its content hash. */
export interface DatasetPayload {
  id: string;
  csv: Blob;
  /** The app's column mapping (opaque JSON value). */
  mapping: unknown;
  hash: string;
}

/** What identifies one fit of one dataset. */
export interface FitKey {
  datasetHash: string;
  series: string;
  method: string;
  optionsHash: string;
}

/** A fit: the app's result (opaque, structured-cloneable) and its replica table. */
export interface FitPayload extends FitKey {
  id: string;
  result: unknown;
  /** K x 5 replica table, stored as it is. */
  replicas: Float64Array;
}

/** A named scenario: a state snapshot (opaque JSON value). */
export interface ScenarioPayload {
  id: string;
  snapshot: unknown;
}

/** Payload by kind. */
export interface PayloadOf {
  dataset: DatasetPayload;
  fit: FitPayload;
  scenario: ScenarioPayload;
}

export type AnyPayload = DatasetPayload | FitPayload | ScenarioPayload;

/** The id of a dataset entry. */
export function datasetId(hash: string): string {
  return `dataset:${hash}`;
}

/**
 * The id of a fit entry. Each part is URI-encoded, so a series or method holding the separator
 * cannot make two different keys collide.
 */
export function fitId(key: FitKey): string {
  return `fit:${[key.datasetHash, key.series, key.method, key.optionsHash].map(encodeURIComponent).join('/')}`;
}

/**
 * Approximate stored size of an opaque value: the UTF-8 length of its JSON, with typed arrays
 * counted by their bytes. A value JSON cannot write (a cycle) counts as 0.
 */
export function jsonBytes(value: unknown): number {
  let binary = 0;
  let text: string | undefined;
  try {
    text = JSON.stringify(value, (_key, v: unknown) => {
      if (ArrayBuffer.isView(v)) {
        binary += v.byteLength;
        return null;
      }
      return v;
    });
  } catch {
    return 0;
  }
  return binary + (text === undefined ? 0 : new TextEncoder().encode(text).length);
}

/** Why a value is not a listing row, or undefined when it is one. */
export function metaProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'the row is not an object';
  const m = value as Record<string, unknown>;
  if (typeof m.id !== 'string' || m.id === '') return 'field “id” is not a non-empty string';
  if (typeof m.name !== 'string') return 'field “name” is not a string';
  if (!ENTRY_KINDS.includes(m.kind as EntryKind))
    return `field “kind” is ${JSON.stringify(m.kind) ?? 'missing'}, not dataset, fit or scenario`;
  for (const f of ['bytes', 'created', 'updated'] as const)
    if (typeof m[f] !== 'number' || !Number.isFinite(m[f]) || (m[f] as number) < 0)
      return `field “${f}” is not a finite, non-negative number`;
  if (!Number.isInteger(m.stateVersion) || (m.stateVersion as number) < 0)
    return 'field “stateVersion” is not a non-negative integer';
  return undefined;
}

/** Why a value is not a payload of `kind` with id `id`, or undefined when it is one. */
export function payloadProblem(kind: EntryKind, id: string, value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'the record is missing or not an object';
  const p = value as Record<string, unknown>;
  if (p.id !== id) return `the record’s id is ${JSON.stringify(p.id)}, not “${id}”`;
  if (kind === 'dataset') {
    if (!(p.csv instanceof Blob)) return 'field “csv” is not a Blob';
    if (typeof p.hash !== 'string' || p.hash === '') return 'field “hash” is not a string';
    return undefined;
  }
  if (kind === 'fit') {
    for (const f of ['datasetHash', 'series', 'method', 'optionsHash'] as const)
      if (typeof p[f] !== 'string') return `field “${f}” is not a string`;
    if (!(p.replicas instanceof Float64Array)) return 'field “replicas” is not a Float64Array';
    if (p.replicas.length % 5 !== 0)
      return `field “replicas” holds ${p.replicas.length} numbers, not a multiple of 5 (K x 5)`;
    return undefined;
  }
  if (!('snapshot' in p)) return 'field “snapshot” is missing';
  return undefined;
}

/** The kind an id belongs to, from its prefix. */
export function kindOfId(id: string): EntryKind | undefined {
  const prefix = id.slice(0, id.indexOf(':'));
  return ENTRY_KINDS.includes(prefix as EntryKind) ? (prefix as EntryKind) : undefined;
}
