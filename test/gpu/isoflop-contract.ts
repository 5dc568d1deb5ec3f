/**
 * GPU-vs-CPU contract for the isoFLOP parabola kernel (shaders/isoflop.wgsl against
 * parabolaRecord in src/fit/isoflop-parabola.ts, f64). Registered by isoflop.node.test.ts (Dawn
 * in Node) and isoflop.browser.test.ts (headless Chromium). A missing adapter fails the suite;
 * nothing skips.
 *
 * Tolerance, per (replica, budget) pair, derived in f64 from the twin's own sums (U = 2^-23):
 * - inputs: u and v are rounded to f32 (relative U each), so u^p carries p U; weights are
 *   small integers, exact;
 * - each of the 8 sums adds m terms of up to 3 products (m runs in the budget): absolute error
 *   <= (m + 6) U times the sum of absolute terms, A_p = sum w |u|^p, T_p = sum w |u|^p |v|;
 * - Gaussian elimination without pivoting on the symmetric positive definite 3 x 3 adds at most
 *   12 U A (Wilkinson's bound with |L||U| <= A for this size), folded into dM;
 * - first order, componentwise (Oettli-Prager): |dc| <= |M^-1| (dt + dM |c|);
 * - vertex u* = -c1 / 2 c2: |du*| <= (|dc1| + 2 |u*| |dc2|) / 2 c2 + 2 U |u*|;
 * - minimum v = c0 - c1^2 / 4 c2: |dv| <= |dc0| + |u*| |dc1| + u*^2 |dc2| + 4 U |v|.
 * Each bound is doubled. Statuses must be equal, except where the twin's c2 lies within its
 * bound of 0 or its vertex within its bound (plus U) of the sampled range's ends, where f32 may
 * decide either way; those pairs are counted and must be rare. So that the check cannot pass
 * vacuously, most pairs must be compared as fitted parabolas, and the median bound must be
 * small. End to end, Approach 2's a on the GPU records must agree with the twin's within the
 * slope error that the vertex bounds imply.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GpuEngine } from '../../src/engine/gpu-engine';
import { DEFAULT_APPROACH2_OPTIONS, fitApproach2 } from '../../src/fit/approach2';
import {
  budgetReplicaWeights,
  cpuParabolaBatch,
  type ParabolaBatch,
} from '../../src/fit/approach2-bootstrap';
import { groupBudgets, type IsoflopRun } from '../../src/fit/isoflop-budgets';
import {
  PARABOLA_RECORD,
  PARABOLA_STATUS,
  type PackedBudgets,
  packBudgets,
  parabolaRecords,
} from '../../src/fit/isoflop-parabola';
import { APPROACH2 } from '../../src/fit/methods/approach2';
import type { GpuAcquisition, GpuContext } from '../../src/gpu/device';
import { GpuIsoflop } from '../../src/gpu/isoflop';
import { computeOptimal } from '../../src/law/frontier';
import { loss, type ScalingLaw } from '../../src/law/law';
import { requireGpu } from './require-gpu';

const U = 2 ** -23;

/** A seeded simulated isoFLOP design with noise, and budgets built to fail each test. */
function simulated(): IsoflopRun[] {
  const law: ScalingLaw = { E: 1.8, A: 480, B: 2000, alpha: 0.35, beta: 0.3 };
  const out: IsoflopRun[] = [];
  let state = 12345;
  const noise = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state / 2 ** 32 - 0.5) * 0.01;
  };
  const budgets = [1e18, 3e18, 1e19, 3e19, 1e20, 3e20, 1e21];
  for (const [g, C] of budgets.entries()) {
    const centre = Math.log(computeOptimal(law, C, 6).N);
    const sizes = 5 + (g % 4) * 3;
    for (let j = 0; j < sizes; j++) {
      const N = Math.exp(centre + 1.4 * ((2 * j) / (sizes - 1) - 1) + 0.3 * (g - 3) * 0.2);
      const D = C / (6 * N);
      out.push({ N, D, C, loss: loss(law, N, D) * Math.exp(noise()) });
    }
  }
  // Two sizes only; a concave profile; a vertex far outside the sizes.
  for (const N of [1e8, 2e8]) out.push({ N, D: 3e22 / (6 * N), C: 3e22, loss: 2.5 });
  for (const [j, N] of [1e8, 2e8, 4e8, 8e8].entries())
    out.push({ N, D: 1e23 / (6 * N), C: 1e23, loss: 2.5 - 0.01 * (j - 1.5) ** 2 });
  for (const [j, N] of [1e8, 2e8, 4e8, 8e8, 1.6e9].entries())
    out.push({ N, D: 3e23 / (6 * N), C: 3e23, loss: 2.5 - 0.05 * j + 0.001 * j * j });
  // Two sizes 0.1% apart and a third far off: an implausible minimum far below the runs.
  for (const [N, L] of [
    [1e8, 3.0],
    [1.001e8, 2.99],
    [1e9, 2.99],
  ] as const)
    out.push({ N, D: 1e24 / (6 * N), C: 1e24, loss: L });
  return out;
}

