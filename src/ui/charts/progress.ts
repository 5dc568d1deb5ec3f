/** Progress text of a long fit: phase, count, share done and time left. Pure, no DOM. */
import type { FitProgress } from '../../fit/types';

/** What the progress bar shows. */
export interface ProgressView {
  /** 0 to 1, within the current phase. */
  readonly fraction: number;
  /** "Bootstrap 1,200 / 4,000". */
  readonly label: string;
  /** "~3 s left", or '' until there is a rate to go on. */
  readonly eta: string;
}

/** Seconds as "0.4 s", "12 s" or "3 min 05 s". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds - 60 * m);
  return `${m} min ${String(s).padStart(2, '0')} s`;
}

/**
 * Seconds left in a phase at the rate so far, or undefined before the rate means anything
 * (nothing done yet, or under `minElapsed` seconds in).
 */
export function phaseEta(
  done: number,
  total: number,
  elapsed: number,
  minElapsed = 0.25,
): number | undefined {
  if (done <= 0 || elapsed < minElapsed || total <= done)
    return done >= total && total > 0 ? 0 : undefined;
  return ((total - done) * elapsed) / done;
}

const PHASE_NAMES: Readonly<Record<FitProgress['phase'], string>> = {
  starts: 'Starts',
  bootstrap: 'Bootstrap',
};

/** The bar's contents for `progress`, `elapsed` seconds after its phase began. */
export function progressView(progress: FitProgress | undefined, elapsed: number): ProgressView {
  if (!progress) return { fraction: 0, label: 'Starting…', eta: '' };
  const { phase, done, total } = progress;
  const eta = phaseEta(done, total, elapsed);
  const n = (x: number) => x.toLocaleString('en-US');
  return {
    fraction: total > 0 ? Math.min(1, done / total) : 0,
    label: `${PHASE_NAMES[phase]} ${n(done)} / ${n(total)}`,
    eta: eta === undefined ? '' : `~${formatDuration(eta)} left`,
  };
}
