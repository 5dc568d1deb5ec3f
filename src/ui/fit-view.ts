/**
 * The Fit view: the data panel on the left; fit options, results, charts and the forecast check
 * on the right. Holds no state of its own beyond layout: everything comes from the app shell,
 * and every change goes back to it as an event.
 */
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { type RunsImport, usableRuns } from '../data/runs';
import { runsInSeries } from '../data/series';
import { lossUnitOf } from '../export/fit';
import { type FitProvenance, fitProvenance } from '../export/methods';
import { pythonFitScript } from '../export/python-script';
import { type ExportAction, exportFilename } from '../export/types';
import type { ForecastCheck } from '../fit/forecast';
import type { FitMethodRow } from '../fit/method';
import type { SeriesFit } from '../fit/series-fit';
import type { FitProgress, FitResult, FitRun } from '../fit/types';
import type { ScalingLaw } from '../law/law';
import type { ScenarioState } from '../scenario/state';
import type { RefusedImport } from './data-panel';
import type { DiagnosedFit } from './fit-diagnostics';
import type { RunningJob } from './job-controller';
import { theme } from './theme';
import './data-panel';
import './export-menu';
import './fit-diagnostics';
import './fit-controls';
import './fit-results';
import './forecast-panel';
import './law-test-panel';
import './method-compare-panel';

