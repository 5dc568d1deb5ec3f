/**
 * Colour science for the colour-map tests, written out here so the tests depend on no colour
 * library: 8-bit sRGB -> linear RGB (IEC 61966-2-1) -> CIE XYZ (D65) -> CIELAB, the CIE76
 * colour difference, and dichromat simulation with the matrices of Machado, Oliveira &
 * Fernandes (2009), "A Physiologically-based Model for Simulation of Color Vision Deficiency",
 * IEEE TVCG 15(6), doi:10.1109/TVCG.2009.113, at severity 1.0, applied to linear RGB.
 */

/** A CIELAB colour: L* (0 black to 100 white), a*, b*. */
export type Lab = readonly [number, number, number];

/** How a colour is seen: normal vision or one of the three dichromacies. */
export type Vision = 'normal' | 'protanopia' | 'deuteranopia' | 'tritanopia';

export const VISIONS: readonly Vision[] = ['normal', 'protanopia', 'deuteranopia', 'tritanopia'];

type Matrix = readonly [Vec, Vec, Vec];
type Vec = readonly [number, number, number];

/** Machado et al. 2009, Table 1, severity 1.0 (rows act on linear R, G, B). */
const MACHADO_2009: Readonly<Record<Exclude<Vision, 'normal'>, Matrix>> = {
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3039],
  ],
};

/** Linear sRGB to XYZ, D65 white (IEC 61966-2-1). */
const SRGB_TO_XYZ: Matrix = [
  [0.4124564, 0.3575761, 0.1804375],
  [0.2126729, 0.7151522, 0.072175],
  [0.0193339, 0.119192, 0.9503041],
];

/** D65 reference white. */
const WHITE: Vec = [0.95047, 1, 1.08883];

const apply = (m: Matrix, v: Vec): Vec => [
  m[0][0] * v[0] + m[0][1] * v[1] + m[0][2] * v[2],
  m[1][0] * v[0] + m[1][1] * v[1] + m[1][2] * v[2],
  m[2][0] * v[0] + m[2][1] * v[1] + m[2][2] * v[2],
];

/** An sRGB-encoded channel in [0, 1] to linear light. */
export function srgbToLinear(c: number): number {
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

const DELTA = 6 / 29;
const f = (t: number) => (t > DELTA ** 3 ? Math.cbrt(t) : t / (3 * DELTA * DELTA) + 4 / 29);

/**
 * CIELAB of an sRGB colour given as encoded channels in [0, 1], as seen with `vision`: the
 * dichromat matrix acts on linear RGB and its result is clipped to the display's gamut.
 */
export function labOf(encoded: Vec, vision: Vision = 'normal'): Lab {
  let lin: Vec = [srgbToLinear(encoded[0]), srgbToLinear(encoded[1]), srgbToLinear(encoded[2])];
  if (vision !== 'normal') {
    const sim = apply(MACHADO_2009[vision], lin);
    lin = [clip(sim[0]), clip(sim[1]), clip(sim[2])];
  }
  const [X, Y, Z] = apply(SRGB_TO_XYZ, lin);
  const fx = f(X / WHITE[0]);
  const fy = f(Y / WHITE[1]);
  const fz = f(Z / WHITE[2]);
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}

const clip = (x: number) => Math.min(1, Math.max(0, x));

/** CIE76 colour difference: Euclidean distance in CIELAB. */
export function deltaE76(a: Lab, b: Lab): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

/** The RGB bytes of LUT entry `i` as encoded channels in [0, 1]. */
export function entryOf(lut: Uint8Array, i: number): Vec {
  return [lut[i * 4]! / 255, lut[i * 4 + 1]! / 255, lut[i * 4 + 2]! / 255];
}

/**
 * How far 8-bit rounding can move the L* of an entry: the sum over channels of the largest
 * L* change when that channel moves by half a code value (1/510) either way.
 */
export function lightnessRounding(encoded: Vec, vision: Vision): number {
  const L = labOf(encoded, vision)[0];
  let bound = 0;
  for (let k = 0; k < 3; k++) {
    let worst = 0;
    for (const d of [-0.5 / 255, 0.5 / 255]) {
      const moved = [...encoded] as [number, number, number];
      moved[k] = clip(encoded[k]! + d);
      worst = Math.max(worst, Math.abs(labOf(moved, vision)[0] - L));
    }
    bound += worst;
  }
  return bound;
}
