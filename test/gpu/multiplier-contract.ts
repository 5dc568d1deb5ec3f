/**
 * GPU-vs-CPU contract for the multiplier-curves kernel (shaders/multiplier.wgsl against
 * multiplierCurvesPacked in src/law/multiplier-curves.ts, f64). Registered by
 * multiplier.node.test.ts (Dawn in Node) and multiplier.browser.test.ts (headless Chromium). A
 * missing adapter fails the suite; nothing skips.
 *
 * Tolerance per (pair, budget), first order, from the twin's own f64 intermediates (U = 2^-23):
 * - inputs are rounded to f32: cX, gammaX, dE, 1/gamma_R, offsetR and ln C carry relative U;
 * - x = cX - gammaX ln C: |dx| <= U (|cX| + 3 |gammaX ln C| + |x|) (two input roundings of the
 *   product, its rounding, the subtraction's);
 * - t = e^x: relative error |dx| + (3 + 2|x|) U (WGSL's exp accuracy, 3 + 2|x| ULP);
 * - gap = dE + t: |dgap| <= U |dE| + t (|dx| + (3 + 2|x|) U) + U |gap|. Its relative error
 *   |dgap| / |gap| is what grows near the boundary gap -> 0;
 * - ln gap: |dgap| / gap + the log's own error (3 ULP of the result outside [0.5, 2], 2^-21
 *   absolute inside);
 * - y = ln(gap) / gamma_R: |dy| <= (|d ln gap| + 2 U |ln gap|) / gamma_R (the rounding of
 *   1/gamma_R and of the product): the gap's relative error divided by gamma_R, so ~7x larger
 *   for gamma_R ~ 0.15;
 * - ln m = offsetR - y - ln C: |d ln m| <= |dy| + U (|offsetR| + |ln C|) * 2 + U (|offsetR - y| + |ln m|).
 * The bound is doubled. With E ~ 1.7, gamma ~ 0.15 and C up to 1e28 it is ~1e-4 in ln m (m to
 * 0.01%): the terms are ~40 (offsetR = ln k_R + ln K_R / gamma_R) and ~60 (ln C) and cancel,
 * and gammaX ln C ~ 9 enters x with 3 U and is then divided by gamma_R, so ~550 U in all. The
 * median must stay under 3e-4, so a loose bound cannot hide errors.
 * Flags (reference cannot match, gap <= 0) must be equal, except where the twin's gap lies
 * within its absolute bound |dgap| of 0: there f32 may round either way; such values are
 * counted and must be rare (at most 0.1%); in the boundary cases more than 5% of the values
 * must be compared on each side of the boundary.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GpuEngine } from '../../src/engine/gpu-engine';
import type { GpuAcquisition, GpuContext } from '../../src/gpu/device';
import { GpuMultiplier } from '../../src/gpu/multiplier';
import { computeOnlyLoss, type FrontierLoss, frontierLoss } from '../../src/law/compute-multiplier';
import type { ScalingLaw } from '../../src/law/law';
import {
  MULTIPLIER_PAIR_STRIDE,
  type MultiplierPair,
  multiplierCurves,
  packLnBudgets,
  packMultiplierPairs,
} from '../../src/law/multiplier-curves';
import { requireGpu } from './require-gpu';

const U = 2 ** -23;

const CHINCHILLA: ScalingLaw = { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 };

/** `count` budgets log-spaced from `lo` to `hi`. */
function logBudgets(lo: number, hi: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => lo * (hi / lo) ** (i / Math.max(1, count - 1)));
}

/** A deterministic jitter in [-0.5, 0.5] of (k, j). */
function jitter(k: number, j: number): number {
  return Math.sin(12.9898 * (k + 1) + 78.233 * j) * 0.5;
}

/** Chinchilla-like laws (E ~ 1.7, frontier gamma ~ 0.15) jittered per replica. */
function chinchillaLike(k: number, spread: number): FrontierLoss {
  const u = (j: number) => jitter(k, j) * spread;
  return frontierLoss({
    E: CHINCHILLA.E * (1 + 0.02 * u(1)),
    A: CHINCHILLA.A * Math.exp(0.3 * u(2)),
    B: CHINCHILLA.B * Math.exp(0.3 * u(3)),
    alpha: CHINCHILLA.alpha * (1 + 0.05 * u(4)),
    beta: CHINCHILLA.beta * (1 + 0.05 * u(5)),
  });
}

