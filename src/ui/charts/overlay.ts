/**
 * Everything the Surface view's SVG overlay draws, in pixels: ticks, isoFLOP lines, iso-loss
 * contours, the frontier and their labels. Pure: the component only turns this into SVG.
 */
import type { ColourScale } from '../../colour/colour-map';
import type { SurfaceGrid } from '../../law/grid';
import type { ScalingLaw } from '../../law/law';
import { decadeTicks, heatmapView, type PlotScales, plotScales, type Tick } from './axes';
import { type Point, polylinePath } from './clip';
import type { ContourLine } from './contours';
import { formatLoss } from './format';
import { frontierPath } from './frontier-path';
import { isoFlopLines } from './isoflop';
import { type LabelRequest, type PlacedLabel, placeLabels } from './labels';

/** A tick in pixels along its axis. */
export interface PixelTick extends Tick {
  readonly at: number;
}

/** One stroked line of the overlay. */
export interface OverlayPath {
  readonly key: string;
  readonly d: string;
}

/** The overlay of one view. */
export interface SurfaceOverlay {
  readonly scales: PlotScales;
  readonly xTicks: PixelTick[];
  readonly yTicks: PixelTick[];
  readonly isoFlops: OverlayPath[];
  readonly contours: OverlayPath[];
  readonly frontier: OverlayPath[];
  /** Frontier points at whole decades of C. */
  readonly frontierMarkers: { key: string; x: number; y: number }[];
  readonly isoFlopLabels: PlacedLabel[];
  readonly contourLabels: PlacedLabel[];
  /** The frontier's own label, if there is room for it. */
  readonly frontierLabel: PlacedLabel | undefined;
}

/** Inputs of {@link surfaceOverlay}. */
export interface OverlayInput {
  readonly law: ScalingLaw;
  readonly grid: SurfaceGrid;
  readonly scale: ColourScale;
  /** Plot area in CSS pixels. */
  readonly width: number;
  readonly height: number;
  /** Contours of the current inputs, if they have arrived. */
  readonly contours?: readonly ContourLine[];
  readonly flopsPerParamToken?: number;
}

/** Maps a polyline in log10 coordinates to pixels. */
export function toPixels(line: readonly Point[], s: PlotScales): Point[] {
  return line.map((p) => [s.x(p[0]), s.y(p[1])] as const);
}

/** Builds the overlay for a plot area of `width` x `height` CSS pixels. */
export function surfaceOverlay(input: OverlayInput): SurfaceOverlay {
  const { law, grid, width, height } = input;
  const view = heatmapView(grid);
  const s = plotScales(view, width, height);
  const xTicks = decadeTicks(grid.log10NMin, grid.log10NMax).map((t) => ({
    ...t,
    at: s.x(t.log10),
  }));
  const yTicks = decadeTicks(grid.log10DMin, grid.log10DMax).map((t) => ({
    ...t,
    at: s.y(t.log10),
  }));

  const iso = isoFlopLines(view, input.flopsPerParamToken).map((l) => ({
    ...l,
    px: toPixels([l.from, l.to], s),
  }));
  const front = frontierPath(law, view, input.flopsPerParamToken);
  const frontierPx = front.lines.map((l) => toPixels(l, s));
  const contourPx = (input.contours ?? []).flatMap((c) =>
    c.lines.map((l, i) => ({ value: c.value, key: `${c.value}:${i}`, px: toPixels(l, s) })),
  );

  const bounds = { width, height, margin: 30 };
  const isoFlopLabels = placeLabels(
    iso.map((l) => ({
      key: String(l.log10C),
      text: l.label,
      line: l.px,
      fractions: [0.86, 0.78, 0.7, 0.62],
    })),
    frontierPx,
    { spacing: 60, clearance: 18, minLength: 90, bounds },
  );
  const contourRequests: LabelRequest[] = contourPx.map((c) => ({
    key: c.key,
    text: formatLoss(c.value, 3),
    line: c.px,
    fractions: [0.22, 0.3, 0.15, 0.38, 0.46],
  }));
  const taken = isoFlopLabels.map((l) => [[l.x, l.y]] as Point[]);
  const contourLabels = placeLabels(contourRequests, [...frontierPx, ...taken], {
    spacing: 44,
    clearance: 40,
    minLength: 60,
    bounds,
  });

  const longest = frontierPx.reduce<Point[] | undefined>(
    (a, b) => (!a || b.length > a.length ? b : a),
    undefined,
  );
  const [frontierLabel] = longest
    ? placeLabels(
        [
          {
            key: 'frontier',
            text: 'compute-optimal',
            line: longest,
            fractions: [0.62, 0.5, 0.74, 0.4],
          },
        ],
        [],
        { spacing: 0, clearance: 0, minLength: 120, bounds: { width, height, margin: 50 } },
      )
    : [];

  return {
    scales: s,
    frontierLabel,
    xTicks,
    yTicks,
    isoFlops: iso.map((l) => ({ key: String(l.log10C), d: polylinePath(l.px) })),
    contours: contourPx.map((c) => ({ key: c.key, d: polylinePath(c.px) })),
    frontier: frontierPx.map((l, i) => ({ key: String(i), d: polylinePath(l) })),
    frontierMarkers: front.markers.map((o) => ({
      key: String(Math.round(Math.log10(o.C))),
      x: s.x(Math.log10(o.N)),
      y: s.y(Math.log10(o.D)),
    })),
    isoFlopLabels,
    contourLabels,
  };
}
