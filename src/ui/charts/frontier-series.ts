/**
 * Geometry of the Frontier view's series overlays: each fitted series of the last per-series
 * fit as its compute-optimal curve in the four panels, in the colour and dash the Compare view
 * gives the series at the same place, with the 95% band (2.5th to 97.5th percentiles) over its
 * bootstrap replicas. The curves and bands come solved (src/law/frontier-curves.ts and the
 * band job); this only reads a panel's values from them and turns those into paths. Pure, no
 * DOM.
 */
import type { ScenarioBands } from '../../law/bands';
import { curveValues, type FrontierCurve, type FrontierQuantity } from '../../law/frontier-curves';
import type { ScalingLaw } from '../../law/law';
import { seriesColour, seriesDash } from './compare-charts';
import { logBandPath, logLinePath, type PanelGeometry } from './frontier-panels';

/** Most replicas of one overlaid series that its band is solved over (an even subsample). */
export const SERIES_BAND_REPLICAS = 1000;

/** One fitted series drawn over the panels. */
export interface SeriesOverlay {
  readonly name: string;
  /** Its place among the fitted series (the Compare view's colour index). */
  readonly index: number;
  readonly colour: string;
  readonly dash: string | undefined;
  /** The series' point law and its curve at the panels' budgets. */
  readonly law: ScalingLaw;
  readonly curve: FrontierCurve;
  /** Its replicas' bands at the panels' budgets, once solved. */
  readonly bands?: readonly ScenarioBands[] | undefined;
}

/** The colour and dash of the series at `index`, as the Compare view draws it. */
export function seriesStyle(index: number): { colour: string; dash: string | undefined } {
  return { colour: seriesColour(index), dash: seriesDash(index) };
}

/**
 * At most `max` of `items`, taken at an even stride over all of them (all when there are no
 * more than `max`), so that a subsample is deterministic and spread over the whole list.
 */
export function evenSubsample<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  const out: T[] = [];
  const stride = items.length / Math.max(1, max);
  for (let i = 0; out.length < max; i++) out.push(items[Math.floor(i * stride)]!);
  return out;
}

/** One panel's values of a series: the curve, and the ends of its 95% band (NaN without one). */
export interface SeriesPanelValues {
  readonly v: Float64Array;
  readonly lo: Float64Array;
  readonly hi: Float64Array;
}

/** The values of `s` in the panel of quantity `q`, one per budget of its curve. */
export function seriesPanelValues(s: SeriesOverlay, q: FrontierQuantity): SeriesPanelValues {
  const v = curveValues(s.curve, q);
  const band = (p: 'p2_5' | 'p97_5') =>
    Float64Array.from(v, (_, i) => s.bands?.[i]?.[q]?.[p] ?? Number.NaN);
  return { v, lo: band('p2_5'), hi: band('p97_5') };
}

/** The paths of a series in one panel: its curve and its band (empty without a band). */
export interface SeriesPaths {
  readonly line: string;
  readonly band: string;
}

/** The curve and band of `values` over `budgets` on a panel's scales. */
export function seriesPaths(
  budgets: readonly number[],
  values: SeriesPanelValues,
  g: Pick<PanelGeometry, 'x' | 'y'>,
): SeriesPaths {
  return {
    line: logLinePath(budgets, values.v, g),
    band: logBandPath(budgets, values.lo, values.hi, g),
  };
}
