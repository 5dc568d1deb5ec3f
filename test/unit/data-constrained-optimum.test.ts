/**
 * The data-constrained optimum (kind b) against an independent reference: the repetition model
 * of Muennighoff et al. (2023) written out again here from its formulas (not through
 * src/law/data-constrained.ts), minimised along the isoFLOP line by a dense scan refined by
 * golden-section search in f64.
 *
 * Where the loss is curved (curvature of ln(L - E) in ln N at least 1e-4) the scan locates the
 * minimum to ~5e-6 in ln N (f64 resolves the reducible loss to ~1e-16 of itself, and the
 * parabola rises by that much at sqrt(2e-16 / 1e-4)), so the solver's N must agree to 1e-4
 * relative. Flatter minima sit on the edge of a plateau, where the argmin is not determined
 * by the loss: there only the loss is compared.
 */
import { describe, expect, it } from 'vitest';
import {
  bisectFirst,
  dataConstrainedBracket,
  dataConstrainedLine,
  dataConstrainedPoint,
} from '../../src/law/data-constrained';
import type { ScalingLaw } from '../../src/law/law';
import { dataConstrainedLoss, type OptimumOk, solveOptimum } from '../../src/law/optimum';
import { findPreset, PRESETS } from '../../src/law/presets';
import { repetitionConstants, resolveScenario, type Scenario } from '../../src/law/scenario';

const K = 6;
const muennighoffExtras = findPreset('muennighoff2023')!.extras;
const rStar = repetitionConstants(muennighoffExtras);

/** X' = X_U (1 + R* (1 - e^(-R/R*))), X_U = min(X, cap), R = X / X_U - 1 (the paper's form). */
function effective(X: number, cap: number, r: number): number {
  const XU = Math.min(X, cap);
  const R = X / XU - 1;
  return XU + XU * r * (1 - Math.exp(-R / r));
}

/** The reducible loss A/N'^alpha + B/D'^beta at x = ln N on C = 6 N D, written from scratch. */
function referenceReducible(law: ScalingLaw, C: number, U: number): (x: number) => number {
  const G = ((law.alpha * law.A) / (law.beta * law.B)) ** (1 / (law.alpha + law.beta));
  // The compute-optimal N whose D_opt is U: N = G (C/6)^a, D = (C/6)^b / G, a / b = beta / alpha.
  const NU = G * (U * G) ** (law.beta / law.alpha);
  return (x) => {
    const N = Math.exp(x);
    const D = C / (K * N);
    const Np = effective(N, NU, rStar.RStarN);
    const Dp = effective(D, U, rStar.RStarD);
    return law.A / Np ** law.alpha + law.B / Dp ** law.beta;
  };
}

/** Argmin of f on [lo, hi]: a 4,001-point scan, then 120 golden-section steps around its best. */
function denseArgmin(f: (x: number) => number, lo: number, hi: number): number {
  const n = 4000;
  const step = (hi - lo) / n;
  let best = 0;
  let fBest = Number.POSITIVE_INFINITY;
  for (let i = 0; i <= n; i++) {
    const v = f(lo + i * step);
    if (v < fBest) {
      fBest = v;
      best = i;
    }
  }
  let a = lo + Math.max(best - 1, 0) * step;
  let b = lo + Math.min(best + 1, n) * step;
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = f(c);
  let fd = f(d);
  for (let i = 0; i < 120; i++) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = f(d);
    }
  }
  return fc < fd ? c : d;
}

/** Curvature of ln f at x (central differences, h = 1e-2). */
function logCurvature(f: (x: number) => number, x: number): number {
  const h = 1e-2;
  return (Math.log(f(x + h)) - 2 * Math.log(f(x)) + Math.log(f(x - h))) / (h * h);
}

function solved(law: ScalingLaw, s: Scenario): OptimumOk {
  const r = solveOptimum(law, s);
  if (!r.ok) throw new Error(`no solution for ${JSON.stringify(s)}: ${r.reason}`);
  return r;
}

interface Case {
  readonly id: string;
  readonly law: ScalingLaw;
  readonly C: number;
  readonly U: number;
}

