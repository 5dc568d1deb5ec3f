/**
 * The design map's pure geometry and raster: cell placement for both grid kinds, the hover
 * inverse, isoFLOP lines, marks and the colour range, on small grids with fixed numbers.
 */
import { describe, expect, it } from 'vitest';
import { type ColourRange, colourise } from '../../src/colour/colour-map';
import { SeededRandom } from '../../src/data/random';
import {
  type CandidateGrid,
  candidateAt,
  candidateAxes,
  type DesignPlan,
  type PlannedRun,
} from '../../src/fit/design';
import {
  type DesignMap,
  designMapChart,
  designMapCsvParts,
  designMapData,
  designMapImage,
} from '../../src/ui/charts/design-map';

const FRAME = { width: 500, height: 400, margin: { top: 10, right: 90, bottom: 40, left: 50 } };

/** Seeded reductions, distinct per cell, spread over several decades. */
function seededReductions(n: number, seed: number): Float64Array {
  const rng = new SeededRandom(seed);
  return Float64Array.from({ length: n }, () => 10 ** (-6 + 3 * rng.uniform()));
}

/** The RGBA of one value through the same colour scale, as the map colours an in-budget cell. */
function colourOf(v: number, range: ColourRange): number[] {
  return Array.from(colourise(Float32Array.of(v), 1, { ...range, map: 'viridis' }));
}

/** The image pixel (i, j) under SVG point (x, y). */
function pixelAt(chart: DesignMap, x: number, y: number): [number, number] {
  const { image } = chart;
  return [
    Math.floor(((x - image.x) / image.width) * image.cols),
    Math.floor(((y - image.y) / image.height) * image.rows),
  ];
}

function rgbaAt(rgba: Uint8ClampedArray, cols: number, i: number, j: number): number[] {
  return Array.from(rgba.slice((j * cols + i) * 4, (j * cols + i) * 4 + 4));
}

/** log10 N and log10 D of an SVG point. */
function logAt(chart: DesignMap, x: number, y: number): [number, number] {
  const { view, plot } = chart;
  return [
    view.log10NMin + ((x - plot.x) / plot.width) * (view.log10NMax - view.log10NMin),
    view.log10DMin + ((plot.y + plot.height - y) / plot.height) * (view.log10DMax - view.log10DMin),
  ];
}

function planned(kind: DesignPlan['kind'], runs: [number, number][], k = 6): DesignPlan {
  const rs: PlannedRun[] = runs.map(([N, D]) => ({
    N,
    D,
    flops: k * N * D,
    reduction: 0,
    varianceAfter: 0,
  }));
  return { kind, runs: rs, flops: 0, varianceBefore: 1, varianceAfter: 1 };
}

// 4 columns N 1e8..1e11 and 3 rows D 1e9..1e11, one decade a cell.
const ND: CandidateGrid = {
  kind: 'nd',
  width: 4,
  height: 3,
  nMin: 1e8,
  nMax: 1e11,
  yMin: 1e9,
  yMax: 1e11,
};

