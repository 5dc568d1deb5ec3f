/**
 * The Frontier view: N_opt, D_opt, tokens per parameter and loss against budget C (1e18 to
 * 1e28, 512 budgets) in four small log-log panels. The active law is a line; a fit with
 * bootstrap replicas adds a median line and 5–95% / 25–75% bands (engine.frontier over replicas
 * x budgets); presets overlay with their sources; Kaplan 2020 and 20 tokens/param are drawn as
 * rules; reference models as markers; a readout table at chosen budgets. The scenario planner
 * sits in the side panel. What is shown (overlays, rules, readout budgets, the planner's inputs)
 * is the app state's frontier and planner slices, passed in; changes go back as
 * `frontier-change` and `planner-change` events. Geometry lives in src/ui/charts/frontier-panels.ts.
 *
 * The bands follow their inputs by themselves (a new fit, the planner's U or q, the readout
 * budgets): requests are coalesced to one per frame, a superseded job is aborted and its result
 * dropped, and the replicas' optima are summarised in slices so the page keeps drawing. A band
 * job whose estimate (from the throughput measured in this session) is over about a second
 * waits for a Solve button instead. While the view is hidden nothing runs; it catches up when
 * shown. Hovering a panel (or its arrow keys) reads every drawn curve at that budget, and the
 * panels are shaded beyond the largest budget among the fit's runs.
 *
 * With two or more fitted series in the last per-series fit (`seriesFits`), each series is
 * drawn too, in the Compare view's colour for its place, with a 95% band over its own replicas
 * (an even subsample of at most SERIES_BAND_REPLICAS), solved in the same band job as the fit
 * shown; the slice's `showSeries` toggles them.
 *
 * This element is the shell: state, events and the band job. The legend's toggles, the hover
 * readout and the readout card are drawn by `frontier-controls.ts`, the four panels by
 * `frontier-plot.ts`, both into this element's shadow root; the styles are in
 * `frontier-styles.ts`.
 */
