/**
 * The built-in dataset the app opens on: a synthetic isoFLOP sweep generated from a published
 * law with seeded noise. It is not real data, and its note says so.
 */
import { computeOptimal } from '../law/frontier';
import { DEFAULT_FLOPS_PER_PARAM_TOKEN, loss, type ScalingLaw } from '../law/law';
import { findPreset, type PresetId } from '../law/presets';
import { SeededRandom } from './random';
import { parseRuns } from './runs';
import type { Run } from './types';

/** How the built-in sweep is laid out. */
export const BUILTIN_SWEEP = {
  presetId: 'besiroglu2024' as PresetId,
  /** Lowest and highest compute budget, FLOPs. */
  minFlops: 6e18,
  maxFlops: 3e21,
  budgets: 9,
  sizesPerBudget: 15,
  /** Model sizes span the budget's compute-optimal N times 10^(+-spanDecades). */
  spanDecades: 1.2,
  /** Log-normal noise: loss = L(N, D) exp(sigma z), z ~ N(0, 1). */
  sigma: 0.01,
  /** Model sizes are jittered by up to this fraction of a grid step, as real sizes are uneven. */
  sizeJitter: 0.25,
} as const;

/** The built-in dataset: CSV text (what the user could download) and the runs parsed from it. */
export interface BuiltinDataset {
  readonly name: string;
  /** Plain-text note for the UI stating that the data are synthetic and how they were made. */
  readonly note: string;
  readonly csv: string;
  readonly runs: readonly Run[];
  /** The law the losses were drawn from (for recovery tests and the UI's "true law" overlay). */
  readonly law: ScalingLaw;
  readonly presetId: PresetId;
  readonly seed: number;
}

/** Generates the built-in sweep; deterministic for a given seed. */
export function builtinDataset(seed = 1): BuiltinDataset {
  const cfg = BUILTIN_SWEEP;
  const preset = findPreset(cfg.presetId)!;
  const law = preset.law;
  const rng = new SeededRandom(seed);
  const k = DEFAULT_FLOPS_PER_PARAM_TOKEN;
  const lines = ['params,tokens,flops,loss'];
  const logMin = Math.log10(cfg.minFlops);
  const logMax = Math.log10(cfg.maxFlops);
  const step = (2 * cfg.spanDecades) / (cfg.sizesPerBudget - 1);

  for (let b = 0; b < cfg.budgets; b++) {
    const C = Number((10 ** (logMin + ((logMax - logMin) * b) / (cfg.budgets - 1))).toPrecision(3));
    const nOpt = computeOptimal(law, C, k).N;
    for (let i = 0; i < cfg.sizesPerBudget; i++) {
      const jitter = (rng.uniform() - 0.5) * 2 * cfg.sizeJitter * step;
      const logN = Math.log10(nOpt) - cfg.spanDecades + i * step + jitter;
      const N = Number((10 ** logN).toPrecision(3));
      const D = C / (k * N);
      const L = loss(law, N, D) * Math.exp(cfg.sigma * rng.normal());
      lines.push(`${N},${D.toExponential()},${C.toExponential()},${Number(L.toPrecision(6))}`);
    }
  }
  const csv = `${lines.join('\n')}\n`;
  const runs = parseRuns(csv).runs;
  const lawText = `E = ${law.E}, A = ${law.A}, B = ${law.B}, alpha = ${law.alpha}, beta = ${law.beta}`;
  const note =
    `Synthetic data, not real training runs: ${runs.length} runs made by Scaling Sweep's seeded generator (seed ${seed}) ` +
    `from the ${preset.name} law (${lawText}). ${cfg.budgets} compute budgets log-spaced from ${cfg.minFlops.toExponential(0)} ` +
    `to ${cfg.maxFlops.toExponential(0)} FLOPs, ${cfg.sizesPerBudget} model sizes per budget within ±${cfg.spanDecades} decades ` +
    `of its compute-optimal N, D = C/(${k}N), loss = L(N, D) × exp(${cfg.sigma} z) with z ~ N(0, 1) (about ${cfg.sigma * 100}% log-normal noise).`;
  return {
    name: `Synthetic isoFLOP sweep (${preset.name}, seed ${seed})`,
    note,
    csv,
    runs,
    law,
    presetId: cfg.presetId,
    seed,
  };
}