describe("an 'nd' grid", () => {
  const reductions = seededReductions(12, 7);
  const data = designMapData(ND, reductions, Number.POSITIVE_INFINITY);
  const chart = designMapChart(data, { frame: FRAME });
  const img = designMapImage(data, chart, 'viridis');

  it('spans the cells plus 4% padding, and draws one image pixel per cell', () => {
    // Cell edges 10^7.5..10^11.5 in N and 10^8.5..10^11.5 in D.
    expect(chart.view.log10NMin).toBeCloseTo(7.5 - 0.16, 12);
    expect(chart.view.log10NMax).toBeCloseTo(11.5 + 0.16, 12);
    expect(chart.view.log10DMin).toBeCloseTo(8.5 - 0.12, 12);
    expect(chart.view.log10DMax).toBeCloseTo(11.5 + 0.12, 12);
    expect([img.cols, img.rows]).toEqual([4, 3]);
    expect(data.cellsDrawn).toBe(12);
  });

  it('puts cell (col, row) at the image pixel of its (N, D), rows flipped so D grows upward', () => {
    const axes = candidateAxes(ND);
    for (let row = 0; row < 3; row++)
      for (let col = 0; col < 4; col++) {
        const c = candidateAt(axes, col, row);
        const [x, y] = chart.at(c.N, c.D);
        expect(x).toBeCloseTo(chart.image.x + ((col + 0.5) * chart.image.width) / 4, 9);
        expect(y).toBeCloseTo(chart.image.y + ((2 - row + 0.5) * chart.image.height) / 3, 9);
        expect(pixelAt(chart, x, y)).toEqual([col, 2 - row]);
        const v = Math.log10(reductions[row * 4 + col]! / c.flops);
        expect(rgbaAt(img.rgba, 4, col, 2 - row)).toEqual(
          colourOf(v, { ...data.range, mode: 'linear', E: 0 }),
        );
      }
  });

  it('gives the largest value the top colour and the smallest the bottom one', () => {
    const perFlop = Array.from(data.values);
    const top = perFlop.indexOf(Math.max(...perFlop));
    const bottom = perFlop.indexOf(Math.min(...perFlop));
    const lut = colourise(Float32Array.of(0, 1), 2, {
      mode: 'linear',
      lo: 0,
      hi: 1,
      E: 0,
      map: 'viridis',
    });
    const pix = (cell: number) => rgbaAt(img.rgba, 4, cell % 4, 2 - Math.floor(cell / 4));
    expect(pix(top)).toEqual(Array.from(lut.slice(4, 8)));
    expect(pix(bottom)).toEqual(Array.from(lut.slice(0, 4)));
  });

  it('samples a grid larger than the plot down to the pixel size', () => {
    const big: CandidateGrid = { ...ND, width: 1000, height: 900 };
    const d = designMapData(big, seededReductions(900_000, 3), 1e30);
    const c = designMapChart(d, { frame: FRAME });
    expect(c.image.cols).toBe(Math.ceil(c.image.width));
    expect(c.image.rows).toBe(Math.ceil(c.image.height));
    expect(c.image.cols).toBeLessThan(1000);
  });

  it('inverts pixels into cells (cellAt) and is undefined outside the grid', () => {
    const axes = candidateAxes(ND);
    for (const [col, row] of [
      [0, 0],
      [3, 0],
      [1, 2],
      [2, 1],
    ] as const) {
      const c = candidateAt(axes, col, row);
      const [x, y] = chart.at(c.N, c.D);
      // A third of a cell off its centre is still the same cell.
      const hit = chart.cellAt(x + chart.image.width / 12, y - chart.image.height / 9);
      expect(hit).toMatchObject({ col, row, overBudget: false });
      expect(hit!.N).toBeCloseTo(c.N, -2);
      expect(hit!.D / c.D).toBeCloseTo(1, 12);
      expect(hit!.flops / c.flops).toBeCloseTo(1, 12);
      expect(hit!.reduction).toBe(reductions[row * 4 + col]);
      expect(hit!.reductionPerFlop / (reductions[row * 4 + col]! / c.flops)).toBeCloseTo(1, 12);
    }
    expect(chart.cellAt(chart.image.x - 2, chart.image.y + 5)).toBeUndefined();
    expect(chart.cellAt(chart.image.x + 5, chart.image.y + chart.image.height + 2)).toBeUndefined();
  });

  it('draws zero reductions in the lowest colour and non-finite ones transparent', () => {
    const r = Float64Array.from(reductions);
    r[0] = 0;
    r[5] = Number.NaN;
    const d = designMapData(ND, r, Number.POSITIVE_INFINITY);
    const im = designMapImage(d, chart, 'viridis');
    const lowest = colourOf(d.range.lo, { ...d.range, mode: 'linear', E: 0 });
    expect(rgbaAt(im.rgba, 4, 0, 2)).toEqual(lowest);
    expect(rgbaAt(im.rgba, 4, 1, 1)[3]).toBe(0);
    expect(d.cellsDrawn).toBe(11);
  });
});

