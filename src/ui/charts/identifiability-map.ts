/**
 * The identifiability map of alpha and beta in pixels: the axes, the RGBA image of the profile
 * statistic (one pixel per cell, drawn stretched over the plot), the outline of the joint 95%
 * region along the cell edges, the bootstrap replicas' (alpha, beta) as dots, the best fit
 * as a cross, and the basins (the cells the fit's free starts converged into) as circles sized
 * by count with their legend line. Pure, no DOM.
 */
import { colourise } from '../../colour/colour-map';
import type { ColourMapName } from '../../colour/colour-maps';
import type { Basins, ProfileMap } from '../../fit/identifiability';
import { profileStatistic } from '../../fit/identifiability-region';
import type { PixelBox } from './clip';
import { type AxisTick, dotsPath, fixedForStep, linearAxis, linearScale } from './scatter';

/** The drawing area of the map. */
export interface MapFrame {
  readonly width: number;
  readonly height: number;
  readonly margin: {
    readonly top: number;
    readonly right: number;
    readonly bottom: number;
    readonly left: number;
  };
}

/** The map in pixels. */
export interface MapChart {
  readonly xTicks: AxisTick[];
  readonly yTicks: AxisTick[];
  /** Where the image of the cells lies (cell centres at the grid values, half a cell beyond). */
  readonly image: PixelBox;
  /** One cell's size in pixels. */
  readonly cell: { readonly width: number; readonly height: number };
  /** The region's boundary as cell edges, one SVG path ('' when the region is empty). */
  readonly outline: string;
  /** The replicas inside the plot, as one dots path. */
  readonly dots: string;
  readonly dotCount: number;
  readonly best: { readonly x: number; readonly y: number };
}

/** The default frame of the panel's map. */
export const MAP_FRAME: MapFrame = {
  width: 360,
  height: 320,
  margin: { top: 10, right: 12, bottom: 36, left: 48 },
};

/** Half a step beyond the first and last grid values: the edges of the end cells. */
function cellEdges(values: Float64Array): [number, number] {
  const n = values.length;
  const step = (values[n - 1]! - values[0]!) / (n - 1);
  return [values[0]! - step / 2, values[n - 1]! + step / 2];
}

/**
 * The geometry of `map` in `frame`, with the replica cloud `replicas` ((alpha, beta) pairs)
 * and the best fit at `best`. Beta grows upward; row j of the map is drawn at beta_j.
 */
export function identifiabilityChart(
  map: Pick<ProfileMap, 'alphas' | 'betas' | 'region'>,
  replicas: readonly (readonly [number, number])[],
  best: { readonly alpha: number; readonly beta: number },
  frame: MapFrame = MAP_FRAME,
): MapChart {
  const { width, height, margin } = frame;
  const [a0, a1] = cellEdges(map.alphas);
  const [b0, b1] = cellEdges(map.betas);
  const x = linearScale([a0, a1], margin.left, width - margin.right);
  const y = linearScale([b0, b1], height - margin.bottom, margin.top);
  const nx = map.alphas.length;
  const ny = map.betas.length;
  const cw = (width - margin.left - margin.right) / nx;
  const ch = (height - margin.top - margin.bottom) / ny;
  const inside = (i: number, j: number) =>
    i >= 0 && j >= 0 && i < nx && j < ny && map.region[j * nx + i] === 1;
  const edges: string[] = [];
  const r = (v: number) => Math.round(v * 100) / 100;
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      if (!inside(i, j)) continue;
      const left = r(margin.left + i * cw);
      const right = r(margin.left + (i + 1) * cw);
      const bottom = r(height - margin.bottom - j * ch);
      const top = r(height - margin.bottom - (j + 1) * ch);
      if (!inside(i - 1, j)) edges.push(`M${left},${top}V${bottom}`);
      if (!inside(i + 1, j)) edges.push(`M${right},${top}V${bottom}`);
      if (!inside(i, j - 1)) edges.push(`M${left},${bottom}H${right}`);
      if (!inside(i, j + 1)) edges.push(`M${left},${top}H${right}`);
    }
  }
  const shown = replicas.filter(([a, b]) => a >= a0 && a <= a1 && b >= b0 && b <= b1);
  const format = (v: number, step: number) => fixedForStep(v, step);
  return {
    xTicks: linearAxis(x, 5, format),
    yTicks: linearAxis(y, 5, format),
    image: { x: margin.left, y: margin.top, width: cw * nx, height: ch * ny },
    cell: { width: cw, height: ch },
    outline: edges.join(''),
    dots: dotsPath(shown.map(([a, b]) => [x(a), y(b)] as const)),
    dotCount: shown.length,
    best: { x: x(best.alpha), y: y(best.beta) },
  };
}

/** Bytes per pixel of an RGBA image, and the alpha byte's place among them. */
const RGBA_CHANNELS = 4;
const ALPHA_CHANNEL = 3;

