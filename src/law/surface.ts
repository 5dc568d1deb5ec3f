/**
 * CPU twin of shaders/surface.wgsl: the loss surface over a log-spaced grid, in f64,
 * stored as f32 like the GPU output.
 */
import { allRows, gridAxes, type RowRange, type SurfaceGrid } from './grid';
import type { ScalingLaw } from './law';

/**
 * The law folded into the grid's coordinates: the N term at column c is
 * exp(xN0 + c * xNStep), the D term at row r is exp(xD0 + r * xDStep).
 * Derived once in f64; the GPU kernel receives these values rounded to f32.
 */
export interface SurfaceTerms {
  readonly E: number;
  readonly xN0: number;
  readonly xNStep: number;
  readonly xD0: number;
  readonly xDStep: number;
}

/** Folds a law and a grid into {@link SurfaceTerms}. */
export function surfaceTerms(law: ScalingLaw, grid: SurfaceGrid): SurfaceTerms {
  const ax = gridAxes(grid);
  return {
    E: law.E,
    xN0: Math.log(law.A) - law.alpha * ax.lnN0,
    xNStep: -law.alpha * ax.lnNStep,
    xD0: Math.log(law.B) - law.beta * ax.lnD0,
    xDStep: -law.beta * ax.lnDStep,
  };
}

/**
 * L over the rows `rows` of `grid`, row-major (row * width + col), in f64 rounded to f32.
 * Same signature as the GPU wrapper's evaluate(law, grid, rows).
 */
export function evaluateSurface(
  law: ScalingLaw,
  grid: SurfaceGrid,
  rows: RowRange = allRows(grid),
): Float32Array {
  const t = surfaceTerms(law, grid);
  const { width } = grid;
  const nTerm = new Float64Array(width);
  for (let c = 0; c < width; c++) nTerm[c] = Math.exp(t.xN0 + c * t.xNStep);
  const out = new Float32Array(width * rows.count);
  for (let r = 0; r < rows.count; r++) {
    const base = t.E + Math.exp(t.xD0 + (rows.start + r) * t.xDStep);
    const offset = r * width;
    for (let c = 0; c < width; c++) out[offset + c] = base + nTerm[c]!;
  }
  return out;
}

/** L at one cell in f64, straight from the terms (the reference the contract test uses). */
export function surfaceCell(terms: SurfaceTerms, col: number, row: number): number {
  return (
    terms.E + Math.exp(terms.xN0 + col * terms.xNStep) + Math.exp(terms.xD0 + row * terms.xDStep)
  );
}

/**
 * Smallest and largest L on the grid. L falls with N and with D (all constants positive),
 * so they sit at opposite corners: no pass over the cells is needed.
 */
export function surfaceExtent(law: ScalingLaw, grid: SurfaceGrid): { min: number; max: number } {
  const t = surfaceTerms(law, grid);
  const lastCol = grid.width - 1;
  const lastRow = grid.height - 1;
  return { min: surfaceCell(t, lastCol, lastRow), max: surfaceCell(t, 0, 0) };
}
