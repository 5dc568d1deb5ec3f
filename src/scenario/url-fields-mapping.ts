/**
 * The link's fields for a user file's column mapping and the series selection: `map`
 * (FIELD:column pairs), `mscale` (unit multipliers for N and D), `perrun` (how a run's
 * checkpoints are reduced) and `series` (the selected series). Column and series names are
 * percent-encoded inside the value, so commas and colons in them survive.
 */
import { RUN_FIELDS, type RunField } from '../data/columns';
import {
  type ColumnMapping,
  EMPTY_MAPPING,
  MAX_MAPPED_HEADER,
  mappingShapeProblem,
  PER_RUN_CHOICES,
  type PerRun,
} from '../data/mapping';
import { choice, type Draft, type FieldCodec } from './url-field-kit';
import { decodePart, formatUrlNumber } from './url-values';

/** Most series a link may select. */
export const MAX_SELECTED_SERIES = 100;

function current(d: Draft): ColumnMapping {
  return d.state.columnMapping ?? EMPTY_MAPPING;
}

/** Reads `map` text into the fields of a mapping, or the reason it is refused. */
export function readMapFields(text: string): Partial<Record<RunField, string>> | string {
  const fields: Partial<Record<RunField, string>> = {};
  for (const part of text.split(',')) {
    const colon = part.indexOf(':');
    const field = part.slice(0, colon);
    const header = colon > 0 ? decodePart(part.slice(colon + 1)) : null;
    if (colon <= 0 || header === null)
      return `each entry must be FIELD:column, got "${part.slice(0, 40)}"`;
    if (!(RUN_FIELDS as readonly string[]).includes(field)) {
      return `unknown field "${field.slice(0, 20)}" (expected one of ${RUN_FIELDS.join(', ')})`;
    }
    if (fields[field as RunField] !== undefined) return `field ${field} is given twice`;
    fields[field as RunField] = header;
  }
  const problem = mappingShapeProblem({ fields, scale: {} });
  return problem ?? fields;
}

/** Writes the fields of a mapping as `map` text. */
export function formatMapFields(fields: Partial<Record<RunField, string>>): string | undefined {
  const parts = RUN_FIELDS.filter((f) => fields[f] !== undefined).map(
    (f) => `${f}:${encodeURIComponent(fields[f]!)}`,
  );
  return parts.length > 0 ? parts.join(',') : undefined;
}

export const mappingFields: FieldCodec[] = [
  {
    name: 'map',
    write: (s) => (s.columnMapping ? formatMapFields(s.columnMapping.fields) : undefined),
    read: (text, d) => {
      const fields = readMapFields(text);
      if (typeof fields === 'string') return fields;
      d.state.columnMapping = { ...current(d), fields };
      return null;
    },
  },
  {
    name: 'mscale',
    write: (s) => {
      const scale = s.columnMapping?.scale ?? {};
      const parts = (['N', 'D'] as const)
        .filter((f) => scale[f] !== undefined)
        .map((f) => `${f}:${formatUrlNumber(scale[f]!)}`);
      return parts.length === 0 ? undefined : parts.join(',');
    },
    read: (text, d) => {
      const scale: { N?: number; D?: number } = {};
      for (const part of text.split(',')) {
        const [field, value] = part.split(':');
        const v = Number(value);
        if (
          (field !== 'N' && field !== 'D') ||
          value === undefined ||
          !(Number.isFinite(v) && v > 0)
        ) {
          return `each entry must be N:number or D:number with a positive number, got "${part.slice(0, 40)}"`;
        }
        scale[field] = v;
      }
      d.state.columnMapping = { ...current(d), scale };
      return null;
    },
  },
  choice(
    'perrun',
    PER_RUN_CHOICES,
    (s) => s.columnMapping?.perRun,
    (d, v: PerRun) => {
      d.state.columnMapping = { ...current(d), perRun: v };
    },
  ),
  {
    name: 'series',
    write: (s) =>
      s.seriesSelection.length === 0
        ? undefined
        : s.seriesSelection.map((n) => encodeURIComponent(n)).join(','),
    read: (text, d) => {
      const names = text.split(',').map(decodePart);
      if (names.some((n) => n === null || n.trim() === '' || /\p{Cs}/u.test(n))) {
        return 'each series name must be non-empty, percent-encoded text';
      }
      if (names.length > MAX_SELECTED_SERIES) {
        return `at most ${MAX_SELECTED_SERIES} series, got ${names.length}`;
      }
      if (names.some((n) => n!.length > MAX_MAPPED_HEADER)) {
        return `a series name is longer than ${MAX_MAPPED_HEADER} characters`;
      }
      d.state.seriesSelection = [...new Set(names as string[])];
      return null;
    },
  },
];
