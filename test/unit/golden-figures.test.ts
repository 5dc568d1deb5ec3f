/**
 * Golden figures: the geometry of the Surface overlay, the four Frontier panels and the Fit
 * charts, drawn as SVG from the pure chart functions with fixed inputs (the Hoffmann et al.
 * 2022 preset, the built-in sweep with seed 1, a fixed fake bootstrap), and one standalone
 * figure through the export's SVG document writer, each compared with its snapshot in
 * test/golden (see test/golden/README.md). The Lit templates themselves are not rendered
 * here (they need a browser); these snapshots pin the paths, ticks and labels they draw.
 */
import { describe, expect, test } from 'vitest';
import { builtinDataset } from '../../src/data/builtin';
import { SeededRandom } from '../../src/data/random';
import { escapeXml, svgDocument, svgImage, svgTextLine } from '../../src/export/svg-text';
import type { ForecastRow } from '../../src/fit/forecast';
import { packReplicas } from '../../src/fit/replica-table';
import type { ParamSummary } from '../../src/fit/types';
import { computeOptimal } from '../../src/law/frontier';
import { DEFAULT_GRID } from '../../src/law/grid';
import { type LawTheta, lawFromTheta, thetaFromLaw } from '../../src/law/law';
import { findPreset } from '../../src/law/presets';
import { evaluateSurface } from '../../src/law/surface';
import { cloudChart, cloudPoints } from '../../src/ui/charts/bootstrap-cloud';
import { coarseGrid, contourLines, lossLevels } from '../../src/ui/charts/contours';
import { forecastBars } from '../../src/ui/charts/forecast-bars';
import {
  FRONTIER_QUANTITIES,
  logBandPath,
  logLinePath,
  panelGeometry,
  QUANTITY_LABELS,
} from '../../src/ui/charts/frontier-panels';
import { colourScaleFor } from '../../src/ui/charts/legend';
import { surfaceOverlay } from '../../src/ui/charts/overlay';
import { residualChart, residuals } from '../../src/ui/charts/residuals';
import type { AxisTick } from '../../src/ui/charts/scatter';
import {
  assertSvgSnapshot,
  checkSvgSnapshot,
  DATA_URL_PLACEHOLDER,
  normaliseSvg,
} from '../support/svg-snapshot';

const law = findPreset('hoffmann2022')!.law;
const other = findPreset('besiroglu2024')!.law;

const FONT = 'font-family="sans-serif" font-size="10" fill="#4a5263"';

/** A standalone SVG of `w` x `h` with a white background around `body`. */
function doc(w: number, h: number, title: string, body: string[]): string {
  return svgDocument({ width: w, height: h, background: '#ffffff', title, body });
}

/** Axes of a plot area `w` x `h`: ticks with labels, titles and a frame. */
function axes(
  xTicks: AxisTick[],
  yTicks: AxisTick[],
  w: number,
  h: number,
  xt: string,
  yt: string,
) {
  const out: string[] = [];
  for (const t of xTicks) {
    out.push(
      `<line x1="${t.at}" x2="${t.at}" y1="${h}" y2="${h + (t.major ? 5 : 2.5)}" stroke="#7b8394"/>`,
    );
    if (t.label && t.at >= 0 && t.at <= w)
      out.push(
        `<text x="${t.at}" y="${h + 16}" text-anchor="middle" ${FONT}>${escapeXml(t.label)}</text>`,
      );
  }
  for (const t of yTicks) {
    out.push(`<line x1="-5" x2="0" y1="${t.at}" y2="${t.at}" stroke="#7b8394"/>`);
    if (t.label)
      out.push(
        `<text x="-8" y="${t.at}" dy="0.32em" text-anchor="end" ${FONT}>${escapeXml(t.label)}</text>`,
      );
  }
  out.push(`<text x="${w / 2}" y="${h + 30}" text-anchor="middle" ${FONT}>${escapeXml(xt)}</text>`);
  out.push(
    `<text transform="translate(-38, ${h / 2}) rotate(-90)" text-anchor="middle" ${FONT}>${escapeXml(yt)}</text>`,
  );
  out.push(`<rect width="${w}" height="${h}" fill="none" stroke="#4a5263"/>`);
  return out;
}

