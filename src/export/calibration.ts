/**
 * Exports of an interval calibration (src/fit/calibration.ts): the table as CSV, one row per
 * quantity with the means and the medians, and the full result as JSON in the shape of
 * `calibrate --json` (version 1, docs/CLI.md), with no NaN or infinity (those are null). Pure,
 * no DOM.
 */
import type { CalibrationResult, QuantityCalibration } from '../fit/calibration';
import type { FitResult } from '../fit/types';
import { type CsvValue, toCsv } from './csv';
import { csvMetadataHeader, metadataNumber } from './csv-metadata';

/** Version of the JSON shape, that of `calibrate --json`. */
export const CALIBRATION_JSON_VERSION = 1;

const finite = (v: number) => (Number.isFinite(v) ? v : null);

function quantityJson(q: QuantityCalibration) {
  return {
    name: q.name,
    label: q.label,
    truth: finite(q.truth),
    covered: q.covered,
    sets: q.sets,
    coverage: finite(q.coverage),
    margin: q.margin.map(finite),
    biasInSe: finite(q.biasInSe),
    seRatio: finite(q.seRatio),
    robust: { biasInSe: finite(q.robust.biasInSe), seRatio: finite(q.robust.seRatio) },
    scaleFactor: q.scaleFactor,
    verdict: q.verdict,
    reading: q.reading,
  };
}

/**
 * The calibration of `fit` as the object `calibrate --json` prints: `file` names the runs
 * (a file name, or the dataset's name in the app), `engine` is the engine's label.
 */
export function calibrationReport(
  fit: FitResult,
  c: CalibrationResult,
  file: string,
  engine: string,
) {
  const { E, A, B, alpha, beta } = fit.best.law;
  return {
    version: CALIBRATION_JSON_VERSION,
    command: 'calibrate',
    file,
    engine,
    rows: fit.rows,
    law: { E, A, B, alpha, beta },
    replicas: c.replicas,
    used: c.used,
    failed: c.failed,
    bootstrap: c.bootstrap,
    starts: c.starts,
    seed: c.seed,
    nominal: c.nominal,
    target: { quantity: 'N_opt', budget: c.target.budget },
    residualScale: finite(c.residualScale),
    quantities: c.quantities.map(quantityJson),
    readings: c.readings,
    remedies: c.remedies,
    seconds: c.seconds,
  };
}

/** {@link calibrationReport} as JSON text (2-space indent, final newline). */
export function calibrationJson(
  fit: FitResult,
  c: CalibrationResult,
  file: string,
  engine: string,
): string {
  return `${JSON.stringify(calibrationReport(fit, c, file, engine), null, 2)}\n`;
}

const CSV_COLUMNS = [
  'quantity',
  'label',
  'truth',
  'nominal',
  'covered',
  'sets',
  'coverage',
  'coverage_margin_low',
  'coverage_margin_high',
  'bias_in_se_mean',
  'bias_in_se_median',
  'se_ratio_mean',
  'se_ratio_median',
  'scale_factor',
  'verdict',
  'reading',
];

/**
 * The calibration table as CSV: a metadata header (R, used, K, starts, seed, the target
 * budget, the residual scale, the engine), then one row per quantity.
 */
export function calibrationCsv(c: CalibrationResult, engine: string, date?: Date): string {
  const rows: CsvValue[][] = c.quantities.map((q) => [
    q.name,
    q.label,
    q.truth,
    c.nominal,
    q.covered,
    q.sets,
    q.coverage,
    q.margin[0],
    q.margin[1],
    q.biasInSe,
    q.robust.biasInSe,
    q.seRatio,
    q.robust.seRatio,
    q.scaleFactor,
    q.verdict,
    q.reading,
  ]);
  return (
    csvMetadataHeader(
      [
        ['calibration', 'coverage of the 95% bootstrap percentile intervals on simulated data'],
        ['simulated data sets', `${c.used} used of ${c.replicas}`],
        ['bootstrap replicas per data set', String(c.bootstrap)],
        ['starts', String(c.starts)],
        ['seed', String(c.seed)],
        ['target', `N_opt at ${metadataNumber(c.target.budget)} FLOPs`],
        ['residual scale (ln L)', metadataNumber(c.residualScale)],
        ['engine', engine],
      ],
      date,
    ) + toCsv(CSV_COLUMNS, rows)
  );
}
