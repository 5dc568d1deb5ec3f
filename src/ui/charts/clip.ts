/** Clipping of lines and polylines to an axis-aligned rectangle (Liang-Barsky). Pure. */

/** A point [x, y]. */
export type Point = readonly [number, number];

/** An axis-aligned rectangle. */
export interface Rect {
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
}

/** A rectangle as SVG places it: top-left corner and size, in pixels. */
export interface PixelBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The part of segment a-b inside `rect`, or undefined if none of it is. */
export function clipSegment(a: Point, b: Point, rect: Rect): [Point, Point] | undefined {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  let t0 = 0;
  let t1 = 1;
  const edges: [number, number][] = [
    [-dx, a[0] - rect.x0],
    [dx, rect.x1 - a[0]],
    [-dy, a[1] - rect.y0],
    [dy, rect.y1 - a[1]],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return undefined;
    } else {
      const r = q / p;
      if (p < 0) t0 = Math.max(t0, r);
      else t1 = Math.min(t1, r);
      if (t0 > t1) return undefined;
    }
  }
  const at = (t: number): Point => [a[0] + t * dx, a[1] + t * dy];
  return [at(t0), at(t1)];
}

/** The parts of a polyline inside `rect`, as separate polylines (each of two or more points). */
export function clipPolyline(points: readonly Point[], rect: Rect): Point[][] {
  const out: Point[][] = [];
  let current: Point[] = [];
  for (let i = 1; i < points.length; i++) {
    const clipped = clipSegment(points[i - 1]!, points[i]!, rect);
    if (!clipped) {
      if (current.length > 1) out.push(current);
      current = [];
      continue;
    }
    const [p, q] = clipped;
    const last = current[current.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) {
      if (current.length > 1) out.push(current);
      current = [p];
    }
    current.push(q);
  }
  if (current.length > 1) out.push(current);
  return out;
}

/** Total length of a polyline. */
export function polylineLength(points: readonly Point[]): number {
  let sum = 0;
  for (let i = 1; i < points.length; i++) {
    sum += Math.hypot(points[i]![0] - points[i - 1]![0], points[i]![1] - points[i - 1]![1]);
  }
  return sum;
}

/** A point along a polyline with the direction of travel there, in degrees. */
export interface PointAlong {
  readonly x: number;
  readonly y: number;
  readonly angle: number;
}

/**
 * The point at arc-length fraction `f` (0..1) of a polyline, with the local direction turned
 * so that text along it reads left to right (angle within -90..90 degrees).
 */
export function pointAlong(points: readonly Point[], f: number): PointAlong | undefined {
  if (points.length < 2) return undefined;
  const target = Math.min(1, Math.max(0, f)) * polylineLength(points);
  let walked = 0;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    if (len === 0) continue;
    if (walked + len >= target || i === points.length - 1) {
      const t = Math.min(1, (target - walked) / len);
      let angle = (Math.atan2(b[1] - a[1], b[0] - a[0]) * 180) / Math.PI;
      if (angle > 90) angle -= 180;
      else if (angle < -90) angle += 180;
      return { x: a[0] + t * (b[0] - a[0]), y: a[1] + t * (b[1] - a[1]), angle };
    }
    walked += len;
  }
  return undefined;
}

/** SVG path data of a polyline ("M x,y L x,y ..."), coordinates rounded to 0.01. */
export function polylinePath(points: readonly Point[]): string {
  const r = (v: number) => Math.round(v * 100) / 100;
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${r(p[0])},${r(p[1])}`).join('');
}
