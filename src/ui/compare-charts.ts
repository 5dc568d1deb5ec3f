/**
 * The Compare view's two charts: L*(C) per series with its band, and the effective compute
 * multiplier m(C) of each series against the reference with its band. Solid within the runs'
 * budgets, dashed beyond; where the reference cannot match, the multiplier curve stops and a
 * vertical rule names the budget. Geometry comes from src/ui/charts/compare-charts.ts.
 */
import { html, LitElement, nothing, svg } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { csvAction, figureActions } from '../export/actions';
import { toCsv } from '../export/csv';
import { formatBudget } from '../fit/compare-verdict';
import type { LossBandPoint } from '../law/compare-curves';
import type { SeriesComparison } from '../law/recipe-compare';
import {
  COMPARE_CSV_HEADER,
  type CurveSegment,
  compareCsvRows,
  LOSS_CSV_HEADER,
  lossChart,
  lossCsvRows,
  multiplierChart,
} from './charts/compare-charts';
import type { AxisTick } from './charts/scatter';
import { compareStyles } from './compare-styles';
import './export-menu';

const M = { top: 10, right: 12, bottom: 36, left: 56 };
const W = 520;
const H = 300;

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
      <text class="axis-title" x=${w / 2} y="31" text-anchor="middle">${xTitle}</text>
    </g>
    ${yTicks.map(
      (t) => svg`<line class="tick" x1="-5" x2="0" y1=${t.at} y2=${t.at}></line>
        ${t.label ? svg`<text x="-8" y=${t.at} dy="0.32em" text-anchor="end">${t.label}</text>` : nothing}`,
    )}
    <text class="axis-title" transform="translate(${-M.left + 12}, ${h / 2}) rotate(-90)" text-anchor="middle">${yTitle}</text>
    <rect class="frame" width=${w} height=${h}></rect>`;
}

function curve(
  segments: readonly CurveSegment[],
  colour: string,
  dash: string | undefined,
  width = 1.8,
) {
  return segments.map(
    (s) =>
      svg`<path d=${s.path} fill="none" stroke=${colour} stroke-width=${width} data-extrapolated=${s.extrapolated}
        stroke-dasharray=${s.extrapolated ? '5 4' : (dash ?? 'none')}></path>`,
  );
}

/** The legend shared by both charts: a swatch per series, and what solid, dashed and bands mean. */
function legend(series: readonly { name: string; colour: string }[], reference: string) {
  return html`<div class="legend" data-testid="compare-legend">
    ${series.map(
      (s) =>
        html`<span><span class="swatch" style=${`background:${s.colour}`}></span>${s.name}${s.name === reference ? ' (reference)' : ''}</span>`,
    )}
    <span class="muted">solid: within the runs’ budgets · dashed: extrapolated · shaded: 95% band</span>
  </div>`;
}

/** L*(C) per series with its band. */
@customElement('compare-loss-chart')
export class CompareLossChart extends LitElement {
  static override styles = compareStyles;

  /** Each series' points over the same budgets, the reference first. */
  @property({ attribute: false }) series: readonly {
    readonly name: string;
    readonly points: readonly LossBandPoint[];
  }[] = [];
  /** Every series in the fit's order: a series' colour is its place here. */
  @property({ attribute: false }) names: readonly string[] = [];
  /** A label for the figure's title (e.g. "separate fits"). */
  @property() fitLabel = 'separate fits';

  override render() {
    if (this.series.length === 0) return nothing;
    const w = W - M.left - M.right;
    const h = H - M.top - M.bottom;
    const names = this.names;
    const c = lossChart(this.series, w, h, (name, i) =>
      names.includes(name) ? names.indexOf(name) : i,
    );
    return html`<div class="chart-title"><b>Compute-optimal loss L*(C)</b> <span class="muted small">${this.fitLabel}</span></div>
      <svg class="chart" data-testid="compare-loss-chart" role="img" aria-label="Compute-optimal loss against compute for each series" viewBox="0 0 ${W} ${H}" width=${W} height=${H}>
        <g transform="translate(${M.left}, ${M.top})">
          ${axes(c.xTicks, c.yTicks, w, h, 'Training compute C (FLOPs)', 'L*(C)')}
          ${c.curves.map(
            (s) => svg`<g data-series=${s.name}>
              ${s.bands.map((d) => svg`<path d=${d} fill=${s.colour} fill-opacity="0.13" stroke="none"></path>`)}
              ${curve(s.segments, s.colour, s.dash, s.reference ? 2.2 : 1.8)}
            </g>`,
          )}
        </g>
      </svg>
      ${legend(c.curves, c.curves[0]?.name ?? '')}
      <export-menu data-testid="export-compare-loss" label="Export the loss chart" .actions=${[
        ...figureActions('compare-loss', () => ({ roots: [this] }), 'the loss chart'),
        csvAction('compare-loss', () => toCsv(LOSS_CSV_HEADER, lossCsvRows(this.series)), {
          description: 'Download every series’ L*(C) with its band at each budget drawn, as CSV',
        }),
      ]}></export-menu>`;
  }
}

/** m(C) of each series against the reference, with its band. */
@customElement('compare-multiplier-chart')
export class CompareMultiplierChart extends LitElement {
  static override styles = compareStyles;

  @property({ attribute: false }) comparisons: readonly SeriesComparison[] = [];
  /** Every series in the fit's order: a series' colour is its place here. */
  @property({ attribute: false }) names: readonly string[] = [];
  @property() fitLabel = 'separate fits';

  override render() {
    const comps = this.comparisons;
    if (comps.length === 0) return nothing;
    const w = W - M.left - M.right;
    const h = H - M.top - M.bottom;
    const names = this.names;
    const c = multiplierChart(comps, (s) => Math.max(0, names.indexOf(s)), w, h);
    const reference = comps[0]!.reference;
    return html`<div class="chart-title"><b>Effective compute multiplier m(C)</b> <span class="muted small">against ${reference}, ${this.fitLabel}</span></div>
      <svg class="chart" data-testid="compare-multiplier-chart" role="img" aria-label=${`Effective compute multiplier against ${reference}`} viewBox="0 0 ${W} ${H}" width=${W} height=${H}>
        <g transform="translate(${M.left}, ${M.top})">
          ${axes(c.xTicks, c.yTicks, w, h, 'Training compute C (FLOPs)', `m(C) against ${reference}`)}
          ${c.parity !== null ? svg`<line x1="0" x2=${w} y1=${c.parity} y2=${c.parity} stroke="#7b8394" stroke-dasharray="2 3"></line>` : nothing}
          ${c.curves.map(
            (s) => svg`<g data-series=${s.name}>
              ${s.bands.map((d) => svg`<path d=${d} fill=${s.colour} fill-opacity="0.14" stroke="none"></path>`)}
              ${curve(s.segments, s.colour, s.dash)}
              ${
                s.unbounded
                  ? svg`<line data-testid="compare-unbounded-rule" x1=${s.unbounded.x} x2=${s.unbounded.x} y1="0" y2=${h} stroke=${s.colour} stroke-width="1.2" stroke-dasharray="1 3"></line>
                    <text x=${s.unbounded.x + 3} y="12" fill=${s.colour}>${s.name}: unbounded from ${formatBudget(s.unbounded.budget)}</text>`
                  : nothing
              }
            </g>`,
          )}
        </g>
      </svg>
      ${legend(
        c.curves.map((s) => ({ name: s.name, colour: s.colour })),
        reference,
      )}
      ${
        c.curves.some((s) => s.openTop)
          ? html`<div class="muted small">A band reaching the top edge is unbounded above: in some replica pairs ${reference} cannot match at any compute.</div>`
          : nothing
      }
      <export-menu data-testid="export-compare-multiplier" label="Export the multiplier chart" .actions=${[
        ...figureActions('compare-multiplier', () => ({ roots: [this] }), 'the multiplier chart'),
        csvAction(
          'compare-multiplier',
          () => toCsv(COMPARE_CSV_HEADER, compareCsvRows(comps.flatMap((x) => x.rows))),
          { description: 'Download m(C) with its interval at each budget drawn, as CSV' },
        ),
      ]}></export-menu>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'compare-loss-chart': CompareLossChart;
    'compare-multiplier-chart': CompareMultiplierChart;
  }
}
