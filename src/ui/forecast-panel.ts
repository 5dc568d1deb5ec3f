/**
 * The forecast check: hold out the runs with the most compute, fit the rest with the same
 * options, and show how well the fit predicts the held-out losses, run by run, with bootstrap
 * 95% prediction intervals, mean absolute error and coverage.
 */
import { css, html, LitElement, nothing, svg } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { csvAction } from '../export/actions';
import { forecastCsv, NATS_PER_TOKEN } from '../export/fit';
import type { ForecastCheck } from '../fit/forecast';
import type { FitProgress } from '../fit/types';
import { MAX_BOOTSTRAP, parseWhole } from './charts/fit-option-fields';
import { forecastBars } from './charts/forecast-bars';
import { formatScientific } from './charts/format';
import { formatDuration, progressView } from './charts/progress';
import { fitStyles } from './fit-styles';
import type { RunningJob } from './job-controller';
import './export-menu';

const BAR_W = 180;

function emit<T>(el: HTMLElement, type: string, detail: T) {
  el.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}

@customElement('forecast-panel')
export class ForecastPanel extends LitElement {
  static override styles = [
    fitStyles,
    css`
      .controls {
        gap: 14px;
      }
      label {
        display: flex;
        align-items: center;
        gap: 6px;
        font-size: 12px;
        color: var(--ink-2);
      }
      input[type='range'] {
        width: 120px;
      }
      input[type='text'] {
        width: 72px;
      }
      .summary {
        display: flex;
        gap: 22px;
        margin: 10px 0 6px;
        font-size: 12px;
      }
      .summary b {
        font-size: 15px;
        font-variant-numeric: tabular-nums;
        display: block;
      }
      .scroll {
        max-height: 300px;
        overflow-y: auto;
      }
      th {
        position: sticky;
        top: 0;
        background: #fff;
      }
      .in {
        color: var(--ok);
      }
      .out {
        color: var(--bad);
        font-weight: 600;
      }
      svg.bars {
        display: block;
      }
      export-menu {
        margin-top: 8px;
      }
    `,
  ];

  @property({ type: Number }) holdOut = 0.2;
  @property({ type: Number }) bootstrap = 1000;
  @property({ attribute: false }) result: ForecastCheck | undefined;
  /** The unit the runs' losses are in (see lossUnitOf), for the export's headings. */
  @property() lossUnit = NATS_PER_TOKEN;
  @property({ attribute: false }) running: RunningJob<FitProgress> | undefined;
  @property({ attribute: false }) error: string | undefined;
  @property({ attribute: false }) notice: string | undefined;
  @property({ attribute: false }) blocker: string | undefined;
  @property({ type: Boolean }) stale = false;
  @property({ attribute: false }) now = 0;

  @state() private kText: string | undefined;
  @state() private kIssue: string | undefined;

  /** Moves focus to the panel's heading (focusable by script only). */
  focusHeading(): boolean {
    const heading = this.renderRoot.querySelector<HTMLElement>('[data-testid="forecast-heading"]');
    heading?.focus();
    return heading !== null;
  }

  private onK(e: Event) {
    this.kText = (e.target as HTMLInputElement).value;
    const k = parseWhole(this.kText, 0, MAX_BOOTSTRAP, 'Bootstrap K');
    this.kIssue = typeof k === 'string' ? k : undefined;
    if (typeof k === 'number') emit(this, 'forecast-settings-change', { bootstrap: k });
  }

