/**
 * The compute-only fit: group the runs into isoFLOP budgets and fit each budget's parabola as
 * Approach 2 does (`fitApproach2`, whose reasons for leaving a budget out apply unchanged), then
 * fit L*(C) = E + A C^-alpha to the parabolas' minima (`fitComputeOnlyLaw`). The bootstrap is
 * Approach 2's: every replica resamples the runs within every budget, refits the parabolas
 * through the engine's batch, and refits the law to that replica's minima.
 *
 * It is the form OLMo-core and Marin compare recipes on, and the honest choice when the runs
 * cannot identify the two-term law: it claims nothing about N and D apart.
 */
import { computeOnlyLoss, lossAtCompute } from '../law/compute-multiplier';
import { percentile } from '../law/stats';
import { type Approach2Options, type Approach2Result, fitApproach2 } from './approach2';
import { cpuParabolaBatch, eachReplicaBatch, type ParabolaBatch } from './approach2-bootstrap';
import {
  type ComputeOnlyFit,
  type ComputeOnlyLaw,
  fitComputeOnlyLaw,
  MIN_COMPUTE_ONLY_BUDGETS,
} from './compute-only-law';
import { groupBudgets, type IsoflopRun } from './isoflop-budgets';
import { PARABOLA_RECORD, PARABOLA_STATUS, packBudgets, parabolaOf } from './isoflop-parabola';
import { FitError } from './run-fit';
import type { FitProgress } from './types';

/** Median and 95% percentile interval of one quantity over the replicas. */
export interface ReplicaSummary {
  readonly median: number;
  readonly ci95: readonly [number, number];
}

/** The bootstrap of the compute-only law. */
export interface ComputeOnlyBootstrap {
  readonly requested: number;
  /** Replicas with a law (enough usable budgets, and minima that fall with compute). */
  readonly used: number;
  readonly failed: number;
  readonly E: ReplicaSummary;
  readonly A: ReplicaSummary;
  readonly alpha: ReplicaSummary;
  /** K x 3 rows (E, A, alpha); NaN where the replica has no law. */
  readonly replicas: Float64Array;
}

/** What a compute-only fit found. */
export interface ComputeOnlyResult {
  readonly engine: 'gpu' | 'cpu';
  readonly runs: number;
  /** The isoFLOP budgets and their parabolas (Approach 2's point fit, without its bootstrap). */
  readonly isoflop: Approach2Result;
  readonly law: ComputeOnlyFit;
  /** The minima the law was fitted to, by ascending C. */
  readonly minima: readonly { readonly C: number; readonly loss: number }[];
  readonly bootstrap?: ComputeOnlyBootstrap;
  /** L*(C) at the options' reporting budgets, with its interval where bootstrapped. */
  readonly predictions: readonly {
    readonly C: number;
    readonly loss: number;
    readonly ci95?: readonly [number, number];
  }[];
  readonly warnings: readonly string[];
  readonly options: Approach2Options;
  readonly seconds: number;
}

/** L*(C) of a compute-only law. */
const lossAt = (law: ComputeOnlyLaw, C: number) => lossAtCompute(computeOnlyLoss(law), C);

function summary(values: number[]): ReplicaSummary {
  const sorted = Float64Array.from(values).sort();
  return {
    median: percentile(sorted, 0.5),
    ci95: [percentile(sorted, 0.025), percentile(sorted, 0.975)],
  };
}

/**
 * Fits the compute-only law to `runs` (options already validated). Rejects with a FitError when
 * fewer than 4 budgets are usable (naming why the others were left out), or when the minima do
 * not fall with compute.
 */
