/**
 * Optima of many (law, scenario) pairs packed as f32 quadruples (N, D, loss, status), law-major:
 * pair p = law * S + scenario. The CPU twin of GpuOptimum.solve / sweep (src/gpu/optimum.ts),
 * in the same layout, so engines, bands and views read either the same way.
 */
import type { RowRange } from './grid';
import type { ScalingLaw } from './law';
import { solveOptimum } from './optimum';
import { failureReason, OptimumStatus, type Scenario } from './scenario';
import { type SweepAxis, sweepCell } from './sweep';

/** f32 values per pair: N, D, loss, status. */
export const PAIR_STRIDE = 4;

/** One decoded pair; N, D and loss are 0 unless status is 0 (OptimumStatus). */
export interface OptimumPair {
  readonly N: number;
  readonly D: number;
  readonly loss: number;
  readonly status: number;
}

/** The pair `p` of a result array. */
export function readPair(results: Float32Array, p: number): OptimumPair {
  const o = p * PAIR_STRIDE;
  return { N: results[o]!, D: results[o + 1]!, loss: results[o + 2]!, status: results[o + 3]! };
}

/** The message for a status (empty for status 0), identical on both engines. */
export function optimumReason(status: number, law: ScalingLaw, scenario: Scenario): string {
  return status === OptimumStatus.ok ? '' : failureReason(status, law, scenario);
}

/**
 * Writes the solution of (law, scenario) at pair `p`. A solution whose N, D or loss is not
 * finite in f32 becomes noOptimum with zeroed values, the rule the GPU wrapper applies too.
 */
function writePair(out: Float32Array, p: number, law: ScalingLaw, scenario: Scenario): void {
  const r = solveOptimum(law, scenario);
  const o = p * PAIR_STRIDE;
  if (!r.ok) {
    out[o + 3] = r.status;
    return;
  }
  out[o] = r.N;
  out[o + 1] = r.D;
  out[o + 2] = r.loss;
  if (!(Number.isFinite(out[o]!) && Number.isFinite(out[o + 1]!) && Number.isFinite(out[o + 2]!))) {
    out.fill(0, o, o + 3);
    out[o + 3] = OptimumStatus.noOptimum;
  }
}

/** Optima of every law with every scenario, law-major, in f64 rounded to f32. */
export function solveOptima(
  laws: readonly ScalingLaw[],
  scenarios: readonly Scenario[],
): Float32Array {
  const out = new Float32Array(laws.length * scenarios.length * PAIR_STRIDE);
  for (const [l, law] of laws.entries()) {
    for (const [i, s] of scenarios.entries()) writePair(out, l * scenarios.length + i, law, s);
  }
  return out;
}

/**
 * Optima in the sweep cells of rows `rows` (row = y index), for each law: L x (rows.count *
 * x.count) x 4, law-major, cells row-major. The CPU twin of GpuOptimum.sweep over those rows.
 */
export function solveSweep(
  laws: readonly ScalingLaw[],
  base: Scenario,
  x: SweepAxis,
  y: SweepAxis,
  rows: RowRange = { start: 0, count: y.count },
): Float32Array {
  const cells = rows.count * x.count;
  const out = new Float32Array(laws.length * cells * PAIR_STRIDE);
  for (let r = 0; r < rows.count; r++) {
    for (let c = 0; c < x.count; c++) {
      const s = sweepCell(base, x, y, c, rows.start + r);
      for (const [l, law] of laws.entries()) writePair(out, l * cells + r * x.count + c, law, s);
    }
  }
  return out;
}
