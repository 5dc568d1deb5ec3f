/**
 * Training runs drawn on the Surface view: one dot per run at (N, D), filled when it is used
 * by fits and hollow when the user excluded it. Pure: pixel paths out.
 */
import type { PlotScales } from './axes';
import { circlesPath } from './scatter';

/** A run's position and whether it is excluded. */
export interface RunPoint {
  readonly N: number;
  readonly D: number;
  readonly excluded: boolean;
}

/** Both sets of runs as path data, and how many fall outside the view. */
export interface RunMarks {
  readonly included: string;
  readonly excluded: string;
  readonly outside: number;
}

/** Circles of radius `r` for the runs inside the view of `scales`. */
export function runMarks(points: readonly RunPoint[], scales: PlotScales, r = 3.2): RunMarks {
  const inc: [number, number][] = [];
  const exc: [number, number][] = [];
  let outside = 0;
  for (const p of points) {
    const x = scales.x(Math.log10(p.N));
    const y = scales.y(Math.log10(p.D));
    if (!(x >= 0 && x <= scales.width && y >= 0 && y <= scales.height)) {
      outside++;
      continue;
    }
    (p.excluded ? exc : inc).push([x, y]);
  }
  return { included: circlesPath(inc, r), excluded: circlesPath(exc, r), outside };
}
