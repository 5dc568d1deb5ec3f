/**
 * N_opt and D_opt against compute for an Approach-2 fit (Hoffmann et al. 2022, Figure 3 middle
 * and right): each used budget's vertex as a point (D_opt = C / (k N_opt)), the fitted power
 * law as a line over the budgets' span, and each vertex's bootstrap 95% interval (the budget's
 * N_opt interval, mapped to D_opt) as a vertical error bar. Log-log, pure, no DOM.
 */
import type { Approach2Result } from '../../fit/approach2';
import { type AxisScale, type AxisTick, linearScale, log10Axis, paddedExtent } from './scatter';

/** Which optimum a chart shows. */
export type OptimumQuantity = 'N' | 'D';

/** One budget's vertex, in data units and pixels. */
export interface OptimumPoint {
  readonly C: number;
  readonly value: number;
  readonly x: number;
  readonly y: number;
  /** The bootstrap 95% interval of the value, and its bar's ends in pixels. */
  readonly ci?: {
    readonly lo: number;
    readonly hi: number;
    readonly y0: number;
    readonly y1: number;
  };
}

/** The chart: ticks, points, the power law's line and its formula. */
export interface OptimumScalingChart {
  readonly quantity: OptimumQuantity;
  readonly xTicks: AxisTick[];
  readonly yTicks: AxisTick[];
  readonly points: readonly OptimumPoint[];
  /** The power law's line ends: data ([C, value]) and pixels. */
  readonly line: {
    readonly from: readonly [number, number];
    readonly to: readonly [number, number];
    readonly x0: number;
    readonly y0: number;
    readonly x1: number;
    readonly y1: number;
  };
  /** The law in words, e.g. "N_opt = 0.0913 C^0.498". */
  readonly formula: string;
  readonly x: AxisScale;
  readonly y: AxisScale;
}

/** The used budgets' optima of `quantity`: [C, value, interval?] by ascending C. */
export function budgetOptima(
  result: Approach2Result,
  quantity: OptimumQuantity,
): { C: number; value: number; ci?: readonly [number, number] }[] {
  const k = result.options.k;
  return result.budgets.flatMap((b) => {
    if (!b.used || !b.parabola) return [];
    const N = b.parabola.NOpt;
    if (quantity === 'N') return [{ C: b.C, value: N, ...(b.NOptCi ? { ci: b.NOptCi } : {}) }];
    const ci = b.NOptCi ? ([b.C / (k * b.NOptCi[1]), b.C / (k * b.NOptCi[0])] as const) : undefined;
    return [{ C: b.C, value: b.C / (k * N), ...(ci ? { ci } : {}) }];
  });
}

/** Lays out the `quantity` optima of `result` in a plot area of `width` x `height` pixels. */
export function optimumScalingChart(
  result: Approach2Result,
  quantity: OptimumQuantity,
  width: number,
  height: number,
): OptimumScalingChart {
  const law = quantity === 'N' ? result.N : result.D;
  const optima = budgetOptima(result, quantity);
  const lnC = optima.map((o) => Math.log10(o.C));
  const cExtent = paddedExtent(lnC, 0.08);
  const at = (log10C: number) => Math.log10(law.coefficient) + law.exponent * log10C;
  const values = optima.flatMap((o) => [
    Math.log10(o.value),
    ...(o.ci ? [Math.log10(o.ci[0]), Math.log10(o.ci[1])] : []),
  ]);
  const x = linearScale(cExtent, 0, width);
  const y = linearScale(paddedExtent([...values, at(cExtent[0]), at(cExtent[1])], 0.06), height, 0);
  const [c0, c1] = x.domain;
  return {
    quantity,
    xTicks: log10Axis(x),
    yTicks: log10Axis(y),
    points: optima.map((o) => ({
      C: o.C,
      value: o.value,
      x: x(Math.log10(o.C)),
      y: y(Math.log10(o.value)),
      ...(o.ci
        ? {
            ci: {
              lo: o.ci[0],
              hi: o.ci[1],
              y0: y(Math.log10(o.ci[0])),
              y1: y(Math.log10(o.ci[1])),
            },
          }
        : {}),
    })),
    line: {
      from: [10 ** c0, 10 ** at(c0)],
      to: [10 ** c1, 10 ** at(c1)],
      x0: x(c0),
      y0: y(at(c0)),
      x1: x(c1),
      y1: y(at(c1)),
    },
    formula: `${quantity}_opt = ${law.coefficient.toPrecision(3)} C^${law.exponent.toPrecision(3)}`,
    x,
    y,
  };
}

/** Column names of {@link optimumCsvRows}. */
export const OPTIMUM_CSV_HEADER = ['kind', 'C_flops', 'value', 'ci_lo', 'ci_hi'] as const;

/** What the chart draws: each vertex ('budget') with its interval, and the line's ends ('law'). */
export function optimumCsvRows(chart: OptimumScalingChart): (string | number)[][] {
  return [
    ...chart.points.map((p) => ['budget', p.C, p.value, p.ci?.lo ?? '', p.ci?.hi ?? '']),
    ['law', chart.line.from[0], chart.line.from[1], '', ''],
    ['law', chart.line.to[0], chart.line.to[1], '', ''],
  ];
}
