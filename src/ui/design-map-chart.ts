/**
 * <design-map-chart>: the sweep designer's map. Every candidate run's expected reduction of the
 * target's variance per FLOP over (N, D) in log-log axes, with isoFLOP lines, the budget line,
 * the current runs, the planned runs of up to three plans and the best cell within the budget;
 * a colour legend, a legend of the marks, a hover readout and exports (SVG, PNG, CSV of the
 * cells). Geometry and raster come from src/ui/charts/design-map.ts; this only draws them.
 */
import { css, html, LitElement, nothing, type PropertyValues, svg } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { type ColourMapName, DEFAULT_COLOUR_MAP } from '../colour/colour-maps';
import { csvAction, figureActions } from '../export/actions';
import type { ExportAction } from '../export/types';
import type { CandidateGrid, DesignPlan } from '../fit/design';
import { DEFAULT_FLOPS_PER_PARAM_TOKEN } from '../law/law';
import {
  DESIGN_MAP_FRAME,
  type DesignCell,
  type DesignMap,
  type DesignMapData,
  designMapChart,
  designMapCsvParts,
  designMapData,
  designMapImage,
} from './charts/design-map';
import { formatScientific } from './charts/format';
import type { MapFrame } from './charts/identifiability-map';
import { imageUrl } from './charts/image-url';
import { fitStyles } from './fit-styles';
import './export-menu';

/** Height of the legend of the marks under the plot. */
const MARKS_LEGEND = 24;

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

@customElement('design-map-chart')
export class DesignMapChartElement extends LitElement {
  static override styles = [
    fitStyles,
    css`
      .note {
        margin: 4px 0 0;
        font-size: 11.5px;
        color: var(--ink-3);
      }
      .readout {
        margin: 4px 0 0;
        font-family: var(--mono);
        font-size: 12px;
        min-height: 1.4em;
      }
      .over {
        color: var(--bad);
      }
      svg.chart .iso {
        stroke: #3d4452;
        stroke-opacity: 0.55;
        stroke-width: 1;
        fill: none;
      }
      svg.chart .iso-label {
        fill: var(--ink-2);
        font-size: 9.5px;
        paint-order: stroke;
        stroke: #ffffff;
        stroke-width: 2.5px;
        stroke-linejoin: round;
      }
      svg.chart .budget {
        stroke: #c2352b;
        stroke-width: 1.6;
        stroke-dasharray: 5 3;
        fill: none;
      }
      svg.chart .budget-label {
        fill: #c2352b;
        font-weight: 600;
      }
      export-menu {
        margin-top: 4px;
      }
    `,
  ];

  /** The candidate region. */
  @property({ attribute: false }) grid: CandidateGrid | undefined;
  /** The variance reduction of every cell, row-major (as candidateReductions returns). */
  @property({ attribute: false }) reductions: Float64Array | undefined;
  /** Compute budget for new runs: cells costing more are drawn grey. */
  @property({ attribute: false }) budgetFlops = Number.POSITIVE_INFINITY;
  /** The current runs. */
  @property({ attribute: false }) runs: readonly { readonly N: number; readonly D: number }[] = [];
  /** Up to three plans ('designer', 'classic', 'random'). */
  @property({ attribute: false }) plans: readonly DesignPlan[] = [];
  @property({ attribute: false }) colourMap: ColourMapName = DEFAULT_COLOUR_MAP;
  /** The target, for the title, e.g. "N_opt at 1e24 FLOPs". */
  @property() targetLabel = '';
  @property({ attribute: false }) frame: MapFrame = DESIGN_MAP_FRAME;

  @state() private hover: DesignCell | undefined;

  private data: DesignMapData | undefined;
  private chart: DesignMap | undefined;
  private url = '';
  private error: string | undefined;

