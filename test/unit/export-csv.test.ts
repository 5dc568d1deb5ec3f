import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell, shortestF32, significant, toCsv } from '../../src/export/csv';
import { exportFilename } from '../../src/export/types';

/** A minimal RFC 4180 reader (quoted fields, doubled quotes, CRLF records) for round trips. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) throw new Error('last record has no CRLF');
  return rows;
}

describe('csvCell: formula injection', () => {
  it.each([
    ['=1+2', "'=1+2"],
    ['=HYPERLINK("http://evil.example","x")', `"'=HYPERLINK(""http://evil.example"",""x"")"`],
    ['+cmd|" /C calc"!A0', `"'+cmd|"" /C calc""!A0"`],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
    ['-', "'-"],
    ['+', "'+"],
    ['-Infinity', "'-Infinity"],
    ['- 1', "'- 1"],
  ])('neutralises %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it.each(['-1.5', '+1e-3', '-2E+10', '-.5', '12', '0.25', '+7'])(
    'leaves the plain number %j as it is',
    (input) => {
      expect(csvCell(input)).toBe(input);
    },
  );

  it('writes numbers in shortest form and never prefixes them', () => {
    expect(csvCell(-1.5)).toBe('-1.5');
    expect(csvCell(1e-3)).toBe('0.001');
    expect(csvCell(-2e21)).toBe('-2e+21');
    expect(csvCell(0)).toBe('0');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(Number.POSITIVE_INFINITY)).toBe('');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(true)).toBe('true');
  });

  it('leaves ordinary text alone, including a formula character later in the cell', () => {
    expect(csvCell('Synthetic sweep')).toBe('Synthetic sweep');
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell('N (parameters)')).toBe('N (parameters)');
    expect(csvCell('')).toBe('');
  });
});

describe('csvCell: RFC 4180 quoting', () => {
  it.each([
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rhere', '"cr\rhere"'],
    ['"', '""""'],
  ])('quotes %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('round-trips any text through a CSV reader, with only the apostrophe added', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string(), { minLength: 1, maxLength: 4 }), { maxLength: 5 }),
        (rows) => {
          const width = Math.max(1, ...rows.map((r) => r.length));
          const padded = rows.map((r) => [...r, ...Array(width - r.length).fill('x')]);
          const header = Array.from({ length: width }, (_, i) => `c${i}`);
          const back = parseCsv(toCsv(header, padded));
          expect(back[0]).toEqual(header);
          expect(back.length).toBe(padded.length + 1);
          for (const [i, row] of back.slice(1).entries()) {
            for (const [j, cell] of row.entries()) {
              const original = padded[i]![j]!;
              expect(cell === original || cell === `'${original}`).toBe(true);
              if (cell !== original) expect(/^[=+\-@\t\r]/.test(original)).toBe(true);
            }
          }
        },
      ),
    );
  });
});

describe('toCsv', () => {
  it('writes a header line and CRLF-terminated records', () => {
    const text = toCsv(
      ['C (FLOPs)', 'note'],
      [
        [1e21, 'ok'],
        [2.5e22, '=cmd()'],
      ],
    );
    expect(text).toBe("C (FLOPs),note\r\n1e+21,ok\r\n2.5e+22,'=cmd()\r\n");
  });

  it('writes just the header for no rows', () => {
    expect(toCsv(['a', 'b'], [])).toBe('a,b\r\n');
  });
});

describe('number formats', () => {
  it('shortestF32 prints an f32 with the fewest digits that read back exactly', () => {
    expect(shortestF32(Math.fround(2.1))).toBe(2.1);
    expect(shortestF32(Math.fround(1.69))).toBe(1.69);
    expect(shortestF32(0.5)).toBe(0.5);
    expect(shortestF32(Number.NaN)).toBeNaN();
    fc.assert(
      fc.property(fc.float({ noNaN: true, noDefaultInfinity: true }), (v) => {
        const out = shortestF32(v);
        // -0 prints as 0, which a spreadsheet reads the same.
        expect(Math.fround(out) === Math.fround(v)).toBe(true);
        expect(Number(out.toPrecision(9)) === out).toBe(true);
      }),
    );
  });

  it('significant rounds to 12 digits by default', () => {
    expect(significant(10 ** 7.000000000000001)).toBe(10000000);
    expect(significant(1 / 3, 3)).toBe(0.333);
  });
});

describe('exportFilename', () => {
  it('names files scaling-sweep-<slug>.<ext>', () => {
    expect(exportFilename('surface', 'svg')).toBe('scaling-sweep-surface.svg');
    expect(exportFilename('Fit residuals 2x', 'png')).toBe('scaling-sweep-fit-residuals-2x.png');
    expect(exportFilename('../../etc/passwd', 'csv')).toBe('scaling-sweep-etc-passwd.csv');
    expect(exportFilename('', 'json')).toBe('scaling-sweep.json');
  });
});
