/**
 * The one scenario-kind policy: which optimum kind (see {@link SCENARIO_KINDS}) a set of
 * constraints means. The CLI, the planner, the Frontier view and the Sweep view all ask here.
 *
 * - a target loss: 'inference-target' with inference tokens D_inf, else 'target-loss' (the
 *   budget is then an output). Unique tokens U cannot be combined with a target loss: no
 *   solver reaches a target with limited data, so the combination is refused.
 * - else U and D_inf together: 'data-constrained-inference' (the budget covers training and
 *   then serving D_inf tokens; see src/law/data-constrained-inference.ts).
 * - else U: 'data-constrained'; D_inf: 'inference-budget'; a model size N: 'fixed-model';
 *   nothing: 'compute'.
 */
import type { Scenario, ScenarioKind } from './scenario';

/** The constraints a person gave (undefined: not given). */
export interface ScenarioConstraints {
  readonly C?: number | undefined;
  readonly U?: number | undefined;
  readonly Dinf?: number | undefined;
  readonly targetLoss?: number | undefined;
  readonly N?: number | undefined;
  /** Passed through to the scenario (not part of the decision). */
  readonly q?: number | undefined;
  readonly k?: number | undefined;
  readonly RStarD?: number | undefined;
  readonly RStarN?: number | undefined;
}

/** The constraint names, for messages. */
export const CONSTRAINT_LABELS = {
  C: 'budget C',
  U: 'unique tokens U',
  Dinf: 'inference tokens D_inf',
  targetLoss: 'target loss',
  N: 'model size N',
} as const;

/** The decision: the kind, the scenario to solve, and a sentence saying what it optimises. */
export type ScenarioChoice =
  | {
      readonly ok: true;
      readonly kind: ScenarioKind;
      readonly scenario: Scenario;
      readonly note: string;
    }
  | { readonly ok: false; readonly reason: string };

/** What each kind optimises, in one sentence. */
export const KIND_NOTES: Readonly<Record<ScenarioKind, string>> = {
  compute: 'Lowest loss for the training budget (compute-optimal).',
  'data-constrained':
    'Lowest loss with at most U unique tokens, repeated as needed (Muennighoff et al. 2023).',
  'inference-target': 'Least training + inference compute that reaches the target.',
  'inference-budget': 'Lowest loss with training + inference inside the budget.',
  'target-loss': 'Least training compute that reaches the target; the budget is not used.',
  'fixed-model': 'Tokens and loss for the given model size under the training budget.',
  'data-constrained-inference':
    'Lowest loss with training + inference inside the budget and at most U unique tokens, repeated as needed.',
};

/** The kind the given constraints select, or why they cannot be combined. */
export function kindForConstraints(
  has: Readonly<Partial<Record<'U' | 'Dinf' | 'targetLoss' | 'N', boolean>>>,
):
  | { readonly ok: true; readonly kind: ScenarioKind }
  | { readonly ok: false; readonly reason: string } {
  if (has.targetLoss) {
    if (has.U)
      return {
        ok: false,
        reason: `${CONSTRAINT_LABELS.U} cannot be combined with a ${CONSTRAINT_LABELS.targetLoss}: no solver reaches a target with limited unique data`,
      };
    return { ok: true, kind: has.Dinf ? 'inference-target' : 'target-loss' };
  }
  if (has.N && (has.U || has.Dinf))
    return {
      ok: false,
      reason: `a fixed ${CONSTRAINT_LABELS.N} cannot be combined with ${has.U ? CONSTRAINT_LABELS.U : CONSTRAINT_LABELS.Dinf}`,
    };
  if (has.U && has.Dinf) return { ok: true, kind: 'data-constrained-inference' };
  if (has.U) return { ok: true, kind: 'data-constrained' };
  if (has.Dinf) return { ok: true, kind: 'inference-budget' };
  if (has.N) return { ok: true, kind: 'fixed-model' };
  return { ok: true, kind: 'compute' };
}

