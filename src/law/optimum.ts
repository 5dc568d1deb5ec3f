/**
 * f64 optimum solvers (the CPU twin of shaders/optimum*.wgsl): for a law and a scenario, the
 * recommended N and D, the loss, and the compute. Kinds a and e are closed form; c1, c2 and d
 * use {@link goldenMinimise} on x = ln N (64 steps; tolerance ~1.2e-12 in ln N for a bracket of
 * width 28); b bisects on the loss's elasticity in N (src/law/data-constrained.ts: the smallest
 * N where a larger model stops paying, to 8e-13 in ln N). They return a reason, never NaN. Data quality q enters as B' = B q^-beta, which is
 * L(N, qD) with D the raw tokens.
 */

import {
  dataConstrainedArgmin,
  dataConstrainedBracket,
  dataConstrainedLine,
  dataConstrainedPoint,
} from './data-constrained';
import {
  dataInferenceArgmin,
  dataInferenceBracket,
  dataInferenceLine,
  dataInferencePoint,
} from './data-constrained-inference';
import { computeOptimal } from './frontier';
import { goldenMinimise } from './golden';
import { lossFromLogs, type ScalingLaw } from './law';
import {
  failureReason,
  OptimumStatus,
  type OptimumStatusCode,
  type ResolvedScenario,
  resolveScenario,
  type Scenario,
  type ScenarioKind,
  scenarioIssue,
} from './scenario';

/** A solved scenario. */
export interface OptimumOk {
  readonly ok: true;
  readonly N: number;
  readonly D: number;
  /** L(N, q D), or for kind b L(N', q D') with the repetition discounts. */
  readonly loss: number;
  /** Training FLOPs k N D. */
  readonly C: number;
  /** k N D + 2 N D_inf. */
  readonly totalFlops: number;
  readonly tokensPerParam: number;
  /** D / U, kinds b and f only. */
  readonly epochs?: number;
}

/** A scenario with no solution, and why. */
export interface OptimumFailure {
  readonly ok: false;
  readonly status: OptimumStatusCode;
  readonly reason: string;
}

export type OptimumResult = OptimumOk | OptimumFailure;

/** Width in ln N of the inference-target bracket above ln N_min. */
export const TARGET_BRACKET_WIDTH = 25;
/** Width in ln N of the inference-budget bracket below ln(C / (2 D_inf)). */
export const BUDGET_BRACKET_WIDTH = 30;
/** Offset in ln N that keeps the brackets off their singular ends. */
export const BRACKET_EPSILON = 1e-9;

/** The law with data quality folded in: B' = B q^-beta, so L'(N, D) = L(N, q D). */
export function qualityLaw(law: ScalingLaw, q: number): ScalingLaw {
  return q === 1 ? law : { ...law, B: law.B * q ** -law.beta };
}

function fail(status: OptimumStatusCode, law: ScalingLaw, s: Scenario): OptimumFailure {
  return { ok: false, status, reason: failureReason(status, law, s) };
}

function result(
  law: ScalingLaw,
  s: ResolvedScenario,
  N: number,
  D: number,
  lossValue: number,
): OptimumResult {
  const C = s.k * N * D;
  const totalFlops = C + 2 * N * s.Dinf;
  const epochs =
    s.kind === 'data-constrained' || s.kind === 'data-constrained-inference'
      ? D / (s.U as number)
      : undefined;
  const values = [N, D, lossValue, C, totalFlops, D / N, epochs ?? 0];
  if (!values.every(Number.isFinite)) return fail(OptimumStatus.noOptimum, law, s);
  return {
    ok: true,
    N,
    D,
    loss: lossValue,
    C,
    totalFlops,
    tokensPerParam: D / N,
    ...(epochs === undefined ? {} : { epochs }),
  };
}

/**
 * Kind b's loss at x = ln N on the isoFLOP line C = k N D, with U unique tokens (Muennighoff
 * et al. 2023): D' and N' discount repeated tokens and excess parameters. The unique tokens
 * seen are U_D = min(D, U) (the paper's U_D), so D' = D when D <= U: the cap does not bind.
 */
export function dataConstrainedLoss(law: ScalingLaw, s: Scenario, x: number): number {
  return dataConstrainedPoint(dataConstrainedLine(law, resolveScenario(s)), x).loss;
}

