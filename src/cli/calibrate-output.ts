/**
 * The output of `calibrate`: one versioned JSON object (no NaN or Infinity: those are null) or
 * text with a table per quantity, the plain-language readings and the remedies.
 */
import type { CalibrationResult, QuantityCalibration } from '../fit/calibration';
import type { CalibrateRun } from './calibrate';

/** Version of the JSON shape; bump it when a field changes meaning or goes. */
export const CALIBRATE_JSON_VERSION = 1;

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

/** The JSON object of a calibration run; `engine` is the engine's label. */
export function calibrateOutputJson(run: CalibrateRun, file: string, engine: string) {
  const c: CalibrationResult = run.calibration;
  const { E, A, B, alpha, beta } = run.fit.best.law;
  return {
    version: CALIBRATE_JSON_VERSION,
    command: 'calibrate',
    file,
    engine,
    rows: run.fit.rows,
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

const fmt = (v: number | null, digits = 3) =>
  v === null || !Number.isFinite(v) ? '-' : v.toPrecision(digits);
const pct = (v: number) => `${(100 * v).toFixed(0)}%`;

/** The text of a calibration run; `engine` is the engine's label. */
export function calibrateOutputText(run: CalibrateRun, engine: string): string {
  const c = run.calibration;
  const lines = [
    `engine ${engine} · ${run.fit.rows} runs · ${c.used}/${c.replicas} simulated data sets fitted · ${c.starts} starts · K = ${c.bootstrap} · seed ${c.seed} · ${c.seconds.toFixed(1)} s`,
    `residuals resampled from the fit: scale ${fmt(c.residualScale, 2)} on ln L (1.4826 MAD)`,
    '',
    `${'quantity'.padEnd(28)} ${'truth'.padStart(10)} ${'coverage'.padStart(9)} ${'95% margin'.padStart(12)} ${'bias/SE'.padStart(8)} ${'SE/SD'.padStart(6)} ${'scale'.padStart(6)}`,
  ];
  for (const q of c.quantities) {
    lines.push(
      `${q.label.padEnd(28)} ${fmt(q.truth, 4).padStart(10)} ${pct(q.coverage).padStart(9)} ${`${pct(q.margin[0])}-${pct(q.margin[1])}`.padStart(12)} ${fmt(q.robust.biasInSe, 2).padStart(8)} ${fmt(q.robust.seRatio, 2).padStart(6)} ${fmt(q.scaleFactor, 2).padStart(6)}`,
    );
  }
  lines.push(
    '',
    'bias/SE and SE/SD are medians (robust to a few far-off fits); the JSON has the means too.',
    '',
    ...c.readings,
  );
  if (c.remedies.length > 0) {
    lines.push('', 'remedies:');
    for (const r of c.remedies)
      lines.push(
        `  ${r.kind === 'huber-delta' ? `${r.text}; in the CLI: --delta-from-data 1.345` : r.text}${r.computed ? ' (computed)' : ''}`,
      );
  }
  for (const w of run.fit.warnings) lines.push(`warning (the fit): ${w}`);
  return `${lines.join('\n')}\n`;
}
