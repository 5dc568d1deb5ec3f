/**
 * Training runs drawn on the Surface view: one dot per run at (N, D), filled when it is used
 * by fits and hollow when the user excluded it. Pure: pixel paths out.
 */
import type { PlotScales } from './axes';
import { circlesPath } from './scatter';

/** The runs to mark (position and spreadsheet row) and the rows the user excluded. */
export interface RunSet {
  readonly runs: readonly { readonly N: number; readonly D: number; readonly row: number }[];
  readonly excluded: ReadonlySet<number>;
}

/** Both sets of runs as path data, and how many fall outside the view. */
export interface RunMarks {
  readonly included: string;
  readonly excluded: string;
  /** Runs outside the view (not drawn). */
  readonly outside: number;
  /** Runs the user excluded, inside the view or not. */
  readonly excludedCount: number;
  /** Dots in the paths (at most one per merge cell and kind). */
  readonly dots: number;
  /** Side of the merge cell in pixels: dots of one kind closer than this are drawn once. */
  readonly mergePx: number;
}

/**
 * Whether two scales map the same view to the same plot size. The surface overlay builds new
 * scales on every law change, but the run dots depend only on the view and the size, so marks
 * drawn for `a` stand for `b` when this holds.
 */
export function sameScales(a: PlotScales, b: PlotScales): boolean {
  if (a === b) return true;
  const u = a.view;
  const v = b.view;
  return (
    a.width === b.width &&
    a.height === b.height &&
    u.log10NMin === v.log10NMin &&
    u.log10NMax === v.log10NMax &&
    u.log10DMin === v.log10DMin &&
    u.log10DMax === v.log10DMax
  );
}

/**
 * Runs in the view up to which dots merge only within half a pixel (no visible change). Beyond,
 * dots merge within their radius: tens of thousands of overlapping dots read as one cloud
 * anyway, and an SVG path of hundreds of thousands of circles takes the browser seconds to
 * rasterise on every frame.
 */
export const FINE_MERGE_RUNS = 20_000;

/**
 * Circles of radius `r` for the runs inside the view of `scales`. A run whose dot lands in the
 * merge cell of one already drawn of the same kind is not drawn again: the cell is half a pixel
 * up to {@link FINE_MERGE_RUNS} runs in view, and the dot's radius beyond.
 */
export function runMarks(set: RunSet, scales: PlotScales, r = 3.2): RunMarks {
  const n = set.runs.length;
  const xs = new Float32Array(n);
  const ys = new Float32Array(n);
  let inView = 0;
  let excludedCount = 0;
  for (let i = 0; i < n; i++) {
    const run = set.runs[i]!;
    if (set.excluded.has(run.row)) excludedCount++;
    const x = scales.x(Math.log10(run.N));
    const y = scales.y(Math.log10(run.D));
    const inside = x >= 0 && x <= scales.width && y >= 0 && y <= scales.height;
    xs[i] = inside ? x : Number.NaN;
    ys[i] = y;
    if (inside) inView++;
  }
  const mergePx = inView <= FINE_MERGE_RUNS ? 0.5 : r;
  const cols = Math.floor(scales.width / mergePx) + 1;
  const rows = Math.floor(scales.height / mergePx) + 1;
  const drawn = new Uint8Array(cols * rows);
  const inc: [number, number][] = [];
  const exc: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const x = xs[i]!;
    if (Number.isNaN(x)) continue;
    const y = ys[i]!;
    const off = set.excluded.has(set.runs[i]!.row);
    const cell = Math.floor(y / mergePx) * cols + Math.floor(x / mergePx);
    const bit = off ? 2 : 1;
    if (drawn[cell]! & bit) continue;
    drawn[cell]! |= bit;
    (off ? exc : inc).push([x, y]);
  }
  return {
    included: circlesPath(inc, r),
    excluded: circlesPath(exc, r),
    outside: n - inView,
    excludedCount,
    dots: inc.length + exc.length,
    mergePx,
  };
}
