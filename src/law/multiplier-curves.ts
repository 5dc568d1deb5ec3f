/**
 * Effective-compute-multiplier curves over many (recipe, reference) pairs and budgets, in f64:
 * the CPU twin of shaders/multiplier.wgsl, statement for statement, and the packer both engines
 * use to lay out its inputs.
 *
 * For a pair (X, R) of frontier curves (src/law/compute-multiplier.ts) and a budget C,
 *
 *   ln m(C) = ln k_R - ln((L*_X(C) - E_R) / K_R) / gamma_R - ln C,
 *
 * undefined (the reference cannot match X at any compute) where L*_X(C) - E_R <= 0. Everything
 * is done in logs of C, k and K, so budgets up to 1e30 and more neither overflow nor underflow
 * in f32. What depends on the pair alone is folded once in f64 by the packer:
 *
 *   cX = ln K_X + gamma_X ln k_X,   dE = E_X - E_R,   offsetR = ln k_R + ln K_R / gamma_R,
 *
 * so that per (pair, budget) x = cX - gamma_X ln C, gap = dE + e^x and
 * ln m = offsetR - ln(gap) / gamma_R - ln C.
 */
import type { FrontierLoss } from './compute-multiplier';

/** A recipe's frontier curve and the reference it is measured against. */
export type MultiplierPair = readonly [x: FrontierLoss, reference: FrontierLoss];

/** The fields of one packed pair, in order (the kernel's MultiplierPair struct). */
export const MULTIPLIER_PAIR_FIELDS = [
  'cX',
  'gammaX',
  'dE',
  'invGammaR',
  'offsetR',
  'pad0',
  'pad1',
  'pad2',
] as const;

/** Floats per packed pair (32 bytes in f32: two vec4f, no padding in a storage array). */
export const MULTIPLIER_PAIR_STRIDE = MULTIPLIER_PAIR_FIELDS.length;

function checkCurve(f: FrontierLoss, where: string): void {
  if (!Number.isFinite(f.E) || !(f.K > 0) || !(f.gamma > 0) || !(f.k > 0))
    throw new RangeError(`${where}: a frontier curve needs a finite E and K, gamma, k > 0`);
  if (![f.K, f.gamma, f.k].every(Number.isFinite))
    throw new RangeError(`${where}: K, gamma and k must be finite`);
}

/**
 * The pair table, MULTIPLIER_PAIR_STRIDE f64 per pair (fields MULTIPLIER_PAIR_FIELDS, padding 0).
 * Throws a RangeError naming the pair for a curve with E not finite or K, gamma, k not > 0.
 */
export function packMultiplierPairs(pairs: readonly MultiplierPair[]): Float64Array {
  const out = new Float64Array(pairs.length * MULTIPLIER_PAIR_STRIDE);
  for (const [p, [x, r]] of pairs.entries()) {
    checkCurve(x, `pair ${p}, recipe`);
    checkCurve(r, `pair ${p}, reference`);
    const o = p * MULTIPLIER_PAIR_STRIDE;
    out[o] = Math.log(x.K) + x.gamma * Math.log(x.k);
    out[o + 1] = x.gamma;
    out[o + 2] = x.E - r.E;
    out[o + 3] = 1 / r.gamma;
    out[o + 4] = Math.log(r.k) + Math.log(r.K) / r.gamma;
  }
  return out;
}

/** ln C of every budget. Throws a RangeError for a budget that is not finite and > 0. */
export function packLnBudgets(budgets: readonly number[]): Float64Array {
  return Float64Array.from(budgets, (C, b) => {
    if (!(C > 0) || !Number.isFinite(C))
      throw new RangeError(`budget ${b} is ${C}: budgets must be finite and > 0`);
    return Math.log(C);
  });
}

/**
 * ln m for every packed pair and every ln C: P x B f64, pair-major (p * B + b), NaN where the
 * reference cannot match. The twin of the kernel, on the packer's tables.
 */
export function multiplierCurvesPacked(pairs: Float64Array, lnBudgets: Float64Array): Float64Array {
  const P = pairs.length / MULTIPLIER_PAIR_STRIDE;
  const B = lnBudgets.length;
  const out = new Float64Array(P * B);
  for (let p = 0; p < P; p++) {
    const o = p * MULTIPLIER_PAIR_STRIDE;
    const cX = pairs[o]!;
    const gammaX = pairs[o + 1]!;
    const dE = pairs[o + 2]!;
    const invGammaR = pairs[o + 3]!;
    const offsetR = pairs[o + 4]!;
    for (let b = 0; b < B; b++) {
      const lnC = lnBudgets[b]!;
      const gap = dE + Math.exp(cX - gammaX * lnC);
      out[p * B + b] = gap > 0 ? offsetR - Math.log(gap) * invGammaR - lnC : Number.NaN;
    }
  }
  return out;
}

/**
 * ln m(C) of each pair's recipe against its reference at every budget: P x B f64, pair-major
 * (index p * B + b), NaN where the reference cannot match at any compute (L*_X(C) <= E_R).
 * Throws a RangeError for an unusable curve or budget.
 */
export function multiplierCurves(
  pairs: readonly MultiplierPair[],
  budgets: readonly number[],
): Float64Array {
  return multiplierCurvesPacked(packMultiplierPairs(pairs), packLnBudgets(budgets));
}
