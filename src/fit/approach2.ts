/**
 * Approach 2 of Hoffmann et al. (2022), isoFLOP parabolas: group the runs into budgets of equal
 * training compute, fit a parabola of the loss (or ln L) in ln N per budget, take its vertex as
 * N_opt(C), and fit the power laws N_opt = k_N C^a and D_opt = C / (k N_opt) = k_D C^b by least
 * squares in logs. The bootstrap resamples runs within each budget, refits every parabola and
 * both power laws, and reports percentile intervals. The parabolas of all replicas are one batch
 * (`ParabolaBatch`), which the GPU engine runs as one kernel dispatch.
 */
import {
  type Approach2Bootstrap,
  bootstrapApproach2,
  cpuParabolaBatch,
  type ParabolaBatch,
} from './approach2-bootstrap';
import {
  type BudgetGrouping,
  groupBudgets,
  type IsoflopRun,
  noBudgetStructure,
} from './isoflop-budgets';
import {
  type BudgetParabola,
  PARABOLA_STATUS,
  type ParabolaTarget,
  packBudgets,
  parabolaOf,
  parabolaRecords,
} from './isoflop-parabola';
import { MIN_BUDGETS, type PowerLaw, powerLaws } from './isoflop-power-law';
import { FitError } from './run-fit';
import type { FitProgress } from './types';

/** Everything that determines an Approach-2 fit. */
export interface Approach2Options {
  /** Relative tolerance of the budget grouping (0.05: within 5% of a budget's centre). */
  readonly tolerance: number;
  /** Multiplier in C = k N D, for runs without C and for D_opt = C / (k N_opt). */
  readonly k: number;
  /** Fit the parabola to the loss or to ln L. */
  readonly target: ParabolaTarget;
  /** Bootstrap replicas (0 for none). */
  readonly bootstrap: number;
  readonly seed: number;
  /** Budgets (FLOPs) at which N_opt, D_opt and tokens per parameter are reported. */
  readonly budgets: readonly number[];
}

/**
 * The Approach-2 choices the app and the CLI carry beside the Approach-3 options in their one
 * options object (absent: the defaults); the compute-only law reads them too.
 */
export type IsoflopChoices = Partial<Pick<Approach2Options, 'tolerance' | 'target'>>;

/** Defaults: 5% grouping, C = 6ND, parabolas of the loss, 4000 replicas, budgets 1e21..1e25. */
export const DEFAULT_APPROACH2_OPTIONS: Approach2Options = {
  tolerance: 0.05,
  k: 6,
  target: 'loss',
  bootstrap: 4000,
  seed: 1,
  budgets: [1e21, 1e22, 1e23, 1e24, 1e25],
};

/** Most bootstrap replicas. */
export const MAX_APPROACH2_BOOTSTRAP = 200_000;

/**
 * The options in `given` that Approach 2 knows (the app and the CLI pass one options object to
 * every method, so `bootstrap` and `seed` carry over), over the defaults.
 */
export function resolveApproach2Options(given: unknown): Approach2Options {
  const o = (given ?? {}) as Partial<Record<keyof Approach2Options, unknown>>;
  const d = DEFAULT_APPROACH2_OPTIONS;
  return {
    tolerance: typeof o.tolerance === 'number' ? o.tolerance : d.tolerance,
    k: typeof o.k === 'number' ? o.k : d.k,
    target: o.target === 'loss' || o.target === 'log-loss' ? o.target : d.target,
    bootstrap: typeof o.bootstrap === 'number' ? o.bootstrap : d.bootstrap,
    seed: typeof o.seed === 'number' ? o.seed : d.seed,
    budgets: Array.isArray(o.budgets) ? (o.budgets as number[]) : d.budgets,
  };
}

/** Problems with the options or the runs that stop an Approach-2 fit before it starts. */
export function validateApproach2(
  runs: readonly IsoflopRun[],
  options: Approach2Options,
): string[] {
  const errors: string[] = [];
  if (!(options.tolerance >= 0 && options.tolerance < 1)) {
    errors.push(
      `the budget grouping tolerance must be a fraction from 0 to below 1 (0.05 merges runs within 5% of a budget's C), got ${options.tolerance}`,
    );
  }
  if (!(options.k > 0 && Number.isFinite(options.k)))
    errors.push(`k in C = kND must be a positive number, got ${options.k}`);
  if (
    !Number.isInteger(options.bootstrap) ||
    options.bootstrap < 0 ||
    options.bootstrap > MAX_APPROACH2_BOOTSTRAP
  ) {
    errors.push(`bootstrap replicas must be a whole number from 0 to ${MAX_APPROACH2_BOOTSTRAP}`);
  }
  if (!Number.isInteger(options.seed) || options.seed < 0 || options.seed > 0xffffffff)
    errors.push('seed must be a whole number from 0 to 4294967295');
  const badBudget = options.budgets.find((c) => !(c > 0 && Number.isFinite(c)));
  if (badBudget !== undefined)
    errors.push(`a reporting budget must be a positive number of FLOPs, got ${badBudget}`);
  const bad = runs.findIndex((r) => ![r.N, r.D, r.loss].every((v) => Number.isFinite(v) && v > 0));
  if (bad >= 0) errors.push(`run ${bad + 1} has a non-positive or non-finite N, D or loss`);
  const badC = runs.findIndex((r) => r.C !== undefined && !(Number.isFinite(r.C) && r.C > 0));
  if (badC >= 0) errors.push(`run ${badC + 1} has a non-positive or non-finite C`);
  if (runs.length < MIN_BUDGETS * 3) {
    errors.push(
      `Approach 2 needs at least ${MIN_BUDGETS} budgets of at least 3 sizes (${MIN_BUDGETS * 3} runs); got ${runs.length} run${runs.length === 1 ? '' : 's'}`,
    );
  }
  return errors;
}

