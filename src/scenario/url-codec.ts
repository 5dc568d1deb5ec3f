/**
 * The app state in a link, and back: `encode` writes readable query parameters (only those that
 * differ from the defaults) and, when asked, the user's CSV in the fragment; `decode` reads a
 * query and fragment as untrusted input. Every field is checked as the app checks it; what is
 * refused is listed with the reason and the rest is kept; a corrupt fragment becomes a notice.
 * `decode` never throws, and its state always passes validateState.
 */
import type { RunsImport } from '../data/runs';
import { findPreset } from '../law/presets';
import { builtinRef, type DatasetRef, missingRef, type UserDatasetRef, userRef } from './dataset';
import {
  DEFAULT_STATE,
  type ScenarioState,
  STATE_VERSION,
  withFittedLaw,
  withLaw,
  withPreset,
} from './state';
import { type LinkRead, MAX_DATA_CHARS, packData, readLinkData } from './url-data';
import { type Draft, URL_FIELD_MAP, URL_FIELDS } from './url-fields';
import { migrate, type UrlParam } from './url-migrate';
import { quoteValue } from './url-values';
import { validateState } from './validate-state';

/** Longest query read, in characters; a longer one is ignored whole. */
export const MAX_QUERY_CHARS = 256 * 1024;

/** Longest value of one parameter (the exclusion list excepted, which the query cap bounds). */
export const MAX_VALUE_CHARS = 4096;

/** A parameter that was not used, and why. Plain text: render it as text. */
export interface IgnoredField {
  readonly field: string;
  readonly reason: string;
}

/** What a link decodes to. */
export interface Decoded {
  readonly state: ScenarioState;
  readonly ignored: readonly IgnoredField[];
  /** Sentences about the link as a whole: data not included, corrupt data, newer version. */
  readonly notices: readonly string[];
  /** The parsed runs of the state's dataset, when decoding parsed them (data in the fragment). */
  readonly imported?: RunsImport;
  /**
   * The fragment's data when the link's column mapping cannot read it (it names a column the
   * file lacks) but another mapping could: the app opens the mapping step on it.
   */
  readonly mappingStep?: {
    readonly name: string;
    readonly csv: string;
    readonly imported: RunsImport;
  };
}

export interface DecodeOptions {
  /**
   * User data this browser already holds, by content hash (loaded earlier in this tab): a link
   * that names such data without including it opens on it.
   */
  readonly knownData?: (hash: string) => UserDatasetRef | undefined;
  /**
   * The fragment's data, already read (unpacked and parsed on a worker, readLinkData): used
   * instead of reading it again when the fragment carries this payload.
   */
  readonly linkData?: { readonly payload: string; readonly read: LinkRead };
}

export interface EncodeOptions {
  /** Put the user's CSV in the fragment (only for a dataset the user loaded). */
  readonly includeData?: boolean;
}

/** Name given to user data when a link does not name it. */
export const SHARED_DATA_NAME = 'shared data';

function encodeValue(text: string): string {
  return encodeURIComponent(text).replace(/%2C/g, ',').replace(/%3A/g, ':');
}

/**
 * The link for a state, relative to the app's page: `?v=1&view=frontier&...` and, with
 * `includeData` and a user dataset, `#data=...`. Fields equal to the defaults are left out.
 */
export function encode(state: ScenarioState, options: EncodeOptions = {}): string {
  const parts = [`v=${STATE_VERSION}`];
  for (const field of URL_FIELDS) {
    const text = field.write(state);
    if (text === undefined || text === field.write(DEFAULT_STATE)) continue;
    parts.push(`${field.name}=${encodeValue(text)}`);
  }
  const data =
    options.includeData && state.dataset.source === 'user'
      ? `#data=${packData(state.dataset.csv)}`
      : '';
  return `?${parts.join('&')}${data}`;
}

function percentDecoded(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** How a parameter is named in the ignored list: a known name as is, any other quoted. */
function fieldLabel(name: string): string {
  return URL_FIELD_MAP.has(name) || name === 'v' || name === 'data' ? name : quoteValue(name);
}

/**
 * Splits `a=1&b=2` into percent-decoded parameters; '+' stays '+'. In the fragment (`prefix`
 * '#') values are taken as written: the data is base64url, which needs no decoding, and a stray
 * '%' in it is then reported as corrupt data rather than as a missing field.
 */
function splitParams(text: string, ignored: IgnoredField[], prefix = ''): UrlParam[] {
  const out: UrlParam[] = [];
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawName = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? '' : pair.slice(eq + 1);
    const name = percentDecoded(rawName);
    const value = prefix === '' ? percentDecoded(rawValue) : rawValue;
    if (name === undefined)
      ignored.push({
        field: prefix + quoteValue(rawName),
        reason: 'malformed percent-encoding in the name',
      });
    else if (value === undefined)
      ignored.push({
        field: prefix + fieldLabel(name),
        reason: 'malformed percent-encoding in the value',
      });
    else out.push({ name, value });
  }
  return out;
}

