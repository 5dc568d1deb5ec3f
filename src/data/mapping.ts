/**
 * A column mapping: which header of a file supplies which run field, a unit multiplier for N
 * and D, and how several checkpoints of one run are reduced. It is a plain serialisable value,
 * kept in the app state and the link, so a shared link reopens the same mapping.
 */
import { type ColumnMatch, FIELD_LABELS, listHeaders, RUN_FIELDS, type RunField } from './columns';
import { quoteCell } from './number';

/** How the rows of one run (group) enter the fit. */
export type PerRun = 'all' | 'last-step' | 'min-loss';

/** The reductions of {@link PerRun}, in the order shown to users. */
export const PER_RUN_CHOICES: readonly PerRun[] = ['all', 'last-step', 'min-loss'];

/** Human names of the reductions. */
export const PER_RUN_LABELS: Readonly<Record<PerRun, string>> = {
  all: 'every row is a run',
  'last-step': 'last step per run',
  'min-loss': 'lowest loss per run',
};

/** Fields that take a unit multiplier. */
export type ScaledField = 'N' | 'D';

/** Which header supplies which field (header names as the file writes them), units, reduction. */
export interface ColumnMapping {
  readonly fields: Partial<Record<RunField, string>>;
  readonly scale: Partial<Record<ScaledField, number>>;
  readonly perRun?: PerRun;
}

/** The mapping that maps nothing. */
export const EMPTY_MAPPING: ColumnMapping = { fields: {}, scale: {} };

/** Longest header name a mapping may hold. */
export const MAX_MAPPED_HEADER = 200;

type Rule = readonly [RegExp, number];

/** Name heuristics per field: a pattern and its score (higher wins). */
const GUESS_RULES: Readonly<Record<RunField, readonly Rule[]>> = {
  N: [
    [/^(params|n|n_params|num_params|model_size|parameters)$/, 5],
    [/^params/, 4],
    [/param/, 3],
    [/model_size|n_?params/, 3],
  ],
  D: [
    [/^(tokens|d|training_tokens|n_tokens|num_tokens)$/, 5],
    [/^tokens/, 4],
    [/tokens?/, 3],
  ],
  C: [
    [/^(flops|c|compute)$/, 5],
    [/flops|compute/, 3],
  ],
  loss: [
    [/^(loss|l)$/, 5],
    [/loss/, 4],
    [/bpb/, 3],
    [/eval|ppl|perplexity/, 2],
  ],
  group: [
    [/^(group|run|run_id|name|run_name|id)$/, 5],
    [/run_?id|run_?name/, 3],
  ],
  series: [[/^(series|recipe|label|experiment|arch|dataset|mix)$/, 5]],
  weight: [[/^(weight|weights|w)$/, 5]],
  step: [
    [/^(_?step|steps|iter|iteration|global_step)$/, 5],
    [/^iter/, 4],
    [/step/, 3],
  ],
};

/** Order in which fields pick columns: the most specific names first. */
const GUESS_ORDER: readonly RunField[] = [
  'step',
  'weight',
  'series',
  'group',
  'C',
  'D',
  'N',
  'loss',
];

function score(field: RunField, header: string): number {
  const key = header.trim().toLowerCase();
  let best = 0;
  for (const [re, s] of GUESS_RULES[field]) if (s > best && re.test(key)) best = s;
  return best;
}

/**
 * The best-guess mapping for a header row, by name heuristics (`params*` to N, `tokens*` to
 * D, `flops` to C, `*loss*`/`*bpb*`/`*eval*` to loss, `run_id` to group, `step` to step).
 * Each column serves one field at most; D is left out when C is found but no tokens column.
 */
export function guessMapping(headers: readonly string[]): ColumnMapping {
  const names = headers.map((h) => h.trim()).filter((h) => h !== '');
  const taken = new Set<string>();
  const fields: Partial<Record<RunField, string>> = {};
  for (const field of GUESS_ORDER) {
    let best: string | undefined;
    let bestScore = 0;
    for (const name of names) {
      if (taken.has(name)) continue;
      const s = score(field, name);
      if (s > bestScore) {
        best = name;
        bestScore = s;
      }
    }
    if (best !== undefined) {
      fields[field] = best;
      taken.add(best);
    }
  }
  const perRun = fields.step && fields.group ? { perRun: 'last-step' as const } : {};
  return { fields, scale: {}, ...perRun };
}

/** A mapping as a fields record from the columns the automatic header match found. */
export function mappingOfColumns(
  columns: Partial<Record<RunField, ColumnMatch>>,
): Partial<Record<RunField, string>> {
  const fields: Partial<Record<RunField, string>> = {};
  for (const f of RUN_FIELDS) {
    const c = columns[f];
    if (c) fields[f] = c.header;
  }
  return fields;
}

/** The columns a mapping selects in a header row, or the errors that make it unusable. */
export interface ResolvedMapping {
  readonly matched: Partial<Record<RunField, ColumnMatch>>;
  readonly ignored: readonly string[];
  readonly errors: readonly string[];
}

function findHeader(headers: readonly string[], name: string): number {
  const exact = headers.findIndex((h) => h.trim() === name);
  if (exact >= 0) return exact;
  const lower = name.toLowerCase();
  return headers.findIndex((h) => h.trim().toLowerCase() === lower);
}