/** A job's state as the view shows it. */
/** A finished fit of a method with no panel of its own: what its `summary` and `rows` say. */
export interface MethodResultView {
  /** The method's id. */
  readonly id: string;
  /** The method's result, for the charts that know its type. */
  readonly result: unknown;
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

/** The element that has focus, looked up through open shadow roots. */
function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** True when focus has nowhere useful to be: the body, nothing, or a control now disabled. */
function focusLost(el: Element | null): boolean {
  return (
    el === null ||
    el === document.body ||
    !el.isConnected ||
    (el as HTMLButtonElement).disabled === true
  );
}

/** A fitted law in one line: E, alpha and beta ('no two-term law' for a method without one). */
function lawLine(law: ScalingLaw | undefined): string {
  if (!law) return 'no two-term law';
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
  @property({ attribute: false }) lawOf: (result: never) => ScalingLaw | undefined = (
    r: FitResult,
  ) => r.best.law;
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
  /** The last element inside this view that had focus (a button, a field). */
  private lastFocused: WeakRef<Element> | undefined;

  constructor() {
    super();
    this.addEventListener('focusin', (e) => {
      const target = e.composedPath()[0];
      if (target instanceof Element) this.lastFocused = new WeakRef(target);
    });
    // Focus events need the window to have focus; the button that starts or cancels a job is
    // read when it is pressed, as well.
    const remember = () => {
      const el = deepActiveElement();
      if (el && el !== document.body) this.lastFocused = new WeakRef(el);
    };
    for (const type of ['fit-start', 'fit-cancel', 'forecast-start', 'forecast-cancel'])
      this.addEventListener(type, remember);
  }

  /**
   * When a fit or a forecast check ends, focus stays where the user was; if it dropped (the
   * Cancel button it was on is disabled now, or the body has it), it goes back to the last
   * control the user was on if that is usable again, else to the results' heading.
   */
  private async keepFocus(kind: 'fit' | 'forecast'): Promise<void> {
    const root = this.renderRoot;
    const controls = root.querySelector('fit-controls');
    const results = root.querySelector('fit-results');
    const forecast = root.querySelector('forecast-panel');
    await Promise.all([controls, results, forecast].map((el) => el?.updateComplete));
    if (!focusLost(deepActiveElement())) return;
    const last = this.lastFocused?.deref();
    if (last instanceof HTMLElement && !focusLost(last)) {
      last.focus();
      if (deepActiveElement() === last) return;
    }
    if (kind === 'forecast') forecast?.focusHeading();
    else if (!results?.focusHeading()) controls?.focusHeading();
  }

  protected override updated(changed: Map<string, unknown>): void {
    const ended = (key: 'fit' | 'forecast') => {
      if (!changed.has(key)) return false;
      const before = changed.get(key) as JobView<unknown> | undefined;
      return before?.running !== undefined && this[key]?.running === undefined;
    };
    if (ended('fit')) void this.keepFocus('fit');
    else if (ended('forecast')) void this.keepFocus('forecast');
  }

  override willUpdate(): void {
    const r = this.fit?.value;
    if (!r || this.fit.stale || this.provenance.has(r)) return;
    const s = this.scenario;
    this.provenance.set(
      r,
      // Under `auto` a fit may run on the CPU while the badge's engine is a GPU: the adapter
      // named is the one that ran this fit, none for a CPU fit.
      fitProvenance(
        s.dataset.name,
        this.imported.runs,
        s.excludedRows,
        r.engine === 'gpu' ? this.engineLabel : 'CPU',
      ),
    );
  }

  private runsMemo:
    | { key: readonly unknown[]; runs: readonly FitRun[]; generation: number }
    | undefined;

  /** The usable runs of the series shown (all usable runs when the runs carry no series). */
  private get shownRuns(): readonly FitRun[] {
    const s = this.scenario;
    const key = [this.imported, s.excludedRows, this.chosenSeries];
    const memo = this.runsMemo;
    if (memo?.key.every((k, i) => k === key[i])) return memo.runs;
    const usable = usableRuns(this.imported, new Set(s.excludedRows));
    const runs = this.chosenSeries === null ? usable : runsInSeries(usable, [this.chosenSeries]);
    this.runsMemo = { key, runs, generation: (memo?.generation ?? 0) + 1 };
    return runs;
  }

  /** A key of {@link shownRuns} for panels that keep results of other runs as stale. */
  private get shownRunsKey(): string {
    void this.shownRuns;
    return String(this.runsMemo!.generation);
  }

  /** The fit shown, tagged by method, for the diagnostic charts (none while stale). */
  private get diagnosed(): DiagnosedFit | undefined {
    if (this.fit.stale) return undefined;
    if (this.fit.value) return { method: 'approach3', result: this.fit.value };
    const v = this.methodView;
    if (v?.id === 'approach2' || v?.id === 'compute-only')
      return { method: v.id, result: v.result } as DiagnosedFit;
    return undefined;
  }

  /** The download of a standalone Python script that reproduces the point fit shown. */
  private pythonActions(d: DiagnosedFit): ExportAction[] {
    const s = this.scenario;
    const csvName = s.dataset.source === 'user' ? s.dataset.name : 'scaling-sweep-builtin.csv';
    return [
      {
        id: 'python',
        label: 'Python script',
        description: `Download a numpy/scipy script that reads ${csvName} with this mapping and these exclusions and reproduces the point fit`,
        produce: async () => ({
          filename: exportFilename(`fit-${d.method}`, 'py'),
          mime: 'text/x-python;charset=utf-8',
          data: pythonFitScript({
            method: d.method,
            options: d.result.options,
            csvName,
            mapping: this.imported.mapping,
            excludedRows: s.excludedRows,
            series: this.chosenSeries,
          }),
        }),
      },
    ];
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
          method=${s.fitMethod}
          ?hasWeights=${this.imported.runs.some((r) => r.weight !== undefined)}
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
          .stale=${this.fit.stale}
          .active=${this.fitActive}
        ></fit-results>
        ${
          this.diagnosed
            ? html`<export-menu
                data-testid="export-python"
                label="Reproduce the fit in Python"
                .actions=${this.pythonActions(this.diagnosed)}
              ></export-menu>`
            : nothing
        }
        <fit-diagnostics
          .fit=${this.diagnosed}
          .runs=${this.shownRuns}
          .allRuns=${this.chosenSeries === null ? this.imported.runs : runsInSeries(this.imported.runs, [this.chosenSeries])}
          .excludedRows=${s.excludedRows}
          .activeLaw=${s.law}
          .colourMap=${s.colourMap}
        ></fit-diagnostics>
        <forecast-panel
          .holdOut=${s.forecast.holdOut}
          .bootstrap=${s.forecast.bootstrap}
          .result=${this.forecast.value}
          .running=${this.forecast.running}
          .error=${this.forecast.error}
          .notice=${this.forecast.notice}
          .blocker=${this.blocker}
          .stale=${this.forecast.stale}
          .lossUnit=${lossUnit}
          .now=${this.now}
        ></forecast-panel>
        ${
          this.fit.value && !this.methodView && !this.fit.stale
            ? html`<law-test-panel
                .result=${this.fit.value}
                .runs=${this.shownRuns}
                .surfaceLaw=${s.law}
              ></law-test-panel>`
            : nothing
        }
        <method-compare-panel
          .runs=${this.shownRuns}
          .runsKey=${this.shownRunsKey}
          .options=${s.fitOptions}
        ></method-compare-panel>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fit-view': FitView;
  }
}
