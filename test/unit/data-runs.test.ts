import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkRuns } from '../../src/data/checks';
import { datasetHash, Fnv1a64 } from '../../src/data/hash';
import { formatRatio, parseRuns, usableRuns } from '../../src/data/runs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const chinchillaPath = resolve(repoRoot, '../shared/data/chinchilla-runs.csv');

/** 12 good rows spanning 1.5 decades in N and 2 in D (Hoffmann law, rounded). */
const GOOD = [
  '1e8,2e9,3.458',
  '1e8,2e10,3.0005',
  '1e8,2e11,2.84',
  '3e8,2e9,3.1',
  '3e8,2e10,2.66',
  '3e8,2e11,2.5',
  '1e9,2e9,2.95',
  '1e9,2e10,2.5',
  '1e9,2e11,2.34',
  '3e9,2e9,2.87',
  '3e9,2e10,2.42',
  '3e9,2e11,2.25',
];
const csv = (header: string, rows: readonly string[], nl = '\n') => [header, ...rows].join(nl) + nl;

describe('parseRuns on good input', () => {
  it('reads every row with its spreadsheet row number and derives C = 6ND', () => {
    const r = parseRuns(csv('params,tokens,loss', GOOD));
    expect(r.errors).toEqual([]);
    expect(r.rejected).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.fitBlocker).toBeNull();
    expect(r.runs).toHaveLength(12);
    expect(r.runs[0]).toEqual({ row: 2, N: 1e8, D: 2e9, loss: 3.458, C: 6 * 1e8 * 2e9 });
    expect(r.runs[11]!.row).toBe(13);
    expect(r.columns.N).toEqual({ field: 'N', header: 'params', index: 0 });
    expect(r.notes).toContain('C computed as 6ND for all 12 rows (the file has no flops column).');
  });

  it('matches headers trimmed and case-insensitively, in any order', () => {
    const rows = GOOD.map((g) => g.split(',').reverse().join(','));
    const r = parseRuns(csv(' LOSS ,Training_Tokens,Model_Size', rows));
    expect(r.errors).toEqual([]);
    expect(r.runs[2]).toMatchObject({ N: 1e8, D: 2e11, loss: 2.84 });
    expect(r.columns.loss?.header).toBe('LOSS');
  });

  it('derives D from C with another multiplier and says so', () => {
    const rows = GOOD.map((g) => {
      const [n, d, l] = g.split(',').map(Number) as [number, number, number];
      return `${n},${8 * n * d},${l}`;
    });
    const r = parseRuns(csv('N,C,L', rows), { flopsPerParamToken: 8 });
    expect(r.runs[4]!.D).toBeCloseTo(2e10, 0);
    expect(r.notes).toContain(
      'D derived from C = 8ND for all 12 rows (the file has no tokens column).',
    );
  });

  it('keeps group ids and counts the groups', () => {
    const rows = GOOD.map((g, i) => `${g},run-${i % 4}`);
    const r = parseRuns(csv('params,tokens,loss,group', rows));
    expect(r.runs[5]!.group).toBe('run-1');
    expect(r.notes).toContain('4 groups in column "group": the bootstrap resamples whole groups.');
  });

  it('parses the Chinchilla runs (../shared/data/chinchilla-runs.csv) with nothing rejected', () => {
    if (!existsSync(chinchillaPath)) {
      throw new Error(
        `Chinchilla data not found at ${chinchillaPath}: this test reads ../shared/data/chinchilla-runs.csv beside the repository (CI provides it; see README.md).`,
      );
    }
    const r = parseRuns(readFileSync(chinchillaPath, 'utf8'));
    expect(r.errors).toEqual([]);
    expect(r.rejected).toEqual([]);
    expect(r.runs).toHaveLength(245);
    expect(Object.fromEntries(Object.values(r.columns).map((c) => [c.field, c.header]))).toEqual({
      N: 'params',
      D: 'tokens',
      C: 'flops',
      loss: 'loss',
    });
    expect(r.warnings).toEqual([]);
  });
});

