/**
 * What a fit says: its warnings first, the parameter table (best fit, bootstrap median, SE,
 * 95% CI), convergence diagnostics, the correlation matrix, and the two charts. Also offers
 * "Use this fit" when the active law is no longer the fit's.
 */
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Run } from '../data/runs';
import { jsonAction, textAction } from '../export/actions';
import { fitJson, NATS_PER_TOKEN } from '../export/fit';
import { type FitProvenance, methodsText } from '../export/methods';
import type { ExportAction } from '../export/types';
import type { FitResult } from '../fit/types';
import {
  CORRELATION_LABELS,
  correlationRows,
  diagnostics,
  formatStat,
  parameterRows,
} from './charts/fit-table';
import { formatDuration } from './charts/progress';
import { fitStyles } from './fit-styles';
import './export-menu';
import './fit-charts';

@customElement('fit-results')
export class FitResults extends LitElement {
  static override styles = [
    fitStyles,
    css`
      .head {
        justify-content: space-between;
        margin-bottom: 6px;
      }
      .head h2 {
        margin: 0;
      }
      .tables {
        display: grid;
        grid-template-columns: auto minmax(0, 1fr);
        gap: 28px;
        align-items: start;
      }
      table.params {
        width: auto;
      }
      .params td,
      .params th {
        padding-left: 12px;
        padding-right: 12px;
      }
      .params td.sym {
        font-family: var(--mono);
        font-weight: 600;
      }
      .params tr.sep td {
        border-top: 1px solid var(--line);
      }
      .params td.best {
        font-weight: 600;
      }
      .wide {
        color: var(--warn);
      }
      dl {
        margin: 10px 0 0;
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 3px 10px;
        font-size: 12px;
      }
      dt {
        color: var(--ink-3);
      }
      dd {
        margin: 0;
        font-family: var(--mono);
        font-size: 11.5px;
        font-variant-numeric: tabular-nums;
      }
      dd.bad {
        color: var(--bad);
      }
      table.corr {
        width: auto;
      }
      table.corr td,
      table.corr th {
        text-align: center;
        padding: 3px 5px;
        border: none;
      }
      table.corr td {
        font-family: var(--mono);
        font-size: 11px;
        min-width: 40px;
      }
      .charts {
        display: flex;
        flex-wrap: wrap;
        gap: 16px 24px;
      }
      .stale {
        margin-bottom: 8px;
      }
      export-menu {
        margin-top: 10px;
      }
    `,
  ];

  @property({ attribute: false }) result: FitResult | undefined;
  @property({ attribute: false }) runs: readonly Run[] = [];
  @property({ attribute: false }) excludedRows: readonly number[] = [];
  /** The unit the runs' losses are in (see lossUnitOf), for exports. */
  @property() lossUnit = NATS_PER_TOKEN;
  /** Where the fit's data came from (for the methods text); undefined if not known. */
  @property({ attribute: false }) provenance: FitProvenance | undefined;
  /** The data changed since this fit (other dataset or exclusions). */
  @property({ type: Boolean }) stale = false;
  /** The fit's law is the active law of the other views. */
  @property({ type: Boolean }) active = false;

  /** True when "Use this fit" had focus as this update began (it may be replaced by a badge). */
  private applyHadFocus = false;

  /**
   * Moves focus to the results' heading (focusable by script only); false when there is no
   * result to show, hence no heading.
   */
  focusHeading(): boolean {
    const heading = this.renderRoot.querySelector<HTMLElement>('[data-testid="fit-heading"]');
    heading?.focus();
    return heading !== null;
  }

  protected override willUpdate(): void {
    const focused = (this.renderRoot as ShadowRoot).activeElement;
    this.applyHadFocus = focused?.getAttribute('data-testid') === 'fit-apply';
  }

  /** "Use this fit" becomes a badge once pressed: its focus goes to the heading, not the body. */
  protected override updated(): void {
    if (!this.applyHadFocus) return;
    this.applyHadFocus = false;
    if (!this.renderRoot.querySelector('[data-testid="fit-apply"]')) this.focusHeading();
  }

