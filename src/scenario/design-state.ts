/**
 * The Design view's slice of the app state: what the designer is asked (target, budget for the
 * new runs, candidate region, grid and plan sizes), how its simulation check runs, and the last
 * plan's runs, so a shared link shows the plan it was made with. The candidate map, the other
 * plans and the check are not state: they are recomputed from the fit.
 */
import { MAX_CANDIDATE_SIDE, validateTarget } from '../fit/design';
import { MAX_CHECK_REPLICAS } from '../fit/design-check';
import type { DesignSettings } from '../fit/design-job';
import type { CandidateSpec } from '../fit/design-spec';
import { MAX_QUANTITY } from './sweep-fields';

/** One planned run as the link carries it. */
export interface PlannedPoint {
  readonly N: number;
  readonly D: number;
}

/** What the designer is asked (its settings but the seed, which is the fit's), and the check's sizes. */
export interface DesignState extends Omit<DesignSettings, 'seed'> {
  /** Simulated data sets per plan of the simulation check. */
  readonly checkReplicas: number;
  /** Bootstrap replicas of each refit of the check. */
  readonly checkBootstrap: number;
  /** The designer's last plan (its runs in pick order); empty: none made yet. */
  readonly plan: readonly PlannedPoint[];
}

/** Most bootstrap replicas of each refit of the check. */
export const MAX_CHECK_BOOTSTRAP = 5000;

/** The sides the Design view offers. */
export const DESIGN_SIDES = [64, 128, 256, 512, 1024] as const;

/** Most runs a plan may hold (and a link carry). */
export const MAX_PLAN_RUNS = 128;

export const DEFAULT_DESIGN: DesignState = {
  target: { kind: 'nopt', budget: 1e24 },
  budgetFlops: 5e21,
  candidates: null,
  side: 256,
  classicK: 5,
  maxRuns: 64,
  checkReplicas: 20,
  checkBootstrap: 100,
  plan: [],
};

function positiveQuantity(name: string, v: number): string | null {
  if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v))
    return `${name} must be a positive number, got ${v}`;
  if (v > MAX_QUANTITY) return `${name} must be at most ${MAX_QUANTITY.toExponential(0)}, got ${v}`;
  return null;
}

function whole(name: string, v: number, min: number, max: number): string | null {
  return Number.isInteger(v) && v >= min && v <= max
    ? null
    : `${name} must be a whole number from ${min} to ${max}, got ${v}`;
}

/** Why a candidate region cannot be used, or null. */
export function candidateSpecIssue(spec: CandidateSpec | null): string | null {
  if (spec === null) return null;
  const spans: [string, readonly [number, number] | undefined][] =
    spec.kind === 'nd'
      ? [
          ['N', spec.N],
          ['D', spec.D],
        ]
      : [
          ['C', spec.C],
          ['N', spec.N],
        ];
  for (const [name, s] of spans) {
    if (s === undefined) continue;
    const issue =
      positiveQuantity(`the region's ${name}`, s[0]) ??
      positiveQuantity(`the region's ${name}`, s[1]);
    if (issue) return issue;
    if (s[1] < s[0]) return `the region's ${name} range has its maximum below its minimum`;
  }
  if (spec.kind === 'budgets-sizes' && spec.rows !== undefined)
    return whole("the region's budget rows", spec.rows, 1, MAX_CANDIDATE_SIDE);
  return null;
}

/** Every problem with a design slice. */
export function designIssues(d: DesignState): string[] {
  const out: string[] = [];
  try {
    validateTarget(d.target);
  } catch (e) {
    out.push(`target: ${(e as Error).message}`);
  }
  const checks = [
    positiveQuantity('the budget for new runs', d.budgetFlops),
    candidateSpecIssue(d.candidates),
    whole('the grid side', d.side, 1, MAX_CANDIDATE_SIDE),
    whole('the classic plan sizes', d.classicK, 1, 64),
    whole('the most runs', d.maxRuns, 1, MAX_PLAN_RUNS),
    whole('the simulated data sets', d.checkReplicas, 1, MAX_CHECK_REPLICAS),
    whole('the check bootstrap', d.checkBootstrap, 10, MAX_CHECK_BOOTSTRAP),
  ];
  for (const c of checks) if (c) out.push(c);
  if (!Array.isArray(d.plan) || d.plan.length > MAX_PLAN_RUNS)
    out.push(`the plan holds at most ${MAX_PLAN_RUNS} runs`);
  else
    for (const p of d.plan) {
      const issue = positiveQuantity('a planned N', p.N) ?? positiveQuantity('a planned D', p.D);
      if (issue) {
        out.push(issue);
        break;
      }
    }
  return out;
}
