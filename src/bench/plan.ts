/**
 * What a benchmark run covers: the problem sizes of each kernel family and how long each is
 * timed. Three presets: 'smoke' (tiny, seconds, for tests), 'quick' (small sizes, few repeats,
 * well under a minute on SwiftShader) and 'full' (small to large; what `npm run bench` runs).
 */
import { DEFAULT_MEASURE, type MeasureOptions } from './measure';

/** The kernel families measured; a family names one plot in the Bench view. */
export const BENCH_FAMILIES = ['surface', 'fit', 'frontier', 'sweep', 'design'] as const;
export type BenchFamily = (typeof BENCH_FAMILIES)[number];

/** Problem sizes per family. */
export interface BenchSizes {
  /** Surface grid sides (side² cells). */
  readonly surfaceSides: readonly number[];
  /** Grid starts per fit-grid batch (a spread-out subset of the 4,500-start Hoffmann grid). */
  readonly fitStarts: readonly number[];
  /** Bootstrap replicas K per fit-bootstrap batch. */
  readonly bootstrapReplicas: readonly number[];
  /** Frontier replicas (laws); each is solved at FRONTIER_BUDGETS budgets. */
  readonly frontierReplicas: readonly number[];
  /** Sweep sides (side² cells). */
  readonly sweepSides: readonly number[];
  /**
   * Approach-2 bootstrap replicas K per fit-approach2 case (isoFLOP parabolas, built-in data).
   * This and fitSeries are empty in 'smoke', whose rows the Bench view's e2e test counts.
   */
  readonly approach2Replicas: readonly number[];
  /** Series counts S of the fit-series cases (the fit data dealt into S series). */
  readonly fitSeries: readonly number[];
  /**
   * Pairs P of the multiplier-curves cases ('frontier' family), each at MULTIPLIER_BUDGETS
   * budgets (src/bench/multiplier-cases.ts); empty in 'smoke', like approach2Replicas.
   */
  readonly multiplierPairs: readonly number[];
  /** Candidate grid sides of the designer cases (side² candidates); empty in 'smoke'. */
  readonly designSides: readonly number[];
  /**
   * Simulated data sets R of the calibration-fit cases ('fit' family), each fitted with 16
   * random starts and `calibrationReplicas` bootstrap replicas; empty in 'smoke'.
   */
  readonly calibrationDataSets: readonly number[];
}

/** A whole run: sizes, timing per family, and how the fit cases' warm start is found. */
export interface BenchPlan {
  readonly sizes: BenchSizes;
  readonly measure: Readonly<Record<BenchFamily, MeasureOptions>>;
  /**
   * The bootstrap cases start at the best CPU fit from every `warmStride`-th grid start
   * (1: the whole grid, as the scipy peer does).
   */
  readonly warmStride: number;
  /** Bootstrap replicas per series of the fit-series cases. */
  readonly seriesReplicas: number;
  /** Bootstrap replicas K per simulated data set of the calibration-fit cases. */
  readonly calibrationReplicas: number;
}

export const PRESET_IDS = ['smoke', 'quick', 'full'] as const;
export type PresetId = (typeof PRESET_IDS)[number];

/** Fit batches take seconds: few repeats, one warm-up (worker start-up, JIT, pipeline compile). */
export const FIT_MEASURE: MeasureOptions = {
  warmups: 1,
  minRepeats: 3,
  maxRepeats: 5,
  targetSeconds: 4,
  minSampleSeconds: 0,
};

/** Optimum batches take seconds on SwiftShader: few repeats after one warm-up. */
export const OPTIMUM_MEASURE: MeasureOptions = {
  warmups: 1,
  minRepeats: 3,
  maxRepeats: 3,
  targetSeconds: 2,
  minSampleSeconds: 0,
};

const FEW: MeasureOptions = {
  warmups: 1,
  minRepeats: 3,
  maxRepeats: 3,
  targetSeconds: 0,
  minSampleSeconds: 0,
};

