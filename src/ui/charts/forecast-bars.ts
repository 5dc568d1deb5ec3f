/**
 * The forecast check drawn per held-out run: its bootstrap 95% interval and the best-fit
 * prediction, both relative to the actual loss, so every row shares one zero line. Pure.
 */
import type { ForecastRow } from '../../fit/forecast';
import { type AxisTick, linearAxis, linearScale } from './scatter';

/** One row's marks in pixels. */
export interface ForecastBar {
  readonly row: number;
  /** Interval ends (NaN without an interval). */
  readonly x0: number;
  readonly x1: number;
  readonly predicted: number;
  readonly inside: boolean;
}

/** Every bar on a shared scale of (L / actual - 1), and the zero line (the actual loss). */
export interface ForecastBars {
  readonly zero: number;
  readonly ticks: AxisTick[];
  readonly bars: ForecastBar[];
}

/** Lays out the bars across `width` pixels. */
export function forecastBars(rows: readonly ForecastRow[], width: number): ForecastBars {
  const rel = (L: number, r: ForecastRow) => L / r.actual - 1;
  let m = 1e-3;
  for (const r of rows) {
    for (const v of [rel(r.lo, r), rel(r.hi, r), r.relError]) {
      if (Number.isFinite(v)) m = Math.max(m, Math.abs(v));
    }
  }
  const x = linearScale([-m * 1.1, m * 1.1], 0, width);
  const pct = (v: number) => `${v > 0 ? '+' : ''}${Number((v * 100).toPrecision(2))}%`;
  return {
    zero: x(0),
    ticks: linearAxis(x, 4, (v) => (v === 0 ? '0' : pct(v))),
    bars: rows.map((r) => ({
      row: r.row,
      x0: x(rel(r.lo, r)),
      x1: x(rel(r.hi, r)),
      predicted: x(r.relError),
      inside: r.inside,
    })),
  };
}
