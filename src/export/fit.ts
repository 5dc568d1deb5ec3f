/**
 * Exports of a fit: the result as JSON (exactly what `npm run cli -- fit --json` prints, built
 * by src/fit/report.ts), the runs with their predictions and residuals, the bootstrap
 * replicas (with a metadata header, csv-metadata.ts) and the forecast check, as CSV. Pure, no
 * DOM.
 */
import type { Run } from '../data/types';
import type { ForecastCheck } from '../fit/forecast';
import { APPROACH3 } from '../fit/methods/approach3';
import { objectiveOf } from '../fit/objective-options';
import { REPLICA_COLUMNS, ReplicaTable } from '../fit/replica-table';
import type { FitResult } from '../fit/types';
import { logLossLSE } from '../law/law';
import { CSV_EOL, csvRecord } from './csv';
import {
  type CsvExportContext,
  csvMetadataHeader,
  lawMetadata,
  metadataNumber,
} from './csv-metadata';

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
 * ` residualLoss=squared overPenalty=3 …`: the objective choices that differ from the defaults
 * (docs/METHODS.md, "Objective choices"), with the delta a scaled rule chose; empty at the
 * defaults, so the line of a plain fit is unchanged.
 */
function objectiveOptionsText(result: FitResult): string {
  const c = objectiveOf(result.options);
  const parts: string[] = [];
  if (c.residualLoss !== 'huber') parts.push(`residualLoss=${c.residualLoss}`);
  if (c.deltaRule.kind === 'scaled') {
    parts.push(`deltaRule=scaled(${metadataNumber(c.deltaRule.constant)})`);
    if (result.resolvedDelta !== undefined)
      parts.push(`resolvedDelta=${metadataNumber(result.resolvedDelta)}`);
  }
  if (c.overPenalty !== 1) parts.push(`overPenalty=${metadataNumber(c.overPenalty)}`);
  if (c.weighting !== 'none') parts.push(`weighting=${c.weighting}`);
  const fixed = (['E', 'alpha', 'beta'] as const).flatMap((k) =>
    c.fixed[k] !== undefined ? [`${k}:${metadataNumber(c.fixed[k])}`] : [],
  );
  if (fixed.length > 0) parts.push(`fixed=${fixed.join(',')}`);
  return parts.map((p) => ` ${p}`).join('');
}

/** `starts=grid bootstrap=4000 seed=1 …`: the options that reproduce a fit. */
function fitOptionsText(result: FitResult): string {
  const o = result.options;
  const starts = o.starts.kind === 'random' ? `random(${o.starts.count})` : o.starts.kind;
  return `starts=${starts} bootstrap=${o.bootstrap} seed=${o.seed} delta=${metadataNumber(o.delta)} tieExponents=${o.tieExponents} resampleGroups=${o.resampleGroups}${objectiveOptionsText(result)} engine=${result.engine}`;
}

/**
 * The bootstrap replicas as CSV, after a metadata header (tool, the fit's point estimate, the
 * options that reproduce it, the replicas that converged, the date): replica index, whether it
 * converged, its fitting parameters (a, b, e, alpha, beta) and the law constants E, A, B.
 * Throws when the fit has no bootstrap. `context.lawSource` names the fit (default: the
 * method and the number of runs).
 */
export function replicasCsv(result: FitResult, context: CsvExportContext = {}): string {
  const boot = result.bootstrap;
  if (!boot) throw new Error('This fit has no bootstrap replicas (bootstrap K was 0).');
  const source =
    context.lawSource ?? `point estimate of the ${APPROACH3.id} fit over ${result.rows} runs`;
  const meta = csvMetadataHeader(
    [
      ['law', lawMetadata(result.best.law, source)],
      ['fit', fitOptionsText(result)],
      ['replicas', `${boot.converged} of ${boot.requested} converged`],
    ],
    context.date,
  );
  const lines = [
    meta + csvRecord(['replica', 'converged', 'a', 'b', 'e', 'alpha', 'beta', 'E', 'A', 'B']),
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
