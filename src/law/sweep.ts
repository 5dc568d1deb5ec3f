/**
 * Sweeps of two scenario axes: the axes, their values and the scenario of each cell. Shared by
 * the CPU twin (solveSweep in src/law/optima.ts) and the GPU packing (src/gpu/optimum-pack.ts).
 */
import type { Scenario } from './scenario';

/** Scenario fields a sweep axis can vary; 'mfu' scales the base budget C (C at MFU 1). */
export type SweepField = 'C' | 'U' | 'Dinf' | 'targetLoss' | 'N' | 'q' | 'mfu';

/** One sweep axis: `count` values from `min` to `max`, log- or linearly spaced. */
export interface SweepAxis {
  readonly field: SweepField;
  readonly min: number;
  readonly max: number;
  readonly count: number;
  readonly spacing: 'log' | 'linear';
}

/** Most values on one sweep axis (the view offers up to 1024 per axis; the engines take more). */
export const MAX_SWEEP_RESOLUTION = 4096;

/** Throws a RangeError with a readable message for an unusable axis. */
export function checkAxis(axis: SweepAxis, name: string): void {
  const { min, max, count, spacing, field } = axis;
  if (!Number.isInteger(count) || count < 1 || count > MAX_SWEEP_RESOLUTION)
    throw new RangeError(
      `${name} axis resolution must be an integer from 1 to ${MAX_SWEEP_RESOLUTION}, got ${count}`,
    );
  if (!Number.isFinite(min) || !Number.isFinite(max))
    throw new RangeError(`${name} axis range must be finite, got ${min}..${max}`);
  if (min > max) throw new RangeError(`${name} axis range is inverted: ${min} > ${max}`);
  if (spacing === 'log' && min <= 0)
    throw new RangeError(`${name} axis is log-spaced, so its range must be positive, got ${min}`);
  if (field === 'mfu' && (min <= 0 || max > 1))
    throw new RangeError(`MFU must lie in (0, 1], got ${min}..${max}`);
}

/**
 * Value `i` of an axis: exactly `min` at 0 and exactly `max` at `count - 1`, and never outside
 * [min, max] between them (exp(log(x)) is not always x: 1e14 comes back as 1e14 + 0.12, so a
 * sub-axis built from a computed end value could read as inverted).
 */
export function axisValue(axis: SweepAxis, i: number): number {
  const { min, max, count } = axis;
  if (count === 1 || i <= 0) return min;
  if (i >= count - 1) return max;
  const t = i / (count - 1);
  const v =
    axis.spacing === 'log'
      ? Math.exp(Math.log(min) + t * Math.log(max / min))
      : min + t * (max - min);
  return Math.min(max, Math.max(min, v));
}

/** The scenario of one sweep cell. */
export function sweepCell(base: Scenario, x: SweepAxis, y: SweepAxis, col: number, row: number) {
  const s: { -readonly [K in keyof Scenario]: Scenario[K] } = { ...base };
  let mfu = 1;
  for (const [axis, i] of [
    [x, col],
    [y, row],
  ] as const) {
    const v = axisValue(axis, i);
    if (axis.field === 'mfu') mfu *= v;
    else s[axis.field] = v;
  }
  if (mfu !== 1 && s.C !== undefined) s.C *= mfu;
  return s as Scenario;
}
