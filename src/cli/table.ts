/** Plain-text table of a fit report for the terminal. */
import type { FitReport } from '../fit/report';
import { SUMMARY_PARAMS } from '../fit/types';

const fmt = (v: number) => (Number.isFinite(v) ? v.toPrecision(5) : String(v));

/** `1 thread`, `4 threads`. */
export function threadsText(threads: number): string {
  return `${threads} thread${threads === 1 ? '' : 's'}`;
}

/**
 * The report as aligned text: the point fit, the bootstrap intervals, warnings. `threads`: the
 * CPU engine's worker threads, when it ran on them.
 */
export function formatFitTable(r: FitReport, threads?: number): string {
  const lines = [
    `engine ${r.engine}${r.adapter ? ` (${r.adapter})` : ''}${threads === undefined ? '' : ` (${threadsText(threads)})`} · ${r.rows} runs · ${r.starts.converged}/${r.starts.total} starts converged · ${r.seconds.toFixed(2)} s · ${Math.round(r.fitsPerSecond)} fits/s`,
    `objective ${fmt(r.fit.objective)}`,
    '',
    `${'param'.padEnd(6)} ${'fit'.padStart(12)} ${'median'.padStart(12)} ${'se'.padStart(12)} ${'95% CI'.padStart(27)}`,
  ];
  for (const p of SUMMARY_PARAMS) {
    const b = r.bootstrap;
    lines.push(
      `${p.padEnd(6)} ${fmt(r.fit[p]).padStart(12)} ${(b ? fmt(b.median[p]) : '').padStart(12)} ${(b ? fmt(b.se[p]) : '').padStart(12)} ${(b ? `[${fmt(b.ci95[p][0])}, ${fmt(b.ci95[p][1])}]` : '').padStart(27)}`,
    );
  }
  if (r.bootstrap)
    lines.push(
      '',
      `bootstrap: ${r.bootstrap.converged}/${r.bootstrap.replicas} replicas converged`,
    );
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  return `${lines.join('\n')}\n`;
}
