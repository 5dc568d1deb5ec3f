/**
 * GPU-vs-CPU contract for the optimum kernel (shaders/optimum.wgsl against solveOptimum in
 * src/law/optimum.ts). Registered by optimum.node.test.ts (Dawn in Node) and
 * optimum.browser.test.ts (headless Chromium). A missing adapter fails the suite; nothing skips.
 *
 * Tolerances, f32 kernel against the f64 twin (u = 2^-23 ~ 1.2e-7):
 * - status: equal, always, and so the reason string (failureReason maps both). Validation runs
 *   in f64 on the host; only "target at or below E" and the data-constrained bracket are
 *   decided in f32, and no case sits within f32 rounding of E. One exception, by design: where
 *   the f64 answer lies beyond f32's range (N or D > 3.4e38, e.g. beta = 0.1 near E needs
 *   D ~ 1e47), the kernel reports noOptimum.
 * - closed forms (kinds a, e, and c2 with D_inf = 0): x = ln N ~ 20-35 is formed in f32 (a few
 *   ulp of 30, ~1e-6 absolute) and exp(x) adds 3 + 2|x| ulp (WGSL), so N and D are within
 *   CLOSED_REL = 2e-5 (observed 5.2e-6).
 * - loss, every kind: LOSS_REL = 2e-6 (observed 7.1e-7): exp of O(1)-O(10) arguments and two
 *   additions; for numeric kinds the loss is second-order in the error of ln N.
 * - ln N of the data-constrained kind (b): defined by the elasticity of L - E crossing -1e-8
 *   (DATA_ELASTICITY_TOLERANCE, src/law/data-constrained.ts), which is analytic and accurate in
 *   f32 even where the loss is flat (there it is small because the discount slopes are, and
 *   keeps its relative accuracy). The bisection ends within the f32 spacing of x ~ 15-35
 *   (1-4e-6); near a curved minimum the f32 elasticity is off by ~1e-6 (a few ulp of the terms,
 *   times alpha or beta), which moves the crossing by 1e-6 / (its slope, >= 0.05 for these
 *   laws) ~ 2e-5. So |ln N - ln N*| <= DATA_LN_N = 1e-4 (observed 1.1e-5), and the loss by
 *   LOSS_REL. The same bounds hold for data-constrained-
 *   inference (kind f), whose elasticity adds a factor 1 / share on the D term, share =
 *   1 - N / N_max: the kernel bisects on ln t, t = ln N_max - ln N, so share keeps f32's
 *   relative precision even at t ~ 1e-7 (an inference-heavy budget with alpha = 0.1), and the
 *   bisection resolves ln t to 25 / 2^26 ~ 4e-7, i.e. ln N to t * 4e-7 (observed 1.5e-5).
 * - ln N of golden-section kinds (c1, c2, d): golden section resolves x = ln N only as far as the
 *   f32 objective does. Instead of a fixed relative tolerance on N (which would have to admit
 *   factors of up to 600 at extreme exponents, where the objective is flat), two checks per pair:
 *   (1) the f64 objective at the GPU's ln N exceeds the f64 minimum by at most the objective's
 *       f32 resolution: OBJECTIVE_REL = 2e-5 of the reducible loss + 4 ulp of E for loss
 *       objectives (observed <= 0.23 of it), FLOPS_REL = 1e-4 absolute in ln(total FLOPs) for
 *       the target kinds;
 *   (2) |ln N - ln N*| <= 2 sqrt(2 tol / f''), f'' the f64 curvature at the optimum: the
 *       distance at which a parabola rises by the tolerance (observed <= 0.63 of it).
 *   Observed relative N errors: ~1e-3 where the objective is curved, up to 600 at extreme
 *   exponents where it is flat; the loss agrees to < 1e-6 in all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GpuAcquisition, GpuContext } from '../../src/gpu/device';
import { GpuOptimum } from '../../src/gpu/optimum';
import { passTimerFor } from '../../src/gpu/pass-timer';
import type { ScalingLaw } from '../../src/law/law';
import { optimumReason, readPair } from '../../src/law/optima';
import { inferenceBudgetLoss, inferenceTargetLogFlops, solveOptimum } from '../../src/law/optimum';
import { PRESETS } from '../../src/law/presets';
import { OptimumStatus, type Scenario } from '../../src/law/scenario';
import { type SweepAxis, sweepCell } from '../../src/law/sweep';
import { F32_ULP } from './contract-tolerance';
import { requireGpu } from './require-gpu';

export const CLOSED_REL = 2e-5;
export const OBJECTIVE_REL = 2e-5;
export const LOSS_REL = 2e-6;
export const FLOPS_REL = 1e-4;
export const DATA_LN_N = 1e-4;

const hoffmann = PRESETS[0]!.law;
const muennighoff = PRESETS[3]!.law;

/** The four presets, extreme exponents, and one invalid law. */
const LAWS: readonly ScalingLaw[] = [
  ...PRESETS.map((p) => p.law),
  { ...hoffmann, alpha: 0.1, beta: 1.5 },
  { ...muennighoff, alpha: 1.5, beta: 0.1 },
];

