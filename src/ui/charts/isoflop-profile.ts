/**
 * The isoFLOP profiles of an Approach-2 fit (Hoffmann et al. 2022, Figure 3 left): the loss of
 * every run against N on a log axis, one colour per budget on a sequential ramp, each used
 * budget's parabola over its sampled sizes with its vertex marked and the bootstrap interval of
 * N_opt as a bar, budgets left out grey and hollow with their reason, and optionally the
 * profile L(N, C / (k N)) of a two-term law per budget. Pure, no DOM.
 */
import type { Approach2Result, BudgetReport } from '../../fit/approach2';
import type { BudgetParabola, ParabolaTarget } from '../../fit/isoflop-parabola';
import type { FitRun } from '../../fit/types';
import { loss, type ScalingLaw } from '../../law/law';
import { formatFlops } from './format';
import {
  type AxisScale,
  type AxisTick,
  fixedForStep,
  linearAxis,
  linearScale,
  log10Axis,
  paddedExtent,
  sizeColour,
} from './scatter';

/** Colour of a budget left out of the fit. */
export const LEFT_OUT_COLOUR = '#9aa1ad';

/** Points per sampled curve. */
const SAMPLES = 48;

/** The loss a parabola gives at ln N (exp of y when it was fitted to ln L). */
export function parabolaLoss(p: BudgetParabola, target: ParabolaTarget, lnN: number): number {
  const d = lnN - p.centre;
  const y = p.c0 + p.c1 * d + p.c2 * d * d;
  return target === 'log-loss' ? Math.exp(y) : y;
}

/** `count` values of ln N evenly spaced over [lo, hi]. */
function lnGrid(lo: number, hi: number, count = SAMPLES): number[] {
  return Array.from({ length: count }, (_, i) => lo + ((hi - lo) * i) / (count - 1));
}

/** A run of one budget, in data units and pixels. */
export interface ProfileDot {
  /** Index of the run in the runs the method saw. */
  readonly run: number;
  readonly N: number;
  readonly loss: number;
  readonly x: number;
  readonly y: number;
}

/** One budget as drawn. */
export interface ProfileBudget {
  readonly C: number;
  readonly label: string;
  readonly used: boolean;
  /** Why the budget was left out (undefined when used), for its tooltip. */
  readonly reason?: string;
  readonly colour: string;
  /** Drawn hollow (the budget was left out). */
  readonly hollow: boolean;
  readonly dots: readonly ProfileDot[];
  /** The parabola over the budget's sampled N, in data units ([N, loss]) and as SVG path data. */
  readonly curve: readonly (readonly [number, number])[];
  readonly curvePath: string;
  /** The vertex (used budgets only). */
  readonly minimum?: {
    readonly N: number;
    readonly loss: number;
    readonly x: number;
    readonly y: number;
  };
  /** The bootstrap 95% interval of N_opt, as a horizontal bar at the minimum. */
  readonly ci?: {
    readonly lo: number;
    readonly hi: number;
    readonly x0: number;
    readonly x1: number;
    readonly y: number;
  };
  /** The law's profile L(N, C / (k N)) over the same N, where a law is overlaid. */
  readonly law: readonly (readonly [number, number])[];
  readonly lawPath: string;
}

/** The whole chart. */
export interface IsoflopProfileChart {
  readonly xTicks: AxisTick[];
  readonly yTicks: AxisTick[];
  readonly budgets: readonly ProfileBudget[];
  /** Legend entries of the used budgets, by ascending C. */
  readonly legend: readonly { readonly label: string; readonly colour: string }[];
  readonly x: AxisScale;
  readonly y: AxisScale;
}

/**
 * SVG path data through `points` ([N, loss]) on the scales; points outside the loss domain
 * break the line, so a law far from the runs does not stretch the axis.
 */
export function profilePath(
  points: readonly (readonly [number, number])[],
  x: AxisScale,
  y: AxisScale,
): string {
  const [lo, hi] = y.domain;
  let pen = false;
  const parts: string[] = [];
  for (const [N, L] of points) {
    if (!(Number.isFinite(L) && L >= lo && L <= hi)) {
      pen = false;
      continue;
    }
    parts.push(`${pen ? 'L' : 'M'}${x(Math.log10(N)).toFixed(2)},${y(L).toFixed(2)}`);
    pen = true;
  }
  return parts.join('');
}

function parabolaCurve(
  b: BudgetReport,
  runs: readonly FitRun[],
  target: ParabolaTarget,
): [number, number][] {
  if (!b.parabola || b.runs.length === 0) return [];
  const p = b.parabola;
  const lnN = b.runs.map((i) => Math.log(runs[i]!.N));
  return lnGrid(Math.min(...lnN), Math.max(...lnN)).map((t) => [
    Math.exp(t),
    parabolaLoss(p, target, t),
  ]);
}

