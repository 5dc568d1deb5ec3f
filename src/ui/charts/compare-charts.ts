/**
 * The Compare view's two charts as geometry: each series' compute-optimal loss L*(C) with its
 * bootstrap band, and each series' effective compute multiplier m(C) against the reference with
 * its paired band. Budgets inside the runs are drawn solid, extrapolations dashed; where the
 * reference cannot match at all the multiplier curve stops, and the budget it stops at is
 * marked. Pure, no DOM: numbers come from src/law (lossBand, compareWithReference).
 */
import type { LossBandPoint } from '../../law/compare-curves';
import type { CompareRow, SeriesComparison } from '../../law/recipe-compare';
import {
  type AxisScale,
  type AxisTick,
  linearAxis,
  linearScale,
  log10Axis,
  paddedExtent,
} from './scatter';

/**
 * Colours of the series, the reference first: near-black for the reference, then the
 * colour-blind-safe palette of Okabe and Ito (2008) without its yellow, then a brown; past eight
 * series the colours repeat with a dash pattern of their own.
 */
const SERIES_COLOURS = [
  '#1d2330',
  '#0072b2',
  '#d55e00',
  '#009e73',
  '#cc79a7',
  '#e69f00',
  '#56b4e9',
  '#8c6d1f',
] as const;

/** The colour of the series at `index` (0 is the reference). */
export function seriesColour(index: number): string {
  return SERIES_COLOURS[index % SERIES_COLOURS.length]!;
}

/** A dash pattern telling apart series that share a colour (none for the first eight). */
export function seriesDash(index: number): string | undefined {
  const round = Math.floor(index / SERIES_COLOURS.length);
  return round === 0 ? undefined : ['6 2', '2 2', '8 2 2 2'][(round - 1) % 3];
}

/** One stretch of a curve, inside or beyond the data. */
export interface CurveSegment {
  readonly path: string;
  readonly extrapolated: boolean;
}

function fmt(v: number): string {
  return Number.isFinite(v) ? String(Math.round(v * 100) / 100) : '0';
}

/**
 * Polylines through consecutive defined points; the stretch between two points is
 * extrapolated when either end is, and a new polyline starts where that changes.
 */
function segments(
  points: readonly ({ x: number; y: number; extrapolated: boolean } | null)[],
): CurveSegment[] {
  const out: CurveSegment[] = [];
  let run: { x: number; y: number }[] = [];
  let kind: boolean | undefined;
  const flush = () => {
    if (run.length >= 2 && kind !== undefined)
      out.push({
        path: `M${run.map((p) => `${fmt(p.x)},${fmt(p.y)}`).join('L')}`,
        extrapolated: kind,
      });
    run = [];
    kind = undefined;
  };
  let a: (typeof points)[number] | undefined;
  for (const b of points) {
    const prev = a;
    a = b;
    if (prev === undefined) continue;
    if (!prev || !b) {
      flush();
      continue;
    }
    const stretch = prev.extrapolated || b.extrapolated;
    if (kind !== undefined && stretch !== kind) flush();
    if (run.length === 0) run.push(prev);
    run.push(b);
    kind = stretch;
  }
  flush();
  return out;
}

/** Closed band polygons over consecutive points with both ends defined. */
function bandPaths(points: readonly ({ x: number; y0: number; y1: number } | null)[]): string[] {
  const out: string[] = [];
  let run: { x: number; y0: number; y1: number }[] = [];
  const flush = () => {
    if (run.length >= 2) {
      const top = run.map((p) => `${fmt(p.x)},${fmt(p.y1)}`).join('L');
      const bottom = [...run]
        .reverse()
        .map((p) => `${fmt(p.x)},${fmt(p.y0)}`)
        .join('L');
      out.push(`M${top}L${bottom}Z`);
    }
    run = [];
  };
  for (const p of points) {
    if (!p) flush();
    else run.push(p);
  }
  flush();
  return out;
}

/** One series on the loss chart. */
export interface LossCurve {
  readonly name: string;
  readonly colour: string;
  readonly dash: string | undefined;
  readonly reference: boolean;
  readonly segments: readonly CurveSegment[];
  readonly bands: readonly string[];
}

/** The loss chart: L*(C) per series against C, log x, linear y. */
export interface LossChart {
  readonly xTicks: AxisTick[];
  readonly yTicks: AxisTick[];
  readonly curves: readonly LossCurve[];
  readonly x: AxisScale;
  readonly y: AxisScale;
}