  private renderResult(f: ForecastCheck) {
    const bars = forecastBars(f.rows, BAR_W);
    const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : '—');
    const inside = f.rows.filter((r) => r.inside).length;
    return html`
      ${this.stale ? html`<ul class="messages"><li class="note">The data changed since this check. Run it again to update it.</li></ul>` : nothing}
      <div class="summary" data-testid="forecast-summary">
        <div><b data-testid="forecast-mare">${pct(f.meanAbsRelError)}</b><span class="muted">mean |relative error|</span></div>
        <div><b data-testid="forecast-coverage">${pct(f.coverage)}</b><span class="muted">inside 95% interval (${inside} of ${f.rows.length})</span></div>
        <div><b>${formatScientific(f.cutoff, 3)}</b><span class="muted">FLOPs cutoff · fitted on ${f.trainRuns} runs</span></div>
      </div>
      <div class="scroll">
        <table data-testid="forecast-table">
          <thead><tr>
            <th class="num">Row</th><th class="num">N</th><th class="num">C</th><th class="num">Actual</th>
            <th class="num">Predicted</th><th class="num">95% interval</th><th class="num">Error</th>
            <th>
              <svg class="bars" width=${BAR_W} height="12">
                ${bars.ticks.map((t) => svg`<text x=${t.at} y="10" text-anchor="middle" font-size="9.5" fill="#7b8394">${t.label}</text>`)}
              </svg>
            </th>
          </tr></thead>
          <tbody>
            ${f.rows.map((r, i) => {
              const b = bars.bars[i]!;
              return html`<tr>
                <td class="num">${r.row}</td>
                <td class="num">${formatScientific(r.N, 3)}</td>
                <td class="num">${formatScientific(r.C, 3)}</td>
                <td class="num">${r.actual.toFixed(4)}</td>
                <td class="num">${r.predicted.toFixed(4)}</td>
                <td class="num">${Number.isFinite(r.lo) ? `${r.lo.toFixed(4)} – ${r.hi.toFixed(4)}` : '—'}</td>
                <td class="num ${r.inside ? 'in' : 'out'}">${r.relError >= 0 ? '+' : ''}${(r.relError * 100).toFixed(2)}%</td>
                <td>
                  <svg class="bars" width=${BAR_W} height="12">
                    <line x1=${bars.zero} x2=${bars.zero} y1="0" y2="12" stroke="#9aa1ae"></line>
                    ${Number.isFinite(b.x0) ? svg`<line x1=${b.x0} x2=${b.x1} y1="6" y2="6" stroke=${b.inside ? '#7fa3e8' : '#e8a29a'} stroke-width="4" stroke-linecap="round"></line>` : nothing}
                    <circle cx=${b.predicted} cy="6" r="3" fill=${b.inside ? '#2f5fd0' : '#c2352b'}></circle>
                  </svg>
                </td>
              </tr>`;
            })}
          </tbody>
        </table>
      </div>
      <div class="small muted" style="margin-top:6px">
        Bars: the 95% prediction interval of the loss (${f.replicas.toLocaleString('en-US')} bootstrap replicas, each
        with one training residual drawn for it: parameter uncertainty plus run-to-run scatter, whose
        log-loss SD on the training runs is ${pct(f.residualSd)}) and the best-fit prediction (dot),
        relative to the actual loss (grey line).
      </div>
      <export-menu data-testid="export-forecast" label="Export the forecast check" .actions=${[
        csvAction('forecast-check', () => forecastCsv(f, this.lossUnit), {
          description: 'Download the held-out runs with predictions and intervals as CSV',
        }),
      ]}></export-menu>`;
  }

  override render() {
    const run = this.running;
    const v = run ? progressView(run.progress, (this.now - run.phaseStartedAt) / 1000) : undefined;
    return html`<div class="card" data-testid="forecast">
      <h2 tabindex="-1" data-testid="forecast-heading">Forecast check</h2>
      <div class="small muted" style="margin-bottom:8px">
        Hold out the runs with the most compute, fit the rest with the same options, and see
        whether the held-out losses fall inside the bootstrap prediction intervals.
      </div>
      <div class="row controls">
        <label>Hold out top
          <input type="range" min="0.05" max="0.5" step="0.05" data-testid="forecast-holdout"
            .value=${String(this.holdOut)}
            @input=${(e: Event) => emit(this, 'forecast-settings-change', { holdOut: Number((e.target as HTMLInputElement).value) })} />
          <span class="mono">${Math.round(this.holdOut * 100)}%</span> of runs by C
        </label>
        <label>Bootstrap K
          <input type="text" data-testid="forecast-k" aria-invalid=${this.kIssue ? 'true' : 'false'}
            .value=${this.kText ?? String(this.bootstrap)} @input=${this.onK} />
        </label>
        <button class="primary" data-testid="forecast-run" ?disabled=${!!run || !!this.blocker || !!this.kIssue}
          title=${this.blocker ?? ''} @click=${() => emit(this, 'forecast-start', {})}>Run forecast check</button>
        <button ?disabled=${!run} @click=${() => emit(this, 'forecast-cancel', {})}>Cancel</button>
        ${v && run ? html`<span class="small mono">${v.label} · ${formatDuration((this.now - run.startedAt) / 1000)}</span>` : nothing}
      </div>
      <ul class="messages">
        ${this.kIssue ? html`<li class="error">${this.kIssue}</li>` : nothing}
        ${this.error ? html`<li class="error" role="alert"><b>Forecast check failed:</b> ${this.error}</li>` : nothing}
        ${this.notice ? html`<li class="note">${this.notice}</li>` : nothing}
      </ul>
      ${this.result ? this.renderResult(this.result) : nothing}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'forecast-panel': ForecastPanel;
  }
}