/**
 * The kind and scenario for the constraints (see the module comment for the policy). The
 * scenario carries only the fields its kind reads, plus q and k where given and R* for the
 * kinds with unique tokens; its values
 * are checked later by `scenarioIssue`.
 */
export function chooseScenario(c: ScenarioConstraints): ScenarioChoice {
  const decided = kindForConstraints({
    U: c.U !== undefined,
    Dinf: c.Dinf !== undefined,
    targetLoss: c.targetLoss !== undefined,
    N: c.N !== undefined,
  });
  if (!decided.ok) return decided;
  const { kind } = decided;
  const s: { -readonly [K in keyof Scenario]: Scenario[K] } = { kind };
  const reads = kindFields(kind);
  for (const f of reads) if (c[f] !== undefined) s[f] = c[f];
  for (const f of ['q', 'k'] as const) if (c[f] !== undefined) s[f] = c[f];
  if (reads.includes('U'))
    for (const f of ['RStarD', 'RStarN'] as const) if (c[f] !== undefined) s[f] = c[f];
  return { ok: true, kind, scenario: s, note: KIND_NOTES[kind] };
}

/** The constraint fields a kind reads. */
export function kindFields(
  kind: ScenarioKind,
): readonly ('C' | 'U' | 'Dinf' | 'targetLoss' | 'N')[] {
  switch (kind) {
    case 'compute':
      return ['C'];
    case 'data-constrained':
      return ['C', 'U'];
    case 'inference-target':
      return ['Dinf', 'targetLoss'];
    case 'inference-budget':
      return ['C', 'Dinf'];
    case 'target-loss':
      return ['targetLoss'];
    case 'fixed-model':
      return ['N', 'C'];
    case 'data-constrained-inference':
      return ['C', 'U', 'Dinf'];
  }
}

/** The kind two swept axes imply, with what it optimises, or why the pair cannot be swept. */
export type AxesChoice =
  | { readonly ok: true; readonly kind: ScenarioKind; readonly note: string }
  | { readonly ok: false; readonly reason: string };

/** What a sweep of each kind shows, in a phrase. */
const SWEEP_NOTES: Readonly<Partial<Record<ScenarioKind, string>>> = {
  compute: 'compute-optimal (Chinchilla) under budget C',
  'data-constrained': 'least loss under budget C with U unique tokens',
  'inference-budget': 'least loss under a total training + inference budget C',
  'inference-target': 'least training + inference FLOPs that reach the target loss',
  'data-constrained-inference':
    'least loss under a total training + inference budget C with U unique tokens',
};

/**
 * The kind a sweep over axes `a` and `b` implies, by {@link kindForConstraints} on the swept
 * fields ('C' and 'mfu', which scales C, add no constraint). A target loss must be swept
 * against D_inf: against C or MFU the budget is not used, so every cell would be the same.
 * `label` names a field in messages.
 */
export function kindForAxes<F extends string>(a: F, b: F, label: (f: F) => string): AxesChoice {
  if (a === b) return { ok: false, reason: `both axes sweep ${label(a)}: pick two fields` };
  const has = (f: string) => a === f || b === f;
  if (has('targetLoss') && !has('Dinf'))
    return {
      ok: false,
      reason: 'target loss can only be swept against inference tokens D_inf (inference-target)',
    };
  const decided = kindForConstraints({
    U: has('U'),
    Dinf: has('Dinf'),
    targetLoss: has('targetLoss'),
  });
  if (!decided.ok) return decided;
  return {
    ok: true,
    kind: decided.kind,
    note: SWEEP_NOTES[decided.kind] ?? KIND_NOTES[decided.kind],
  };
}

/**
 * {@link chooseScenario}'s scenario, for callers whose constraints cannot be refused (a budget
 * with at most U and D_inf); throws an Error with the policy's reason otherwise.
 */
export function scenarioFor(c: ScenarioConstraints): Scenario {
  const choice = chooseScenario(c);
  if (!choice.ok) throw new Error(choice.reason);
  return choice.scenario;
}