/**
 * Lays out the loss chart in `width` x `height` pixels. `series` lists each series' name and
 * its L*(C) points over the same budgets, the reference first; `indexOf` gives each series'
 * colour index (by default its place in `series`), so every view colours a series alike.
 */
export function lossChart(
  series: readonly { readonly name: string; readonly points: readonly LossBandPoint[] }[],
  width: number,
  height: number,
  indexOf: (name: string, i: number) => number = (_name, i) => i,
): LossChart {
  const budgets = series[0]?.points.map((p) => Math.log10(p.budget)) ?? [];
  const values = series.flatMap((s) =>
    s.points.flatMap((p) => [p.loss, ...(p.band ? p.band : [])]),
  );
  const x = linearScale(paddedExtent(budgets, 0), 0, width);
  const y = linearScale(paddedExtent(values, 0.04), height, 0);
  return {
    xTicks: log10Axis(x),
    yTicks: linearAxis(y, 5),
    curves: series.map((s, i) => ({
      name: s.name,
      colour: seriesColour(indexOf(s.name, i)),
      dash: seriesDash(indexOf(s.name, i)),
      reference: i === 0,
      segments: segments(
        s.points.map((p) => ({
          x: x(Math.log10(p.budget)),
          y: y(p.loss),
          extrapolated: p.extrapolated,
        })),
      ),
      bands: bandPaths(
        s.points.map((p) =>
          p.band ? { x: x(Math.log10(p.budget)), y0: y(p.band[0]), y1: y(p.band[1]) } : null,
        ),
      ),
    })),
    x,
    y,
  };
}

/** One compared series on the multiplier chart. */
export interface MultiplierCurve {
  readonly name: string;
  readonly colour: string;
  readonly dash: string | undefined;
  readonly segments: readonly CurveSegment[];
  readonly bands: readonly string[];
  /** Where the point fits say the reference cannot match from on, if inside the chart. */
  readonly unbounded: { readonly budget: number; readonly x: number } | null;
  /** Budgets at which the band's upper end is unbounded (drawn to the top edge). */
  readonly openTop: boolean;
}

/** The multiplier chart: m(C) per compared series, log x, log y, with m = 1 marked. */
export interface MultiplierChart {
  readonly xTicks: AxisTick[];
  readonly yTicks: AxisTick[];
  readonly curves: readonly MultiplierCurve[];
  /** The pixel row of m = 1 (no difference), or null if outside the chart. */
  readonly parity: number | null;
  readonly x: AxisScale;
  readonly y: AxisScale;
}

/** Band ends in log10 m; an unbounded upper end sits on the chart's top edge. */
function bandEnds(row: CompareRow, top: number): { lo: number; hi: number; open: boolean } | null {
  const [lo, hi] = row.interval;
  if (lo === null || !(lo > 0)) return null;
  if (hi === null) return { lo: Math.log10(lo), hi: top, open: true };
  return { lo: Math.log10(lo), hi: Math.log10(hi), open: false };
}

/**
 * Lays out the multiplier chart for `comparisons` (each over the same budgets, as
 * compareRecipes gives them), in `width` x `height` pixels. `indexOf` gives each series'
 * colour index (its place among all series, the reference at 0).
 */
