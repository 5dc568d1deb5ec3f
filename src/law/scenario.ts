/**
 * Allocation scenarios for the optimum solvers (docs/METHODS.md, "Optima under constraints"):
 * the scenario kinds, their defaults, and validation with one specific message per problem.
 * The GPU twin reports the same problems as {@link OptimumStatus} codes and maps them back
 * through {@link failureReason}.
 */
import { DEFAULT_FLOPS_PER_PARAM_TOKEN, type ScalingLaw } from './law';
import { validateLaw } from './validate';

/**
 * The solver kinds, lettered a, b, c1, c2, d, e, f in that order (as in docs/METHODS.md); f
 * combines b's repetition model with c2's budget (src/law/data-constrained-inference.ts).
 */
export const SCENARIO_KINDS = [
  'compute',
  'data-constrained',
  'inference-target',
  'inference-budget',
  'target-loss',
  'fixed-model',
  'data-constrained-inference',
] as const;
export type ScenarioKind = (typeof SCENARIO_KINDS)[number];

/**
 * One scenario. `C` is the training budget (a, b, e) or the total budget of training plus
 * inference (c2, f). `U` unique tokens (b, f), `Dinf` inference tokens (c1, c2, f), `targetLoss` (c1, d),
 * `N` parameters (e). `k` FLOPs per parameter-token (default 6), `q` data quality (the loss sees
 * q D tokens; default 1), `RStarD`/`RStarN` the repetition constants of kind b.
 */
export interface Scenario {
  readonly kind: ScenarioKind;
  readonly C?: number;
  readonly U?: number;
  readonly Dinf?: number;
  readonly targetLoss?: number;
  readonly N?: number;
  readonly k?: number;
  readonly q?: number;
  readonly RStarD?: number;
  readonly RStarN?: number;
}

/**
 * Default repetition constants R*_D, R*_N: Muennighoff et al. 2023's fitted values (the
 * `muennighoff2023` preset's extras), used for any law that does not carry its own.
 */
export const MUENNIGHOFF_R_STAR = { RStarD: 15.387756, RStarN: 5.309743 } as const;

/** Default data quality multiplier q. */
export const DEFAULT_DATA_QUALITY = 1;

/** R*_D, R*_N from a preset's extras, else {@link MUENNIGHOFF_R_STAR}. */
export function repetitionConstants(extras?: Readonly<Record<string, number>>): {
  RStarD: number;
  RStarN: number;
} {
  return {
    RStarD: extras?.RStarD ?? MUENNIGHOFF_R_STAR.RStarD,
    RStarN: extras?.RStarN ?? MUENNIGHOFF_R_STAR.RStarN,
  };
}

/** A scenario with every default filled in. */
export interface ResolvedScenario extends Scenario {
  readonly k: number;
  readonly q: number;
  readonly RStarD: number;
  readonly RStarN: number;
  readonly Dinf: number;
}

/** Fills k = 6, q = 1, Dinf = 0 and the Muennighoff R* where they are missing. */
export function resolveScenario(s: Scenario): ResolvedScenario {
  return {
    ...s,
    k: s.k ?? DEFAULT_FLOPS_PER_PARAM_TOKEN,
    q: s.q ?? DEFAULT_DATA_QUALITY,
    RStarD: s.RStarD ?? MUENNIGHOFF_R_STAR.RStarD,
    RStarN: s.RStarN ?? MUENNIGHOFF_R_STAR.RStarN,
    Dinf: s.Dinf ?? 0,
  };
}

/**
 * Status codes shared with the GPU kernel (0 ok). Codes 1-8 come from validation (run on the
 * CPU before a dispatch); 9-11 can also come out of a solve.
 */
export const OptimumStatus = {
  ok: 0,
  badLaw: 1,
  badSetting: 2,
  budget: 3,
  uniqueTokens: 4,
  inferenceTokens: 5,
  targetLoss: 6,
  modelSize: 7,
  missing: 8,
  budgetTooSmall: 9,
  inferenceTooSmall: 10,
  noOptimum: 11,
} as const;
export type OptimumStatusCode = (typeof OptimumStatus)[keyof typeof OptimumStatus];

/** A problem with a scenario: its status code and the message to show. */
export interface ScenarioIssue {
  readonly status: OptimumStatusCode;
  readonly reason: string;
}

/** Compact number for messages: 1e18 rather than 1000000000000000000. */
export function formatQuantity(v: number): string {
  if (!Number.isFinite(v) || v === 0) return String(v);
  const m = Math.abs(v);
  if (m >= 1e6 || m < 1e-3) return v.toExponential().replace('e+', 'e');
  return String(Number(v.toPrecision(6)));
}