// 5 columns N 1e8..1e10 (half a decade a cell), 3 rows of budgets C 1e18..1e20, k = 6.
const BS: CandidateGrid = {
  kind: 'budgets-sizes',
  width: 5,
  height: 3,
  nMin: 1e8,
  nMax: 1e10,
  yMin: 1e18,
  yMax: 1e20,
};

describe("a 'budgets-sizes' grid rasterised into (N, D)", () => {
  const reductions = seededReductions(15, 11);
  const data = designMapData(BS, reductions, Number.POSITIVE_INFINITY);
  const chart = designMapChart(data, { frame: FRAME });
  const img = designMapImage(data, chart, 'viridis');
  const axes = candidateAxes(BS);
  const range = { ...data.range, mode: 'linear' as const, E: 0 };

  it('is as fine as the grid: 5 columns, and rows half a decade of D (the column step) high', () => {
    // ln D spans 3 budget rows of a decade plus 5 columns of half a decade: 5.5 decades.
    expect(img.cols).toBe(5);
    expect(img.rows).toBe(11);
  });

  it('puts every candidate at the pixel of its (N, D)', () => {
    for (let row = 0; row < 3; row++)
      for (let col = 0; col < 5; col++) {
        const c = candidateAt(axes, col, row);
        const [x, y] = chart.at(c.N, c.D);
        const [i, j] = pixelAt(chart, x, y);
        const v = Math.log10(reductions[row * 5 + col]! / c.flops);
        expect(rgbaAt(img.rgba, img.cols, i, j)).toEqual(colourOf(v, range));
      }
  });

  it("leaves pixels at budgets outside the grid's transparent", () => {
    const k = 6;
    for (const [N, C] of [
      [1e9, 1e21],
      [1e9, 1e17],
      [3e8, 1e21],
      [3e9, 1e17],
    ] as const) {
      const [x, y] = chart.at(N, C / (k * N));
      expect(y).toBeGreaterThan(chart.image.y);
      expect(y).toBeLessThan(chart.image.y + chart.image.height);
      const [i, j] = pixelAt(chart, x, y);
      expect(rgbaAt(img.rgba, img.cols, i, j)[3]).toBe(0);
      expect(chart.cellAt(x, y)).toBeUndefined();
    }
  });

  it('inverts pixels into cells by budget C = k N D (round trip)', () => {
    for (const [col, row] of [
      [0, 0],
      [4, 2],
      [2, 1],
      [1, 2],
      [3, 0],
    ] as const) {
      const c = candidateAt(axes, col, row);
      const [x, y] = chart.at(c.N, c.D);
      const hit = chart.cellAt(x, y);
      expect(hit).toMatchObject({ col, row });
      expect(hit!.flops / c.flops).toBeCloseTo(1, 12);
      expect(hit!.reduction).toBe(reductions[row * 5 + col]);
      // Moving along the isoFLOP line (N up, D down by the same factor) keeps the row.
      const [x2, y2] = chart.at(c.N * 10 ** 0.2, c.D / 10 ** 0.2);
      expect(chart.cellAt(x2, y2)).toMatchObject({ col, row });
    }
  });

  it('greys cells over the budget and keeps those within it in colour', () => {
    const d = designMapData(BS, reductions, 2e19);
    const im = designMapImage(d, chart, 'viridis');
    const over = candidateAt(axes, 2, 2);
    const within = candidateAt(axes, 2, 1);
    const [io, jo] = pixelAt(chart, ...chart.at(over.N, over.D));
    const [iw, jw] = pixelAt(chart, ...chart.at(within.N, within.D));
    const o = rgbaAt(im.rgba, im.cols, io, jo);
    expect(o[0]).toBe(o[1]);
    expect(o[1]).toBe(o[2]);
    expect(o[3]).toBe(255);
    const v = Math.log10(reductions[5 + 2]! / within.flops);
    expect(rgbaAt(im.rgba, im.cols, iw, jw)).toEqual(
      colourOf(v, { ...d.range, mode: 'linear', E: 0 }),
    );
    const c = designMapChart(d, { frame: FRAME });
    expect(c.cellAt(...c.at(over.N, over.D))?.overBudget).toBe(true);
    expect(c.cellAt(...c.at(within.N, within.D))?.overBudget).toBe(false);
  });
});

