/**
 * The diagnostics of the Fit view beside the parameter table: the isoFLOP profiles (loss
 * against N per budget, with Approach 2's parabolas and minima and the two-term law's profile
 * when there is one), N_opt and D_opt against compute with Approach 2's power laws, and
 * predicted against observed loss. Geometry comes from src/ui/charts; these only draw it.
 */
import { css, html, LitElement, nothing, svg } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { csvAction, figureActions } from '../export/actions';
import { toCsv } from '../export/csv';
import type { ExportAction } from '../export/types';
import type { Approach2Result } from '../fit/approach2';
import type { FitRun } from '../fit/types';
import type { ScalingLaw } from '../law/law';
import { isoflopProfileChart, PROFILE_CSV_HEADER, profileCsvRows } from './charts/isoflop-profile';
import {
  OPTIMUM_CSV_HEADER,
  type OptimumQuantity,
  optimumCsvRows,
  optimumScalingChart,
} from './charts/optimum-scaling';
import { type PredictedObserved, predictedObservedChart } from './charts/predicted-observed';
import type { AxisTick } from './charts/scatter';
import { fitStyles } from './fit-styles';
import './export-menu';

const M = { top: 8, right: 10, bottom: 34, left: 52 };
const W = 430;
const H = 250;

const chartStyles = [
  fitStyles,
  css`
    :host {
      display: block;
    }
    export-menu {
      margin-top: 4px;
    }
    .left-out {
      margin: 4px 0 0;
      padding-left: 18px;
      font-size: 0.82rem;
    }
    .legend text {
      font-size: 10px;
    }
  `,
];

function axes(
  xTicks: readonly AxisTick[],
  yTicks: readonly AxisTick[],
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
        ${t.label ? svg`<text x="-8" y=${t.at} dy="0.32em" text-anchor="end">${t.label}</text>` : nothing}`,
    )}
    <text class="axis-title" transform="translate(${-M.left + 11}, ${h / 2}) rotate(-90)" text-anchor="middle">${yTitle}</text>
    <rect class="frame" width=${w} height=${h}></rect>`;
}

function actions(host: HTMLElement, name: string, what: string, csv: ExportAction) {
  return [...figureActions(name, () => ({ roots: [host] }), what), csv];
}

/**
 * Loss against N for every isoFLOP budget: the runs, Approach 2's parabola and its minimum with
 * the bootstrap interval of N_opt, and, when `law` is set, that law's profile L(N, C / (k N))
 * dashed in the budget's colour. Budgets left out are grey and hollow, listed with their reason.
 */
@customElement('isoflop-profile-chart')
export class IsoflopProfileChartView extends LitElement {
  static override styles = chartStyles;

  @property({ attribute: false }) result: Approach2Result | undefined;
  /** The runs the method saw, in its order (the budgets' run indices point into them). */
  @property({ attribute: false }) runs: readonly FitRun[] = [];
  /** A two-term law whose profile is drawn per budget (Approach 3's, or the active law). */
  @property({ attribute: false }) law: ScalingLaw | undefined;
  /** Where the overlaid law comes from, for the legend. */
  @property() lawLabel = 'two-term law';

