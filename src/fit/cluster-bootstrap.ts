/**
 * A cluster bootstrap (resampling whole groups, such as the checkpoints of one run) over too few
 * groups cannot estimate uncertainty: with G groups there are only C(2G − 1, G) distinct
 * resamples (3 for G = 2, 126 for G = 5, 92,378 for G = 10), many replicas repeat one group and
 * lose the spread of N or D the law needs, so replicas fail to converge and correlations read
 * ±1. The symptoms then look like non-identifiable exponents while the cause is the resampling.
 */
import { resampleUnits } from './resample';
import type { FitRun } from './types';

/**
 * Fewest groups a cluster bootstrap is trusted with. Below about 10 groups the resampling
 * distribution has too few distinct resamples (under 10^5) and too few groups per replica for
 * its percentile intervals to mean much; the cluster-robust inference literature (Cameron,
 * Gelbach & Miller 2008, "Bootstrap-based improvements for inference with clustered errors")
 * treats fewer than about 10 clusters as "few".
 */
export const MIN_BOOTSTRAP_GROUPS = 10;

/** Resampling units of a cluster bootstrap of `runs`: groups, each ungrouped run its own. */
export function bootstrapGroupCount(runs: readonly FitRun[]): number {
  return resampleUnits(runs, true).count;
}

/**
 * The warning for a cluster bootstrap over too few groups (stating the failed `replicas`, when
 * given), or null when the bootstrap does not
 * resample groups (option off, or no run carries a group) or has enough of them.
 */
export function clusterBootstrapWarning(
  runs: readonly FitRun[],
  resampleGroups: boolean,
  replicas?: { readonly requested: number; readonly excluded: number },
): string | null {
  if (!resampleGroups || !runs.some((r) => r.group !== undefined)) return null;
  const groups = bootstrapGroupCount(runs);
  if (groups >= MIN_BOOTSTRAP_GROUPS) return null;
  const failed =
    replicas && replicas.excluded > 0
      ? ` (${replicas.excluded} of ${replicas.requested} replicas, ${((100 * replicas.excluded) / replicas.requested).toFixed(1)}%, did not converge)`
      : '';
  return `the bootstrap resamples whole groups and these runs form only ${groups} group${groups === 1 ? '' : 's'}: a cluster bootstrap needs at least ${MIN_BOOTSTRAP_GROUPS} groups to estimate uncertainty, so its intervals, correlations and failed replicas${failed} reflect the resampling, not the law; turn off group resampling to resample runs instead`;
}
