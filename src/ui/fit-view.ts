/**
 * The Fit view: the data panel on the left; fit options, results, charts and the forecast check
 * on the right. Holds no state of its own beyond layout: everything comes from the app shell,
 * and every change goes back to it as an event.
 */
import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { RunsImport } from '../data/runs';
import { type FitProvenance, fitProvenance } from '../export/methods';
import type { ForecastCheck } from '../fit/forecast';
import type { FitResult } from '../fit/types';
import type { ScenarioState } from '../scenario/state';
import type { RefusedImport } from './data-panel';
import type { RunningJob } from './fit-job';
import { theme } from './theme';
import './data-panel';
import './fit-controls';
import './fit-results';
import './forecast-panel';

/** A job's state as the view shows it. */
export interface JobView<T> {
  readonly value: T | undefined;
  readonly stale: boolean;
  readonly running: RunningJob | undefined;
  readonly error: string | undefined;
  readonly notice: string | undefined;
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

  override render() {
    const s = this.scenario;
    return html`
      <div class="left">
        <data-panel
          .datasetRef=${s.dataset}
          .imported=${this.imported}
          .excludedRows=${s.excludedRows}
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
        <fit-results
          .result=${this.fit.value}
          .provenance=${this.fit.value ? this.provenance.get(this.fit.value) : undefined}
          .runs=${this.imported.runs}
          .excludedRows=${s.excludedRows}
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