/** Kind b's elasticity d ln(L - E) / d ln N at x = ln N (what the solve bisects on). */
export function dataConstrainedElasticity(law: ScalingLaw, s: Scenario, x: number): number {
  return dataConstrainedPoint(dataConstrainedLine(law, resolveScenario(s)), x).elasticity;
}

/** Kind c1's ln D at x = ln N: the tokens that reach the target loss (+Infinity below N_min). */
export function tokensForTargetLog(law: ScalingLaw, s: Scenario, x: number): number {
  const r = resolveScenario(s);
  const gap = (r.targetLoss as number) - law.E - Math.exp(Math.log(law.A) - law.alpha * x);
  if (!(gap > 0)) return Number.POSITIVE_INFINITY;
  return (Math.log(law.B) - Math.log(gap)) / law.beta - Math.log(r.q);
}

/** Kind c1's objective at x = ln N: ln(k N D(N) + 2 N D_inf), the log of total FLOPs. */
export function inferenceTargetLogFlops(law: ScalingLaw, s: Scenario, x: number): number {
  const r = resolveScenario(s);
  return x + Math.log(r.k * Math.exp(tokensForTargetLog(law, s, x)) + 2 * r.Dinf);
}

/** Kind c2's ln D at x = ln N: D = (C - 2 N D_inf) / (k N) (+Infinity's negative, -Infinity, if none). */
function budgetTokensLog(r: ResolvedScenario, x: number): number {
  const rest = (r.C as number) * Math.exp(-x) - 2 * r.Dinf;
  return rest > 0 ? Math.log(rest) - Math.log(r.k) : Number.NEGATIVE_INFINITY;
}

/** Kind c2's objective at x = ln N: L(N, q D) with D = (C - 2 N D_inf)/(k N); +Infinity if D <= 0. */
export function inferenceBudgetLoss(law: ScalingLaw, s: Scenario, x: number): number {
  const r = resolveScenario(s);
  const lnD = budgetTokensLog(r, x);
  if (lnD === Number.NEGATIVE_INFINITY) return Number.POSITIVE_INFINITY;
  return lossFromLogs(qualityLaw(law, r.q), x, lnD);
}

function solveCompute(law: ScalingLaw, r: ResolvedScenario): OptimumResult {
  const o = computeOptimal(qualityLaw(law, r.q), r.C as number, r.k);
  return result(law, r, o.N, o.D, o.loss);
}

function solveDataConstrained(law: ScalingLaw, r: ResolvedScenario): OptimumResult {
  const line = dataConstrainedLine(law, r);
  const [lo, hi] = dataConstrainedBracket(line);
  if (!(lo <= hi)) return fail(OptimumStatus.budgetTooSmall, law, r);
  const x = dataConstrainedArgmin(line, lo, hi);
  return result(law, r, Math.exp(x), Math.exp(line.lnCk - x), dataConstrainedPoint(line, x).loss);
}

function solveDataInference(law: ScalingLaw, r: ResolvedScenario): OptimumResult {
  if (r.Dinf === 0) return solveDataConstrained(law, r);
  const line = dataInferenceLine(law, r);
  const [lo, hi] = dataInferenceBracket(line);
  if (!(lo <= hi)) return fail(OptimumStatus.inferenceTooSmall, law, r);
  const x = dataInferenceArgmin(line, lo, hi);
  const p = dataInferencePoint(line, x);
  return result(law, r, Math.exp(x), Math.exp(p.lnD), p.loss);
}

/** Kind f's loss at x = ln N on the total-budget line (+Infinity at or beyond N_max). */
export function dataInferenceLoss(law: ScalingLaw, s: Scenario, x: number): number {
  return dataInferencePoint(dataInferenceLine(law, resolveScenario(s)), x).loss;
}

function solveInferenceTarget(law: ScalingLaw, r: ResolvedScenario): OptimumResult {
  const lnNmin = (Math.log(law.A) - Math.log((r.targetLoss as number) - law.E)) / law.alpha;
  const m = goldenMinimise(
    (x) => inferenceTargetLogFlops(law, r, x),
    lnNmin + BRACKET_EPSILON,
    lnNmin + TARGET_BRACKET_WIDTH,
  );
  const lnD = tokensForTargetLog(law, r, m.x);
  return result(law, r, Math.exp(m.x), Math.exp(lnD), lossFromLogs(qualityLaw(law, r.q), m.x, lnD));
}