/** The version a link declares (0 when it has none), reporting a bad or newer one. */
function readVersion(params: readonly UrlParam[], ignored: IgnoredField[], notices: string[]) {
  const v = params.find((p) => p.name === 'v');
  if (!v) return 0;
  if (!/^\d{1,6}$/.test(v.value)) {
    ignored.push({ field: 'v', reason: `must be a version number, got ${quoteValue(v.value)}` });
    return STATE_VERSION;
  }
  const version = Number(v.value);
  if (version > STATE_VERSION) {
    ignored.push({
      field: 'v',
      reason: `version ${version} is newer than this app's (${STATE_VERSION})`,
    });
    notices.push(
      `This link was made by a newer version of Scaling Sweep (link version ${version}); fields this version does not know are ignored.`,
    );
    return STATE_VERSION;
  }
  return version;
}

function newDraft(): Draft {
  return { state: { ...DEFAULT_STATE }, lawId: undefined, constants: {}, data: {} };
}

/** The law from the `law` parameter and the five constants. */
function assembleLaw(d: Draft, notices: string[]): ScenarioState {
  const s = d.state as ScenarioState;
  const preset = d.lawId === undefined ? undefined : findPreset(d.lawId);
  const given = Object.keys(d.constants);
  if (preset && given.length === 0) return withPreset(s, preset.id);
  if (d.lawId === undefined && given.length === 0) return s;
  const base = (preset ?? findPreset(DEFAULT_STATE.presetId))!.law;
  const law = { ...base, ...d.constants };
  const missing = preset
    ? []
    : (['E', 'A', 'B', 'alpha', 'beta'] as const).filter((f) => !(f in d.constants));
  if (missing.length > 0)
    notices.push(
      `The link's law lacks ${missing.join(', ')}; the values of the ${DEFAULT_STATE.presetId} preset were used.`,
    );
  return d.lawId === 'fit' ? withFittedLaw(s, law) : withLaw(s, law);
}

/** The dataset from its parameters and the fragment's data. */
function assembleDataset(
  d: Draft,
  fragmentData: string | undefined,
  ignored: IgnoredField[],
  notices: string[],
  { knownData, linkData }: DecodeOptions,
): {
  dataset: DatasetRef;
  keepExclusions: boolean;
  imported?: RunsImport;
  mappingStep?: Decoded['mappingStep'];
} {
  const { source = 'builtin', seed, name, hash } = d.data;
  if (source === 'builtin') {
    if (name !== undefined)
      ignored.push({ field: 'dname', reason: 'not used with the built-in dataset' });
    if (hash !== undefined)
      ignored.push({ field: 'dhash', reason: 'not used with the built-in dataset' });
    if (fragmentData !== undefined)
      ignored.push({ field: '#data', reason: 'data in the fragment is read only with data=user' });
    return { dataset: builtinRef(seed ?? 1), keepExclusions: true };
  }
  if (seed !== undefined)
    ignored.push({ field: 'dseed', reason: 'used only with the built-in dataset' });
  const label = name ?? SHARED_DATA_NAME;
  if (fragmentData !== undefined) {
    const mapping = d.state.columnMapping;
    const read =
      linkData?.payload === fragmentData ? linkData.read : readLinkData(fragmentData, mapping);
    if ('problem' in read) {
      notices.push(
        `The data in this link could not be read: ${read.problem}. The app opened without it.`,
      );
    } else {
      const made = userRef(label, read.csv, read.imported);
      if ('ref' in made) {
        if (hash !== undefined && hash !== made.ref.hash)
          notices.push(
            `The data in this link hashes to ${made.ref.hash}, not ${hash} as the link says; the data was used.`,
          );
        return { dataset: made.ref, keepExclusions: true, imported: read.imported };
      }
      if (mapping && read.imported.needsMapping) {
        notices.push(
          `The link's column mapping does not fit its data: ${made.refused} Choose the columns in the mapping step (Fit view).`,
        );
        const mappingStep = { name: label, csv: read.csv, imported: read.imported };
        const fallback = hash === undefined ? builtinRef(1) : missingRef(label, hash);
        return { dataset: fallback, keepExclusions: hash !== undefined, mappingStep };
      }
      notices.push(`The data in this link cannot be used: ${made.refused}`);
    }
  }
  if (hash !== undefined) {
    const known = fragmentData === undefined ? knownData?.(hash) : undefined;
    if (known && known.hash === hash) return { dataset: known, keepExclusions: true };
    if (fragmentData === undefined)
      notices.push(
        `Data not included: this link refers to "${label}" (hash ${hash}) without carrying its runs. The law is exact; load the same CSV in the Fit view to fit again.`,
      );
    return { dataset: missingRef(label, hash), keepExclusions: true };
  }
  notices.push('The link names user data without its hash; the built-in dataset is used instead.');
  return { dataset: builtinRef(1), keepExclusions: false };
}

