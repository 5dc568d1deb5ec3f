/**
 * The building blocks of the link's query fields: the draft a link is read into, the codec of
 * one field, and codecs for choices, switches and checked numbers.
 */
import type { LawField } from '../law/law';
import type { ScenarioState } from './state';
import {
  formatSwitch,
  formatUrlNumber as num,
  type Read,
  readChoice,
  readNumber,
  readSwitch,
} from './url-values';

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A state being read from a link: whole fields, plus the parts of the law and the dataset. */
export interface Draft {
  readonly state: Mutable<ScenarioState>;
  /** The `law` parameter: a preset id, 'custom' or 'fit'. */
  lawId: string | undefined;
  readonly constants: Partial<Record<LawField, number>>;
  readonly data: { source?: 'builtin' | 'user'; seed?: number; name?: string; hash?: string };
}

/** One query parameter. */
export interface FieldCodec {
  readonly name: string;
  /** The parameter's text for a state, or undefined when it does not apply to that state. */
  write(s: ScenarioState): string | undefined;
  /** Reads the text into the draft; returns why it was refused, or null. */
  read(text: string, d: Draft): string | null;
}

/** Applies a read value (`apply` may return a refusal as a string), or returns the refusal. */
export function take<T>(r: Read<T>, apply: (v: T) => unknown): string | null {
  if (!r.ok) return r.reason;
  const refused = apply(r.value);
  return typeof refused === 'string' ? refused : null;
}

/**
 * A field that takes one of `choices`: a list, or a function read at each decode (for a
 * registry that can grow after this module loads, such as the fit methods).
 */
export function choice<T extends string>(
  name: string,
  choices: readonly T[] | (() => readonly T[]),
  get: (s: ScenarioState) => T | undefined,
  set: (d: Draft, v: T) => void,
): FieldCodec {
  const list = typeof choices === 'function' ? choices : () => choices;
  return {
    name,
    write: get,
    read: (text, d) => take(readChoice(text, list()), (v) => set(d, v)),
  };
}

export function flag(
  name: string,
  get: (s: ScenarioState) => boolean,
  set: (d: Draft, v: boolean) => void,
): FieldCodec {
  return {
    name,
    write: (s) => formatSwitch(get(s)),
    read: (text, d) => take(readSwitch(text), (v) => set(d, v)),
  };
}

/** A number field checked by `issue` (null when usable). */
export function number(
  name: string,
  get: (s: ScenarioState) => number | undefined,
  set: (d: Draft, v: number) => void,
  issue: (v: number, d: Draft) => string | null,
): FieldCodec {
  return {
    name,
    write: (s) => {
      const v = get(s);
      return v === undefined ? undefined : num(v);
    },
    read: (text, d) =>
      take(readNumber(text), (v) => {
        const why = issue(v, d);
        if (why) return why;
        set(d, v);
        return null;
      }),
  };
}
