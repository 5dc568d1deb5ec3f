/**
 * The API a CPU worker exposes through comlink. Plain functions over the CPU twins, so the same
 * object runs in a Worker, over a MessageChannel in tests, or inline in Node.
 */
import { type ColourScale, colourise } from '../colour/colour-map';
import { type CandidateGrid, candidateReductions, type DesignModel } from '../fit/design';
import { type PackedBudgets, parabolaRecords } from '../fit/isoflop-parabola';
import { fitFromStarts, fitReplicas, type LocalFitOptions } from '../fit/local-fits';
import { weightedFitData } from '../fit/objective';
import { resampleUnits } from '../fit/resample';
import type { ReplicaRequest } from '../fit/run-fit';
import type { FitRun, LocalFit } from '../fit/types';
import type { RowRange, SurfaceGrid } from '../law/grid';
import type { LawTheta, ScalingLaw } from '../law/law';
import { multiplierCurvesPacked } from '../law/multiplier-curves';
import { solveOptima, solveSweep } from '../law/optima';
import type { Scenario } from '../law/scenario';
import { evaluateSurface } from '../law/surface';
import type { SweepAxis } from '../law/sweep';

/** Work one CPU thread does. */
export interface CpuWorkerApi {
  /** Answers at once: the pool's liveness check (a worker that was terminated never answers). */
  ping(): true;
  /** L over `rows` of `grid` (row-major f32). */
  surfaceRows(law: ScalingLaw, grid: SurfaceGrid, rows: RowRange): Float32Array;
  /** RGBA of `rows` of `grid` in image orientation (last grid row first). */
  surfaceImageRows(
    law: ScalingLaw,
    grid: SurfaceGrid,
    rows: RowRange,
    scale: ColourScale,
  ): Uint8ClampedArray<ArrayBuffer>;
  /** Local fits of `runs` from each start. */
  fitStarts(
    runs: readonly FitRun[],
    starts: readonly LawTheta[],
    options: LocalFitOptions,
  ): LocalFit[];
  /** Local fits of the bootstrap replicas the request names. */
  fitReplicas(
    runs: readonly FitRun[],
    request: ReplicaRequest,
    options: LocalFitOptions,
  ): LocalFit[];
  /** isoFLOP parabola records of every (replica, budget) pair of `weights` (Approach 2). */
  parabolaRecords(packed: PackedBudgets, weights: Float64Array): Float64Array;
  /** ln m of every packed pair at every ln C (src/law/multiplier-curves.ts layout). */
  multiplierCurves(pairs: Float64Array, lnBudgets: Float64Array): Float64Array;
  /** The designer's variance reduction of every cell in `rows` of `grid` (row-major f64). */
  designReductions(model: DesignModel, grid: CandidateGrid, rows: RowRange): Float64Array;
  /** Optima of every law with every scenario (src/law/optima.ts layout). */
  solveOptima(laws: readonly ScalingLaw[], scenarios: readonly Scenario[]): Float32Array;
  /** Optima in rows `rows` of a sweep, for every law. */
  solveSweep(
    laws: readonly ScalingLaw[],
    base: Scenario,
    x: SweepAxis,
    y: SweepAxis,
    rows: RowRange,
  ): Float32Array;
}

/** Builds the worker API; `transfer` marks a typed array's buffer for zero-copy return. */
export function createCpuWorkerApi(
  transfer: <T>(value: T, buffers: Transferable[]) => T = (v) => v,
): CpuWorkerApi {
  return {
    ping: () => true,
    surfaceRows(law, grid, rows) {
      const values = evaluateSurface(law, grid, rows);
      return transfer(values, [values.buffer]);
    },
    surfaceImageRows(law, grid, rows, scale) {
      const rgba = colourise(evaluateSurface(law, grid, rows), grid.width, scale);
      return transfer(rgba, [rgba.buffer]);
    },
    parabolaRecords(packed, weights) {
      const out = parabolaRecords(packed, weights);
      return transfer(out, [out.buffer]);
    },
    multiplierCurves(pairs, lnBudgets) {
      const out = multiplierCurvesPacked(pairs, lnBudgets);
      return transfer(out, [out.buffer]);
    },
    designReductions(model, grid, rows) {
      const out = candidateReductions(model, grid, rows);
      return transfer(out, [out.buffer]);
    },
    solveOptima(laws, scenarios) {
      const out = solveOptima(laws, scenarios);
      return transfer(out, [out.buffer]);
    },
    solveSweep(laws, base, x, y, rows) {
      const out = solveSweep(laws, base, x, y, rows);
      return transfer(out, [out.buffer]);
    },
    fitStarts(runs, starts, options) {
      return fitFromStarts(weightedFitData(runs, options.weighting), starts, options);
    },
    fitReplicas(runs, request, options) {
      const units = resampleUnits(runs, request.byGroup);
      return fitReplicas(
        weightedFitData(runs, options.weighting),
        units,
        request.seed,
        request.first,
        request.count,
        request.warm,
        options,
      );
    },
  };
}
