// Cost growth: how the time per unit of work (per cell, per fit, per fit and
// data row) changes as a problem grows. Groups the `growth-<series>` rows of a run into series
// (one per kernel and engine), computes the per-unit cost at each size, the ratio of the
// per-unit cost at the largest size to the median one, and flags cliffs: steps where the
// per-unit cost jumps by more than a factor between neighbouring sizes. A step counts as a
// cliff only when the best (fastest) sample jumps too: on a shared machine a median of a few
// samples can jump from interference alone, a real cliff raises every sample. Fit rows that
// carry evaluations per fit also get a cost per evaluation (fits stop after fewer iterations on
// more data, which would hide or fake growth per row). Pure; shared by the `npm run bench`
// runner (Node) and TypeScript through growth.d.mts.

/** A per-unit cost rising more than this between neighbouring sizes is a cliff. */
export const CLIFF_FACTOR = 1.5;

/** Kernel names of growth rows start with this. */
export const GROWTH_PREFIX = 'growth-';

/** True for the rows of a growth series. */
export function isGrowthRow(row) {
  return row.kernel.startsWith(GROWTH_PREFIX);
}

/** The median of `values` (NaN when empty). */
export function median(values) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The point of a row: per-unit cost from the wall-clock median, from the fastest sample
 * (spread.min) and, where present, from GPU time and per fit evaluation.
 */
export function growthPoint(row) {
  const evaluations = row.evaluationsPerFit;
  const perUnit = row.seconds / row.size;
  return {
    size: row.size,
    shape: row.shape,
    seconds: row.seconds,
    perUnit,
    ...(row.spread ? { bestPerUnit: row.spread.min / row.size } : {}),
    ...(row.gpuSeconds !== undefined ? { gpuPerUnit: row.gpuSeconds / row.size } : {}),
    ...(evaluations > 0 ? { perEvaluation: perUnit / evaluations } : {}),
  };
}

/**
 * Steps between neighbouring points (ascending by size) where the median per-unit cost grows
 * by more than `factor`: [{from, to, ratio, bestRatio, confirmed}]. `bestRatio` is the same
 * step for the fastest samples (undefined without them); the step is `confirmed` when that
 * grows by more than `factor` too (or cannot be checked).
 */
export function findSteps(points, factor = CLIFF_FACTOR) {
  const steps = [];
  for (let i = 1; i < points.length; i++) {
    const from = points[i - 1];
    const to = points[i];
    const ratio = to.perUnit / from.perUnit;
    if (!(ratio > factor)) continue;
    const best =
      from.bestPerUnit !== undefined && to.bestPerUnit !== undefined
        ? to.bestPerUnit / from.bestPerUnit
        : undefined;
    steps.push({
      from,
      to,
      ratio,
      bestRatio: best,
      confirmed: best === undefined || best > factor,
    });
  }
  return steps;
}

/** The confirmed steps of findSteps: per-unit cost jumps seen in the median and the best run. */
export function findCliffs(points, factor = CLIFF_FACTOR) {
  return findSteps(points, factor).filter((s) => s.confirmed);
}

/** One series from its points (any order; sorted here). */
export function growthSeries(kernel, engine, unit, points, factor = CLIFF_FACTOR) {
  const sorted = [...points].sort((a, b) => a.size - b.size);
  const medianPerUnit = median(sorted.map((p) => p.perUnit));
  const largest = sorted[sorted.length - 1];
  return {
    series: kernel.slice(GROWTH_PREFIX.length),
    kernel,
    engine,
    unit,
    points: sorted,
    medianPerUnit,
    largestOverMedian: largest ? largest.perUnit / medianPerUnit : Number.NaN,
    cliffs: findCliffs(sorted, factor),
    /** Median jumps the best runs did not confirm: interference, not the code. */
    noise: findSteps(sorted, factor).filter((s) => !s.confirmed),
  };
}

