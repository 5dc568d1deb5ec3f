import { describe, expect, test } from 'vitest';
import { DEFAULT_GRID } from '../../src/law/grid';
import { findPreset } from '../../src/law/presets';
import { evaluateSurface } from '../../src/law/surface';
import { coarseGrid, contourLines, lossLevels } from '../../src/ui/charts/contours';
import { colourScaleFor } from '../../src/ui/charts/legend';
import { surfaceOverlay } from '../../src/ui/charts/overlay';

const law = findPreset('hoffmann2022')!.law;
const scale = colourScaleFor(law, DEFAULT_GRID, 'log-reducible');
const coarse = coarseGrid(DEFAULT_GRID, 64);
const contours = contourLines(evaluateSurface(law, coarse), coarse, lossLevels(scale));

describe('surfaceOverlay', () => {
  const o = surfaceOverlay({ law, grid: DEFAULT_GRID, scale, width: 800, height: 700, contours });

  test('ticks, isoFLOP lines, contours and the frontier are all there', () => {
    expect(o.xTicks.filter((t) => t.major).map((t) => t.label)).toEqual([
      '10M',
      '100M',
      '1B',
      '10B',
      '100B',
      '1T',
      '10T',
    ]);
    expect(o.yTicks.filter((t) => t.major)[0]!.label).toBe('100M');
    expect(o.isoFlops).toHaveLength(12);
    expect(o.contours.length).toBe(contours.length);
    expect(o.frontier).toHaveLength(1);
    expect(o.frontierMarkers).toHaveLength(11);
    expect(o.frontierLabel?.text).toBe('compute-optimal');
  });

  test('labels sit inside the plot, apart from each other, and name their lines', () => {
    const labels = [...o.isoFlopLabels, ...o.contourLabels];
    expect(o.isoFlopLabels.length).toBeGreaterThanOrEqual(8);
    expect(o.contourLabels.length).toBeGreaterThanOrEqual(4);
    for (const l of labels) {
      expect(l.x).toBeGreaterThanOrEqual(0);
      expect(l.x).toBeLessThanOrEqual(800);
      expect(l.y).toBeGreaterThanOrEqual(0);
      expect(l.y).toBeLessThanOrEqual(700);
    }
    for (let i = 0; i < labels.length; i++) {
      for (let j = i + 1; j < labels.length; j++) {
        expect(
          Math.hypot(labels[i]!.x - labels[j]!.x, labels[i]!.y - labels[j]!.y),
        ).toBeGreaterThan(30);
      }
    }
    expect(o.isoFlopLabels.map((l) => l.text)).toContain('1e21 FLOPs');
  });

  test('path data is finite and rounded', () => {
    for (const p of [...o.isoFlops, ...o.contours, ...o.frontier]) {
      expect(p.d).toMatch(
        /^M-?\d+(\.\d{1,2})?,-?\d+(\.\d{1,2})?(L-?\d+(\.\d{1,2})?,-?\d+(\.\d{1,2})?)+$/,
      );
    }
  });

  test('without contours (not arrived yet) the rest still draws', () => {
    const bare = surfaceOverlay({ law, grid: DEFAULT_GRID, scale, width: 400, height: 300 });
    expect(bare.contours).toEqual([]);
    expect(bare.isoFlops.length).toBe(12);
  });
});