describe('parseRuns on bad input', () => {
  it('empty file', () => {
    expect(parseRuns('').errors[0]).toMatch(/^The file is empty/);
    expect(parseRuns('\ufeff\r\n \r\n').errors[0]).toMatch(/^The file is empty/);
  });

  it('wrong headers: names what was expected and what was found', () => {
    const r = parseRuns(csv('size,data,value', GOOD));
    expect(r.runs).toEqual([]);
    expect(r.errors).toEqual([
      'Missing a column for parameters (N): name it one of params, n, model_size, parameters. Headers found: "size", "data", "value".',
      expect.stringContaining('Missing a column for training tokens (D)'),
      expect.stringContaining('Missing a column for loss (L)'),
    ]);
  });

  it('no header row', () => {
    expect(parseRuns(csv(GOOD[0]!, GOOD.slice(1))).errors[0]).toContain('has no header row');
  });

  it('duplicate header', () => {
    expect(parseRuns(csv('params,loss,tokens,Loss', GOOD)).errors).toEqual([
      'Duplicate header "Loss" in columns 2 and 4; keep one of them.',
    ]);
    expect(parseRuns(csv('N,params,tokens,loss', GOOD)).errors[0]).toContain(
      'both give parameters (N)',
    );
  });

  it('text, zero, negative, NaN and Infinity in numeric cells: rejected with row, column, reason', () => {
    const rows = [...GOOD, '1e9,abc,2', '0,2e9,3', '1e9,2e9,-2.5', 'NaN,2e9,3', '1e9,Infinity,3'];
    const r = parseRuns(csv('params,tokens,loss', rows));
    expect(r.runs).toHaveLength(12);
    expect(r.rejected).toEqual([
      { row: 14, column: 'tokens', reason: '"abc" is not a number' },
      { row: 15, column: 'params', reason: 'is 0; parameters (N) must be greater than 0' },
      { row: 16, column: 'loss', reason: 'is negative (-2.5); loss (L) must be greater than 0' },
      { row: 17, column: 'params', reason: '"NaN" is not a finite number' },
      { row: 18, column: 'tokens', reason: '"Infinity" is not a finite number' },
    ]);
    expect(r.notes).toContain('12 of 17 data rows usable; 5 rejected.');
  });

  it('formula-looking and HTML cells are plain text and rejected as non-numeric', () => {
    const rows = [...GOOD, "=cmd|' /C calc'!A0,2e9,3", '<script>alert(1)</script>,2e9,3'];
    const r = parseRuns(csv('params,tokens,loss', rows));
    expect(r.rejected.map((x) => x.reason)).toEqual([
      '"=cmd|\' /C calc\'!A0" looks like a spreadsheet formula; formulas are not evaluated, enter the value',
      '"<script>alert(1)</script>" is not a number',
    ]);
  });

  it('a 50 MB file is refused with a message naming the limit', () => {
    const big = `params,tokens,loss\n${'1000000000,20000000000,2.5\n'.repeat(1_900_000)}`;
    expect(big.length).toBeGreaterThan(50_000_000);
    const r = parseRuns(big);
    expect(r.runs).toEqual([]);
    expect(r.errors).toEqual([expect.stringContaining('MB, and the limit is 20 MB')]);
    expect(r.errors[0]).toContain('The file is too big: 51.3 MB');
  });

  it('one row', () => {
    const r = parseRuns(csv('params,tokens,loss', GOOD.slice(0, 1)));
    expect(r.runs).toHaveLength(1);
    expect(r.fitBlocker).toContain('Only 1 usable run: the law has 5 free parameters');
    expect(r.warnings).toEqual([r.fitBlocker]);
  });

  it('all rows identical', () => {
    const r = parseRuns(csv('params,tokens,loss', Array(20).fill('1e9,2e10,2.5')));
    expect(r.fitBlocker).toBe(
      'All 20 usable runs are identical (N = 1.00e+9, D = 2.00e+10, loss = 2.5): there is nothing to fit.',
    );
  });

  it('a BOM and CRLF line ends', () => {
    const r = parseRuns(`\ufeff${csv('params,tokens,loss', GOOD, '\r\n')}`);
    expect(r.errors).toEqual([]);
    expect(r.rejected).toEqual([]);
    expect(r.runs).toHaveLength(12);
    expect(r.columns.N?.header).toBe('params');
  });

  it('quoted fields', () => {
    const rows = GOOD.map((g) => `"${g.replaceAll(',', '","')}"`);
    const r = parseRuns(csv('"params","tokens","loss"', rows));
    expect(r.runs).toHaveLength(12);
  });

  it('C that disagrees with 6ND is kept, with a warning listing the rows', () => {
    const rows = GOOD.map((g, i) => {
      const [n, d, l] = g.split(',').map(Number) as [number, number, number];
      return `${n},${d},${6 * n * d * (i === 3 ? 1.05 : 1.001)},${l}`;
    });
    const r = parseRuns(csv('params,tokens,flops,loss', rows));
    expect(r.runs).toHaveLength(12);
    expect(r.warnings).toEqual([
      expect.stringContaining('In 1 row the given C differs from C = 6ND by more than 1% (rows 5;'),
    ]);
    expect(r.warnings[0]).toContain('C is 1.05x 6ND)');
  });

  it('a C 1000x and 1/1000x of 6ND is reported as those ratios, not a saturated 100%', () => {
    const factor = (i: number) => (i === 2 ? 1000 : i === 6 ? 1e-3 : 1);
    const rows = GOOD.map((g, i) => {
      const [n, d, l] = g.split(',').map(Number) as [number, number, number];
      return `${n},${d},${6 * n * d * factor(i)},${l}`;
    });
    const r = parseRuns(csv('params,tokens,flops,loss', rows));
    expect(r.runs).toHaveLength(12);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toBe(
      'In 2 rows the given C differs from C = 6ND by more than 1% (rows 4, 8; C is from 0.0010x 6ND (row 8) to 1000x (row 4)). The fit uses N and D; check the units or the FLOPs multiplier.',
    );
    expect(r.warnings[0]).not.toMatch(/100%|99\.9%/);
  });

  it.each([
    [3, '(rows 3; C is 3.0x 6ND)'],
    [1 / 3, '(rows 3; C is 0.33x 6ND)'],
  ])('one row with C at %dx 6ND names the ratio', (f, text) => {
    const rows = GOOD.map((g, i) => {
      const [n, d, l] = g.split(',').map(Number) as [number, number, number];
      return `${n},${d},${6 * n * d * (i === 1 ? f : 1)},${l}`;
    });
    expect(parseRuns(csv('params,tokens,flops,loss', rows)).warnings[0]).toContain(text);
  });

  it('formats ratios with two significant digits, whole numbers, then powers of ten', () => {
    expect([3, 0.333, 1e-3, 1000, 12.4, 8.3e10, 2e-7, 1.0102, 0.985].map(formatRatio)).toEqual([
      '3.0',
      '0.33',
      '0.0010',
      '1000',
      '12',
      '8.3e+10',
      '2.0e-7',
      '1.01',
      '0.985',
    ]);
  });

  it('a C mismatch on 300,000 rows is one warning, not a stack overflow', () => {
    const rows = Array.from({ length: 300_000 }, (_, i) => `${1e8 + i},${2e9 + i},1e30,3`);
    const r = parseRuns(csv('params,tokens,flops,loss', rows));
    expect(r.runs).toHaveLength(300_000);
    expect(r.warnings[0]).toContain('In 300000 rows the given C differs from C = 6ND');
    // 1e30 against 6ND = 1.2e18 and up: 8.3e11 to two digits in every row.
    expect(r.warnings[0]).toContain('and 299990 more; C is 8.3e+11x 6ND in each)');
  });

  it('duplicates: same N, D, loss and group; a missing group equals an empty one', () => {
    const rows = ['5e9,7e10,2.1,a', '5e9,7e10,2.1,b', '5e9,7e10,2.1,a', '5e9,7e10,2.1,'];
    const r = parseRuns(csv('params,tokens,loss,group', [...rows, '5e9,7e10,2.1', ...GOOD]));
    expect(r.warnings).toContain(
      '2 duplicate rows (same N, D and loss): rows 2 = 4; 5 = 6. Duplicates count twice in the fit; exclude them if they are copies.',
    );
  });

  it('duplicates among 300,000 distinct runs are found, in order of first appearance', () => {
    const rows: string[] = [];
    for (let i = 0; i < 300_000; i++)
      rows.push(`${1 + (i % 1000)}e8,${1 + Math.floor(i / 1000)}e9,2.5`);
    // Rows 2 and 300,002 repeat the first run; rows 7 and 300,003 the sixth.
    rows.push(rows[0]!, rows[5]!);
    const r = parseRuns(csv('params,tokens,loss', rows));
    expect(r.warnings).toContain(
      '2 duplicate rows (same N, D and loss): rows 2 = 300002; 7 = 300003. Duplicates count twice in the fit; exclude them if they are copies.',
    );
  });

  it('carries the checks and the hash of its runs, as checkRuns and datasetHash give them', () => {
    const r = parseRuns(csv('params,tokens,loss', [...GOOD, GOOD[0]!]));
    expect(r.checks).toEqual(checkRuns(r.runs));
    expect(r.hash).toBe(datasetHash(r.runs));
    for (const w of r.checks.warnings) expect(r.warnings).toContain(w);
    const fatal = parseRuns('');
    expect(fatal.checks).toEqual(checkRuns([]));
    expect(fatal.hash).toBe(datasetHash([]));
  });

  it('a C = kND that overflows, and a D derived below 1 token, are rejected on their row', () => {
    const r = parseRuns(csv('params,tokens,loss', [...GOOD, '1e300,1e10,3']));
    expect(r.rejected).toEqual([
      {
        row: 14,
        column: null,
        reason:
          'C = 6ND overflows a 64-bit float (N = 1.00e+300, D = 1.00e+10); check the units of params and tokens',
      },
    ]);
    const flops = GOOD.map((g) => g.split(',')).map(
      ([n, d, l]) => `${n},${6 * Number(n) * Number(d)},${l}`,
    );
    const t = parseRuns(csv('params,flops,loss', [...flops, '1e9,3e9,3']));
    expect(t.rejected).toEqual([
      {
        row: 14,
        column: 'flops',
        reason: 'D = C/(6N) = 0.5 is below 1 token; check the units of flops and params',
      },
    ]);
  });

  it('refuses a non-positive FLOPs multiplier', () => {
    expect(parseRuns('params,tokens,loss\n', { flopsPerParamToken: 0 }).errors[0]).toContain(
      'must be a positive number',
    );
  });
});

