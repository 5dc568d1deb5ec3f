/**
 * The column mapping as command-line text: `--map N=params_total,D=tokens,loss=eval/bpb`,
 * `--scale N=1e6`, `--per-run last-step` and `--series a,b`. Each reader throws an Error whose
 * message names the flag and the part at fault.
 */
import { RUN_FIELDS, type RunField } from './columns';
import { type ColumnMapping, mappingShapeProblem, PER_RUN_CHOICES, type PerRun } from './mapping';

function pairs(flag: string, text: string | undefined): [string, string][] {
  if (text === undefined || text.trim() === '') throw new Error(`${flag} needs FIELD=VALUE[,...]`);
  return text.split(',').map((part) => {
    const eq = part.indexOf('=');
    if (eq <= 0 || eq === part.length - 1) {
      throw new Error(`${flag}: "${part}" is not FIELD=VALUE`);
    }
    return [part.slice(0, eq).trim(), part.slice(eq + 1).trim()];
  });
}

/** Reads `--map` text into the fields of a mapping (field names as in {@link RUN_FIELDS}). */
export function parseMapFlag(text: string | undefined): Partial<Record<RunField, string>> {
  const fields: Partial<Record<RunField, string>> = {};
  for (const [field, header] of pairs('--map', text)) {
    if (!(RUN_FIELDS as readonly string[]).includes(field)) {
      throw new Error(`--map: unknown field "${field}" (expected one of ${RUN_FIELDS.join(', ')})`);
    }
    if (fields[field as RunField] !== undefined) throw new Error(`--map: ${field} given twice`);
    fields[field as RunField] = header;
  }
  return fields;
}

/** Reads `--scale` text (`N=1e6,D=1e9`) into unit multipliers. */
export function parseScaleFlag(text: string | undefined): ColumnMapping['scale'] {
  const scale: { N?: number; D?: number } = {};
  for (const [field, value] of pairs('--scale', text)) {
    if (field !== 'N' && field !== 'D') {
      throw new Error(`--scale: unknown field "${field}" (expected N or D)`);
    }
    const v = Number(value);
    if (!(Number.isFinite(v) && v > 0)) {
      throw new Error(`--scale: ${field} needs a positive number, got "${value}"`);
    }
    scale[field] = v;
  }
  return scale;
}

/** Reads `--per-run` text. */
export function parsePerRunFlag(text: string | undefined): PerRun {
  if (!(PER_RUN_CHOICES as readonly (string | undefined)[]).includes(text)) {
    throw new Error(
      `--per-run needs one of ${PER_RUN_CHOICES.join(', ')}, got ${text ?? 'nothing'}`,
    );
  }
  return text as PerRun;
}

/** Reads `--series` text: comma-separated series names, none empty. */
export function parseSeriesFlag(text: string | undefined): string[] {
  const names = (text ?? '').split(',').map((s) => s.trim());
  if (text === undefined || names.some((s) => s === '')) {
    throw new Error(
      `--series needs NAME[,NAME...], got ${text === undefined ? 'nothing' : `"${text}"`}`,
    );
  }
  return [...new Set(names)];
}

/**
 * The mapping the data flags describe, or undefined when none of --map, --scale, --per-run
 * was given (headers are then matched by name). Throws when the result is not a usable shape.
 */
export function mappingFromFlags(flags: {
  readonly map?: Partial<Record<RunField, string>>;
  readonly scale?: ColumnMapping['scale'];
  readonly perRun?: PerRun;
}): ColumnMapping | undefined {
  if (!flags.map && !flags.scale && !flags.perRun) return undefined;
  if (!flags.map) throw new Error('--scale and --per-run need --map (name the columns first)');
  const mapping: ColumnMapping = {
    fields: flags.map,
    scale: flags.scale ?? {},
    ...(flags.perRun ? { perRun: flags.perRun } : {}),
  };
  const problem = mappingShapeProblem(mapping);
  if (problem) throw new Error(`--map: ${problem}`);
  return mapping;
}
