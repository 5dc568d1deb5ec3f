/**
 * The scenario planner's arithmetic: from the planner's inputs (a budget in FLOPs or from
 * hardware, optional U, D_inf, target loss, data quality q, a price) the scenario to solve, its
 * optimum, the training time and cost; and the distance from optimal of a chosen model size.
 * Pure, no DOM. Every problem comes back as the specific message of the solver or hardware
 * helper that found it.
 */
import {
  budgetFromHardware,
  type HardwarePlan,
  hardwareIssue,
  priceIssue,
  trainingCost,
  trainingDays,
} from './hardware';
import { DEFAULT_FLOPS_PER_PARAM_TOKEN, type ScalingLaw } from './law';
import { type OptimumOk, solveOptimum, tokensForTargetLog } from './optimum';
import type { Scenario } from './scenario';
import { chooseScenario } from './scenario-policy';

/** What the planner's form holds. Optional constraints are undefined when left empty. */
export interface PlannerInputs {
  /** 'flops': the budget is {@link flops}; 'hardware': count x days x peak x MFU. */
  readonly budgetMode: 'flops' | 'hardware';
  readonly flops: number;
  readonly hardware: HardwarePlan;
  readonly pricePerHour: number;
  readonly U?: number;
  readonly Dinf?: number;
  readonly targetLoss?: number;
  readonly q: number;
}

/** The scenario the inputs describe, or the first problem with them. */
export type PlannedScenario =
  | {
      readonly ok: true;
      readonly scenario: Scenario;
      readonly budget: number;
      readonly note: string;
    }
  | { readonly ok: false; readonly reason: string };

/**
 * The scenario to solve, by the one policy (chooseScenario in src/law/scenario-policy.ts): a
 * target loss gives 'inference-target' or 'target-loss'; U and D_inf together
 * 'data-constrained-inference'; D_inf alone 'inference-budget'; U alone 'data-constrained';
 * nothing 'compute'. The hardware (MFU, price) is checked in every mode, as time and cost
 * need it.
 */
export function plannerScenario(inputs: PlannerInputs): PlannedScenario {
  // In FLOPs mode the days are not used, but count, peak and MFU still give the time and cost.
  const hw = hardwareIssue(
    inputs.budgetMode === 'hardware' ? inputs.hardware : { ...inputs.hardware, days: 1 },
  );
  if (hw) return { ok: false, reason: hw };
  const price = priceIssue(inputs.pricePerHour);
  if (price) return { ok: false, reason: price };
  const C = inputs.budgetMode === 'hardware' ? budgetFromHardware(inputs.hardware) : inputs.flops;
  const { U, Dinf, targetLoss, q } = inputs;
  const choice = chooseScenario({ C, U, Dinf, targetLoss, q });
  if (!choice.ok) return { ok: false, reason: choice.reason };
  return { ok: true, scenario: choice.scenario, budget: C, note: budgetNote(inputs, choice) };
}

/**
 * The policy's note, plus what the budget covers: with inference demand the budget is training
 * and then serving D_inf tokens (2 N FLOPs a token); in hardware mode, on the same cluster at
 * the same MFU, within the days given.
 */
function budgetNote(inputs: PlannerInputs, choice: { scenario: Scenario; note: string }): string {
  if (!servesInference(choice.scenario)) return choice.note;
  const { days } = inputs.hardware;
  return inputs.budgetMode === 'hardware'
    ? `${choice.note} The ${days} day${days === 1 ? '' : 's'} on the cluster cover training and then serving D_inf tokens on the same cluster at the same MFU.`
    : `${choice.note} The budget covers training (k N D) and then serving D_inf tokens (2 N D_inf).`;
}

