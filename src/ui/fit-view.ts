/**
 * The Fit view: the data panel on the left; fit options, results, charts and the forecast check
 * on the right. Holds no state of its own beyond layout: everything comes from the app shell,
 * and every change goes back to it as an event.
 */
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { RunsImport } from '../data/runs';
import { lossUnitOf } from '../export/fit';
import { type FitProvenance, fitProvenance } from '../export/methods';
import type { ForecastCheck } from '../fit/forecast';
import type { FitMethodRow } from '../fit/method';
import type { SeriesFit } from '../fit/series-fit';
import type { FitProgress, FitResult } from '../fit/types';
import type { ScalingLaw } from '../law/law';
import type { ScenarioState } from '../scenario/state';
import type { RefusedImport } from './data-panel';
import type { RunningJob } from './job-controller';
import { theme } from './theme';
import './data-panel';
import './fit-controls';
import './fit-results';
import './forecast-panel';

/** A job's state as the view shows it. */
/** A finished fit of a method with no panel of its own: what its `summary` and `rows` say. */
export interface MethodResultView {
  readonly label: string;
  readonly summary: string;
  readonly rows: readonly FitMethodRow[];
}

export interface JobView<T> {
  readonly value: T | undefined;
  readonly stale: boolean;
  readonly running: RunningJob<FitProgress> | undefined;
  readonly error: string | undefined;
  readonly notice: string | undefined;
}

/** A fitted law in one line: E, alpha and beta. */
function lawLine(law: ScalingLaw): string {
  return `E ${law.E.toPrecision(4)}, α ${law.alpha.toPrecision(3)}, β ${law.beta.toPrecision(3)}`;
}

