/**
 * What the app keeps in the workspace, and how it reads it back: the key of a fit (the data it
 * saw, the method, the options with seed and K), a finished fit job packed as a record with its
 * replica tables pulled out into one Float64Array, a named scenario as its link, and the
 * migration rule for entries of an older state version. The store (store.ts) sees these only as
 * opaque values; the checks here are the app's side of the contract (docs/WORKSPACE.md).
 */
import { type ColumnMapping, mappingShapeProblem } from '../data/mapping';
import type { AnyFitMethod } from '../fit/method';
import { findFitMethod } from '../fit/methods';
import type { SeriesFit } from '../fit/series-fit';
import type { FitOptions } from '../fit/types';
import { LAW_FIELDS, type ScalingLaw } from '../law/law';
import type { ScenarioState } from '../scenario/state';
import { encode } from '../scenario/url-codec';
import type { EntryKind, FitKey } from './records';

/** Format of a stored fit record (inside the state version). */
const FIT_FORMAT = 1;

/** JSON with object keys sorted, so that equal values give equal text whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, (v as Record<string, unknown>)[k]]),
        )
      : v,
  );
}

/** The parts of the state a fit depends on (besides the data's content hash). */
export interface FitInputs {
  readonly datasetHash: string;
  readonly excludedRows: readonly number[];
  readonly seriesSelection: readonly string[];
  readonly method: string;
  readonly options: FitOptions;
}

/** The fit inputs of a state. */
export function fitInputsOf(state: ScenarioState): FitInputs {
  return {
    datasetHash: state.dataset.hash,
    excludedRows: state.excludedRows,
    seriesSelection: state.seriesSelection,
    method: state.fitMethod,
    options: state.fitOptions,
  };
}

/**
 * The workspace key of a fit: data hash, the runs it used (exclusions) and series, the method,
 * and the options (starts, seed, K, delta...) as canonical JSON, so the same state finds it.
 */
export function fitKeyOf(inputs: FitInputs): FitKey {
  return {
    datasetHash: inputs.datasetHash,
    series: canonicalJson({ excluded: inputs.excludedRows, series: inputs.seriesSelection }),
    method: inputs.method,
    optionsHash: canonicalJson(inputs.options),
  };
}

/** A finished fit job as the app uses it again. */
export interface StoredFit {
  readonly inputs: FitInputs;
  readonly datasetName: string;
  /** The series whose fit the views showed. */
  readonly chosenSeries: string | null;
  readonly fits: readonly SeriesFit<unknown>[];
}

/** Where a series' replica table sits in the record's one Float64Array. */
interface ReplicaSlice {
  readonly offset: number;
  readonly length: number;
}

function replicasOf(result: unknown): Float64Array | undefined {
  const r = (result as { bootstrap?: { replicas?: unknown } } | null)?.bootstrap?.replicas;
  return r instanceof Float64Array ? r : undefined;
}

/**
 * A fit job as a workspace record: the result (with each series' replica table replaced by its
 * slice) and every replica table concatenated, bit for bit, into one K x 5 Float64Array.
 */