/** One budget of the grouping, with its parabola or the reason it was left out. */
export interface BudgetReport {
  /** Geometric centre of the budget's C. */
  readonly C: number;
  /** Indices of its runs in the input, by ascending N. */
  readonly runs: readonly number[];
  /** The same runs as spreadsheet rows (a run without a row: its 1-based input position). */
  readonly rows: readonly number[];
  readonly distinctSizes: number;
  /** The fitted parabola (absent when it has fewer than 3 sizes). */
  readonly parabola?: BudgetParabola;
  /** Used in the power laws. */
  readonly used: boolean;
  /** Why it was left out (absent when used). */
  readonly reason?: string;
  /** Bootstrap: 95% interval of its N_opt, and how many replicas dropped it. */
  readonly NOptCi?: readonly [number, number];
  readonly replicaDrops?: number;
}

/** N_opt, D_opt and tokens per parameter at one reporting budget. */
export interface BudgetPrediction {
  readonly C: number;
  readonly NOpt: number;
  readonly DOpt: number;
  readonly tokensPerParam: number;
  readonly NOptCi?: readonly [number, number];
  readonly DOptCi?: readonly [number, number];
  readonly tokensPerParamCi?: readonly [number, number];
}

/** What an Approach-2 fit found. */
export interface Approach2Result {
  readonly engine: 'gpu' | 'cpu';
  readonly runs: number;
  readonly grouping: { readonly tolerance: number; readonly fromColumn: boolean };
  readonly budgets: readonly BudgetReport[];
  readonly N: PowerLaw;
  readonly D: PowerLaw;
  /** The minimum loss of each used budget, by ascending C. */
  readonly minima: readonly { readonly C: number; readonly NOpt: number; readonly loss: number }[];
  readonly predictions: readonly BudgetPrediction[];
  readonly bootstrap?: Approach2Bootstrap;
  readonly warnings: readonly string[];
  readonly options: Approach2Options;
  readonly seconds: number;
}

const fmtN = (v: number) => v.toPrecision(3);

/** Why a parabola was refused, in words. */
function refusal(p: BudgetParabola | undefined, distinct: number, lo: number, hi: number): string {
  if (!p || p.status === PARABOLA_STATUS.fewSizes)
    return `${distinct} distinct size${distinct === 1 ? '' : 's'}; a parabola needs at least 3`;
  if (p.status === PARABOLA_STATUS.notConvex)
    return `the profile is flat or concave (curvature ${p.c2.toPrecision(3)} per (ln N)^2), so it has no interior minimum`;
  if (p.status === PARABOLA_STATUS.implausibleMinimum)
    return `the fitted minimum (${p.lossMin.toPrecision(4)}) lies further below the lowest run than the runs' whole spread: the sizes are too unevenly spaced for a stable parabola`;
  return `the vertex N = ${fmtN(p.NOpt)} lies outside the sampled sizes ${fmtN(lo)} to ${fmtN(hi)}, so the minimum is not bracketed`;
}

/** A budget's C in words, for messages. */
const budgetName = (c: number) => `C = ${c.toPrecision(3)}`;

/**
 * Fits Approach 2 to `runs` (options already validated), running the parabolas through `batch`.
 * Rejects with a FitError when fewer than MIN_BUDGETS budgets are usable (saying why each other
 * was left out) or when the runs carry no budget structure.
 */