@customElement('fit-view')
export class FitView extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: grid;
        grid-template-columns: minmax(340px, 420px) minmax(0, 1fr);
        gap: 14px;
        padding: 14px 16px;
        overflow-y: auto;
        align-items: start;
        min-height: 0;
      }
      .right > * + * {
        display: block;
        margin-top: 12px;
      }
      .series {
        display: block;
        border: 1px solid var(--border, #ccc);
        border-radius: 6px;
        padding: 8px 12px;
      }
      .series h3 {
        margin: 0 0 4px;
        font-size: 0.95rem;
      }
      .series ul {
        margin: 0;
        padding: 0;
        list-style: none;
      }
      data-panel,
      fit-controls,
      fit-results,
      forecast-panel {
        display: block;
      }
    `,
  ];

  @property({ attribute: false }) scenario!: ScenarioState;
  @property({ attribute: false }) imported!: RunsImport;
  @property({ attribute: false }) refused: RefusedImport | undefined;
  @property({ attribute: false }) usableCount = 0;
  @property({ attribute: false }) usableWarnings: readonly string[] = [];
  /** Why the usable runs cannot be fitted, or undefined. */
  @property({ attribute: false }) blocker: string | undefined;
  @property({ attribute: false }) fit!: JobView<FitResult>;
  /** Every series of the last fit job, fitted or with the reason it was not. */
  @property({ attribute: false }) seriesFits: readonly SeriesFit<unknown>[] = [];
  /** The law of one series' result (the fitted method's `law`). */
  @property({ attribute: false }) lawOf: (result: never) => ScalingLaw = (r: FitResult) =>
    r.best.law;
  /** The chosen result when its method has no panel of its own (not Approach 3). */
  @property({ attribute: false }) methodView: MethodResultView | undefined;
  /** The series whose result is shown (null: the runs carry no series). */
  @property({ attribute: false }) chosenSeries: string | null = null;
  @property({ attribute: false }) forecast!: JobView<ForecastCheck>;
  @property() engineLabel = '';
  @property({ type: Boolean }) fitActive = false;
  @property({ attribute: false }) now = 0;

  /** Where each fit's data came from, taken when the fit first shows with fresh data. */
  private readonly provenance = new WeakMap<FitResult, FitProvenance>();

  override willUpdate(): void {
    const r = this.fit?.value;
    if (!r || this.fit.stale || this.provenance.has(r)) return;
    const s = this.scenario;
    this.provenance.set(
      r,
      fitProvenance(s.dataset.name, this.imported.runs, s.excludedRows, this.engineLabel),
    );
  }

  /** The per-series picker, shown only when the last fit covered named series. */
  private renderSeries() {
    const fits = this.seriesFits;
    if (fits.length === 0 || fits.every((f) => f.series === null)) return nothing;
    const choose = (series: string | null) =>
      this.dispatchEvent(
        new CustomEvent('fit-series-choose', { detail: { series }, bubbles: true, composed: true }),
      );
    return html`<section class="series" data-testid="series-fits" aria-label="Fits by series">
      <h3>Fits by series (${fits.length})</h3>
      <ul>
        ${fits.map((f) =>
          'result' in f
            ? html`<li data-testid="series-fit" data-series=${f.series ?? ''}>
                <label
                  ><input
                    type="radio"
                    name="series"
                    .checked=${f.series === this.chosenSeries}
                    @change=${() => choose(f.series)}
                  />
                  <strong>${f.series}</strong> · ${f.runs} runs · ${lawLine(this.lawOf(f.result as never))}</label
                >
              </li>`
            : html`<li data-testid="series-unfitted" data-series=${f.series ?? ''}>
                <strong>${f.series}</strong> · ${f.runs} runs · not fitted: ${f.problem}
              </li>`,
        )}
      </ul>
    </section>`;
  }

  /** The rows of a method with no panel of its own. */
  private renderMethodView() {
    const v = this.methodView;
    if (!v) return nothing;
    return html`<section class="method-result" data-testid="method-result" aria-label=${`${v.label} result`}>
      <h3>${v.label}</h3>
      <p class="muted">${v.summary}</p>
      <table data-testid="method-rows">
        <thead><tr><th>quantity</th><th>estimate</th><th>95% interval</th></tr></thead>
        <tbody>
          ${v.rows.map(
            (r) => html`<tr><th>${r.name}</th><td class="num">${r.estimate.toPrecision(4)}</td>
              <td class="num">${r.interval ? `${r.interval[0].toPrecision(4)} – ${r.interval[1].toPrecision(4)}` : '—'}</td></tr>`,
          )}
        </tbody>
      </table>
    </section>`;
  }

  override render() {
    const s = this.scenario;
    const lossUnit = lossUnitOf(s.dataset.source, this.imported.lossLabel);
    return html`
      <div class="left">
        <data-panel
          .datasetRef=${s.dataset}
          .imported=${this.imported}
          .excludedRows=${s.excludedRows}
          .seriesSelection=${s.seriesSelection}
          .refused=${this.refused}
          .usableCount=${this.usableCount}
          .usableWarnings=${this.usableWarnings}
        ></data-panel>
      </div>
      <div class="right">
        <fit-controls
          .options=${s.fitOptions}
          .running=${this.fit.running}
          .error=${this.fit.error}
          .notice=${this.fit.notice}
          .blocker=${this.blocker}
          .engineLabel=${this.engineLabel}
          .now=${this.now}
        ></fit-controls>
        ${this.renderSeries()}
        ${this.renderMethodView()}
        <fit-results
          .result=${this.fit.value}
          .provenance=${this.fit.value ? this.provenance.get(this.fit.value) : undefined}
          .runs=${this.imported.runs}
          .excludedRows=${s.excludedRows}
          .lossUnit=${lossUnit}
          ?stale=${this.fit.stale}
          ?active=${this.fitActive}
        ></fit-results>
        <forecast-panel
          .holdOut=${s.forecast.holdOut}
          .bootstrap=${s.forecast.bootstrap}
          .result=${this.forecast.value}
          .running=${this.forecast.running}
          .error=${this.forecast.error}
          .notice=${this.forecast.notice}
          .blocker=${this.blocker}
          ?stale=${this.forecast.stale}
          .lossUnit=${lossUnit}
          .now=${this.now}
        ></forecast-panel>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fit-view': FitView;
  }
}
