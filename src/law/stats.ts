/** Order statistics shared by the bootstrap summary, the frontier bands and the views. */

/** Percentile p in [0, 1] of ascending `sorted`, linear between order statistics (type 7). */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}