const BUDGETS = [1e18, 1e20, 1e22, 1e24, 1e26, 1e28];

/** Valid scenarios of every kind, binding and not, near and far targets. */
function validScenarios(): Scenario[] {
  const out: Scenario[] = [];
  for (const C of BUDGETS) {
    out.push({ kind: 'compute', C }, { kind: 'compute', C, k: 8, q: 0.5 });
    for (const U of [1e9, 1e11, 1e13, 1e16]) out.push({ kind: 'data-constrained', C, U });
    out.push({ kind: 'data-constrained', C, U: 1e10, q: 2, RStarD: 5, RStarN: 2 });
    for (const U of [1e9, 1e11, 1e13, 1e16])
      for (const Dinf of [0, 1e10, 1e13, 1e15])
        out.push({ kind: 'data-constrained-inference', C: C * 10, U, Dinf });
    out.push({
      kind: 'data-constrained-inference',
      C,
      U: 1e10,
      Dinf: 1e11,
      q: 2,
      RStarD: 5,
      RStarN: 2,
    });
    for (const Dinf of [0, 1e10, 1e13, 1e16])
      out.push({ kind: 'inference-budget', C: C * 10, Dinf });
    out.push({ kind: 'fixed-model', C, N: 1e9 }, { kind: 'fixed-model', C, N: 1e12, q: 3 });
  }
  for (const targetLoss of [1.8, 1.83, 1.9, 2.1, 2.5, 3.5]) {
    out.push({ kind: 'target-loss', targetLoss });
    for (const Dinf of [0, 1e12, 1e15]) out.push({ kind: 'inference-target', targetLoss, Dinf });
  }
  return out;
}

/** Invalid inputs: each must give the same status (and so the same reason) on both. */
const INVALID: readonly Scenario[] = [
  { kind: 'compute', C: 0 },
  { kind: 'compute', C: -1e20 },
  { kind: 'compute' },
  { kind: 'compute', C: Number.POSITIVE_INFINITY },
  { kind: 'compute', C: 1e20, k: 0 },
  { kind: 'compute', C: 1e20, q: Number.NaN },
  { kind: 'data-constrained', C: 1e20, U: 0 },
  { kind: 'data-constrained', C: 1e20, U: -5 },
  { kind: 'data-constrained', C: 1e20, U: 1e9, RStarD: 0 },
  { kind: 'data-constrained', C: 3, U: 1e9 },
  { kind: 'data-constrained-inference', C: 1e20, U: 1e9 },
  { kind: 'data-constrained-inference', C: 1e20, U: 0, Dinf: 1e9 },
  { kind: 'data-constrained-inference', C: 1e20, U: 1e9, Dinf: -1 },
  { kind: 'data-constrained-inference', C: 1e20, U: 1e9, Dinf: 1e9, RStarN: 0 },
  { kind: 'data-constrained-inference', C: 100, U: 1e9, Dinf: 1e3 },
  { kind: 'inference-budget', C: 1e20, Dinf: -1 },
  { kind: 'inference-budget', C: 100, Dinf: 1e3 },
  { kind: 'inference-target', targetLoss: 1.6, Dinf: 1e12 },
  { kind: 'inference-target', targetLoss: 1.7, Dinf: -1 },
  { kind: 'target-loss', targetLoss: 1.69 },
  { kind: 'target-loss', targetLoss: -2 },
  { kind: 'target-loss', targetLoss: 1.6, Dinf: -1 },
  { kind: 'target-loss', targetLoss: 2.5, Dinf: -1 },
  { kind: 'fixed-model', C: 1e20, N: 0 },
  { kind: 'fixed-model', C: 1e20 },
  { kind: 'nonsense' as Scenario['kind'], C: 1e20 },
];

