/**
 * A planned batch of training runs (the sweep designer's, the classic or a random plan) as CSV:
 * the metadata header, then one row per run with the plan's budget, N, D, the run's FLOPs and
 * a suggested run name. Pure.
 */
import type { DesignPlan } from '../fit/design';
import type { ScalingLaw } from '../law/law';
import { toCsv } from './csv';
import { csvMetadataHeader, lawMetadata, metadataNumber } from './csv-metadata';

/** What the plan's metadata lines say. */
export interface DesignPlanMetadata {
  /** The target as the user wrote it, e.g. `nopt@1e24`. */
  readonly target: string;
  /** The compute budget the plan was made for, in FLOPs. */
  readonly budgetFlops: number;
  /** The fitted law the plan was made at. */
  readonly law: ScalingLaw;
  readonly lawSource?: string;
  /** The runs file the law was fitted to. */
  readonly data?: string;
  readonly date?: Date;
}

/** The columns of a plan CSV. */
export const DESIGN_PLAN_COLUMNS = ['budget_flops', 'N', 'D', 'flops', 'name'] as const;

/** Three significant digits in exponent form without `+`: 1.23e9. */
function short(x: number): string {
  return x.toExponential(2).replace('e+', 'e');
}

/** A suggested name for run `index` (from 0) of a plan: `designer-03-N1.23e9-D2.46e10`. */
export function planRunName(
  kind: DesignPlan['kind'],
  index: number,
  run: { readonly N: number; readonly D: number },
): string {
  return `${kind}-${String(index + 1).padStart(2, '0')}-N${short(run.N)}-D${short(run.D)}`;
}

/**
 * The plan as CSV: `# tool`, `# plan`, `# target`, `# budget_flops`, `# law`, the predicted
 * variance of the target before and after, `# date`, then the columns
 * budget_flops (the plan's budget, on every row), N, D, flops (k N D of the run) and name.
 */
export function designPlanCsv(plan: DesignPlan, metadata: DesignPlanMetadata): string {
  const n = metadataNumber;
  const header = csvMetadataHeader(
    [
      ['plan', `${plan.kind} (${plan.runs.length} runs ${n(plan.flops)} FLOPs)`],
      ['target', metadata.target],
      ['budget_flops', n(metadata.budgetFlops)],
      ['data', metadata.data ?? ''],
      ['law', lawMetadata(metadata.law, metadata.lawSource ?? 'fitted law')],
      [
        'predicted_variance',
        `${n(plan.varianceBefore)} before and ${n(plan.varianceAfter)} after (linearised at the fit)`,
      ],
    ],
    metadata.date,
  );
  return (
    header +
    toCsv(
      DESIGN_PLAN_COLUMNS,
      plan.runs.map((r, i) => [
        metadata.budgetFlops,
        r.N,
        r.D,
        r.flops,
        planRunName(plan.kind, i, r),
      ]),
    )
  );
}
