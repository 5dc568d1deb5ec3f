import { describe, expect, test } from 'vitest';
import {
  formatCount,
  formatFlops,
  formatLoss,
  formatParam,
  formatScientific,
  parseNumber,
} from '../../src/ui/charts/format';

describe('formatCount', () => {
  test.each([
    [1e7, '10M'],
    [1e8, '100M'],
    [1e9, '1B'],
    [7e10, '70B'],
    [1.4e12, '1.4T'],
    [1e14, '100T'],
    [2500, '2.5K'],
    [999, '999'],
    [999_900, '1M'],
  ])('%d -> %s', (x, text) => {
    expect(formatCount(x)).toBe(text);
  });
});

describe('formatScientific and formatFlops', () => {
  test('powers of ten are written 1eN', () => {
    expect(formatScientific(1e21)).toBe('1e21');
    expect(formatFlops(1e21)).toBe('1e21 FLOPs');
    expect(formatFlops(1e16)).toBe('1e16 FLOPs');
  });
  test('other values keep their mantissa', () => {
    expect(formatScientific(5.88e23, 3)).toBe('5.88e23');
    expect(formatScientific(9.999e20, 2)).toBe('1e21');
  });
});

describe('formatLoss and formatParam', () => {
  test('loss keeps significant digits', () => {
    expect(formatLoss(1.936651, 5)).toBe('1.9367');
    expect(formatLoss(2, 3)).toBe('2');
  });
  test('params are short and exact enough to round-trip presets', () => {
    expect(formatParam(406.4)).toBe('406.4');
    expect(formatParam(0.34)).toBe('0.34');
    expect(formatParam(Math.exp(0.5267228))).toBe('1.69337');
    expect(formatParam(2.5e7)).toBe('2.5e+7');
  });
});

describe('parseNumber', () => {
  test.each([
    ['0.34', 0.34],
    [' 4e2 ', 400],
    ['-1', -1],
    ['.5', 0.5],
    ['1E-3', 0.001],
  ])('%s -> %d', (text, value) => {
    expect(parseNumber(text)).toBe(value);
  });
  test.each(['', 'abc', '1,5', '0x10', '1e', 'NaN', 'Infinity', '--1'])(
    '%j is not a number',
    (text) => {
      expect(parseNumber(text)).toBeNaN();
    },
  );
});
