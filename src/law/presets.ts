/** Published scaling laws shipped as presets, with their sources. */
import type { ScalingLaw } from './law';

/** A published law with its citation. */
export interface LawPreset {
  /** Stable id used in URLs and on the CLI. */
  readonly id: PresetId;
  readonly name: string;
  readonly law: ScalingLaw;
  readonly source: string;
  /** Extra constants some presets carry (data-constrained R*_D, R*_N). */
  readonly extras?: Readonly<Record<string, number>>;
}

export const PRESET_IDS = [
  'hoffmann2022',
  'hoffmann2022-unrounded',
  'besiroglu2024',
  'muennighoff2023',
] as const;
export type PresetId = (typeof PRESET_IDS)[number];

/** The four published presets (docs/METHODS.md, "Published laws"), in display order. */
export const PRESETS: readonly LawPreset[] = [
  {
    id: 'hoffmann2022',
    name: 'Hoffmann 2022 (rounded)',
    law: { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 },
    source: 'Hoffmann et al. 2022, "Training Compute-Optimal Large Language Models", eq. 10',
  },
  {
    id: 'hoffmann2022-unrounded',
    name: 'Hoffmann 2022 (unrounded)',
    law: {
      E: Math.exp(0.5267228),
      A: Math.exp(6.0073404),
      B: Math.exp(6.0179186),
      alpha: 0.33917084,
      beta: 0.2849083,
    },
    source:
      "Hoffmann et al. 2022, unrounded values used in Epoch AI's replication (Besiroglu et al. 2024)",
  },
  {
    id: 'besiroglu2024',
    name: 'Besiroglu et al. 2024',
    law: { E: 1.8172, A: 482.01, B: 2085.43, alpha: 0.3478, beta: 0.3658 },
    source: 'Besiroglu et al. 2024 (Epoch AI), "Chinchilla Scaling: A replication attempt"',
  },
  {
    id: 'muennighoff2023',
    name: 'Muennighoff et al. 2023',
    law: {
      E: Math.exp(0.6254804),
      A: Math.exp(6.255414),
      B: Math.exp(7.3049974),
      alpha: 0.3526596,
      beta: 0.3526596,
    },
    source: 'Muennighoff et al. 2023, "Scaling Data-Constrained Language Models"',
    extras: { RStarD: 15.387756, RStarN: 5.309743 },
  },
];

/** The preset the app opens on. */
export const DEFAULT_PRESET_ID: PresetId = 'hoffmann2022';

/** Looks a preset up by id; undefined for an unknown id. */
export function findPreset(id: string): LawPreset | undefined {
  return PRESETS.find((p) => p.id === id);
}
