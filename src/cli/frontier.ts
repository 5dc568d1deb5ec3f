/**
 * `frontier` output: the optimum per budget under the command's constraints, with 95% bootstrap
 * intervals over replica laws when there are any, as a JSON object (shape in docs/CLI.md) or as
 * a table. Training compute (k N D) and total compute (training plus 2 N D_inf of inference)
 * are separate fields.
 */
import { percentile } from '../fit/summary';
import type { ScalingLaw } from '../law/law';
import { type OptimumOk, type OptimumResult, solveOptimum } from '../law/optimum';
import { repetitionConstants, type Scenario } from '../law/scenario';
import { targetQuality } from '../law/target-quality';
import type { FrontierCommand } from './frontier-args';

/** Version of the `frontier --json` shape; raised when a field changes meaning or goes away. */
export const FRONTIER_JSON_VERSION = 1;

/** Where the law came from, with its constants. */
export type FrontierLaw = ScalingLaw & {
  readonly source: 'preset' | 'typed' | 'fit';
  readonly id?: string;
  readonly name?: string;
  readonly citation?: string;
  readonly file?: string;
};

/** The engine that fitted the law (`--fit` only). */
export interface FrontierEngine {
  readonly kind: 'cpu' | 'gpu';
  /** The GPU adapter's name; null on the CPU. */
  readonly adapter: string | null;
  /** CPU threads of the fit; null on the GPU or on the calling thread. */
  readonly threads: number | null;
}

/** Lower and upper 95% bounds of each output over the replicas that solved. */
export interface FrontierInterval {
  readonly level: 0.95;
  /** Replica laws whose scenario solved (the others are left out). */
  readonly replicas: number;
  readonly N: readonly [number, number];
  readonly D: readonly [number, number];
  readonly loss: readonly [number, number];
  readonly tokensPerParam: readonly [number, number];
  readonly trainingFlops: readonly [number, number];
  readonly totalFlops: readonly [number, number];
}

/** One output row: a solution or the reason there is none. */
export type FrontierRow =
  | {
      /** The budget asked for (--budget); null when a target loss sets it. */
      readonly budget: number | null;
      /** Training FLOPs k N D. */
      readonly trainingFlops: number;
      /** Training plus inference FLOPs, k N D + 2 N D_inf (equal to training without D_inf). */
      readonly totalFlops: number;
      readonly N: number;
      readonly D: number;
      readonly loss: number;
      readonly tokensPerParam: number;
      /** D / U, with --unique-tokens only. */
      readonly epochs?: number;
      readonly interval?: FrontierInterval;
    }
  | { readonly budget: number | null; readonly error: string };

/** `--target-quality` resolved under the law: the compute-optimal model it names. */
export interface ResolvedTargetQuality {
  /** The model size given. */
  readonly N: number;
  /** Its compute-optimal tokens and training FLOPs, and its loss (the target loss). */
  readonly D: number;
  readonly trainingFlops: number;
  readonly loss: number;
}

/** The `--json` object. */
export interface FrontierReport {
  readonly version: typeof FRONTIER_JSON_VERSION;
  readonly law: FrontierLaw;
  readonly engine: FrontierEngine | null;
  readonly constraints: {
    readonly kind: Scenario['kind'];
    readonly uniqueTokens: number | null;
    readonly inferenceTokens: number | null;
    readonly targetLoss: number | null;
    readonly targetQuality: ResolvedTargetQuality | null;
    readonly flopsPerParamToken: 6;
    /** Muennighoff et al.'s repetition constants, with --unique-tokens only. */
    readonly RStarD?: number;
    readonly RStarN?: number;
  };
  readonly rows: readonly FrontierRow[];
}

function interval(results: OptimumResult[]): FrontierInterval | undefined {
  const solved = results.filter((r): r is OptimumOk => r.ok);
  if (solved.length === 0) return undefined;
  const bounds = (pick: (r: OptimumOk) => number): [number, number] => {
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
    trainingFlops: bounds((r) => r.C),
    totalFlops: bounds((r) => r.totalFlops),
  };
}

/**
 * The command with `--target-quality` turned into its target loss under `law` (the point law:
 * replicas then solve for the same target), or the reason it names no loss above the floor.
 */
export function resolveTargetQuality(
  command: FrontierCommand,
  law: ScalingLaw,
): { command: FrontierCommand; quality: ResolvedTargetQuality | null } | { error: string } {
  if (command.targetQuality === undefined) return { command, quality: null };
  const t = targetQuality(law, command.targetQuality);
  if (!t.ok) return { error: `--target-quality ${command.targetQuality}: ${t.reason}` };
  return {
    command: { ...command, targetLoss: t.loss },
    quality: { N: t.N, D: t.D, trainingFlops: t.C, loss: t.loss },
  };
}

