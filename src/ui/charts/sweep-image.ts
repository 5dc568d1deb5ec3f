/**
 * Pictures of one sweep output: its colour range (log for positive quantities such as N or cost,
 * log of L - E for loss, linear otherwise), the RGBA image for a 2D canvas through the LUT of
 * the chosen colour map, contour lines through the shared d3-contour helpers, and legend ticks.
 * Pure, no DOM.
 */
import {
  type ColourRange,
  type ColourScale,
  colourise,
  colourTransform,
  rampPosition,
} from '../../colour/colour-map';
import type { SurfaceGrid } from '../../law/grid';
import type { Point } from './clip';
import { contourLines, lossLevels } from './contours';

/** Finite extent of values (positive ones only when `positive`), or undefined when none. */
export function valueExtent(
  values: ArrayLike<number>,
  positive = false,
): { min: number; max: number } | undefined {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v) || (positive && v <= 0)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? { min, max } : undefined;
}

/**
 * The colour range of an output: `log` maps ln(v) (a 'log-reducible' scale with E = 0), `E`
 * given maps ln(v - E) (loss), otherwise linear. Undefined when no cell has a usable value.
 * Add the colour map (`{ ...range, map }`) to draw it.
 */
export function sweepColourScale(
  values: ArrayLike<number>,
  log: boolean,
  E?: number,
): ColourRange | undefined {
  if (E !== undefined) {
    const ext = valueExtent(
      Array.from(values, (v) => v - E),
      true,
    );
    if (!ext) return undefined;
    const [lo, hi] = widen(ext.min, ext.max, true);
    return { mode: 'log-reducible', lo: lo + E, hi: hi + E, E };
  }
  const ext = valueExtent(values, log);
  if (!ext) return undefined;
  const [lo, hi] = widen(ext.min, ext.max, log);
  return log ? { mode: 'log-reducible', lo, hi, E: 0 } : { mode: 'linear', lo, hi, E: 0 };
}

/** Smallest span of a colour scale, relative to its values: f32 noise stays one colour. */
export const MIN_RELATIVE_SPAN = 1e-3;

/** Widens [lo, hi] about its middle to at least MIN_RELATIVE_SPAN (as a ratio when log). */
function widen(lo: number, hi: number, log: boolean): [number, number] {
  if (log) {
    const half = Math.log1p(MIN_RELATIVE_SPAN) / 2;
    if (Math.log(hi / lo) >= 2 * half) return [lo, hi];
    const mid = Math.sqrt(lo * hi);
    return [mid * Math.exp(-half), mid * Math.exp(half)];
  }
  const span = MIN_RELATIVE_SPAN * Math.max(Math.abs(lo), Math.abs(hi), 1e-30);
  if (hi - lo >= span) return [lo, hi];
  const mid = (lo + hi) / 2;
  return [mid - span / 2, mid + span / 2];
}

/**
 * RGBA image (x.count wide, y.count tall) in image orientation: the first image row is the last
 * y index (y grows upward), coloured through the LUT of `scale.map`. Cells without a value are
 * transparent.
 */
export function sweepImage(
  values: Float32Array,
  width: number,
  scale: ColourScale,
): Uint8ClampedArray<ArrayBuffer> {
  const out = colourise(values, width, scale);
  const tf = colourTransform(scale);
  const rows = values.length / width;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < width; c++) {
      if (Number.isNaN(rampPosition(values[r * width + c]!, tf)))
        out[((rows - 1 - r) * width + c) * 4 + 3] = 0;
    }
  }
  return out;
}

/** Contour levels of a scale (nice values evenly spread along the ramp). */
export function sweepLevels(scale: ColourRange, count = 6): number[] {
  return lossLevels(scale, count);
}

/** One contour level with its polylines in fractional cell indices (x = col, y = row). */
export interface SweepContour {
  readonly value: number;
  readonly lines: Point[][];
}

/** Largest side of the grid handed to d3-contour (larger sweeps are sampled down). */
export const CONTOUR_SIDE = 192;

/**
 * Contour lines of `values` (row-major, `width` x `height`) at `levels`, in fractional cell
 * indices of the full grid. Grids larger than `side` are sampled at evenly spaced cells first.
 */
export function sweepContours(
  values: Float32Array,
  width: number,
  height: number,
  levels: readonly number[],
  side = CONTOUR_SIDE,
): SweepContour[] {
  if (levels.length === 0 || width < 2 || height < 2) return [];
  const w = Math.min(width, side);
  const h = Math.min(height, side);
  const sampled = new Float64Array(w * h);
  for (let r = 0; r < h; r++) {
    const sr = Math.round((r * (height - 1)) / (h - 1));
    for (let c = 0; c < w; c++) {
      const sc = Math.round((c * (width - 1)) / (w - 1));
      sampled[r * w + c] = values[sr * width + sc]!;
    }
  }
  // A grid whose "log10" coordinates are the full grid's cell indices.
  const grid: SurfaceGrid = {
    log10NMin: 0,
    log10NMax: width - 1,
    log10DMin: 0,
    log10DMax: height - 1,
    width: w,
    height: h,
  };
  return contourLines(sampled, grid, levels).map((c) => ({ value: c.value, lines: c.lines }));
}

/** One legend tick: a value, its ramp position (0 = lo) and label. */
export interface SweepLegendTick {
  readonly value: number;
  readonly t: number;
  readonly label: string;
}

/** Legend ticks: the ends of the scale and the contour levels between them. */
export function sweepLegendTicks(
  scale: ColourRange,
  format: (v: number) => string,
  count = 6,
  minGap = 0.07,
): SweepLegendTick[] {
  const tf = colourTransform(scale);
  const tick = (value: number) => ({ value, t: rampPosition(value, tf), label: format(value) });
  if (!(scale.hi > scale.lo)) return [tick(scale.lo)];
  const inner = sweepLevels(scale, count)
    .map(tick)
    .filter((k) => k.t > minGap && k.t < 1 - minGap);
  return [tick(scale.lo), ...inner, tick(scale.hi)];
}
