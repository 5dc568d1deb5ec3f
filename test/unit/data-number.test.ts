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
  ['5e-324', 5e-324],
  ['1e308', 1e308],
  ['1.7976931348623157e308', Number.MAX_VALUE],
  ['0e-999', 0],
  ['\u00a01e9\u00a0', 1e9],
  [`${'0'.repeat(399)}1`, 1],
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
  ['1 000', '"1 000" groups digits with spaces'],
  ['<b>1</b>', '"<b>1</b>" is not a number'],
  ['1e309', '"1e309" is too large for a 64-bit float'],
  ['1e-400', '"1e-400" is too small for a 64-bit float (it rounds to 0)'],
  ['-0.5e-400', 'too small for a 64-bit float'],
  ['+Infinity', '"+Infinity" is not a finite number'],
  ['\u221e', 'is not a finite number'],
  ['0x10', '"0x10" is a hexadecimal/binary/octal literal'],
  ['0o17', 'hexadecimal/binary/octal'],
  ['1_000', '"1_000" groups digits with underscores'],
  ["1'000'000", 'groups digits with apostrophes'],
  ['1\u00a0000', '"1\\u00a0000" groups digits with no-break spaces (U+00A0)'],
  ['1\u202f000', 'narrow no-break spaces (U+202F)'],
  ['1e', '"1e" has an exponent with no digits after the "e"'],
  ['2.5E-', 'has an exponent with no digits'],
  ['.', '"." has no digits'],
  ['-', '"-" has no digits'],
  ['+.e', 'has no digits'],
  ['--5', '"--5" has more than one sign'],
  ['+-1e3', 'has more than one sign'],
  ['-1+1', 'spreadsheet formula'],
  ['+cmd', 'spreadsheet formula'],
  ['\uff11e9', '"\uff11e9" contains the full-width character "\uff11" (U+FF11)'],
  ['\u22122.5', 'contains the non-ASCII character "\u2212" (U+2212)'],
  ['\u0663e9', 'contains the non-ASCII character "\u0663" (U+0663)'],
  ['1e\u2079', 'contains the non-ASCII character "\u2079" (U+2079)'],
  [
    '\u202e9e1',
    '"\\u202e9e1" contains an invisible or control character, U+202E (right-to-left override)',
  ],
  ['1e9\u200b', 'U+200B (zero-width space)'],
  ['1\u200d0', 'U+200D (zero-width joiner)'],
  ['1e9\u0000', 'U+0000 (NUL)'],
  ['3\ufffd2', 'contains U+FFFD, the mark left by bytes that are not valid UTF-8'],
  ['9'.repeat(401), 'is 401 characters long; a number cell has at most 400'],
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
    if (!r.ok) {
      expect(r.reason).toBe(
        `"${'x'.repeat(40)}…" contains an invisible or control character, U+0007; delete it and type the value again`,
      );
    }
    expect(quoteCell('a\u0007b')).toBe('"a\\u0007b"');
  });

  it('shows invisible, direction-changing and unusual space characters as escapes', () => {
    expect(quoteCell('\u202eabc')).toBe('"\\u202eabc"');
    expect(quoteCell('a\u00a0b\u3000c d')).toBe('"a\\u00a0b\\u3000c d"');
    expect(quoteCell('x\u{e0001}y')).toBe('"x\\u{e0001}y"');
    expect(quoteCell('\u0085\u2028')).toBe('"\\u0085\\u2028"');
    expect(quoteCell('<b>é</b>')).toBe('"<b>é</b>"');
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
