/** Tick marks and gradient of the colour legend, consistent with the heatmap's ColourScale. Pure. */
import {
  type ColourMode,
  type ColourRange,
  type ColourScale,
  colourTransform,
  rampPosition,
} from '../../colour/colour-map';
import { type ColourMapName, colourMapLut, DEFAULT_COLOUR_MAP } from '../../colour/colour-maps';
import type { SurfaceGrid } from '../../law/grid';
import type { ScalingLaw } from '../../law/law';
import { surfaceExtent } from '../../law/surface';
import { lossLevels } from './contours';
import { formatLoss } from './format';

/** One legend tick: a loss value and where it sits on the ramp (0 = scale.lo, 1 = scale.hi). */
export interface LegendTick {
  readonly L: number;
  readonly t: number;
  readonly label: string;
}

/** CSS colour stops of a LUT (RGBA bytes), `stops` evenly spaced from t = 0 to t = 1. */
export function gradientStops(lut: Uint8Array, stops = 16): { offset: number; colour: string }[] {
  const entries = lut.length / 4;
  const out: { offset: number; colour: string }[] = [];
  for (let i = 0; i < stops; i++) {
    const offset = i / (stops - 1);
    const k = Math.min(entries - 1, Math.floor(offset * entries)) * 4;
    out.push({ offset, colour: `rgb(${lut[k]}, ${lut[k + 1]}, ${lut[k + 2]})` });
  }
  return out;
}

/** CSS colour stops of a colour map's LUT (what the heatmap draws), for a legend's gradient. */
export function mapGradientStops(
  map: ColourMapName,
  stops = 16,
): { offset: number; colour: string }[] {
  return gradientStops(colourMapLut(map), stops);
}

/**
 * Ticks for the legend: the ends of the scale and about `count` loss levels between them
 * (the same levels the contours use), placed by the scale's own ramp position. Interior
 * ticks closer than `minGap` (in ramp units) to an end are dropped.
 */
export function legendTicks(scale: ColourRange, count = 7, minGap = 0.06): LegendTick[] {
  const tf = colourTransform(scale);
  const tick = (L: number): LegendTick => ({ L, t: rampPosition(L, tf), label: formatLoss(L, 3) });
  if (!(scale.hi > scale.lo)) return [tick(scale.lo)];
  const inner = lossLevels(scale, count)
    .map(tick)
    .filter((k) => k.t > minGap && k.t < 1 - minGap);
  return [tick(scale.lo), ...inner, tick(scale.hi)];
}

/**
 * The colour scale of a heatmap: the exact extent of L on the grid, in the chosen mode and
 * colour map (viridis when none is given).
 */
export function colourScaleFor(
  law: ScalingLaw,
  grid: SurfaceGrid,
  mode: ColourMode,
  map: ColourMapName = DEFAULT_COLOUR_MAP,
): ColourScale {
  const { min, max } = surfaceExtent(law, grid);
  return { mode, lo: min, hi: max, E: law.E, map };
}
