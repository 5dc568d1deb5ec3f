/**
 * The Sweep view's figure, as templates for the view's shadow root: the heatmap canvas under an
 * SVG overlay (axes with titles and units, contours with their values, the read cell), the
 * colour legend, and the hover readout in one live region beside them. The view owns the state and the job; these templates only draw what
 * it passes in and call back on pointer and keyboard moves.
 */

import { html, nothing, svg, type TemplateResult } from 'lit';
import type { ColourScale } from '../colour/colour-map';
import { colourMapCitation } from '../colour/colour-maps';
import type { ScalingLaw } from '../law/law';
import type { Scenario } from '../law/scenario';
import type { SweepAxis } from '../law/sweep';
import type { SweepContext } from '../law/sweep-output';
import { type PlacedLabel, placeLabels } from './charts/labels';
import { mapGradientStops } from './charts/legend';
import { sweepLegendTicks } from './charts/sweep-image';
import {
  OUTPUT_INFO,
  outputLabel,
  outputShort,
  type SweepOutput,
  sweepReadout,
} from './charts/sweep-output';
import { axisScale, type SweepViewField } from './charts/sweep-setup';
import { centreCell, type GridCell } from './keyboard-nav';

/** Room around the plot area for the axes, in CSS pixels. */
export const SWEEP_MARGIN = { top: 10, right: 12, bottom: 44, left: 72 };

/** Axis titles with their units. */
export const AXIS_TITLES: Readonly<Record<SweepViewField, string>> = {
  C: 'Budget C (FLOPs)',
  U: 'Unique tokens U',
  Dinf: 'Inference tokens D_inf',
  targetLoss: 'Target loss (nats/token)',
  mfu: 'MFU (share of peak FLOP/s)',
};

/** The coarse preview of a sweep, or its full grid. */
export type SweepPass = 'coarse' | 'full';

/** What a finished run holds: the raw engine result and the inputs it belongs to. */
export interface SweepResult {
  readonly key: string;
  /** Which pass it is; `x` and `y` are that pass's axes. */
  readonly pass: SweepPass;
  /** The engine that solved it, as its badge names it. */
  readonly engine: string;
  readonly raw: Float32Array;
  readonly law: ScalingLaw;
  readonly replicas: readonly ScalingLaw[];
  readonly base: Scenario;
  readonly x: SweepAxis;
  readonly y: SweepAxis;
  readonly seconds: number;
}

/** The picture of one output of a result. */
export interface SweepPicture {
  readonly key: string;
  readonly values: Float32Array;
  readonly spread: Float32Array | undefined;
  /** What is coloured: the values, or their spread. */
  readonly shown: Float32Array;
  readonly scale: ColourScale | undefined;
  readonly image: Uint8ClampedArray<ArrayBuffer> | undefined;
  readonly contours: { value: number; lines: (readonly [number, number])[][] }[];
  /** Cells without an optimum. */
  readonly failed: number;
  /** Solved cells whose loss the reference cannot reach (multiplier output only). */
  readonly unreachable: number;
}

/** What the figure draws, and where it reports the read cell. */
export interface SweepPlotInput {
  /** The plot area (the chart less its margins), 0 before the first layout. */
  readonly width: number;
  readonly height: number;
  readonly result: SweepResult | undefined;
  /** The result is of older inputs, shown (dimmed) until the new inputs' first pass arrives. */
  readonly stale: boolean;
  readonly picture: SweepPicture | undefined;
  readonly output: SweepOutput;
  readonly cost: SweepContext['cost'];
  /** The multiplier's reference series, where the output has one. */
  readonly reference: { readonly name: string; readonly law: ScalingLaw } | undefined;
  readonly running: boolean;
  /** The cell read out (hovered or moved to with the keyboard). */
  readonly hover: GridCell | undefined;
  /** Cells of the axes as they stand, for the aspect ratio before the first result. */
  readonly cells: { readonly x: number; readonly y: number };
  setHover(cell: GridCell | undefined): void;
  onKey(e: KeyboardEvent): void;
}

/**
 * Width over height of the chart box: the plot area follows the cells of the axes (square
 * cells), kept between 1 and 2.4 so that a very tall or very flat grid still reads, plus the
 * margins at a typical width.
 */
export function chartAspect(cellsX: number, cellsY: number): number {
  const cells = cellsX > 0 && cellsY > 0 ? cellsX / cellsY : 1;
  return Math.min(2.4, Math.max(1, cells));
}

/** Heatmap and legend (the exported figure), with the readout beside them. */
export function sweepPlot(p: SweepPlotInput): TemplateResult {
  return html`<div class="plot-area">
      <div class="figure">${chart(p)} ${legend(p)}</div>
      ${readout(p)}
    </div>`;
}

