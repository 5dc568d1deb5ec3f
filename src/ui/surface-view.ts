/**
 * The Surface view: the engine's heatmap of L over log N x log D under an SVG overlay with
 * axes, isoFLOP lines, iso-loss contours, the compute-optimal frontier and a hover readout.
 * All geometry comes from src/ui/charts; the heatmap work from SurfaceController.
 */

import { consume } from '@lit/context';
import { css, html, LitElement, nothing, svg } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { ColourMode } from '../colour/colour-map';
import { type ColourMapName, DEFAULT_COLOUR_MAP } from '../colour/colour-maps';
import type { EngineManager } from '../engine/manager';
import { csvAction, figureActions } from '../export/actions';
import { surfaceCsvParts } from '../export/grids';
import { colourCaption, lawCaption, surfaceHeatmapImage } from '../export/surface';
import type { ExportAction } from '../export/types';
import type { SurfaceGrid } from '../law/grid';
import type { ScalingLaw } from '../law/law';
import { colourScaleFor } from './charts/legend';
import { type SurfaceOverlay, surfaceOverlay } from './charts/overlay';
import { readoutAt } from './charts/readout';
import { type RunMarks, type RunSet, runMarks, sameScales } from './charts/run-marks';
import { PlotSizeController } from './plot-size';
import { engineManagerContext } from './services';
import './colour-legend';
import './export-menu';
import { renderReadout } from './readout-panel';
import { SurfaceController } from './surface-controller';
import { surfaceStyles } from './surface-styles';

const MARGIN = { top: 10, right: 12, bottom: 42, left: 58 };
/** Directions of the arrow keys on the plot (x right, y down). */
const KEY_MOVES: Readonly<Record<string, readonly [number, number]>> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

@customElement('surface-view')
export class SurfaceView extends LitElement {
  static override styles = [
    surfaceStyles,
    css`
      .hit:focus-visible {
        outline: 2px solid var(--accent, #2f5fd0);
        outline-offset: -2px;
      }
      .exports {
        display: flex;
        justify-content: flex-end;
        margin-top: 6px;
      }
    `,
  ];

  /** From the app shell, through `engineManagerContext`. */
  @consume({ context: engineManagerContext, subscribe: true })
  @state()
  manager!: EngineManager;
  @property({ attribute: false }) law!: ScalingLaw;
  @property({ attribute: false }) grid!: SurfaceGrid;
  @property() colourMode: ColourMode = 'log-reducible';
  /** The colour map of the heatmap and its legend. */
  @property() colourMap: ColourMapName = DEFAULT_COLOUR_MAP;
  /** Training runs drawn over the surface (excluded ones hollow). */
  @property({ attribute: false }) runs: RunSet = { runs: [], excluded: new Set() };
  /** What the runs are, for the key. */
  @property() runsLabel = '';

  private readonly plot = new PlotSizeController(this, MARGIN, () => this.chart);
  @state() private hover: { x: number; y: number } | undefined;
  @query('.layer') private layer!: HTMLElement;
  @query('.chart') private chart!: HTMLElement;

