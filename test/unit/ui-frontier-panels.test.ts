import { describe, expect, test } from 'vitest';
import { quantityOf } from '../../src/law/frontier-curves';
import {
  logBandPath,
  logLinePath,
  panelGeometry,
  parseBudgetList,
} from '../../src/ui/charts/frontier-panels';

describe('frontier panel geometry', () => {
  const g = panelGeometry(18, 28, [1e8, 1e12], 100, 50);
  test('maps log10 C to x and log10 values to y (upward)', () => {
    expect(g.x(18)).toBe(0);
    expect(g.x(28)).toBe(100);
    expect(g.y(8)).toBeGreaterThan(g.y(12));
    expect(g.y(10)).toBeCloseTo(25, 9);
    expect(g.xTicks.some((t) => t.label === '1e20')).toBe(true);
    expect(g.yTicks.filter((t) => t.major).length).toBeGreaterThan(1);
  });
  test('a range under a decade gets round linear labels at log positions', () => {
    const l = panelGeometry(18, 28, [1.8, 3.5], 100, 50);
    const labels = l.yTicks.map((t) => t.label);
    expect(labels).toContain('2');
    expect(labels).toContain('3');
    const two = l.yTicks.find((t) => t.label === '2')!;
    expect(two.at).toBeCloseTo(l.y(Math.log10(2)), 9);
  });
  test('line paths break at gaps and skip non-positive values', () => {
    const p = logLinePath([1e18, 1e23, 1e28, 1e28], [1e8, Number.NaN, 1e12, 0], g);
    expect(p).toBe(`M0.0,${g.y(8).toFixed(1)}M100.0,${g.y(12).toFixed(1)}`);
  });
  test('band paths close one polygon per usable run', () => {
    const Cs = [1e18, 1e23, 1e28];
    const p = logBandPath(Cs, [1e8, 1e9, 1e10], [1e9, 1e10, 1e11], g);
    expect(p.match(/Z/g)).toHaveLength(1);
    expect(p.startsWith(`M0.0,${g.y(9).toFixed(1)}`)).toBe(true);
    expect(logBandPath(Cs, [1e8, Number.NaN, 1e10], [1e9, 1e10, 1e11], g)).toBe('');
  });
  test('quantities and budget lists', () => {
    expect(quantityOf('tokensPerParam', 10, 200, 2)).toBe(20);
    expect(quantityOf('loss', 10, 200, 2)).toBe(2);
    expect(parseBudgetList('1e21, 1e23 1e25')).toEqual([1e21, 1e23, 1e25]);
    expect(parseBudgetList('1e21, -1')).toBeNull();
    expect(parseBudgetList('')).toBeNull();
  });
});