/** The growth series of `rows`, in the order their first rows appear; other rows are ignored. */
export function growthSummary(rows, factor = CLIFF_FACTOR) {
  const groups = new Map();
  for (const row of rows.filter(isGrowthRow)) {
    const key = `${row.kernel} ${row.engine}`;
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return [...groups.values()].map((group) =>
    growthSeries(group[0].kernel, group[0].engine, group[0].unit, group.map(growthPoint), factor),
  );
}

/**
 * `a`'s per-unit cost over `b`'s at every size of `a` that `b` measured too, or, with a relative
 * `tolerance`, its nearest size within that (e.g. 1023² against 1024²): [{size, shape, ratio}].
 */
export function compareSeries(a, b, tolerance = 0) {
  return a.points.flatMap((p) => {
    let best;
    for (const q of b.points) {
      const off = Math.abs(q.size - p.size) / p.size;
      if (off <= tolerance && (!best || off < Math.abs(best.size - p.size) / p.size)) best = q;
    }
    if (!best) return [];
    const gpu =
      p.gpuPerUnit !== undefined && best.gpuPerUnit !== undefined
        ? { gpuRatio: p.gpuPerUnit / best.gpuPerUnit }
        : {};
    return [
      {
        size: p.size,
        shape: p.shape,
        against: best.shape,
        ratio: p.perUnit / best.perUnit,
        ...gpu,
      },
    ];
  });
}

/** The time unit that shows `seconds` with 1 to 3 digits before the point. */
export function timeUnit(seconds) {
  const abs = Math.abs(seconds);
  if (abs >= 1) return { unit: 's', scale: 1 };
  if (abs >= 1e-3) return { unit: 'ms', scale: 1e3 };
  if (abs >= 1e-6) return { unit: 'µs', scale: 1e6 };
  return { unit: 'ns', scale: 1e9 };
}

/** The singular of a row unit: 'cells' -> 'cell', 'fit-rows' -> 'fit-row'. */
export function unitSingular(unit) {
  return unit.endsWith('s') ? unit.slice(0, -1) : unit;
}

const digits = (v) => v.toFixed(v >= 100 ? 0 : v >= 10 ? 1 : 2);
const times = (v) => `${v.toFixed(2)}x`;

/**
 * The per-unit cost table of `series`: a header and one line (array of strings) per size. Each
 * series uses one time unit (chosen by its median), so a column reads down without rescaling.
 * Columns: series, engine, size, shape, median ms, per unit (median), best per unit (fastest
 * sample), GPU per unit, per unit and fit evaluation, per unit over the series median, step
 * over the previous size (median and best), and 'CLIFF' where both steps exceed the factor
 * ('noise?' where only the median's does).
 */
export function growthTable(series, factor = CLIFF_FACTOR) {
  const header = [
    'series',
    'engine',
    'size',
    'shape',
    'median ms',
    'per unit',
    'best',
    'gpu',
    'per eval',
    'x median',
    'step',
    'best step',
    'cliff',
  ];
  const lines = series.flatMap((s) => {
    const { unit, scale } = timeUnit(s.medianPerUnit);
    const per = `${unit}/${unitSingular(s.unit)}`;
    const evals = s.points.find((p) => p.perEvaluation !== undefined);
    const evalUnit = evals ? timeUnit(evals.perEvaluation) : undefined;
    const show = (v, u = { unit, scale }, label = per) =>
      v === undefined ? '' : `${digits(v * u.scale)} ${label}`;
    return s.points.map((p, i) => {
      const prev = s.points[i - 1];
      const step = prev ? p.perUnit / prev.perUnit : undefined;
      const best =
        prev && p.bestPerUnit !== undefined && prev.bestPerUnit !== undefined
          ? p.bestPerUnit / prev.bestPerUnit
          : undefined;
      const jump = step !== undefined && step > factor;
      return [
        s.series,
        s.engine,
        String(p.size),
        p.shape,
        (p.seconds * 1e3).toFixed(p.seconds < 0.01 ? 3 : 2),
        show(p.perUnit),
        show(p.bestPerUnit),
        show(p.gpuPerUnit),
        evalUnit ? show(p.perEvaluation, evalUnit, `${evalUnit.unit}/eval`) : '',
        times(p.perUnit / s.medianPerUnit),
        step === undefined ? '' : times(step),
        best === undefined ? '' : times(best),
        jump ? (best === undefined || best > factor ? 'CLIFF' : 'noise?') : '',
      ];
    });
  });
  return { header, lines };
}

/** One line per series: the largest-size over median per-unit cost and its cliffs, in words. */
export function growthVerdicts(series, factor = CLIFF_FACTOR) {
  const step = (c) =>
    `${c.from.shape} -> ${c.to.shape} ${times(c.ratio)}` +
    (c.bestRatio === undefined ? '' : ` (best ${times(c.bestRatio)})`);
  return series.map((s) => {
    const head = `${s.series} ${s.engine}: largest/median per-unit cost ${times(s.largestOverMedian)}`;
    const noise =
      s.noise.length > 0 ? `; median-only jumps (noise): ${s.noise.map(step).join(', ')}` : '';
    if (s.cliffs.length === 0) return `${head}; no cliff above ${factor}x${noise}`;
    return `${head}; CLIFF ${s.cliffs.map(step).join(', ')}${noise}`;
  });
}