function chart(p: SweepPlotInput): TemplateResult {
  const { width: w, height: h, result: r, picture: pic } = p;
  const M = SWEEP_MARGIN;
  const ready = w > 0 && h > 0 && r;
  const xs = ready ? axisScale(r.x, w) : undefined;
  const ys = ready ? axisScale(r.y, h, true) : undefined;
  const path = (line: readonly (readonly [number, number])[]) =>
    line
      .map(
        (q, i) => `${i ? 'L' : 'M'}${xs!.pixelOf(q[0]).toFixed(1)},${ys!.pixelOf(q[1]).toFixed(1)}`,
      )
      .join('');
  const hv = p.hover;
  const cells = r ? { x: r.x.count, y: r.y.count } : p.cells;
  const labels =
    xs && ys && pic
      ? contourLabels(pic, p.output, w, h, (q) => [xs.pixelOf(q[0]), ys.pixelOf(q[1])])
      : [];
  return html`<div class="chart ${p.stale ? 'stale' : ''}" style="--aspect:${chartAspect(cells.x, cells.y).toFixed(3)}">
      <div class="layer" style="left:${M.left}px;top:${M.top}px;width:${w}px;height:${h}px">
        ${r && pic?.image ? html`<canvas data-testid="sweep-canvas" data-pass=${r.pass} data-cells=${`${r.x.count}x${r.y.count}`} data-stale=${p.stale ? 'true' : 'false'}></canvas>` : nothing}
        ${xs && ys && r ? nothing : html`<div class="placeholder">${p.running ? 'Solving…' : 'Press Run to solve the optimum in every cell.'}</div>`}
      </div>
      <svg class="overlay" width=${w + M.left + M.right} height=${h + M.top + M.bottom}>
        <g transform="translate(${M.left}, ${M.top})">
          ${
            xs && ys && r
              ? svg`
            <g class="contours">${pic?.contours.flatMap((c) => c.lines.map((l) => svg`<path class="contour" d=${path(l)}></path>`))}</g>
            <g class="contour-labels" data-testid="sweep-contour-labels">${labels.map((l) => svg`<text class="contour-label" transform="translate(${l.x.toFixed(1)}, ${l.y.toFixed(1)}) rotate(${l.angle.toFixed(1)})" dy="0.32em" text-anchor="middle">${l.text}</text>`)}</g>
            <g class="axis x" transform="translate(0, ${h})">
              ${xs.ticks().map((t) => svg`<line x1=${t.at} x2=${t.at} y2=${t.major ? 6 : 3}></line>${t.label ? svg`<text x=${t.at} y="18" text-anchor="middle">${t.label}</text>` : nothing}`)}
              <text class="title" x=${w / 2} y="36" text-anchor="middle">${AXIS_TITLES[r.x.field as SweepViewField]}</text>
            </g>
            <g class="axis y">
              ${ys.ticks().map((t) => svg`<line x1=${t.major ? -6 : -3} x2="0" y1=${t.at} y2=${t.at}></line>${t.label ? svg`<text x="-9" y=${t.at} dy="0.32em" text-anchor="end">${t.label}</text>` : nothing}`)}
              <text class="title" transform="translate(-60, ${h / 2}) rotate(-90)" text-anchor="middle">${AXIS_TITLES[r.y.field as SweepViewField]}</text>
            </g>
            ${hv ? svg`<rect class="cell" x=${xs.pixelOf(hv.col - 0.5)} y=${ys.pixelOf(hv.row + 0.5)} width=${Math.max(2, w / r.x.count)} height=${Math.max(2, h / r.y.count)}></rect>` : nothing}
            <rect class="frame" width=${w} height=${h}></rect>
            <rect class="hit" data-testid="sweep-hit" width=${w} height=${h}
              tabindex="0" role="img" aria-label=${plotLabel(r, p.output, p.reference?.name)}
              @focus=${() => {
                if (!p.hover) p.setHover(centreCell(r.x.count, r.y.count));
              }}
              @blur=${() => p.setHover(undefined)}
              @keydown=${(e: KeyboardEvent) => p.onKey(e)}
              @pointermove=${(e: PointerEvent) => {
                const b = (e.currentTarget as SVGRectElement).getBoundingClientRect();
                const col = xs.cellAt(e.clientX - b.left);
                const row = ys.cellAt(e.clientY - b.top);
                p.setHover(col >= 0 && row >= 0 ? { col, row } : undefined);
              }}
              @pointerleave=${() => p.setHover(undefined)}></rect>`
              : svg`<rect class="frame" width=${w} height=${h}></rect>`
          }
        </g>
      </svg>
    </div>`;
}

/** How the coloured values read, on the legend and on the contours. */
function valueFormat(pic: SweepPicture, output: SweepOutput): (v: number) => string {
  const info = OUTPUT_INFO[output];
  if (pic.spread !== undefined)
    return (v) => (info.log ? `×${Number(v.toPrecision(3))}` : info.format(v));
  return output === 'savings' ? (v) => `×${Number(v.toPrecision(3))}` : info.format;
}