/** 10 budgets of 13 sizes from 6e18 to 1e22 FLOPs (the shape of the Llama 3 sweep), 0.5% noise. */
function large(): IsoflopRun[] {
  const law: ScalingLaw = { E: 1.7, A: 400, B: 1500, alpha: 0.34, beta: 0.3 };
  const out: IsoflopRun[] = [];
  let state = 99;
  const noise = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state / 2 ** 32 - 0.5) * 0.01;
  };
  for (const C of [6e18, 1e19, 3e19, 6e19, 1e20, 3e20, 6e20, 1e21, 3e21, 1e22]) {
    const centre = Math.log(computeOptimal(law, C, 6).N);
    for (let j = 0; j < 13; j++) {
      const N = Math.exp(centre + 1.5 * (j / 6 - 1));
      const D = C / (6 * N);
      out.push({ N, D, C, loss: loss(law, N, D) * Math.exp(noise()) });
    }
  }
  return out;
}

/** Weights: one row of ones (the point fit), then `replicas` within-budget resamples. */
function weightsFor(packed: PackedBudgets, replicas: number, seed: number): Float64Array {
  const n = packed.offsets[packed.count]!;
  const w = new Float64Array((replicas + 1) * n);
  w.fill(1, 0, n);
  for (let r = 0; r < replicas; r++) budgetReplicaWeights(packed, seed, r, w, (r + 1) * n);
  return w;
}

interface Case {
  readonly name: string;
  readonly runs: () => IsoflopRun[];
  readonly replicas: number;
  readonly target: 'loss' | 'log-loss';
  /** Lowered binding size, to force several dispatches. */
  readonly maxBinding?: number;
}

const CASES: readonly Case[] = [
  {
    name: 'simulated with failing budgets, 1 replica',
    runs: simulated,
    replicas: 1,
    target: 'loss',
  },
  { name: 'simulated, 123 replicas, ln L', runs: simulated, replicas: 123, target: 'log-loss' },
  { name: '10 budgets x 13 sizes, 4000 replicas', runs: large, replicas: 4000, target: 'loss' },
  {
    name: '10 budgets x 13 sizes, 257 replicas in bands of 8 replicas',
    runs: large,
    replicas: 257,
    target: 'loss',
    maxBinding: 130 * 4 * 8,
  },
];

/** Inverse of a symmetric 3 x 3 matrix, row-major. */
function inverse3(m: number[]): number[] {
  const [a, b, c, , e, f, , , i] = m as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const A = e * i - f * f;
  const B = -(b * i - c * f);
  const C = b * f - c * e;
  const det = a * A + b * B + c * C;
  const E = a * i - c * c;
  const F = -(a * f - b * c);
  const I = a * e - b * b;
  return [A, B, C, B, E, F, C, F, I].map((v) => v / det);
}

