/**
 * The sweep designer's map in pixels: log10 of every candidate's variance reduction per FLOP as
 * an RGBA image over (N, D) in log-log axes (a 'budgets-sizes' grid is rasterised into (N, D)),
 * decade ticks, isoFLOP lines, the budget line, the current runs, the planned runs of up to three
 * plans, the best cell per FLOP within the budget, the colour legend, an inverse for hover and
 * the cells as CSV. Pure, no DOM.
 */
import { quickselect } from 'd3';
import { type ColourRange, colourise } from '../../colour/colour-map';
import { type ColourMapName, DEFAULT_COLOUR_MAP } from '../../colour/colour-maps';
import { CSV_EOL, significant } from '../../export/csv';
import {
  bestCellWithin,
  type CandidateAxes,
  type CandidateGrid,
  candidateAt,
  candidateAxes,
  candidateFlops,
  type DesignPlan,
} from '../../fit/design';
import { type LogView, viewRect } from './axes';
import { clipSegment, type PixelBox, type Point } from './clip';
import { formatScientific } from './format';
import type { MapFrame } from './identifiability-map';
import { isoFlopLines } from './isoflop';
import { mapGradientStops } from './legend';
import {
  type AxisScale,
  type AxisTick,
  circlesPath,
  dotsPath,
  linearScale,
  log10Axis,
  paddedExtent,
} from './scatter';
import { sweepLegendTicks } from './sweep-image';

/** The default frame of the design map (the right margin holds the colour legend). */
export const DESIGN_MAP_FRAME: MapFrame = {
  width: 600,
  height: 440,
  margin: { top: 14, right: 96, bottom: 40, left: 58 },
};

/** The percentiles of the in-budget cells that set the ends of the colour ramp. */
export const COLOUR_PERCENTILES = [0.01, 0.99] as const;

/** The cells' values and what the colours and marks are derived from. */
export interface DesignMapData {
  readonly grid: CandidateGrid;
  readonly reductions: Float64Array;
  /** k N D of every cell, row-major. */
  readonly flops: Float64Array;
  /** log10(reduction / flops): -Infinity where the reduction is 0, NaN where it is not finite. */
  readonly values: Float32Array;
  readonly budgetFlops: number;
  /**
   * The colour range in log10 reduction per FLOP: the 1st to 99th percentile of the in-budget
   * cells with a positive reduction ('all' cells when none is in budget, 'none' without any).
   */
  readonly range: {
    readonly lo: number;
    readonly hi: number;
    readonly from: 'in-budget' | 'all' | 'none';
  };
  /** Index of the cell with the largest reduction per FLOP within the budget, or -1. */
  readonly best: number;
  /** Cells with a value (drawn): all but those with a non-finite reduction. */
  readonly cellsDrawn: number;
}

/**
 * The p-quantile of `a` (linear between order statistics, as d3.quantile), reordering `a` in
 * place by quickselect: O(n), where d3.quantile's copy takes ten times longer on 1M cells.
 * 0 for an empty array.
 */
function quantileInPlace(a: Float64Array, p: number): number {
  if (a.length === 0) return 0;
  const h = (a.length - 1) * p;
  const i = Math.floor(h);
  quickselect(a, i);
  const lo = a[i]!;
  if (h === i) return lo;
  let next = Number.POSITIVE_INFINITY;
  for (let j = i + 1; j < a.length; j++) if (a[j]! < next) next = a[j]!;
  return lo + (h - i) * (next - lo);
}

/** Values, colour range and best cell of `reductions` (row-major, as candidateReductions returns). */
export function designMapData(
  grid: CandidateGrid,
  reductions: Float64Array,
  budgetFlops: number,
): DesignMapData {
  const n = grid.width * grid.height;
  if (reductions.length !== n)
    throw new RangeError(`the map has ${reductions.length} reductions, the grid ${n} cells`);
  const flops = candidateFlops(grid);
  const values = new Float32Array(n);
  const inBudget = new Float64Array(n);
  const all = new Float64Array(n);
  let nIn = 0;
  let nAll = 0;
  let drawn = 0;
  for (let i = 0; i < n; i++) {
    const r = reductions[i]!;
    if (!Number.isFinite(r)) {
      values[i] = Number.NaN;
      continue;
    }
    drawn++;
    if (r <= 0) {
      values[i] = Number.NEGATIVE_INFINITY;
      continue;
    }
    const v = Math.log10(r / flops[i]!);
    values[i] = v;
    all[nAll++] = v;
    if (flops[i]! <= budgetFlops) inBudget[nIn++] = v;
  }
  const from = nIn > 0 ? 'in-budget' : nAll > 0 ? 'all' : 'none';
  const pool = nIn > 0 ? inBudget.subarray(0, nIn) : all.subarray(0, nAll);
  let lo = quantileInPlace(pool, COLOUR_PERCENTILES[0]);
  let hi = quantileInPlace(pool, COLOUR_PERCENTILES[1]);
  if (!(hi > lo)) {
    lo -= 0.5;
    hi += 0.5;
  }
  return {
    grid,
    reductions,
    flops,
    values,
    budgetFlops,
    range: { lo, hi, from },
    best: bestCellWithin(reductions, flops, budgetFlops),
    cellsDrawn: drawn,
  };
}