  private controller: SurfaceController | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.controller ??= new SurfaceController(this, this.manager, () => this.layer);
  }

  private get scale() {
    return colourScaleFor(this.law, this.grid, this.colourMode, this.colourMap);
  }

  override updated(): void {
    this.controller?.update({
      law: this.law,
      grid: this.grid,
      scale: this.scale,
      width: this.plot.width,
      height: this.plot.height,
      pixelRatio: window.devicePixelRatio || 1,
    });
  }

  private onPointer(e: PointerEvent) {
    const r = (e.currentTarget as SVGRectElement).getBoundingClientRect();
    this.hover = { x: e.clientX - r.left, y: e.clientY - r.top };
  }

  /** Keyboard readout: arrows move the readout point by 2% of the plot (Shift: 10%). */
  private onKey(e: KeyboardEvent) {
    const move = KEY_MOVES[e.key];
    if (!move) return;
    e.preventDefault();
    const { width: w, height: h } = this.plot;
    const p = this.hover ?? { x: w / 2, y: h / 2 };
    const step = e.shiftKey ? 0.1 : 0.02;
    this.hover = {
      x: Math.min(w, Math.max(0, p.x + move[0] * step * w)),
      y: Math.min(h, Math.max(0, p.y + move[1] * step * h)),
    };
  }

  private renderAxes(o: SurfaceOverlay) {
    const { width: w, height: h } = this.plot;
    return svg`
      <g class="axis x" transform="translate(0, ${h})">
        ${o.xTicks.map(
          (t) => svg`<line x1=${t.at} x2=${t.at} y2=${t.major ? 6 : 3}></line>
            ${t.major ? svg`<text x=${t.at} y="18" text-anchor="middle">${t.label}</text>` : nothing}`,
        )}
        <text class="title" x=${w / 2} y="36" text-anchor="middle">Parameters N</text>
      </g>
      <g class="axis y">
        ${o.yTicks.map(
          (t) => svg`<line x1=${t.major ? -6 : -3} x2="0" y1=${t.at} y2=${t.at}></line>
            ${t.major ? svg`<text x="-9" y=${t.at} dy="0.32em" text-anchor="end">${t.label}</text>` : nothing}`,
        )}
        <text class="title" transform="translate(-46, ${h / 2}) rotate(-90)" text-anchor="middle">Training tokens D</text>
      </g>`;
  }

  private renderOverlay(o: SurfaceOverlay) {
    const label =
      (cls: string) => (l: { key: string; x: number; y: number; angle: number; text: string }) =>
        svg`<text class=${cls} data-key=${l.key} transform="translate(${l.x}, ${l.y}) rotate(${l.angle})" dy="0.32em" text-anchor="middle">${l.text}</text>`;
    return svg`
      <g clip-path="url(#plot-clip)">
        ${o.isoFlops.map((p) => svg`<path class="isoflop" d=${p.d}></path>`)}
        ${o.contours.map((p) => svg`<path class="contour" d=${p.d}></path>`)}
        ${o.frontier.map((p) => svg`<path class="frontier-halo" d=${p.d}></path><path class="frontier" d=${p.d}></path>`)}
        ${o.frontierMarkers.map((m) => svg`<circle class="marker" cx=${m.x} cy=${m.y} r="2.6"></circle>`)}
        ${o.isoFlopLabels.map(label('isoflop-label'))}
        ${o.contourLabels.map(label('contour-label'))}
        ${o.frontierLabel ? svg`<text class="frontier-label" transform="translate(${o.frontierLabel.x}, ${o.frontierLabel.y}) rotate(${o.frontierLabel.angle})" dy="-1em" text-anchor="middle">${o.frontierLabel.text}</text>` : nothing}
        ${this.renderRuns(o)}
      </g>`;
  }

  /**
   * The marks of the last runs and view drawn: a hover or a law change re-renders, the runs stay
   * put (they depend on the runs, the exclusions and the view, never on the law).
   */
  private marks: { set: RunSet; scales: SurfaceOverlay['scales']; marks: RunMarks } | undefined;

  private runMarksFor(o: SurfaceOverlay): RunMarks {
    const k = this.marks;
    if (k?.set === this.runs && sameScales(k.scales, o.scales)) return k.marks;
    const marks = runMarks(this.runs, o.scales);
    this.marks = { set: this.runs, scales: o.scales, marks };
    return marks;
  }

  private renderRuns(o: SurfaceOverlay) {
    const total = this.runs.runs.length;
    if (total === 0) return nothing;
    const m = this.runMarksFor(o);
    const excluded = m.excludedCount;
    return svg`<g class="runs" data-testid="run-points" data-count=${total - m.outside} data-dots=${m.dots} data-merge-px=${m.mergePx}>
        <path class="run" d=${m.included}></path>
        <path class="run excluded" d=${m.excluded}></path>
      </g>
      <g class="runs-key" transform="translate(10, 14)">
        <circle class="run" cx="4" cy="0" r="3.2"></circle>
        <text x="12" dy="0.32em">${total} runs${excluded > 0 ? ` (${excluded} excluded, hollow)` : ''}${m.outside > 0 ? ` · ${m.outside} outside the view` : ''}${m.mergePx > 1 ? ` · overlapping dots drawn once` : ''} · ${this.runsLabel}</text>
      </g>`;
  }

  private renderCrosshair() {
    const p = this.hover;
    if (!p) return nothing;
    const { width: w, height: h } = this.plot;
    return svg`<g class="crosshair">
      <line x1="0" x2=${w} y1=${p.y} y2=${p.y}></line><line x1=${p.x} x2=${p.x} y1="0" y2=${h}></line>
      <circle cx=${p.x} cy=${p.y} r="3.5"></circle></g>`;
  }

  /** SVG and PNG of the figure (heatmap, overlay, axes, legend) and the grid as CSV. */
  private exportActions(): ExportAction[] {
    const figure = () => {
      const law = this.law;
      const grid = this.grid;
      const scale = this.scale;
      return {
        roots: [this.renderRoot.querySelector('.figure')!],
        title: `Loss surface ${lawCaption(law)}; ${colourCaption(scale)}`,
        canvasImage: async () =>
          surfaceHeatmapImage(await this.manager.whenReadyFor('surface'), law, grid, scale),
      };
    };
    return [
      ...figureActions('surface', figure, 'the loss surface'),
      csvAction(
        'surface',
        async () => {
          const { law, grid } = this;
          const engine = await this.manager.whenReadyFor('surface');
          const parts = surfaceCsvParts(grid, await engine.surface(law, grid), { law });
          return new Blob(parts, { type: 'text/csv;charset=utf-8' });
        },
        { description: 'Download the surface grid as CSV: N, D and loss for every cell' },
      ),
    ];
  }

  override render() {
    const { width: w, height: h } = this.plot;
    const scale = this.scale;
    const ready = w > 0 && h > 0;
    const o = ready
      ? surfaceOverlay({
          law: this.law,
          grid: this.grid,
          scale,
          width: w,
          height: h,
          contours: this.controller?.contours ?? [],
        })
      : undefined;
    const readout =
      o && this.hover
        ? readoutAt(this.law, o.scales.invertX(this.hover.x), o.scales.invertY(this.hover.y))
        : undefined;
    return html`
      <div class="figure">
        <div class="chart" data-testid="surface-chart">
          <div class="layer" style="left:${MARGIN.left}px;top:${MARGIN.top}px;width:${w}px;height:${h}px"></div>
          <svg class="overlay" width=${w + MARGIN.left + MARGIN.right} height=${h + MARGIN.top + MARGIN.bottom}>
            <defs><clipPath id="plot-clip"><rect width=${w} height=${h}></rect></clipPath></defs>
            <g transform="translate(${MARGIN.left}, ${MARGIN.top})">
              ${o ? this.renderOverlay(o) : nothing} ${o ? this.renderAxes(o) : nothing} ${this.renderCrosshair()}
              <rect class="frame" width=${w} height=${h}></rect>
              <rect
                class="hit"
                data-testid="plot-hit"
                tabindex="0"
                role="img"
                aria-label="Loss surface. Arrow keys move the readout point (Shift for larger steps); the readout below gives N, D, C and L there."
                width=${w}
                height=${h}
                @pointermove=${this.onPointer}
                @pointerleave=${() => {
                  this.hover = undefined;
                }}
                @focus=${() => {
                  this.hover ??= { x: w / 2, y: h / 2 };
                }}
                @blur=${() => {
                  this.hover = undefined;
                }}
                @keydown=${this.onKey}
              ></rect>
            </g>
          </svg>
        </div>
        <colour-legend .scale=${scale} .barHeight=${h - 30} .barTop=${MARGIN.top + 30}></colour-legend>
      </div>
      ${renderReadout(this.law, readout, this.controller?.drawError)}
      <div class="exports">
        <export-menu data-testid="export-surface" label="Export the loss surface" .actions=${this.exportActions()}></export-menu>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'surface-view': SurfaceView;
  }
}
