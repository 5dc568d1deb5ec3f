/**
 * Percentile bands of optima across laws (bootstrap replicas): for each scenario of a frontier
 * result (src/law/optima.ts layout), the 5/25/50/75/95th percentiles of N, D, tokens per
 * parameter and loss over the laws that solved it. Pure, no DOM.
 */
import { OptimumTable } from './optimum-table';
import { percentile } from './stats';

/** The percentiles every band reports, in order. */
export const BAND_PERCENTILES = [5, 25, 50, 75, 95] as const;

/**
 * Percentiles of one quantity: p5, p25, p50 (median), p75, p95 (the drawn bands), and p2_5,
 * p97_5, the ends of the central 95% interval the tables quote.
 */
export interface Quantiles {
  readonly p2_5: number;
  readonly p97_5: number;
  readonly p5: number;
  readonly p25: number;
  readonly p50: number;
  readonly p75: number;
  readonly p95: number;
}

/** The bands of one scenario; the quantities are null when no law solved it. */
export interface ScenarioBands {
  /** Laws that solved this scenario (status 0). */
  readonly solved: number;
  readonly N: Quantiles | null;
  readonly D: Quantiles | null;
  readonly tokensPerParam: Quantiles | null;
  readonly loss: Quantiles | null;
}

/** The band percentiles of `values` (any order); null when empty. */
export function quantiles(values: Float64Array | number[]): Quantiles | null {
  if (values.length === 0) return null;
  const s = Float64Array.from(values).sort();
  return {
    p2_5: percentile(s, 0.025),
    p97_5: percentile(s, 0.975),
    p5: percentile(s, 0.05),
    p25: percentile(s, 0.25),
    p50: percentile(s, 0.5),
    p75: percentile(s, 0.75),
    p95: percentile(s, 0.95),
  };
}

/**
 * Bands per scenario of a frontier result with `lawCount` laws x `scenarioCount` scenarios,
 * law-major. Pairs whose status is not 0 are left out.
 */
export function frontierBands(
  results: Float32Array,
  lawCount: number,
  scenarioCount: number,
): ScenarioBands[] {
  const table = new OptimumTable(results, lawCount, scenarioCount);
  const out: ScenarioBands[] = [];
  const N = new Float64Array(lawCount);
  const D = new Float64Array(lawCount);
  const R = new Float64Array(lawCount);
  const L = new Float64Array(lawCount);
  for (let s = 0; s < scenarioCount; s++) {
    let k = 0;
    for (let l = 0; l < lawCount; l++) {
      if (!table.ok(l, s)) continue;
      N[k] = table.N(l, s);
      D[k] = table.D(l, s);
      R[k] = table.D(l, s) / table.N(l, s);
      L[k] = table.loss(l, s);
      k++;
    }
    out.push({
      solved: k,
      N: quantiles(N.subarray(0, k)),
      D: quantiles(D.subarray(0, k)),
      tokensPerParam: quantiles(R.subarray(0, k)),
      loss: quantiles(L.subarray(0, k)),
    });
  }
  return out;
}

/** `count` budgets spaced evenly in log10 from `min` to `max` inclusive. */
export function logBudgets(min: number, max: number, count: number): number[] {
  if (count < 2) return [min];
  const a = Math.log10(min);
  const step = (Math.log10(max) - a) / (count - 1);
  return Array.from({ length: count }, (_, i) => 10 ** (a + i * step));
}
