/**
 * The query parameters of a shared link, one codec per field: its short, stable name, how it is
 * written from a state, and how it is read into a draft, with the checks the app itself applies.
 * The law and the dataset are assembled from their fields afterwards (url-codec.ts), since they
 * span several parameters and the fragment.
 */

import type { FieldCodec } from './url-field-kit';
import { compareFields } from './url-fields-compare';
import { dataFields, surfaceFields } from './url-fields-core';
import { designFields } from './url-fields-design';
import { mappingFields } from './url-fields-mapping';
import { methodFields } from './url-fields-method';
import { frontierFields, sweepFields } from './url-fields-views';

export type { Draft, FieldCodec } from './url-field-kit';
export { PLANNER_PARAMS } from './url-fields-views';

export const URL_FIELDS: readonly FieldCodec[] = [
  ...surfaceFields,
  ...dataFields,
  ...methodFields,
  ...mappingFields,
  ...compareFields,
  ...designFields,
  ...frontierFields,
  ...sweepFields,
];

/** The codecs by name. */
export const URL_FIELD_MAP: ReadonlyMap<string, FieldCodec> = new Map(
  URL_FIELDS.map((f) => [f.name, f]),
);