export function multiplierChart(
  comparisons: readonly SeriesComparison[],
  indexOf: (series: string) => number,
  width: number,
  height: number,
): MultiplierChart {
  const rows = comparisons.flatMap((c) => c.rows);
  const budgets = comparisons[0]?.rows.map((r) => Math.log10(r.budget)) ?? [];
  // The y range follows the point curves everywhere and the bands within the data only, so a
  // band that widens without bound beyond the runs cannot squash the rest; bands are clipped.
  const logs = rows.flatMap((r) => [
    ...(r.multiplier !== null && r.multiplier > 0 ? [Math.log10(r.multiplier)] : []),
    ...(!r.extrapolated && r.interval[0] !== null && r.interval[0] > 0
      ? [Math.log10(r.interval[0])]
      : []),
    ...(!r.extrapolated && r.interval[1] !== null && r.interval[1] > 0
      ? [Math.log10(r.interval[1])]
      : []),
  ]);
  let [m0, m1] = paddedExtent([...logs, 0], 0.06);
  // Keep at least a factor of ten in view, centred on what is drawn.
  if (m1 - m0 < 1) {
    const mid = (m0 + m1) / 2;
    [m0, m1] = [mid - 0.5, mid + 0.5];
  }
  const x = linearScale(paddedExtent(budgets, 0), 0, width);
  const y = linearScale([m0, m1], height, 0);
  const [c0, c1] = x.domain;
  const curves = comparisons.map((c): MultiplierCurve => {
    const i = indexOf(c.series);
    let openTop = false;
    const bands = bandPaths(
      c.rows.map((r) => {
        const ends = bandEnds(r, m1);
        if (!ends) return null;
        if (ends.open || ends.hi > m1) openTop = true;
        const lo = Math.min(Math.max(ends.lo, m0), m1);
        return { x: x(Math.log10(r.budget)), y0: y(lo), y1: y(Math.min(ends.hi, m1)) };
      }),
    );
    const at = c.unboundedFrom;
    const inside = at !== null && Math.log10(at) >= c0 && Math.log10(at) <= c1;
    return {
      name: c.series,
      colour: seriesColour(i),
      dash: seriesDash(i),
      segments: segments(
        c.rows.map((r) =>
          r.multiplier !== null && r.multiplier > 0
            ? {
                x: x(Math.log10(r.budget)),
                y: y(Math.min(Math.max(Math.log10(r.multiplier), m0), m1)),
                extrapolated: r.extrapolated,
              }
            : null,
        ),
      ),
      bands,
      unbounded: inside ? { budget: at, x: x(Math.log10(at)) } : null,
      openTop,
    };
  });
  return {
    xTicks: log10Axis(x),
    yTicks: multiplierTicks(y),
    curves,
    parity: 0 >= m0 && 0 <= m1 ? y(0) : null,
    x,
    y,
  };
}

/**
 * Ticks of a log10 m axis: 1, 2, 5 steps over up to 2.5 decades, else whole decades (every
 * second or third past eight), labelled "2x", "100x", "1e4x".
 */
function multiplierTicks(y: AxisScale): AxisTick[] {
  const [d0, d1] = y.domain;
  const out: AxisTick[] = [];
  const span = d1 - d0;
  const steps = span > 2.5 ? [1] : [1, 2, 5];
  const every = span > 16 ? 3 : span > 8 ? 2 : 1;
  for (let e = Math.floor(d0) - 1; e <= Math.ceil(d1); e++) {
    if (((e % every) + every) % every !== 0) continue;
    for (const s of steps) {
      const v = Math.log10(s) + e;
      if (v < d0 - 1e-9 || v > d1 + 1e-9) continue;
      const m = s * 10 ** e;
      const label = m >= 1e4 || m < 1e-3 ? `1e${e}×` : `${Number(m.toPrecision(3))}×`;
      out.push({ at: y(v), label, major: s === 1 });
    }
  }
  return out;
}

/** Column names of {@link lossCsvRows}. */
export const LOSS_CSV_HEADER = [
  'series',
  'C_flops',
  'loss',
  'band_lo',
  'band_hi',
  'extrapolated',
] as const;

/** What the loss chart draws, one row per series and budget. */
export function lossCsvRows(
  series: readonly { readonly name: string; readonly points: readonly LossBandPoint[] }[],
): (string | number | boolean)[][] {
  return series.flatMap((s) =>
    s.points.map((p) => [
      s.name,
      p.budget,
      p.loss,
      p.band?.[0] ?? '',
      p.band?.[1] ?? '',
      p.extrapolated,
    ]),
  );
}

/** Column names of {@link compareCsvRows}. */
export const COMPARE_CSV_HEADER = [
  'series',
  'reference',
  'C_flops',
  'multiplier',
  'ci_lo',
  'ci_hi',
  'unbounded',
  'unbounded_share',
  'extrapolated',
  'loss_gap',
  'loss_gap_lo',
  'loss_gap_hi',
  'pairs',
] as const;

/** Comparison rows as CSV cells: an unbounded value or interval end is the word "unbounded". */
export function compareCsvRows(rows: readonly CompareRow[]): (string | number | boolean)[][] {
  const open = (v: number | null) => (v === null ? 'unbounded' : v);
  return rows.map((r) => [
    r.series,
    r.reference,
    r.budget,
    open(r.multiplier),
    open(r.interval[0]),
    open(r.interval[1]),
    r.unbounded,
    r.unboundedShare,
    r.extrapolated,
    r.lossGap,
    r.lossGapInterval?.[0] ?? '',
    r.lossGapInterval?.[1] ?? '',
    r.pairs,
  ]);
}