/** Log step of a one-column (or one-row) axis: a tenth of a decade. */
const DEGENERATE_STEP = Math.LN10 / 10;

/** The grid's axes with a non-zero step along each side, for inverting pixels into cells. */
function rasterAxes(grid: CandidateGrid): CandidateAxes {
  const a = candidateAxes(grid);
  const nCol = a.nCol || DEGENERATE_STEP;
  const dRow = a.dRow || DEGENERATE_STEP;
  return { ...a, nCol, dRow, dCol: grid.kind === 'nd' ? a.dCol : -nCol };
}

/** Natural-log extent of the grid's cells (half a cell beyond the end centres). */
function cellBox(grid: CandidateGrid, a: CandidateAxes) {
  let n0 = Number.POSITIVE_INFINITY;
  let n1 = Number.NEGATIVE_INFINITY;
  let d0 = Number.POSITIVE_INFINITY;
  let d1 = Number.NEGATIVE_INFINITY;
  for (const c of [-0.5, grid.width - 0.5])
    for (const r of [-0.5, grid.height - 0.5]) {
      const lnN = a.lnN0 + c * a.nCol + r * a.nRow;
      const lnD = a.lnD0 + c * a.dCol + r * a.dRow;
      n0 = Math.min(n0, lnN);
      n1 = Math.max(n1, lnN);
      d0 = Math.min(d0, lnD);
      d1 = Math.max(d1, lnD);
    }
  return { n0, n1, d0, d1 };
}

/** One planned run (or the best cell) in pixels. */
export interface DesignMark {
  readonly x: number;
  readonly y: number;
  readonly N: number;
  readonly D: number;
  /** SVG path data of its marker. */
  readonly d: string;
}

/** The candidate under a pixel, for the hover readout. */
export interface DesignCell {
  readonly col: number;
  readonly row: number;
  readonly N: number;
  readonly D: number;
  readonly flops: number;
  readonly reduction: number;
  readonly reductionPerFlop: number;
  readonly overBudget: boolean;
}

/** A line with its label, in pixels. */
export interface DesignLine {
  readonly d: string;
  readonly label: string;
  readonly log10C: number;
  readonly labelAt: { readonly x: number; readonly y: number };
}

/** The design map in pixels (SVG coordinates of the whole frame). */
export interface DesignMap {
  readonly frame: MapFrame;
  /** The log10 N by log10 D rectangle the plot shows. */
  readonly view: LogView;
  readonly plot: PixelBox;
  readonly xTicks: AxisTick[];
  readonly yTicks: AxisTick[];
  /** Where the raster lies and its resolution (at most the grid's and the pixels'). */
  readonly image: PixelBox & {
    readonly cols: number;
    readonly rows: number;
  };
  readonly isoflops: DesignLine[];
  /** The isoFLOP line of the budget (cells above it cost more), when it crosses the plot. */
  readonly budget: DesignLine | undefined;
  /** The current runs as one dots path. */
  readonly runs: { readonly d: string; readonly count: number };
  /** One mark per planned run of the designer plan(s). */
  readonly picks: DesignMark[];
  /** Cells picked more than once: where to write the count. */
  readonly pickCounts: { readonly x: number; readonly y: number; readonly count: number }[];
  readonly classic: DesignMark[];
  readonly random: DesignMark[];
  readonly best: (DesignMark & { readonly col: number; readonly row: number }) | undefined;
  readonly legend: {
    readonly x: number;
    readonly y: number;
    readonly width: number;
    readonly height: number;
    readonly stops: { offset: number; colour: string }[];
    readonly ticks: { readonly y: number; readonly label: string }[];
  };
  /** Pixel of (N, D). */
  at(N: number, D: number): Point;
  /** The candidate cell under SVG pixel (x, y), or undefined outside the grid. */
  cellAt(x: number, y: number): DesignCell | undefined;
}

const PICK_R = 4;
const MARK_R = 4.5;
const BEST_R = 9;
const LEGEND_BAR = 12;

