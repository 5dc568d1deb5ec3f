/**
 * CPU twin of the colour pass in shaders/heatmap.wgsl: loss values to RGBA through the
 * 256-entry lookup table of the scale's colour map (colour-maps.ts).
 */
import { type ColourMapName, colourMapLut, LUT_SIZE } from './colour-maps';

/** How loss maps to colour: linearly in L, or by log of the reducible loss L - E. */
export type ColourMode = 'linear' | 'log-reducible';

/** Which values map to the ends of the ramp, and how (a colour scale without its colours). */
export interface ColourRange {
  readonly mode: ColourMode;
  /** Loss at the low end of the ramp. */
  readonly lo: number;
  /** Loss at the high end of the ramp. */
  readonly hi: number;
  /** Irreducible loss E, used by 'log-reducible'. */
  readonly E: number;
}

/** The colour scale of one heatmap: its range and the colour map the ramp is drawn in. */
export interface ColourScale extends ColourRange {
  readonly map: ColourMapName;
}

/** Affine map t = (f(L) - offset) * scale, with f the identity or ln(L - E). */
export interface ColourTransform {
  readonly logReducible: boolean;
  readonly E: number;
  readonly offset: number;
  readonly scale: number;
}

/** Colour of cells whose value is not finite. */
export const INVALID_RGBA = [255, 0, 255, 255] as const;

/** Reduces a colour range to the affine transform both the shader and the CPU twin apply. */
export function colourTransform(scale: ColourRange): ColourTransform {
  const logReducible = scale.mode === 'log-reducible';
  const f = (x: number) => (logReducible ? Math.log(Math.max(x - scale.E, Number.MIN_VALUE)) : x);
  const lo = f(scale.lo);
  const span = f(scale.hi) - lo;
  return { logReducible, E: scale.E, offset: lo, scale: span > 0 ? 1 / span : 0 };
}

/** Ramp position in [0, 1] of one loss value, or NaN for a non-finite value. */
export function rampPosition(value: number, tf: ColourTransform): number {
  if (!Number.isFinite(value)) return Number.NaN;
  const f = tf.logReducible ? Math.log(Math.max(value - tf.E, Number.MIN_VALUE)) : value;
  const t = (f - tf.offset) * tf.scale;
  return Math.min(1, Math.max(0, t));
}

/** LUT index of a ramp position: floor(t * 256), with t = 1 in the last entry. */
export function lutIndex(t: number): number {
  return Math.min(LUT_SIZE - 1, Math.floor(t * LUT_SIZE));
}

/**
 * RGBA image of a surface band, in image orientation: the first image row is the band's last
 * grid row (D grows upward). `values` is row-major with `width` columns; colours come from the
 * LUT of `scale.map`, the table the GPU colour pass is given.
 */
export function colourise(
  values: Float32Array,
  width: number,
  scale: ColourScale,
): Uint8ClampedArray<ArrayBuffer> {
  const lut = colourMapLut(scale.map);
  const tf = colourTransform(scale);
  const rows = values.length / width;
  const out = new Uint8ClampedArray(values.length * 4);
  for (let r = 0; r < rows; r++) {
    const dst = (rows - 1 - r) * width * 4;
    for (let c = 0; c < width; c++) {
      const t = rampPosition(values[r * width + c]!, tf);
      const o = dst + c * 4;
      if (Number.isNaN(t)) {
        out.set(INVALID_RGBA, o);
      } else {
        const k = lutIndex(t) * 4;
        out[o] = lut[k]!;
        out[o + 1] = lut[k + 1]!;
        out[o + 2] = lut[k + 2]!;
        out[o + 3] = 255;
      }
    }
  }
  return out;
}
