/**
 * The colour maps are perceptually ordered and even, for normal vision and for the three
 * dichromacies, measured in CIELAB on the 256-entry LUTs the heatmaps really use.
 *
 * Rules, and why:
 * - Lightness order. L* must rise strictly from each of 32 bands of 8 entries to the next
 *   (33 samples: entries 0, 8, …, 248, 255), for every vision. Single entries are checked
 *   against 8-bit rounding instead of strictly: an 8-bit table repeats colours where the ramp
 *   moves less than a code value per entry (d3's viridis has #26828e at entries 112 and 113,
 *   and #20928c at 129 and 130), so a step between neighbours may fall by as much as rounding
 *   both entries can move L* (computed per entry), and no more.
 * - Distinguishable ends. The first and last entries differ by ΔE76 ≥ 50 for every vision
 *   (one just-noticeable difference is about 2.3; Sharma, Digital Color Imaging Handbook, 2003).
 * - Distinguishable bands. Across 15 equal steps of 17 entries (0, 17, …, 255: about the
 *   legend's 16 stops), every step is at least one JND, ΔE76 ≥ 2.3, for every vision.
 * - Even steps (normal vision). The largest of those 15 steps is at most 3.5 times the smallest.
 *   The maps are uniform in CAM02-UCS, not in CIELAB, whose ΔE76 overstates chroma differences
 *   by up to a factor of about 3 for saturated colours (what the CIEDE2000 chroma weighting
 *   S_C = 1 + 0.045 C* corrects), so a uniform map shows a spread of ΔE76 steps; 3.5 leaves
 *   room for that spread (the widest, inferno, measures 3.08) and fails turbo (8.2). Neighbouring
 *   entries differ by at most ΔE76 3, about one JND plus rounding, so the ramp shows no bands.
 *   Under the simulations only order and distinguishability are required: evenness is the
 *   normal-vision design goal of these maps, not a property they claim for dichromats.
 */
import { interpolateRainbow, interpolateTurbo } from 'd3';
import { describe, expect, it } from 'vitest';
import {
  COLOUR_MAP_NAMES,
  COLOUR_MAPS,
  colourMapCitation,
  colourMapLut,
  DEFAULT_COLOUR_MAP,
  isColourMapName,
  LUT_SIZE,
  lutFromRamp,
} from '../../src/colour/colour-maps';
import { colourCaption } from '../../src/export/surface';
import { DEFAULT_GRID } from '../../src/law/grid';
import { findPreset } from '../../src/law/presets';
import { COLOUR_MAP_CHOICES, DEFAULT_STATE } from '../../src/scenario/state';
import { colourScaleFor, mapGradientStops } from '../../src/ui/charts/legend';
import {
  deltaE76,
  entryOf,
  type Lab,
  labOf,
  lightnessRounding,
  VISIONS,
  type Vision,
} from './colour-lab';

/** What the rules look at, for one LUT seen with one vision. */
interface RampReport {
  readonly lightStart: number;
  readonly lightEnd: number;
  /** Smallest L* rise from one 8-entry band sample to the next. */
  readonly minBandRise: number;
  /** Smallest (L* step + rounding bound of both entries) between neighbours: ≥ 0 passes. */
  readonly entrySlack: number;
  /** ΔE76 from the first entry to the last. */
  readonly endToEnd: number;
  /** Smallest and largest ΔE76 of the 15 steps of 17 entries. */
  readonly minStep: number;
  readonly maxStep: number;
  /** Largest ΔE76 between neighbouring entries. */
  readonly maxNeighbour: number;
}

function report(lut: Uint8Array, vision: Vision): RampReport {
  const entries = Array.from({ length: LUT_SIZE }, (_, i) => entryOf(lut, i));
  const lab: Lab[] = entries.map((e) => labOf(e, vision));
  const rounding = entries.map((e) => lightnessRounding(e, vision));
  const bands = [...Array.from({ length: 32 }, (_, k) => k * 8), 255];
  let minBandRise = Number.POSITIVE_INFINITY;
  for (let k = 1; k < bands.length; k++)
    minBandRise = Math.min(minBandRise, lab[bands[k]!]![0] - lab[bands[k - 1]!]![0]);
  let entrySlack = Number.POSITIVE_INFINITY;
  let maxNeighbour = 0;
  for (let i = 1; i < LUT_SIZE; i++) {
    const rise = lab[i]![0] - lab[i - 1]![0];
    entrySlack = Math.min(entrySlack, rise + rounding[i]! + rounding[i - 1]!);
    maxNeighbour = Math.max(maxNeighbour, deltaE76(lab[i]!, lab[i - 1]!));
  }
  const steps = Array.from({ length: 15 }, (_, j) => deltaE76(lab[17 * j]!, lab[17 * j + 17]!));
  return {
    lightStart: lab[0]![0],
    lightEnd: lab[255]![0],
    minBandRise,
    entrySlack,
    endToEnd: deltaE76(lab[0]!, lab[255]!),
    minStep: Math.min(...steps),
    maxStep: Math.max(...steps),
    maxNeighbour,
  };
}

