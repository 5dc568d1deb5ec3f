/**
 * Tolerances for comparing f32 GPU results with f64 CPU twins, derived per quantity.
 *
 * Surface cell: the kernel receives the f64 terms rounded to f32 and evaluates
 * x = x0 + c * step (three roundings, plus the rounding of x0 and step themselves), then exp(x)
 * and two additions. With u = 2^-23 (one f32 ulp at 1):
 *   |error of x|          <= u * (|x0| + 2 |c * step| + |x|)
 *   relative error of e^x <= |error of x| + (3 + 2|x|) u      (WGSL exp accuracy: 3 + 2|x| ULP)
 *   relative error of L   <= (tN * errN + tD * errD) / L + 2u  (two additions)
 * The bound is doubled for safety; it is about 1e-6 where a term dominates at |x| ~ 5, and
 * it never lets through an error that would show as a wrong colour or a wrong contour.
 */
import type { SurfaceTerms } from '../../src/law/surface';

/** One f32 ulp at 1. */
export const F32_ULP = 2 ** -23;

function termError(x0: number, step: number, index: number): { value: number; error: number } {
  const x = x0 + index * step;
  const argError = F32_ULP * (Math.abs(x0) + 2 * Math.abs(index * step) + Math.abs(x));
  return { value: Math.exp(x), error: argError + (3 + 2 * Math.abs(x)) * F32_ULP };
}

/** The f64 reference value of a cell and the relative tolerance the f32 kernel must meet. */
export function surfaceCellBound(
  t: SurfaceTerms,
  col: number,
  row: number,
): { expected: number; relTol: number } {
  const n = termError(t.xN0, t.xNStep, col);
  const d = termError(t.xD0, t.xDStep, row);
  const expected = t.E + n.value + d.value;
  const relTol = 2 * ((n.value * n.error + d.value * d.error) / expected + 2 * F32_ULP);
  return { expected, relTol };
}