/**
 * Resolves a mapping against a file's header row: each mapped name must be a column of the
 * file, no column may serve two fields, and N, loss and one of D or C must be mapped.
 */
export function resolveMapping(
  mapping: ColumnMapping,
  headers: readonly string[],
): ResolvedMapping {
  const matched: Partial<Record<RunField, ColumnMatch>> = {};
  const errors: string[] = [];
  const found = headers.map((h) => h.trim()).filter((h) => h !== '');
  const columnsText = `Columns in the file: ${listHeaders(found)}.`;
  const used = new Map<number, RunField>();
  for (const field of RUN_FIELDS) {
    const name = mapping.fields[field];
    if (name === undefined || name === '') continue;
    const index = findHeader(headers, name);
    if (index < 0) {
      errors.push(
        `The column mapping takes ${FIELD_LABELS[field]} from ${quoteCell(name)}, but the file has no such column. ${columnsText}`,
      );
      continue;
    }
    const other = used.get(index);
    if (other) {
      errors.push(
        `The column mapping takes both ${FIELD_LABELS[other]} and ${FIELD_LABELS[field]} from ${quoteCell(name)}; map each field to its own column.`,
      );
      continue;
    }
    used.set(index, field);
    matched[field] = { field, header: headers[index]!.trim(), index };
  }
  const missing = (field: RunField, alt = '') =>
    `The column mapping gives no column for ${FIELD_LABELS[field]}${alt}; pick one of the file's columns. ${columnsText}`;
  if (!mapping.fields.N) errors.push(missing('N'));
  if (!mapping.fields.D && !mapping.fields.C) {
    errors.push(missing('D', ` (or for ${FIELD_LABELS.C})`));
  }
  if (!mapping.fields.loss) errors.push(missing('loss'));
  const perRun = mapping.perRun ?? 'all';
  if (perRun !== 'all' && !mapping.fields.group) {
    errors.push(
      `"${PER_RUN_LABELS[perRun]}" needs a column for ${FIELD_LABELS.group} (the run id shared by a run's checkpoints); map one or keep every row.`,
    );
  }
  if (perRun === 'last-step' && !mapping.fields.step) {
    errors.push(`"${PER_RUN_LABELS[perRun]}" needs a column for ${FIELD_LABELS.step}; map one.`);
  }
  for (const f of ['N', 'D'] as const) {
    const s = mapping.scale[f];
    if (s !== undefined && !(Number.isFinite(s) && s > 0)) {
      errors.push(
        `The unit multiplier for ${FIELD_LABELS[f]} must be a positive number (got ${s}).`,
      );
    }
  }
  const ignored = headers
    .map((h, i) => ({ h: h.trim(), i }))
    .filter(({ h, i }) => h !== '' && !used.has(i))
    .map(({ h }) => h);
  return { matched, ignored, errors };
}

/**
 * The problem with a mapping's shape (a decoded link, a CLI flag), or null when it is a
 * usable value: known fields, header names as non-empty text of at most 200 characters,
 * positive finite multipliers, a known reduction.
 */
export function mappingShapeProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return 'the mapping is not an object';
  const m = value as Record<string, unknown>;
  const fields = m.fields;
  if (typeof fields !== 'object' || fields === null) return 'the mapping has no fields';
  for (const [k, v] of Object.entries(fields)) {
    if (!(RUN_FIELDS as readonly string[]).includes(k)) {
      return `unknown field ${quoteCell(k)} (expected one of ${RUN_FIELDS.join(', ')})`;
    }
    if (typeof v !== 'string' || v.trim() === '') return `the column for ${k} is empty`;
    if (/\p{Cs}/u.test(v)) return `the column name for ${k} is not well-formed text`;
    if (v.length > MAX_MAPPED_HEADER) {
      return `the column name for ${k} is ${v.length} characters long (at most ${MAX_MAPPED_HEADER})`;
    }
  }
  const scale = m.scale;
  if (typeof scale !== 'object' || scale === null) return 'the mapping has no unit multipliers';
  for (const [k, v] of Object.entries(scale)) {
    if (k !== 'N' && k !== 'D') return `unknown unit multiplier ${quoteCell(k)} (expected N or D)`;
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
      return `the unit multiplier for ${k} must be a positive number`;
    }
  }
  if (m.perRun !== undefined && !(PER_RUN_CHOICES as readonly unknown[]).includes(m.perRun)) {
    return `unknown per-run choice ${quoteCell(String(m.perRun))} (expected ${PER_RUN_CHOICES.join(', ')})`;
  }
  return null;
}

/** True when two mappings are equal field by field. */
export function sameMapping(a: ColumnMapping | null, b: ColumnMapping | null): boolean {
  if (a === null || b === null) return a === b;
  const same = (x: Record<string, unknown>, y: Record<string, unknown>) => {
    const kx = Object.keys(x).filter((k) => x[k] !== undefined);
    const ky = Object.keys(y).filter((k) => y[k] !== undefined);
    return kx.length === ky.length && kx.every((k) => x[k] === y[k]);
  };
  return (
    same(a.fields, b.fields) &&
    same(a.scale, b.scale) &&
    (a.perRun ?? 'all') === (b.perRun ?? 'all')
  );
}