  override render() {
    const r = this.result;
    if (!r || r.budgets.every((b) => b.runs.length === 0)) return nothing;
    const w = W - M.left - M.right;
    const h = H - M.top - M.bottom;
    const c = isoflopProfileChart(r, this.runs, w, h, this.law);
    const leftOut = c.budgets.filter((b) => !b.used);
    const used = c.budgets.filter((b) => b.used).length;
    const target = r.options.target === 'log-loss' ? 'parabolas in ln L' : 'parabolas in L';
    return html`<div class="chart-title">IsoFLOP profiles <span class="muted small">loss vs N per budget, ${target}; ${used} of ${c.budgets.length} budgets used</span></div>
      <svg class="chart" data-testid="isoflop-profiles" role="img" aria-label="Loss against model size for each isoFLOP budget" viewBox="0 0 ${W} ${H + 22}" width=${W} height=${H + 22}>
        <g transform="translate(${M.left}, ${M.top})">
          ${axes(c.xTicks, c.yTicks, w, h, 'Parameters N', 'loss')}
          ${c.budgets.map(
            (b) => svg`<g data-budget=${b.C} data-used=${b.used}>
              ${b.lawPath ? svg`<path d=${b.lawPath} fill="none" stroke=${b.colour} stroke-width="1.2" stroke-dasharray="4 3" opacity="0.8"></path>` : nothing}
              ${b.curvePath ? svg`<path class="parabola" d=${b.curvePath} fill="none" stroke=${b.colour} stroke-width="1.6"></path>` : nothing}
              ${b.dots.map((d) =>
                b.hollow
                  ? svg`<circle cx=${d.x} cy=${d.y} r="2.8" fill="#fff" stroke=${b.colour} stroke-width="1.2"><title>${b.label}: left out, ${b.reason ?? ''}</title></circle>`
                  : svg`<circle cx=${d.x} cy=${d.y} r="2.8" fill=${b.colour} fill-opacity="0.85"></circle>`,
              )}
              ${b.ci ? svg`<line class="nopt-ci" x1=${b.ci.x0} x2=${b.ci.x1} y1=${b.ci.y} y2=${b.ci.y} stroke="#1d2330" stroke-width="2"></line>` : nothing}
              ${
                b.minimum
                  ? svg`<path class="minimum" d="M${b.minimum.x - 4},${b.minimum.y}h8M${b.minimum.x},${b.minimum.y - 4}v8" stroke="#1d2330" stroke-width="1.6"><title>${b.label}: N_opt ${b.minimum.N.toPrecision(3)}, L ${b.minimum.loss.toPrecision(4)}</title></path>`
                  : nothing
              }
            </g>`,
          )}
        </g>
        <g class="legend" transform="translate(${M.left}, ${H + 8})">
          <line x1="0" x2="16" y1="2" y2="2" stroke="#4a5263" stroke-width="1.6"></line>
          <text x="20" y="6">parabola, + minimum, bar: 95% N_opt</text>
          ${
            this.law
              ? svg`<line x1="236" x2="252" y1="2" y2="2" stroke="#4a5263" stroke-dasharray="4 3"></line>
                <text x="256" y="6">${this.lawLabel}</text>`
              : nothing
          }
        </g>
      </svg>
      <div class="muted small" data-testid="isoflop-legend">${c.legend.map(
        (l, i) => html`${i > 0 ? ' · ' : ''}<span style=${`color:${l.colour}`}>●</span> ${l.label}`,
      )}</div>
      ${
        leftOut.length > 0
          ? html`<ul class="left-out" data-testid="isoflop-left-out">
              ${leftOut.map((b) => html`<li>${b.label} (${b.dots.length} runs) left out: ${b.reason ?? 'unusable'}</li>`)}
            </ul>`
          : nothing
      }
      <export-menu data-testid="export-isoflop-profiles" label="Export the isoFLOP profiles" .actions=${actions(
        this,
        'fit-isoflop-profiles',
        'the isoFLOP profiles',
        csvAction('fit-isoflop-profiles', () => toCsv(PROFILE_CSV_HEADER, profileCsvRows(c)), {
          description: 'Download every run, parabola, minimum and law profile drawn, as CSV',
        }),
      )}></export-menu>`;
  }
}

/** N_opt (or D_opt) against compute: each used budget's vertex with its interval and the power law. */
@customElement('optimum-scaling-chart')
export class OptimumScalingChartView extends LitElement {
  static override styles = chartStyles;

  @property({ attribute: false }) result: Approach2Result | undefined;
  @property() quantity: OptimumQuantity = 'N';

