/** Start points of the point fit: the Hoffmann grid, seeded random starts, or a warm start. */
import type { LawTheta } from '../law/law';
import { uniformAt } from './counter-rng';
import { pinTheta } from './objective-options';
import type { FixedParams, StartStrategy } from './types';

/**
 * The start grid of Hoffmann et al. 2022 (Approach 3): alpha, beta in {0, .5, 1, 1.5, 2};
 * e in {-1, -.5, 0, .5, 1}; a, b in {0, 5, 10, 15, 20, 25}: 4,500 starts (900 with tied exponents).
 */
export const HOFFMANN_GRID = {
  exponent: [0, 0.5, 1, 1.5, 2],
  e: [-1, -0.5, 0, 0.5, 1],
  intercept: [0, 5, 10, 15, 20, 25],
} as const;

/** Stream of the random starts; bootstrap replica k uses stream k, far below this. */
const START_STREAM = 0xffffffff;

/** Every start of the Hoffmann grid. */
export function gridStarts(tieExponents: boolean): LawTheta[] {
  const out: LawTheta[] = [];
  const { exponent, e, intercept } = HOFFMANN_GRID;
  for (const alpha of exponent) {
    for (const beta of tieExponents ? [alpha] : exponent) {
      for (const ev of e) {
        for (const a of intercept) {
          for (const b of intercept) out.push({ a, b, e: ev, alpha, beta });
        }
      }
    }
  }
  return out;
}

/** `count` starts drawn uniformly over the grid's bounding box, from `seed`. */
export function randomStarts(count: number, seed: number, tieExponents: boolean): LawTheta[] {
  const span = (lo: number, hi: number, k: number, j: number) =>
    lo + (hi - lo) * uniformAt(seed, START_STREAM, k * 5 + j);
  return Array.from({ length: count }, (_, k) => {
    const alpha = span(0, 2, k, 3);
    return {
      a: span(0, 25, k, 0),
      b: span(0, 25, k, 1),
      e: span(-1, 1, k, 2),
      alpha,
      beta: tieExponents ? alpha : span(0, 2, k, 4),
    };
  });
}

/**
 * The starts a strategy names. With `fixed` parameters each start carries their values
 * (e = ln E, the exponents as given), and starts that then coincide are kept once, first
 * occurrence first (the grid with E fixed has 900 distinct starts, not 4,500).
 */
export function startsFor(
  strategy: StartStrategy,
  seed: number,
  tieExponents: boolean,
  fixed?: FixedParams,
): LawTheta[] {
  const starts = strategyStarts(strategy, seed, tieExponents);
  if (!fixed || (fixed.E === undefined && fixed.alpha === undefined && fixed.beta === undefined))
    return starts;
  const seen = new Set<string>();
  const out: LawTheta[] = [];
  for (const s of starts) {
    const t = pinTheta(s, fixed, tieExponents);
    const key = `${t.a},${t.b},${t.e},${t.alpha},${t.beta}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(t);
  }
  return out;
}

function strategyStarts(strategy: StartStrategy, seed: number, tieExponents: boolean): LawTheta[] {
  switch (strategy.kind) {
    case 'grid':
      return gridStarts(tieExponents);
    case 'random':
      return randomStarts(strategy.count, seed, tieExponents);
    case 'warm': {
      const t = strategy.theta;
      if (!tieExponents) return [t];
      const mean = 0.5 * (t.alpha + t.beta);
      return [{ ...t, alpha: mean, beta: mean }];
    }
  }
}
