/**
 * The output of `calibrate`: one versioned JSON object (no NaN or Infinity: those are null) or
 * text with a table per quantity, the plain-language readings and the remedies.
 */
import { calibrationReport } from '../export/calibration';
import type { CalibrateRun } from './calibrate';

/** The JSON object of a calibration run (the shape the app's JSON export writes); `engine` is the engine's label. */
export function calibrateOutputJson(run: CalibrateRun, file: string, engine: string) {
  return calibrationReport(run.fit, run.calibration, file, engine);
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