const rel = (got: number, want: number) => Math.abs(got / want - 1);

/** Largest finite f32. */
const F32_MAX = 3.4028234663852886e38;

/** Worst relative errors seen, by quantity, for the report. */
interface Worst {
  /** N, D of closed forms. */
  closed: number;
  /** N, D of numeric kinds (for the report; checked by flatness instead). */
  numericN: number;
  loss: number;
  /** |ln N - ln N*| of the data-constrained kind. */
  dataLnN: number;
  /** |dx| / flatness bound. */
  flatness: number;
  /** Objective excess / tolerance. */
  objective: number;
  /** CPU solutions beyond f32's range (noOptimum on the GPU). */
  beyondF32: number;
}

/**
 * Compares pair `p` of `results` with the CPU twin; fails with inputs, got and expected.
 * Returns the relative errors seen.
 */
function expectPairMatches(
  results: Float32Array,
  p: number,
  law: ScalingLaw,
  s: Scenario,
  worst: Worst,
): void {
  const got = readPair(results, p);
  const want = solveOptimum(law, s);
  const where = `law ${JSON.stringify(law)}, scenario ${JSON.stringify(s)}`;
  if (!want.ok) {
    if (got.status !== want.status)
      expect.fail(
        `${where}: GPU status ${got.status} (${optimumReason(got.status, law, s)}), CPU ${want.status} (${want.reason})`,
      );
    expect(optimumReason(got.status, law, s)).toBe(want.reason);
    return;
  }
  if (Math.max(want.N, want.D) > F32_MAX) {
    // Beyond f32's range (e.g. D ~ 1e47 for beta = 0.1 near E): the kernel reports noOptimum.
    expect(got.status).toBe(OptimumStatus.noOptimum);
    worst.beyondF32++;
    return;
  }
  if (got.status !== 0)
    expect.fail(
      `${where}: GPU status ${got.status} (${optimumReason(got.status, law, s)}), CPU solved N=${want.N}`,
    );
  const closed =
    s.kind === 'compute' || s.kind === 'fixed-model' || (s.kind === 'inference-budget' && !s.Dinf);
  const errs = { N: rel(got.N, want.N), D: rel(got.D, want.D), loss: rel(got.loss, want.loss) };
  const fail = (why: string) =>
    expect.fail(
      `${where}: ${why}. GPU N=${got.N} D=${got.D} loss=${got.loss}; CPU N=${want.N} D=${want.D} loss=${want.loss}; relative errors N ${errs.N.toExponential(2)} D ${errs.D.toExponential(2)} loss ${errs.loss.toExponential(2)}`,
    );
  if (!(errs.loss <= LOSS_REL)) fail(`loss beyond ${LOSS_REL}`);
  worst.loss = Math.max(worst.loss, errs.loss);
  if (closed) {
    if (!(errs.N <= CLOSED_REL && errs.D <= CLOSED_REL)) fail(`N or D beyond ${CLOSED_REL}`);
    worst.closed = Math.max(worst.closed, errs.N, errs.D);
    return;
  }
  const xGpu = Math.log(got.N);
  const xCpu = Math.log(want.N);
  if (s.kind === 'data-constrained' || s.kind === 'data-constrained-inference') {
    // Defined by its elasticity, not by the flat loss: N itself must agree (kind f: the same
    // bisection along the total-budget line, with the same tolerances; see the header).
    const dx = Math.abs(xGpu - xCpu);
    if (!(dx <= DATA_LN_N)) fail(`|ln N - ln N*| = ${dx.toExponential(2)} beyond ${DATA_LN_N}`);
    worst.dataLnN = Math.max(worst.dataLnN, dx);
    return;
  }
  // Golden-section kinds: the f64 objective at the GPU's ln N is within the f32 resolution of
  // the objective of the f64 minimum, and ln N is within the flatness bound.
  const f = objective64(law, s);
  const fMin = f(xCpu);
  const excess = f(xGpu) - fMin;
  const tolF = objectiveTolerance(s, fMin, law);
  if (!(excess <= tolF))
    fail(
      `f64 objective at the GPU's N exceeds the minimum by ${excess.toExponential(2)} > ${tolF.toExponential(2)}`,
    );
  const bound = flatnessBound(f, xCpu, tolF);
  const dx = Math.abs(xGpu - xCpu);
  if (!(dx <= bound))
    fail(
      `|ln N - ln N*| = ${dx.toExponential(2)} beyond the flatness bound ${bound.toExponential(2)}`,
    );
  worst.numericN = Math.max(worst.numericN, errs.N, errs.D);
  worst.flatness = Math.max(worst.flatness, dx / bound);
  worst.objective = Math.max(worst.objective, excess / tolF);
}

