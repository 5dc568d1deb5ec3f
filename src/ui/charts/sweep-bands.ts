/**
 * A sweep run band by band: `engine.sweep` over bands of rows, so that progress moves, Cancel
 * acts between bands and the page stays responsive even where the engine solves a whole sweep
 * in one dispatch (SwiftShader). Pure apart from the engine call.
 */
import type { Engine } from '../../engine/engine';
import type { ScalingLaw } from '../../law/law';
import { OptimumTable } from '../../law/optimum-table';
import type { Scenario } from '../../law/scenario';
import { axisValue, type SweepAxis } from '../../law/sweep';
import { nextTask } from '../next-task';

/** Pairs (law x cell) in the first band of a sweep; later bands grow while they are quick. */
export const FIRST_BAND_PAIRS = 16_384;
/** Bands grow (doubling) while one takes less than this many milliseconds. */
export const BAND_TARGET_MS = 200;

/**
 * `engine.sweep` over bands of rows, so that the progress bar moves, Cancel acts between bands
 * and the page stays responsive even where the engine solves one band in a single dispatch
 * (SwiftShader). Each band is the sub-axis of its rows; results are copied into the law-major
 * layout of the whole sweep.
 */
export async function sweepInBands(
  engine: Pick<Engine, 'sweep'>,
  laws: readonly ScalingLaw[],
  base: Scenario,
  x: SweepAxis,
  y: SweepAxis,
  job: { signal: AbortSignal; onProgress: (done: number, total: number) => void },
): Promise<Float32Array> {
  const cells = x.count * y.count;
  const out = OptimumTable.empty(laws.length, cells);
  const pairsPerRow = x.count * laws.length;
  let rows = Math.max(1, Math.floor(FIRST_BAND_PAIRS / pairsPerRow));
  job.onProgress(0, cells);
  for (let start = 0; start < y.count; ) {
    job.signal.throwIfAborted();
    const count = Math.min(rows, y.count - start);
    const band: SweepAxis = {
      ...y,
      min: Math.max(y.min, axisValue(y, start)),
      max: Math.min(y.max, axisValue(y, start + count - 1)),
      count,
    };
    const t0 = performance.now();
    const r = await engine.sweep(laws, base, x, band, {
      signal: job.signal,
      onProgress: (done, total) =>
        job.onProgress(start * x.count + (total > 0 ? (done / total) * count * x.count : 0), cells),
    });
    out.setScenarios(new OptimumTable(r, laws.length, count * x.count), start * x.count);
    start += count;
    job.onProgress(start * x.count, cells);
    if (performance.now() - t0 < BAND_TARGET_MS) rows *= 2;
    // Let the page paint the progress between bands.
    await nextTask();
  }
  return out.data;
}