  override willUpdate(changed: PropertyValues<this>) {
    const dataChanged =
      changed.has('grid') || changed.has('reductions') || changed.has('budgetFlops');
    const chartChanged =
      dataChanged || changed.has('runs') || changed.has('plans') || changed.has('frame');
    if (!chartChanged && !changed.has('colourMap')) return;
    try {
      this.error = undefined;
      if (dataChanged) {
        this.data =
          this.grid && this.reductions
            ? designMapData(this.grid, this.reductions, this.budgetFlops)
            : undefined;
        this.hover = undefined;
      }
      const data = this.data;
      if (!data) {
        this.chart = undefined;
        this.url = '';
        return;
      }
      const chart = designMapChart(data, {
        runs: this.runs,
        plans: this.plans,
        frame: this.frame,
        colourMap: this.colourMap,
      });
      const sameImage =
        !dataChanged &&
        !changed.has('colourMap') &&
        this.chart?.image.cols === chart.image.cols &&
        this.chart.image.rows === chart.image.rows;
      this.chart = chart;
      if (!sameImage) {
        const img = designMapImage(data, chart, this.colourMap);
        this.url = imageUrl(img.rgba, img.cols);
      }
    } catch (e) {
      this.error = message(e);
      this.data = undefined;
      this.chart = undefined;
      this.url = '';
    }
  }

  private heading(): string {
    return `Variance reduction per FLOP${this.targetLabel ? ` of ${this.targetLabel}` : ''}`;
  }

  private onPointer(e: PointerEvent) {
    const chart = this.chart;
    const el = e.currentTarget as SVGSVGElement;
    if (!chart) return;
    const box = el.getBoundingClientRect();
    const x = ((e.clientX - box.left) * chart.frame.width) / (box.width || 1);
    const y = ((e.clientY - box.top) * chart.frame.width) / (box.width || 1);
    this.hover = chart.cellAt(x, y);
  }

  private exportActions(): ExportAction[] {
    const data = this.data;
    return [
      ...figureActions(
        'design-map',
        () => ({
          roots: [this.renderRoot.querySelector('.figure svg')!],
          title: data ? `${this.heading()}. ${this.note(data)}` : this.heading(),
        }),
        'the design map',
      ),
      csvAction(
        'design-map-cells',
        () => {
          if (!data) throw new Error('there is no map to export');
          return new Blob(designMapCsvParts(data), { type: 'text/csv;charset=utf-8' });
        },
        {
          description:
            'Download every candidate cell as CSV: N, D, FLOPs, variance reduction and reduction per FLOP',
        },
      ),
    ];
  }

  private readout() {
    const c = this.hover;
    const data = this.data;
    const f = (v: number) => formatScientific(v, 3);
    if (c)
      return html`N ${f(c.N)}, D ${f(c.D)}, C ${f(c.flops)} FLOPs, reduction per FLOP
        ${f(c.reductionPerFlop)} (reduction ${f(c.reduction)})${
          c.overBudget ? html`, <span class="over">over budget</span>` : ', within budget'
        }`;
    const best = this.chart?.best;
    if (best && data)
      return html`Best within budget (ring): N ${f(best.N)}, D ${f(best.D)}, C
        ${f(data.flops[best.row * data.grid.width + best.col]!)} FLOPs. Hover the map to read a cell.`;
    return 'No cell within the budget reduces the variance. Hover the map to read a cell.';
  }

  /** What the colours mean, as one string (the figure export draws it line by line). */
  private note(data: DesignMapData): string {
    const range =
      data.range.from === 'in-budget'
        ? 'the 1st to 99th percentile of the cells within the budget'
        : data.range.from === 'all'
          ? 'the 1st to 99th percentile of all cells (none is within the budget)'
          : 'an arbitrary decade (no cell reduces the variance)';
    return `Colour: log10 of the expected reduction of the target's variance per FLOP of each candidate run; the ramp spans ${range}, values beyond it take the end colours. Cells with no reduction take the lowest colour; cells without a value, and (N, D) outside the candidate region, are transparent; cells over the budget are grey. Thin lines: isoFLOP curves C = kND (k = ${data.grid.flopsPerParamToken ?? DEFAULT_FLOPS_PER_PARAM_TOKEN}).`;
  }

  private summary(c: DesignMap, data: DesignMapData): string {
    const g = data.grid;
    const picks = c.picks.length;
    const best = c.best
      ? `; best within budget at N ${formatScientific(c.best.N)}, D ${formatScientific(c.best.D)}`
      : '; no cell within the budget reduces the variance';
    return `${this.heading()} over ${g.width} by ${g.height} candidate runs (${g.kind === 'nd' ? 'N by D' : 'sizes by budgets'}), budget ${formatScientific(data.budgetFlops)} FLOPs${best}; ${this.runs.length} current runs, ${picks} designer picks, ${c.classic.length} classic and ${c.random.length} random runs.`;
  }