/** The f64 objective the CPU twin minimises over x = ln N, for a numeric kind. */
function objective64(law: ScalingLaw, s: Scenario): (x: number) => number {
  switch (s.kind) {
    case 'inference-budget':
      return (x) => inferenceBudgetLoss(law, s, x);
    case 'target-loss':
      return (x) => inferenceTargetLogFlops(law, { ...s, Dinf: 0 }, x);
    default:
      return (x) => inferenceTargetLogFlops(law, s, x);
  }
}

/**
 * How far above its minimum the f64 objective may be at the GPU's point. Loss objectives:
 * OBJECTIVE_REL of the reducible loss plus 4 ulp of E (the kernel minimises L - E, whose terms
 * are exp of arguments ~10 rounded to ~1e-6). Target objectives, ln(total FLOPs) ~ 40-70:
 * FLOPS_REL absolute (a few ulp of ln D ~ 30, divided by beta ~ 0.3).
 */
function objectiveTolerance(s: Scenario, fMin: number, law: ScalingLaw): number {
  if (s.kind === 'target-loss' || s.kind === 'inference-target') return FLOPS_REL;
  return OBJECTIVE_REL * (fMin - law.E) + 4 * F32_ULP * law.E;
}

/**
 * Largest |dx| at which f(x* + dx) - f(x*) <= tolF, from the f64 curvature at x* (central
 * differences, h = 1e-2): sqrt(2 tolF / f''), doubled; at least 1e-4 (the f32 spacing of
 * x ~ 30 is 2e-6). Unbounded where the objective has no curvature (flat: any N is optimal).
 */
function flatnessBound(f: (x: number) => number, x: number, tolF: number): number {
  const h = 1e-2;
  const curvature = (f(x + h) - 2 * f(x) + f(x - h)) / (h * h);
  const bound = curvature > 0 ? 2 * Math.sqrt((2 * tolF) / curvature) : Number.POSITIVE_INFINITY;
  return Math.max(1e-4, bound);
}

/** Deterministic xorshift in [0, 1). */
function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