/** The rules a report breaks (empty: it passes). */
function broken(r: RampReport, vision: Vision): string[] {
  const out: string[] = [];
  if (!(r.minBandRise > 0)) out.push(`L* falls between bands (${r.minBandRise.toFixed(2)})`);
  if (!(r.entrySlack >= 0)) out.push(`L* falls beyond rounding (${r.entrySlack.toFixed(3)})`);
  if (!(r.endToEnd >= 50)) out.push(`ends too close (ΔE76 ${r.endToEnd.toFixed(1)})`);
  if (!(r.minStep >= 2.3)) out.push(`a band step below one JND (ΔE76 ${r.minStep.toFixed(2)})`);
  if (vision === 'normal') {
    const ratio = r.maxStep / r.minStep;
    if (!(ratio <= 3.5)) out.push(`uneven steps (max/min ${ratio.toFixed(2)})`);
    if (!(r.maxNeighbour <= 3)) out.push(`a jump between entries (${r.maxNeighbour.toFixed(2)})`);
  }
  return out;
}

function row(name: string, vision: Vision, r: RampReport): string {
  const cells = [
    name.padEnd(8),
    vision.padEnd(12),
    `L* ${r.lightStart.toFixed(1)}→${r.lightEnd.toFixed(1)}`,
    `min 8-entry L* rise ${r.minBandRise.toFixed(2)}`,
    `entry slack ${r.entrySlack.toFixed(3)}`,
    `ΔE76 ends ${r.endToEnd.toFixed(1)}`,
    `17-entry steps ${r.minStep.toFixed(2)}..${r.maxStep.toFixed(2)} (×${(r.maxStep / r.minStep).toFixed(2)})`,
    `max neighbour ${r.maxNeighbour.toFixed(2)}`,
  ];
  return cells.join(' | ');
}