/** The twin's record and the error bounds of its vertex, c2 and minimum, for pair (r, b). */
function bound(packed: PackedBudgets, w: Float64Array, twin: Float64Array, r: number, b: number) {
  const n = packed.offsets[packed.count]!;
  const first = packed.offsets[b]!;
  const last = packed.offsets[b + 1]!;
  const S = [0, 0, 0, 0, 0];
  const A = [0, 0, 0, 0, 0];
  const T = [0, 0, 0];
  const Ta = [0, 0, 0];
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  let vLo = Number.POSITIVE_INFINITY;
  let vHi = Number.NEGATIVE_INFINITY;
  for (let i = first; i < last; i++) {
    const wi = w[r * n + i]!;
    if (!(wi > 0)) continue;
    const u = packed.u[i]!;
    const v = packed.v[i]!;
    lo = Math.min(lo, u);
    hi = Math.max(hi, u);
    vLo = Math.min(vLo, v);
    vHi = Math.max(vHi, v);
    for (let p = 0; p < 5; p++) {
      S[p]! += wi * u ** p;
      A[p]! += wi * Math.abs(u) ** p;
    }
    for (let p = 0; p < 3; p++) {
      T[p]! += wi * u ** p * v;
      Ta[p]! += wi * Math.abs(u) ** p * Math.abs(v);
    }
  }
  const m = last - first;
  const gamma = (m + 6) * U;
  const M = [0, 1, 2].flatMap((i) => [0, 1, 2].map((j) => S[i + j]!));
  const Minv = inverse3(M).map(Math.abs);
  const at = (r * packed.count + b) * PARABOLA_RECORD;
  const uStar = twin[at + 1]!;
  const c2 = twin[at + 2]!;
  const vMin = twin[at + 3]!;
  const c1 = -2 * c2 * uStar;
  const c0 = vMin + c2 * uStar * uStar;
  const c = [Math.abs(c0), Math.abs(c1), Math.abs(c2)];
  const dM = [0, 1, 2].flatMap((i) =>
    [0, 1, 2].map((j) => (gamma + (i + j) * U + 12 * U) * A[i + j]!),
  );
  const rhs = [0, 1, 2].map(
    (i) =>
      (gamma + (i + 1) * U) * Ta[i]! + [0, 1, 2].reduce((s, j) => s + dM[i * 3 + j]! * c[j]!, 0),
  );
  const dc = [0, 1, 2].map((i) => [0, 1, 2].reduce((s, j) => s + Minv[i * 3 + j]! * rhs[j]!, 0));
  const du = (dc[1]! + 2 * Math.abs(uStar) * dc[2]!) / (2 * Math.abs(c2)) + 2 * U * Math.abs(uStar);
  const dv = dc[0]! + Math.abs(uStar) * dc[1]! + uStar * uStar * dc[2]! + 4 * U * Math.abs(vMin);
  // The implausible-minimum test compares vMin with vLo - (vHi - vLo), computed exactly in both.
  const floor = vLo - (vHi - vLo);
  return {
    status: twin[at]!,
    uStar,
    c2,
    vMin,
    du: 2 * du,
    dc2: 2 * dc[2]!,
    dv: 2 * dv,
    lo,
    hi,
    nearFloor: Math.abs(vMin - floor) <= 2 * dv + 4 * U * Math.abs(floor),
  };
}