/** The Surface view's overlay (isoFLOP lines, contours, frontier, labels, axes). */
function surfaceFigureBody(w: number, h: number): string[] {
  const scale = colourScaleFor(law, DEFAULT_GRID, 'log-reducible');
  const coarse = coarseGrid(DEFAULT_GRID, 64);
  const contours = contourLines(evaluateSurface(law, coarse), coarse, lossLevels(scale));
  const o = surfaceOverlay({ law, grid: DEFAULT_GRID, scale, width: w, height: h, contours });
  const label = (l: { x: number; y: number; angle: number; text: string }, fill: string) =>
    `<text transform="translate(${l.x}, ${l.y}) rotate(${l.angle})" dy="0.32em" text-anchor="middle" ${FONT.replace('#4a5263', fill)}>${escapeXml(l.text)}</text>`;
  const xTicks = o.xTicks.map((t) => ({ at: t.at, label: t.major ? t.label : '', major: t.major }));
  const yTicks = o.yTicks.map((t) => ({ at: t.at, label: t.major ? t.label : '', major: t.major }));
  return [
    ...o.isoFlops.map(
      (p) => `<path d="${p.d}" fill="none" stroke="#8a93a6" stroke-dasharray="4 3"/>`,
    ),
    ...o.contours.map(
      (p) => `<path d="${p.d}" fill="none" stroke="#1d2330" stroke-opacity="0.55"/>`,
    ),
    ...o.frontier.map((p) => `<path d="${p.d}" fill="none" stroke="#d6402b" stroke-width="2.2"/>`),
    ...o.frontierMarkers.map((m) => `<circle cx="${m.x}" cy="${m.y}" r="2.6" fill="#d6402b"/>`),
    ...o.isoFlopLabels.map((l) => label(l, '#5b6478')),
    ...o.contourLabels.map((l) => label(l, '#1d2330')),
    ...(o.frontierLabel ? [label(o.frontierLabel, '#d6402b')] : []),
    ...axes(xTicks, yTicks, w, h, 'parameters N', 'tokens D'),
  ];
}

const BUDGETS = Array.from({ length: 41 }, (_, i) => 10 ** (18 + i / 4));

/** One Frontier panel: the law's curve, the other preset, and a fixed band between them. */
function frontierPanel(q: (typeof FRONTIER_QUANTITIES)[number], w: number, h: number): string[] {
  const value = (l: typeof law, C: number) => computeOptimal(l, C)[q];
  const main = BUDGETS.map((C) => value(law, C));
  const alt = BUDGETS.map((C) => value(other, C));
  const lo = main.map((v, i) => Math.min(v, alt[i]!) * 0.97);
  const hi = main.map((v, i) => Math.max(v, alt[i]!) * 1.03);
  const g = panelGeometry(18, 28, [...lo, ...hi], w, h);
  return [
    `<text x="0" y="-6" ${FONT}>${escapeXml(QUANTITY_LABELS[q])}</text>`,
    `<path d="${logBandPath(BUDGETS, lo, hi, g)}" fill="#2f5fd0" fill-opacity="0.1"/>`,
    `<path d="${logLinePath(BUDGETS, alt, g)}" fill="none" stroke="#c77c12" stroke-width="1.4"/>`,
    `<path d="${logLinePath(BUDGETS, main, g)}" fill="none" stroke="#2f5fd0" stroke-width="2"/>`,
    ...axes(g.xTicks, g.yTicks, w, h, 'compute C (FLOPs)', ''),
  ];
}

/** A fixed fake bootstrap: 400 replicas scattered around the preset's theta (seed 7). */
function fakeReplicas(): Float64Array {
  const t = thetaFromLaw(law);
  const rng = new SeededRandom(7);
  const thetas: (LawTheta | null)[] = [];
  for (let k = 0; k < 400; k++) {
    if (k % 50 === 49) {
      thetas.push(null);
      continue;
    }
    const z = rng.normal();
    thetas.push({
      a: t.a + 0.3 * z,
      b: t.b + 0.3 * rng.normal(),
      e: t.e + 0.01 * rng.normal(),
      alpha: t.alpha + 0.02 * z + 0.01 * rng.normal(),
      beta: t.beta + 0.015 * rng.normal() + 0.01 * z,
    });
  }
  return packReplicas(thetas);
}

function summary(values: number[]): ParamSummary {
  const s = [...values].sort((a, b) => a - b);
  const at = (p: number) => s[Math.round(p * (s.length - 1))]!;
  return { median: at(0.5), se: 0, ci95: [at(0.025), at(0.975)] };
}

