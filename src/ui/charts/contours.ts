/**
 * Iso-loss levels and contour lines of the loss surface, from a coarse grid of values, with
 * d3-contour (marching squares). Pure: values in, polylines in log10 coordinates out.
 */
import { contours, ticks } from 'd3';
import { type ColourRange, colourTransform } from '../../colour/colour-map';
import { columnLog10N, rowLog10D, type SurfaceGrid } from '../../law/grid';
import type { Point } from './clip';

/** A grid of `size` x `size` samples over the same ranges as `grid`, for contours. */
export function coarseGrid(grid: SurfaceGrid, size = 128): SurfaceGrid {
  return { ...grid, width: size, height: size };
}

function niceStep(x: number): number {
  const p = 10 ** Math.floor(Math.log10(x));
  const m = x / p;
  return (m >= 5 ? 5 : m >= 2 ? 2 : 1) * p;
}

/**
 * About `count` loss values between scale.lo and scale.hi, evenly spaced along the colour ramp:
 * plain nice ticks for a linear scale; for a log-reducible scale, values evenly spaced in
 * ln(L - E), each rounded to a nice step for its neighbourhood. Sorted, strictly inside (lo, hi).
 */
export function lossLevels(scale: ColourRange, count = 7): number[] {
  const { lo, hi } = scale;
  if (!(hi > lo) || !Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (scale.mode === 'linear') return ticks(lo, hi, count).filter((v) => v > lo && v < hi);
  const tf = colourTransform(scale);
  if (tf.scale === 0) return [];
  const at = (t: number) => scale.E + Math.exp(tf.offset + t / tf.scale);
  const out: number[] = [];
  for (let i = 1; i <= count; i++) {
    const t = (i - 0.5) / count;
    const gap = at(t + 0.5 / count) - at(t - 0.5 / count);
    const step = niceStep(gap / 2);
    const v = Number((Math.round(at(t) / step) * step).toPrecision(12));
    if (v > lo && v < hi && v !== out[out.length - 1]) out.push(v);
  }
  return out;
}

/** The iso-loss line(s) of one level. */
export interface ContourLine {
  readonly value: number;
  /** Open polylines in log10 coordinates (x = log10 N, y = log10 D). */
  readonly lines: Point[][];
}

/**
 * Iso-loss lines of `values` (row-major, `grid.width` columns along N, rows along D) at each of
 * `levels`. d3-contour returns closed polygons whose edges run along the grid border; those
 * edges are dropped so that only the isolines remain.
 */
export function contourLines(
  values: ArrayLike<number>,
  grid: SurfaceGrid,
  levels: readonly number[],
): ContourLine[] {
  const { width, height } = grid;
  const generator = contours().size([width, height]).thresholds(levels.slice());
  const onBorder = (p: readonly number[]) =>
    p[0] === 0 || p[0] === width || p[1] === 0 || p[1] === height;
  const toLog = (p: readonly number[]): Point => [
    columnLog10N(grid, p[0]! - 0.5),
    rowLog10D(grid, p[1]! - 0.5),
  ];
  return generator(Array.from(values)).map((geometry) => {
    const lines: Point[][] = [];
    for (const polygon of geometry.coordinates) {
      for (const ring of polygon) {
        let current: Point[] = [];
        for (let i = 1; i < ring.length; i++) {
          const a = ring[i - 1]!;
          const b = ring[i]!;
          if (onBorder(a) && onBorder(b)) {
            if (current.length > 1) lines.push(current);
            current = [];
            continue;
          }
          if (current.length === 0) current.push(toLog(a));
          current.push(toLog(b));
        }
        if (current.length > 1) lines.push(current);
      }
    }
    return { value: geometry.value, lines: joinLines(lines) };
  });
}

/** Joins polylines where one ends exactly where another starts (a ring split at its seam). */
function joinLines(lines: Point[][]): Point[][] {
  const out = lines.slice();
  for (let i = 0; i < out.length; i++) {
    for (let j = 0; j < out.length; j++) {
      if (i === j) continue;
      const a = out[i]!;
      const b = out[j]!;
      const end = a[a.length - 1]!;
      if (end[0] === b[0]![0] && end[1] === b[0]![1]) {
        out[i] = a.concat(b.slice(1));
        out.splice(j, 1);
        i = -1;
        break;
      }
    }
  }
  return out;
}
