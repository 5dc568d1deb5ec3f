/**
 * `--law` values: a preset id, or a typed law `E=1.69,A=406.4,B=410.7,alpha=0.34,beta=0.28`
 * with all five constants, each a finite positive number (exponents at most 5, as in the app).
 * Pure; every problem is one specific message naming the constant at fault.
 */
import { LAW_FIELDS, type LawField, type ScalingLaw } from '../law/law';
import { PRESET_IDS, type PresetId } from '../law/presets';
import { validateLaw } from '../law/validate';

/** A preset by id, or five constants typed on the command line. */
export type LawArgument =
  | { readonly kind: 'preset'; readonly id: PresetId }
  | { readonly kind: 'typed'; readonly law: ScalingLaw };

const FIELDS = LAW_FIELDS.join(', ');

/** Parses the constants of a typed law; throws an Error naming the constant at fault. */
export function parseTypedLaw(text: string): ScalingLaw {
  const values: Partial<Record<LawField, number>> = {};
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) throw new Error(`--law: "${part.trim()}" is not CONSTANT=VALUE (give ${FIELDS})`);
    const name = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1).trim();
    if (!(LAW_FIELDS as readonly string[]).includes(name))
      throw new Error(`--law: unknown constant "${name}" (the constants are ${FIELDS})`);
    const field = name as LawField;
    if (values[field] !== undefined) throw new Error(`--law: ${field} given twice`);
    const v = Number(raw);
    if (raw === '' || Number.isNaN(v))
      throw new Error(`--law: ${field} needs a number, got "${raw}"`);
    values[field] = v;
  }
  const missing = LAW_FIELDS.filter((f) => values[f] === undefined);
  if (missing.length > 0)
    throw new Error(`--law: missing ${missing.join(', ')} (a typed law gives all of ${FIELDS})`);
  const law = values as ScalingLaw;
  const issue = validateLaw(law)[0];
  if (issue) throw new Error(`--law: ${issue.message}`);
  return law;
}

/** A `--law` value: a preset id, or (when it holds `=`) a typed law. */
export function parseLawArgument(text: string | undefined): LawArgument {
  if (text?.includes('=')) return { kind: 'typed', law: parseTypedLaw(text) };
  if (text !== undefined && PRESET_IDS.includes(text as PresetId))
    return { kind: 'preset', id: text as PresetId };
  throw new Error(
    `--law needs one of ${PRESET_IDS.join(', ')} or E=…,A=…,B=…,alpha=…,beta=…, got ${text || 'nothing'}`,
  );
}
