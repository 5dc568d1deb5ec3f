/**
 * The residuals plot of a fit: ln L_pred - ln L of every run against its compute C on a log
 * axis, coloured by model size N, runs excluded from the fit drawn hollow. Pure, no DOM.
 */
import type { Run } from '../../data/types';
import { type LawTheta, logLossLSE } from '../../law/law';
import { formatCount } from './format';
import {
  type AxisTick,
  fixedForStep,
  linearAxis,
  linearScale,
  log10Axis,
  paddedExtent,
  sizeColour,
} from './scatter';

/** One run's residual. */
export interface Residual {
  readonly row: number;
  readonly C: number;
  readonly N: number;
  /** ln L_pred - ln L (about the relative error of the prediction). */
  readonly residual: number;
  readonly excluded: boolean;
}

/** Residuals of the law `theta` on every run (excluded ones flagged, not dropped). */
export function residuals(
  theta: LawTheta,
  runs: readonly Run[],
  excludedRows: ReadonlySet<number>,
): Residual[] {
  return runs.map((r) => ({
    row: r.row,
    C: r.C,
    N: r.N,
    residual: logLossLSE(theta, Math.log(r.N), Math.log(r.D)) - Math.log(r.loss),
    excluded: excludedRows.has(r.row),
  }));
}

/** A dot of the chart in pixels. */
export interface ResidualDot {
  readonly key: number;
  readonly x: number;
  readonly y: number;
  readonly colour: string;
  readonly hollow: boolean;
}

/** The chart: ticks, the zero line, dots, and the N legend's labelled ends. */
export interface ResidualChart {
  readonly xTicks: AxisTick[];
  readonly yTicks: AxisTick[];
  readonly zeroY: number;
  readonly dots: ResidualDot[];
  readonly legend: { readonly lo: string; readonly hi: string };
}

/** Lays out residuals in a plot area of `width` x `height` pixels. */
export function residualChart(
  points: readonly Residual[],
  width: number,
  height: number,
): ResidualChart {
  const logC = points.map((p) => Math.log10(p.C));
  const logN = points.map((p) => Math.log10(p.N));
  const x = linearScale(paddedExtent(logC, 0.04), 0, width);
  const maxAbs = Math.max(1e-4, ...points.map((p) => Math.abs(p.residual)).filter(Number.isFinite));
  const y = linearScale([-maxAbs * 1.1, maxAbs * 1.1], height, 0);
  const [nLo, nHi] = [Math.min(...logN), Math.max(...logN)];
  return {
    xTicks: log10Axis(x),
    yTicks: linearAxis(y, 5, fixedForStep),
    zeroY: y(0),
    dots: points.map((p, i) => ({
      key: p.row,
      x: x(logC[i]!),
      y: y(p.residual),
      colour: sizeColour(logN[i]!, nLo, nHi),
      hollow: p.excluded,
    })),
    legend: {
      lo: points.length > 0 ? formatCount(10 ** nLo) : '',
      hi: points.length > 0 ? formatCount(10 ** nHi) : '',
    },
  };
}
