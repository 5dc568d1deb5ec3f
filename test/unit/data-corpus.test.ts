import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseRuns } from '../../src/data/runs';

/** What a corpus file must produce; a missing key means "none" for errors and rejections. */
interface Expectation {
  error?: string;
  rejected?: string;
  rejectedRows?: number[];
  rejectedColumn?: string;
  warning?: string;
  note?: string;
  runs?: number;
}

const dir = resolve(dirname(fileURLToPath(import.meta.url)), '../corpus/csv');
const expected = JSON.parse(readFileSync(resolve(dir, 'expected.json'), 'utf8')) as Record<
  string,
  Expectation
>;

describe('CSV corpus (test/corpus/csv)', () => {
  it('lists every file in expected.json and has at least 25 files', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.csv'));
    expect(files.length).toBeGreaterThanOrEqual(25);
    expect(Object.keys(expected).sort()).toEqual(files.sort());
  });

  it.each(Object.entries(expected))('%s', (file, e) => {
    const r = parseRuns(readFileSync(resolve(dir, file), 'utf8'));
    if (e.error) {
      expect(r.errors.join('\n')).toContain(e.error);
      expect(r.runs).toEqual([]);
    } else {
      expect(r.errors).toEqual([]);
    }
    if (e.rejected) {
      expect(r.rejected.map((x) => x.reason).join('\n')).toContain(e.rejected);
    } else {
      expect(r.rejected).toEqual([]);
    }
    if (e.rejectedRows) expect(r.rejected.map((x) => x.row)).toEqual(e.rejectedRows);
    if (e.rejectedColumn) expect(r.rejected[0]?.column).toBe(e.rejectedColumn);
    if (e.warning) expect(r.warnings.join('\n')).toContain(e.warning);
    if (e.note) expect(r.notes.join('\n')).toContain(e.note);
    if (e.runs !== undefined) expect(r.runs).toHaveLength(e.runs);
    expect(r.runs.length + r.rejected.length).toBe(r.dataRows);
  });
});