describe('isoFLOP lines', () => {
  for (const [name, grid] of [
    ['nd, k = 8', { ...ND, flopsPerParamToken: 8 }],
    ['budgets-sizes, k = 6', BS],
  ] as const) {
    it(`run along C = k N D at whole decades (${name})`, () => {
      const k = grid.flopsPerParamToken ?? 6;
      const data = designMapData(grid, seededReductions(grid.width * grid.height, 1), 1e20);
      const chart = designMapChart(data, { frame: FRAME });
      expect(chart.isoflops.length).toBeGreaterThan(2);
      for (const line of [...chart.isoflops, chart.budget!]) {
        const m = /^M([\d.]+),([\d.]+)L([\d.]+),([\d.]+)$/.exec(line.d);
        expect(m).not.toBeNull();
        const [x0, y0, x1, y1] = m!.slice(1).map(Number) as [number, number, number, number];
        for (const [x, y] of [
          [x0, y0],
          [x1, y1],
        ] as const) {
          const [n, d] = logAt(chart, x, y);
          expect(Math.log10(k) + n + d).toBeCloseTo(line.log10C, 3);
        }
        expect(x1).toBeGreaterThan(x0);
        expect(y1).toBeGreaterThan(y0);
      }
      expect(chart.isoflops.every((l) => Number.isInteger(l.log10C))).toBe(true);
      expect(chart.isoflops.map((l) => l.label)).toContain('1e20');
      expect(chart.budget!.log10C).toBeCloseTo(20, 12);
    });
  }
});

describe('marks', () => {
  const reductions = seededReductions(12, 5);
  const runs = [
    { N: 3e8, D: 5e9 },
    { N: 2e10, D: 4e10 },
  ];
  const designer = planned('designer', [
    [1e9, 1e10],
    [1e9, 1e10],
    [1e10, 1e9],
  ]);
  const classic = planned('classic', [
    [1e12, 2e9],
    [5e11, 4e9],
  ]);
  const random = planned('random', [[1e8, 1e11]]);
  const data = designMapData(ND, reductions, 1e20);
  const chart = designMapChart(data, { frame: FRAME, runs, plans: [designer, classic, random] });

  const expected = (N: number, D: number) => {
    const { view, plot } = chart;
    return [
      plot.x + ((Math.log10(N) - view.log10NMin) / (view.log10NMax - view.log10NMin)) * plot.width,
      plot.y + ((view.log10DMax - Math.log10(D)) / (view.log10DMax - view.log10DMin)) * plot.height,
    ];
  };

  it('widens the axes to the planned runs outside the grid', () => {
    // N reaches 1e12: 7.5..12 padded by 4% of 4.5 decades.
    expect(chart.view.log10NMax).toBeCloseTo(12 + 0.18, 12);
    expect(chart.view.log10NMin).toBeCloseTo(7.5 - 0.18, 12);
  });

  it('draws the runs as dots and the plans at their pixels', () => {
    expect(chart.runs.count).toBe(2);
    const dots = [...chart.runs.d.matchAll(/M([\d.]+),([\d.]+)h0/g)].map((m) => [
      Number(m[1]),
      Number(m[2]),
    ]);
    runs.forEach((r, i) => {
      const [x, y] = expected(r.N, r.D);
      expect(dots[i]![0]).toBeCloseTo(x!, 1);
      expect(dots[i]![1]).toBeCloseTo(y!, 1);
    });
    for (const [marks, plan] of [
      [chart.picks, designer],
      [chart.classic, classic],
      [chart.random, random],
    ] as const) {
      expect(marks.length).toBe(plan.runs.length);
      marks.forEach((m, i) => {
        const [x, y] = expected(plan.runs[i]!.N, plan.runs[i]!.D);
        expect(m.x).toBeCloseTo(x!, 9);
        expect(m.y).toBeCloseTo(y!, 9);
        expect(m.N).toBe(plan.runs[i]!.N);
      });
    }
    expect(chart.classic[0]!.d).toMatch(/Z$/);
  });

  it('counts a cell picked twice once, at its pixel', () => {
    expect(chart.pickCounts).toHaveLength(1);
    const [x, y] = expected(1e9, 1e10);
    expect(chart.pickCounts[0]!.count).toBe(2);
    expect(chart.pickCounts[0]!.x).toBeCloseTo(x!, 9);
    expect(chart.pickCounts[0]!.y).toBeCloseTo(y!, 9);
  });

  it('rings the best cell per FLOP within the budget, not the best overall', () => {
    const r = new Float64Array(12).fill(1e-9);
    // Cell (3, 2) costs 6e22 FLOPs, over the budget, with the largest reduction per FLOP.
    r[11] = 1e30;
    // Cell (1, 1) costs 6e19: the best within 1e20 FLOPs.
    r[5] = 1e-3;
    const d = designMapData(ND, r, 1e20);
    const c = designMapChart(d, { frame: FRAME });
    expect(c.best).toMatchObject({ col: 1, row: 1, N: expect.closeTo(1e9, -3) });
    const [x, y] = c.at(1e9, 1e10);
    expect(c.best!.x).toBeCloseTo(x, 9);
    expect(c.best!.y).toBeCloseTo(y, 9);
  });
});