/** What {@link frontierReport} needs besides the command and the law. */
export interface FrontierContext {
  readonly replicas?: readonly ScalingLaw[] | null;
  readonly extras?: Readonly<Record<string, number>>;
  readonly engine?: FrontierEngine | null;
  readonly quality?: ResolvedTargetQuality | null;
}

/**
 * Solves the command's scenario for `law` at every budget (one row for a target loss), with
 * intervals over the context's replicas when given. A `--target-quality` command must first go
 * through {@link resolveTargetQuality}.
 */
export function frontierReport(
  command: FrontierCommand,
  law: FrontierLaw,
  context: FrontierContext = {},
): FrontierReport {
  const { replicas = null, extras, engine = null, quality = null } = context;
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
      budget: C ?? null,
      trainingFlops: r.C,
      totalFlops: r.totalFlops,
      N: r.N,
      D: r.D,
      loss: r.loss,
      tokensPerParam: r.tokensPerParam,
      ...(r.epochs === undefined ? {} : { epochs: r.epochs }),
      ...(band ? { interval: band } : {}),
    };
  });
  return {
    version: FRONTIER_JSON_VERSION,
    law,
    engine,
    constraints: {
      kind: command.kind,
      uniqueTokens: command.uniqueTokens ?? null,
      inferenceTokens: command.inferenceTokens ?? null,
      targetLoss: command.targetLoss ?? null,
      targetQuality: quality,
      flopsPerParamToken: 6,
      ...(command.uniqueTokens === undefined ? {} : rStar),
    },
    rows,
  };
}

const fmt = (v: number) => v.toPrecision(4);
const range = (b: readonly [number, number]) => `[${fmt(b[0])}, ${fmt(b[1])}]`;

function lawLine(l: FrontierLaw, engine: FrontierEngine | null): string {
  const where =
    l.source === 'preset'
      ? `${l.id} (${l.citation})`
      : l.source === 'typed'
        ? 'typed'
        : `fit of ${l.file}${engine ? ` (${engineText(engine)})` : ''}`;
  return `law ${where}: E ${fmt(l.E)} A ${fmt(l.A)} B ${fmt(l.B)} alpha ${fmt(l.alpha)} beta ${fmt(l.beta)}`;
}

/** The engine as text: `cpu, 4 threads` or `gpu, <adapter>`. */
export function engineText(e: FrontierEngine): string {
  if (e.kind === 'gpu') return `gpu${e.adapter ? `, ${e.adapter}` : ''}`;
  return `cpu${e.threads === null ? '' : `, ${e.threads} thread${e.threads === 1 ? '' : 's'}`}`;
}

/** The report as aligned text. */
export function formatFrontierTable(r: FrontierReport): string {
  const c = r.constraints;
  const q = c.targetQuality;
  const lines = [
    lawLine(r.law, r.engine),
    `scenario ${c.kind}${c.uniqueTokens !== null ? ` · U ${fmt(c.uniqueTokens)}` : ''}${c.inferenceTokens !== null ? ` · D_inf ${fmt(c.inferenceTokens)}` : ''}${c.targetLoss !== null ? ` · target loss ${q ? `${fmt(c.targetLoss)} (compute-optimal N ${fmt(q.N)})` : c.targetLoss}` : ''}`,
    '',
    `${'budget'.padStart(10)} ${'train C'.padStart(10)} ${'total C'.padStart(10)} ${'N'.padStart(10)} ${'D'.padStart(10)} ${'loss'.padStart(8)} ${'D/N'.padStart(8)}  95% intervals (N; D; loss; D/N)`,
  ];
  for (const row of r.rows) {
    const budget = (row.budget === null ? '-' : fmt(row.budget)).padStart(10);
    if ('error' in row) {
      lines.push(`${budget}  ${row.error}`);
      continue;
    }
    const i = row.interval;
    lines.push(
      `${budget} ${fmt(row.trainingFlops).padStart(10)} ${fmt(row.totalFlops).padStart(10)} ${fmt(row.N).padStart(10)} ${fmt(row.D).padStart(10)} ${row.loss.toFixed(4).padStart(8)} ${row.tokensPerParam.toFixed(1).padStart(8)}${i ? `  ${range(i.N)}; ${range(i.D)}; ${range(i.loss)}; ${range(i.tokensPerParam)}` : ''}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
