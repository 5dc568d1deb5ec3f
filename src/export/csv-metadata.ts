/**
 * The metadata header of exported CSV files: comment lines `# key: value` above the column
 * header, naming the tool and its version, the law and its source, the scenario and its
 * constraints, the grid and the date. pandas (`read_csv(..., comment='#')`), R
 * (`read.csv(..., comment.char = '#')`) and spreadsheets (one text cell per line, above the
 * table) all take it; the first line that is not a comment stays the column header. Pure, no DOM.
 *
 * Safety: a metadata line is always one cell that starts with `#`. Values lose every character
 * that could split the line into cells or records (comma, semicolon, control characters
 * such as tab, CR and LF; a double quote becomes a single one), so no part of it can reach a spreadsheet as a formula, and no
 * value can forge a data row.
 */
import type { ScalingLaw } from '../law/law';
import { PRESETS } from '../law/presets';
import { resolveScenario, type Scenario } from '../law/scenario';
import type { SweepAxis } from '../law/sweep';
import { CSV_EOL } from './csv';
import { TOOL_VERSION } from './tool';

/** First character of a metadata line. */
export const CSV_COMMENT = '#';

/** The tool's name in the `# tool:` line (the npm package name). */
export const CSV_TOOL_ID = 'scaling-sweep';

/** One metadata line: its key and its value (cleaned by {@link metadataValue}). */
export type CsvMetadataEntry = readonly [key: string, value: string];

/** What every export may add to its metadata: where the law came from, and when. */
export interface CsvExportContext {
  /**
   * Where the law came from, e.g. "fitted law". A law equal to a preset's is named by the
   * preset whatever this says; any other without it is "custom (edited or fitted)".
   */
  readonly lawSource?: string;
  /** When the file is written (default: now). */
  readonly date?: Date;
}

/**
 * Characters that could split a metadata line into cells or records: delimiters and every
 * control character (tab, CR, LF, NEL among them), and the Unicode line separators.
 */
const SPLITTERS = /[,;\p{Cc}\u2028\u2029]+/gu;

/**
 * A value as one safe cell: double quotes become single quotes, delimiters and line breaks
 * spaces, runs of whitespace one space, no space at either end.
 */
export function metadataValue(text: string): string {
  return text.replace(/"/g, "'").replace(SPLITTERS, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * A number exactly (it reads back as the same double), in exponent form outside [1e-4, 1e6):
 * 1.69, 406.4, 1e11, 5.88e23, 1e-5.
 */
export function metadataNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e6 || a < 1e-4)) return x.toExponential().replace('e+', 'e');
  return String(x);
}

/** Where a law comes from: the preset it equals, else `source`, else custom. */
export function lawSourceText(law: ScalingLaw, source?: string): string {
  const preset = PRESETS.find(
    (p) =>
      p.law.E === law.E &&
      p.law.A === law.A &&
      p.law.B === law.B &&
      p.law.alpha === law.alpha &&
      p.law.beta === law.beta,
  );
  if (preset) return `preset ${preset.id}: ${preset.source}`;
  return source?.trim() ? source : 'custom (edited or fitted)';
}

/** `E=1.69 A=406.4 B=410.7 alpha=0.34 beta=0.28 (preset hoffmann2022: …)`. */
export function lawMetadata(law: ScalingLaw, source?: string): string {
  const n = metadataNumber;
  return `E=${n(law.E)} A=${n(law.A)} B=${n(law.B)} alpha=${n(law.alpha)} beta=${n(law.beta)} (${lawSourceText(law, source)})`;
}

/** Scenario fields in the order they are written, with their names in the header. */
const SCENARIO_FIELDS = [
  ['C', 'C'],
  ['U', 'U'],
  ['Dinf', 'D_inf'],
  ['targetLoss', 'target_loss'],
  ['N', 'N'],
  ['k', 'k'],
  ['q', 'q'],
  ['RStarD', 'R*_D'],
  ['RStarN', 'R*_N'],
] as const;

type ScenarioField = (typeof SCENARIO_FIELDS)[number][0];

/** The fields each kind is solved with (k and q always; R* only where repetition applies). */
const KIND_FIELDS: Readonly<Record<Scenario['kind'], readonly ScenarioField[]>> = {
  compute: ['C', 'k', 'q'],
  'data-constrained': ['C', 'U', 'k', 'q', 'RStarD', 'RStarN'],
  'inference-target': ['Dinf', 'targetLoss', 'k', 'q'],
  'inference-budget': ['C', 'Dinf', 'k', 'q'],
  'target-loss': ['targetLoss', 'k', 'q'],
  'fixed-model': ['C', 'N', 'k', 'q'],
  'data-constrained-inference': ['C', 'U', 'Dinf', 'k', 'q', 'RStarD', 'RStarN'],
};

/**
 * The scenario and constraints lines of a scenario: its kind, then the values it is solved
 * with (defaults filled in: k, q, and R*_D, R*_N where repetition applies), except the fields
 * in `varying`, which change from row to row (the budget of a frontier, the axes of a sweep).
 */
export function scenarioMetadata(s: Scenario, varying: readonly string[] = []): CsvMetadataEntry[] {
  const r = resolveScenario(s);
  const used = KIND_FIELDS[s.kind] ?? SCENARIO_FIELDS.map(([key]) => key);
  const values = SCENARIO_FIELDS.filter(([key]) => used.includes(key) && !varying.includes(key))
    .filter(([key]) => r[key] !== undefined)
    .map(([key, name]) => `${name}=${metadataNumber(r[key] as number)}`);
  return [
    ['scenario', s.kind],
    ['constraints', values.length > 0 ? values.join(' ') : 'none'],
  ];
}

/** `C 1e18 to 1e28 in 512 log-spaced steps`: one sweep axis. */
export function axisMetadata(axis: SweepAxis): string {
  const { field, min, max, count, spacing } = axis;
  return `${field} ${metadataNumber(min)} to ${metadataNumber(max)} in ${count} ${spacing}-spaced steps`;
}

/**
 * The budgets of a frontier: listed when there are at most 8, else their range and count
 * (`log-spaced` when their ratios are equal).
 */
export function budgetsMetadata(budgets: readonly number[]): string {
  const n = budgets.length;
  if (n <= 8)
    return `C at ${n} budget${n === 1 ? '' : 's'}: ${budgets.map(metadataNumber).join(' ')}`;
  const first = budgets[0]!;
  const last = budgets[n - 1]!;
  const step = Math.log(last / first) / (n - 1);
  const log = budgets.every((C, i) => Math.abs(Math.log(C / first) - i * step) <= 1e-9 * (1 + i));
  return `C ${metadataNumber(first)} to ${metadataNumber(last)} in ${n} ${log ? 'log-spaced ' : ''}budgets`;
}

/**
 * The metadata header: `# tool: scaling-sweep <version>`, the entries in order, then
 * `# date: <ISO 8601, UTC>`, each line ending in CRLF. Entries with an empty value are left out.
 */
export function csvMetadataHeader(
  entries: readonly CsvMetadataEntry[],
  date: Date = new Date(),
): string {
  const all: CsvMetadataEntry[] = [
    ['tool', `${CSV_TOOL_ID} ${TOOL_VERSION}`],
    ...entries,
    ['date', date.toISOString()],
  ];
  return all
    .map(([key, value]) => [metadataValue(key), metadataValue(value)] as const)
    .filter(([key, value]) => key !== '' && value !== '')
    .map(([key, value]) => `${CSV_COMMENT} ${key}: ${value}${CSV_EOL}`)
    .join('');
}
