/** Placement of line labels (isoFLOP, contour) so they do not sit on each other. Pure. */
import { type Point, type PointAlong, pointAlong, polylineLength } from './clip';

/** A line that wants a label, in pixel coordinates. */
export interface LabelRequest {
  readonly key: string;
  readonly text: string;
  readonly line: readonly Point[];
  /** Arc-length fractions to try, in order of preference. */
  readonly fractions: readonly number[];
}

/** A placed label: centre, reading angle in degrees, text. */
export interface PlacedLabel extends PointAlong {
  readonly key: string;
  readonly text: string;
}

/** Options for {@link placeLabels}. */
export interface PlacementOptions {
  /** Minimum distance between label centres, in pixels. */
  readonly spacing: number;
  /** Minimum distance from a label centre to any obstacle line, in pixels. */
  readonly clearance: number;
  /** Lines shorter than this get no label. */
  readonly minLength: number;
  /** Labels keep this far from the plot edges: [width, height] of the area and a margin. */
  readonly bounds?: { readonly width: number; readonly height: number; readonly margin: number };
}

function distanceToSegment(p: Point, a: Point, b: Point): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t =
    len2 > 0 ? Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2)) : 0;
  return Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy);
}

/** Shortest distance from a point to a polyline. */
export function distanceToPolyline(p: Point, line: readonly Point[]): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 1; i < line.length; i++)
    best = Math.min(best, distanceToSegment(p, line[i - 1]!, line[i]!));
  return best;
}

/**
 * Greedy placement: each request in turn takes the first of its fractions whose point keeps
 * `spacing` from labels already placed and `clearance` from every obstacle line; a request with
 * no such point, or a line shorter than `minLength`, gets no label.
 */
export function placeLabels(
  requests: readonly LabelRequest[],
  obstacles: readonly (readonly Point[])[],
  options: PlacementOptions,
): PlacedLabel[] {
  const placed: PlacedLabel[] = [];
  for (const r of requests) {
    if (polylineLength(r.line) < options.minLength) continue;
    for (const f of r.fractions) {
      const at = pointAlong(r.line, f);
      if (!at) continue;
      const p: Point = [at.x, at.y];
      const b = options.bounds;
      if (
        b &&
        (at.x < b.margin ||
          at.x > b.width - b.margin ||
          at.y < b.margin ||
          at.y > b.height - b.margin)
      ) {
        continue;
      }
      if (placed.some((q) => Math.hypot(q.x - at.x, q.y - at.y) < options.spacing)) continue;
      if (obstacles.some((o) => distanceToPolyline(p, o) < options.clearance)) continue;
      placed.push({ ...at, key: r.key, text: r.text });
      break;
    }
  }
  return placed;
}
