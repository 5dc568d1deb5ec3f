/**
 * Pure key-to-position rules for keyboard navigation: a one-dimensional list (tabs, table rows
 * with a roving tabindex) and a two-dimensional grid of cells (the Sweep plot). Components map
 * the result to focus or to a readout; nothing here touches the DOM.
 */

/** Which arrow keys move along a list. */
export type ListOrientation = 'horizontal' | 'vertical';

/**
 * The index a key moves to in a list of `count` items from `index`, or undefined when the key
 * does not move (the caller then leaves the event alone). Arrows along the orientation move by
 * one, Home and End go to the ends; `wrap` makes the arrows wrap around (as tabs do).
 */
export function listKeyTarget(
  key: string,
  index: number,
  count: number,
  orientation: ListOrientation,
  wrap = false,
): number | undefined {
  if (count <= 0) return undefined;
  const [back, forward] =
    orientation === 'horizontal' ? ['ArrowLeft', 'ArrowRight'] : ['ArrowUp', 'ArrowDown'];
  const from = Math.min(count - 1, Math.max(0, index));
  switch (key) {
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    case back:
      return from > 0 ? from - 1 : wrap ? count - 1 : 0;
    case forward:
      return from < count - 1 ? from + 1 : wrap ? 0 : count - 1;
    default:
      return undefined;
  }
}

/** A cell of a grid: column from the left, row from the bottom (as the plots draw them). */
export interface GridCell {
  readonly col: number;
  readonly row: number;
}

/** How many cells a Shift+arrow moves on an axis of `count` cells: a tenth of it, at least 1. */
export function bigStep(count: number): number {
  return Math.max(1, Math.round(count / 10));
}

/**
 * The cell a key moves to in a `cols` x `rows` grid whose row 0 is at the bottom, or undefined
 * when the key does not move. Arrows move one cell (ArrowUp goes up, to a higher row), or a
 * tenth of the axis with `shift`; Home and End go to the first and last column of the row, and
 * with `ctrl` to the bottom-left and top-right cells. Moves stop at the edges.
 */
export function gridKeyTarget(
  key: string,
  cell: GridCell,
  cols: number,
  rows: number,
  shift = false,
  ctrl = false,
): GridCell | undefined {
  if (cols <= 0 || rows <= 0) return undefined;
  const clamp = (v: number, n: number) => Math.min(n - 1, Math.max(0, v));
  const col = clamp(cell.col, cols);
  const row = clamp(cell.row, rows);
  const dx = shift ? bigStep(cols) : 1;
  const dy = shift ? bigStep(rows) : 1;
  switch (key) {
    case 'ArrowLeft':
      return { col: clamp(col - dx, cols), row };
    case 'ArrowRight':
      return { col: clamp(col + dx, cols), row };
    case 'ArrowUp':
      return { col, row: clamp(row + dy, rows) };
    case 'ArrowDown':
      return { col, row: clamp(row - dy, rows) };
    case 'Home':
      return ctrl ? { col: 0, row: 0 } : { col: 0, row };
    case 'End':
      return ctrl ? { col: cols - 1, row: rows - 1 } : { col: cols - 1, row };
    default:
      return undefined;
  }
}

/** The middle cell of a grid, where keyboard reading starts. */
export function centreCell(cols: number, rows: number): GridCell {
  return {
    col: Math.max(0, Math.floor((cols - 1) / 2)),
    row: Math.max(0, Math.floor((rows - 1) / 2)),
  };
}
