/**
 * The `design` command's output: one versioned JSON object (every non-finite number written as
 * null) or text tables of the designer's and the classic plan, with the target's predicted
 * standard error before and after, and the simulation check when asked for.
 */

import { planRunName } from '../export/design-plan';
import type { DesignPlan } from '../fit/design';
import { planSummary, planVerdict, seAfterRun, targetWords } from '../fit/design-report';
import { finiteJson } from './compare-output';
import type { DesignRun } from './design';
import type { DesignCommand } from './design-args';

/** Where the design ran. */
export interface DesignEngineInfo {
  readonly kind: 'gpu' | 'cpu';
  readonly adapter: string | null;
  readonly threads: number | null;
}

/** The JSON version of `design`'s output. */
export const DESIGN_JSON_VERSION = 1;

function planJson(plan: DesignPlan, budget: number) {
  return {
    kind: plan.kind,
    budgetFlops: budget,
    flops: plan.flops,
    varianceBefore: plan.varianceBefore,
    varianceAfter: plan.varianceAfter,
    ...planSummary(plan),
    runs: plan.runs.map((r, i) => ({
      name: planRunName(plan.kind, i, r),
      N: r.N,
      D: r.D,
      flops: r.flops,
      reduction: r.reduction,
      seAfter: seAfterRun(r),
    })),
  };
}

/** The JSON text of a design. */
export function designOutputJson(
  run: DesignRun,
  command: DesignCommand,
  engine: DesignEngineInfo,
): string {
  const { E, A, B, alpha, beta } = run.fit.best.law;
  const sim = run.simulation;
  return `${finiteJson({
    version: DESIGN_JSON_VERSION,
    command: 'design',
    file: command.file,
    engine,
    target: { text: command.targetText, ...command.target, value: run.value },
    budgetFlops: command.budgetFlops,
    fit: {
      law: { E, A, B, alpha, beta },
      runs: run.info.n,
      residualScale: run.info.scale,
      reciprocalCondition: run.info.reciprocalCondition,
    },
    candidates: {
      ...run.candidates.grid,
      cells: run.candidates.grid.width * run.candidates.grid.height,
      inBudget: run.candidates.inBudget,
      best: run.candidates.best,
    },
    plans: [
      planJson(run.designer, command.budgetFlops),
      planJson(run.classic, command.budgetFlops),
    ],
    verdict: planVerdict(run.designer, run.classic),
    simulation: sim
      ? {
          replicas: command.simulate,
          bootstrap: command.bootstrap,
          widthBefore: sim.widthBefore,
          plans: sim.plans.map((p) => ({
            kind: p.kind,
            runs: p.runs,
            flops: p.flops,
            predictedWidthRatio: p.predictedWidthRatio,
            widthAfter: p.widthAfter,
            widthRatio: p.widthAfter / sim.widthBefore,
            shrinkage: p.shrinkage,
          })),
          designerBeatsAll: sim.designerBeatsAll,
          verdict: sim.verdict,
        }
      : null,
  })}\n`;
}

/** Columns padded to their widest cell, the first left-aligned, the others right-aligned. */
function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => r[c]!.length)));
  const line = (r: readonly string[]) =>
    r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  return `${all.map(line).join('\n')}\n`;
}

const e3 = (x: number) => x.toExponential(2).replace('e+', 'e');
const pct = (x: number) => `${(100 * x).toFixed(0)}%`;

function planText(plan: DesignPlan, budget: number, title: string): string {
  const s = planSummary(plan);
  const rows = plan.runs.map((r, i) => [
    planRunName(plan.kind, i, r),
    e3(budget),
    e3(r.N),
    e3(r.D),
    e3(r.flops),
    seAfterRun(r).toPrecision(3),
  ]);
  return `${title}: ${plan.runs.length} runs, ${e3(plan.flops)} FLOPs; predicted SE ${s.seBefore.toPrecision(3)} -> ${s.seAfter.toPrecision(3)} (${pct(s.seShrinkage)} smaller)\n${formatTable(
    ['name', 'budget', 'N', 'D', 'FLOPs', 'SE after'],
    rows,
  )}`;
}

/** The text of a design. */
export function designOutputText(
  run: DesignRun,
  command: DesignCommand,
  engine: DesignEngineInfo,
): string {
  const { grid, inBudget, best } = run.candidates;
  const where =
    engine.kind === 'gpu'
      ? `gpu (${engine.adapter})`
      : `cpu${engine.threads ? ` (${engine.threads} threads)` : ''}`;
  const y = grid.kind === 'nd' ? 'D' : 'C';
  const lines = [
    `design: ${targetWords(command.target)} (now ${run.value.toPrecision(4)}, SE ${Math.sqrt(run.designer.varianceBefore).toPrecision(3)}); ${e3(command.budgetFlops)} FLOPs for new runs; engine ${where}`,
    `fit: ${run.info.n} runs, residual scale ${run.info.scale.toPrecision(3)} on ln L`,
    `candidates: N ${e3(grid.nMin)} to ${e3(grid.nMax)} x ${y} ${e3(grid.yMin)} to ${e3(grid.yMax)}, ${grid.width} x ${grid.height} cells, ${inBudget} within the budget${best ? `; best single run per FLOP N ${e3(best.N)}, D ${e3(best.D)}` : ''}`,
    '',
    planText(run.designer, command.budgetFlops, 'designer plan (greedy)'),
    '',
    planText(
      run.classic,
      command.budgetFlops,
      `classic plan (one isoFLOP curve, ${command.classicK} sizes)`,
    ),
    '',
    `verdict: ${planVerdict(run.designer, run.classic).text}`,
  ];
  const sim = run.simulation;
  if (sim) {
    lines.push(
      '',
      `simulation check (${command.simulate} data sets per plan, bootstrap ${command.bootstrap}): 95% interval width now ${sim.widthBefore.toPrecision(3)}`,
      formatTable(
        ['plan', 'runs', 'FLOPs', 'predicted width ratio', 'simulated width', 'simulated ratio'],
        sim.plans.map((p) => [
          p.kind,
          String(p.runs),
          e3(p.flops),
          p.predictedWidthRatio.toFixed(3),
          p.widthAfter.toPrecision(3),
          (p.widthAfter / sim.widthBefore).toFixed(3),
        ]),
      ).trimEnd(),
      `${sim.designerBeatsAll ? 'the designer beats both' : 'the designer does not beat both'}: ${sim.verdict}`,
    );
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
