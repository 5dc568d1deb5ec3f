/**
 * Exports of a fit: the result as JSON (exactly what `npm run cli -- fit --json` prints, built
 * by src/fit/report.ts), the runs with their predictions and residuals, the bootstrap
 * replicas and the forecast check, as CSV. Pure, no DOM.
 */
import type { Run } from '../data/types';
import type { ForecastCheck } from '../fit/forecast';
import { APPROACH3 } from '../fit/methods/approach3';
import { REPLICA_COLUMNS, ReplicaTable } from '../fit/replica-table';
import type { FitResult } from '../fit/types';
import { logLossLSE } from '../law/law';
import { CSV_EOL, csvRecord } from './csv';

/**
 * The fit as JSON text, in the CLI's shape and layout (2-space indent, final newline), with
 * the method id first.
 * `adapter` is the GPU adapter's name, or null for a CPU fit, as in the CLI.
 */
export function fitJson(result: FitResult, adapter: string | null): string {
  return `${JSON.stringify({ method: APPROACH3.id, ...APPROACH3.json(result, adapter) }, null, 2)}\n`;
}

/**
 * The adapter name inside an engine label (`GPU · <name>` with an optional
 * ` (software fallback adapter)`), or null when the label is not a GPU engine's.
 */
export function adapterFromLabel(label: string): string | null {
  const m = /^GPU · (.*?)(?: \(software fallback adapter\))?$/.exec(label);
  return m?.[1] ? m[1] : null;
}

/** The loss unit of the built-in data (and of every preset law). */
export const NATS_PER_TOKEN = 'nats/token';

/**
 * The unit printed beside losses: nats per token for the built-in data; for a user's file the
 * name of the column the loss came from (a bits-per-byte metric stays bits per byte), or "as in
 * the file" when that column is just called loss.
 */
export function lossUnitOf(source: 'builtin' | 'user' | 'missing', lossLabel: string): string {
  if (source === 'builtin') return NATS_PER_TOKEN;
  return /^(loss|l)$/i.test(lossLabel.trim()) ? 'as in the file' : lossLabel.trim();
}

/**
 * Every run of the dataset with the fit's prediction: spreadsheet row, N, D, C, loss, group,
 * whether it was excluded from the fit, the predicted loss and the residual ln L̂ − ln L.
 * Losses are headed with `lossUnit` (see {@link lossUnitOf}).
 */
export function runsCsv(
  result: FitResult,
  runs: readonly Run[],
  excludedRows: ReadonlySet<number>,
  lossUnit = NATS_PER_TOKEN,
): string {
  const theta = result.best.theta;
  const lines = [
    csvRecord([
      'row',
      'N (parameters)',
      'D (tokens)',
      'C (FLOPs)',
      `loss (${lossUnit})`,
      'group',
      'excluded',
      `predicted loss (${lossUnit})`,
      'residual (ln predicted - ln loss)',
    ]),
  ];
  for (const r of runs) {
    const lnPred = logLossLSE(theta, Math.log(r.N), Math.log(r.D));
    lines.push(
      csvRecord([
        r.row,
        r.N,
        r.D,
        r.C,
        r.loss,
        r.group ?? '',
        excludedRows.has(r.row),
        Math.exp(lnPred),
        lnPred - Math.log(r.loss),
      ]),
    );
  }
  return lines.join(CSV_EOL) + CSV_EOL;
}

/**
 * The bootstrap replicas as CSV: replica index, whether it converged, its fitting parameters
 * (a, b, e, alpha, beta) and the law constants E, A, B. Throws when the fit has no bootstrap.
 */
export function replicasCsv(result: FitResult): string {
  const boot = result.bootstrap;
  if (!boot) throw new Error('This fit has no bootstrap replicas (bootstrap K was 0).');
  const lines = [
    csvRecord(['replica', 'converged', 'a', 'b', 'e', 'alpha', 'beta', 'E', 'A', 'B']),
  ];
  const table = new ReplicaTable(boot.replicas);
  for (let k = 0; k < table.count; k++) {
    const theta = REPLICA_COLUMNS.map((c) => table.value(k, c));
    const [a, b, e] = theta as [number, number, number, number, number];
    const ok = table.isConverged(k);
    lines.push(csvRecord([k, ok, ...theta, Math.exp(e), Math.exp(a), Math.exp(b)]));
  }
  return lines.join(CSV_EOL) + CSV_EOL;
}

/**
 * The hold-out forecast check as CSV: one record per held-out run with its actual and
 * predicted loss, the 95% prediction interval (and the parameter-only interval), the relative
 * error and whether the actual loss fell inside the interval. Losses are headed with `lossUnit`.
 */
export function forecastCsv(check: ForecastCheck, lossUnit = NATS_PER_TOKEN): string {
  const lines = [
    csvRecord([
      'row',
      'N (parameters)',
      'D (tokens)',
      'C (FLOPs)',
      `actual loss (${lossUnit})`,
      `predicted loss (${lossUnit})`,
      `interval 2.5% (${lossUnit})`,
      `interval 97.5% (${lossUnit})`,
      `parameter interval 2.5% (${lossUnit})`,
      `parameter interval 97.5% (${lossUnit})`,
      'relative error',
      'inside interval',
    ]),
  ];
  for (const r of check.rows) {
    lines.push(
      csvRecord([
        r.row,
        r.N,
        r.D,
        r.C,
        r.actual,
        r.predicted,
        r.lo,
        r.hi,
        r.paramLo,
        r.paramHi,
        r.relError,
        r.inside,
      ]),
    );
  }
  return lines.join(CSV_EOL) + CSV_EOL;
}
