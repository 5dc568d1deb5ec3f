/**
 * Matching a CSV header row to the fields of a run. Header names are compared trimmed and
 * case-insensitively; surrounding quotes are already gone (the CSV reader removes them).
 */
import { parseQuantity, quoteCell } from './number';
import { describeFirstOddChar, foldToAscii } from './unicode';

/** Fields a column can supply. */
export type RunField = 'N' | 'D' | 'loss' | 'C' | 'group' | 'series' | 'weight' | 'step';

/** Every field, in the order a column mapping shows them. */
export const RUN_FIELDS: readonly RunField[] = [
  'N',
  'D',
  'C',
  'loss',
  'group',
  'series',
  'weight',
  'step',
];

/** Accepted header names per field, lower-case, in the order shown to users. */
export const HEADER_ALIASES: Readonly<Record<RunField, readonly string[]>> = {
  N: ['params', 'n', 'model_size', 'parameters'],
  D: ['tokens', 'd', 'training_tokens'],
  loss: ['loss', 'l'],
  C: ['flops', 'c'],
  group: ['group', 'run'],
  series: ['series', 'recipe', 'label', 'experiment', 'arch', 'dataset', 'mix'],
  weight: ['weight'],
  step: ['step', 'steps', 'iter', 'iteration'],
};

/** Human names of the fields, for messages. */
export const FIELD_LABELS: Readonly<Record<RunField, string>> = {
  N: 'parameters (N)',
  D: 'training tokens (D)',
  loss: 'loss (L)',
  C: 'training compute (C)',
  group: 'group',
  series: 'series',
  weight: 'weight',
  step: 'step',
};

/**
 * Optional fields recognised by header name without a mapping; a second column for one of
 * them is ignored rather than refused, so files that loaded before still load. A weight column
 * is used only when a mapping names it.
 */
const OPTIONAL_AUTO: ReadonlySet<RunField> = new Set(['series', 'step']);

/** One header cell recognised as a field. */
export interface ColumnMatch {
  readonly field: RunField;
  /** The header text as written in the file (trimmed). */
  readonly header: string;
  /** 0-based column index. */
  readonly index: number;
}

/** Which column supplies which field, plus the columns that were ignored. */
export interface ColumnMap {
  readonly matched: Partial<Record<RunField, ColumnMatch>>;
  readonly ignored: readonly string[];
  /** Fatal problems: duplicate or missing columns, or a header row that looks like data. */
  readonly errors: readonly string[];
}

const FIELD_ORDER: readonly RunField[] = ['N', 'D', 'loss', 'C', 'group', 'series', 'step'];

function fieldFor(name: string): RunField | undefined {
  const key = name.trim().toLowerCase();
  return FIELD_ORDER.find((f) => HEADER_ALIASES[f].includes(key));
}

function expected(field: RunField): string {
  return HEADER_ALIASES[field].join(', ');
}

/** Most header names listed in one message before "and k more". */
const MAX_LISTED_HEADERS = 12;

/** Header names for a message: quoted, cut, hidden characters shown, at most 12. */
export function listHeaders(names: readonly string[]): string {
  if (names.length === 0) return 'none';
  const shown = names.slice(0, MAX_LISTED_HEADERS).map(quoteCell).join(', ');
  const more = names.length - MAX_LISTED_HEADERS;
  return more > 0 ? `${shown} and ${more} more` : shown;
}

/**
 * A header that is not recognised but would be once invisible characters, full-width forms or
 * lookalike letters from other scripts are replaced: a message naming the character, or null.
 */
function lookalikeHint(name: string, index: number): string | null {
  const field = fieldFor(foldToAscii(name));
  if (!field || fieldFor(name)) return null;
  const odd = describeFirstOddChar(name.trim());
  if (!odd) return null;
  const alias = foldToAscii(name).trim().toLowerCase();
  return `Header ${quoteCell(name)} in column ${index + 1} looks like "${alias}" (${FIELD_LABELS[field]}) but contains ${odd}; type the header again in plain ASCII.`;
}

/**
 * Maps header cells to run fields and reports duplicate, missing or unrecognised columns.
 * `row` is the header's row number in the file, for messages.
 */
export function matchColumns(header: readonly string[], row = 1): ColumnMap {
  const matched: Partial<Record<RunField, ColumnMatch>> = {};
  const ignored: string[] = [];
  const errors: string[] = [];
  const seen = new Map<string, number>();

  if (header.length > 0 && header.every((h) => parseQuantity(h).ok)) {
    const shown = header.slice(0, 6).map((h) => h.trim().slice(0, 40));
    const cells = shown.join(', ') + (header.length > 6 ? ', …' : '');
    return {
      matched,
      ignored,
      errors: [
        `${row === 1 ? 'The first row' : `Row ${row}, the first with content,`} (${cells}) is all numbers, so the file has no header row. Add one, for example: params,tokens,loss`,
      ],
    };
  }

  header.forEach((raw, index) => {
    const name = raw.trim();
    if (name === '') return;
    const key = name.toLowerCase();
    const first = seen.get(key);
    const field = fieldFor(name);
    if (first !== undefined) {
      if (field && !OPTIONAL_AUTO.has(field)) {
        errors.push(
          `Duplicate header ${quoteCell(name)} in columns ${first + 1} and ${index + 1}; keep one of them.`,
        );
      } else {
        ignored.push(name);
      }
      return;
    }
    seen.set(key, index);
    if (!field) {
      ignored.push(name);
      return;
    }
    const earlier = matched[field];
    if (earlier && OPTIONAL_AUTO.has(field)) {
      ignored.push(name);
      return;
    }
    if (earlier) {
      errors.push(
        `Columns ${quoteCell(earlier.header)} (column ${earlier.index + 1}) and ${quoteCell(name)} (column ${index + 1}) both give ${FIELD_LABELS[field]}; keep one of them.`,
      );
      return;
    }
    matched[field] = { field, header: name, index };
  });

  const found = header.map((h) => h.trim()).filter((h) => h !== '');
  const foundText = listHeaders(found);
  const missing = (field: RunField) => !matched[field] && !(field === 'D' && matched.C);
  header.forEach((raw, index) => {
    const hint = lookalikeHint(raw, index);
    const field = hint ? fieldFor(foldToAscii(raw)) : undefined;
    if (hint && field && missing(field)) errors.push(hint);
  });
  if (!matched.N) {
    errors.push(
      `Missing a column for ${FIELD_LABELS.N}: name it one of ${expected('N')}. Headers found: ${foundText}.`,
    );
  }
  if (!matched.D && !matched.C) {
    errors.push(
      `Missing a column for ${FIELD_LABELS.D}: name it one of ${expected('D')} (or give ${FIELD_LABELS.C} as one of ${expected('C')}). Headers found: ${foundText}.`,
    );
  }
  if (!matched.loss) {
    errors.push(
      `Missing a column for ${FIELD_LABELS.loss}: name it one of ${expected('loss')}. Headers found: ${foundText}.`,
    );
  }
  return { matched, ignored, errors };
}