function squarePath(x: number, y: number, r: number): string {
  const f = (v: number) => v.toFixed(1);
  return `M${f(x - r)},${f(y - r)}h${f(2 * r)}v${f(2 * r)}h${f(-2 * r)}Z`;
}

function crossPath(x: number, y: number, r: number): string {
  const f = (v: number) => v.toFixed(1);
  return `M${f(x - r)},${f(y - r)}l${f(2 * r)},${f(2 * r)}M${f(x - r)},${f(y + r)}l${f(2 * r)},${f(-2 * r)}`;
}

function invert(scale: AxisScale, r0: number, r1: number, px: number): number {
  const [d0, d1] = scale.domain;
  return d0 + ((px - r0) / (r1 - r0)) * (d1 - d0);
}

/** What the map draws over the cells. */
export interface DesignMapOverlays {
  /** The current runs. */
  readonly runs?: readonly { readonly N: number; readonly D: number }[];
  /** Up to three plans (more are ignored). */
  readonly plans?: readonly DesignPlan[];
  readonly frame?: MapFrame;
  /** The colour map of the legend (and of the image drawn with it). */
  readonly colourMap?: ColourMapName;
}

/**
 * The geometry of the map of `data`, with the current runs and up to three plans ('designer'
 * picks filled, 'classic' open squares, 'random' crosses). The axes span the grid's cells, the
 * runs and the planned runs, padded by 4% in log10.
 */