describe('usableRuns and checkRuns', () => {
  it('drops excluded rows by spreadsheet row number, and checks again', () => {
    const r = parseRuns(csv('params,tokens,loss', GOOD));
    const kept = usableRuns(r, new Set([2, 3, 4, 5, 6, 7, 8]));
    expect(kept.map((x) => x.row)).toEqual([9, 10, 11, 12, 13]);
    expect(checkRuns(kept).warnings[0]).toContain('Only 5 usable runs');
    expect(checkRuns(kept).fitBlocker).toBeNull();
    expect(checkRuns([]).fitBlocker).toBe('There are no usable runs to fit.');
  });
});

describe('datasetHash', () => {
  it('implements FNV-1a 64 (reference vectors)', () => {
    const hash = (s: string) => {
      const h = new Fnv1a64();
      h.bytes(new TextEncoder().encode(s));
      return h.hex();
    };
    expect(hash('')).toBe('cbf29ce484222325');
    expect(hash('a')).toBe('af63dc4c8601ec8c');
    expect(hash('foobar')).toBe('85944171f73967e8');
  });

  it('is stable, order-sensitive and ignores row numbers', () => {
    const r = parseRuns(csv('params,tokens,loss', GOOD)).runs;
    expect(datasetHash(r)).toMatch(/^[0-9a-f]{16}$/);
    expect(datasetHash(r)).toBe(datasetHash(r.map((x) => ({ ...x }))));
    expect(datasetHash(r)).toBe(datasetHash(r.map((x) => ({ ...x, row: x.row + 5 }))));
    expect(datasetHash(r)).not.toBe(datasetHash([...r].reverse()));
    expect(datasetHash(r)).not.toBe(datasetHash(r.map((x, i) => (i ? x : { ...x, group: 'g' }))));
    expect(datasetHash(r)).not.toBe(
      datasetHash(r.map((x, i) => (i ? x : { ...x, loss: x.loss + 1e-12 }))),
    );
  });
});
