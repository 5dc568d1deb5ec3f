/**
 * What the cost-growth run (`npm run bench -- --growth`) measures: the sizes of each series and
 * how long each is timed. 'full' keeps the whole run to a few minutes on a 2-core SwiftShader
 * machine; 'smoke' is tiny, for tests.
 */
import type { MeasureOptions } from './measure';

/** The growth series, each `growth-<id>` in the report. */
export const GROWTH_SERIES = [
  'surface',
  'surface-odd',
  'surface-tiled',
  'bootstrap',
  'rows',
  'sweep',
] as const;
export type GrowthSeriesId = (typeof GROWTH_SERIES)[number];

/** The kernel families of `--kernels` and the growth series each one runs. */
export const GROWTH_FAMILIES = {
  surface: ['surface', 'surface-odd', 'surface-tiled'],
  fit: ['bootstrap', 'rows'],
  optimum: ['sweep'],
} as const satisfies Record<string, readonly GrowthSeriesId[]>;
export type GrowthFamily = keyof typeof GROWTH_FAMILIES;

/** Width x height of a grid of cells. */
export interface GridShape {
  readonly width: number;
  readonly height: number;
}

/** Sizes of every series. */
export interface GrowthSizes {
  /** Square surface sides divisible by 4 (the vec4 cells pass). */
  readonly surfaceSides: readonly number[];
  /** Square surface sides not divisible by 4 (the scalar cells pass). */
  readonly oddSides: readonly number[];
  /** Square surface sides of the forced-tiling series. */
  readonly tiledSides: readonly number[];
  /** The binding size (bytes) the forced-tiling series plans its bands for. */
  readonly tiledBindingBytes: number;
  /** Bootstrap replicas K on the built-in dataset. */
  readonly bootstrapReplicas: readonly number[];
  /** Runs in the dataset of the rows series. */
  readonly rowCounts: readonly number[];
  /** Bootstrap replicas per dataset of the rows series. */
  readonly rowReplicas: number;
  /** Sweep grids (budget C x unique tokens U). */
  readonly sweepShapes: readonly GridShape[];
}

/** A growth run: sizes and timing per series. */
export interface GrowthPlan {
  readonly sizes: GrowthSizes;
  readonly measure: Readonly<Record<GrowthSeriesId, MeasureOptions>>;
}

const SURFACE: MeasureOptions = {
  warmups: 2,
  minRepeats: 5,
  maxRepeats: 15,
  targetSeconds: 0.5,
  minSampleSeconds: 0.02,
};

/**
 * Fits and sweeps take up to seconds a run: three samples after one warm-up (the fastest of
 * them confirms a cliff), short runs repeated within a sample.
 */
const BATCH: MeasureOptions = {
  warmups: 1,
  minRepeats: 3,
  maxRepeats: 5,
  targetSeconds: 1,
  minSampleSeconds: 0.05,
};

/** The bootstrap's largest batches take seconds on SwiftShader: two samples keep the run short. */
const BOOTSTRAP: MeasureOptions = { ...BATCH, minRepeats: 2 };

const TINY: MeasureOptions = {
  warmups: 1,
  minRepeats: 1,
  maxRepeats: 1,
  targetSeconds: 0,
  minSampleSeconds: 0,
};

/** 1 MiB: 262,144 cells a band, so 512² is exactly one band and 516² needs two (508 + 8 rows). */
const TILED_BINDING = 2 ** 20;

export const GROWTH_PLANS = {
  smoke: {
    sizes: {
      surfaceSides: [16, 32],
      oddSides: [15, 31],
      tiledSides: [16, 32],
      tiledBindingBytes: 1024,
      bootstrapReplicas: [4, 8],
      rowCounts: [30, 60],
      rowReplicas: 4,
      sweepShapes: [
        { width: 8, height: 8 },
        { width: 13, height: 5 },
      ],
    },
    measure: {
      surface: TINY,
      'surface-odd': TINY,
      'surface-tiled': TINY,
      bootstrap: TINY,
      rows: TINY,
      sweep: TINY,
    },
  },
  full: {
    sizes: {
      surfaceSides: [128, 256, 512, 516, 1024, 2048, 4096],
      oddSides: [255, 1023, 4095],
      tiledSides: [256, 512, 516, 1024, 2048, 4096],
      tiledBindingBytes: TILED_BINDING,
      bootstrapReplicas: [64, 256, 257, 1024, 4096, 16384],
      rowCounts: [30, 60, 120, 240, 480, 960, 1920, 3000],
      rowReplicas: 256,
      sweepShapes: [
        { width: 64, height: 64 },
        { width: 128, height: 128 },
        { width: 256, height: 256 },
        { width: 512, height: 512 },
        { width: 1021, height: 317 },
        { width: 1024, height: 1024 },
      ],
    },
    measure: {
      surface: SURFACE,
      'surface-odd': SURFACE,
      'surface-tiled': SURFACE,
      bootstrap: BOOTSTRAP,
      rows: BATCH,
      sweep: BATCH,
    },
  },
} as const satisfies Record<string, GrowthPlan>;
export type GrowthPlanId = keyof typeof GROWTH_PLANS;

/** The series of `families`, in the order of GROWTH_SERIES. */
export function growthSeriesOf(families: readonly GrowthFamily[]): GrowthSeriesId[] {
  const wanted = new Set<GrowthSeriesId>(families.flatMap((f) => GROWTH_FAMILIES[f]));
  return GROWTH_SERIES.filter((s) => wanted.has(s));
}

/** The series of a growth kernel name ('growth-surface' -> 'surface'). */
export function seriesOfKernel(kernel: string): GrowthSeriesId {
  const id = kernel.replace(/^growth-/, '');
  const found = GROWTH_SERIES.find((s) => s === id);
  if (!found || !kernel.startsWith('growth-')) {
    throw new RangeError(`'${kernel}' is not a growth kernel`);
  }
  return found;
}