export function packFit(fit: StoredFit): { result: unknown; replicas: Float64Array } {
  const tables: Float64Array[] = [];
  let offset = 0;
  const fits = fit.fits.map((f) => {
    if (!('result' in f)) return f;
    const table = replicasOf(f.result);
    if (!table) return f;
    const r = f.result as { bootstrap: Record<string, unknown> };
    const slice: ReplicaSlice = { offset, length: table.length };
    tables.push(table);
    offset += table.length;
    const { replicas: _dropped, ...bootstrap } = r.bootstrap;
    return { ...f, result: { ...r, bootstrap: { ...bootstrap, replicaSlice: slice } } };
  });
  const replicas = new Float64Array(offset);
  let at = 0;
  for (const t of tables) {
    replicas.set(t, at);
    at += t.length;
  }
  return {
    result: { format: FIT_FORMAT, ...fit, fits },
    replicas,
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function lawProblem(law: unknown): string | undefined {
  if (!isObject(law)) return 'its law is missing';
  for (const f of LAW_FIELDS)
    if (typeof law[f] !== 'number' || !Number.isFinite(law[f]))
      return `its law's ${f} is not a number`;
  return undefined;
}

/** Why a stored fit's inputs are not usable, or undefined. */
function inputsProblem(v: unknown): string | undefined {
  if (!isObject(v)) return 'its inputs are missing';
  if (typeof v.datasetHash !== 'string') return 'its data hash is missing';
  if (!Array.isArray(v.excludedRows) || !v.excludedRows.every(Number.isInteger))
    return 'its excluded rows are not a list of row numbers';
  if (!Array.isArray(v.seriesSelection) || !v.seriesSelection.every((s) => typeof s === 'string'))
    return 'its series selection is not a list of names';
  if (typeof v.method !== 'string') return 'its method is missing';
  if (!isObject(v.options)) return 'its options are missing';
  return undefined;
}

/** Puts a series' replica table back from the record's array, or says why it cannot. */
function restoreSeries(
  f: unknown,
  method: AnyFitMethod,
  replicas: Float64Array,
): SeriesFit<unknown> | string {
  if (!isObject(f)) return 'a series entry is not an object';
  if (f.series !== null && typeof f.series !== 'string') return 'a series name is not text';
  if (typeof f.runs !== 'number') return 'a series has no run count';
  if (!('result' in f)) {
    if (typeof f.problem !== 'string') return 'a series has neither a result nor a problem';
    return f as unknown as SeriesFit<unknown>;
  }
  let result = f.result;
  const boot = isObject(result) ? result.bootstrap : undefined;
  if (isObject(boot) && 'replicaSlice' in boot) {
    const s = boot.replicaSlice as ReplicaSlice | undefined;
    if (
      !isObject(s) ||
      !Number.isInteger(s.offset) ||
      !Number.isInteger(s.length) ||
      s.offset < 0 ||
      s.length % 5 !== 0 ||
      s.offset + s.length > replicas.length
    )
      return 'a replica slice lies outside the stored replica table';
    const { replicaSlice: _slice, ...rest } = boot;
    const table = replicas.slice(s.offset, s.offset + s.length);
    result = { ...(result as Record<string, unknown>), bootstrap: { ...rest, replicas: table } };
  }
  let law: ScalingLaw | undefined;
  try {
    law = method.law(result);
    method.summary(result);
  } catch (e) {
    return `a result cannot be read by ${method.label} (${e instanceof Error ? e.message : String(e)})`;
  }
  const bad = law === undefined ? undefined : lawProblem(law);
  if (bad) return `a result's law is unusable: ${bad}`;
  return { series: f.series as string | null, runs: f.runs, result };
}

/**
 * A stored fit record read back (with its replica tables restored), or the reason it cannot be
 * used. `methods` is the registry (tests pass their own).
 */
export function unpackFit(
  result: unknown,
  replicas: Float64Array,
  methods?: readonly AnyFitMethod[],
): StoredFit | string {
  if (!isObject(result)) return 'the fit record is not an object';
  if (result.format !== FIT_FORMAT) return `the fit record has format ${String(result.format)}`;
  const inputsIssue = inputsProblem(result.inputs);
  if (inputsIssue) return `the fit record is damaged: ${inputsIssue}`;
  const inputs = result.inputs as unknown as FitInputs;
  const method = findFitMethod(inputs.method, methods);
  if (!method) return `the fit method “${inputs.method}” is not known to this version of the app`;
  if (typeof result.datasetName !== 'string') return 'the fit record has no dataset name';
  if (result.chosenSeries !== null && typeof result.chosenSeries !== 'string')
    return 'the fit record’s chosen series is not text';
  if (!Array.isArray(result.fits) || result.fits.length === 0)
    return 'the fit record holds no series';
  const fits: SeriesFit<unknown>[] = [];
  for (const f of result.fits) {
    const read = restoreSeries(f, method, replicas);
    if (typeof read === 'string') return `the fit record is damaged: ${read}`;
    fits.push(read);
  }
  if (!fits.some((f) => 'result' in f)) return 'the fit record holds no fitted series';
  return {
    inputs,
    datasetName: result.datasetName,
    chosenSeries: result.chosenSeries as string | null,
    fits,
  };
}

/** A named scenario: the state as its link (no data), and the dataset it names. */
export interface ScenarioSnapshot {
  /** The query of the state's link (`encode`), read back with the link codec. */
  readonly link: string;
  readonly datasetName: string;
  readonly datasetHash: string;
}

/** The snapshot of a state. */
export function scenarioSnapshot(state: ScenarioState): ScenarioSnapshot {
  return {
    link: encode(state),
    datasetName: state.dataset.name,
    datasetHash: state.dataset.hash,
  };
}

/** A stored snapshot read back, or the reason it cannot be used. */
export function readSnapshot(value: unknown): ScenarioSnapshot | string {
  if (!isObject(value)) return 'the scenario is not an object';
  if (typeof value.link !== 'string' || !value.link.startsWith('?'))
    return 'the scenario holds no link';
  if (typeof value.datasetName !== 'string' || typeof value.datasetHash !== 'string')
    return 'the scenario does not name its dataset';
  return value as unknown as ScenarioSnapshot;
}

/** A stored column mapping read back (null: headers matched by name), or the reason it cannot. */
export function readMapping(value: unknown): ColumnMapping | null | string {
  if (value === null) return null;
  const problem = mappingShapeProblem(value);
  return problem ?? (value as ColumnMapping);
}

/**
 * The migration rule, for entries written by an older state version. A dataset is its CSV and
 * mapping, which no state version changes: it is kept (its mapping is checked on use). A
 * scenario is a link, which the link codec reads from any older version. A fit is not carried
 * over: its result's shape belongs to the version that made it, so the entry is named as
 * unreadable and the user fits again.
 */
export function migrateEntry(kind: EntryKind, payload: unknown, from: number, to: number): unknown {
  if (from >= to) return payload;
  if (kind === 'fit')
    throw new Error(
      `a fit saved by state version ${from} cannot be read by version ${to}; fit again`,
    );
  return payload;
}