  private axes(c: DesignMap) {
    const { x, y, width: w, height: h } = c.plot;
    const bottom = y + h;
    return svg`<rect class="frame" x=${x} y=${y} width=${w} height=${h}></rect>
      ${c.xTicks.map(
        (
          t,
        ) => svg`<line class="tick" x1=${t.at} x2=${t.at} y1=${bottom} y2=${bottom + (t.major ? 5 : 2.5)}></line>
          ${t.label ? svg`<text x=${t.at} y=${bottom + 16} text-anchor="middle">${t.label}</text>` : nothing}`,
      )}
      ${c.yTicks.map(
        (
          t,
        ) => svg`<line class="tick" x1=${x - (t.major ? 5 : 2.5)} x2=${x} y1=${t.at} y2=${t.at}></line>
          ${t.label ? svg`<text x=${x - 8} y=${t.at} dy="0.32em" text-anchor="end">${t.label}</text>` : nothing}`,
      )}
      <text class="axis-title" x=${x + w / 2} y=${bottom + 32} text-anchor="middle">Parameters N</text>
      <text class="axis-title" transform="translate(13, ${y + h / 2}) rotate(-90)" text-anchor="middle">Tokens D</text>`;
  }

  private colourLegend(c: DesignMap) {
    const l = c.legend;
    return svg`<g class="colour-legend">
      <defs>
        <linearGradient id="design-ramp" x1="0" y1="1" x2="0" y2="0">
          ${l.stops.map((s) => svg`<stop offset=${s.offset} stop-color=${s.colour}></stop>`)}
        </linearGradient>
      </defs>
      <rect x=${l.x} y=${l.y} width=${l.width} height=${l.height} fill="url(#design-ramp)"></rect>
      ${l.ticks.map(
        (
          t,
        ) => svg`<line class="tick" x1=${l.x + l.width} x2=${l.x + l.width + 4} y1=${t.y} y2=${t.y}></line>
          <text x=${l.x + l.width + 6} y=${t.y} dy="0.32em">${t.label}</text>`,
      )}
      <text class="axis-title" transform="translate(${l.x - 4}, ${l.y + l.height / 2}) rotate(-90)" text-anchor="middle">ΔVar per FLOP (p1 to p99 in budget)</text>
    </g>`;
  }

  private marks(c: DesignMap) {
    return svg`
      ${c.isoflops.map(
        (
          l,
        ) => svg`<path class="iso" data-testid="design-map-isoflop" data-c=${10 ** l.log10C} d=${l.d}></path>
          <text class="iso-label" x=${l.labelAt.x} y=${l.labelAt.y}>${l.label}</text>`,
      )}
      ${
        c.budget
          ? svg`<path class="budget" data-testid="design-map-budget" d=${c.budget.d}></path>
            <text class="budget-label" x=${c.budget.labelAt.x} y=${c.budget.labelAt.y} text-anchor="end">${c.budget.label}</text>`
          : nothing
      }
      <path data-testid="design-map-run" d=${c.runs.d} stroke="#1d2330" stroke-opacity="0.85" stroke-width="3.5" stroke-linecap="round" fill="none"></path>
      ${c.classic.map(
        (
          m,
        ) => svg`<path data-testid="design-map-classic" data-n=${m.N} data-d=${m.D} d=${m.d} fill="none" stroke="#ffffff" stroke-width="3"></path>
          <path d=${m.d} fill="none" stroke="#d62728" stroke-width="1.5"></path>`,
      )}
      ${c.random.map(
        (
          m,
        ) => svg`<path data-testid="design-map-random" data-n=${m.N} data-d=${m.D} d=${m.d} fill="none" stroke="#ffffff" stroke-width="3.2"></path>
          <path d=${m.d} fill="none" stroke="#1d2330" stroke-width="1.6"></path>`,
      )}
      ${c.picks.map(
        (m) =>
          svg`<path data-testid="design-map-pick" data-n=${m.N} data-d=${m.D} d=${m.d} fill="#ff7f0e" stroke="#ffffff" stroke-width="1.2"></path>`,
      )}
      ${c.pickCounts.map(
        (p) => svg`<text class="iso-label" x=${p.x + 6} y=${p.y - 5}>×${p.count}</text>`,
      )}
      ${
        c.best
          ? svg`<path data-testid="design-map-best" d=${c.best.d} fill="none" stroke="#ffffff" stroke-width="2.2"></path>
            <path d=${c.best.d} fill="none" stroke="#1d2330" stroke-width="1" stroke-dasharray="3 2"></path>`
          : nothing
      }`;
  }