describe('the colour range', () => {
  it('is the 1st to 99th percentile of the in-budget cells only', () => {
    const grid: CandidateGrid = {
      ...ND,
      width: 20,
      height: 20,
      nMin: 1e8,
      nMax: 1e10,
      yMin: 1e9,
      yMax: 1e11,
    };
    const axes = candidateAxes(grid);
    const rng = new SeededRandom(42);
    const budget = 1e19;
    const r = new Float64Array(400);
    const inBudget: number[] = [];
    for (let row = 0; row < 20; row++)
      for (let col = 0; col < 20; col++) {
        const { flops } = candidateAt(axes, col, row);
        const i = row * 20 + col;
        // In budget: 1e-26..1e-24 per FLOP; over budget: 1e-10 per FLOP, far above.
        const perFlop = flops <= budget ? 10 ** (-26 + 2 * rng.uniform()) : 1e-10;
        r[i] = perFlop * flops;
        if (flops <= budget) inBudget.push(Math.log10(r[i]! / flops));
      }
    expect(inBudget.length).toBeGreaterThan(50);
    expect(inBudget.length).toBeLessThan(350);
    inBudget.sort((a, b) => a - b);
    const q = (p: number) => {
      const h = (inBudget.length - 1) * p;
      const lo = Math.floor(h);
      return inBudget[lo]! + (h - lo) * (inBudget[lo + 1]! - inBudget[lo]!);
    };
    const data = designMapData(grid, r, budget);
    expect(data.range.from).toBe('in-budget');
    expect(data.range.lo).toBeCloseTo(q(0.01), 12);
    expect(data.range.hi).toBeCloseTo(q(0.99), 12);
    expect(data.range.hi).toBeLessThan(-24);
  });

  it('falls back to every cell when none is in budget', () => {
    const data = designMapData(ND, seededReductions(12, 2), 1);
    expect(data.range.from).toBe('all');
    expect(data.best).toBe(-1);
  });
});

describe('the cells as CSV', () => {
  it('writes one record per cell, row-major, with the reduction per FLOP', () => {
    const reductions = seededReductions(12, 9);
    const data = designMapData(ND, reductions, 1e20);
    const text = designMapCsvParts(data).join('');
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('N,D,flops,reduction,reduction_per_flop');
    expect(lines).toHaveLength(14);
    const [N, D, flops, red, perFlop] = lines[1 + 4 + 2]!.split(',').map(Number) as number[];
    expect(N).toBeCloseTo(1e10, -1);
    expect(D).toBeCloseTo(1e10, -1);
    expect(flops! / 6e20).toBeCloseTo(1, 10);
    expect(red! / reductions[6]!).toBeCloseTo(1, 10);
    expect(perFlop! / (reductions[6]! / 6e20)).toBeCloseTo(1, 10);
  });
});
