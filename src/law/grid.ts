/**
 * The log-spaced evaluation grid of the loss surface and its validation.
 * Columns run over N, rows over D; cell (col, row) sits at index row * width + col.
 */

/** A log10-spaced grid over model size N (columns) and training tokens D (rows). */
export interface SurfaceGrid {
  readonly log10NMin: number;
  readonly log10NMax: number;
  readonly log10DMin: number;
  readonly log10DMax: number;
  /** Number of columns (samples along N). */
  readonly width: number;
  /** Number of rows (samples along D). */
  readonly height: number;
}

/** Natural-log coordinates of the grid: ln N(col) = lnN0 + col * lnNStep, likewise for D. */
export interface GridAxes {
  readonly lnN0: number;
  readonly lnNStep: number;
  readonly lnD0: number;
  readonly lnDStep: number;
}

/** A contiguous band of rows. */
export interface RowRange {
  readonly start: number;
  readonly count: number;
}

/** Bounds on grids: the UI offers 256 to 4096 per side; the engines accept up to these. */
export const GRID_LIMITS = {
  minSide: 1,
  maxSide: 8192,
  minLog10: 0,
  maxLog10: 30,
} as const;

/** Grid resolutions offered in the UI. */
export const GRID_RESOLUTIONS = [256, 512, 1024, 2048, 4096] as const;

/** The default view of the Surface view: N from 1e7 to 1e13, D from 1e8 to 1e14. */
export const DEFAULT_GRID: SurfaceGrid = {
  log10NMin: 7,
  log10NMax: 13,
  log10DMin: 8,
  log10DMax: 14,
  width: 1024,
  height: 1024,
};

const LN10 = Math.LN10;

/** Step and origin of the grid in natural logs. A one-sample axis sits at its minimum. */
export function gridAxes(grid: SurfaceGrid): GridAxes {
  const step = (min: number, max: number, n: number) =>
    n > 1 ? ((max - min) * LN10) / (n - 1) : 0;
  return {
    lnN0: grid.log10NMin * LN10,
    lnNStep: step(grid.log10NMin, grid.log10NMax, grid.width),
    lnD0: grid.log10DMin * LN10,
    lnDStep: step(grid.log10DMin, grid.log10DMax, grid.height),
  };
}

/** log10 N at a column (fractional columns interpolate). */
export function columnLog10N(grid: SurfaceGrid, col: number): number {
  if (grid.width <= 1) return grid.log10NMin;
  return grid.log10NMin + ((grid.log10NMax - grid.log10NMin) * col) / (grid.width - 1);
}

/** log10 D at a row (fractional rows interpolate). */
export function rowLog10D(grid: SurfaceGrid, row: number): number {
  if (grid.height <= 1) return grid.log10DMin;
  return grid.log10DMin + ((grid.log10DMax - grid.log10DMin) * row) / (grid.height - 1);
}

/** The whole grid as one row range. */
export function allRows(grid: SurfaceGrid): RowRange {
  return { start: 0, count: grid.height };
}

/** A problem with one input field, for an inline message next to the control. */
export interface FieldIssue {
  readonly field: string;
  readonly message: string;
}

function checkSide(field: string, n: number): FieldIssue | undefined {
  if (!Number.isInteger(n)) return { field, message: `${field} must be a whole number, got ${n}` };
  if (n < GRID_LIMITS.minSide || n > GRID_LIMITS.maxSide) {
    return {
      field,
      message: `${field} must be between ${GRID_LIMITS.minSide} and ${GRID_LIMITS.maxSide}, got ${n}`,
    };
  }
  return undefined;
}

function checkRange(axis: 'N' | 'D', min: number, max: number): FieldIssue[] {
  const field = `log10${axis}`;
  if (!Number.isFinite(min) || !Number.isFinite(max)) {
    return [{ field, message: `${axis} range must be finite numbers (got ${min} to ${max})` }];
  }
  if (min < GRID_LIMITS.minLog10 || max > GRID_LIMITS.maxLog10) {
    return [
      {
        field,
        message: `${axis} range must lie within 1e${GRID_LIMITS.minLog10} to 1e${GRID_LIMITS.maxLog10}`,
      },
    ];
  }
  if (min > max) return [{ field, message: `${axis} range is inverted: minimum is above maximum` }];
  if (min === max) return [{ field, message: `${axis} range is empty: minimum equals maximum` }];
  return [];
}

/** Every problem with a grid; an empty list means the grid is usable. */
export function validateGrid(grid: SurfaceGrid): FieldIssue[] {
  const issues = [
    ...checkRange('N', grid.log10NMin, grid.log10NMax),
    ...checkRange('D', grid.log10DMin, grid.log10DMax),
  ];
  for (const [field, n] of [
    ['width', grid.width],
    ['height', grid.height],
  ] as const) {
    const issue = checkSide(field, n);
    if (issue) issues.push(issue);
  }
  return issues;
}

/** Splits `rows` into at most `parts` contiguous bands of near-equal size, in order. */
export function splitRows(rows: RowRange, parts: number): RowRange[] {
  const n = Math.max(1, Math.min(parts, rows.count));
  const out: RowRange[] = [];
  for (let i = 0; i < n; i++) {
    const start = rows.start + Math.floor((rows.count * i) / n);
    const end = rows.start + Math.floor((rows.count * (i + 1)) / n);
    if (end > start) out.push({ start, count: end - start });
  }
  return out;
}