/** Registers the contract for one platform. */
export function defineIsoflopContract(
  platform: string,
  acquire: () => Promise<GpuAcquisition>,
): void {
  describe(`isoFLOP parabola contract (${platform})`, () => {
    let gpu: GpuContext;
    beforeAll(async () => {
      gpu = await requireGpu(platform, acquire);
    });
    afterAll(() => gpu?.device.destroy());

    for (const c of CASES) {
      it(`agrees with the f64 twin: ${c.name}`, async () => {
        const runs = c.runs();
        const grouping = groupBudgets(runs, 0.05, 6);
        const packed = packBudgets(runs, grouping.budgets, c.target);
        const w = weightsFor(packed, c.replicas, 7);
        const limits = c.maxBinding
          ? { ...gpu.info.limits, maxStorageBufferBindingSize: c.maxBinding }
          : gpu.info.limits;
        const kernel = await GpuIsoflop.create(gpu, limits);
        const got = await kernel.records(packed, w);
        const twin = parabolaRecords(packed, w);
        expect(got.length).toBe(twin.length);
        const pairs = twin.length / PARABOLA_RECORD;
        let compared = 0;
        let ambiguous = 0;
        let implausible = 0;
        const bounds: number[] = [];
        const failures: string[] = [];
        for (let k = 0; k < pairs; k++) {
          const r = Math.floor(k / packed.count);
          const b = k % packed.count;
          const at = k * PARABOLA_RECORD;
          const t = bound(packed, w, twin, r, b);
          const s = got[at]!;
          if (t.status === PARABOLA_STATUS.fewSizes) {
            if (s !== t.status) failures.push(`pair ${k}: status ${s}, twin ${t.status}`);
            continue;
          }
          const nearFlat = Math.abs(t.c2) <= t.dc2;
          const nearEdge =
            Math.abs(t.uStar - t.lo) <= t.du + U || Math.abs(t.uStar - t.hi) <= t.du + U;
          if (s !== t.status) {
            if (nearFlat || nearEdge || t.nearFloor) ambiguous++;
            else
              failures.push(`pair ${k}: status ${s}, twin ${t.status} (c2 ${t.c2}, u* ${t.uStar})`);
            continue;
          }
          if (Math.abs(got[at + 2]! - t.c2) > t.dc2 + U * Math.abs(t.c2))
            failures.push(`pair ${k}: c2 ${got[at + 2]}, twin ${t.c2}, bound ${t.dc2}`);
          if (t.status === PARABOLA_STATUS.notConvex) continue;
          if (t.status === PARABOLA_STATUS.implausibleMinimum) implausible++;
          compared++;
          bounds.push(t.du);
          if (Math.abs(got[at + 1]! - t.uStar) > t.du)
            failures.push(`pair ${k}: vertex ${got[at + 1]}, twin ${t.uStar}, bound ${t.du}`);
          if (Math.abs(got[at + 3]! - t.vMin) > t.dv)
            failures.push(`pair ${k}: minimum ${got[at + 3]}, twin ${t.vMin}, bound ${t.dv}`);
        }
        expect(failures.slice(0, 10)).toEqual([]);
        // The simulated design's ill-conditioned budget is refused the same way by both.
        if (c.runs === simulated) expect(implausible).toBeGreaterThan(0);
        expect(ambiguous).toBeLessThanOrEqual(Math.ceil(pairs * 0.01));
        expect(compared).toBeGreaterThan(pairs * 0.5);
        bounds.sort((x, y) => x - y);
        // On these inputs the median vertex bound is ~1e-5 in u; a loose bound would hide errors.
        expect(bounds[Math.floor(bounds.length / 2)]!).toBeLessThan(1e-3);
      });
    }

    it('Approach 2 with the bootstrap on the kernel gives the twin a within the bound the vertices imply', async () => {
      const kernel = await GpuIsoflop.create(gpu);
      const gpuBatch: ParabolaBatch = async (p, w) => ({
        records: await kernel.records(p, w),
        engine: 'gpu',
      });
      const options = { ...DEFAULT_APPROACH2_OPTIONS, bootstrap: 500, seed: 3 };
      const runs = large();
      const [onGpu, onCpu] = await Promise.all([
        fitApproach2(runs, options, gpuBatch),
        fitApproach2(runs, options, cpuParabolaBatch),
      ]);
      expect(onGpu.engine).toBe('gpu');
      expect(onCpu.engine).toBe('cpu');
      const used = onCpu.budgets.filter((b) => b.used);
      expect(onGpu.budgets.map((b) => b.used)).toEqual(onCpu.budgets.map((b) => b.used));
      // Slope error <= sum |x_i - mean x| |d ln N_i| / Sxx, with |d ln N_i| <= scale_i du_i.
      const grouping = groupBudgets(runs, options.tolerance, options.k);
      const packed = packBudgets(runs, grouping.budgets, options.target);
      const ones = new Float64Array(packed.offsets[packed.count]!).fill(1);
      const twin = parabolaRecords(packed, ones);
      const x = used.map((b) => Math.log(b.C));
      const mx = x.reduce((s, v) => s + v, 0) / x.length;
      const sxx = x.reduce((s, v) => s + (v - mx) ** 2, 0);
      const slopeBound =
        onCpu.budgets.reduce((s, b, g) => {
          if (!b.used) return s;
          const t = bound(packed, ones, twin, 0, g);
          return s + Math.abs(Math.log(b.C) - mx) * packed.scale[g]! * t.du;
        }, 0) / sxx;
      expect(slopeBound).toBeLessThan(1e-3);
      // The point fit runs in f64 on both engines; the bootstrap ran on the kernel.
      expect(onGpu.N.exponent).toBe(onCpu.N.exponent);
      // A replica's slope moves by its own vertex bounds, of the size of the point fit's: the
      // median of the replica slopes moves by at most twice that.
      expect(Math.abs(onGpu.bootstrap!.a.median - onCpu.bootstrap!.a.median)).toBeLessThanOrEqual(
        2 * slopeBound,
      );
      // Each replica's slope moves by about as little (its own vertex bounds, ~1e-4), so the
      // percentiles move by far less than 2% of the interval's width (~1e-3 here).
      const width = onCpu.bootstrap!.a.ci95[1] - onCpu.bootstrap!.a.ci95[0];
      expect(Math.abs(onGpu.bootstrap!.a.ci95[0] - onCpu.bootstrap!.a.ci95[0])).toBeLessThan(
        0.02 * width,
      );
      expect(Math.abs(onGpu.bootstrap!.a.ci95[1] - onCpu.bootstrap!.a.ci95[1])).toBeLessThan(
        0.02 * width,
      );
      expect(onGpu.bootstrap!.failed).toBe(onCpu.bootstrap!.failed);
      // The GPU engine runs the method on the kernel (its dispose would destroy the shared device).
      const engine = await GpuEngine.create(gpu);
      const viaEngine = await engine.runMethod(APPROACH2, runs, { bootstrap: 500, seed: 3 });
      expect(viaEngine.engine).toBe('gpu');
      expect(viaEngine.N.exponent).toBe(onGpu.N.exponent);
      expect(viaEngine.bootstrap!.a).toEqual(onGpu.bootstrap!.a);
    });
  });
}