export function designMapChart(data: DesignMapData, overlays: DesignMapOverlays = {}): DesignMap {
  const { grid } = data;
  const runs = overlays.runs ?? [];
  const frame = overlays.frame ?? DESIGN_MAP_FRAME;
  const shownPlans = (overlays.plans ?? []).slice(0, 3);
  const axes = candidateAxes(grid);
  const ra = rasterAxes(grid);
  const box = cellBox(grid, ra);
  const points = [...runs, ...shownPlans.flatMap((p) => p.runs)];
  const [n0, n1] = paddedExtent(
    [box.n0 / Math.LN10, box.n1 / Math.LN10, ...points.map((p) => Math.log10(p.N))],
    0.04,
  );
  const [d0, d1] = paddedExtent(
    [box.d0 / Math.LN10, box.d1 / Math.LN10, ...points.map((p) => Math.log10(p.D))],
    0.04,
  );
  const view: LogView = { log10NMin: n0, log10NMax: n1, log10DMin: d0, log10DMax: d1 };
  const { width, height, margin } = frame;
  const left = margin.left;
  const right = width - margin.right;
  const top = margin.top;
  const bottom = height - margin.bottom;
  const xs = linearScale([n0, n1], left, right);
  const ys = linearScale([d0, d1], bottom, top);
  const at = (N: number, D: number): Point => [xs(Math.log10(N)), ys(Math.log10(D))];
  const px = (p: Point): Point => [xs(p[0]), ys(p[1])];

  const ix0 = xs(box.n0 / Math.LN10);
  const ix1 = xs(box.n1 / Math.LN10);
  const iy0 = ys(box.d1 / Math.LN10);
  const iy1 = ys(box.d0 / Math.LN10);
  // Cell boundaries run along both steps of each image axis (for 'budgets-sizes' the row
  // boundaries are isoFLOP lines, falling by nCol in ln D across a column), so the grid's own
  // resolution along an axis is its extent over the smaller non-zero step.
  const cells = (span: number, a: number, b: number) =>
    Math.max(1, Math.round(span / Math.min(Math.abs(a) || Infinity, Math.abs(b) || Infinity)));
  const image = {
    x: ix0,
    y: iy0,
    width: ix1 - ix0,
    height: iy1 - iy0,
    cols: Math.max(1, Math.min(Math.ceil(ix1 - ix0), cells(box.n1 - box.n0, ra.nCol, ra.nRow))),
    rows: Math.max(1, Math.min(Math.ceil(iy1 - iy0), cells(box.d1 - box.d0, ra.dRow, ra.dCol))),
  };

  const k = Math.exp(axes.lnK);
  const line = (log10C: number, label: string, from: Point, to: Point): DesignLine => {
    const [x0, y0] = px(from);
    const [x1, y1] = px(to);
    return {
      d: `M${x0.toFixed(2)},${y0.toFixed(2)}L${x1.toFixed(2)},${y1.toFixed(2)}`,
      label,
      log10C,
      labelAt: { x: x0 + 4, y: y0 - 3 },
    };
  };
  const isoflops = isoFlopLines(view, k).map((l) =>
    line(l.log10C, formatScientific(10 ** l.log10C), l.from, l.to),
  );
  let budget: DesignLine | undefined;
  if (data.budgetFlops > 0 && Number.isFinite(data.budgetFlops)) {
    const rect = viewRect(view);
    const s = Math.log10(data.budgetFlops / k);
    const clipped = clipSegment([rect.x0, s - rect.x0], [rect.x1, s - rect.x1], rect);
    if (clipped) {
      const b = line(
        Math.log10(data.budgetFlops),
        `budget ${formatScientific(data.budgetFlops)}`,
        ...clipped,
      );
      const [x1, y1] = px(clipped[1]);
      budget = { ...b, labelAt: { x: x1 - 3, y: y1 + 12 } };
    }
  }

  const mark = (N: number, D: number, path: (x: number, y: number) => string): DesignMark => {
    const [x, y] = at(N, D);
    return { x, y, N, D, d: path(x, y) };
  };
  const ofKind = (kind: DesignPlan['kind']) =>
    shownPlans.filter((p) => p.kind === kind).flatMap((p) => p.runs);
  const picks = ofKind('designer').map((r) =>
    mark(r.N, r.D, (x, y) => circlesPath([[x, y]], PICK_R)),
  );
  const counts = new Map<string, { x: number; y: number; count: number }>();
  for (const p of picks) {
    const key = `${p.N},${p.D}`;
    const c = counts.get(key);
    if (c) c.count++;
    else counts.set(key, { x: p.x, y: p.y, count: 1 });
  }
  const bestCell =
    data.best >= 0
      ? (() => {
          const col = data.best % grid.width;
          const row = Math.floor(data.best / grid.width);
          const c = candidateAt(axes, col, row);
          return { ...mark(c.N, c.D, (x, y) => circlesPath([[x, y]], BEST_R)), col, row };
        })()
      : undefined;

  const scale: ColourRange = { mode: 'linear', lo: data.range.lo, hi: data.range.hi, E: 0 };
  const lx = right + 16;
  const lh = bottom - top;
  const legendTicks = sweepLegendTicks(scale, (v) => formatScientific(10 ** v)).map((t) => ({
    y: top + (1 - t.t) * lh,
    label: t.label,
  }));

  const runPoints = runs.filter((r) => r.N > 0 && r.D > 0).map((r) => at(r.N, r.D));
  const det = ra.nCol * ra.dRow - ra.nRow * ra.dCol;
  const cellAt = (x: number, y: number): DesignCell | undefined => {
    const lnN = invert(xs, left, right, x) * Math.LN10 - ra.lnN0;
    const lnD = invert(ys, bottom, top, y) * Math.LN10 - ra.lnD0;
    const col = Math.round((ra.dRow * lnN - ra.nRow * lnD) / det);
    const row = Math.round((ra.nCol * lnD - ra.dCol * lnN) / det);
    if (!(col >= 0 && row >= 0 && col < grid.width && row < grid.height)) return undefined;
    const i = row * grid.width + col;
    const c = candidateAt(axes, col, row);
    const reduction = data.reductions[i]!;
    const flops = data.flops[i]!;
    return {
      col,
      row,
      N: c.N,
      D: c.D,
      flops,
      reduction,
      reductionPerFlop: reduction / flops,
      overBudget: flops > data.budgetFlops,
    };
  };

  return {
    frame,
    view,
    plot: { x: left, y: top, width: right - left, height: bottom - top },
    xTicks: log10Axis(xs),
    yTicks: log10Axis(ys),
    image,
    isoflops,
    budget,
    runs: { d: dotsPath(runPoints), count: runPoints.length },
    picks,
    pickCounts: [...counts.values()].filter((c) => c.count > 1),
    classic: ofKind('classic').map((r) => mark(r.N, r.D, (x, y) => squarePath(x, y, MARK_R))),
    random: ofKind('random').map((r) => mark(r.N, r.D, (x, y) => crossPath(x, y, MARK_R))),
    best: bestCell,
    legend: {
      x: lx,
      y: top,
      width: LEGEND_BAR,
      height: lh,
      stops: mapGradientStops(overlays.colourMap ?? DEFAULT_COLOUR_MAP),
      ticks: legendTicks,
    },
    at,
    cellAt,
  };
}

/** Bytes per RGBA pixel and the alpha byte's place. */
const RGBA = 4;
const ALPHA = 3;

/** The raster of the map: RGBA bytes, `cols` x `rows`, first row at the largest D. */
export interface DesignMapImage {
  readonly rgba: Uint8ClampedArray<ArrayBuffer>;
  readonly cols: number;
  readonly rows: number;
}