/** Replicas of a recipe against a Chinchilla reference; half of them compute-only laws. */
function realisticPairs(count: number): MultiplierPair[] {
  const ref = frontierLoss(CHINCHILLA);
  return Array.from({ length: count }, (_, k): MultiplierPair => {
    if (k % 2 === 1)
      return [
        computeOnlyLoss({ E: 1.7 + 0.05 * jitter(k, 7), A: 28 + 4 * jitter(k, 8), alpha: 0.05 }),
        chinchillaLike(k + 1000, 1),
      ];
    return [chinchillaLike(k, 1), ref];
  });
}

/**
 * Recipes whose floor E_X is below the reference's: the reference cannot match from some budget
 * inside 1e15..1e28 on (L*_X(C) falls to E_R there).
 */
function boundaryPairs(count: number): MultiplierPair[] {
  const ref = frontierLoss(CHINCHILLA);
  return Array.from({ length: count }, (_, k): MultiplierPair => {
    const x = chinchillaLike(k, 1);
    return [{ ...x, E: ref.E - 0.05 - 0.3 * (jitter(k, 9) + 0.5) }, ref];
  });
}

/** Each law against itself: ln m = 0 at every budget. */
function identicalPairs(count: number): MultiplierPair[] {
  return Array.from({ length: count }, (_, k): MultiplierPair => {
    const f = chinchillaLike(k, 2);
    return [f, f];
  });
}

interface Case {
  readonly name: string;
  readonly pairs: () => MultiplierPair[];
  readonly budgets: number[];
  /** Lowered binding size and dispatch side, to force several bands and 2D dispatches. */
  readonly limits?: {
    maxStorageBufferBindingSize: number;
    maxComputeWorkgroupsPerDimension: number;
  };
  readonly unbounded?: 'none' | 'some';
  readonly identical?: boolean;
}

const BUDGETS = logBudgets(1e15, 1e28, 64);

const CASES: readonly Case[] = [
  { name: '1 pair, 1 budget', pairs: () => realisticPairs(1), budgets: [1e21], unbounded: 'none' },
  {
    name: 'Chinchilla-like, 123 pairs x 64 budgets 1e15..1e28',
    pairs: () => realisticPairs(123),
    budgets: BUDGETS,
  },
  {
    name: 'reference cannot match from some budget on, 257 pairs x 64 budgets',
    pairs: () => boundaryPairs(257),
    budgets: logBudgets(1e15, 1e28, 64),
    unbounded: 'some',
  },
  {
    name: 'identical laws, 65 pairs x 64 budgets',
    pairs: () => identicalPairs(65),
    budgets: BUDGETS,
    unbounded: 'none',
    identical: true,
  },
  {
    name: 'tiled: 5000 pairs x 67 budgets in bands of 61 pairs, 2D dispatches',
    pairs: () => [...realisticPairs(2500), ...boundaryPairs(2500)],
    budgets: logBudgets(1e15, 1e30, 67),
    limits: { maxStorageBufferBindingSize: 61 * 67 * 4, maxComputeWorkgroupsPerDimension: 16 },
    unbounded: 'some',
  },
];

/** The twin's ln m, its error bound, the gap and the gap's absolute bound, at (p, b). */
function bound(table: Float64Array, lnBudgets: Float64Array, p: number, b: number) {
  const o = p * MULTIPLIER_PAIR_STRIDE;
  const [cX, gammaX, dE, invGammaR, offsetR] = [0, 1, 2, 3, 4].map((i) => table[o + i]!) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const lnC = lnBudgets[b]!;
  const x = cX - gammaX * lnC;
  const t = Math.exp(x);
  const gap = dE + t;
  const dx = U * (Math.abs(cX) + 3 * Math.abs(gammaX * lnC) + Math.abs(x));
  const dGap = U * Math.abs(dE) + t * (dx + (3 + 2 * Math.abs(x)) * U) + U * Math.abs(gap);
  if (!(gap > 0)) return { gap, dGap: 2 * dGap, lnm: Number.NaN, dLnm: Number.NaN };
  const lnGap = Math.log(gap);
  const logError = gap >= 0.5 && gap <= 2 ? 2 ** -21 : 3 * U * Math.abs(lnGap);
  const y = lnGap * invGammaR;
  const dy = (dGap / gap + logError + 2 * U * Math.abs(lnGap)) * invGammaR;
  const lnm = offsetR - y - lnC;
  const dLnm =
    dy + 2 * U * (Math.abs(offsetR) + Math.abs(lnC)) + U * (Math.abs(offsetR - y) + Math.abs(lnm));
  return { gap, dGap: 2 * dGap, lnm, dLnm: 2 * dLnm };
}

