/**
 * The calibration panel's text: its input fields parsed into a calibration request (with the
 * calibration's own messages for a job it would refuse), the count of local fits it costs, the
 * progress line and the rows of the result table. Pure, no DOM; the statistics are
 * src/fit/calibration.ts's.
 */
import {
  type CalibrationTarget,
  checkCalibrationInput,
  DEFAULT_CALIBRATION_REPLICAS,
  MIN_CALIBRATION_BOOTSTRAP,
  type QuantityCalibration,
} from '../../fit/calibration';
import { FIT_LIMITS, fitStartsOf } from '../../fit/run-fit';
import type { FitOptions, FitResult, FitRun } from '../../fit/types';
import { formatCount, formatScientific, parseNumber } from './format';
import { formatDuration, phaseEta } from './progress';

/** What the user typed: R, K, the target budget (blank: the default) and the seed. */
export interface CalibrationDraft {
  readonly replicas: string;
  readonly bootstrap: string;
  readonly budget: string;
  readonly seed: string;
}

/** A calibration the panel can run. */
export interface CalibrationRequest {
  readonly replicas: number;
  /** The fit's options with K replaced: those of every simulated data set's fit. */
  readonly options: FitOptions;
  /** Absent: the calibration's default target. */
  readonly target?: CalibrationTarget;
  readonly seed: number;
  readonly starts: number;
  /** R x (starts + K). */
  readonly localFits: number;
}

/** The parsed draft, or the messages of what is wrong with it. */
export type ParsedCalibration =
  | { readonly ok: true; readonly request: CalibrationRequest }
  | { readonly ok: false; readonly problems: readonly string[] };

/** The fields' first text for `fit`: R = 200, K the fit's own (at least 10), its seed. */
export function defaultCalibrationDraft(fit: FitResult | undefined): CalibrationDraft {
  const k = Math.max(fit?.options.bootstrap ?? 0, MIN_CALIBRATION_BOOTSTRAP);
  return {
    replicas: String(DEFAULT_CALIBRATION_REPLICAS),
    bootstrap: String(k),
    budget: '',
    seed: String(fit?.options.seed ?? 1),
  };
}

/** A whole number typed with optional thousands separators, or NaN. */
function wholeNumber(text: string): number {
  const v = parseNumber(text.trim().replace(/[_,\s](?=\d{3}\b)/g, ''));
  return Number.isInteger(v) ? v : Number.NaN;
}

/** The start count of `options`, computed once per options object. */
const startCounts = new WeakMap<FitOptions, number>();
function startCount(options: FitOptions): number {
  let n = startCounts.get(options);
  if (n === undefined) {
    n = fitStartsOf(options).length;
    startCounts.set(options, n);
  }
  return n;
}

/**
 * Parses the draft against the fit to calibrate: R and the seed whole numbers, K a whole
 * number, the budget a positive finite number of FLOPs ("1e24"; blank: `defaultBudget`, else
 * the calibration's default target); then the checks the
 * calibration itself makes before fitting (R from 2 to 9,999, K of at least 10, the cap on
 * R x (starts + K), a converged fit of these runs), with their messages.
 */
export function parseCalibrationDraft(
  draft: CalibrationDraft,
  runs: readonly FitRun[],
  fit: FitResult,
  defaultBudget?: number,
): ParsedCalibration {
  const problems: string[] = [];
  const replicas = wholeNumber(draft.replicas);
  if (Number.isNaN(replicas))
    problems.push(
      `the number of simulated data sets must be a whole number, got "${clip(draft.replicas)}"`,
    );
  const bootstrap = wholeNumber(draft.bootstrap);
  if (!(bootstrap >= 0 && bootstrap <= FIT_LIMITS.maxBootstrap))
    problems.push(
      `bootstrap K must be a whole number from ${MIN_CALIBRATION_BOOTSTRAP} to ${FIT_LIMITS.maxBootstrap.toLocaleString('en-US')}, got "${clip(draft.bootstrap)}"`,
    );
  const seed = wholeNumber(draft.seed);
  if (!(seed >= 0 && seed <= 0xffffffff))
    problems.push(
      `the seed must be a whole number from 0 to 4294967295, got "${clip(draft.seed)}"`,
    );
  let target: CalibrationTarget | undefined;
  const typed = draft.budget.trim() !== '';
  const budget = typed ? parseNumber(draft.budget) : defaultBudget;
  if (budget !== undefined) {
    if (budget > 0 && Number.isFinite(budget)) target = { kind: 'nopt', budget };
    else
      problems.push(
        `the target budget must be a positive number of FLOPs, e.g. 1e24, got "${clip(typed ? draft.budget : String(budget))}"`,
      );
  }
  if (problems.length > 0) return { ok: false, problems };
  const options: FitOptions = { ...fit.options, bootstrap };
  try {
    checkCalibrationInput(runs, fit, options, replicas);
  } catch (e) {
    return { ok: false, problems: [(e as Error).message] };
  }
  const starts = startCount(fit.options);
  return {
    ok: true,
    request: {
      replicas,
      options,
      ...(target ? { target } : {}),
      seed,
      starts,
      localFits: replicas * (starts + bootstrap),
    },
  };
}

