/**
 * The compute-only law as a fit method: L*(C) = E + A C^-alpha through the minimum loss of each
 * isoFLOP budget, with Approach 2's grouping, parabolas and bootstrap within budgets
 * (`fitComputeOnly`). It yields no two-term law, so the active law is left as it was.
 */
import {
  type Approach2Options,
  DEFAULT_APPROACH2_OPTIONS,
  resolveApproach2Options,
  validateApproach2,
} from '../approach2';
import { cpuParabolaBatch } from '../approach2-bootstrap';
import { type ComputeOnlyResult, fitComputeOnly } from '../compute-only';
import type { FitMethod, FitMethodRow } from '../method';

/** The compute-only law; options and their defaults are Approach 2's. */
export const COMPUTE_ONLY: FitMethod<Partial<Approach2Options>, ComputeOnlyResult> = {
  id: 'compute-only',
  label: 'Compute-only law L*(C) = E + A·C^-alpha (through the isoFLOP minima)',
  defaults: DEFAULT_APPROACH2_OPTIONS,
  validate: (runs, options) => validateApproach2(runs, resolveApproach2Options(options)),
  run: (runs, options, context) =>
    fitComputeOnly(runs, resolveApproach2Options(options), context.parabolas ?? cpuParabolaBatch, {
      ...(context.signal ? { signal: context.signal } : {}),
      ...(context.onProgress ? { onProgress: context.onProgress } : {}),
    }),
  law: () => undefined,
  summary: (result) => {
    const k = result.bootstrap
      ? `, ${result.bootstrap.used.toLocaleString('en-US')} bootstrap replicas`
      : '';
    return `Compute-only law on ${result.runs} runs through ${result.minima.length} budget minima${k} (${result.engine.toUpperCase()})`;
  },
  rows: (result) => {
    const boot = result.bootstrap;
    const rows: FitMethodRow[] = [
      { name: 'E', estimate: result.law.E, ...(boot ? { interval: boot.E.ci95 } : {}) },
      { name: 'A', estimate: result.law.A, ...(boot ? { interval: boot.A.ci95 } : {}) },
      { name: 'alpha', estimate: result.law.alpha, ...(boot ? { interval: boot.alpha.ci95 } : {}) },
    ];
    for (const p of result.predictions) {
      rows.push({
        name: `L*(${p.C.toExponential(0).replace('e+', 'e')})`,
        estimate: p.loss,
        ...(p.ci95 ? { interval: p.ci95 } : {}),
      });
    }
    return rows;
  },
  json: (result, adapter) => ({
    engine: result.engine,
    adapter,
    runs: result.runs,
    options: result.options,
    law: { E: result.law.E, A: result.law.A, alpha: result.law.alpha },
    rss: result.law.rss,
    minima: result.minima,
    budgets: result.isoflop.budgets.map((b) => ({
      C: b.C,
      runs: b.runs.length,
      used: b.used,
      ...(b.reason ? { reason: b.reason } : {}),
      ...(b.parabola && b.used ? { lossMin: b.parabola.lossMin, NOpt: b.parabola.NOpt } : {}),
    })),
    predictions: result.predictions,
    ...(result.bootstrap
      ? {
          bootstrap: {
            requested: result.bootstrap.requested,
            used: result.bootstrap.used,
            failed: result.bootstrap.failed,
            E: result.bootstrap.E,
            A: result.bootstrap.A,
            alpha: result.bootstrap.alpha,
          },
        }
      : {}),
    warnings: result.warnings,
    seconds: result.seconds,
  }),
};