/** The fragment's data payload, reporting its other fields and a fragment over the limit. */
function readFragment(
  hash: string,
  ignored: IgnoredField[],
  notices: string[],
): string | undefined {
  const fragment = hash.startsWith('#') ? hash.slice(1) : hash;
  if (fragment.length > MAX_DATA_CHARS + 5) {
    notices.push(
      `The data in this link could not be read: it is ${fragment.length.toLocaleString('en-US')} characters long, over the limit. The app opened without it.`,
    );
    return undefined;
  }
  let fragmentData: string | undefined;
  for (const p of splitParams(fragment, ignored, '#')) {
    if (p.name !== 'data')
      ignored.push({ field: `#${fieldLabel(p.name)}`, reason: 'unknown field' });
    else if (fragmentData !== undefined)
      ignored.push({ field: '#data', reason: 'duplicate field: only the first one is read' });
    else fragmentData = p.value;
  }
  return fragmentData;
}

/**
 * The data payload of a link's fragment (`location.hash`), as `decode` would read it, so that a
 * caller can read large data off the UI thread first (DecodeOptions.linkData); or undefined.
 */
export function fragmentPayload(hash: string): string | undefined {
  return readFragment(String(hash ?? ''), [], []);
}

function decodeUnchecked(search: string, hash: string, options: DecodeOptions): Decoded {
  const ignored: IgnoredField[] = [];
  const notices: string[] = [];
  let query = search.startsWith('?') ? search.slice(1) : search;
  if (query.length > MAX_QUERY_CHARS) {
    notices.push(
      `The link's query is ${query.length.toLocaleString('en-US')} characters long, over the limit of ${MAX_QUERY_CHARS.toLocaleString('en-US')}; it was ignored and the app opened on its defaults.`,
    );
    query = '';
  }
  const raw = splitParams(query, ignored);
  const version = readVersion(raw, ignored, notices);
  const params = migrate(
    raw.filter((p) => p.name !== 'v'),
    version,
  );
  const versions = raw.filter((p) => p.name === 'v').length;
  for (let i = 1; i < versions; i++)
    ignored.push({ field: 'v', reason: 'duplicate field: only the first one is read' });
  const draft = newDraft();
  const seen = new Set<string>();
  for (const p of params) {
    const codec = URL_FIELD_MAP.get(p.name);
    const field = fieldLabel(p.name);
    if (!codec) {
      ignored.push({ field, reason: 'unknown field' });
    } else if (seen.has(p.name)) {
      ignored.push({ field, reason: 'duplicate field: only the first one is read' });
    } else if (p.value.length > MAX_VALUE_CHARS && p.name !== 'ex') {
      ignored.push({ field, reason: `longer than ${MAX_VALUE_CHARS} characters` });
    } else {
      seen.add(p.name);
      const reason = codec.read(p.value, draft);
      if (reason) ignored.push({ field, reason });
    }
  }
  const fragmentData = readFragment(hash, ignored, notices);
  let state = assembleLaw(draft, notices);
  const data = assembleDataset(draft, fragmentData, ignored, notices, options);
  if (!data.keepExclusions && state.excludedRows.length > 0) {
    ignored.push({ field: 'ex', reason: 'the rows belong to data that is not available' });
    state = { ...state, excludedRows: [] };
  }
  state = { ...state, dataset: data.dataset };
  const step = data.mappingStep ? { mappingStep: data.mappingStep } : {};
  return data.imported
    ? { state, ignored, notices, imported: data.imported, ...step }
    : { state, ignored, notices, ...step };
}

/**
 * The state a link's query (`location.search`) and fragment (`location.hash`) describe, with
 * every ignored field and its reason, and notices about the link as a whole. Never throws; the
 * state always passes validateState.
 */
export function decode(search: string, hash: string, options: DecodeOptions = {}): Decoded {
  try {
    const decoded = decodeUnchecked(String(search ?? ''), String(hash ?? ''), options);
    const issues = validateState(decoded.state);
    if (issues.length === 0) return decoded;
    return {
      state: DEFAULT_STATE,
      ignored: decoded.ignored,
      notices: [
        ...decoded.notices,
        `The link describes an unusable state (${issues[0]}); the app opened on its defaults.`,
      ],
    };
  } catch (e) {
    return {
      state: DEFAULT_STATE,
      ignored: [],
      notices: [
        `The link could not be read (${e instanceof Error ? e.message : String(e)}); the app opened on its defaults.`,
      ],
    };
  }
}