const TINY: MeasureOptions = {
  warmups: 1,
  minRepeats: 2,
  maxRepeats: 2,
  targetSeconds: 0,
  minSampleSeconds: 0,
};

/** The presets. 'full' keeps the sizes of the figures in bench/RESULTS.md and adds smaller ones. */
export const BENCH_PRESETS: Readonly<Record<PresetId, BenchPlan>> = {
  smoke: {
    sizes: {
      surfaceSides: [32, 64],
      fitStarts: [16, 32],
      bootstrapReplicas: [16, 32],
      frontierReplicas: [1, 2],
      sweepSides: [16, 32],
      approach2Replicas: [],
      fitSeries: [],
      multiplierPairs: [],
      designSides: [],
      calibrationDataSets: [],
    },
    measure: {
      surface: { ...TINY, minSampleSeconds: 0.005 },
      fit: TINY,
      frontier: TINY,
      sweep: TINY,
      design: TINY,
    },
    warmStride: 50,
    seriesReplicas: 0,
    calibrationReplicas: 0,
  },
  quick: {
    sizes: {
      surfaceSides: [64, 256, 1024],
      fitStarts: [250, 1000],
      bootstrapReplicas: [250, 1000],
      frontierReplicas: [16, 128],
      sweepSides: [64, 256],
      approach2Replicas: [1000, 10000],
      fitSeries: [2, 8],
      multiplierPairs: [1000, 10000],
      designSides: [256],
      calibrationDataSets: [20],
    },
    measure: {
      surface: {
        warmups: 1,
        minRepeats: 3,
        maxRepeats: 5,
        targetSeconds: 0.3,
        minSampleSeconds: 0.02,
      },
      fit: FEW,
      frontier: FEW,
      sweep: FEW,
      design: FEW,
    },
    warmStride: 10,
    seriesReplicas: 125,
    calibrationReplicas: 100,
  },
  full: {
    sizes: {
      surfaceSides: [64, 256, 1024, 2048, 4096],
      fitStarts: [250, 1000, 4500],
      bootstrapReplicas: [250, 1000, 4000],
      frontierReplicas: [16, 250, 1000],
      sweepSides: [64, 256, 1024],
      approach2Replicas: [1000, 10000, 100000],
      fitSeries: [2, 4, 8],
      multiplierPairs: [1000, 10000, 100000],
      designSides: [256, 512, 1024],
      calibrationDataSets: [20, 50],
    },
    measure: {
      surface: DEFAULT_MEASURE,
      fit: FIT_MEASURE,
      frontier: OPTIMUM_MEASURE,
      sweep: OPTIMUM_MEASURE,
      design: OPTIMUM_MEASURE,
    },
    warmStride: 1,
    seriesReplicas: 250,
    calibrationReplicas: 100,
  },
};

/**
 * The family a kernel belongs to ('surface-readback' is drawn with 'surface',
 * 'frontier-multiplier' with 'frontier').
 */
export function familyOf(kernel: string): BenchFamily {
  if (kernel.startsWith('surface')) return 'surface';
  if (kernel.startsWith('fit')) return 'fit';
  if (kernel === 'frontier' || kernel === 'frontier-multiplier') return 'frontier';
  if (kernel === 'sweep') return 'sweep';
  if (kernel === 'design') return 'design';
  throw new RangeError(`unknown bench kernel '${kernel}'`);
}

/** `plan` with some timing fields of every family replaced. */
export function withMeasure(
  plan: BenchPlan,
  patch: Partial<Record<BenchFamily, Partial<MeasureOptions>>>,
): BenchPlan {
  const measure = Object.fromEntries(
    BENCH_FAMILIES.map((f) => [f, { ...plan.measure[f], ...patch[f] }]),
  ) as Record<BenchFamily, MeasureOptions>;
  return { ...plan, measure };
}
