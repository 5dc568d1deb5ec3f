import { describe, expect, it } from 'vitest';
import { bigStep, centreCell, gridKeyTarget, listKeyTarget } from '../../src/ui/keyboard-nav';

describe('listKeyTarget', () => {
  it('moves along a horizontal list with Left and Right, and ignores Up and Down', () => {
    expect(listKeyTarget('ArrowRight', 1, 5, 'horizontal')).toBe(2);
    expect(listKeyTarget('ArrowLeft', 1, 5, 'horizontal')).toBe(0);
    expect(listKeyTarget('ArrowDown', 1, 5, 'horizontal')).toBeUndefined();
    expect(listKeyTarget('ArrowUp', 1, 5, 'horizontal')).toBeUndefined();
  });

  it('moves along a vertical list with Up and Down, and ignores Left and Right', () => {
    expect(listKeyTarget('ArrowDown', 3, 100, 'vertical')).toBe(4);
    expect(listKeyTarget('ArrowUp', 3, 100, 'vertical')).toBe(2);
    expect(listKeyTarget('ArrowLeft', 3, 100, 'vertical')).toBeUndefined();
  });

  it('goes to the ends with Home and End', () => {
    expect(listKeyTarget('Home', 3, 5, 'horizontal')).toBe(0);
    expect(listKeyTarget('End', 3, 5, 'horizontal')).toBe(4);
    expect(listKeyTarget('End', 0, 100, 'vertical')).toBe(99);
  });

  it('stops at the ends, or wraps when asked', () => {
    expect(listKeyTarget('ArrowRight', 4, 5, 'horizontal')).toBe(4);
    expect(listKeyTarget('ArrowLeft', 0, 5, 'horizontal')).toBe(0);
    expect(listKeyTarget('ArrowRight', 4, 5, 'horizontal', true)).toBe(0);
    expect(listKeyTarget('ArrowLeft', 0, 5, 'horizontal', true)).toBe(4);
  });

  it('leaves other keys and empty lists alone', () => {
    expect(listKeyTarget(' ', 2, 5, 'vertical')).toBeUndefined();
    expect(listKeyTarget('Enter', 2, 5, 'horizontal')).toBeUndefined();
    expect(listKeyTarget('ArrowDown', 0, 0, 'vertical')).toBeUndefined();
  });

  it('treats an index outside the list as its nearest end', () => {
    expect(listKeyTarget('ArrowDown', 7, 3, 'vertical')).toBe(2);
    expect(listKeyTarget('ArrowUp', -1, 3, 'vertical')).toBe(0);
  });
});

describe('gridKeyTarget', () => {
  const at = { col: 5, row: 5 };

  it('moves one cell per arrow; up is a higher row (row 0 is at the bottom)', () => {
    expect(gridKeyTarget('ArrowRight', at, 32, 32)).toEqual({ col: 6, row: 5 });
    expect(gridKeyTarget('ArrowLeft', at, 32, 32)).toEqual({ col: 4, row: 5 });
    expect(gridKeyTarget('ArrowUp', at, 32, 32)).toEqual({ col: 5, row: 6 });
    expect(gridKeyTarget('ArrowDown', at, 32, 32)).toEqual({ col: 5, row: 4 });
  });

  it('moves a tenth of each axis with Shift', () => {
    expect(gridKeyTarget('ArrowRight', at, 100, 20, true)).toEqual({ col: 15, row: 5 });
    expect(gridKeyTarget('ArrowUp', at, 100, 20, true)).toEqual({ col: 5, row: 7 });
  });

  it('stops at the edges', () => {
    expect(gridKeyTarget('ArrowLeft', { col: 0, row: 0 }, 8, 8)).toEqual({ col: 0, row: 0 });
    expect(gridKeyTarget('ArrowDown', { col: 0, row: 0 }, 8, 8)).toEqual({ col: 0, row: 0 });
    expect(gridKeyTarget('ArrowRight', { col: 6, row: 7 }, 8, 8, true)).toEqual({ col: 7, row: 7 });
    expect(gridKeyTarget('ArrowUp', { col: 7, row: 7 }, 8, 8)).toEqual({ col: 7, row: 7 });
  });

  it('goes along the row with Home and End, and to the corners with Ctrl', () => {
    expect(gridKeyTarget('Home', at, 32, 16)).toEqual({ col: 0, row: 5 });
    expect(gridKeyTarget('End', at, 32, 16)).toEqual({ col: 31, row: 5 });
    expect(gridKeyTarget('Home', at, 32, 16, false, true)).toEqual({ col: 0, row: 0 });
    expect(gridKeyTarget('End', at, 32, 16, false, true)).toEqual({ col: 31, row: 15 });
  });

  it('leaves other keys and empty grids alone', () => {
    expect(gridKeyTarget('a', at, 32, 32)).toBeUndefined();
    expect(gridKeyTarget('ArrowUp', at, 0, 32)).toBeUndefined();
  });

  it('brings a cell outside a smaller grid back inside before moving', () => {
    expect(gridKeyTarget('ArrowLeft', { col: 40, row: 40 }, 4, 3)).toEqual({ col: 2, row: 2 });
  });
});

describe('bigStep and centreCell', () => {
  it('steps a tenth of the axis, at least one cell', () => {
    expect(bigStep(1)).toBe(1);
    expect(bigStep(4)).toBe(1);
    expect(bigStep(32)).toBe(3);
    expect(bigStep(1024)).toBe(102);
  });

  it('starts in the middle of the grid', () => {
    expect(centreCell(32, 32)).toEqual({ col: 15, row: 15 });
    expect(centreCell(5, 3)).toEqual({ col: 2, row: 1 });
    expect(centreCell(1, 1)).toEqual({ col: 0, row: 0 });
  });
});
