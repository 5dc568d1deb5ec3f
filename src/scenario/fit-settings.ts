/**
 * Checks of the fit options and forecast settings held in the app state, worded by the fitter's
 * own validation (validateFitInput in src/fit/run-fit.ts), so a state the URL brings in can
 * always be fitted as it stands.
 */
import { FIT_LIMITS, validateFitInput } from '../fit/run-fit';
import type { FitOptions, FitRun } from '../fit/types';
import type { ForecastSettings } from './state';

/**
 * Six distinct, well-formed runs with weights: with them validateFitInput reports only what is
 * wrong with the options (it checks runs and options together; whether the user's runs carry
 * the weight column a weighting needs is checked when they are fitted).
 */
const PROBE_RUNS: readonly FitRun[] = [1, 2, 3, 4, 5, 6].map((i) => ({
  N: 1e8 * i,
  D: 2e9 * (7 - i),
  loss: 3 - 0.1 * i,
  weight: 1,
}));

const THETA_KEYS = ['a', 'b', 'e', 'alpha', 'beta'] as const;

/** Every problem with fit options: the fitter's checks plus the shape of the start strategy. */
export function fitOptionIssues(options: FitOptions): string[] {
  const out: string[] = [];
  const starts = options.starts;
  if (starts?.kind === 'warm') {
    if (
      !THETA_KEYS.every(
        (k) => typeof starts.theta?.[k] === 'number' && Number.isFinite(starts.theta[k]),
      )
    )
      out.push('warm start parameters must be finite numbers');
  } else if (starts?.kind !== 'grid' && starts?.kind !== 'random') {
    out.push('starts must be grid, random or warm');
  }
  for (const k of ['tieExponents', 'resampleGroups'] as const)
    if (typeof options[k] !== 'boolean') out.push(`${k} must be true or false`);
  if (typeof options.delta !== 'number') out.push('Huber delta must be a number');
  if (out.length > 0) return out;
  return validateFitInput(PROBE_RUNS, options);
}

/** Every problem with the forecast settings: a hold-out share in (0, 1) and a bootstrap K. */
export function forecastIssues(f: ForecastSettings): string[] {
  const out: string[] = [];
  if (typeof f.holdOut !== 'number' || !(f.holdOut > 0 && f.holdOut < 1))
    out.push(`forecast hold-out must be between 0 and 1, got ${f.holdOut}`);
  if (!Number.isInteger(f.bootstrap) || f.bootstrap < 0 || f.bootstrap > FIT_LIMITS.maxBootstrap)
    out.push(`forecast bootstrap must be a whole number from 0 to ${FIT_LIMITS.maxBootstrap}`);
  return out;
}
