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
 * This element is the shell: state, events and the band job. The legend's toggles and the
 * readout are drawn by `frontier-controls.ts`, the four panels by `frontier-plot.ts`, both into
 * this element's shadow root; the styles are in `frontier-styles.ts`.
 */
import { consume } from '@lit/context';
import { html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { EngineManager } from '../engine/manager';
import type { FrontierTableInput } from '../export/grids';
import type { ExportAction } from '../export/types';
import { frontierExportActions } from '../export/view-actions';
import { replicaLaws } from '../fit/replica-table';
import type { FitResult } from '../fit/types';
import { frontierBands, logBudgets, type ScenarioBands } from '../law/bands';
import { FrontierCurveCache } from '../law/frontier-curves';
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
import { formatCount, formatScientific } from './charts/format';
import { parseBudgetList } from './charts/frontier-panels';
import { frontierLegend, PRESET_COLOURS, readoutCard } from './frontier-controls';
import { type BandsResult, C_MAX, C_MIN, frontierPanels } from './frontier-plot';
import { frontierStyles } from './frontier-styles';
import { JobController } from './job-controller';
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

const fitIds = new WeakMap<object, number>();
let nextFitId = 1;
function fitId(fit: object): number {
  let id = fitIds.get(fit);
  if (id === undefined) {
    id = nextFitId++;
    fitIds.set(fit, id);
  }
  return id;
}

/** What the band job solves. */
interface BandsInput {
  readonly manager: EngineManager;
  readonly laws: readonly ScalingLaw[];
  readonly scenarios: readonly Scenario[];
}

/** Replica x budget pairs solved so far. */
interface BandsProgress {
  readonly done: number;
  readonly total: number;
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
  /** What the active law is called in the legend. */
  @property() lawLabel = 'active law';
  /** False while the view is hidden: no band job starts until it is shown. */
  @property({ type: Boolean }) active = true;

  /** Overlays, rules and readout budgets (the app state's slice). */
  @property({ attribute: false }) frontier!: FrontierState;
  /** The planner's inputs (the app state's slice); its U cap and quality shape the curves. */
  @property({ attribute: false }) planner!: PlannerState;

  /** The readout budgets as typed, while they do not parse (the state keeps the last good). */
  @state() private readoutDraft: string | undefined;
  @state() private readoutError = '';
  private sent: FrontierState | undefined;

  /** The band job: every replica's optimum at every budget of the panels and the readout. */
  private readonly bandsJob = new JobController<[string, BandsInput], BandsResult, BandsProgress>(
    this,
    {
      task: async ([, input], { signal, onProgress }) => {
        const res = await input.manager.run(
          (engine) =>
            engine.frontier(input.laws, input.scenarios, {
              signal,
              onProgress: (done, total) => onProgress({ done, total }),
            }),
          signal,
        );
        const all = frontierBands(res, input.laws.length, input.scenarios.length);
        return {
          grid: all.slice(0, BUDGETS.length),
          readout: all.slice(BUDGETS.length),
          replicas: input.laws.length,
        };
      },
      argsEqual: (a, b) => a[0] === b[0],
    },
  );
  /** The curves drawn, each solved once per (law, constraints). */
  private readonly curves = new FrontierCurveCache<PlannerConstraints>(BUDGETS, scenarioFor);
  private replicaCache: { fit: FitResult; laws: ScalingLaw[] } | undefined;
  private requestedKey = '';

  private get replicas(): ScalingLaw[] | undefined {
    const reps = this.fit?.bootstrap?.replicas;
    if (!this.fit || !reps) return undefined;
    if (this.replicaCache?.fit !== this.fit)
      this.replicaCache = { fit: this.fit, laws: replicaLaws(reps) };
    return this.replicaCache.laws.length > 0 ? this.replicaCache.laws : undefined;
  }

  private get replicasKey(): string {
    return this.fit ? `fit${fitId(this.fit)}` : '';
  }

  private get constraints(): PlannerConstraints {
    return plannerConstraints(this.planner);
  }

  private get readoutBudgets(): readonly number[] {
    return this.frontier.readoutBudgets;
  }

  private get bandsKey(): string {
    return `${this.replicasKey}|${JSON.stringify(this.constraints)}|${this.readoutBudgets.join(',')}`;
  }

  /** A hidden view does no work: it catches up on every change when it is shown again. */
  protected override shouldUpdate(): boolean {
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
    if (!laws || !this.manager || !this.active) return;
    const key = this.bandsKey;
    if (key === this.requestedKey) return;
    this.requestedKey = key;
    const manager = this.manager;
    const c = this.constraints;
    const readout = this.readoutBudgets;
    const budgets = [...BUDGETS, ...readout];
    const scenarios = budgets.map((C) => scenarioFor(C, c));
    void this.bandsJob.run([key, { manager, laws, scenarios }]);
  }

  /** Figure, frontier CSV and readout CSV of what the view shows (src/export/view-actions.ts). */
  private get exportActions(): ExportAction[] {
    this.exportCache ??= frontierExportActions(
      this.renderRoot,
      () => this.tableInput(BUDGETS, this.currentBands?.grid),
      () => this.tableInput(this.readoutBudgets, this.currentBands?.readout),
      () =>
        `${this.constraints.U === undefined ? 'Compute-optimal frontier' : `Data-constrained frontier (U = ${formatCount(this.constraints.U)} unique tokens)`}: ${this.lawLabel}`,
    );
    return this.exportCache;
  }
  private exportCache: ExportAction[] | undefined;

  private tableInput(
    budgets: readonly number[],
    bands: readonly ScenarioBands[] | undefined,
  ): FrontierTableInput {
    const c = this.constraints;
    return {
      law: this.law,
      budgets,
      scenario: (C) => scenarioFor(C, c),
      ...(bands ? { bands } : {}),
    };
  }

  private get currentBands(): BandsResult | undefined {
    const r = this.bandsJob.result;
    return r && r.args[0] === this.bandsKey && this.replicas ? r.value : undefined;
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
    const run = this.bandsJob.running;
    if (!this.replicas) {
      return html`<span class="muted small" data-testid="bands-status">No fit with bootstrap replicas yet: bands appear after a fit (Fit tab).</span>`;
    }
    if (run) {
      const p = run.progress;
      const pct = p && p.total > 0 ? Math.round((100 * p.done) / p.total) : 0;
      return html`<span class="small" data-testid="bands-status">Solving ${this.replicas.length.toLocaleString('en-US')} replicas x ${BUDGET_COUNT} budgets… ${pct}%
        <button @click=${() => this.bandsJob.cancel()}>Cancel</button></span>`;
    }
    if (this.bandsJob.error)
      return html`<span class="small" data-testid="bands-status">Bands failed: ${this.bandsJob.error}</span>`;
    return this.currentBands
      ? html`<span class="muted small" data-testid="bands-status">Median and 25–75% / 5–95% bands over ${this.currentBands.replicas.toLocaleString('en-US')} bootstrap replicas.</span>`
      : html`<span class="muted small" data-testid="bands-status">${this.bandsJob.notice ?? ''}</span>`;
  }

  override render() {
    const c = this.constraints;
    const active = this.curves.curve(this.law, c);
    const f = this.frontier;
    const overlays = PRESETS.filter((p) => f.overlays.includes(p.id)).map((p) => ({
      id: p.id,
      colour: PRESET_COLOURS[PRESETS.indexOf(p) % PRESET_COLOURS.length]!,
      curve: this.curves.curve(p.law, c, p.extras),
    }));
    const bands = this.currentBands;
    const a = solveOptimum(this.law, scenarioFor(KAPLAN_ANCHOR_C, c));
    const anchor = a.ok ? { C: KAPLAN_ANCHOR_C, N: a.N, D: a.D } : undefined;
    return html`<aside>
        <planner-panel
          .active=${this.active}
          .law=${this.law}
          .replicas=${this.replicas}
          .replicasKey=${this.replicasKey}
          .planner=${this.planner}
        ></planner-panel>
      </aside>
      <div class="content">
        <export-menu data-testid="export-frontier" label="Export the frontier" .actions=${this.exportActions}></export-menu>
        ${frontierLegend({
          frontier: f,
          lawLabel: this.lawLabel,
          bands: bands !== undefined,
          send: (frontier) => this.send(frontier),
        })}
        <div>${this.renderProgress()}</div>
        ${frontierPanels({ frontier: f, budgets: BUDGETS, active, overlays, bands, anchor })}
        <p class="small">Tokens per parameter at the optimum is not a constant: it follows
          (C/6)<sup>(α−β)/(α+β)</sup>, so it drifts with budget whenever α ≠ β (see the third panel against the flat 20 tokens/param rule).</p>
        ${readoutCard({
          budgets: this.readoutBudgets,
          draft: this.readoutDraft,
          error: this.readoutError,
          constraints: c,
          lawLabel: this.lawLabel,
          bands,
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