/** Every preset x 5 budgets x U from 1e8 to 1e14 in quarter decades (500 cases). */
const CASES: readonly Case[] = PRESETS.flatMap((p) =>
  [1e20, 1e22, 1e24, 1e26, 1e28].flatMap((C) =>
    Array.from({ length: 25 }, (_, i) => ({ id: p.id, law: p.law, C, U: 10 ** (8 + i / 4) })),
  ),
);

describe('data-constrained optimum against an independent dense scan', () => {
  it('the reference restates the same loss', () => {
    for (const { law, C, U } of CASES.filter((_, i) => i % 37 === 0)) {
      const s: Scenario = { kind: 'data-constrained', C, U, ...rStar };
      const f = referenceReducible(law, C, U);
      for (const x of [18, 22, 26, 30]) {
        if (x >= Math.log(C / K)) continue;
        expect(law.E + f(x)).toBeCloseTo(dataConstrainedLoss(law, s, x), 12);
      }
    }
  });

  it('N_opt is within 1e-4 of the scan wherever the loss is curved, across U and C', () => {
    let checked = 0;
    let binding = 0;
    let worst = { dx: 0, where: '' };
    // The rule before this tolerance (elasticity -1e-5): its worst miss over the same cases.
    let worstOld = 0;
    for (const { id, law, C, U } of CASES) {
      const s: Scenario = { kind: 'data-constrained', C, U, ...rStar };
      const r = solved(law, s);
      const x = Math.log(r.N);
      const f = referenceReducible(law, C, U);
      const xRef = denseArgmin(f, x - 6, Math.min(x + 6, Math.log(C / K)));
      const curvature = logCurvature(f, xRef);
      if (!(curvature >= 1e-4)) continue;
      checked++;
      const dx = Math.abs(x - xRef);
      if (dx > worst.dx) worst = { dx, where: `${id} C=${C} U=${U.toPrecision(3)}` };
      if (r.D > U && curvature < 1e-2) binding++;
      const line = dataConstrainedLine(law, resolveScenario(s));
      const [lo, hi] = dataConstrainedBracket(line);
      const xOld = bisectFirst(
        (t) => dataConstrainedPoint(line, t).elasticity >= -1e-5,
        lo,
        hi,
        45,
      );
      worstOld = Math.max(worstOld, Math.abs(xOld - xRef));
    }
    expect(worst.dx, worst.where).toBeLessThan(1e-4);
    // Enough cases, among them repeated-data optima in the weakly curved band near the plateau
    // (more than one epoch, curvature below 1e-2), where the previous rule missed by up to 1e-2.
    expect(checked).toBeGreaterThan(250);
    expect(binding).toBeGreaterThan(10);
    expect(worstOld).toBeGreaterThan(1e-3);
  });

  it.each([
    ['hoffmann2022-unrounded', 10 ** 10.5],
    ['hoffmann2022', 10 ** 10.75],
    ['muennighoff2023', 10 ** 11],
    ['besiroglu2024', 10 ** 10.5],
  ])('agrees to 1e-4 at C = 1e24 for %s, U = %d (repeated data)', (id, U) => {
    const law = findPreset(id)!.law;
    const C = 1e24;
    const r = solved(law, { kind: 'data-constrained', C, U, ...rStar });
    const f = referenceReducible(law, C, U);
    const x = Math.log(r.N);
    const xRef = denseArgmin(f, x - 6, x + 6);
    expect(r.epochs!).toBeGreaterThan(1);
    expect(Math.abs(r.N / Math.exp(xRef) - 1)).toBeLessThan(1e-4);
  });

  it('costs no visible loss where the minimum is too flat to locate (plateaus)', () => {
    let flat = 0;
    for (const { law, C, U } of CASES) {
      const r = solved(law, { kind: 'data-constrained', C, U, ...rStar });
      const x = Math.log(r.N);
      const f = referenceReducible(law, C, U);
      const xRef = denseArgmin(f, x - 6, Math.min(x + 6, Math.log(C / K)));
      if (logCurvature(f, xRef) >= 1e-4) continue;
      flat++;
      // The smaller end of the plateau: within 1e-9 of the minimum reducible loss.
      expect(f(x) / f(xRef) - 1).toBeLessThan(1e-9);
      expect(f(x) / f(xRef) - 1).toBeGreaterThanOrEqual(-1e-12);
    }
    expect(flat).toBeGreaterThan(50);
  });
});
