/**
 * Rows of the Fit view's tables: the parameter table (best fit, bootstrap median, SE, 95% CI),
 * the correlation matrix with its cell colours, and the convergence diagnostics. Pure, no DOM.
 */
import { interpolateRdBu } from 'd3';
import { correlationAt, summaryValues } from '../../fit/summary';
import { type FitResult, SUMMARY_PARAMS, type SummaryParam } from '../../fit/types';

/** Display names of the summarised quantities. */
export const PARAM_SYMBOLS: Readonly<Record<SummaryParam, string>> = {
  E: 'E',
  A: 'A',
  B: 'B',
  alpha: 'α',
  beta: 'β',
  a: 'a',
  b: 'b',
};

/** What each quantity is, for a tooltip. */
export const PARAM_TITLES: Readonly<Record<SummaryParam, string>> = {
  E: 'irreducible loss',
  A: 'model-size coefficient',
  B: 'data coefficient',
  alpha: 'model-size exponent',
  beta: 'data exponent',
  a: 'frontier exponent: N_opt ∝ C^a',
  b: 'frontier exponent: D_opt ∝ C^b',
};

/** One row of the parameter table; bootstrap fields are NaN without replicas. */
export interface ParamRow {
  readonly key: SummaryParam;
  readonly symbol: string;
  readonly title: string;
  readonly best: number;
  readonly median: number;
  readonly se: number;
  readonly lo: number;
  readonly hi: number;
  /** The 95% interval spans more than an order of magnitude. */
  readonly wide: boolean;
  /** The best fit lies inside its 95% interval (true without replicas). */
  readonly bestInside: boolean;
  /**
   * Why the value is not estimated but fixed (a = b = 1/2 when the exponents are tied): the
   * bootstrap then shows rounding noise (an SE of 1e-14), never an uncertainty.
   */
  readonly fixed?: string;
}

/** The parameter table of a fit. */
export function parameterRows(result: FitResult): ParamRow[] {
  const best = summaryValues(result.best);
  return SUMMARY_PARAMS.map((key) => {
    const s = result.bootstrap?.params[key];
    const [lo, hi] = s?.ci95 ?? [Number.NaN, Number.NaN];
    return {
      key,
      symbol: PARAM_SYMBOLS[key],
      title: PARAM_TITLES[key],
      best: best[key],
      median: s?.median ?? Number.NaN,
      se: s?.se ?? Number.NaN,
      lo,
      hi,
      wide: lo > 0 && hi / lo > 10,
      bestInside: !s || (best[key] >= lo && best[key] <= hi),
      ...(result.options.tieExponents && (key === 'a' || key === 'b')
        ? { fixed: 'fixed at 1/2 by the tie α = β' }
        : {}),
    };
  });
}

/** A number for the tables: 4 significant digits, exponent form outside [1e-3, 1e5). */
export function formatStat(x: number, digits = 4): string {
  if (Number.isNaN(x)) return '—';
  if (!Number.isFinite(x)) return String(x);
  const abs = Math.abs(x);
  if (abs !== 0 && (abs >= 1e5 || abs < 1e-3)) return x.toExponential(digits - 1);
  return String(Number(x.toPrecision(digits)));
}

/** Labels of the correlation matrix's rows and columns. */
export const CORRELATION_LABELS = ['ln E', 'ln A', 'ln B', 'α', 'β'] as const;

/** One cell of the correlation matrix. */
export interface CorrelationCell {
  readonly value: number;
  readonly text: string;
  readonly background: string;
  /** Dark backgrounds take light text. */
  readonly light: boolean;
}

/** The 5 x 5 correlation matrix as rows of cells, coloured red (-1) to blue (+1). */
export function correlationRows(matrix: readonly number[]): CorrelationCell[][] {
  return CORRELATION_LABELS.map((_, i) =>
    CORRELATION_LABELS.map((__, j) => {
      const value = correlationAt(matrix, i, j);
      const ok = Number.isFinite(value);
      return {
        value,
        text: ok ? value.toFixed(2) : '—',
        background: ok ? interpolateRdBu(0.5 + 0.42 * value) : 'transparent',
        light: ok && Math.abs(value) > 0.72,
      };
    }),
  );
}

/** Convergence facts of a fit, as label/value pairs. */
export function diagnostics(result: FitResult): { label: string; value: string; bad: boolean }[] {
  const pct = (x: number, n: number) => (n > 0 ? `${((100 * x) / n).toFixed(1)}%` : '—');
  const s = result.starts;
  const out = [
    {
      label: 'Starts converged',
      value: `${s.converged.toLocaleString('en-US')} / ${s.total.toLocaleString('en-US')} (${pct(s.converged, s.total)})`,
      bad: s.converged < s.total * 0.5,
    },
    {
      label: 'Minima (objective)',
      value: `best ${formatStat(s.minima.best)} · median ${formatStat(s.minima.median)} · worst ${formatStat(s.minima.worst)}`,
      bad: false,
    },
    {
      label: 'Best fit',
      value: `objective ${formatStat(result.best.objective)} · ${result.best.iterations} iterations`,
      bad: !result.best.converged,
    },
  ];
  const b = result.bootstrap;
  if (b) {
    out.push({
      label: 'Replicas converged',
      value: `${b.converged.toLocaleString('en-US')} / ${b.requested.toLocaleString('en-US')} (${pct(b.converged, b.requested)})${b.excluded > 0 ? ` · ${b.excluded.toLocaleString('en-US')} excluded` : ''}`,
      bad: b.converged < b.requested * 0.98,
    });
  }
  return out;
}
