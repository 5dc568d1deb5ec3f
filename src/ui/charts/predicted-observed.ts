/**
 * Predicted against observed loss, log-log with the line y = x: for an Approach-3 fit, the
 * law's loss at every run (runs excluded from the fit drawn hollow); for a compute-only fit,
 * L*(C) of the law against the minimum loss of each usable isoFLOP budget. Pure, no DOM.
 */
import { ticks as linearTicks } from 'd3';
import type { Run } from '../../data/types';
import type { ComputeOnlyResult } from '../../fit/compute-only';
import { computeOnlyLoss, lossAtCompute } from '../../law/compute-multiplier';
import { type LawTheta, logLossLSE } from '../../law/law';
import { formatLoss } from './format';
import { type AxisScale, type AxisTick, linearScale, paddedExtent, sizeColour } from './scatter';

/** One predicted-observed pair. */
export interface PredictedObserved {
  /** The run's row (Approach 3) or the budget's C (compute-only). */
  readonly key: number;
  /** The run's compute, for its colour. */
  readonly C: number;
  readonly observed: number;
  readonly predicted: number;
  readonly excluded: boolean;
}

/** The law `theta` at every run (excluded runs flagged, not dropped). */
export function predictedObserved(
  theta: LawTheta,
  runs: readonly Run[],
  excludedRows: ReadonlySet<number>,
): PredictedObserved[] {
  return runs.map((r) => ({
    key: r.row,
    C: r.C,
    observed: r.loss,
    predicted: Math.exp(logLossLSE(theta, Math.log(r.N), Math.log(r.D))),
    excluded: excludedRows.has(r.row),
  }));
}

/** The compute-only law's L*(C) against each usable budget's minimum loss. */
export function computeOnlyPredictedObserved(result: ComputeOnlyResult): PredictedObserved[] {
  const law = computeOnlyLoss(result.law);
  return result.minima.map((m) => ({
    key: m.C,
    C: m.C,
    observed: m.loss,
    predicted: lossAtCompute(law, m.C),
    excluded: false,
  }));
}

/** A dot of the chart. */
export interface PredictedObservedDot {
  readonly key: number;
  readonly x: number;
  readonly y: number;
  readonly colour: string;
  readonly hollow: boolean;
}

/** The chart: shared log axes, the y = x line across the plot, and the dots. */
export interface PredictedObservedChart {
  readonly xTicks: AxisTick[];
  readonly yTicks: AxisTick[];
  /** The y = x line in pixels, corner to corner of the shared domain. */
  readonly diagonal: {
    readonly x0: number;
    readonly y0: number;
    readonly x1: number;
    readonly y1: number;
  };
  readonly dots: readonly PredictedObservedDot[];
  readonly x: AxisScale;
  readonly y: AxisScale;
}

/**
 * Ticks of a log10 axis of losses: round loss values (a loss axis rarely spans a decade, so
 * decade ticks would leave it bare), placed at their log10.
 */
export function logLossTicks(scale: AxisScale, count = 5): AxisTick[] {
  const [d0, d1] = scale.domain;
  return linearTicks(10 ** d0, 10 ** d1, count)
    .filter((v) => v > 0)
    .map((v) => ({ at: scale(Math.log10(v)), label: formatLoss(v), major: true }));
}

/**
 * Lays out `points` in a plot area of `width` x `height` pixels: one log10 domain for both
 * axes (observed across, predicted up), so y = x is the diagonal; dots coloured by compute.
 */
export function predictedObservedChart(
  points: readonly PredictedObserved[],
  width: number,
  height: number,
): PredictedObservedChart {
  const logs = points.flatMap((p) => [Math.log10(p.observed), Math.log10(p.predicted)]);
  const domain = paddedExtent(logs, 0.05);
  const x = linearScale(domain, 0, width);
  const y = linearScale(domain, height, 0);
  const [lo, hi] = x.domain;
  const logC = points.map((p) => Math.log10(p.C));
  const [cLo, cHi] = [Math.min(...logC), Math.max(...logC)];
  return {
    xTicks: logLossTicks(x),
    yTicks: logLossTicks(y),
    diagonal: { x0: x(lo), y0: y(lo), x1: x(hi), y1: y(hi) },
    dots: points.map((p, i) => ({
      key: p.key,
      x: x(Math.log10(p.observed)),
      y: y(Math.log10(p.predicted)),
      colour: sizeColour(logC[i]!, cLo, cHi),
      hollow: p.excluded,
    })),
    x,
    y,
  };
}
