/**
 * The Fit view's two charts: residuals against compute (coloured by N, excluded runs hollow)
 * and the alpha-beta bootstrap cloud. Geometry comes from src/ui/charts; these only draw it.
 */
import { css, html, LitElement, nothing, svg } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Run } from '../data/runs';
import { csvAction, figureActions } from '../export/actions';
import { NATS_PER_TOKEN, replicasCsv, runsCsv } from '../export/fit';
import type { ExportAction } from '../export/types';
import type { FitResult } from '../fit/types';
import { cloudChart, cloudPoints } from './charts/bootstrap-cloud';
import { residualChart, residuals } from './charts/residuals';
import type { AxisTick } from './charts/scatter';
import { sizeGradient } from './charts/scatter';
import { fitStyles } from './fit-styles';
import './export-menu';

const M = { top: 8, right: 10, bottom: 34, left: 48 };
const W = 430;
const H = 230;

const chartStyles = [
  fitStyles,
  css`
    export-menu {
      margin-top: 4px;
    }
  `,
];

/** SVG and PNG of a chart component (its title and SVG), plus one CSV. */
function chartActions(
  host: HTMLElement,
  name: string,
  what: string,
  csv: ExportAction,
): ExportAction[] {
  return [...figureActions(name, () => ({ roots: [host] }), what), csv];
}

function axes(
  xTicks: AxisTick[],
  yTicks: AxisTick[],
  w: number,
  h: number,
  xTitle: string,
  yTitle: string,
) {
  return svg`
    ${yTicks.map((t) => svg`<line class="grid" x1="0" x2=${w} y1=${t.at} y2=${t.at}></line>`)}
    <g transform="translate(0, ${h})">
      ${xTicks.map(
        (t) => svg`<line class="tick" x1=${t.at} x2=${t.at} y2=${t.major ? 5 : 2.5}></line>
          ${t.label ? svg`<text x=${t.at} y="16" text-anchor="middle">${t.label}</text>` : nothing}`,
      )}
      <text class="axis-title" x=${w / 2} y="30" text-anchor="middle">${xTitle}</text>
    </g>
    ${yTicks.map(
      (t) => svg`<line class="tick" x1="-5" x2="0" y1=${t.at} y2=${t.at}></line>
        <text x="-8" y=${t.at} dy="0.32em" text-anchor="end">${t.label}</text>`,
    )}
    <text class="axis-title" transform="translate(${-M.left + 11}, ${h / 2}) rotate(-90)" text-anchor="middle">${yTitle}</text>
    <rect class="frame" width=${w} height=${h}></rect>`;
}

@customElement('residuals-chart')
export class ResidualsChart extends LitElement {
  static override styles = chartStyles;

  @property({ attribute: false }) result: FitResult | undefined;
  @property({ attribute: false }) runs: readonly Run[] = [];
  @property({ attribute: false }) excludedRows: readonly number[] = [];
  /** The unit the runs' losses are in, for the export's headings. */
  @property() lossUnit = NATS_PER_TOKEN;

  override render() {
    const r = this.result;
    if (!r) return nothing;
    const w = W - M.left - M.right;
    const h = H - M.top - M.bottom;
    const points = residuals(r.best.theta, this.runs, new Set(this.excludedRows));
    const c = residualChart(points, w, h);
    const stops = sizeGradient();
    return html`<div class="chart-title">Residuals <span class="muted small">ln L̂ − ln L vs compute, coloured by N</span></div>
      <svg class="chart" data-testid="residuals" viewBox="0 0 ${W} ${H + 22}" width=${W} height=${H + 22}>
        <defs>
          <linearGradient id="n-ramp" x1="0" x2="1" y1="0" y2="0">
            ${stops.map((s) => svg`<stop offset=${s.offset} stop-color=${s.colour}></stop>`)}
          </linearGradient>
        </defs>
        <g transform="translate(${M.left}, ${M.top})">
          ${axes(c.xTicks, c.yTicks, w, h, 'Compute C (FLOPs)', 'residual')}
          <line x1="0" x2=${w} y1=${c.zeroY} y2=${c.zeroY} stroke="#7b8394" stroke-dasharray="3 3"></line>
          ${c.dots.map((d) =>
            d.hollow
              ? svg`<circle cx=${d.x} cy=${d.y} r="3" fill="#fff" stroke=${d.colour} stroke-width="1.3"></circle>`
              : svg`<circle cx=${d.x} cy=${d.y} r="3" fill=${d.colour} fill-opacity="0.85"></circle>`,
          )}
        </g>
        <g transform="translate(${M.left + w - 150}, ${H + 8})">
          <text x="-6" y="4" text-anchor="end">N ${c.legend.lo}</text>
          <rect width="110" height="7" y="-2" fill="url(#n-ramp)" rx="1"></rect>
          <text x="116" y="4">${c.legend.hi}</text>
        </g>
      </svg>
      <export-menu data-testid="export-residuals" label="Export the residuals chart" .actions=${chartActions(
        this,
        'fit-residuals',
        'the residuals chart',
        csvAction(
          'fit-runs',
          () => runsCsv(r, this.runs, new Set(this.excludedRows), this.lossUnit),
          {
            description:
              'Download every run with its predicted loss and residual as CSV (excluded runs flagged)',
          },
        ),
      )}></export-menu>`;
  }
}