describe('colour map registry', () => {
  it('lists five maps with labels and sources, viridis first and default', () => {
    expect(COLOUR_MAP_NAMES).toEqual(['viridis', 'cividis', 'magma', 'inferno', 'plasma']);
    expect(DEFAULT_COLOUR_MAP).toBe('viridis');
    expect(DEFAULT_STATE.colourMap).toBe('viridis');
    // The state lists the names itself (without loading d3): same names, same order.
    expect(COLOUR_MAP_CHOICES).toEqual(COLOUR_MAP_NAMES);
    for (const name of COLOUR_MAP_NAMES) {
      expect(COLOUR_MAPS[name].label.startsWith(name)).toBe(true);
      expect(COLOUR_MAPS[name].source).toMatch(/\d{4}/);
    }
    expect(colourMapCitation('cividis')).toMatch(
      /^cividis colour map \(Nuñez, Anderton & Renslow 2018/,
    );
  });

  it('recognises only its own names', () => {
    for (const name of COLOUR_MAP_NAMES) expect(isColourMapName(name)).toBe(true);
    for (const bad of ['jet', 'Viridis', '', 'toString', '__proto__', 'constructor', 7, null])
      expect(isColourMapName(bad)).toBe(false);
  });

  it.each(COLOUR_MAP_NAMES)('%s: 256 opaque entries, built once, dark to light', (name) => {
    const lut = colourMapLut(name);
    expect(lut).toHaveLength(LUT_SIZE * 4);
    for (let i = 0; i < LUT_SIZE; i++) expect(lut[i * 4 + 3]).toBe(255);
    expect(colourMapLut(name)).toBe(lut);
    expect(labOf(entryOf(lut, 0))[0]).toBeLessThan(25);
    expect(labOf(entryOf(lut, 255))[0]).toBeGreaterThan(85);
  });

  it('takes viridis from matplotlib’s table, entry for entry at the ends', () => {
    const lut = colourMapLut('viridis');
    expect([...lut.subarray(0, 4)]).toEqual([0x44, 0x01, 0x54, 255]);
    expect([...lut.subarray(255 * 4, 256 * 4)]).toEqual([0xfd, 0xe7, 0x25, 255]);
    expect(new Set(COLOUR_MAP_NAMES.map((n) => colourMapLut(n).join())).size).toBe(5);
  });
});

describe('where the chosen map shows', () => {
  const law = findPreset('hoffmann2022')!.law;

  it('the scale carries it, the legend gradient and the figure caption follow it', () => {
    const scale = colourScaleFor(law, DEFAULT_GRID, 'log-reducible', 'magma');
    expect(scale.map).toBe('magma');
    expect(colourScaleFor(law, DEFAULT_GRID, 'linear').map).toBe('viridis');
    const lut = colourMapLut('magma');
    const stops = mapGradientStops('magma');
    expect(stops).toHaveLength(16);
    expect(stops[0]!.colour).toBe(`rgb(${lut[0]}, ${lut[1]}, ${lut[2]})`);
    expect(stops[15]!.colour).toBe(`rgb(${lut[1020]}, ${lut[1021]}, ${lut[1022]})`);
    expect(mapGradientStops('viridis')[0]!.colour).not.toBe(stops[0]!.colour);
    expect(colourCaption(scale)).toBe(
      'colour: log(L − E), magma colour map (van der Walt & Smith 2015, matplotlib)',
    );
    expect(colourCaption({ ...scale, mode: 'linear', map: 'cividis' })).toMatch(
      /^colour: linear in L, cividis colour map \(Nuñez, Anderton & Renslow 2018/,
    );
  });
});

describe('perceptual order and evenness (CIELAB, CIE76)', () => {
  const table: string[] = [];

  for (const name of COLOUR_MAP_NAMES) {
    for (const vision of VISIONS) {
      it(`${name}, ${vision}: L* rises, ends and bands stay distinguishable`, () => {
        const r = report(colourMapLut(name), vision);
        table.push(row(name, vision, r));
        expect(broken(r, vision)).toEqual([]);
      });
    }
  }

  it('prints the measured figures', () => {
    expect(table).toHaveLength(COLOUR_MAP_NAMES.length * VISIONS.length);
    console.log(`Colour maps measured (CIELAB D65, CIE76):\n${table.join('\n')}`);
  });
});

describe('the rules bite on maps that are not perceptually ordered', () => {
  const turbo = lutFromRamp(interpolateTurbo);
  const rainbow = lutFromRamp(interpolateRainbow);

  it('prints their figures', () => {
    const rows = VISIONS.flatMap((v) => [
      row('turbo', v, report(turbo, v)),
      row('rainbow', v, report(rainbow, v)),
    ]);
    console.log(`Non-uniform maps, for comparison:\n${rows.join('\n')}`);
  });

  it('turbo: lightness rises then falls, steps are uneven and jump; a protanope sees its ends close', () => {
    const problems = broken(report(turbo, 'normal'), 'normal');
    expect(problems.some((p) => p.startsWith('L* falls between bands'))).toBe(true);
    expect(problems.some((p) => p.startsWith('L* falls beyond rounding'))).toBe(true);
    expect(problems.some((p) => p.startsWith('uneven steps'))).toBe(true);
    expect(problems.some((p) => p.startsWith('a jump between entries'))).toBe(true);
    const protan = broken(report(turbo, 'protanopia'), 'protanopia');
    expect(protan.some((p) => p.startsWith('ends too close'))).toBe(true);
  });

  it('rainbow (cyclic): lightness is not ordered and its ends meet', () => {
    for (const vision of VISIONS) {
      const problems = broken(report(rainbow, vision), vision);
      expect(problems.some((p) => p.startsWith('L* falls between bands'))).toBe(true);
      expect(problems.some((p) => p.startsWith('ends too close'))).toBe(true);
    }
  });

  it('a ramp with too little contrast breaks the JND rules', () => {
    const faint = lutFromRamp((t) => {
      const v = Math.round(120 + 20 * t);
      return `rgb(${v}, ${v}, ${v})`;
    });
    const problems = broken(report(faint, 'normal'), 'normal');
    expect(problems.some((p) => p.startsWith('ends too close'))).toBe(true);
    expect(problems.some((p) => p.startsWith('a band step below one JND'))).toBe(true);
  });

  it('a grey ramp passes under every simulation (the simulations keep neutral greys)', () => {
    const greys = lutFromRamp((t) => {
      const v = Math.round(20 + 230 * t);
      return `rgb(${v}, ${v}, ${v})`;
    });
    for (const vision of VISIONS) {
      const r = report(greys, vision);
      expect(broken(r, vision)).toEqual([]);
      expect(Math.abs(r.lightStart - report(greys, 'normal').lightStart)).toBeLessThan(0.5);
    }
  });
});
