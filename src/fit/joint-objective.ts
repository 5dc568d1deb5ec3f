/**
 * The objective of a joint Approach-3 fit of several series with some parameters shared: the
 * sum over series of each series' own objective (rowsObjective on its own centred rows), over
 * one vector z that holds each shared parameter once and every other parameter once per series.
 *
 * Coordinates. Each series keeps its own centring (prepareFitData of its runs), so with nothing
 * shared every block of z is exactly the separate fit's centred vector. A shared intercept
 * cannot be a per-series centred one (a'_s = a - alpha_s mean_s(ln N) differs by series), so
 * its slot holds c = a - alpha mean(ln N) with the pooled mean over all series when alpha is
 * shared too (centred as well as the pooled runs allow), or the plain a when alpha is not (then
 * nothing can centre it; the fit is as conditioned as the uncentred Hoffmann one). Every series'
 * centred vector is then linear in z: x_s = (z_a + k_s z_alpha(s), z_b + l_s z_beta(s), z_e(s),
 * z_alpha(s), z_beta(s)), and the gradient is assembled by the chain rule, shared components
 * summed over series.
 */
import type { LawTheta } from '../law/law';
import { type FitData, type FitRows, fitRows, fromCentred, rowsObjective } from './objective';
import type { ObjectiveTerms } from './objective-options';

/** Parameters a joint fit may share across series. */
export const SHARED_PARAMS = ['E', 'A', 'B', 'alpha', 'beta'] as const;
export type SharedParam = (typeof SHARED_PARAMS)[number];

/** Centred component of each shareable parameter: a', b', e, alpha, beta. */
const COMPONENT: Readonly<Record<SharedParam, number>> = { A: 0, B: 1, E: 2, alpha: 3, beta: 4 };

/** Where each series' five centred components live in z. */
export interface JointLayout {
  readonly series: number;
  readonly dim: number;
  /** slot[s * 5 + j]: index in z of component j of series s. */
  readonly slot: Int32Array;
  /** Coefficient of z_alpha(s) in a'_s (and of z_beta(s) in b'_s): k_s, l_s. */
  readonly coefA: Float64Array;
  readonly coefB: Float64Array;
  readonly shared: readonly SharedParam[];
}

/** The layout of z for series with data `data`, sharing `shared` (in canonical order). */
export function jointLayout(data: readonly FitData[], shared: readonly SharedParam[]): JointLayout {
  const S = data.length;
  const slot = new Int32Array(S * 5);
  let dim = 0;
  for (const p of SHARED_PARAMS) {
    const j = COMPONENT[p];
    if (shared.includes(p)) {
      const at = dim++;
      for (let s = 0; s < S; s++) slot[s * 5 + j] = at;
    } else {
      for (let s = 0; s < S; s++) slot[s * 5 + j] = dim++;
    }
  }
  const pooled = (pick: (d: FitData) => number) => {
    let sum = 0;
    let n = 0;
    for (const d of data) {
      sum += pick(d) * d.n;
      n += d.n;
    }
    return n > 0 ? sum / n : 0;
  };
  const meanN = pooled((d) => d.meanLnN);
  const meanD = pooled((d) => d.meanLnD);
  const coefA = new Float64Array(S);
  const coefB = new Float64Array(S);
  for (let s = 0; s < S; s++) {
    if (shared.includes('A')) coefA[s] = (shared.includes('alpha') ? meanN : 0) - data[s]!.meanLnN;
    if (shared.includes('B')) coefB[s] = (shared.includes('beta') ? meanD : 0) - data[s]!.meanLnD;
  }
  return {
    series: S,
    dim,
    slot,
    coefA,
    coefB,
    shared: SHARED_PARAMS.filter((p) => shared.includes(p)),
  };
}