import { consume } from '@lit/context';
import { html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { EngineManager } from '../engine/manager';
import type { FrontierTableInput } from '../export/grids';
import type { ExportAction } from '../export/types';
import { frontierExportActions, frontierFigureTitle } from '../export/view-actions';
import type { Approach2Result } from '../fit/approach2';
import { type Approach2Frontier, approach2Frontier } from '../fit/approach2-band';
import { replicaLaws } from '../fit/replica-table';
import type { SeriesFit } from '../fit/series-fit';
import type { FitResult } from '../fit/types';
import { logBudgets, type ScenarioBands } from '../law/bands';
import { FrontierCurveCache, largestBudget } from '../law/frontier-curves';
import type { ScalingLaw } from '../law/law';
import { solveOptimum } from '../law/optimum';
import { PRESETS } from '../law/presets';
import {
  KAPLAN_2020,
  REFERENCE_MODELS,
  referenceCompute,
  TOKENS_PER_PARAM_HEURISTIC,
} from '../law/references';
import { repetitionConstants, type Scenario } from '../law/scenario';
import { scenarioFor as scenarioForConstraints } from '../law/scenario-policy';
import { type FrontierState, readoutIssue } from '../scenario/frontier-state';
import {
  type PlannerConstraints,
  type PlannerState,
  plannerConstraints,
} from '../scenario/planner-state';
import { sameLaw } from '../scenario/state';
import { formatCount, formatScientific } from './charts/format';
import { parseBudgetList } from './charts/frontier-panels';
import { SERIES_BAND_REPLICAS } from './charts/frontier-series';
import { formatDuration } from './charts/progress';
import { type BandsInput, FrontierBands } from './frontier-bands';
import { frontierLegend, hoverReadout, PRESET_COLOURS, readoutCard } from './frontier-controls';
import { frontierHoverRows } from './frontier-hover';
import {
  type BandsResult,
  C_MAX,
  C_MIN,
  type FrontierPlotInput,
  frontierPanels,
} from './frontier-plot';
import {
  type FittedSeries,
  fittedSeriesList,
  type SeriesOverlayWithReadout,
  seriesOverlays,
} from './frontier-series';
import { frontierStyles } from './frontier-styles';
import { objectId } from './object-id';
import { engineManagerContext } from './services';
import './export-menu';
import './planner-panel';

const BUDGET_COUNT = 512;
const BUDGETS = logBudgets(C_MIN, C_MAX, BUDGET_COUNT);
const KAPLAN_ANCHOR_C = 1e21;

function scenarioFor(
  C: number,
  c: PlannerConstraints,
  extras?: Readonly<Record<string, number>>,
): Scenario {
  return scenarioForConstraints({ C, U: c.U, q: c.q, ...repetitionConstants(extras) });
}

@customElement('frontier-view')
export class FrontierView extends LitElement {
  static override styles = frontierStyles;

  /** From the app shell, through `engineManagerContext`. */
  @consume({ context: engineManagerContext, subscribe: true })
  @state()
  manager!: EngineManager;
  @property({ attribute: false }) law!: ScalingLaw;
  @property({ attribute: false }) fit: FitResult | undefined;
  /** The last Approach-2 fit of the runs shown, drawn beside the law with its band. */
  @property({ attribute: false }) approach2: Approach2Result | undefined;
  /** What the active law is called in the legend. */
  @property() lawLabel = 'active law';

  /** True unless the bands are the fit's and the active law is no longer its point estimate. */
  private get bandsOfActiveLaw(): boolean {
    return this.fit === undefined || sameLaw(this.fit.best.law, this.law);
  }
  /** False while the view is hidden: no band job starts until it is shown. */
  @property({ type: Boolean }) active = true;

  /** Overlays, rules and readout budgets (the app state's slice). */
  @property({ attribute: false }) frontier!: FrontierState;
  /** The planner's inputs (the app state's slice); its U cap and quality shape the curves. */
  @property({ attribute: false }) planner!: PlannerState;
  /**
   * The per-series Approach-3 fits of the last fit job (undefined for another method): with two
   * or more fitted series, each is drawn with its 95% band while the slice's `showSeries` is on.
   * The fit shown (`fit`) is usually one of them.
   */
  @property({ attribute: false }) seriesFits: readonly SeriesFit<FitResult>[] | undefined;
  /** The runs the fit was fitted to: the panels are shaded beyond their largest budget. */
  @property({ attribute: false }) fitRuns: readonly { N: number; D: number }[] | undefined;

  /** log10 C of the hover readout (pointer or keys), or undefined. */
  @state() private hoverLog10C: number | undefined;
  private hoverFrame: { value: number | undefined; handle: number } | undefined;
  private dataBudgetCache:
    | { runs: readonly { N: number; D: number }[]; C: number | undefined }
    | undefined;

  /** The readout budgets as typed, while they do not parse (the state keeps the last good). */
  @state() private readoutDraft: string | undefined;
  @state() private readoutError = '';
  private sent: FrontierState | undefined;

  /** The curves drawn, each solved once per (law, constraints). */
  private readonly curves = new FrontierCurveCache<PlannerConstraints>(BUDGETS, scenarioFor);
  /** The series' curves, kept apart so that many series do not push the others out. */
  private readonly seriesCurves = new FrontierCurveCache<PlannerConstraints>(
    BUDGETS,
    scenarioFor,
    64,
  );
  private replicaCache: { fit: FitResult; laws: ScalingLaw[] } | undefined;
  /** The band job (coalesced per frame, held when over the automatic budget). */
  private readonly bands = new FrontierBands(this);

  private get replicas(): ScalingLaw[] | undefined {
    const reps = this.fit?.bootstrap?.replicas;
    if (!this.fit || !reps) return undefined;
    if (this.replicaCache?.fit !== this.fit)
      this.replicaCache = { fit: this.fit, laws: replicaLaws(reps) };
    return this.replicaCache.laws.length > 0 ? this.replicaCache.laws : undefined;
  }

  private get replicasKey(): string {
    return this.fit ? `fit${objectId(this.fit)}` : '';
  }

  /** The series overlaid now: none while the toggle is off or with fewer than two. */
  private get shownSeries(): readonly FittedSeries[] {
    return this.frontier.showSeries ? fittedSeriesList(this.seriesFits) : [];
  }

  /** The series whose replicas the band job solves: those other than the fit shown. */
  private get seriesInJob(): readonly FittedSeries[] {
    return this.shownSeries.filter((s) => s.fit !== this.fit && s.replicas.length > 0);
  }

  private get constraints(): PlannerConstraints {
    return plannerConstraints(this.planner);
  }

  private get readoutBudgets(): readonly number[] {
    return this.frontier.readoutBudgets;
  }

  private get bandsKey(): string {
    const series = this.seriesInJob.map((s) => objectId(s.fit)).join(',');
    return `${this.replicasKey}|${series}|${JSON.stringify(this.constraints)}|${this.readoutBudgets.join(',')}`;
  }

  /** A hidden view does no work: it catches up on every change when it is shown again. */
  protected override shouldUpdate(changed: Map<string, unknown>): boolean {
    // Hidden before its frame came: the band request waits until the view is shown.
    if (changed.has('active') && !this.active) this.bands.pause();
    return this.active;
  }

  override willUpdate(changed: Map<string, unknown>): void {
    // 'active': changes made while hidden were not seen (shouldUpdate skipped them).
    if ((changed.has('frontier') || changed.has('active')) && this.frontier !== this.sent) {
      this.readoutDraft = undefined;
      this.readoutError = '';
    }
  }

  private send(frontier: FrontierState) {
    this.sent = frontier;
    this.dispatchEvent(
      new CustomEvent('frontier-change', { detail: { frontier }, bubbles: true, composed: true }),
    );
  }

  /** Starts the band job when its inputs changed; a superseded job's result is discarded. */
  override updated(): void {
    const laws = this.replicas;
    const series = this.seriesInJob;
    if ((!laws && series.length === 0) || !this.manager || !this.active) return;
    this.bands.request(this.bandsKey, () => this.bandsInput(laws ?? [], series));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.bands.pause();
    if (this.hoverFrame) cancelAnimationFrame(this.hoverFrame.handle);
    this.hoverFrame = undefined;
  }

  /** What a band job over `laws` solves now: the panels' budgets, then the readout's. */
  private bandsInput(laws: readonly ScalingLaw[], series: readonly FittedSeries[]): BandsInput {
    const c = this.constraints;
    const scenarios = [...BUDGETS, ...this.readoutBudgets].map((C) => scenarioFor(C, c));
    const engine = this.manager.status.kind ?? 'cpu';
    return {
      manager: this.manager,
      laws,
      ...(series.length > 0 ? { series: series.map((s) => s.replicas) } : {}),
      scenarios,
      gridCount: BUDGETS.length,
      timingKey: `${engine}:${scenarios[0]?.kind ?? 'compute'}`,
    };
  }

  /** Figure, frontier CSV and readout CSV of what the view shows (src/export/view-actions.ts). */
  private get exportActions(): ExportAction[] {
    this.exportCache ??= frontierExportActions(
      this.renderRoot,
      () => this.tableInput(BUDGETS, this.currentBands?.grid, 'grid'),
      () => this.tableInput(this.readoutBudgets, this.currentBands?.readout, 'readout'),
      () => frontierFigureTitle(scenarioFor(C_MIN, this.constraints), this.lawLabel, formatCount),
    );
    return this.exportCache;
  }
  private exportCache: ExportAction[] | undefined;

  private tableInput(
    budgets: readonly number[],
    bands: readonly ScenarioBands[] | undefined,
    part: 'grid' | 'readout',
  ): FrontierTableInput {
    const c = this.constraints;
    const series = this.seriesOverlays(c).map((s) => {
      const b = part === 'grid' ? s.bands : s.readout;
      return { name: s.name, law: s.law, ...(b ? { bands: b } : {}) };
    });
    return {
      law: this.law,
      lawSource: this.lawLabel,
      budgets,
      scenario: (C) => scenarioFor(C, c),
      ...(bands ? { bands } : {}),
      ...(series.length > 0 ? { series } : {}),
    };
  }

  private get currentBands(): BandsResult | undefined {
    return this.replicas ? this.bands.resultFor(this.bandsKey) : undefined;
  }

  /**
   * The series overlaid, each with its curve under `c` and its bands once solved: the fit
   * shown reuses its own bands (over all its replicas), the others theirs from the same job.
   */
  private seriesOverlays(c: PlannerConstraints): SeriesOverlayWithReadout[] {
    return seriesOverlays(this.shownSeries, {
      fit: this.fit,
      fitBands: this.currentBands,
      inJob: this.seriesInJob,
      jobBands: this.bands.resultFor(this.bandsKey)?.series,
      curve: (law) => this.seriesCurves.curve(law, c),
    });
  }

  /** How many replicas the band job solves: the fit shown's and the overlaid series'. */
  private get jobReplicas(): number {
    return (
      (this.replicas?.length ?? 0) + this.seriesInJob.reduce((n, s) => n + s.replicas.length, 0)
    );
  }

  private onReadout(text: string) {
    this.readoutDraft = text;
    const list = parseBudgetList(text);
    const issue = list ? readoutIssue(list) : 'budgets must be positive numbers, e.g. 1e21, 1e23';
    if (issue) {
      this.readoutError = `Readout ${issue} (previous budgets kept)`;
      return;
    }
    this.readoutError = '';
    this.readoutDraft = undefined;
    this.send({ ...this.frontier, readoutBudgets: list! });
  }

  private renderProgress() {
    const job = this.bands.job;
    const run = job.running;
    if (!this.replicas && this.seriesInJob.length === 0) {
      return html`<span class="muted small" data-testid="bands-status">No fit with bootstrap replicas yet: bands appear after a fit (Fit tab).</span>`;
    }
    const held = this.bands.held;
    if (!run && held && held.key === this.bandsKey) {
      return html`<span class="small" data-testid="bands-status">Bands over ${this.jobReplicas.toLocaleString('en-US')} replicas x ${BUDGET_COUNT} budgets would take about ${formatDuration(held.estimate)} here, too long for a live update.
        <button data-testid="bands-solve" @click=${() => this.bands.solveHeld()}>Solve bands</button></span>`;
    }
    if (run) {
      const p = run.progress;
      const pct = p && p.total > 0 ? Math.round((100 * p.done) / p.total) : 0;
      return html`<span class="small" data-testid="bands-status">Solving ${this.jobReplicas.toLocaleString('en-US')} replicas x ${BUDGET_COUNT} budgets… ${pct}%
        <button @click=${() => job.cancel()}>Cancel</button></span>`;
    }
    if (job.error)
      return html`<span class="small" data-testid="bands-status">Bands failed: ${job.error}</span>`;
    const shown = this.currentBands;
    const series =
      this.shownSeries.length > 0 && this.bands.resultFor(this.bandsKey)
        ? ` Each series' 95% band is over its own replicas (at most ${SERIES_BAND_REPLICAS.toLocaleString('en-US')}, evenly spread).`
        : '';
    if (!shown && !series)
      return html`<span class="muted small" data-testid="bands-status">${job.notice ?? ''}</span>`;
    return html`<span class="muted small" data-testid="bands-status">${shown ? `Median and 25–75% / 5–95% bands over ${shown.replicas.toLocaleString('en-US')} bootstrap replicas.` : ''}${series}</span>`;
  }

  /** The largest budget k N D among the fit's runs; undefined without a fit. */
  private get dataBudget(): number | undefined {
    const runs = this.fitRuns;
    if (!this.fit || !runs) return undefined;
    if (this.dataBudgetCache?.runs !== runs)
      this.dataBudgetCache = { runs, C: largestBudget(runs) };
    return this.dataBudgetCache.C;
  }

  /** Moves the hover readout, at most once a frame however fast the pointer moves. */
  private onHover(log10C: number | undefined) {
    if (this.hoverFrame) {
      this.hoverFrame.value = log10C;
      return;
    }
    const frame = { value: log10C, handle: 0 };
    frame.handle = requestAnimationFrame(() => {
      this.hoverFrame = undefined;
      this.hoverLog10C = frame.value;
    });
    this.hoverFrame = frame;
  }

  /**
   * `p`, or the equal input of the previous render: the panels draw their marks once per input
   * object, so a hover (or a job's progress) does not redraw 4 x 512-point paths.
   */
  private plotInput(p: FrontierPlotInput): FrontierPlotInput {
    const deps = (x: FrontierPlotInput) => [
      x.frontier,
      x.active,
      x.bands,
      x.dataLog10C,
      x.approach2,
      ...(x.series ?? []).flatMap((s) => [s.curve, s.bands, s.colour]),
      x.anchor?.N,
      x.anchor?.D,
      ...x.overlays.flatMap((o) => [o.curve, o.colour]),
    ];
    const last = this.lastPlot;
    if (last) {
      const a = deps(last);
      const b = deps(p);
      if (a.length === b.length && a.every((v, i) => v === b[i])) return last;
    }
    this.lastPlot = p;
    return p;
  }
  private lastPlot: FrontierPlotInput | undefined;

  /** Approach 2's allocation and band at the panels' budgets, once per result. */
  private get approach2Curve(): Approach2Frontier | undefined {
    const r = this.approach2;
    if (!r) return undefined;
    if (this.approach2Cache?.result !== r)
      this.approach2Cache = { result: r, curve: approach2Frontier(r, BUDGETS) };
    return this.approach2Cache.curve;
  }
  private approach2Cache: { result: Approach2Result; curve: Approach2Frontier } | undefined;

  private renderCount = 0;
  /**
   * How many times this view has rendered. The end-to-end tests read it to prove that a hidden
   * view does no work while the law changes.
   */
  get renders(): number {
    return this.renderCount;
  }

  override render() {
    this.renderCount++;
    const c = this.constraints;
    const active = this.curves.curve(this.law, c);
    const f = this.frontier;
    const overlays = PRESETS.filter((p) => f.overlays.includes(p.id)).map((p) => ({
      id: p.id,
      colour: PRESET_COLOURS[PRESETS.indexOf(p) % PRESET_COLOURS.length]!,
      curve: this.curves.curve(p.law, c, p.extras),
    }));
    const bands = this.currentBands;
    const series = this.seriesOverlays(c);
    const a = solveOptimum(this.law, scenarioFor(KAPLAN_ANCHOR_C, c));
    const anchor = a.ok ? { C: KAPLAN_ANCHOR_C, N: a.N, D: a.D } : undefined;
    const dataC = this.dataBudget;
    const hoverC = this.hoverLog10C === undefined ? undefined : 10 ** this.hoverLog10C;
    return html`<aside>
        <planner-panel
          .active=${this.active}
          .law=${this.law}
          .replicas=${this.replicas}
          .replicasKey=${this.replicasKey}
          .planner=${this.planner}
          ?bandsOfActiveLaw=${this.bandsOfActiveLaw}
        ></planner-panel>
      </aside>
      <div class="content">
        <export-menu data-testid="export-frontier" label="Export the frontier" .actions=${this.exportActions}></export-menu>
        ${frontierLegend({
          frontier: f,
          lawLabel: this.lawLabel,
          bands: bands !== undefined,
          series: fittedSeriesList(this.seriesFits),
          send: (frontier) => this.send(frontier),
        })}
        <div>${this.renderProgress()}</div>
        ${
          this.approach2Curve
            ? html`<p class="small" data-testid="approach2-legend"><span style="color:#0f8b7d">╌╌</span> Approach 2 (isoFLOP parabolas): N_opt = ${this.approach2!.N.coefficient.toPrecision(3)} C^${this.approach2!.N.exponent.toPrecision(3)}${this.approach2Curve.bands ? `, 95% band over ${this.approach2Curve.replicas.toLocaleString('en-US')} replicas` : ''}; fitted to budgets up to C = ${formatScientific(this.approach2Curve.dataC)}.</p>`
            : nothing
        }
        ${frontierPanels(
          this.plotInput({
            frontier: f,
            budgets: BUDGETS,
            active,
            overlays,
            bands,
            anchor,
            dataLog10C: dataC === undefined ? undefined : Math.log10(dataC),
            approach2: this.approach2Curve,
            series,
          }),
          { log10C: this.hoverLog10C, onHover: (v) => this.onHover(v) },
        )}
        ${hoverReadout({
          C: hoverC,
          rows:
            hoverC === undefined
              ? []
              : frontierHoverRows({
                  C: hoverC,
                  law: this.law,
                  lawLabel: this.lawLabel,
                  scenarioAt: (C, extras) => scenarioFor(C, c, extras),
                  series,
                  overlays,
                  budgets: BUDGETS,
                  bands: bands?.grid,
                  anchor: f.showKaplan ? anchor : undefined,
                  showRatio: f.showRatio,
                }),
          dataC,
        })}
        <p class="small">Tokens per parameter at the optimum is not a constant: it follows
          (C/6)<sup>(α−β)/(α+β)</sup>, so it drifts with budget whenever α ≠ β (see the third panel against the flat 20 tokens/param rule).</p>
        ${readoutCard({
          budgets: this.readoutBudgets,
          draft: this.readoutDraft,
          error: this.readoutError,
          constraints: c,
          lawLabel: this.lawLabel,
          bands,
          bandsOfActiveLaw: this.bandsOfActiveLaw,
          optimum: (C) => solveOptimum(this.law, scenarioFor(C, c)),
          onReadout: (text) => this.onReadout(text),
        })}
        <ul class="sources" data-testid="frontier-sources">
          ${overlays.map((o) => html`<li>${PRESETS.find((p) => p.id === o.id)!.name}: ${PRESETS.find((p) => p.id === o.id)!.source}</li>`)}
          ${f.showKaplan ? html`<li>Kaplan rule: ${KAPLAN_2020.source}; a rule, not a fit, anchored through the ${this.lawLabel}'s optimum at C = 1e21${anchor ? ` (N = ${formatCount(anchor.N)}, D = ${formatCount(anchor.D)})` : ''}.</li>` : nothing}
          ${f.showRatio ? html`<li>20 tokens/param: ${TOKENS_PER_PARAM_HEURISTIC.source}; with C = 6ND, N = √(C/120).</li>` : nothing}
          ${f.showModels ? REFERENCE_MODELS.map((m) => html`<li>${m.name} (${formatCount(m.N)} params, ${formatCount(m.D)} tokens, C = 6ND = ${formatScientific(referenceCompute(m))}): ${m.source}</li>`) : nothing}
        </ul>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'frontier-view': FrontierView;
  }
}