/**
 * Lays out the profiles of `result` over `runs` (the runs the method saw, in its order: the
 * budgets' run indices point into it) in a plot area of `width` x `height` pixels, with the
 * profile of `law` per budget when given.
 */
export function isoflopProfileChart(
  result: Approach2Result,
  runs: readonly FitRun[],
  width: number,
  height: number,
  law?: ScalingLaw,
): IsoflopProfileChart {
  const target = result.options.target;
  const k = result.options.k;
  const curves = result.budgets.map((b) => (b.used ? parabolaCurve(b, runs, target) : []));
  const members = result.budgets.flatMap((b) => b.runs.map((i) => runs[i]!));
  const x = linearScale(
    paddedExtent(
      members.map((r) => Math.log10(r.N)),
      0.04,
    ),
    0,
    width,
  );
  const y = linearScale(
    paddedExtent([...members.map((r) => r.loss), ...curves.flat().map((p) => p[1])], 0.06),
    height,
    0,
  );
  const usedC = result.budgets.filter((b) => b.used).map((b) => Math.log10(b.C));
  const [cLo, cHi] = [Math.min(...usedC), Math.max(...usedC)];
  const budgets = result.budgets.map((b, g): ProfileBudget => {
    const colour = b.used ? sizeColour(Math.log10(b.C), cLo, cHi) : LEFT_OUT_COLOUR;
    const curve = curves[g]!;
    const lnN = b.runs.map((i) => Math.log(runs[i]!.N));
    const lawCurve: [number, number][] =
      law && lnN.length > 0
        ? lnGrid(Math.min(...lnN), Math.max(...lnN)).map((t) => {
            const N = Math.exp(t);
            return [N, loss(law, N, b.C / (k * N))];
          })
        : [];
    const p = b.parabola;
    const minimum =
      b.used && p
        ? { N: p.NOpt, loss: p.lossMin, x: x(Math.log10(p.NOpt)), y: y(p.lossMin) }
        : undefined;
    const ci =
      minimum && b.NOptCi
        ? {
            lo: b.NOptCi[0],
            hi: b.NOptCi[1],
            x0: x(Math.log10(b.NOptCi[0])),
            x1: x(Math.log10(b.NOptCi[1])),
            y: minimum.y,
          }
        : undefined;
    return {
      C: b.C,
      label: formatFlops(b.C),
      used: b.used,
      ...(b.reason !== undefined ? { reason: b.reason } : {}),
      colour,
      hollow: !b.used,
      dots: b.runs.map((i) => ({
        run: i,
        N: runs[i]!.N,
        loss: runs[i]!.loss,
        x: x(Math.log10(runs[i]!.N)),
        y: y(runs[i]!.loss),
      })),
      curve,
      curvePath: profilePath(curve, x, y),
      ...(minimum ? { minimum } : {}),
      ...(ci ? { ci } : {}),
      law: lawCurve,
      lawPath: profilePath(lawCurve, x, y),
    };
  });
  return {
    xTicks: log10Axis(x),
    yTicks: linearAxis(y, 5, fixedForStep),
    budgets,
    legend: budgets.filter((b) => b.used).map((b) => ({ label: b.label, colour: b.colour })),
    x,
    y,
  };
}

/** Column names of {@link profileCsvRows}. */
export const PROFILE_CSV_HEADER = [
  'kind',
  'budget_C_flops',
  'budget_used',
  'N_params',
  'loss',
  'N_opt_ci_lo',
  'N_opt_ci_hi',
  'reason',
] as const;

/**
 * What the chart draws, one row per mark: every run ('run'), each sampled point of a parabola
 * ('parabola') and of the law's profile ('law'), and each minimum with its interval ('minimum').
 */
export function profileCsvRows(chart: IsoflopProfileChart): (string | number | boolean)[][] {
  const rows: (string | number | boolean)[][] = [];
  for (const b of chart.budgets) {
    const reason = b.reason ?? '';
    for (const d of b.dots) rows.push(['run', b.C, b.used, d.N, d.loss, '', '', reason]);
    for (const [N, L] of b.curve) rows.push(['parabola', b.C, b.used, N, L, '', '', '']);
    if (b.minimum)
      rows.push([
        'minimum',
        b.C,
        b.used,
        b.minimum.N,
        b.minimum.loss,
        b.ci?.lo ?? '',
        b.ci?.hi ?? '',
        '',
      ]);
    for (const [N, L] of b.law) rows.push(['law', b.C, b.used, N, L, '', '', '']);
  }
  return rows;
}
