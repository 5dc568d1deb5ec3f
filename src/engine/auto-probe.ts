/**
 * The short measurement behind `auto` (src/engine/auto-policy.ts): one small job of a kind
 * (for the Surface, heatmap draws at 512 x 512), run on the GPU and the CPU engine, once to warm up (worker start-up, kernel compilation) and then
 * timed twice each, alternating; the faster of each engine's two runs counts. Takes tens to a
 * few hundred milliseconds on a software adapter.
 */

import { DEFAULT_COLOUR_MAP } from '../colour/colour-maps';
import type { SurfaceGrid } from '../law/grid';
import type { ScalingLaw } from '../law/law';
import type { Scenario } from '../law/scenario';
import type { SweepAxis } from '../law/sweep';
import type { JobKind, KindTiming } from './auto-policy';
import type { Engine, HeatmapFrame } from './engine';

/** Chinchilla's law (Hoffmann et al. 2022), and small perturbations of it for batches. */
const BASE: ScalingLaw = { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 };

function laws(count: number): ScalingLaw[] {
  return Array.from({ length: count }, (_, k) => ({
    ...BASE,
    alpha: BASE.alpha * (1 + 0.02 * Math.sin(k + 1)),
    beta: BASE.beta * (1 + 0.02 * Math.cos(k + 1)),
  }));
}

/** 64 budgets from 1e18 to 1e26 FLOPs with a unique-token cap that binds at the large ones. */
function budgets(): Scenario[] {
  return Array.from({ length: 64 }, (_, i) => ({
    kind: 'data-constrained',
    C: 10 ** (18 + (8 * i) / 63),
    U: 1e12,
  }));
}

/** A probe ready to run on one engine, and what to free after. */
interface Probe {
  run(): Promise<unknown>;
  dispose(): void;
}

const GRID: SurfaceGrid = {
  log10NMin: 7,
  log10NMax: 13,
  log10DMin: 8,
  log10DMax: 14,
  width: 512,
  height: 512,
};

/**
 * The Surface view's work: heatmap draws into a canvas that is not on the page (what the
 * painter costs, without the compositor), or where there is no document the surface itself.
 */
function surfaceProbe(engine: Engine): Probe {
  if (typeof document === 'undefined')
    return { run: () => engine.surface(BASE, GRID), dispose() {} };
  const painter = engine.createPainter(document.createElement('canvas'));
  const frame: HeatmapFrame = {
    law: BASE,
    grid: GRID,
    scale: { mode: 'linear', lo: 1.8, hi: 4, E: BASE.E, map: DEFAULT_COLOUR_MAP },
    pixelWidth: GRID.width,
    pixelHeight: GRID.height,
  };
  return { run: () => painter.draw(frame), dispose: () => painter.dispose() };
}

/** The probe of each kind (fits are not probed: the policy decides them without one). */
const PROBES: Readonly<Record<Exclude<JobKind, 'fit'>, (engine: Engine) => Probe>> = {
  surface: surfaceProbe,
  frontier: (e) => {
    const batch = laws(64);
    const scenarios = budgets();
    return { run: () => e.frontier(batch, scenarios), dispose() {} };
  },
  sweep: (e) => {
    const x: SweepAxis = { field: 'C', min: 1e18, max: 1e26, count: 64, spacing: 'log' };
    const y: SweepAxis = { field: 'U', min: 1e9, max: 1e13, count: 64, spacing: 'log' };
    const base: Scenario = { kind: 'data-constrained', C: 1e22, U: 1e11 };
    return { run: () => e.sweep([BASE], base, x, y), dispose() {} };
  },
};

async function seconds(probe: Probe): Promise<number> {
  const start = performance.now();
  await probe.run();
  return (performance.now() - start) / 1000;
}

/** Times `kind`'s probe on both engines; rejects if either engine fails it. */
export async function measureKind(
  kind: Exclude<JobKind, 'fit'>,
  gpu: Engine,
  cpu: Engine,
): Promise<KindTiming> {
  const g = PROBES[kind](gpu);
  let c: Probe | undefined;
  try {
    c = PROBES[kind](cpu);
    await g.run();
    await c.run();
    let gpuSeconds = Number.POSITIVE_INFINITY;
    let cpuSeconds = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 2; i++) {
      gpuSeconds = Math.min(gpuSeconds, await seconds(g));
      cpuSeconds = Math.min(cpuSeconds, await seconds(c));
    }
    return { gpuSeconds, cpuSeconds, source: 'probe' };
  } finally {
    g.dispose();
    c?.dispose();
  }
}