/** `count` bootstrap-like replicas of Hoffmann's law (seeded perturbations). */
function replicas(count: number): ScalingLaw[] {
  const next = rng(0x1234567);
  const jitter = (v: number, spread: number) => v * (1 + spread * (2 * next() - 1));
  return Array.from({ length: count }, () => ({
    E: jitter(hoffmann.E, 0.03),
    A: jitter(hoffmann.A, 0.2),
    B: jitter(hoffmann.B, 0.2),
    alpha: jitter(hoffmann.alpha, 0.05),
    beta: jitter(hoffmann.beta, 0.05),
  }));
}

const newWorst = (): Worst => ({
  closed: 0,
  numericN: 0,
  dataLnN: 0,
  loss: 0,
  flatness: 0,
  objective: 0,
  beyondF32: 0,
});

/** Registers the contract suite against GPUs from `acquire`. */
export function defineOptimumContract(
  platform: string,
  acquire: () => Promise<GpuAcquisition>,
): void {
  describe(`optimum kernel contract (${platform})`, () => {
    let gpu: GpuContext;
    let kernel: GpuOptimum;

    beforeAll(async () => {
      gpu = await requireGpu(platform, acquire);
      kernel = await GpuOptimum.create(gpu);
    });

    afterAll(() => gpu?.device.destroy());

    it('matches the f64 twin on presets, extreme exponents and every kind', async () => {
      const scenarios = validScenarios();
      const results = await kernel.solve(LAWS, scenarios);
      const worst = newWorst();
      let solved = 0;
      for (const [l, law] of LAWS.entries()) {
        for (const [i, s] of scenarios.entries()) {
          expectPairMatches(results, l * scenarios.length + i, law, s, worst);
          if (results[(l * scenarios.length + i) * 4 + 3] === 0) solved++;
        }
      }
      expect(solved).toBeGreaterThan(0.8 * LAWS.length * scenarios.length);
      console.info(`optimum contract worst relative errors (${platform}):`, worst);
    });

    it('reports the same status and reason as the twin for invalid input', async () => {
      const laws = [...LAWS, { ...hoffmann, alpha: 0 }, { ...hoffmann, E: Number.NaN }];
      const results = await kernel.solve(laws, INVALID);
      for (const [l, law] of laws.entries()) {
        for (const [i, s] of INVALID.entries()) {
          const p = l * INVALID.length + i;
          expectPairMatches(results, p, law, s, newWorst());
          expect(results[p * 4 + 3]).toBeGreaterThan(0);
        }
      }
    });

    it('solves 4,000 replicas x 512 budgets (data-constrained) in one dispatch', async () => {
      const laws = replicas(4000);
      const budgets = Array.from({ length: 512 }, (_, i) => 10 ** (18 + (10 * i) / 511));
      const scenarios: Scenario[] = budgets.map((C) => ({ kind: 'data-constrained', C, U: 3e12 }));
      expect(kernel.planTiles(laws.length, scenarios.length)).toHaveLength(1);
      const progress: number[] = [];
      // GPU time where the adapter has timestamp queries (SwiftShader does); never optional
      // silently: the timer exists exactly when the device reports the feature.
      const timer = passTimerFor(gpu.device);
      expect(timer !== undefined).toBe(gpu.info.timestampQuery);
      const t = performance.now();
      const results = await kernel.solve(laws, scenarios, {
        onProgress: (d) => progress.push(d),
        timer,
      });
      const seconds = (performance.now() - t) / 1000;
      expect(progress).toEqual([laws.length * scenarios.length]);
      if (timer) {
        expect(timer.passes).toBe(1);
        expect(timer.seconds).toBeGreaterThan(0);
        expect(timer.seconds).toBeLessThan(seconds + 0.01);
        timer.dispose();
      }
      const next = rng(99);
      const worst = newWorst();
      for (let n = 0; n < 3000; n++) {
        const l = Math.floor(next() * laws.length);
        const i = Math.floor(next() * scenarios.length);
        expectPairMatches(results, l * scenarios.length + i, laws[l]!, scenarios[i]!, worst);
      }
      console.info(
        `optimum frontier 4000x512 (${platform}): ${(2_048_000 / seconds).toExponential(3)} scenarios/s end to end (${seconds.toFixed(2)} s, GPU ${timer ? `${(timer.seconds * 1000).toFixed(1)} ms` : 'time not available'}); worst`,
        worst,
      );
    }, 300_000);

    const x: SweepAxis = { field: 'C', min: 1e18, max: 1e28, count: 1024, spacing: 'log' };
    const y: SweepAxis = { field: 'U', min: 1e9, max: 1e14, count: 1024, spacing: 'log' };
    const base: Scenario = { kind: 'data-constrained' };

    it('sweeps 1024 x 1024 data-constrained cells in one dispatch', async () => {
      expect(kernel.planTiles(1, x.count * y.count)).toHaveLength(1);
      const t = performance.now();
      const results = await kernel.sweep([muennighoff], base, x, y);
      const seconds = (performance.now() - t) / 1000;
      const next = rng(7);
      const worst = newWorst();
      for (let n = 0; n < 3000; n++) {
        const col = n < 4 ? (n & 1) * 1023 : Math.floor(next() * 1024);
        const row = n < 4 ? (n >> 1) * 1023 : Math.floor(next() * 1024);
        const s = sweepCell(base, x, y, col, row);
        expectPairMatches(results, row * 1024 + col, muennighoff, s, worst);
      }
      console.info(
        `optimum sweep 1024x1024 (${platform}): ${(2 ** 20 / seconds).toExponential(3)} cells/s end to end (${seconds.toFixed(2)} s); worst`,
        worst,
      );
    }, 300_000);

    it('tiles beyond small device limits with results equal to one dispatch', async () => {
      const small = await GpuOptimum.create(gpu, {
        limits: {
          maxStorageBufferBindingSize: 1 << 18,
          maxBufferSize: 1 << 18,
          maxComputeWorkgroupsPerDimension: 64,
        },
      });
      const xs: SweepAxis = { ...x, count: 300 };
      const ys: SweepAxis = { ...y, count: 257 };
      const laws = [muennighoff, hoffmann, { ...hoffmann, alpha: 0.1, beta: 1.5 }];
      const tiles = small.planTiles(laws.length, xs.count * ys.count);
      expect(tiles.length).toBeGreaterThan(4);
      const progress: number[] = [];
      const tiled = await small.sweep(laws, base, xs, ys, { onProgress: (d) => progress.push(d) });
      const whole = await kernel.sweep(laws, base, xs, ys);
      expect(progress).toHaveLength(tiles.length);
      expect(progress.at(-1)).toBe(laws.length * xs.count * ys.count);
      expect(tiled).toEqual(whole);
    });

    it('cancels between tiles', async () => {
      const chunked = await GpuOptimum.create(gpu, { maxPairsPerDispatch: 4096 });
      const controller = new AbortController();
      const job = chunked.sweep([hoffmann], base, x, y, {
        signal: controller.signal,
        onProgress: () => controller.abort(new Error('stop')),
      });
      await expect(job).rejects.toThrow('stop');
    });

    it('rejects unusable sweep axes with a readable message', () => {
      expect(() => kernel.sweep([hoffmann], base, { ...x, min: 1e28, max: 1e18 }, y)).toThrow(
        /inverted/,
      );
      expect(() => kernel.sweep([hoffmann], base, x, { ...y, count: 0 })).toThrow(/resolution/);
      expect(() =>
        kernel.sweep([hoffmann], { kind: 'compute', C: 1e22 }, x, {
          ...y,
          field: 'mfu',
          min: 0.2,
          max: 1.5,
        }),
      ).toThrow(/MFU/);
    });

    it('frees every buffer it made', () => {
      expect(gpu.resources.counts().liveBuffers).toBe(0);
    });
  });
}
