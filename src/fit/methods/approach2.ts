/**
 * Approach 2 of Hoffmann et al. (2022) as a fit method: isoFLOP parabolas, the power laws of
 * N_opt and D_opt through their vertices, and a bootstrap within budgets (`fitApproach2`). It
 * yields no two-term law, so the active law is left as it was.
 */
import {
  type Approach2Options,
  type Approach2Result,
  DEFAULT_APPROACH2_OPTIONS,
  fitApproach2,
  resolveApproach2Options,
  validateApproach2,
} from '../approach2';
import { cpuParabolaBatch } from '../approach2-bootstrap';
import type { FitMethod, FitMethodRow } from '../method';

const fmtC = (c: number) => c.toExponential(0).replace('e+', 'e');

/**
 * Approach 2: options are any part of {@link Approach2Options} over its defaults (the app and
 * the CLI pass their one options object, whose `bootstrap` and `seed` apply), the result an
 * {@link Approach2Result}.
 */
export const APPROACH2: FitMethod<Partial<Approach2Options>, Approach2Result> = {
  id: 'approach2',
  label: 'Approach 2 (Hoffmann et al. 2022): isoFLOP parabolas',
  defaults: DEFAULT_APPROACH2_OPTIONS,
  validate: (runs, options) => validateApproach2(runs, resolveApproach2Options(options)),
  run: (runs, options, context) =>
    fitApproach2(runs, resolveApproach2Options(options), context.parabolas ?? cpuParabolaBatch, {
      ...(context.signal ? { signal: context.signal } : {}),
      ...(context.onProgress ? { onProgress: context.onProgress } : {}),
    }),
  law: () => undefined,
  summary: (result) => {
    const used = result.budgets.filter((b) => b.used).length;
    const k = result.bootstrap
      ? `, ${result.bootstrap.used.toLocaleString('en-US')} bootstrap replicas`
      : '';
    return `Approach 2 on ${result.runs} runs in ${used} of ${result.budgets.length} budgets${k} (${result.engine.toUpperCase()})`;
  },
  rows: (result) => {
    const boot = result.bootstrap;
    const rows: FitMethodRow[] = [
      { name: 'a', estimate: result.N.exponent, ...(boot ? { interval: boot.a.ci95 } : {}) },
      { name: 'b', estimate: result.D.exponent, ...(boot ? { interval: boot.b.ci95 } : {}) },
      { name: 'k_N', estimate: result.N.coefficient },
    ];
    for (const p of result.predictions) {
      const c = fmtC(p.C);
      rows.push(
        { name: `N_opt(${c})`, estimate: p.NOpt, ...(p.NOptCi ? { interval: p.NOptCi } : {}) },
        { name: `D_opt(${c})`, estimate: p.DOpt, ...(p.DOptCi ? { interval: p.DOptCi } : {}) },
        {
          name: `D/N(${c})`,
          estimate: p.tokensPerParam,
          ...(p.tokensPerParamCi ? { interval: p.tokensPerParamCi } : {}),
        },
      );
    }
    for (const m of result.minima)
      rows.push({ name: `L_min(${m.C.toPrecision(3)})`, estimate: m.loss });
    return rows;
  },
  json: (result, adapter) => ({
    engine: result.engine,
    adapter,
    runs: result.runs,
    options: result.options,
    grouping: result.grouping,
    a: result.N.exponent,
    b: result.D.exponent,
    kN: result.N.coefficient,
    kD: result.D.coefficient,
    rmsLogResidual: { N: result.N.rmsLogResidual, D: result.D.rmsLogResidual },
    budgets: result.budgets.map((b) => ({
      C: b.C,
      runs: b.runs.length,
      rows: b.rows,
      distinctSizes: b.distinctSizes,
      used: b.used,
      ...(b.reason ? { reason: b.reason } : {}),
      ...(b.parabola
        ? {
            parabola: {
              centreLnN: b.parabola.centre,
              c0: b.parabola.c0,
              c1: b.parabola.c1,
              c2: b.parabola.c2,
            },
            NOpt: b.parabola.NOpt,
            lossMin: b.parabola.lossMin,
          }
        : {}),
      ...(b.NOptCi ? { NOptCi95: b.NOptCi } : {}),
      ...(b.replicaDrops !== undefined ? { replicaDrops: b.replicaDrops } : {}),
    })),
    minima: result.minima,
    predictions: result.predictions,
    ...(result.bootstrap
      ? {
          bootstrap: {
            requested: result.bootstrap.requested,
            used: result.bootstrap.used,
            failed: result.bootstrap.failed,
            droppedBudgets: result.bootstrap.droppedBudgets,
            a: result.bootstrap.a,
            b: result.bootstrap.b,
          },
        }
      : {}),
    warnings: result.warnings,
    seconds: result.seconds,
  }),
};
