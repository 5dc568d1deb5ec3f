import { describe, expect, it } from 'vitest';
import { dataInferenceLoss, solveOptimum } from '../../src/law/optimum';
import { PRESETS } from '../../src/law/presets';
import { OptimumStatus, type Scenario } from '../../src/law/scenario';

const hoffmann = PRESETS[0]!.law;
const muennighoff = PRESETS[3]!.law;

/**
 * The loss minimum over a dense scan of x = ln N in (0, ln N_max), refined by a second dense
 * scan of +-2 steps around the best point (step ~1e-8 in ln N): the truth.
 */
function denseScan(law: typeof hoffmann, s: Scenario): { x: number; loss: number } {
  const lnNmax = Math.log((s.C as number) / (2 * (s.Dinf as number)));
  const scan = (lo: number, hi: number, steps: number) => {
    let best = { x: Number.NaN, loss: Number.POSITIVE_INFINITY };
    for (let i = 1; i < steps; i++) {
      const x = lo + ((hi - lo) * i) / steps;
      const loss = dataInferenceLoss(law, s, x);
      if (loss < best.loss) best = { x, loss };
    }
    return best;
  };
  const step = lnNmax / 50_000;
  const coarse = scan(0, lnNmax, 50_000);
  return scan(coarse.x - 2 * step, Math.min(coarse.x + 2 * step, lnNmax), 50_000);
}

const CASES: Scenario[] = [
  { kind: 'data-constrained-inference', C: 1e22, U: 1e11, Dinf: 1e12 },
  { kind: 'data-constrained-inference', C: 1e24, U: 1e12, Dinf: 1e13 },
  { kind: 'data-constrained-inference', C: 1e24, U: 1e10, Dinf: 1e14 },
  { kind: 'data-constrained-inference', C: 1e20, U: 1e9, Dinf: 1e10, q: 2, RStarD: 5, RStarN: 2 },
];

describe('data-constrained optimum with inference demand', () => {
  it.each(CASES)('reaches the loss of a dense scan of the budget line (%o)', (s) => {
    for (const law of [hoffmann, muennighoff]) {
      const r = solveOptimum(law, s);
      if (!r.ok) throw new Error(r.reason);
      const truth = denseScan(law, s);
      // The solve stops where a larger model lowers L - E by < 1e-5 of itself per unit ln N:
      // its loss is above the minimum by at most ~tolerance^2 / curvature of L - E.
      expect(r.loss).toBeGreaterThanOrEqual(truth.loss - 1e-14);
      expect(r.loss - truth.loss).toBeLessThan(1e-7 * (truth.loss - law.E) + 1e-12);
      // Every unit of the budget is spent: k N D + 2 N D_inf = C.
      expect(r.totalFlops / (s.C as number)).toBeCloseTo(1, 10);
      expect(r.epochs).toBeCloseTo(r.D / (s.U as number), 12);
      // Where the loss is curved, N itself agrees with the scan.
      if (Math.abs(Math.log(r.N) - truth.x) > 0.05) {
        const flat = dataInferenceLoss(law, s, truth.x + 0.05) - truth.loss;
        expect(flat).toBeLessThan(1e-6 * (truth.loss - law.E));
      }
    }
  });

  it('is the data-constrained kind when D_inf = 0 and in the limit D_inf -> 0', () => {
    for (const law of [hoffmann, muennighoff]) {
      const b = solveOptimum(law, { kind: 'data-constrained', C: 1e23, U: 1e11 });
      const zero = solveOptimum(law, {
        kind: 'data-constrained-inference',
        C: 1e23,
        U: 1e11,
        Dinf: 0,
      });
      expect(zero).toEqual(b);
      const tiny = solveOptimum(law, {
        kind: 'data-constrained-inference',
        C: 1e23,
        U: 1e11,
        Dinf: 1e3,
      });
      if (!b.ok || !tiny.ok) throw new Error('unsolved');
      expect(Math.abs(Math.log(tiny.N / b.N))).toBeLessThan(1e-6);
      expect(tiny.loss / b.loss - 1).toBeLessThan(1e-9);
    }
  });

  it('is the inference-budget kind as U -> infinity', () => {
    for (const law of [hoffmann, muennighoff]) {
      for (const [C, Dinf] of [
        [1e22, 1e12],
        [1e24, 1e14],
      ] as const) {
        const c2 = solveOptimum(law, { kind: 'inference-budget', C, Dinf });
        const f = solveOptimum(law, { kind: 'data-constrained-inference', C, Dinf, U: 1e30 });
        if (!c2.ok || !f.ok) throw new Error('unsolved');
        // The elasticity stop sits ~tolerance / curvature (~1e-7) below the loss minimum.
        expect(Math.abs(Math.log(f.N / c2.N))).toBeLessThan(1e-6);
        expect(Math.abs(f.loss / c2.loss - 1)).toBeLessThan(1e-9);
      }
    }
  });

  it('trains smaller models on more repeated data as the inference demand grows', () => {
    const Ns = [1e10, 1e12, 1e13, 1e14].map((Dinf) => {
      const r = solveOptimum(hoffmann, {
        kind: 'data-constrained-inference',
        C: 1e24,
        U: 3e11,
        Dinf,
      });
      if (!r.ok) throw new Error(r.reason);
      return r;
    });
    for (let i = 1; i < Ns.length; i++) {
      expect(Ns[i]!.N).toBeLessThan(Ns[i - 1]!.N);
      expect(Ns[i]!.epochs!).toBeGreaterThan(Ns[i - 1]!.epochs!);
    }
  });

  it('reports a budget too small for the demand, and bad inputs, by name', () => {
    const small = solveOptimum(hoffmann, {
      kind: 'data-constrained-inference',
      C: 100,
      U: 1e9,
      Dinf: 1e3,
    });
    expect(small).toMatchObject({ ok: false, status: OptimumStatus.inferenceTooSmall });
    expect(!small.ok && small.reason).toMatch(/too small for the inference demand D_inf = 1000/);
    const missing = solveOptimum(hoffmann, { kind: 'data-constrained-inference', C: 1e22, U: 1e9 });
    expect(!missing.ok && missing.reason).toBe(
      "inference tokens D_inf is required for a 'data-constrained-inference' scenario",
    );
    const badR = solveOptimum(hoffmann, {
      kind: 'data-constrained-inference',
      C: 1e22,
      U: 1e9,
      Dinf: 1e9,
      RStarN: 0,
    });
    expect(!badR.ok && badR.reason).toBe('R*_N must be positive, got 0');
  });
});
