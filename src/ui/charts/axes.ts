/**
 * Plot geometry of the Surface view: the log10 domain the heatmap covers, pixel scales, and
 * decade ticks in human units. Pure, no DOM.
 */
import type { SurfaceGrid } from '../../law/grid';
import type { Rect } from './clip';
import { formatCount } from './format';

/** The rectangle of log10 N (x) by log10 D (y) a plot shows. */
export interface LogView {
  readonly log10NMin: number;
  readonly log10NMax: number;
  readonly log10DMin: number;
  readonly log10DMax: number;
}

/** Maps log10 N and log10 D to pixels in a plot area `width` x `height` (D grows upward). */
export interface PlotScales {
  readonly view: LogView;
  readonly width: number;
  readonly height: number;
  x(log10N: number): number;
  y(log10D: number): number;
  /** log10 N at pixel column x. */
  invertX(x: number): number;
  /** log10 D at pixel row y. */
  invertY(y: number): number;
}

/**
 * The log10 extent the heatmap image covers. Each grid sample is drawn as a cell of equal size
 * centred on it, so the image reaches half a cell beyond the first and last samples.
 */
export function heatmapView(grid: SurfaceGrid): LogView {
  const half = (min: number, max: number, n: number) => (n > 1 ? (max - min) / (n - 1) / 2 : 0.5);
  const hn = half(grid.log10NMin, grid.log10NMax, grid.width);
  const hd = half(grid.log10DMin, grid.log10DMax, grid.height);
  return {
    log10NMin: grid.log10NMin - hn,
    log10NMax: grid.log10NMax + hn,
    log10DMin: grid.log10DMin - hd,
    log10DMax: grid.log10DMax + hd,
  };
}

/** Linear pixel scales over a log view. */
export function plotScales(view: LogView, width: number, height: number): PlotScales {
  const sx = width / (view.log10NMax - view.log10NMin);
  const sy = height / (view.log10DMax - view.log10DMin);
  return {
    view,
    width,
    height,
    x: (n) => (n - view.log10NMin) * sx,
    y: (d) => height - (d - view.log10DMin) * sy,
    invertX: (x) => view.log10NMin + x / sx,
    invertY: (y) => view.log10DMin + (height - y) / sy,
  };
}

/** The view as a rectangle in log10 coordinates (x = log10 N, y = log10 D). */
export function viewRect(view: LogView): Rect {
  return { x0: view.log10NMin, x1: view.log10NMax, y0: view.log10DMin, y1: view.log10DMax };
}

/** One axis tick. */
export interface Tick {
  readonly log10: number;
  /** Empty for minor ticks. */
  readonly label: string;
  readonly major: boolean;
}

/**
 * Ticks for a log10 range: a major tick on every decade (every `step` decades when the range
 * is wide), labelled in human units, and minor ticks at 2..9 times each decade when the range
 * spans at most `minorUpTo` decades.
 */
export function decadeTicks(min: number, max: number, maxMajor = 9, minorUpTo = 8): Tick[] {
  if (!(max > min)) return [];
  const span = max - min;
  const step = Math.max(1, Math.ceil((span + 1) / maxMajor));
  const eps = 1e-9;
  const ticks: Tick[] = [];
  for (let d = Math.floor(min); d <= Math.ceil(max); d++) {
    if (d >= min - eps && d <= max + eps && d % step === 0) {
      ticks.push({ log10: d, label: formatCount(10 ** d), major: true });
    }
    if (span <= minorUpTo) {
      for (let k = 2; k <= 9; k++) {
        const v = d + Math.log10(k);
        if (v >= min - eps && v <= max + eps) ticks.push({ log10: v, label: '', major: false });
      }
    }
  }
  if (!ticks.some((t) => t.major)) {
    for (const v of [min, max]) ticks.push({ log10: v, label: formatCount(10 ** v), major: true });
  }
  return ticks;
}
