/** Text helpers of the workspace: sizes and the notices shown to the user. */

/** A byte count for people: "812 B", "3.4 kB", "12.0 MB" (SI units, as browsers report quota). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return 'unknown size';
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = bytes / 1000;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}

/** The quota notice: how big the entry was and how much is free (when the browser says). */
export function quotaMessage(
  name: string,
  entryBytes: number,
  estimate: { usage?: number; quota?: number } | undefined,
): string {
  const free =
    estimate?.quota !== undefined && estimate.usage !== undefined
      ? `${formatBytes(Math.max(0, estimate.quota - estimate.usage))} free of ${formatBytes(estimate.quota)}`
      : 'the browser does not say how much is free';
  return `Could not save “${name}” (${formatBytes(entryBytes)}): the browser’s storage is full (${free}).`;
}
