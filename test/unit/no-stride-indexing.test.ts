import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The packed optimum table (N, D, loss, status per pair) and the K x 5 replica table are read
 * through OptimumTable (src/law/optimum-table.ts) and ReplicaTable (src/fit/replica-table.ts)
 * only. This scan fails when code in the views, exports, CLI or forecast indexes either table by
 * hand again.
 */

const ROOT = join(__dirname, '..', '..');
const SCANNED = ['src/ui', 'src/export', 'src/cli', 'src/fit/forecast.ts'];

/**
 * RGBA pixel arithmetic (4 bytes per pixel) is image geometry, not these tables: a colour LUT,
 * the sweep image's alpha channel and the designer map's greyed out-of-budget cells.
 */
const PIXEL_FILES = new Set([
  'src/ui/charts/legend.ts',
  'src/ui/charts/sweep-image.ts',
  'src/ui/charts/design-map.ts',
]);

/** What hand decoding of the tables looks like. */
const PATTERNS: readonly { readonly name: string; readonly re: RegExp }[] = [
  { name: 'the pair stride constant', re: /\bPAIR_STRIDE\b/ },
  { name: 'a row index times 4 or 5', re: /\*\s*[45]\s*(\+|,|\)|\]|<=)/ },
  { name: 'a field offset into a row', re: /\[\s*\w+\s*\+\s*[1-4]\s*\]/ },
  { name: 'a step of 5 over replica rows', re: /\+=?\s*5\b(?!\.)/ },
];

function files(path: string): string[] {
  const full = join(ROOT, path);
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full).flatMap((name) => files(join(path, name)));
}

/** Code lines of a file (doc and line comments left out), with their 1-based numbers. */
function codeLines(path: string): { line: number; text: string }[] {
  return readFileSync(join(ROOT, path), 'utf8')
    .split('\n')
    .map((text, i) => ({ line: i + 1, text: text.replace(/\/\/.*$/, '') }))
    .filter(({ text }) => !/^\s*(\/\*\*|\*)/.test(text));
}

/** Every hand-indexing hit in the scanned sources, as "path:line: what". */
function strideHits(): string[] {
  const hits: string[] = [];
  for (const path of SCANNED.flatMap(files)) {
    const rel = relative(ROOT, join(ROOT, path)).replaceAll('\\', '/');
    if (!rel.endsWith('.ts') || PIXEL_FILES.has(rel)) continue;
    for (const { line, text } of codeLines(rel)) {
      for (const p of PATTERNS) if (p.re.test(text)) hits.push(`${rel}:${line}: ${p.name}`);
    }
  }
  return hits;
}

describe('typed readers over the engine tables', () => {
  it('the scan recognises each kind of hand decoding', () => {
    const samples = [
      'const o = l * PAIR_STRIDE;',
      'const a = replicas[k * 5 + ALPHA]!;',
      'if (res[o + 3] === 0) Cs.push(1);',
      'for (let i = 0; i + 5 <= rows.length; i += 5) {',
    ];
    for (const [i, s] of samples.entries()) expect(PATTERNS[i]!.re.test(s)).toBe(true);
    expect(PATTERNS.some((p) => p.re.test('const t = table.at(l, s).status;'))).toBe(false);
  });

  it('no view, export, CLI or forecast code indexes a table stride by hand', () => {
    expect(strideHits()).toEqual([]);
  });
});