function solveInferenceBudget(law: ScalingLaw, r: ResolvedScenario): OptimumResult {
  if (r.Dinf === 0) return solveCompute(law, r);
  const C = r.C as number;
  const xCap = Math.log(C / (2 * r.Dinf));
  const lo = Math.max(xCap - BUDGET_BRACKET_WIDTH, 0);
  const hi = Math.min(xCap - BRACKET_EPSILON, Math.log(C / (r.k + 2 * r.Dinf)));
  if (!(lo <= hi)) return fail(OptimumStatus.inferenceTooSmall, law, r);
  const m = goldenMinimise((x) => inferenceBudgetLoss(law, r, x), lo, hi);
  return result(law, r, Math.exp(m.x), Math.exp(budgetTokensLog(r, m.x)), m.f);
}

function solveFixedModel(law: ScalingLaw, r: ResolvedScenario): OptimumResult {
  const N = r.N as number;
  const lnD = Math.log(r.C as number) - Math.log(r.k) - Math.log(N);
  return result(law, r, N, Math.exp(lnD), lossFromLogs(qualityLaw(law, r.q), Math.log(N), lnD));
}

const SOLVERS: Readonly<
  Record<ScenarioKind, (law: ScalingLaw, r: ResolvedScenario) => OptimumResult>
> = {
  compute: solveCompute,
  'data-constrained': solveDataConstrained,
  'inference-target': solveInferenceTarget,
  'inference-budget': solveInferenceBudget,
  'target-loss': (law, r) => solveInferenceTarget(law, { ...r, Dinf: 0 }),
  'fixed-model': solveFixedModel,
  'data-constrained-inference': solveDataInference,
};

/** Solves any scenario: validates it (see `scenarioIssue`), then dispatches on its kind. */
export function solveOptimum(law: ScalingLaw, scenario: Scenario): OptimumResult {
  const issue = scenarioIssue(law, scenario);
  if (issue) return { ok: false, ...issue };
  return SOLVERS[scenario.kind](law, resolveScenario(scenario));
}

/** The scenario fields of one kind. */
export type ScenarioInput = Omit<Scenario, 'kind'>;

/** (a) Compute-optimal N, D for training budget C, in closed form. */
export const computeOptimum = (law: ScalingLaw, s: ScenarioInput): OptimumResult =>
  solveOptimum(law, { ...s, kind: 'compute' });
/** (b) Loss-minimising N on the isoFLOP line of C with U unique tokens. */
export const dataConstrainedOptimum = (law: ScalingLaw, s: ScenarioInput): OptimumResult =>
  solveOptimum(law, { ...s, kind: 'data-constrained' });
/** (c1) Least total FLOPs k N D + 2 N D_inf reaching targetLoss. */
export const inferenceTargetOptimum = (law: ScalingLaw, s: ScenarioInput): OptimumResult =>
  solveOptimum(law, { ...s, kind: 'inference-target' });
/** (c2) Least loss under total budget C = k N D + 2 N D_inf. */
export const inferenceBudgetOptimum = (law: ScalingLaw, s: ScenarioInput): OptimumResult =>
  solveOptimum(law, { ...s, kind: 'inference-budget' });
/** (d) Least training compute reaching targetLoss (kind c1 with D_inf = 0). */
export const targetLossOptimum = (law: ScalingLaw, s: ScenarioInput): OptimumResult =>
  solveOptimum(law, { ...s, kind: 'target-loss' });
/** (f) Kind b's repetition model under kind c2's total budget C = k N D + 2 N D_inf. */
export const dataInferenceOptimum = (law: ScalingLaw, s: ScenarioInput): OptimumResult =>
  solveOptimum(law, { ...s, kind: 'data-constrained-inference' });
/** (e) Tokens and loss for a fixed model size N and budget C. */
export const fixedModelOptimum = (law: ScalingLaw, s: ScenarioInput): OptimumResult =>
  solveOptimum(law, { ...s, kind: 'fixed-model' });
