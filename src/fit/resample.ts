/**
 * Bootstrap resampling as integer weights: replica k draws n rows (or G groups) uniformly with
 * replacement, w_i ~ Multinomial(n, 1/n), so every replica reads the same data with its own
 * weights. Draws come from the counter-based source at (seed, k, j): reproducible and
 * independent of the order replicas are computed in.
 */
import { uniformAt } from './counter-rng';
import type { FitRun } from './types';

/** Which rows belong to which resampling unit. */
export interface ResampleUnits {
  /** Number of units (rows, or groups). */
  readonly count: number;
  /** Unit index of each row. */
  readonly unitOfRow: Uint32Array;
}

/**
 * One unit per row, or, when `byGroup`, one per distinct group id, with each row that has no
 * group id forming a unit of its own.
 */
export function resampleUnits(runs: readonly FitRun[], byGroup: boolean): ResampleUnits {
  const unitOfRow = new Uint32Array(runs.length);
  const ids = new Map<string, number>();
  let count = 0;
  runs.forEach((r, i) => {
    if (!byGroup || r.group === undefined) {
      unitOfRow[i] = count++;
      return;
    }
    let id = ids.get(r.group);
    if (id === undefined) {
      id = count++;
      ids.set(r.group, id);
    }
    unitOfRow[i] = id;
  });
  return { count, unitOfRow };
}

/** Row weights of bootstrap replica `k` (a Float64Array of counts, summing to n over units). */
export function replicaWeights(
  units: ResampleUnits,
  seed: number,
  k: number,
  out?: Float64Array,
): Float64Array {
  const draws = new Uint32Array(units.count);
  for (let j = 0; j < units.count; j++) {
    const unit = Math.min(units.count - 1, Math.floor(uniformAt(seed, k, j) * units.count));
    draws[unit]!++;
  }
  const w = out ?? new Float64Array(units.unitOfRow.length);
  for (let i = 0; i < w.length; i++) w[i] = draws[units.unitOfRow[i]!]!;
  return w;
}