/** A solved plan: the optimum, and its training days and cost on the planner's hardware. */
export interface Plan {
  readonly scenario: Scenario;
  readonly optimum: OptimumOk;
  readonly days: number;
  readonly cost: number;
  readonly note: string;
  /** True when the plan has no constraint beyond the budget (kind 'compute'). */
  readonly computeOnly: boolean;
  /**
   * Days to serve the D_inf tokens (2 N D_inf FLOPs) on the same hardware, for kinds whose
   * budget covers training and then serving; absent otherwise.
   */
  readonly servingDays?: number;
}

/** Whether the scenario's budget covers training and then serving D_inf tokens. */
export function servesInference(s: Scenario): boolean {
  return (
    (s.kind === 'inference-budget' || s.kind === 'data-constrained-inference') && (s.Dinf ?? 0) > 0
  );
}

/** Training days and cost of spending C FLOPs on the inputs' hardware. */
export function timeAndCost(inputs: PlannerInputs, C: number): { days: number; cost: number } {
  const { count, peakFlops, mfu } = inputs.hardware;
  return {
    days: trainingDays(C, count, peakFlops, mfu),
    cost: trainingCost(C, peakFlops, mfu, inputs.pricePerHour),
  };
}

/** Solves the planner's inputs for one law. */
export function solvePlan(
  law: ScalingLaw,
  inputs: PlannerInputs,
): { ok: true; plan: Plan } | { ok: false; reason: string } {
  const planned = plannerScenario(inputs);
  if (!planned.ok) return planned;
  const r = solveOptimum(law, planned.scenario);
  if (!r.ok) return { ok: false, reason: r.reason };
  return {
    ok: true,
    plan: {
      scenario: planned.scenario,
      optimum: r,
      note: planned.note,
      ...timeAndCost(inputs, r.C),
      computeOnly: planned.scenario.kind === 'compute',
      ...(servesInference(planned.scenario)
        ? { servingDays: timeAndCost(inputs, r.totalFlops - r.C).days }
        : {}),
    },
  };
}

/** How far a model of size N is from the compute-optimal one at budget C. */
export type ComputePenalty =
  | {
      readonly ok: true;
      readonly N: number;
      readonly Nopt: number;
      /** N / N_opt. */
      readonly sizeRatio: number;
      /** The optimal loss at C. */
      readonly optimalLoss: number;
      /** The loss N reaches with the same C (kind 'fixed-model'). */
      readonly lossAtBudget: number;
      /** Training compute N needs to reach the optimal loss (Infinity if it never can). */
      readonly computeNeeded: number;
      /** computeNeeded / C - 1: 0.3 means 30% more compute. */
      readonly extraCompute: number;
    }
  | { readonly ok: false; readonly reason: string };

/**
 * The penalty of training a model of N parameters instead of the compute-optimal one at budget
 * C: the loss N reaches with C ('fixed-model'), and the compute it needs to reach the optimal
 * loss (the tokens of a 'target-loss' solve at that N). `q` is the data quality.
 */
export function computePenalty(
  law: ScalingLaw,
  C: number,
  N: number,
  q = 1,
  k: number = DEFAULT_FLOPS_PER_PARAM_TOKEN,
): ComputePenalty {
  const opt = solveOptimum(law, { kind: 'compute', C, q, k });
  if (!opt.ok) return { ok: false, reason: opt.reason };
  const fixed = solveOptimum(law, { kind: 'fixed-model', C, N, q, k });
  if (!fixed.ok) return { ok: false, reason: fixed.reason };
  const target: Scenario = { kind: 'target-loss', targetLoss: opt.loss, q, k };
  const lnD = tokensForTargetLog(law, target, Math.log(N));
  const computeNeeded = Number.isFinite(lnD) ? k * N * Math.exp(lnD) : Number.POSITIVE_INFINITY;
  return {
    ok: true,
    N,
    Nopt: opt.N,
    sizeRatio: N / opt.N,
    optimalLoss: opt.loss,
    lossAtBudget: fixed.loss,
    computeNeeded,
    extraCompute: computeNeeded / C - 1,
  };
}
