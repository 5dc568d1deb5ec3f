import { describe, expect, it } from 'vitest';
import { frontierCsv } from '../../src/export/grids';
import { packReplicas } from '../../src/fit/replica-table';
import type { SeriesFit } from '../../src/fit/series-fit';
import type { FitResult } from '../../src/fit/types';
import { frontierBands, logBudgets } from '../../src/law/bands';
import { computeOptimal } from '../../src/law/frontier';
import {
  FRONTIER_QUANTITIES,
  groupBandsInSlices,
  quantityOf,
  solveFrontierCurve,
} from '../../src/law/frontier-curves';
import type { ScalingLaw } from '../../src/law/law';
import { thetaFromLaw } from '../../src/law/law';
import { solveOptima } from '../../src/law/optima';
import { findPreset } from '../../src/law/presets';
import type { Scenario } from '../../src/law/scenario';
import { seriesColour, seriesDash } from '../../src/ui/charts/compare-charts';
import { panelGeometry } from '../../src/ui/charts/frontier-panels';
import {
  evenSubsample,
  SERIES_BAND_REPLICAS,
  type SeriesOverlay,
  seriesPanelValues,
  seriesPaths,
  seriesStyle,
} from '../../src/ui/charts/frontier-series';
import { frontierHoverRows } from '../../src/ui/frontier-hover';
import { fittedSeriesList, seriesOverlays } from '../../src/ui/frontier-series';
import { readCsv } from '../support/csv-read';

const hoffmann = findPreset('hoffmann2022')!.law;
/** A second law with a different allocation (alpha > beta: tokens per parameter grow with C). */
const other: ScalingLaw = { E: 1.8, A: 500, B: 300, alpha: 0.36, beta: 0.3 };
const budgets = logBudgets(1e18, 1e28, 41);
const compute = (C: number): Scenario => ({ kind: 'compute', C });

/** Replicas around `law`: A and B scaled by 0.8 to 1.25, so the point law sits inside them. */
function replicasOf(law: ScalingLaw): ScalingLaw[] {
  const f = [0.8, 0.9, 1, 1.1, 1.25];
  return f.flatMap((a) => f.map((b) => ({ ...law, A: law.A * a, B: law.B * b })));
}

function overlay(name: string, index: number, law: ScalingLaw): SeriesOverlay {
  const reps = replicasOf(law);
  const bands = frontierBands(solveOptima(reps, budgets.map(compute)), reps.length, budgets.length);
  return {
    name,
    index,
    ...seriesStyle(index),
    law,
    curve: solveFrontierCurve(law, budgets, compute),
    bands,
  };
}

const series = [overlay('baseline', 0, hoffmann), overlay('recipe B', 1, other)];

