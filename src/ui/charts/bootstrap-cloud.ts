/**
 * The alpha-beta bootstrap cloud: converged replicas as dots (subsampled for drawing), the best
 * fit marked, and the 95% intervals of alpha and beta as a dashed box. Pure, no DOM.
 */
import { ReplicaTable } from '../../fit/replica-table';
import type { ParamSummary } from '../../fit/types';
import { type AxisTick, dotsPath, linearAxis, linearScale, paddedExtent } from './scatter';

/**
 * (alpha, beta) of converged replicas (rows without NaN), at most `max` of them, taken at an
 * even stride so the subsample is deterministic and spread over all replicas.
 */
export function cloudPoints(replicas: Float64Array, max = 5000): [number, number][] {
  const table = new ReplicaTable(replicas);
  const alpha = table.column('alpha');
  const beta = table.column('beta');
  const good: number[] = [];
  for (let k = 0; k < table.count; k++) {
    if (Number.isFinite(alpha[k]!) && Number.isFinite(beta[k]!)) good.push(k);
  }
  const stride = Math.max(1, good.length / max);
  const out: [number, number][] = [];
  for (let i = 0; Math.floor(i) < good.length && out.length < max; i += stride) {
    const k = good[Math.floor(i)]!;
    out.push([alpha[k]!, beta[k]!]);
  }
  return out;
}

/** The chart in pixels. */
export interface CloudChart {
  readonly xTicks: AxisTick[];
  readonly yTicks: AxisTick[];
  /** All dots as one path (stroke with round caps). */
  readonly dots: string;
  readonly count: number;
  readonly best: { readonly x: number; readonly y: number };
  /** The 95% interval box of alpha (x) and beta (y). */
  readonly ci: {
    readonly x0: number;
    readonly x1: number;
    readonly y0: number;
    readonly y1: number;
  };
}

/** Lays out the cloud in a plot area of `width` x `height` pixels. */
export function cloudChart(
  points: readonly (readonly [number, number])[],
  best: { alpha: number; beta: number },
  ci: { alpha: ParamSummary; beta: ParamSummary },
  width: number,
  height: number,
): CloudChart {
  const x = linearScale(paddedExtent([...points.map((p) => p[0]), best.alpha], 0.08), 0, width);
  const y = linearScale(paddedExtent([...points.map((p) => p[1]), best.beta], 0.08), height, 0);
  const fmt = (v: number) => String(Number(v.toPrecision(4)));
  return {
    xTicks: linearAxis(x, 5, fmt),
    yTicks: linearAxis(y, 5, fmt),
    dots: dotsPath(points.map((p) => [x(p[0]), y(p[1])] as const)),
    count: points.length,
    best: { x: x(best.alpha), y: y(best.beta) },
    ci: {
      x0: x(ci.alpha.ci95[0]),
      x1: x(ci.alpha.ci95[1]),
      y0: y(ci.beta.ci95[1]),
      y1: y(ci.beta.ci95[0]),
    },
  };
}
