/**
 * The Frontier view's series overlays, before drawing: the fitted series of the last
 * per-series Approach-3 fit (when there are two or more), each with its place among them (the
 * Compare view's colour index), its style and the replicas its band is solved over, and the
 * overlays the panels draw from them once their curves and bands are at hand.
 */
import { replicaLaws } from '../fit/replica-table';
import { fittedSeries, type SeriesFit } from '../fit/series-fit';
import type { FitResult } from '../fit/types';
import type { ScenarioBands } from '../law/bands';
import type { FrontierCurve } from '../law/frontier-curves';
import type { ScalingLaw } from '../law/law';
import {
  evenSubsample,
  SERIES_BAND_REPLICAS,
  type SeriesOverlay,
  seriesStyle,
} from './charts/frontier-series';
import type { ReplicaBands } from './frontier-plot';

/** A fitted series of the last per-series fit, as the view overlays it. */
export interface FittedSeries {
  readonly name: string;
  readonly index: number;
  readonly colour: string;
  readonly dash: string | undefined;
  readonly fit: FitResult;
  /** Its converged replicas' laws, at most SERIES_BAND_REPLICAS of them, evenly spread. */
  readonly replicas: readonly ScalingLaw[];
}

const lists = new WeakMap<readonly SeriesFit<FitResult>[], readonly FittedSeries[]>();

/**
 * The fitted series of `fits` in their order, or none when fewer than two fitted (one series
 * is the fit shown already). Built once per `fits` array.
 */
export function fittedSeriesList(
  fits: readonly SeriesFit<FitResult>[] | undefined,
): readonly FittedSeries[] {
  if (!fits) return [];
  let list = lists.get(fits);
  if (!list) {
    const all = fittedSeries(fits).map((f, index) => ({
      name: f.series ?? 'all runs',
      index,
      ...seriesStyle(index),
      fit: f.result,
      replicas: evenSubsample(
        replicaLaws(f.result.bootstrap?.replicas ?? new Float64Array(0)),
        SERIES_BAND_REPLICAS,
      ),
    }));
    list = all.length >= 2 ? all : [];
    lists.set(fits, list);
  }
  return list;
}

/** A drawn series with its bands at the readout budgets too (for the readout CSV). */
export type SeriesOverlayWithReadout = SeriesOverlay & {
  readonly readout?: readonly ScenarioBands[];
};

/** Where the overlays' curves and bands come from. */
export interface SeriesOverlaySources {
  /** The fit shown and its bands: a series that is this fit reuses them. */
  readonly fit: FitResult | undefined;
  readonly fitBands: ReplicaBands | undefined;
  /** The series the band job solved, in the job's order, and their bands (once solved). */
  readonly inJob: readonly FittedSeries[];
  readonly jobBands: readonly ReplicaBands[] | undefined;
  /** The curve of a law under the view's constraints. */
  curve(law: ScalingLaw): FrontierCurve;
}

/** The overlays of `shown`, each with its curve and, once solved, its bands. */
export function seriesOverlays(
  shown: readonly FittedSeries[],
  from: SeriesOverlaySources,
): SeriesOverlayWithReadout[] {
  return shown.map((s) => {
    const own = s.fit === from.fit ? from.fitBands : from.jobBands?.[from.inJob.indexOf(s)];
    return {
      name: s.name,
      index: s.index,
      colour: s.colour,
      dash: s.dash,
      law: s.fit.best.law,
      curve: from.curve(s.fit.best.law),
      ...(own ? { bands: own.grid, readout: own.readout } : {}),
    };
  });
}