/** Series s's centred vector (a', b', e, alpha, beta) from z, written into `out`. */
export function seriesCentred(
  layout: JointLayout,
  z: ArrayLike<number>,
  s: number,
  out: Float64Array = new Float64Array(5),
): Float64Array {
  const o = s * 5;
  const sl = layout.slot;
  const alpha = z[sl[o + 3]!]!;
  const beta = z[sl[o + 4]!]!;
  out[0] = z[sl[o]!]! + layout.coefA[s]! * alpha;
  out[1] = z[sl[o + 1]!]! + layout.coefB[s]! * beta;
  out[2] = z[sl[o + 2]!]!;
  out[3] = alpha;
  out[4] = beta;
  return out;
}

/**
 * z from one theta per series. A shared slot takes the value of the last series written to it,
 * so callers give every series the same value of a shared parameter.
 */
export function jointVector(
  layout: JointLayout,
  thetas: readonly LawTheta[],
  data: readonly FitData[],
): Float64Array {
  const z = new Float64Array(layout.dim);
  thetas.forEach((t, s) => {
    const o = s * 5;
    const sl = layout.slot;
    z[sl[o + 3]!] = t.alpha;
    z[sl[o + 4]!] = t.beta;
    z[sl[o + 2]!] = t.e;
    // a'_s = a - alpha m_s = z_a + k_s alpha, so z_a = a - alpha m_s - k_s alpha.
    z[sl[o]!] = t.a - t.alpha * data[s]!.meanLnN - layout.coefA[s]! * t.alpha;
    z[sl[o + 1]!] = t.b - t.beta * data[s]!.meanLnD - layout.coefB[s]! * t.beta;
  });
  return z;
}

/** Each series' theta at z. */
export function jointThetas(
  layout: JointLayout,
  z: ArrayLike<number>,
  data: readonly FitData[],
): LawTheta[] {
  return data.map((d, s) => fromCentred(seriesCentred(layout, z, s), d));
}

/** The objective over z and its gradient, with each series' share of the value. */
export interface JointProblem {
  readonly dim: number;
  evaluate(z: Float64Array, g: Float64Array): number;
  /** Each series' objective at z. */
  perSeries(z: Float64Array): Float64Array;
}

/**
 * The joint problem for one weight vector per series (null: all ones). `fixedMask` has bit j
 * set when centred component j (2: e, 3: alpha, 4: beta) is held fixed: those slots get a zero
 * gradient, so L-BFGS never moves them.
 */
export function jointProblem(
  layout: JointLayout,
  data: readonly FitData[],
  weights: readonly (ArrayLike<number> | null)[],
  delta: number,
  terms: ObjectiveTerms | undefined,
  fixedMask = 0,
): JointProblem {
  const rows: FitRows[] = data.map((d, s) => fitRows(d, weights[s] ?? null));
  const x = new Float64Array(5);
  const gs = new Float64Array(5);
  const frozen = new Set<number>();
  for (let s = 0; s < layout.series; s++)
    for (let j = 2; j < 5; j++) if (fixedMask & (1 << j)) frozen.add(layout.slot[s * 5 + j]!);
  const one = (z: Float64Array, s: number, g: Float64Array) => {
    seriesCentred(layout, z, s, x);
    return terms
      ? rowsObjective(x, rows[s]!, delta, g, terms)
      : rowsObjective(x, rows[s]!, delta, g);
  };
  return {
    dim: layout.dim,
    evaluate(z, g) {
      g.fill(0);
      let f = 0;
      const sl = layout.slot;
      for (let s = 0; s < layout.series; s++) {
        f += one(z, s, gs);
        const o = s * 5;
        g[sl[o]!]! += gs[0]!;
        g[sl[o + 1]!]! += gs[1]!;
        g[sl[o + 2]!]! += gs[2]!;
        g[sl[o + 3]!]! += gs[3]! + layout.coefA[s]! * gs[0]!;
        g[sl[o + 4]!]! += gs[4]! + layout.coefB[s]! * gs[1]!;
      }
      for (const i of frozen) g[i] = 0;
      return f;
    },
    perSeries(z) {
      return Float64Array.from({ length: layout.series }, (_, s) => one(z, s, gs));
    },
  };
}