  override render() {
    const r = this.result;
    if (!r || r.budgets.filter((b) => b.used).length < 2) return nothing;
    const w = W - M.left - M.right;
    const h = H - M.top - M.bottom;
    const q = this.quantity;
    const c = optimumScalingChart(r, q, w, h);
    const boot = r.bootstrap;
    const exp = q === 'N' ? boot?.a : boot?.b;
    const interval = exp
      ? `, exponent 95% ${exp.ci95[0].toPrecision(3)} – ${exp.ci95[1].toPrecision(3)}`
      : '';
    const name = q === 'N' ? 'N_opt' : 'D_opt';
    return html`<div class="chart-title">${name} against compute <span class="muted small">${c.formula}${interval}</span></div>
      <svg class="chart" data-testid=${`optimum-${q}`} role="img" aria-label=${`${name} against compute`} viewBox="0 0 ${W} ${H}" width=${W} height=${H}>
        <g transform="translate(${M.left}, ${M.top})">
          ${axes(c.xTicks, c.yTicks, w, h, 'Compute C (FLOPs)', q === 'N' ? 'N_opt (parameters)' : 'D_opt (tokens)')}
          <line class="power-law" x1=${c.line.x0} y1=${c.line.y0} x2=${c.line.x1} y2=${c.line.y1} stroke="#2f5fd0" stroke-width="1.6"></line>
          ${c.points.map(
            (
              p,
            ) => svg`${p.ci ? svg`<line x1=${p.x} x2=${p.x} y1=${p.ci.y0} y2=${p.ci.y1} stroke="#4a5263" stroke-width="1.4"></line>` : nothing}
              <circle cx=${p.x} cy=${p.y} r="3.2" fill="#d6402b"><title>C ${p.C.toPrecision(3)}: ${name} ${p.value.toPrecision(3)}</title></circle>`,
          )}
        </g>
      </svg>
      <export-menu data-testid=${`export-optimum-${q}`} label=${`Export the ${name} chart`} .actions=${actions(
        this,
        `fit-${name.toLowerCase().replace('_', '-')}`,
        `the ${name} chart`,
        csvAction(
          `fit-${name.toLowerCase().replace('_', '-')}`,
          () => toCsv(OPTIMUM_CSV_HEADER, optimumCsvRows(c)),
          {
            description: `Download each budget's ${name} with its interval and the power law, as CSV`,
          },
        ),
      )}></export-menu>`;
  }
}

/** Predicted against observed loss, log-log, with y = x. */
@customElement('predicted-observed-chart')
export class PredictedObservedChartView extends LitElement {
  static override styles = chartStyles;

  @property({ attribute: false }) points: readonly PredictedObserved[] = [];
  /** What each dot is, for the title ("runs", "budget minima"). */
  @property() what = 'runs';

  override render() {
    const pts = this.points;
    if (pts.length === 0) return nothing;
    const w = W - M.left - M.right;
    const h = H - M.top - M.bottom;
    const c = predictedObservedChart(pts, w, h);
    const excluded = pts.filter((p) => p.excluded).length;
    const note = excluded > 0 ? `; ${excluded} excluded, hollow` : '';
    return html`<div class="chart-title">Predicted against observed <span class="muted small">${pts.length} ${this.what}, log axes, coloured by C${note}</span></div>
      <svg class="chart" data-testid="predicted-observed" role="img" aria-label="Predicted against observed loss" viewBox="0 0 ${W} ${H}" width=${W} height=${H}>
        <g transform="translate(${M.left}, ${M.top})">
          ${axes(c.xTicks, c.yTicks, w, h, 'observed loss', 'predicted loss')}
          <line x1=${c.diagonal.x0} y1=${c.diagonal.y0} x2=${c.diagonal.x1} y2=${c.diagonal.y1} stroke="#7b8394" stroke-dasharray="3 3"></line>
          ${c.dots.map((d) =>
            d.hollow
              ? svg`<circle cx=${d.x} cy=${d.y} r="3" fill="#fff" stroke=${d.colour} stroke-width="1.3"></circle>`
              : svg`<circle cx=${d.x} cy=${d.y} r="3" fill=${d.colour} fill-opacity="0.85"></circle>`,
          )}
        </g>
      </svg>
      <export-menu data-testid="export-predicted-observed" label="Export the predicted-observed chart" .actions=${actions(
        this,
        'fit-predicted-observed',
        'the predicted-observed chart',
        csvAction(
          'fit-predicted-observed',
          () =>
            toCsv(
              ['key', 'C_flops', 'observed', 'predicted', 'excluded'],
              pts.map((p) => [p.key, p.C, p.observed, p.predicted, p.excluded]),
            ),
          { description: 'Download each predicted and observed loss as CSV' },
        ),
      )}></export-menu>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'isoflop-profile-chart': IsoflopProfileChartView;
    'optimum-scaling-chart': OptimumScalingChartView;
    'predicted-observed-chart': PredictedObservedChartView;
  }
}
