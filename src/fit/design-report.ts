/**
 * The sweep designer's results in words and numbers, shared by the CLI and the Design view:
 * the target's name, a plan's predicted standard errors, and which plan predicts the smaller
 * one.
 */
import type { DesignPlan, DesignTarget, PlannedRun } from './design';

/** The target in words: "ln N_opt at C = 1e24 FLOPs". */
export function targetWords(target: DesignTarget): string {
  const e = (x: number) => x.toExponential(2).replace('e+', 'e');
  if (target.kind === 'nopt') return `ln N_opt at C = ${e(target.budget)} FLOPs`;
  if (target.kind === 'dopt') return `ln D_opt at C = ${e(target.budget)} FLOPs`;
  if (target.kind === 'exponent') return 'the exponent a of N_opt(C)';
  return `ln L at N = ${e(target.N)}, D = ${e(target.D)}`;
}

/** Standard errors and shrinkage of a plan. */
export function planSummary(plan: DesignPlan) {
  const seBefore = Math.sqrt(plan.varianceBefore);
  const seAfter = Math.sqrt(plan.varianceAfter);
  return { seBefore, seAfter, seShrinkage: 1 - seAfter / seBefore };
}

/** Which plan predicts the smaller SE, in one sentence. */
export function planVerdict(
  designer: DesignPlan,
  classic: DesignPlan,
): { designerBelowClassic: boolean; text: string } {
  const d = planSummary(designer).seAfter;
  const c = planSummary(classic).seAfter;
  const g = (x: number) => x.toPrecision(3);
  const designerBelowClassic = d < c;
  const spent = designer.flops / classic.flops;
  const cost =
    spent < 0.5
      ? ` (the designer's plan spends ${(100 * spent).toPrecision(2)}% of the budget: it stopped at ${designer.runs.length} runs; a larger run limit (--max-runs, or "Most runs" in the Design view) allows more)`
      : '';
  return {
    designerBelowClassic,
    text:
      (designerBelowClassic
        ? `the designer's plan predicts the smaller SE: ${g(d)} against the classic plan's ${g(c)} (${(100 * (1 - d / c)).toFixed(0)}% smaller)`
        : `the classic plan predicts the smaller SE: ${g(c)} against the designer's ${g(d)}`) +
      cost,
  };
}

/** The target's predicted standard error once `run` and the runs planned before it are added. */
export function seAfterRun(run: PlannedRun): number {
  return Math.sqrt(run.varianceAfter);
}
