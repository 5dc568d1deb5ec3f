/**
 * Older URL encodings, brought up to the current one before decoding. Version 0 is a link with
 * no `v` parameter: the first drafts of shared links, which named the preset `preset`, the view
 * `tab` and the bootstrap K `bootstrap`. Every other field kept its name, so a hand-written link
 * without `v` that uses today's names reads the same.
 */
import { STATE_VERSION } from './state';

/** One query parameter, percent-decoded. */
export interface UrlParam {
  readonly name: string;
  readonly value: string;
}

/** Fields renamed between version 0 and version 1. */
export const V0_RENAMES: Readonly<Record<string, string>> = {
  preset: 'law',
  tab: 'view',
  bootstrap: 'K',
};

function v0ToV1(params: readonly UrlParam[]): UrlParam[] {
  return params.map((p) => {
    const to = Object.hasOwn(V0_RENAMES, p.name) ? V0_RENAMES[p.name] : undefined;
    return to === undefined ? p : { name: to, value: p.value };
  });
}

/** MIGRATIONS[v] turns the parameters of version v into those of version v + 1. */
const MIGRATIONS: readonly ((params: readonly UrlParam[]) => UrlParam[])[] = [v0ToV1];

/** Parameters of `version` (0 to the current one) in the current version's names. */
export function migrate(params: readonly UrlParam[], version: number): UrlParam[] {
  let out = [...params];
  for (let v = Math.max(0, version); v < STATE_VERSION; v++) out = MIGRATIONS[v]!(out);
  return out;
}