/** Placed contour labels of a picture at one plot size, kept while neither changes. */
const labelCache = new WeakMap<SweepPicture, { key: string; labels: PlacedLabel[] }>();

/**
 * A label with its value on each contour level that has room for one, placed along the line
 * (src/ui/charts/labels.ts) clear of the other labels and the plot's edges.
 */
function contourLabels(
  pic: SweepPicture,
  output: SweepOutput,
  w: number,
  h: number,
  toPixel: (q: readonly [number, number]) => [number, number],
): PlacedLabel[] {
  const key = `${w}x${h}:${output}`;
  const cached = labelCache.get(pic);
  if (cached?.key === key) return cached.labels;
  const fmt = valueFormat(pic, output);
  const requests = pic.contours.flatMap((c, i) =>
    c.lines.map((line, j) => ({
      key: `${i}:${j}`,
      text: fmt(c.value),
      line: line.map(toPixel),
      fractions: [0.5, 0.35, 0.65, 0.2, 0.8],
    })),
  );
  const labels = placeLabels(requests, [], {
    spacing: 56,
    clearance: 0,
    minLength: 70,
    bounds: { width: w, height: h, margin: 16 },
  });
  labelCache.set(pic, { key, labels });
  return labels;
}

/** What the focusable plot is and how to read it from the keyboard. */
function plotLabel(r: SweepResult, output: SweepOutput, referenceName?: string): string {
  return `Sweep heatmap of ${outputLabel(output, referenceName)}, ${r.x.count} by ${r.y.count} cells. Arrow keys move between cells (Shift for a tenth of the axis, Home and End to the ends of the row); the readout gives the cell's optimum.`;
}

function legend(p: SweepPlotInput): TemplateResult {
  const pic = p.picture;
  const s = pic?.scale;
  const h = Math.max(10, p.height - 30);
  const top = SWEEP_MARGIN.top + 30;
  if (!s || !pic) return html`<div class="legend empty"></div>`;
  const spread = pic.spread !== undefined;
  // Inner ticks keep a label's height (about 16 px) from the end labels, however short the ramp.
  const ticks = sweepLegendTicks(s, valueFormat(pic, p.output), 6, Math.max(0.07, 16 / h));
  const stops = mapGradientStops(s.map);
  return html`<svg class="legend" width="92" height=${top + h + 22} data-testid="sweep-legend" data-map=${s.map} role="img" aria-label=${`Colour legend, ${colourMapCitation(s.map)}`}>
      <defs><linearGradient id="sweep-ramp" x1="0" y1="1" x2="0" y2="0">
        ${stops.map((st) => svg`<stop offset=${st.offset} stop-color=${st.colour}></stop>`)}
      </linearGradient></defs>
      <text class="title" x="0" y=${top - 20}>${spread ? '5–95% spread' : outputShort(p.output, p.reference?.name)}</text>
      <text x="0" y=${top - 7}>${s.mode === 'linear' ? 'linear' : p.output === 'loss' && !spread ? 'log(L − E)' : 'log'}</text>
      <rect x="0" y=${top} width="12" height=${h} fill="url(#sweep-ramp)"></rect>
      <text x="0" y=${top + h + 16}>${s.map}</text>
      ${ticks.map((t) => {
        const y = top + (1 - t.t) * h;
        return svg`<line x1="12" x2="16" y1=${y} y2=${y} stroke="#7b8394"></line><text x="19" y=${y} dy="0.32em">${t.label}</text>`;
      })}
    </svg>`;
}

/** The readout, in one live region that stays in place so that its changes are announced. */
function readout(p: SweepPlotInput): TemplateResult {
  return html`<div class="readout" data-testid="sweep-readout" aria-live="polite" aria-atomic="true">${readoutContent(p)}</div>`;
}

function readoutContent(p: SweepPlotInput): TemplateResult {
  const { result: r, picture: pic, hover: hv } = p;
  if (!r || !pic || !hv)
    return html`<span class="k">${r ? 'Hover a cell, or focus the plot and use the arrow keys, to read its optimum.' : 'No result yet.'}</span>`;
  const ctx: SweepContext = {
    base: r.base,
    x: r.x,
    y: r.y,
    cost: p.cost,
    ...(p.reference && { reference: [p.reference.law] }),
  };
  const c = hv.row * r.x.count + hv.col;
  const { lines, reason } = sweepReadout(
    r.law,
    ctx,
    hv.col,
    hv.row,
    p.output,
    pic.values[c]!,
    pic.spread?.[c],
  );
  return html`${lines.map((l) => html`<span><span class="k">${l.label}</span> <span class="v">${l.value}</span></span>`)}
      ${reason ? html`<span class="error" data-testid="sweep-reason">No optimum: ${reason}</span>` : nothing}`;
}
