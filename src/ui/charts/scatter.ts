/**
 * Shared pieces of the Fit view's small charts: linear and log10 axes with pixel ticks, a
 * colour ramp for model size N, and dots packed into one SVG path. Pure, no DOM.
 */
import { interpolateViridis, ticks as linearTicks } from 'd3';
import { decadeTicks } from './axes';
import { formatScientific } from './format';

/** A tick at a pixel position; `label` is empty for minor ticks. */
export interface AxisTick {
  readonly at: number;
  readonly label: string;
  readonly major: boolean;
}

/** A 1-D scale from data values to pixels. */
export interface AxisScale {
  readonly domain: readonly [number, number];
  (value: number): number;
}

/** A linear scale of `domain` onto [r0, r1]. A zero-width domain is widened by 1. */
export function linearScale(domain: readonly [number, number], r0: number, r1: number): AxisScale {
  let [d0, d1] = domain;
  if (!(d1 > d0)) {
    d0 -= 0.5;
    d1 += 0.5;
  }
  const k = (r1 - r0) / (d1 - d0);
  const f = ((v: number) => r0 + (v - d0) * k) as AxisScale;
  Object.defineProperty(f, 'domain', { value: [d0, d1] as const });
  return f;
}

/** [min, max] of finite values, padded by `pad` of the span on each side. */
export function paddedExtent(values: Iterable<number>, pad = 0.05): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) return [0, 1];
  const span = hi - lo || Math.abs(lo) * 0.1 || 1;
  return [lo - span * pad, hi + span * pad];
}

/** About `count` round ticks of a linear scale, labelled by `format`. */
export function linearAxis(
  scale: AxisScale,
  count = 5,
  format: (v: number, step: number) => string = (v) => String(Number(v.toPrecision(6))),
): AxisTick[] {
  const [d0, d1] = scale.domain;
  const ticks = linearTicks(d0, d1, count);
  const step = ticks.length > 1 ? Math.abs(ticks[1]! - ticks[0]!) : Math.abs(d1 - d0);
  return ticks.map((v) => ({ at: scale(v), label: format(v, step), major: true }));
}

/**
 * A tick label with just enough decimals that ticks `step` apart read differently (ticks every
 * 0.005 get three decimals: 0.005, 0.010, 0.015, never 0.01, 0.01, 0.01); zero reads "0".
 */
export function fixedForStep(v: number, step: number): string {
  if (v === 0) return '0';
  const decimals = step > 0 ? Math.max(0, Math.ceil(-Math.log10(step) - 1e-9)) : 2;
  return v.toFixed(Math.min(decimals, 12));
}

/** Decade ticks of a scale over log10 values, labelled like "1e21". */
export function log10Axis(scale: AxisScale): AxisTick[] {
  const [d0, d1] = scale.domain;
  return decadeTicks(d0, d1).map((t) => ({
    at: scale(t.log10),
    label: t.major ? formatScientific(10 ** t.log10) : '',
    major: t.major,
  }));
}

/** Ramp position range used for N: viridis without its palest yellow, to stay visible on white. */
const RAMP = [0.05, 0.85] as const;

/** The colour of model size log10 N within [lo, hi] (log10 bounds). */
export function sizeColour(log10N: number, lo: number, hi: number): string {
  const t = hi > lo ? Math.min(1, Math.max(0, (log10N - lo) / (hi - lo))) : 0.5;
  return interpolateViridis(RAMP[0] + t * (RAMP[1] - RAMP[0]));
}

/** CSS gradient stops for the N legend, matching {@link sizeColour}. */
export function sizeGradient(stops = 8): { offset: number; colour: string }[] {
  return Array.from({ length: stops }, (_, i) => {
    const offset = i / (stops - 1);
    return { offset, colour: interpolateViridis(RAMP[0] + offset * (RAMP[1] - RAMP[0])) };
  });
}

/** SVG path data drawing a dot at every point (stroke it with a round cap of the dot's width). */
export function dotsPath(points: Iterable<readonly [number, number]>): string {
  const parts: string[] = [];
  for (const [x, y] of points) parts.push(`M${x.toFixed(1)},${y.toFixed(1)}h0`);
  return parts.join('');
}

/** SVG path data of circles of radius `r` at every point (fill or stroke it). */
export function circlesPath(points: Iterable<readonly [number, number]>, r: number): string {
  const parts: string[] = [];
  const d = (2 * r).toFixed(2);
  const rr = r.toFixed(2);
  for (const [x, y] of points) {
    parts.push(
      `M${(x - r).toFixed(1)},${y.toFixed(1)}a${rr},${rr} 0 1,0 ${d},0a${rr},${rr} 0 1,0 -${d},0`,
    );
  }
  return parts.join('');
}