const PLOT_W = 372;
const PLOT_H = 188;
const frame = (body: string[], left = 48, top = 8) =>
  `<g transform="translate(${left}, ${top})">\n${body.join('\n')}\n</g>`;

describe('golden figures', () => {
  test('the Surface overlay', () => {
    const body = surfaceFigureBody(640, 520);
    assertSvgSnapshot(
      'surface-overlay',
      doc(720, 580, 'Loss surface overlay, Hoffmann et al. 2022', [frame(body, 62, 10)]),
    );
  });

  test('the four Frontier panels', () => {
    const w = 300;
    const h = 170;
    const panels = FRONTIER_QUANTITIES.map((q, i) =>
      frame(frontierPanel(q, w, h), 60 + (i % 2) * (w + 80), 24 + Math.floor(i / 2) * (h + 70)),
    );
    assertSvgSnapshot('frontier-panels', doc(2 * w + 160, 2 * h + 150, 'Frontier panels', panels));
  });

  test('the residuals chart', () => {
    const data = builtinDataset(1);
    const points = residuals(thetaFromLaw(other), data.runs, new Set([0, 5, 11]));
    const c = residualChart(points, PLOT_W, PLOT_H);
    const body = [
      ...axes(c.xTicks, c.yTicks, PLOT_W, PLOT_H, 'Compute C (FLOPs)', 'residual'),
      `<line x1="0" x2="${PLOT_W}" y1="${c.zeroY}" y2="${c.zeroY}" stroke="#7b8394" stroke-dasharray="3 3"/>`,
      ...c.dots.map((d) =>
        d.hollow
          ? `<circle cx="${d.x}" cy="${d.y}" r="3" fill="#fff" stroke="${d.colour}" stroke-width="1.3"/>`
          : `<circle cx="${d.x}" cy="${d.y}" r="3" fill="${d.colour}" fill-opacity="0.85"/>`,
      ),
      `<text x="${PLOT_W - 120}" y="${PLOT_H + 42}" ${FONT}>N ${escapeXml(c.legend.lo)} to ${escapeXml(c.legend.hi)}</text>`,
    ];
    expect(c.dots.length).toBe(data.runs.length);
    assertSvgSnapshot(
      'fit-residuals',
      doc(430, 252, 'Residuals of Besiroglu et al. 2024 on the built-in sweep', [frame(body)]),
    );
  });

  test('the alpha-beta bootstrap cloud', () => {
    const replicas = fakeReplicas();
    const pts = cloudPoints(replicas);
    const c = cloudChart(
      pts,
      law,
      { alpha: summary(pts.map((p) => p[0])), beta: summary(pts.map((p) => p[1])) },
      PLOT_W,
      PLOT_H,
    );
    const cross = `M${c.best.x - 6},${c.best.y}h12M${c.best.x},${c.best.y - 6}v12`;
    const body = [
      ...axes(c.xTicks, c.yTicks, PLOT_W, PLOT_H, 'α (model-size exponent)', 'β (data exponent)'),
      `<path d="${c.dots}" stroke="#2f5fd0" stroke-opacity="0.5" stroke-width="3" stroke-linecap="round" fill="none"/>`,
      `<rect x="${c.ci.x0}" y="${c.ci.y0}" width="${c.ci.x1 - c.ci.x0}" height="${c.ci.y1 - c.ci.y0}" fill="none" stroke="#4a5263" stroke-dasharray="4 3"/>`,
      `<path d="${cross}" stroke="#d6402b" stroke-width="2"/>`,
    ];
    expect(c.count).toBe(392);
    assertSvgSnapshot(
      'fit-cloud',
      doc(430, 252, 'α–β bootstrap cloud (fixed fake replicas)', [frame(body)]),
    );
  });

  test('the forecast check', () => {
    const runs = builtinDataset(1).runs.slice(-8);
    const rows: ForecastRow[] = runs.map((r, i) => {
      const predicted =
        lawFromTheta(thetaFromLaw(other)).E + (r.loss - other.E) * (1 + 0.01 * (i - 4));
      const spread = 0.004 + 0.002 * (i % 3);
      const lo = predicted * (1 - spread);
      const hi = predicted * (1 + spread);
      return {
        row: i,
        N: r.N,
        D: r.D,
        C: 6 * r.N * r.D,
        actual: r.loss,
        predicted,
        lo,
        hi,
        paramLo: lo,
        paramHi: hi,
        relError: (predicted - r.loss) / r.loss,
        inside: r.loss >= lo && r.loss <= hi,
      };
    });
    const bw = 260;
    const b = forecastBars(rows, bw);
    const body = [
      ...b.ticks.map(
        (t) => `<text x="${t.at}" y="10" text-anchor="middle" ${FONT}>${escapeXml(t.label)}</text>`,
      ),
      `<line x1="${b.zero}" x2="${b.zero}" y1="14" y2="${18 + 16 * rows.length}" stroke="#1d2330"/>`,
      ...b.bars.flatMap((bar, i) => [
        `<line x1="${bar.x0}" x2="${bar.x1}" y1="${24 + 16 * i}" y2="${24 + 16 * i}" stroke="${bar.inside ? '#7fa3e8' : '#e8a29a'}" stroke-width="4" stroke-linecap="round"/>`,
        `<circle cx="${bar.predicted}" cy="${24 + 16 * i}" r="3" fill="#1d2330"/>`,
      ]),
    ];
    assertSvgSnapshot(
      'fit-forecast',
      doc(300, 180, 'Forecast check (fixed fake intervals)', [frame(body, 20, 10)]),
    );
  });

  test('an exported figure: the standalone SVG document with a title line and an embedded heatmap', () => {
    const titleStyle = {
      fontFamily: 'sans-serif',
      fontSize: '13px',
      fontWeight: '600',
      fontStyle: 'normal',
      fill: '#1d2330',
    };
    const png =
      'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    const svg = svgDocument({
      width: 736,
      height: 620,
      background: '#ffffff',
      title: 'Loss surface L = 1.69 + 406.4/N^0.34 + 410.7/D^0.28',
      body: [
        svgTextLine(
          { x: 8, y: 8, width: 720, height: 16 },
          'Loss surface L = 1.69 + 406.4/N^0.34 + 410.7/D^0.28',
          titleStyle,
        ),
        '<g transform="translate(8, 32)">',
        svgImage({ x: 62, y: 10, width: 640, height: 520 }, png, true),
        `<svg x="0" y="0" width="720" height="580" viewBox="0 0 720 580" overflow="hidden"><title>Loss surface overlay</title>${frame(surfaceFigureBody(640, 520), 62, 10)}</svg>`,
        '</g>',
      ],
    });
    expect(normaliseSvg(svg)).toContain(DATA_URL_PLACEHOLDER);
    assertSvgSnapshot('export-surface', svg);
  });
});