@customElement('bootstrap-cloud')
export class BootstrapCloud extends LitElement {
  static override styles = chartStyles;

  @property({ attribute: false }) result: FitResult | undefined;

  override render() {
    const r = this.result;
    const b = r?.bootstrap;
    if (!r || !b || b.converged < 2) {
      return html`<div class="chart-title">α–β bootstrap cloud</div>
        <div class="muted small">Run a fit with bootstrap K > 1 to see the cloud.</div>`;
    }
    const w = W - M.left - M.right;
    const h = H - M.top - M.bottom;
    const pts = cloudPoints(b.replicas);
    const c = cloudChart(pts, r.best.law, { alpha: b.params.alpha, beta: b.params.beta }, w, h);
    const shown = pts.length < b.converged ? `${pts.length.toLocaleString('en-US')} of ` : '';
    return html`<div class="chart-title">α–β bootstrap cloud <span class="muted small">${shown}${b.converged.toLocaleString('en-US')} converged replicas</span></div>
      <svg class="chart" data-testid="cloud" viewBox="0 0 ${W} ${H + 22}" width=${W} height=${H + 22}>
        <g transform="translate(${M.left}, ${M.top})">
          ${axes(c.xTicks, c.yTicks, w, h, 'α (model-size exponent)', 'β (data exponent)')}
          <path d=${c.dots} stroke="#2f5fd0" stroke-opacity=${pts.length > 1500 ? 0.3 : 0.5} stroke-width="3" stroke-linecap="round" fill="none"></path>
          <rect x=${c.ci.x0} y=${c.ci.y0} width=${Math.max(0, c.ci.x1 - c.ci.x0)} height=${Math.max(0, c.ci.y1 - c.ci.y0)}
            fill="none" stroke="#4a5263" stroke-dasharray="4 3"></rect>
          <path d="M${c.best.x - 6},${c.best.y}h12M${c.best.x},${c.best.y - 6}v12" stroke="#fff" stroke-width="4.5"></path>
          <path d="M${c.best.x - 6},${c.best.y}h12M${c.best.x},${c.best.y - 6}v12" stroke="#d6402b" stroke-width="2"></path>
        </g>
        <g transform="translate(${M.left}, ${H + 8})">
          <path d="M0,2h12M6,-4v12" stroke="#d6402b" stroke-width="2"></path>
          <text x="18" y="6">best fit</text>
          <rect x="80" y="-2" width="14" height="9" fill="none" stroke="#4a5263" stroke-dasharray="3 2"></rect>
          <text x="100" y="6">95% intervals of α and β</text>
        </g>
      </svg>
      <export-menu data-testid="export-cloud" label="Export the bootstrap cloud" .actions=${chartActions(
        this,
        'fit-bootstrap-cloud',
        'the bootstrap cloud',
        csvAction('fit-bootstrap-replicas', () => replicasCsv(r), {
          description: 'Download every bootstrap replica (a, b, e, α, β and E, A, B) as CSV',
        }),
      )}></export-menu>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'residuals-chart': ResidualsChart;
    'bootstrap-cloud': BootstrapCloud;
  }
}