  private renderParams(r: FitResult) {
    const rows = parameterRows(r);
    return html`<table class="params" data-testid="param-table">
      <thead>
        <tr>
          <th></th>
          <th class="num">Best fit</th>
          <th class="num">Median</th>
          <th class="num">SE</th>
          <th class="num">95% CI</th>
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (p) => html`<tr data-param=${p.key} class=${p.key === 'a' ? 'sep' : ''} title=${p.title}>
            <td class="sym">${p.symbol}</td>
            <td class="num best" data-cell="best">${formatStat(p.best)}</td>
            ${
              p.fixed
                ? html`<td class="num muted" data-cell="fixed" colspan="3">${p.fixed}</td>`
                : html`<td class="num" data-cell="median">${formatStat(p.median)}</td>
            <td class="num" data-cell="se">${formatStat(p.se, 3)}</td>
            <td class="num ${p.wide ? 'wide' : ''}" data-cell="ci" data-lo=${p.lo} data-hi=${p.hi}>
              ${Number.isNaN(p.lo) ? '—' : `${formatStat(p.lo)} – ${formatStat(p.hi)}`}
            </td>`
            }
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  private renderCorrelation(r: FitResult) {
    if (!r.bootstrap || r.bootstrap.converged < 2) return nothing;
    const rows = correlationRows(r.bootstrap.correlation);
    return html`<h2 style="margin-top:14px">Bootstrap correlation</h2>
      <table class="corr" data-testid="correlation">
        <thead><tr><th></th>${CORRELATION_LABELS.map((l) => html`<th>${l}</th>`)}</tr></thead>
        <tbody>
          ${rows.map(
            (cells, i) => html`<tr>
              <th>${CORRELATION_LABELS[i]}</th>
              ${cells.map(
                (c) =>
                  html`<td style="background:${c.background};color:${c.light ? '#fff' : 'inherit'}">${c.text}</td>`,
              )}
            </tr>`,
          )}
        </tbody>
      </table>`;
  }

  /** The fit as CLI-shaped JSON, and the methods paragraph. */
  private exportActions(r: FitResult): ExportAction[] {
    const provenance = this.provenance;
    return [
      jsonAction('fit', () => fitJson(r, provenance?.adapter ?? null), {
        description: 'Download the fit as JSON, in the shape `npm run cli -- fit --json` prints',
      }),
      textAction(
        'fit-methods',
        () => {
          if (!provenance)
            throw new Error('the data changed before this fit was shown; fit again to describe it');
          return methodsText({ result: r, provenance });
        },
        {
          id: 'methods',
          label: 'Methods',
          description: 'Show a methods paragraph for this fit, ready for a paper',
        },
      ),
    ];
  }

  override render() {
    const r = this.result;
    if (!r) {
      return html`<div class="card muted" data-testid="fit-empty">
        No fit yet. Choose options and press <b>Fit</b>: the law is fitted to the usable runs
        (Huber loss on log-loss, L-BFGS from many starts), then bootstrapped for intervals.
      </div>`;
    }
    const diag = diagnostics(r);
    return html`<div class="card" data-testid="fit-result" data-engine=${r.engine}>
        <div class="row head">
          <h2 tabindex="-1" data-testid="fit-heading">Fitted law <span class="muted" style="text-transform:none;letter-spacing:0;font-weight:400">
            · ${r.rows} runs · ${r.engine.toUpperCase()} · ${formatDuration(r.seconds)}</span></h2>
          ${
            this.active
              ? html`<span class="badge" data-testid="fit-active">active in Surface view</span>`
              : html`<button data-testid="fit-apply" @click=${() =>
                  this.dispatchEvent(
                    new CustomEvent('fit-apply', { bubbles: true, composed: true }),
                  )}>
                Use this fit</button>`
          }
        </div>
        ${
          this.stale
            ? html`<ul class="messages stale"><li class="note" data-testid="fit-stale">
              The data changed since this fit (dataset or excluded rows). Fit again to update it.</li></ul>`
            : nothing
        }
        ${
          r.warnings.length > 0
            ? html`<ul class="messages" data-testid="fit-warnings" style="margin:0 0 10px">
              ${r.warnings.map((w) => html`<li class="warning">⚠ ${w}</li>`)}
            </ul>`
            : nothing
        }
        <div class="tables">
          <div>${this.renderParams(r)}</div>
          <div>
            <h2>Convergence</h2>
            <dl data-testid="diagnostics">
              ${diag.map((d) => html`<dt>${d.label}</dt><dd class=${d.bad ? 'bad' : ''}>${d.value}</dd>`)}
            </dl>
            ${this.renderCorrelation(r)}
          </div>
        </div>
        <export-menu data-testid="export-fit" label="Export the fit" .actions=${this.exportActions(r)}></export-menu>
      </div>
      <div class="card charts">
        <residuals-chart .result=${r} .runs=${this.runs} .excludedRows=${this.excludedRows} .lossUnit=${this.lossUnit}></residuals-chart>
        <bootstrap-cloud .result=${r}></bootstrap-cloud>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fit-results': FitResults;
  }
}