/** Registers the contract for one platform. */
export function defineMultiplierContract(
  platform: string,
  acquire: () => Promise<GpuAcquisition>,
): void {
  describe(`multiplier-curves contract (${platform})`, () => {
    let gpu: GpuContext;
    beforeAll(async () => {
      gpu = await requireGpu(platform, acquire);
    });
    afterAll(() => gpu?.device.destroy());

    for (const c of CASES) {
      it(`agrees with the f64 twin: ${c.name}`, async () => {
        const pairs = c.pairs();
        const table = packMultiplierPairs(pairs);
        const lnBudgets = packLnBudgets(c.budgets);
        const kernel = await GpuMultiplier.create(
          gpu,
          c.limits ? { ...gpu.info.limits, ...c.limits } : gpu.info.limits,
        );
        const progress: number[] = [];
        const got = await kernel.curves(pairs, c.budgets, {
          onProgress: (done) => progress.push(done),
        });
        const twin = multiplierCurves(pairs, c.budgets);
        const B = c.budgets.length;
        expect(got.length).toBe(pairs.length * B);
        expect(twin.length).toBe(got.length);
        expect(progress.at(-1)).toBe(pairs.length);
        if (c.limits) expect(progress.length).toBeGreaterThan(10);
        let compared = 0;
        let unbounded = 0;
        let nearBoundary = 0;
        let maxError = 0;
        let maxRatio = 0;
        const bounds: number[] = [];
        const failures: string[] = [];
        for (let k = 0; k < got.length; k++) {
          const p = Math.floor(k / B);
          const b = k % B;
          const t = bound(table, lnBudgets, p, b);
          const g = got[k]!;
          const where = `pair ${p} budget ${c.budgets[b]!.toExponential(3)}`;
          if (Number.isNaN(g) !== Number.isNaN(twin[k]!)) {
            if (Math.abs(t.gap) <= t.dGap) nearBoundary++;
            else
              failures.push(`${where}: got ${g}, twin ${twin[k]} (gap ${t.gap}, bound ${t.dGap})`);
            continue;
          }
          if (Number.isNaN(g)) {
            unbounded++;
            continue;
          }
          expect(Math.abs(t.lnm - twin[k]!)).toBeLessThan(1e-9);
          compared++;
          bounds.push(t.dLnm);
          const error = Math.abs(g - t.lnm);
          maxError = Math.max(maxError, error);
          maxRatio = Math.max(maxRatio, error / t.dLnm);
          if (error > t.dLnm) failures.push(`${where}: ln m ${g}, twin ${t.lnm}, bound ${t.dLnm}`);
          if (c.identical && Math.abs(g) > t.dLnm)
            failures.push(`${where}: identical laws give ln m ${g}, bound ${t.dLnm}`);
        }
        expect(failures.slice(0, 10)).toEqual([]);
        expect(nearBoundary).toBeLessThanOrEqual(Math.ceil(got.length * 0.001));
        if (c.unbounded === 'none') expect(unbounded).toBe(0);
        if (c.unbounded === 'some') {
          expect(unbounded).toBeGreaterThan(got.length * 0.05);
          expect(compared).toBeGreaterThan(got.length * 0.05);
        }
        expect(compared + unbounded + nearBoundary).toBe(got.length);
        bounds.sort((x, y) => x - y);
        const median = bounds[Math.floor(bounds.length / 2)]!;
        expect(median).toBeLessThan(3e-4);
        console.info(
          `${platform} ${c.name}: max |d ln m| ${maxError.toExponential(2)}, median bound ${median.toExponential(2)}, max error/bound ${maxRatio.toFixed(3)}, unbounded ${unbounded}, near boundary ${nearBoundary}`,
        );
      });
    }

    it('the GPU engine returns the kernel curves, NaN where unbounded', async () => {
      const engine = await GpuEngine.create(gpu);
      const pairs = boundaryPairs(40);
      const viaEngine = await engine.multiplierCurves(pairs, BUDGETS);
      const viaKernel = await (await GpuMultiplier.create(gpu)).curves(pairs, BUDGETS);
      expect(viaEngine).toBeInstanceOf(Float64Array);
      expect(Array.from(viaEngine)).toEqual(Array.from(viaKernel));
    });

    it('rejects an unusable curve or budget before dispatching', async () => {
      const kernel = await GpuMultiplier.create(gpu);
      const ref = frontierLoss(CHINCHILLA);
      await expect(kernel.curves([[{ ...ref, gamma: 0 }, ref]], BUDGETS)).rejects.toThrow(
        RangeError,
      );
      await expect(kernel.curves([[ref, ref]], [1e20, 0])).rejects.toThrow(/budget 1/);
      expect(await kernel.curves([], BUDGETS)).toHaveLength(0);
    });
  });
}