/**
 * The RGBA image of the map (first image row = the last beta row), coloured by
 * log10(1 + statistic) of each cell against the map's minimum through `colourMap`; cells whose
 * profile fit did not converge are transparent.
 */
export function identifiabilityImage(
  map: Pick<ProfileMap, 'alphas' | 'objective' | 'converged' | 'minimum' | 'scale'>,
  colourMap: ColourMapName,
): Uint8ClampedArray<ArrayBuffer> {
  const n = map.objective.length;
  const values = new Float32Array(n);
  let hi = 0;
  for (let k = 0; k < n; k++) {
    const s = map.converged[k]
      ? Math.log10(1 + Math.max(0, profileStatistic(map.objective[k]!, map.minimum, map.scale)))
      : Number.NaN;
    values[k] = Number.isFinite(s) ? s : Number.NaN;
    if (Number.isFinite(s) && s > hi) hi = s;
  }
  const width = map.alphas.length;
  const rgba = colourise(values, width, {
    mode: 'linear',
    lo: 0,
    hi: hi || 1,
    E: 0,
    map: colourMap,
  });
  const rows = n / width;
  for (let k = 0; k < n; k++) {
    if (Number.isFinite(values[k]!)) continue;
    const r = Math.floor(k / width);
    // The pixel's alpha byte: a cell that did not converge is transparent.
    rgba[((rows - 1 - r) * width + (k % width)) * RGBA_CHANNELS + ALPHA_CHANNEL] = 0;
  }
  return rgba;
}

/** One basin cell's mark: a circle at the cell's centre, its area proportional to the count. */
export interface BasinMark {
  readonly x: number;
  readonly y: number;
  readonly r: number;
  readonly count: number;
  /** The count as a label, on the most visited cells only. */
  readonly label?: string;
}

/** Radii of the basin circles: the most visited cell gets `max`, every visited cell at least `min`. */
export const BASIN_RADIUS = { min: 2, max: 9 } as const;

/** Least distance in pixels between two labelled basin marks (closer ones go unlabelled). */
const LABEL_GAP = 20;

/**
 * The basin marks of `basins` on the map's cells (row-major counts like the map), most visited
 * first; up to `labelled` of the most visited cells carry their count, skipping any closer than
 * LABEL_GAP pixels to a labelled one (neighbouring cells would print over each other).
 */
export function basinMarks(
  map: Pick<ProfileMap, 'alphas' | 'betas'>,
  basins: Pick<Basins, 'counts'>,
  frame: MapFrame = MAP_FRAME,
  labelled = 3,
): BasinMark[] {
  const nx = map.alphas.length;
  const ny = map.betas.length;
  const { width, height, margin } = frame;
  const cw = (width - margin.left - margin.right) / nx;
  const ch = (height - margin.top - margin.bottom) / ny;
  let most = 0;
  const visited: number[] = [];
  basins.counts.forEach((c, k) => {
    if (c === 0) return;
    visited.push(k);
    most = Math.max(most, c);
  });
  visited.sort((p, q) => basins.counts[q]! - basins.counts[p]! || p - q);
  const r = (v: number) => Math.round(v * 100) / 100;
  const labels: { x: number; y: number }[] = [];
  return visited.map((k, rank) => {
    const count = basins.counts[k]!;
    const x = r(margin.left + ((k % nx) + 0.5) * cw);
    const y = r(height - margin.bottom - (Math.floor(k / nx) + 0.5) * ch);
    const radius = Math.max(BASIN_RADIUS.min, BASIN_RADIUS.max * Math.sqrt(count / most));
    const clear = labels.every((l) => Math.hypot(l.x - x, l.y - y) >= LABEL_GAP);
    const label = rank < labelled && clear;
    if (label) labels.push({ x, y });
    return { x, y, r: r(radius), count, ...(label ? { label: String(count) } : {}) };
  });
}

/**
 * The legend line of the basins: how many starts converged into how many cells, the most
 * visited cell, and the starts that converged outside the grid or did not converge.
 */
export function basinLegend(basins: Basins): string {
  const cells = basins.counts.reduce((n, c) => n + (c > 0 ? 1 : 0), 0);
  const inside = basins.converged - basins.outside;
  const parts = [
    `${inside} of ${basins.starts} starts converged into ${cells} cell${cells === 1 ? '' : 's'} of the grid`,
  ];
  const top = basins.top[0];
  if (top) {
    parts.push(
      `the most visited (alpha ${top.alpha.toFixed(3)}, beta ${top.beta.toFixed(3)}) holds ${top.count}`,
    );
  }
  if (basins.outside > 0)
    parts.push(`${basins.outside} converged outside the grid (alpha or beta beyond its range)`);
  const failed = basins.starts - basins.converged;
  if (failed > 0) parts.push(`${failed} did not converge`);
  return `${parts.join('; ')}.`;
}
