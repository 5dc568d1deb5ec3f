/**
 * `frontier` output: the optimum per budget under the command's constraints, with 95% bootstrap
 * intervals over replica laws when there are any, as a JSON object or as a table.
 */
import { percentile } from '../fit/summary';
import type { ScalingLaw } from '../law/law';
import { type OptimumResult, solveOptimum } from '../law/optimum';
import { repetitionConstants, type Scenario } from '../law/scenario';
import type { FrontierCommand } from './frontier-args';

/** Where the law came from, with its constants. */
export type FrontierLaw = ScalingLaw & {
  readonly source: 'preset' | 'fit';
  readonly id?: string;
  readonly name?: string;
  readonly citation?: string;
  readonly file?: string;
};

/** Lower and upper 95% bounds of each output over the replicas that solved. */
export interface FrontierInterval {
  readonly level: 0.95;
  /** Replica laws whose scenario solved (the others are left out). */
  readonly replicas: number;
  readonly N: readonly [number, number];
  readonly D: readonly [number, number];
  readonly loss: readonly [number, number];
  readonly tokensPerParam: readonly [number, number];
}

/** One output row: a solution or the reason there is none. */
export type FrontierRow =
  | {
      readonly budget: number;
      readonly N: number;
      readonly D: number;
      readonly loss: number;
      readonly tokensPerParam: number;
      readonly interval?: FrontierInterval;
    }
  | { readonly budget: number | null; readonly error: string };

/** The `--json` object. */
export interface FrontierReport {
  readonly law: FrontierLaw;
  readonly constraints: {
    readonly kind: Scenario['kind'];
    readonly uniqueTokens: number | null;
    readonly inferenceTokens: number | null;
    readonly targetLoss: number | null;
    readonly flopsPerParamToken: 6;
    readonly RStarD: number;
    readonly RStarN: number;
  };
  readonly rows: readonly FrontierRow[];
}

function interval(results: OptimumResult[]): FrontierInterval | undefined {
  const solved = results.filter((r) => r.ok);
  if (solved.length === 0) return undefined;
  const bounds = (pick: (r: (typeof solved)[number]) => number): [number, number] => {
    const sorted = Float64Array.from(solved, pick).sort();
    return [percentile(sorted, 0.025), percentile(sorted, 0.975)];
  };
  return {
    level: 0.95,
    replicas: solved.length,
    N: bounds((r) => r.N),
    D: bounds((r) => r.D),
    loss: bounds((r) => r.loss),
    tokensPerParam: bounds((r) => r.tokensPerParam),
  };
}

/**
 * Solves the command's scenario for `law` at every budget (one row for a target loss, whose
 * budget is the total FLOPs found), with intervals over `replicas` when given.
 */
export function frontierReport(
  command: FrontierCommand,
  law: FrontierLaw,
  replicas: readonly ScalingLaw[] | null,
  extras?: Readonly<Record<string, number>>,
): FrontierReport {
  const rStar = repetitionConstants(extras);
  const base: Scenario = {
    kind: command.kind,
    U: command.uniqueTokens,
    Dinf: command.inferenceTokens,
    targetLoss: command.targetLoss,
    ...rStar,
  };
  const budgets: (number | undefined)[] =
    command.targetLoss !== undefined ? [undefined] : [...command.budgets];
  const rows = budgets.map((C): FrontierRow => {
    const s: Scenario = C === undefined ? base : { ...base, C };
    const r = solveOptimum(law, s);
    if (!r.ok) return { budget: C ?? null, error: r.reason };
    const band = replicas ? interval(replicas.map((rl) => solveOptimum(rl, s))) : undefined;
    return {
      budget: C ?? r.totalFlops,
      N: r.N,
      D: r.D,
      loss: r.loss,
      tokensPerParam: r.tokensPerParam,
      ...(band ? { interval: band } : {}),
    };
  });
  return {
    law,
    constraints: {
      kind: command.kind,
      uniqueTokens: command.uniqueTokens ?? null,
      inferenceTokens: command.inferenceTokens ?? null,
      targetLoss: command.targetLoss ?? null,
      flopsPerParamToken: 6,
      ...rStar,
    },
    rows,
  };
}

const fmt = (v: number) => v.toPrecision(4);
const range = (b: readonly [number, number]) => `[${fmt(b[0])}, ${fmt(b[1])}]`;

/** The report as aligned text. */
export function formatFrontierTable(r: FrontierReport): string {
  const l = r.law;
  const c = r.constraints;
  const lines = [
    `law ${l.source === 'preset' ? `${l.id} (${l.citation})` : `fit of ${l.file}`}: E ${fmt(l.E)} A ${fmt(l.A)} B ${fmt(l.B)} alpha ${fmt(l.alpha)} beta ${fmt(l.beta)}`,
    `scenario ${c.kind}${c.uniqueTokens !== null ? ` · U ${fmt(c.uniqueTokens)}` : ''}${c.inferenceTokens !== null ? ` · D_inf ${fmt(c.inferenceTokens)}` : ''}${c.targetLoss !== null ? ` · target loss ${c.targetLoss}` : ''}`,
    '',
    `${'budget'.padStart(10)} ${'N'.padStart(10)} ${'D'.padStart(10)} ${'loss'.padStart(8)} ${'D/N'.padStart(8)}  95% intervals (N; D; loss; D/N)`,
  ];
  for (const row of r.rows) {
    const budget = (row.budget === null ? '-' : fmt(row.budget)).padStart(10);
    if ('error' in row) {
      lines.push(`${budget}  ${row.error}`);
      continue;
    }
    const i = row.interval;
    lines.push(
      `${budget} ${fmt(row.N).padStart(10)} ${fmt(row.D).padStart(10)} ${row.loss.toFixed(4).padStart(8)} ${row.tokensPerParam.toFixed(1).padStart(8)}${i ? `  ${range(i.N)}; ${range(i.D)}; ${range(i.loss)}; ${range(i.tokensPerParam)}` : ''}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
