/**
 * SVG snapshot tests in the manner of Observable Plot's test suite: a figure's SVG text is
 * normalised (every longer decimal rounded to {@link DIGITS} decimals, embedded raster data URLs
 * replaced by a placeholder, attributes of each tag sorted) and compared with
 * `test/golden/NAME.svg`.
 *
 * - On a mismatch the new text is written to `test/golden/NAME-changed.svg` beside the
 *   snapshot (ignored by git) and the check fails: review it, and copy it over the snapshot if
 *   the change is intended.
 * - A missing snapshot is created, and the check passes, only outside CI (`process.env.CI`
 *   unset); in CI a missing snapshot fails, so none is ever created silently there.
 *
 * Node only (it reads and writes files).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Decimals every number of a snapshot is rounded to. */
export const DIGITS = 2;

/** Where the snapshots live. */
export const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'golden');

/** What an embedded PNG (or other raster) data URL becomes in a snapshot. */
export const DATA_URL_PLACEHOLDER = 'data:image/png;base64,PLACEHOLDER';

/** Rounds one number token to {@link DIGITS} decimals, without trailing zeros or "-0". */
function roundToken(token: string): string {
  const v = Number(token);
  if (!Number.isFinite(v)) return token;
  const r = Number(v.toFixed(DIGITS));
  return String(Object.is(r, -0) ? 0 : r);
}

/** Sorts the attributes of every start tag, so their order never makes a difference. */
function sortAttributes(svg: string): string {
  return svg.replace(
    /<([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"]*")+)\s*(\/?)>/g,
    (_m, tag, attrs, slash) => {
      const list = [...(attrs as string).matchAll(/([\w:-]+)="([^"]*)"/g)].map(
        (a) => `${a[1]}="${a[2]}"`,
      );
      list.sort();
      return `<${tag} ${list.join(' ')}${slash ? '/' : ''}>`;
    },
  );
}

/**
 * The snapshot form of an SVG text: data URLs of rasters replaced by
 * {@link DATA_URL_PLACEHOLDER}, every number written with more than {@link DIGITS} decimals (in
 * attributes and text alike; integers, short decimals and numbers written with an exponent are
 * kept) rounded to {@link DIGITS} decimals, attributes sorted, line ends
 * normalised and one trailing newline.
 */
export function normaliseSvg(svg: string): string {
  const noData = svg.replace(/data:image\/[a-z+.-]+;base64,[A-Za-z0-9+/=]+/g, DATA_URL_PLACEHOLDER);
  // Numbers with more decimals than DIGITS (path commands such as "M1.2345" included).
  // Shorter ones ("1.0" of the XML declaration, "0.32em"), integers and numbers with an
  // exponent ("1e21 FLOPs", "1.5e-5") stay as they are.
  const decimals = new RegExp(`(?<![\\d.])-?\\d*\\.\\d{${DIGITS + 1},}(?![\\d.]|e[-+]?\\d)`, 'gi');
  const rounded = noData.replace(decimals, roundToken);
  const sorted = sortAttributes(rounded.replace(/\r\n?/g, '\n'));
  return `${sorted.replace(/\s+$/, '')}\n`;
}

/** Outcome of {@link checkSvgSnapshot}. */
export type SnapshotOutcome =
  | { readonly status: 'match' }
  | { readonly status: 'created'; readonly path: string }
  | { readonly status: 'missing'; readonly path: string }
  | { readonly status: 'changed'; readonly path: string; readonly changedPath: string };

/** Options of {@link checkSvgSnapshot}; the defaults are the real directory and environment. */
export interface SnapshotOptions {
  readonly dir?: string;
  /** True in CI (default: `process.env.CI` set and not "0" or "false"). */
  readonly ci?: boolean;
}

/** True when running in CI. */
export function inCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env.CI;
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}

/**
 * Compares the normalised `svg` with `DIR/NAME.svg`. A match removes a stale
 * `NAME-changed.svg`; a mismatch writes it; a missing snapshot is created outside CI and
 * reported as missing in CI (see the module comment).
 */
export function checkSvgSnapshot(
  name: string,
  svg: string,
  options: SnapshotOptions = {},
): SnapshotOutcome {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name) || name.endsWith('-changed'))
    throw new Error(`bad snapshot name "${name}": use lower-case letters, digits and dashes`);
  const dir = options.dir ?? GOLDEN_DIR;
  const ci = options.ci ?? inCi();
  const path = join(dir, `${name}.svg`);
  const changedPath = join(dir, `${name}-changed.svg`);
  const actual = normaliseSvg(svg);
  if (!existsSync(path)) {
    if (ci) return { status: 'missing', path };
    mkdirSync(dir, { recursive: true });
    writeFileSync(path, actual, 'utf8');
    return { status: 'created', path };
  }
  const expected = readFileSync(path, 'utf8').replace(/\r\n?/g, '\n');
  if (expected === actual) {
    rmSync(changedPath, { force: true });
    return { status: 'match' };
  }
  writeFileSync(changedPath, actual, 'utf8');
  return { status: 'changed', path, changedPath };
}

/**
 * Throws unless the normalised `svg` matches the snapshot `NAME` (created outside CI when
 * missing, with a console note), naming the file to review.
 */
export function assertSvgSnapshot(name: string, svg: string, options: SnapshotOptions = {}): void {
  const r = checkSvgSnapshot(name, svg, options);
  if (r.status === 'created') console.info(`created snapshot ${r.path}`);
  if (r.status === 'missing')
    throw new Error(
      `snapshot ${r.path} is missing; in CI snapshots are never created: run the test locally and commit the file`,
    );
  if (r.status === 'changed')
    throw new Error(
      `snapshot ${name} changed: compare ${r.changedPath} with ${r.path}, and copy it over if the change is intended`,
    );
}