describe('the snapshot check itself', () => {
  test('rounds decimals, keeps integers and exponents, sorts attributes, hides data URLs', () => {
    expect(
      normaliseSvg(
        '<path stroke="red" d="M1.23456,-0.001L10,2.5"/><text>1e21 FLOPs 0.346 2.5e-7</text>',
      ),
    ).toBe('<path d="M1.23,0L10,2.5" stroke="red"/><text>1e21 FLOPs 0.35 2.5e-7</text>\n');
    expect(normaliseSvg('<?xml version="1.0"?>\n<text dy="0.32em">2.50</text>')).toBe(
      '<?xml version="1.0"?>\n<text dy="0.32em">2.50</text>\n',
    );
    expect(normaliseSvg('<image href="data:image/png;base64,AAAA+/=="/>')).toBe(
      `<image href="${DATA_URL_PLACEHOLDER}"/>\n`,
    );
  });

  test('creates outside CI, refuses to create in CI, writes -changed.svg on a mismatch', async () => {
    const { mkdtempSync, existsSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'golden-'));
    expect(checkSvgSnapshot('a', '<svg/>', { dir, ci: true }).status).toBe('missing');
    expect(existsSync(join(dir, 'a.svg'))).toBe(false);
    expect(() => assertSvgSnapshot('a', '<svg/>', { dir, ci: true })).toThrow(/missing/);
    expect(checkSvgSnapshot('a', '<svg/>', { dir, ci: false }).status).toBe('created');
    expect(checkSvgSnapshot('a', '<svg/>', { dir, ci: true }).status).toBe('match');
    expect(() => assertSvgSnapshot('a', '<svg width="2"/>', { dir, ci: true })).toThrow(
      /a-changed\.svg/,
    );
    expect(readFileSync(join(dir, 'a-changed.svg'), 'utf8')).toBe('<svg width="2"/>\n');
    expect(checkSvgSnapshot('a', '<svg/>', { dir, ci: false }).status).toBe('match');
    expect(existsSync(join(dir, 'a-changed.svg'))).toBe(false);
  });
});