export async function fitApproach2(
  runs: readonly IsoflopRun[],
  options: Approach2Options,
  batch: ParabolaBatch = cpuParabolaBatch,
  job: {
    readonly signal?: AbortSignal;
    readonly onProgress?: (p: FitProgress) => void;
  } = {},
): Promise<Approach2Result> {
  const started = performance.now();
  const grouping: BudgetGrouping = groupBudgets(runs, options.tolerance, options.k);
  const structure = noBudgetStructure(grouping, runs.length);
  if (structure) throw new FitError(structure);

  const all = packBudgets(runs, grouping.budgets, options.target);
  const ones = new Float64Array(all.offsets[all.count]!).fill(1);
  // The point fit is one parabola per budget: always in f64, so both engines report the same
  // point estimates; the batch (the GPU kernel on the GPU engine) runs the bootstrap.
  const records = parabolaRecords(all, ones);
  const engines = new Set<'gpu' | 'cpu'>();
  const reports: BudgetReport[] = grouping.budgets.map((b, g) => {
    const sizes = b.runs.map((i) => runs[i]!.N);
    const distinct = new Set(b.runs.map((i) => Math.log(runs[i]!.N))).size;
    const p = parabolaOf(all, records, 0, g);
    const used = p.status === PARABOLA_STATUS.ok;
    const parabola = distinct >= 3 ? { parabola: p } : {};
    const rows = b.runs.map((i) => runs[i]!.row ?? i + 1);
    return used
      ? { C: b.C, runs: b.runs, rows, distinctSizes: distinct, ...parabola, used }
      : {
          C: b.C,
          runs: b.runs,
          rows,
          distinctSizes: distinct,
          ...parabola,
          used,
          reason: refusal(p, distinct, Math.min(...sizes), Math.max(...sizes)),
        };
  });
  const usedIdx = reports.flatMap((r, g) => (r.used ? [g] : []));
  if (usedIdx.length < MIN_BUDGETS) {
    const why = reports
      .filter((r) => !r.used)
      .map(
        (r) =>
          `${budgetName(r.C)} (${r.runs.length} run${r.runs.length === 1 ? '' : 's'}): ${r.reason}`,
      );
    throw new FitError(
      `Approach 2 needs at least ${MIN_BUDGETS} usable isoFLOP budgets and found ${usedIdx.length} of ${reports.length}; left out: ${why.join('; ')}`,
    );
  }
  const lnC = usedIdx.map((g) => all.lnC[g]!);
  const lnNOpt = usedIdx.map((g) => reports[g]!.parabola!.lnNOpt);
  const laws = powerLaws(lnC, lnNOpt, options.k);
  const predict = (c: number, n: PowerLaw) => {
    const NOpt = n.coefficient * c ** n.exponent;
    const DOpt = c / (options.k * NOpt);
    return { NOpt, DOpt, tokensPerParam: DOpt / NOpt };
  };

  const warnings: string[] = [];
  const left = reports.length - usedIdx.length;
  if (left > 0)
    warnings.push(
      `${left} of ${reports.length} budgets left out (their reasons are listed with them)`,
    );
  const lnCmax = Math.max(...lnC);
  const far = options.budgets.filter((c) => Math.log(c) - lnCmax > Math.log(1e3));
  if (far.length > 0)
    warnings.push(
      `${far.length} reporting budget${far.length === 1 ? '' : 's'} lie more than 1000x above the largest fitted budget (${Math.exp(lnCmax).toPrecision(3)} FLOPs): extrapolation`,
    );

  let bootstrap: Approach2Bootstrap | undefined;
  let predictionCis: ((c: number) => Partial<BudgetPrediction>) | undefined;
  let budgetCis: ((j: number) => Pick<BudgetReport, 'NOptCi' | 'replicaDrops'>) | undefined;
  if (options.bootstrap > 0) {
    const packed = packBudgets(
      runs,
      usedIdx.map((g) => grouping.budgets[g]!),
      options.target,
    );
    const boot = await bootstrapApproach2(
      packed,
      options,
      async (p, w) => {
        const out = await batch(p, w);
        engines.add(out.engine);
        return out;
      },
      job,
    );
    bootstrap = boot.summary;
    predictionCis = boot.predictionCis;
    budgetCis = boot.budgetCis;
    if (boot.summary.failed > 0)
      warnings.push(
        `${boot.summary.failed} of ${options.bootstrap} bootstrap replicas had fewer than ${MIN_BUDGETS} usable budgets and were left out`,
      );
  }
  let usedAt = 0;
  const budgets = reports.map((r) => (r.used ? { ...r, ...budgetCis?.(usedAt++) } : r));
  return {
    // The GPU only when the bootstrap ran there, every batch of it.
    engine: engines.size > 0 && !engines.has('cpu') ? 'gpu' : 'cpu',
    runs: runs.length,
    grouping: { tolerance: grouping.tolerance, fromColumn: grouping.fromColumn },
    budgets,
    N: laws.N,
    D: laws.D,
    minima: usedIdx.map((g) => ({
      C: reports[g]!.C,
      NOpt: reports[g]!.parabola!.NOpt,
      loss: reports[g]!.parabola!.lossMin,
    })),
    predictions: options.budgets.map((c) => ({
      C: c,
      ...predict(c, laws.N),
      ...predictionCis?.(c),
    })),
    ...(bootstrap ? { bootstrap } : {}),
    warnings,
    options,
    seconds: (performance.now() - started) / 1000,
  };
}
