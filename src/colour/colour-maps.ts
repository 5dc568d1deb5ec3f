/**
 * The colour maps a heatmap can use: the perceptually uniform sequential maps of matplotlib
 * (viridis, magma, inferno, plasma: van der Walt & Smith 2015) and cividis (Nuñez, Anderton &
 * Renslow 2018, optimised for colour-vision deficiency), as d3-scale-chromatic provides them,
 * each turned into a 256-entry RGBA lookup table shared by the GPU colour pass and its CPU twin.
 */
import {
  interpolateCividis,
  interpolateInferno,
  interpolateMagma,
  interpolatePlasma,
  interpolateViridis,
  rgb,
} from 'd3';

/** Entries in the colour lookup table. */
export const LUT_SIZE = 256;

/** The names of the colour maps (also their URL values). */
export type ColourMapName = 'viridis' | 'cividis' | 'magma' | 'inferno' | 'plasma';

/** One colour map: what the user sees, where it comes from, and its ramp. */
export interface ColourMapInfo {
  /** Label for the map picker and the legend. */
  readonly label: string;
  /** Where the map comes from: a short citation, plain text. */
  readonly source: string;
  /** The ramp: a CSS colour for t in [0, 1], dark at 0 and light at 1. */
  readonly interpolate: (t: number) => string;
}

const MATPLOTLIB = 'van der Walt & Smith 2015, matplotlib';

/**
 * The colour maps, in the order the picker lists them. All five keep CIELAB lightness rising
 * along the ramp for normal vision and under simulated protanopia, deuteranopia and tritanopia
 * (test/unit/colour-maps.test.ts measures it).
 */
export const COLOUR_MAPS: Readonly<Record<ColourMapName, ColourMapInfo>> = {
  viridis: { label: 'viridis', source: MATPLOTLIB, interpolate: interpolateViridis },
  cividis: {
    label: 'cividis (for colour-vision deficiency)',
    source: 'Nuñez, Anderton & Renslow 2018, PLOS ONE 13(7): e0199239',
    interpolate: interpolateCividis,
  },
  magma: { label: 'magma', source: MATPLOTLIB, interpolate: interpolateMagma },
  inferno: { label: 'inferno', source: MATPLOTLIB, interpolate: interpolateInferno },
  plasma: { label: 'plasma', source: MATPLOTLIB, interpolate: interpolatePlasma },
};

/** The colour map names, in picker order. */
export const COLOUR_MAP_NAMES = Object.keys(COLOUR_MAPS) as readonly ColourMapName[];

/** The map the app opens on. */
export const DEFAULT_COLOUR_MAP: ColourMapName = 'viridis';

/** True when `name` names a colour map (for untrusted input). */
export function isColourMapName(name: unknown): name is ColourMapName {
  return typeof name === 'string' && Object.hasOwn(COLOUR_MAPS, name);
}

/**
 * A ramp sampled at the centres of LUT_SIZE equal bins, (i + 0.5) / LUT_SIZE, as opaque RGBA
 * bytes. For matplotlib's 256-colour tables this picks each table entry exactly once.
 */
export function lutFromRamp(interpolate: (t: number) => string): Uint8Array {
  const lut = new Uint8Array(LUT_SIZE * 4);
  const byte = (v: number) => Math.min(255, Math.max(0, Math.round(v)));
  for (let i = 0; i < LUT_SIZE; i++) {
    const c = rgb(interpolate((i + 0.5) / LUT_SIZE));
    lut.set([byte(c.r), byte(c.g), byte(c.b), 255], i * 4);
  }
  return lut;
}

const luts = new Map<ColourMapName, Uint8Array>();

/** The LUT of a colour map (built once, then shared: callers must not write to it). */
export function colourMapLut(name: ColourMapName): Uint8Array {
  let lut = luts.get(name);
  if (!lut) {
    lut = lutFromRamp(COLOUR_MAPS[name].interpolate);
    luts.set(name, lut);
  }
  return lut;
}

/** "cividis colour map (Nuñez, Anderton & Renslow 2018, …)": the map and its source, as text. */
export function colourMapCitation(name: ColourMapName): string {
  return `${name} colour map (${COLOUR_MAPS[name].source})`;
}