/** `text` ending in a full stop (or the punctuation it already ends in). */
export function sentence(text: string): string {
  const t = text.trim();
  return /[.!?…]$/.test(t) ? t : `${t}.`;
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

const whole = (n: number) => n.toLocaleString('en-US');

/** "8 × (4,500 starts + 10 replicas) = 36,080 local fits". */
export function localFitsText(r: CalibrationRequest): string {
  const k = r.options.bootstrap;
  return `${whole(r.replicas)} × (${whole(r.starts)} starts + ${whole(k)} replicas) = ${whole(r.localFits)} local fits`;
}

/** A budget in FLOPs as the panel writes it ("3e23 FLOPs"). */
export function budgetText(budget: number): string {
  return `${formatScientific(budget, 3)} FLOPs`;
}

/** "Local fits 1,234 / 36,080 · 4.1 s · ~12 s left" (no ETA before there is a rate). */
export function calibrationProgressText(
  progress: { readonly done: number; readonly total: number } | undefined,
  elapsedSeconds: number,
): string {
  const elapsed = formatDuration(elapsedSeconds);
  if (!progress) return `Starting… · ${elapsed}`;
  const eta = phaseEta(progress.done, progress.total, elapsedSeconds);
  return `Local fits ${whole(Math.round(progress.done))} / ${whole(progress.total)} · ${elapsed}${eta === undefined ? '' : ` · ~${formatDuration(eta)} left`}`;
}

/** One row of the result table, as shown. */
export interface CalibrationRow {
  readonly quantity: QuantityCalibration['name'];
  /** "alpha", "N_opt at 3e23 FLOPs". */
  readonly label: string;
  /** The value under the fitted law. */
  readonly truth: string;
  readonly nominal: string;
  /** The coverage share, 0 to 1 (for data-coverage). */
  readonly coverageValue: number;
  /** "88% (7 / 8)". */
  readonly coverage: string;
  /** The Wilson 95% interval, "47% to 98%". */
  readonly margin: string;
  /** Median bias in bootstrap SEs ("0.12"), and the mean ("mean 0.20"). */
  readonly bias: string;
  readonly biasMean: string;
  /** Median SE ratio, and the mean. */
  readonly seRatio: string;
  readonly seRatioMean: string;
  /** "×1.20", or "—" when not finite. */
  readonly scale: string;
  readonly verdict: QuantityCalibration['verdict'];
}

const pct = (x: number) => `${Math.round(100 * x)}%`;
const stat = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '—');

/** The value of a quantity under the fitted law: a parameter to 4 digits, N_opt in units. */
function truthText(q: QuantityCalibration): string {
  if (!Number.isFinite(q.truth)) return '—';
  return q.name === 'target' ? formatCount(q.truth) : Number(q.truth.toPrecision(4)).toString();
}

/** The table rows of the calibrated quantities, in the calibration's order. */
export function calibrationRows(
  quantities: readonly QuantityCalibration[],
  nominal: number,
): CalibrationRow[] {
  return quantities.map((q) => ({
    quantity: q.name,
    label: q.label,
    truth: truthText(q),
    nominal: pct(nominal),
    coverageValue: q.coverage,
    coverage: `${pct(q.coverage)} (${q.covered} / ${q.sets})`,
    margin: `${pct(q.margin[0])} to ${pct(q.margin[1])}`,
    bias: stat(q.robust.biasInSe),
    biasMean: `mean ${stat(q.biasInSe)}`,
    seRatio: stat(q.robust.seRatio),
    seRatioMean: `mean ${stat(q.seRatio)}`,
    scale: q.scaleFactor === null ? '—' : `×${q.scaleFactor.toFixed(2)}`,
    verdict: q.verdict,
  }));
}

/** How a verdict reads in the table. */
export const VERDICT_TEXT: Readonly<Record<QuantityCalibration['verdict'], string>> = {
  nominal: 'about right',
  under: 'under-cover',
  over: 'over-cover',
};
