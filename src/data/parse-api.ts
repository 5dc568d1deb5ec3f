/**
 * What the CSV worker (parse-worker.ts) serves: a file's parse and a link's data read, with
 * the runs packed into typed arrays that move to the caller instead of being copied
 * (packed-runs.ts). Plain functions, so the API is tested over a MessageChannel in Node.
 */
import { transfer } from 'comlink';
import { readLinkData } from '../scenario/url-data';
import type { ColumnMapping } from './mapping';
import { type PackedImport, packedBuffers, packImport } from './packed-runs';
import { parseRuns } from './runs';

/** A link's data read on the worker, its runs packed. */
export type PackedLinkRead =
  | { readonly csv: string; readonly imported: PackedImport }
  | { readonly problem: string };

/** The worker's API. */
export interface ParseApi {
  /** parseRuns(text, { mapping }), packed. */
  parseRuns(text: string, mapping?: ColumnMapping): PackedImport;
  /** readLinkData(payload, mapping) (unpack and parse), packed. */
  readLinkData(payload: string, mapping?: ColumnMapping): PackedLinkRead;
}

/** The API the worker exposes; its results hand their buffers over (comlink's `transfer`). */
export const parseApi: ParseApi = {
  parseRuns(text, mapping) {
    const packed = packImport(parseRuns(text, mapping ? { mapping } : {}));
    return transfer(packed, packedBuffers(packed));
  },
  readLinkData(payload, mapping) {
    const read = readLinkData(payload, mapping);
    if ('problem' in read) return read;
    const packed = packImport(read.imported);
    return transfer({ csv: read.csv, imported: packed }, packedBuffers(packed));
  },
};
