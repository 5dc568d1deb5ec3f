/**
 * Approach 2's compute-optimal allocation over a range of budgets, with its bootstrap band: at
 * each C the point law N_opt = k_N C^a (D_opt = C / (k N_opt)) and the percentiles of N_opt,
 * D_opt and tokens per parameter over the replicas' power laws. The Frontier view draws it
 * beside Approach 3's curve and band.
 */
import { quantiles, type ScenarioBands } from '../law/bands';
import type { Approach2Result } from './approach2';

/** Approach 2's allocation at each budget, and its bands where the fit was bootstrapped. */
export interface Approach2Frontier {
  readonly N: Float64Array;
  readonly D: Float64Array;
  /** One entry per budget (loss is null: Approach 2 predicts no loss); absent without replicas. */
  readonly bands?: readonly ScenarioBands[];
  /** Replicas whose power law the bands summarise. */
  readonly replicas: number;
  /** The largest budget among the fit's used isoFLOP groups (beyond it: extrapolation). */
  readonly dataC: number;
}

/** The allocation and bands of `result` at `budgets` (FLOPs). */
export function approach2Frontier(
  result: Approach2Result,
  budgets: readonly number[],
): Approach2Frontier {
  const k = result.options.k;
  const N = Float64Array.from(budgets, (C) => result.N.coefficient * C ** result.N.exponent);
  const D = Float64Array.from(budgets, (C, i) => C / (k * N[i]!));
  const dataC = Math.max(...result.budgets.filter((b) => b.used).map((b) => b.C));
  const lines = result.bootstrap?.lines;
  const used: [number, number][] = [];
  if (lines) {
    for (let r = 0; r < lines.length / 2; r++) {
      const a = lines[2 * r]!;
      if (!Number.isNaN(a)) used.push([a, lines[2 * r + 1]!]);
    }
  }
  if (used.length < 2) return { N, D, replicas: used.length, dataC };
  const n = new Float64Array(used.length);
  const d = new Float64Array(used.length);
  const t = new Float64Array(used.length);
  const bands = budgets.map((C): ScenarioBands => {
    const lnC = Math.log(C);
    used.forEach(([a, lnKN], r) => {
      n[r] = Math.exp(lnKN + a * lnC);
      d[r] = C / (k * n[r]!);
      t[r] = d[r]! / n[r]!;
    });
    return {
      solved: used.length,
      N: quantiles(n),
      D: quantiles(d),
      tokensPerParam: quantiles(t),
      loss: null,
    };
  });
  return { N, D, bands, replicas: used.length, dataC };
}
