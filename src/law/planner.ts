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
 * The scenario to solve: a target loss gives 'inference-target' (with D_inf) or 'target-loss'
 * (the budget is then an output); else D_inf gives 'inference-budget', U 'data-constrained',
 * and nothing 'compute'. The hardware (MFU, price) is checked in every mode, as time and cost
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
  const q = inputs.q;
  const { U, Dinf, targetLoss } = inputs;
  if (targetLoss !== undefined) {
    const ignored = U !== undefined ? ' U is not used when a target loss is set.' : '';
    return Dinf !== undefined
      ? {
          ok: true,
          scenario: { kind: 'inference-target', targetLoss, Dinf, q },
          budget: C,
          note: `Least training + inference compute that reaches the target.${ignored}`,
        }
      : {
          ok: true,
          scenario: { kind: 'target-loss', targetLoss, q },
          budget: C,
          note: `Least training compute that reaches the target; the budget is not used.${ignored}`,
        };
  }
  if (Dinf !== undefined)
    return {
      ok: true,
      scenario: { kind: 'inference-budget', C, Dinf, q },
      budget: C,
      note: `Lowest loss with training + inference inside the budget.${U !== undefined ? ' U is not used with an inference demand.' : ''}`,
    };
  if (U !== undefined)
    return {
      ok: true,
      scenario: { kind: 'data-constrained', C, U, q },
      budget: C,
      note: 'Lowest loss with at most U unique tokens, repeated as needed (Muennighoff et al. 2023).',
    };
  return {
    ok: true,
    scenario: { kind: 'compute', C, q },
    budget: C,
    note: 'Lowest loss for the training budget (compute-optimal).',
  };
}

/** A solved plan: the optimum, and its training days and cost on the planner's hardware. */
export interface Plan {
  readonly scenario: Scenario;
  readonly optimum: OptimumOk;
  readonly days: number;
  readonly cost: number;
  readonly note: string;
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
