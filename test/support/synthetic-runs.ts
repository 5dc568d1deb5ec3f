/**
 * Synthetic runs shared by tests: three series from known laws (for per-series fits), and an
 * isoFLOP-style design drawn from a known law with Gaussian noise on ln L (for the designer).
 */
import { SeededRandom } from '../../src/data/random';
import type { IsoflopRun } from '../../src/fit/isoflop-budgets';
import { DEFAULT_FIT_OPTIONS, type FitOptions, type FitRun } from '../../src/fit/types';
import { computeOptimal } from '../../src/law/frontier';
import { type LawTheta, logLossLSE, loss, type ScalingLaw } from '../../src/law/law';

/** Hoffmann et al. 2022's law (E 1.69, A 406.4, B 410.7, alpha 0.34, beta 0.28) as fitting
 * parameters: the truth the simulation tests draw their runs from. */
export const HOFFMANN_THETA: LawTheta = {
  a: Math.log(406.4),
  b: Math.log(410.7),
  e: Math.log(1.69),
  alpha: 0.34,
  beta: 0.28,
};

/** A 30-run lab design: 5 isoFLOP budgets 1e19..1e23 x 6 sizes 3e7..1e10, 1% noise on ln L. */
export const LAB_DESIGN_30 = {
  budgets: [1e19, 1e20, 1e21, 1e22, 1e23],
  sizes: [3e7, 1e8, 3e8, 1e9, 3e9, 1e10],
  sigma: 0.01,
} as const;

/** The identifiability tests' design: the 30-run lab design with noise seed 1000. */
export const IDENTIFIABILITY_DESIGN = { ...LAB_DESIGN_30, seed: 1000 } as const;

/** The identifiability tests' fit: 32 random starts, `bootstrap` replicas, no group resampling. */
export function identifiabilityFitOptions(bootstrap: number): FitOptions {
  return {
    ...DEFAULT_FIT_OPTIONS,
    starts: { kind: 'random', count: 32 },
    bootstrap,
    resampleGroups: false,
  };
}

/** Three recipes' laws, distinct in every constant. */
export const SERIES_LAWS: Readonly<Record<string, ScalingLaw>> = {
  base: { E: 1.8, A: 400, B: 1800, alpha: 0.34, beta: 0.28 },
  wide: { E: 1.6, A: 250, B: 2600, alpha: 0.3, beta: 0.32 },
  deep: { E: 2.0, A: 600, B: 1200, alpha: 0.38, beta: 0.26 },
};

/**
 * A CSV (params,tokens,loss,series) of noise-free runs: a 4 x 4 grid of N and D per law of
 * {@link SERIES_LAWS}, then `extra` lines as given.
 */
export function seriesCsv(extra: readonly string[] = []): string {
  const lines = ['params,tokens,loss,series'];
  for (const [name, law] of Object.entries(SERIES_LAWS)) {
    for (const N of [3e7, 1e8, 3e8, 1e9]) {
      for (const D of [6e8, 2e9, 6e9, 2e10]) lines.push(`${N},${D},${loss(law, N, D)},${name}`);
    }
  }
  return `${[...lines, ...extra].join('\n')}\n`;
}

/** What {@link isoflopRuns} draws. */
export interface IsoflopDesign {
  readonly budgets: readonly number[];
  readonly sizes: readonly number[];
  /** Standard deviation of the Gaussian noise on ln L. */
  readonly sigma: number;
  readonly seed: number;
}

/**
 * Runs at every (budget C, size N) with D = C / (6 N) of at least 1e8 tokens, with
 * ln L = ln L_theta(N, D) + sigma z, z ~ N(0, 1) from the seeded generator.
 */
export function isoflopRuns(theta: LawTheta, design: IsoflopDesign): FitRun[] {
  const rng = new SeededRandom(design.seed);
  const runs: FitRun[] = [];
  for (const C of design.budgets) {
    for (const N of design.sizes) {
      const D = C / (6 * N);
      if (D < 1e8) continue;
      const lnL = logLossLSE(theta, Math.log(N), Math.log(D)) + design.sigma * rng.normal();
      runs.push({ N, D, loss: Math.exp(lnL) });
    }
  }
  return runs;
}

/** What {@link centredIsoflops} draws. */
export interface CentredIsoflopDesign {
  readonly budgets: readonly number[];
  /** Shift of each budget's centre from ln N_opt(C) (default none). */
  readonly offset?: (C: number) => number;
  readonly sizes?: number;
  readonly halfWidth?: number;
  /** Standard deviation of the noise on ln L (default 0). */
  readonly sigma?: number;
  readonly seed?: number;
}

/**
 * Runs at each budget C: `sizes` sizes (default 9) evenly spaced in ln N over +-halfWidth
 * (default 1.2) about ln N_opt(C) + offset(C), with D = C / (6N), C carried, and loss
 * L(N, D) exp(sigma z).
 */
export function centredIsoflops(law: ScalingLaw, design: CentredIsoflopDesign): IsoflopRun[] {
  const { sizes = 9, halfWidth = 1.2, sigma = 0, seed = 1 } = design;
  const rng = new SeededRandom(seed);
  const out: IsoflopRun[] = [];
  for (const C of design.budgets) {
    const centre = Math.log(computeOptimal(law, C, 6).N) + (design.offset?.(C) ?? 0);
    for (let j = 0; j < sizes; j++) {
      const N = Math.exp(centre + halfWidth * ((2 * j) / (sizes - 1) - 1));
      const D = C / (6 * N);
      out.push({ N, D, C, loss: loss(law, N, D) * Math.exp(sigma * rng.normal()) });
    }
  }
  return out;
}