/**
 * The map's RGBA image at `chart.image`'s resolution: every pixel takes the cell nearest to its
 * centre in (column, row), found by inverting the grid's affine axes (for 'budgets-sizes' the
 * row is the budget C = k N D of the pixel), coloured by the cell's log10 reduction per FLOP
 * through `colourMap` over `data.range`. Pixels outside the grid and cells without a value are
 * transparent; cells with zero reduction take the lowest colour; cells over the budget are grey
 * (lighter where the value is higher). No allocation per pixel.
 */
export function designMapImage(
  data: DesignMapData,
  chart: Pick<DesignMap, 'image'>,
  colourMap: ColourMapName,
): DesignMapImage {
  const { grid } = data;
  const { cols, rows } = chart.image;
  const ra = rasterAxes(grid);
  const box = cellBox(grid, ra);
  const det = ra.nCol * ra.dRow - ra.nRow * ra.dCol;
  // Fractional (col, row) = per-column term + per-row term.
  const colOfN = new Float64Array(cols);
  const rowOfN = new Float64Array(cols);
  for (let i = 0; i < cols; i++) {
    const dn = box.n0 + ((i + 0.5) * (box.n1 - box.n0)) / cols - ra.lnN0;
    colOfN[i] = (ra.dRow * dn) / det;
    rowOfN[i] = (-ra.dCol * dn) / det;
  }
  const values = new Float32Array(cols * rows);
  // 0: no cell, 1: in budget, 2: over budget.
  const state = new Uint8Array(cols * rows);
  const lo = data.range.lo;
  for (let j = 0; j < rows; j++) {
    const dd = box.d0 + ((j + 0.5) * (box.d1 - box.d0)) / rows - ra.lnD0;
    const colOfD = (-ra.nRow * dd) / det;
    const rowOfD = (ra.nCol * dd) / det;
    const o = j * cols;
    for (let i = 0; i < cols; i++) {
      const col = Math.round(colOfN[i]! + colOfD);
      const row = Math.round(rowOfN[i]! + rowOfD);
      if (col < 0 || row < 0 || col >= grid.width || row >= grid.height) {
        values[o + i] = Number.NaN;
        continue;
      }
      const cell = row * grid.width + col;
      const v = data.values[cell]!;
      if (Number.isNaN(v)) {
        values[o + i] = Number.NaN;
        continue;
      }
      values[o + i] = v === Number.NEGATIVE_INFINITY ? lo : v;
      state[o + i] = data.flops[cell]! > data.budgetFlops ? 2 : 1;
    }
  }
  const rgba = colourise(values, cols, {
    mode: 'linear',
    lo,
    hi: data.range.hi,
    E: 0,
    map: colourMap,
  });
  for (let j = 0; j < rows; j++) {
    const src = j * cols;
    const dst = (rows - 1 - j) * cols * RGBA;
    for (let i = 0; i < cols; i++) {
      const s = state[src + i]!;
      const p = dst + i * RGBA;
      if (s === 0) rgba[p + ALPHA] = 0;
      else if (s === 2) {
        const lum = 0.3 * rgba[p]! + 0.59 * rgba[p + 1]! + 0.11 * rgba[p + 2]!;
        const grey = 170 + 0.3 * lum;
        rgba[p] = grey;
        rgba[p + 1] = grey;
        rgba[p + 2] = grey;
      }
    }
  }
  return { rgba, cols, rows };
}

/** Column names of the cells' CSV. */
export const DESIGN_MAP_CSV_HEADER = [
  'N',
  'D',
  'flops',
  'reduction',
  'reduction_per_flop',
] as const;

/**
 * The cells as CSV, in pieces (the header, then one piece per grid row), row-major like the
 * reductions: N, D, k N D, the variance reduction and the reduction per FLOP, at 12
 * significant digits. Pieces keep a 1024 x 1024 map writable as a Blob.
 */
export function designMapCsvParts(
  data: Pick<DesignMapData, 'grid' | 'reductions' | 'flops'>,
): string[] {
  const { grid, reductions, flops } = data;
  const axes = candidateAxes(grid);
  const num = (v: number) => (Number.isFinite(v) ? String(significant(v)) : '');
  const parts = [DESIGN_MAP_CSV_HEADER.join(',') + CSV_EOL];
  for (let row = 0; row < grid.height; row++) {
    const lines: string[] = [];
    for (let col = 0; col < grid.width; col++) {
      const i = row * grid.width + col;
      const c = candidateAt(axes, col, row);
      const r = reductions[i]!;
      lines.push(
        `${num(c.N)},${num(c.D)},${num(flops[i]!)},${num(r)},${num(r / flops[i]!)}${CSV_EOL}`,
      );
    }
    parts.push(lines.join(''));
  }
  return parts;
}
