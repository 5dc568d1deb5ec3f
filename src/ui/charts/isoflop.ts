/** IsoFLOP lines C = k N D for each decade of C crossing the view, clipped to it. Pure. */
import { DEFAULT_FLOPS_PER_PARAM_TOKEN } from '../../law/law';
import { type LogView, viewRect } from './axes';
import { clipSegment, type Point } from './clip';
import { formatFlops } from './format';

/** One isoFLOP line inside the view, in log10 coordinates (x = log10 N, y = log10 D). */
export interface IsoFlopLine {
  readonly log10C: number;
  readonly label: string;
  /** End at smaller N (larger D). */
  readonly from: Point;
  /** End at larger N (smaller D). */
  readonly to: Point;
}

/**
 * IsoFLOP lines for whole decades of C that cross `view`: log10 D = log10(C / k) - log10 N.
 * When more than `maxLines` decades cross, every second (third, ...) decade is kept.
 */
export function isoFlopLines(
  view: LogView,
  flopsPerParamToken: number = DEFAULT_FLOPS_PER_PARAM_TOKEN,
  maxLines = 12,
): IsoFlopLine[] {
  const k = Math.log10(flopsPerParamToken);
  const lo = Math.ceil(view.log10NMin + view.log10DMin + k);
  const hi = Math.floor(view.log10NMax + view.log10DMax + k);
  if (!(hi >= lo)) return [];
  const step = Math.max(1, Math.ceil((hi - lo + 1) / maxLines));
  const rect = viewRect(view);
  const lines: IsoFlopLine[] = [];
  for (let c = hi; c >= lo; c -= step) {
    const s = c - k;
    const a: Point = [rect.x0, s - rect.x0];
    const b: Point = [rect.x1, s - rect.x1];
    const clipped = clipSegment(a, b, rect);
    if (!clipped) continue;
    const [from, to] = clipped;
    if (to[0] - from[0] <= 1e-9) continue;
    lines.push({ log10C: c, label: formatFlops(10 ** c), from, to });
  }
  return lines.reverse();
}