describe('series overlays on the frontier panels', () => {
  it("draw each law's computeOptimal at every budget", () => {
    for (const s of series) {
      for (const q of FRONTIER_QUANTITIES) {
        const v = seriesPanelValues(s, q).v;
        budgets.forEach((C, i) => {
          const o = computeOptimal(s.law, C);
          const want = quantityOf(q, o.N, o.D, o.loss);
          expect(Math.abs(v[i]! / want - 1), `${s.name} ${q} at C = ${C}`).toBeLessThan(1e-9);
        });
      }
    }
    // The two laws differ, so the panels tell them apart.
    const a = seriesPanelValues(series[0]!, 'tokensPerParam').v;
    const b = seriesPanelValues(series[1]!, 'tokensPerParam').v;
    expect(Math.abs(a[20]! / b[20]! - 1)).toBeGreaterThan(0.05);
  });

  it("keep the point curve inside each series' 95% band", () => {
    for (const s of series) {
      for (const q of FRONTIER_QUANTITIES) {
        const { v, lo, hi } = seriesPanelValues(s, q);
        for (let i = 0; i < budgets.length; i++) {
          // The replicas' optima are f32: a relative slack of 1e-6 on each end.
          expect(lo[i]!, `${s.name} ${q} lo at ${i}`).toBeLessThanOrEqual(v[i]! * (1 + 1e-6));
          expect(hi[i]!, `${s.name} ${q} hi at ${i}`).toBeGreaterThanOrEqual(v[i]! * (1 - 1e-6));
          expect(hi[i]!).toBeGreaterThan(lo[i]!);
        }
      }
    }
  });

  it('give no band values before the bands are solved', () => {
    const { bands: _, ...bare } = series[0]!;
    const { v, lo, hi } = seriesPanelValues(bare, 'N');
    expect(v.every(Number.isFinite)).toBe(true);
    expect(lo.every(Number.isNaN) && hi.every(Number.isNaN)).toBe(true);
    const g = panelGeometry(18, 28, v, 300, 200);
    const d = seriesPaths(budgets, { v, lo, hi }, g);
    expect(d.line.startsWith('M')).toBe(true);
    expect(d.band).toBe('');
  });

  it('draw a line through every budget and one closed band polygon', () => {
    const vals = seriesPanelValues(series[1]!, 'D');
    const g = panelGeometry(18, 28, [...vals.lo, ...vals.hi], 300, 200);
    const d = seriesPaths(budgets, vals, g);
    expect(d.line.match(/[ML]/g)).toHaveLength(budgets.length);
    expect(d.band.match(/Z/g)).toHaveLength(1);
    expect(d.band.match(/[ML]/g)).toHaveLength(2 * budgets.length);
  });

  it("take the Compare view's colour and dash for the same place", () => {
    for (const i of [0, 1, 7, 8, 9, 17]) {
      expect(seriesStyle(i)).toEqual({ colour: seriesColour(i), dash: seriesDash(i) });
    }
    expect(series.map((s) => s.colour)).toEqual([seriesColour(0), seriesColour(1)]);
  });
});

describe('evenSubsample', () => {
  it('keeps everything up to max, else max items spread evenly and deterministically', () => {
    const items = Array.from({ length: 10 }, (_, i) => i);
    expect(evenSubsample(items, 20)).toEqual(items);
    expect(evenSubsample(items, 5)).toEqual([0, 2, 4, 6, 8]);
    const big = Array.from({ length: 4001 }, (_, i) => i);
    const sub = evenSubsample(big, 1000);
    expect(sub).toHaveLength(1000);
    expect(sub[0]).toBe(0);
    expect(sub.at(-1)).toBeGreaterThan(3990);
    expect(new Set(sub).size).toBe(1000);
  });
});

describe('groupBandsInSlices', () => {
  it('summarises each group of one law-major result over its own laws', async () => {
    const g0 = replicasOf(hoffmann);
    const g1 = replicasOf(other).slice(0, 7);
    const scen = budgets.slice(0, 9).map(compute);
    const res = solveOptima([...g0, ...g1], scen);
    let pauses = 0;
    const bands = await groupBandsInSlices(res, [g0.length, 0, g1.length], scen.length, {
      pause: async () => {
        pauses++;
      },
      slicePairs: 50,
    });
    expect(bands.map((b) => b.length)).toEqual([scen.length, 0, scen.length]);
    expect(bands[0]).toEqual(frontierBands(solveOptima(g0, scen), g0.length, scen.length));
    expect(bands[2]).toEqual(frontierBands(solveOptima(g1, scen), g1.length, scen.length));
    expect(pauses).toBeGreaterThan(1);
    await expect(
      groupBandsInSlices(res, [g0.length, 99], scen.length, { pause: async () => {} }),
    ).rejects.toThrow(RangeError);
  });
});

