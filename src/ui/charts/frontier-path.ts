/** The compute-optimal frontier as a polyline in the view, with markers at decades of C. Pure. */
import { type ComputeOptimum, computeOptimal } from '../../law/frontier';
import { DEFAULT_FLOPS_PER_PARAM_TOKEN, type ScalingLaw } from '../../law/law';
import { type LogView, viewRect } from './axes';
import { clipPolyline, type Point } from './clip';

/** The frontier inside a view. */
export interface FrontierPath {
  /** Polylines in log10 coordinates (x = log10 N_opt, y = log10 D_opt), clipped to the view. */
  readonly lines: Point[][];
  /** Optima at whole decades of C that fall inside the view. */
  readonly markers: ComputeOptimum[];
}

function inside(view: LogView, p: Point): boolean {
  return (
    p[0] >= view.log10NMin &&
    p[0] <= view.log10NMax &&
    p[1] >= view.log10DMin &&
    p[1] <= view.log10DMax
  );
}

/**
 * Samples computeOptimal over the range of C the view spans (`samples` points, log-spaced,
 * with a decade of margin on each side) and clips the curve to the view.
 */
export function frontierPath(
  law: ScalingLaw,
  view: LogView,
  flopsPerParamToken: number = DEFAULT_FLOPS_PER_PARAM_TOKEN,
  samples = 64,
): FrontierPath {
  const k = Math.log10(flopsPerParamToken);
  const c0 = view.log10NMin + view.log10DMin + k - 1;
  const c1 = view.log10NMax + view.log10DMax + k + 1;
  const toPoint = (o: ComputeOptimum): Point => [Math.log10(o.N), Math.log10(o.D)];
  const points: Point[] = [];
  for (let i = 0; i < samples; i++) {
    const o = computeOptimal(law, 10 ** (c0 + ((c1 - c0) * i) / (samples - 1)), flopsPerParamToken);
    const p = toPoint(o);
    if (Number.isFinite(p[0]) && Number.isFinite(p[1])) points.push(p);
  }
  const markers: ComputeOptimum[] = [];
  for (let c = Math.ceil(c0); c <= Math.floor(c1); c++) {
    const o = computeOptimal(law, 10 ** c, flopsPerParamToken);
    if (inside(view, toPoint(o))) markers.push(o);
  }
  return { lines: clipPolyline(points, viewRect(view)), markers };
}
