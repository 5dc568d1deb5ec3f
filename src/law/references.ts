/**
 * Reference rules and reference models for the Frontier view. The rules are drawn as rules, not
 * fits: Kaplan et al. 2020's exponents anchored at a stated point, and the fixed 20 tokens per
 * parameter heuristic. Models carry their published N and D, with sources; C = 6 N D.
 */
import { DEFAULT_FLOPS_PER_PARAM_TOKEN } from './law';

/** Kaplan et al. 2020's compute-optimal exponents: N ∝ C^0.73, D ∝ C^0.27. */
export const KAPLAN_2020 = {
  nExponent: 0.73,
  dExponent: 0.27,
  source: 'Kaplan et al. 2020, "Scaling Laws for Neural Language Models", sec. 6 (N ∝ C^0.73)',
} as const;

/** The fixed tokens-per-parameter heuristic read from Hoffmann et al. 2022. */
export const TOKENS_PER_PARAM_HEURISTIC = {
  ratio: 20,
  source: 'the "20 tokens per parameter" reading of Hoffmann et al. 2022 (Chinchilla)',
} as const;

/** A point (C, N, D) a rule is anchored at. */
export interface Anchor {
  readonly C: number;
  readonly N: number;
  readonly D: number;
}

/** N and D of the Kaplan rule at C, through `anchor`: N = N0 (C/C0)^0.73, D = D0 (C/C0)^0.27. */
export function kaplanRule(anchor: Anchor, C: number): { N: number; D: number } {
  const r = C / anchor.C;
  return { N: anchor.N * r ** KAPLAN_2020.nExponent, D: anchor.D * r ** KAPLAN_2020.dExponent };
}

/** N and D at C with D = ratio x N and C = k N D: N = sqrt(C / (k ratio)). */
export function fixedRatioRule(
  C: number,
  ratio: number = TOKENS_PER_PARAM_HEURISTIC.ratio,
  k: number = DEFAULT_FLOPS_PER_PARAM_TOKEN,
): { N: number; D: number } {
  const N = Math.sqrt(C / (k * ratio));
  return { N, D: ratio * N };
}

/** A published model: parameters N, training tokens D, and where the figures come from. */
export interface ReferenceModel {
  readonly id: string;
  readonly name: string;
  readonly N: number;
  readonly D: number;
  readonly source: string;
}

export const REFERENCE_MODELS: readonly ReferenceModel[] = [
  {
    id: 'chinchilla',
    name: 'Chinchilla 70B',
    N: 70e9,
    D: 1.4e12,
    source: 'Hoffmann et al. 2022, table 1',
  },
  {
    id: 'gopher',
    name: 'Gopher 280B',
    N: 280e9,
    D: 300e9,
    source:
      'Rae et al. 2021, "Scaling Language Models: Methods, Analysis & Insights from Training Gopher"',
  },
  {
    id: 'llama2-70b',
    name: 'LLaMA-2 70B',
    N: 70e9,
    D: 2e12,
    source: 'Touvron et al. 2023, "Llama 2: Open Foundation and Fine-Tuned Chat Models", table 1',
  },
  {
    id: 'llama3-8b',
    name: 'Llama 3 8B',
    N: 8e9,
    D: 15e12,
    source: 'Llama Team, Meta 2024, "The Llama 3 Herd of Models" (over 15T tokens)',
  },
];

/** Training compute of a reference model, C = k N D. */
export function referenceCompute(
  m: ReferenceModel,
  k: number = DEFAULT_FLOPS_PER_PARAM_TOKEN,
): number {
  return k * m.N * m.D;
}
