/**
 * Geometry of the Frontier view's four small log-log panels (N_opt, D_opt, tokens per parameter
 * and loss against budget C): scales over log10 values, decade ticks, line paths that break at
 * gaps, and shaded band polygons. Pure, no DOM.
 */
import { ticks as niceTicks } from 'd3';
import type { FrontierQuantity } from '../../law/frontier-curves';
import { decadeTicks } from './axes';
import { type AxisScale, type AxisTick, linearScale, log10Axis, paddedExtent } from './scatter';

export { FRONTIER_QUANTITIES, type FrontierQuantity } from '../../law/frontier-curves';

/** Panel titles. */
export const QUANTITY_LABELS: Readonly<Record<FrontierQuantity, string>> = {
  N: 'N_opt (parameters)',
  D: 'D_opt (tokens)',
  tokensPerParam: 'tokens per parameter D/N',
  loss: 'predicted loss',
};

/** Scales and ticks of one panel; x and y take log10 values. */
export interface PanelGeometry {
  readonly x: AxisScale;
  readonly y: AxisScale;
  readonly xTicks: AxisTick[];
  readonly yTicks: AxisTick[];
}

/**
 * A panel over log10 C in [log10CMin, log10CMax] whose y range covers the positive finite
 * `values` (natural units), padded by 5%.
 */
export function panelGeometry(
  log10CMin: number,
  log10CMax: number,
  values: Iterable<number>,
  width: number,
  height: number,
): PanelGeometry {
  const logs: number[] = [];
  for (const v of values) if (v > 0 && Number.isFinite(v)) logs.push(Math.log10(v));
  const x = linearScale([log10CMin, log10CMax], 0, width);
  const y = linearScale(paddedExtent(logs), height, 0);
  const [d0, d1] = y.domain;
  let yTicks: AxisTick[] = decadeTicks(d0, d1, 6).map((t) => ({
    at: y(t.log10),
    label: t.label,
    major: t.major,
  }));
  // Less than a decade or so (the loss panel): round values at their log positions instead.
  if (d1 - d0 < 1.2) {
    yTicks = niceTicks(10 ** d0, 10 ** d1, 5)
      .filter((v) => v > 0)
      .map((v) => ({ at: y(Math.log10(v)), label: String(Number(v.toPrecision(6))), major: true }));
  }
  const xTicks = log10Axis(x);
  return { x, y, xTicks, yTicks };
}

const ok = (v: number | undefined): v is number => v !== undefined && v > 0 && Number.isFinite(v);

/** SVG path of (C, value) points on log scales; gaps (non-positive or non-finite) break it. */
export function logLinePath(
  Cs: ArrayLike<number>,
  values: ArrayLike<number>,
  g: Pick<PanelGeometry, 'x' | 'y'>,
): string {
  const parts: string[] = [];
  let pen = false;
  for (let i = 0; i < Cs.length; i++) {
    const v = values[i];
    const C = Cs[i];
    if (!ok(v) || !ok(C)) {
      pen = false;
      continue;
    }
    parts.push(
      `${pen ? 'L' : 'M'}${g.x(Math.log10(C)).toFixed(1)},${g.y(Math.log10(v)).toFixed(1)}`,
    );
    pen = true;
  }
  return parts.join('');
}

/**
 * SVG path of the band between `lo` and `hi` over C on log scales: one closed polygon per run
 * of points where both ends are usable.
 */
export function logBandPath(
  Cs: ArrayLike<number>,
  lo: ArrayLike<number>,
  hi: ArrayLike<number>,
  g: Pick<PanelGeometry, 'x' | 'y'>,
): string {
  const out: string[] = [];
  let run: number[] = [];
  const flush = () => {
    if (run.length >= 2) {
      const pt = (i: number, v: number) =>
        `${g.x(Math.log10(Cs[i]!)).toFixed(1)},${g.y(Math.log10(v)).toFixed(1)}`;
      const top = run.map((i, k) => `${k === 0 ? 'M' : 'L'}${pt(i, hi[i]!)}`);
      const bottom = [...run].reverse().map((i) => `L${pt(i, lo[i]!)}`);
      out.push(`${top.join('')}${bottom.join('')}Z`);
    }
    run = [];
  };
  for (let i = 0; i < Cs.length; i++) {
    if (ok(Cs[i]) && ok(lo[i]) && ok(hi[i])) run.push(i);
    else flush();
  }
  flush();
  return out.join('');
}

/** Budgets parsed from a comma- or space-separated list ("1e21, 1e23"); null if any is bad. */
export function parseBudgetList(text: string): number[] | null {
  const parts = text
    .split(/[\s,;]+/)
    .map((t) => t.trim())
    .filter((t) => t !== '');
  if (parts.length === 0) return null;
  const values = parts.map((t) =>
    /^[+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t) ? Number(t) : Number.NaN,
  );
  return values.every((v) => v > 0 && Number.isFinite(v)) ? values : null;
}