  private marksLegend(c: DesignMap) {
    const y = c.frame.height + MARKS_LEGEND / 2;
    const x = c.plot.x;
    const items: [string, ReturnType<typeof svg>][] = [
      [
        'runs',
        svg`<path d="M4,0h0" stroke="#1d2330" stroke-width="3.5" stroke-linecap="round"></path>`,
      ],
      ['designer', svg`<circle cx="4" cy="0" r="4" fill="#ff7f0e"></circle>`],
      [
        'classic',
        svg`<rect x="0" y="-4" width="8" height="8" fill="none" stroke="#d62728" stroke-width="1.5"></rect>`,
      ],
      ['random', svg`<path d="M0,-4l8,8M0,4l8,-8" stroke="#1d2330" stroke-width="1.6"></path>`],
      ['best in budget', svg`<circle cx="4" cy="0" r="5" fill="none" stroke="#1d2330"></circle>`],
      [
        'budget (grey: over)',
        svg`<path d="M-2,0h12" stroke="#c2352b" stroke-width="1.6" stroke-dasharray="5 3"></path>`,
      ],
    ];
    let at = x;
    return svg`<g class="marks-legend">${items.map(([label, symbol]) => {
      const g = svg`<g transform="translate(${at}, ${y})">${symbol}<text x="14" y="0" dy="0.32em">${label}</text></g>`;
      at += 28 + label.length * 6.2;
      return g;
    })}</g>`;
  }

  override render() {
    if (this.error)
      return html`<p class="note" role="alert">The design map cannot be drawn: ${this.error}</p>`;
    const c = this.chart;
    const data = this.data;
    if (!c || !data) return nothing;
    const { width, height } = c.frame;
    const im = c.image;
    return html`<div class="figure" style=${`max-width: ${width}px`}>
        <div class="chart-title">${this.heading()} <span class="muted small">${data.grid.width} × ${data.grid.height} candidates, budget ${formatScientific(data.budgetFlops)} FLOPs</span></div>
        <svg
          class="chart"
          data-testid="design-map"
          data-cells=${data.cellsDrawn}
          data-kind=${data.grid.kind}
          role="img"
          aria-label=${this.summary(c, data)}
          viewBox="0 0 ${width} ${height + MARKS_LEGEND}"
          width=${width}
          height=${height + MARKS_LEGEND}
          @pointermove=${(e: PointerEvent) => this.onPointer(e)}
          @pointerleave=${() => {
            this.hover = undefined;
          }}
        >
          <image
            data-testid="design-map-image"
            href=${this.url}
            x=${im.x}
            y=${im.y}
            width=${im.width}
            height=${im.height}
            preserveAspectRatio="none"
            style="image-rendering: pixelated"
          ></image>
          ${this.axes(c)} ${this.marks(c)} ${this.colourLegend(c)} ${this.marksLegend(c)}
          ${
            this.hover
              ? svg`<circle class="crosshair" cx=${c.at(this.hover.N, this.hover.D)[0]} cy=${c.at(this.hover.N, this.hover.D)[1]} r="5" fill="none" stroke="#ffffff" stroke-width="1.5"></circle>`
              : nothing
          }
        </svg>
        <p class="note" style=${`max-width: ${width}px`}>${this.note(data)}</p>
      </div>
      <p class="readout" data-testid="design-map-readout">${this.readout()}</p>
      <export-menu data-testid="export-design-map" label="Export the design map" .actions=${this.exportActions()}></export-menu>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'design-map-chart': DesignMapChartElement;
  }
}