describe('the Frontier exports and hover with series', () => {
  it('add the rows of each series to the frontier CSV, with a series column', () => {
    const few = budgets.slice(10, 13);
    const csv = readCsv(
      frontierCsv({
        law: hoffmann,
        lawSource: 'fitted law',
        budgets: few,
        scenario: compute,
        series: series.map((s) => ({
          name: s.name,
          law: s.law,
          bands: s.bands!.slice(10, 13),
        })),
        date: new Date(Date.UTC(2025, 0, 1)),
      }),
    );
    expect(csv.header[0]).toBe('series');
    expect(csv.header).toContain('N p2.5');
    expect(csv.rows.map((r) => r[0])).toEqual([
      ...few.map(() => 'fitted law'),
      ...few.map(() => 'baseline'),
      ...few.map(() => 'recipe B'),
    ]);
    const nCol = csv.header.indexOf('N_opt (parameters)');
    const row = csv.rows[few.length * 2 + 1]!;
    expect(Number(row[nCol]) / computeOptimal(other, few[1]!).N).toBeCloseTo(1, 6);
    // The law's own rows have no bands here: empty band cells.
    expect(csv.rows[0]![csv.header.indexOf('N p2.5')]).toBe('');
    expect(csv.meta.series).toBe("rows per fitted series: 'baseline' 'recipe B'");
  });

  it('leave the CSV as it was without series', () => {
    const plain = frontierCsv({ law: hoffmann, budgets: budgets.slice(0, 2), scenario: compute });
    expect(readCsv(plain).header[0]).toBe('C (FLOPs)');
  });

  it("list each series' optimum at the hovered budget", () => {
    const rows = frontierHoverRows({
      C: 1e23,
      law: hoffmann,
      lawLabel: 'fitted law',
      scenarioAt: compute,
      series,
      overlays: [],
      budgets,
      bands: undefined,
      anchor: undefined,
      showRatio: false,
    });
    expect(rows.map((r) => r.label)).toEqual(['fitted law', 'baseline', 'recipe B']);
    expect(rows[2]!.colour).toBe(seriesColour(1));
    expect(rows[2]!.N / computeOptimal(other, 1e23).N).toBeCloseTo(1, 9);
  });
});

describe('fittedSeriesList and seriesOverlays', () => {
  const fitOf = (law: ScalingLaw, count: number): FitResult =>
    ({
      best: { law },
      bootstrap: {
        replicas: packReplicas(
          Array.from({ length: count }, (_, k) =>
            thetaFromLaw({ ...law, A: law.A * (1 + k / 1e4) }),
          ),
        ),
      },
    }) as unknown as FitResult;
  const a = fitOf(hoffmann, 3);
  const b = fitOf(other, 1500);
  const fits: SeriesFit<FitResult>[] = [
    { series: 'base', runs: 10, result: a },
    { series: 'broken', runs: 2, problem: 'too few runs' },
    { series: 'wide', runs: 10, result: b },
  ];

  it('number the fitted series in order, cap their replicas, and need two of them', () => {
    const list = fittedSeriesList(fits);
    expect(list.map((s) => [s.name, s.index, s.colour])).toEqual([
      ['base', 0, seriesColour(0)],
      ['wide', 1, seriesColour(1)],
    ]);
    expect(list.map((s) => s.replicas.length)).toEqual([3, SERIES_BAND_REPLICAS]);
    expect(fittedSeriesList(fits)).toBe(list);
    expect(fittedSeriesList([fits[0]!, fits[1]!])).toEqual([]);
    expect(fittedSeriesList(undefined)).toEqual([]);
  });

  it("reuse the shown fit's bands for its series and the job's for the others", () => {
    const list = fittedSeriesList(fits);
    const grid = (tag: number) => [
      { solved: tag, N: null, D: null, tokensPerParam: null, loss: null },
    ];
    const overlays = seriesOverlays(list, {
      fit: a,
      fitBands: { grid: grid(1), readout: grid(2), replicas: 3 },
      inJob: [list[1]!],
      jobBands: [{ grid: grid(3), readout: grid(4), replicas: 25 }],
      curve: (law) => solveFrontierCurve(law, budgets, compute),
    });
    expect(overlays.map((o) => o.bands?.[0]?.solved)).toEqual([1, 3]);
    expect(overlays.map((o) => o.readout?.[0]?.solved)).toEqual([2, 4]);
    expect(overlays[1]!.law).toBe(other);
    const before = seriesOverlays(list, {
      fit: a,
      fitBands: undefined,
      inJob: [list[1]!],
      jobBands: undefined,
      curve: (law) => solveFrontierCurve(law, budgets, compute),
    });
    expect(before.every((o) => o.bands === undefined)).toBe(true);
  });
});
