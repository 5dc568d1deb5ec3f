import { describe, expect, it } from 'vitest';
import { formatQuantity, parseQuantity, quoteCell } from '../../src/data/number';

const accepted: [string, number][] = [
  ['1400', 1400],
  ['  42  ', 42],
  ['3.25', 3.25],
  ['.5', 0.5],
  ['5.', 5],
  ['+7', 7],
  ['-5', -5],
  ['0', 0],
  ['1.4e12', 1.4e12],
  ['1.4E+12', 1.4e12],
  ['2e-3', 2e-3],
  ['70B', 70e9],
  ['70b', 70e9],
  ['70 B', 70e9],
  ['7G', 7e9],
  ['1.4T', 1.4e12],
  ['1.4t', 1.4e12],
  ['400M', 400e6],
  ['400m', 400e6],
  ['12K', 12e3],
  ['12k', 12e3],
  ['\t0.5k\n', 500],
];

const rejected: [string, string][] = [
  ['', 'empty cell'],
  ['   ', 'empty cell'],
  ['abc', '"abc" is not a number'],
  ['NaN', 'is not a finite number'],
  ['nan', 'is not a finite number'],
  ['Infinity', 'is not a finite number'],
  ['-Infinity', 'is not a finite number'],
  ['inf', 'is not a finite number'],
  ['1e400', 'too large for a 64-bit float'],
  ['0x1F', 'hexadecimal'],
  ['0b101', 'hexadecimal/binary/octal'],
  ['1,000', 'contains a comma'],
  ['1,5', 'contains a comma'],
  ['1,000,000B', 'contains a comma'],
  ['=1+1', 'spreadsheet formula'],
  ["=cmd|' /C calc'!A0", 'spreadsheet formula'],
  ['@SUM(A1)', 'spreadsheet formula'],
  ['-abc', 'spreadsheet formula'],
  ['70X', 'unknown suffix'],
  ['70bn', 'unknown suffix'],
  ['1e3B', 'mixes an exponent with a suffix'],
  ['1.2.3', 'is not a number'],
  ['B70', 'is not a number'],
  ['1 000', 'is not a number'],
  ['<b>1</b>', '"<b>1</b>" is not a number'],
];

describe('parseQuantity', () => {
  it.each(accepted)('reads %j as %d', (text, value) => {
    expect(parseQuantity(text)).toEqual({ ok: true, value });
  });

  it.each(rejected)('rejects %j: %s', (text, reason) => {
    const r = parseQuantity(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });

  it('quotes long cells cut to 40 characters with control characters escaped', () => {
    const r = parseQuantity(`${'x'.repeat(100)}\u0007`);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toBe(`"${'x'.repeat(40)}…" is not a number`);
    expect(quoteCell('a\u0007b')).toBe('"a\\u0007b"');
  });
});

describe('formatQuantity', () => {
  it('uses e-notation for large and small numbers and 4 digits otherwise', () => {
    expect(formatQuantity(1.2345e9)).toBe('1.23e+9');
    expect(formatQuantity(2.34567)).toBe('2.346');
    expect(formatQuantity(0)).toBe('0');
    expect(formatQuantity(1e-5)).toBe('1.00e-5');
  });
});
