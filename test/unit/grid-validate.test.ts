import { describe, expect, it } from 'vitest';
import {
  columnLog10N,
  DEFAULT_GRID,
  gridAxes,
  rowLog10D,
  splitRows,
  validateGrid,
} from '../../src/law/grid';
import { validateLaw } from '../../src/law/validate';

const good = { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 };

describe('grid', () => {
  it('spans the default view 1e7..1e13 by 1e8..1e14, ends included', () => {
    expect(columnLog10N(DEFAULT_GRID, 0)).toBe(7);
    expect(columnLog10N(DEFAULT_GRID, DEFAULT_GRID.width - 1)).toBe(13);
    expect(rowLog10D(DEFAULT_GRID, 0)).toBe(8);
    expect(rowLog10D(DEFAULT_GRID, DEFAULT_GRID.height - 1)).toBe(14);
    const ax = gridAxes(DEFAULT_GRID);
    expect(ax.lnN0 + (DEFAULT_GRID.width - 1) * ax.lnNStep).toBeCloseTo(13 * Math.LN10, 12);
  });

  it('puts a one-sample axis at its minimum', () => {
    const g = { ...DEFAULT_GRID, width: 1, height: 1 };
    expect(gridAxes(g).lnNStep).toBe(0);
    expect(columnLog10N(g, 0)).toBe(7);
  });

  it('splits rows into contiguous near-equal bands', () => {
    expect(splitRows({ start: 10, count: 7 }, 3)).toEqual([
      { start: 10, count: 2 },
      { start: 12, count: 2 },
      { start: 14, count: 3 },
    ]);
    expect(splitRows({ start: 0, count: 2 }, 8)).toEqual([
      { start: 0, count: 1 },
      { start: 1, count: 1 },
    ]);
  });
});

describe('validateGrid', () => {
  it('accepts the default grid', () => {
    expect(validateGrid(DEFAULT_GRID)).toEqual([]);
  });

  it.each([
    [{ log10NMin: 13, log10NMax: 7 }, 'log10N', /inverted/],
    [{ log10DMin: 9, log10DMax: 9 }, 'log10D', /empty/],
    [{ log10NMin: Number.NaN }, 'log10N', /finite/],
    [{ log10DMax: 31 }, 'log10D', /within/],
    [{ width: 0 }, 'width', /between 1 and 8192/],
    [{ height: 10000 }, 'height', /between 1 and 8192/],
    [{ width: 12.5 }, 'width', /whole number/],
  ])('reports %o on %s', (patch, field, message) => {
    const issues = validateGrid({ ...DEFAULT_GRID, ...patch });
    expect(issues).toHaveLength(1);
    expect(issues[0]!.field).toBe(field);
    expect(issues[0]!.message).toMatch(message);
  });
});

describe('validateLaw', () => {
  it.each([
    ['alpha', Number.NaN, /must be a number/],
    ['E', -1, /positive/],
    ['A', 0, /positive/],
    ['B', Number.POSITIVE_INFINITY, /finite/],
    ['beta', 6, /at most 5/],
  ] as const)('reports %s = %s', (field, value, message) => {
    const issues = validateLaw({ ...good, [field]: value });
    expect(issues).toEqual([{ field, message: expect.stringMatching(message) }]);
  });

  it('accepts a sound law', () => {
    expect(validateLaw(good)).toEqual([]);
  });
});