const LABELS = {
  C: 'budget C',
  U: 'unique tokens U',
  N: 'model size N',
  Dinf: 'inference tokens D_inf',
  targetLoss: 'target loss',
} as const;
type Field = keyof typeof LABELS;

/** Fields each kind reads, in the order they are checked. */
const REQUIRED: Readonly<Record<ScenarioKind, readonly Field[]>> = {
  compute: ['C'],
  'data-constrained': ['C', 'U'],
  'inference-target': ['Dinf', 'targetLoss'],
  'inference-budget': ['C', 'Dinf'],
  'target-loss': ['targetLoss'],
  'fixed-model': ['N', 'C'],
  'data-constrained-inference': ['C', 'U', 'Dinf'],
};

function positive(label: string, v: number, status: OptimumStatusCode): ScenarioIssue | null {
  if (!Number.isFinite(v))
    return {
      status: OptimumStatus.badSetting,
      reason: `${label} must be a finite number, got ${v}`,
    };
  return v > 0 ? null : { status, reason: `${label} must be positive, got ${formatQuantity(v)}` };
}

function fieldIssue(law: ScalingLaw, s: Scenario, field: Field): ScenarioIssue | null {
  const v = s[field];
  const label = LABELS[field];
  if (v === undefined)
    return {
      status: OptimumStatus.missing,
      reason: `${label} is required for a '${s.kind}' scenario`,
    };
  if (typeof v !== 'number' || !Number.isFinite(v))
    return {
      status: OptimumStatus.badSetting,
      reason: `${label} must be a finite number, got ${v}`,
    };
  switch (field) {
    case 'C':
      return positive(label, v, OptimumStatus.budget);
    case 'U':
      return positive(label, v, OptimumStatus.uniqueTokens);
    case 'N':
      return positive(label, v, OptimumStatus.modelSize);
    case 'Dinf':
      return v >= 0
        ? null
        : {
            status: OptimumStatus.inferenceTokens,
            reason: `${label} must be zero or more, got ${formatQuantity(v)}`,
          };
    case 'targetLoss':
      return v > law.E
        ? null
        : {
            status: OptimumStatus.targetLoss,
            reason: `target loss ${formatQuantity(v)} is at or below the irreducible loss E = ${formatQuantity(law.E)}`,
          };
  }
}

/**
 * The first problem with a law and scenario, or null when the solver can run. Order: the law,
 * k, q, R*_D and R*_N (kind b only), then the kind's fields (see `REQUIRED`).
 */
export function scenarioIssue(law: ScalingLaw, s: Scenario): ScenarioIssue | null {
  const lawIssues = validateLaw(law);
  if (lawIssues.length > 0)
    return { status: OptimumStatus.badLaw, reason: `law: ${lawIssues[0]!.message}` };
  if (!SCENARIO_KINDS.includes(s.kind))
    return { status: OptimumStatus.badSetting, reason: `unknown scenario kind '${s.kind}'` };
  const r = resolveScenario(s);
  const settings: [string, number][] = [
    ['FLOPs per parameter-token k', r.k],
    ['data quality q', r.q],
  ];
  if (s.kind === 'data-constrained' || s.kind === 'data-constrained-inference')
    settings.push(['R*_D', r.RStarD], ['R*_N', r.RStarN]);
  for (const [label, v] of settings) {
    const issue = positive(label, v, OptimumStatus.badSetting);
    if (issue) return issue;
  }
  for (const field of REQUIRED[s.kind]) {
    const issue = fieldIssue(law, s, field);
    if (issue) return issue;
  }
  if (s.Dinf !== undefined && !REQUIRED[s.kind].includes('Dinf')) {
    const issue = fieldIssue(law, s, 'Dinf');
    if (issue) return issue;
  }
  return null;
}

/** The message for a status code that a solve (CPU or GPU) returned for this law and scenario. */
export function failureReason(status: number, law: ScalingLaw, s: Scenario): string {
  const r = resolveScenario(s);
  switch (status) {
    case OptimumStatus.budgetTooSmall:
      return `budget C = ${formatQuantity(r.C ?? Number.NaN)} is too small: it must allow N >= 1 and D >= 1 (C >= k = ${formatQuantity(r.k)})`;
    case OptimumStatus.inferenceTooSmall:
      return `budget C = ${formatQuantity(r.C ?? Number.NaN)} is too small for the inference demand D_inf = ${formatQuantity(r.Dinf)}: it must allow N >= 1 and D >= 1 (C >= k + 2 D_inf)`;
    case OptimumStatus.noOptimum:
      return 'no finite optimum: the solution overflowed the number range';
    default:
      return scenarioIssue(law, s)?.reason ?? `solver failed with status ${status}`;
  }
}
