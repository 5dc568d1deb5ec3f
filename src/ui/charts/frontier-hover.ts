/**
 * Geometry of the Frontier panels' hover readout and extrapolation shading: the budget under a
 * pointer, the budget a key moves the readout to, and the span beyond the data's largest budget.
 * All in log10 C on the panels' shared x axis. Pure, no DOM.
 */
import { listKeyTarget } from '../keyboard-nav';
import type { AxisScale } from './scatter';

/** Keyboard positions of the readout per decade of C (an arrow key moves by one). */
export const HOVER_STEPS_PER_DECADE = 10;

/**
 * log10 C under a pointer `px` pixels from the left of a drawing `width` wide over
 * [log10CMin, log10CMax]; undefined outside the drawing.
 */
export function hoverLog10C(
  px: number,
  width: number,
  log10CMin: number,
  log10CMax: number,
): number | undefined {
  if (!(width > 0) || !(px >= 0) || !(px <= width)) return undefined;
  return log10CMin + (px / width) * (log10CMax - log10CMin);
}

/**
 * Where a key moves the readout on [log10CMin, log10CMax], in steps of a tenth of a decade:
 * ArrowLeft and ArrowRight one step (a decade with `shift`), Home and End to the ends. From no
 * readout, any of these starts in the middle. Undefined when the key does not move it.
 */
export function hoverKeyTarget(
  key: string,
  log10C: number | undefined,
  log10CMin: number,
  log10CMax: number,
  shift = false,
): number | undefined {
  const steps = Math.round((log10CMax - log10CMin) * HOVER_STEPS_PER_DECADE);
  if (!(steps > 0)) return undefined;
  const count = steps + 1;
  const at = (i: number) => log10CMin + (i / steps) * (log10CMax - log10CMin);
  const moves = ['ArrowLeft', 'ArrowRight', 'Home', 'End'];
  if (!moves.includes(key)) return undefined;
  if (log10C === undefined) return at(Math.round(steps / 2));
  const index = Math.round(((log10C - log10CMin) / (log10CMax - log10CMin)) * steps);
  if (shift && (key === 'ArrowLeft' || key === 'ArrowRight')) {
    const jump = key === 'ArrowLeft' ? -HOVER_STEPS_PER_DECADE : HOVER_STEPS_PER_DECADE;
    return at(Math.min(steps, Math.max(0, index + jump)));
  }
  const next = listKeyTarget(key, index, count, 'horizontal');
  return next === undefined ? undefined : at(next);
}

/** The shaded span of a panel beyond the data's largest budget, in the drawing's pixels. */
export interface ExtrapolationSpan {
  readonly x: number;
  readonly width: number;
}

/**
 * The span of a drawing `width` wide right of log10 C = `log10CData` (the largest budget of
 * the data), or null when the data reach the right edge or the budget is not finite.
 */
export function extrapolationSpan(
  x: AxisScale,
  log10CData: number,
  width: number,
): ExtrapolationSpan | null {
  if (!Number.isFinite(log10CData)) return null;
  const from = Math.min(width, Math.max(0, x(log10CData)));
  return from < width ? { x: from, width: width - from } : null;
}
