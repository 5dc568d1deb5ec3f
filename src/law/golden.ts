/**
 * Golden-section minimisation with a fixed iteration count, so the f64 CPU twin and the f32 GPU
 * kernel run the same algorithm step for step (no early stop).
 */

/** Iterations of every golden-section solve. */
export const GOLDEN_ITERATIONS = 64;

/**
 * Iterations of the f32 kernel's golden-section solves: a bracket of width 30 shrinks to
 * 30 * 0.618^40 ~ 1.3e-7, below the f32 spacing of ln N ~ 15-35 (1-4e-6), after which the f32
 * interior points stop moving; the f64 twin keeps going to its own resolution.
 */
export const GOLDEN_ITERATIONS_F32 = 40;

/** 1/phi = (sqrt 5 - 1) / 2. */
export const INV_PHI = (Math.sqrt(5) - 1) / 2;

/** Where a golden-section search ended. */
export interface GoldenMinimum {
  /** The better of the final two interior points. */
  readonly x: number;
  /** Objective at `x` (+Infinity when every evaluated point was infeasible). */
  readonly f: number;
}

/**
 * Minimises `f` on [lo, hi] (lo <= hi) with exactly {@link GOLDEN_ITERATIONS} golden-section
 * steps after the two initial interior points c = hi - (hi - lo)/phi, d = lo + (hi - lo)/phi.
 * Each step: if f(c) < f(d) keep [lo, d], else keep [c, hi]. Returns c if f(c) < f(d), else d.
 * A NaN objective counts as +Infinity. The bracket shrinks by 0.618^64 ~ 4.3e-14, so a width of
 * 28 in ln N leaves ~1.2e-12 (f64).
 */
export function goldenMinimise(
  f: (x: number) => number,
  lo: number,
  hi: number,
  iterations: number = GOLDEN_ITERATIONS,
): GoldenMinimum {
  const g = (x: number) => {
    const v = f(x);
    return Number.isNaN(v) ? Number.POSITIVE_INFINITY : v;
  };
  let a = lo;
  let b = hi;
  let c = b - INV_PHI * (b - a);
  let d = a + INV_PHI * (b - a);
  let fc = g(c);
  let fd = g(d);
  for (let i = 0; i < iterations; i++) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - INV_PHI * (b - a);
      fc = g(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + INV_PHI * (b - a);
      fd = g(d);
    }
  }
  return fc < fd ? { x: c, f: fc } : { x: d, f: fd };
}