export async function fitComputeOnly(
  runs: readonly IsoflopRun[],
  options: Approach2Options,
  batch: ParabolaBatch = cpuParabolaBatch,
  job: { readonly signal?: AbortSignal; readonly onProgress?: (p: FitProgress) => void } = {},
): Promise<ComputeOnlyResult> {
  const started = performance.now();
  const isoflop = await fitApproach2(runs, { ...options, bootstrap: 0 }, batch, job);
  const minima = isoflop.minima.map((m) => ({ C: m.C, loss: m.loss }));
  if (minima.length < MIN_COMPUTE_ONLY_BUDGETS) {
    throw new FitError(
      `the compute-only law needs at least ${MIN_COMPUTE_ONLY_BUDGETS} usable isoFLOP budgets (three parameters and one degree of freedom) and found ${minima.length}`,
    );
  }
  const law = fitComputeOnlyLaw(
    minima.map((m) => m.C),
    minima.map((m) => m.loss),
  );
  if (!law) {
    throw new FitError(
      'the budgets’ minimum losses do not fall with compute, so no law E + A C^-alpha with alpha in [0.002, 3] fits them',
    );
  }
  const warnings = [...isoflop.warnings];
  let bootstrap: ComputeOnlyBootstrap | undefined;
  const engines = new Set<'gpu' | 'cpu'>();
  if (options.bootstrap > 0) {
    const grouping = groupBudgets(runs, options.tolerance, options.k);
    const used = isoflop.budgets.flatMap((b, g) => (b.used ? [grouping.budgets[g]!] : []));
    const packed = packBudgets(runs, used, options.target);
    const K = options.bootstrap;
    const table = new Float64Array(K * 3).fill(Number.NaN);
    const got: ComputeOnlyLaw[] = [];
    await eachReplicaBatch(
      packed,
      options,
      async (p, w) => {
        const out = await batch(p, w);
        engines.add(out.engine);
        return out;
      },
      job,
      (first, count, records) => {
        for (let r = 0; r < count; r++) {
          const C: number[] = [];
          const L: number[] = [];
          for (let b = 0; b < packed.count; b++) {
            if (records[(r * packed.count + b) * PARABOLA_RECORD] !== PARABOLA_STATUS.ok) continue;
            C.push(Math.exp(packed.lnC[b]!));
            L.push(parabolaOf(packed, records, r, b).lossMin);
          }
          const fit = fitComputeOnlyLaw(C, L);
          if (!fit) continue;
          table.set([fit.E, fit.A, fit.alpha], (first + r) * 3);
          got.push(fit);
        }
      },
    );
    const failed = K - got.length;
    if (got.length < 2) {
      throw new FitError(
        `only ${got.length} of ${K} bootstrap replicas gave a compute-only law (each needs ${MIN_COMPUTE_ONLY_BUDGETS} usable budgets whose minima fall with compute)`,
      );
    }
    if (failed > 0)
      warnings.push(
        `${failed} of ${K} bootstrap replicas gave no compute-only law and were left out`,
      );
    bootstrap = {
      requested: K,
      used: got.length,
      failed,
      E: summary(got.map((l) => l.E)),
      A: summary(got.map((l) => l.A)),
      alpha: summary(got.map((l) => l.alpha)),
      replicas: table,
    };
    if (bootstrap.E.ci95[0] === 0)
      warnings.push('some replicas put the floor E at 0: the budgets do not bound it from below');
  }
  const predictions = options.budgets.map((C) => {
    const loss = lossAt(law, C);
    if (!bootstrap) return { C, loss };
    const values: number[] = [];
    for (let k = 0; k < bootstrap.requested; k++) {
      const E = bootstrap.replicas[k * 3]!;
      if (Number.isNaN(E)) continue;
      values.push(
        lossAt({ E, A: bootstrap.replicas[k * 3 + 1]!, alpha: bootstrap.replicas[k * 3 + 2]! }, C),
      );
    }
    return { C, loss, ci95: summary(values).ci95 };
  });
  return {
    engine: engines.size > 0 && !engines.has('cpu') ? 'gpu' : 'cpu',
    runs: runs.length,
    isoflop,
    law,
    minima,
    ...(bootstrap ? { bootstrap } : {}),
    predictions,
    warnings,
    options,
    seconds: (performance.now() - started) / 1000,
  };
}
