/**
 * The Design view: which runs to train next. At the Approach-3 fit shown, the designer maps the
 * expected reduction of the target's variance per FLOP for every candidate run (one pass on the
 * engine), picks a batch greedily under the budget (each pick a pass at the updated
 * information), and sets it beside the classic plan and a random batch of the same budget, with
 * the predicted standard errors; on request it checks the three by simulation on the engine's
 * batched fitter. The designer's plan exports as CSV and travels in the link. Below, the
 * calibration of the fit's intervals on the runs' design.
 */
import { consume } from '@lit/context';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ColourMapName } from '../colour/colour-maps';
import { DEFAULT_COLOUR_MAP } from '../colour/colour-maps';
import type { EngineManager } from '../engine/manager';
import { csvAction, jsonAction } from '../export/actions';
import { designPlanCsv } from '../export/design-plan';
import type { DesignPlan } from '../fit/design';
import type { SimulationCheck } from '../fit/design-check';
import { type DesignProgress, type DesignSettings, planDesign } from '../fit/design-job';
import { formatDesignTarget } from '../fit/design-spec';
import { DesignError } from '../fit/information';
import type { FitResult, FitRun } from '../fit/types';
import { trainingFlops } from '../law/law';
import type { DesignState, PlannedPoint } from '../scenario/design-state';
import { formatScientific } from './charts/format';
import { formatDuration } from './charts/progress';
import type { PlanInput, PlanValue } from './design-check-panel';
import { designerRuns, errorLine, plansTable, progressBar } from './design-results';
import { designStyles } from './design-styles';
import { JobController } from './job-controller';
import { objectId } from './object-id';
import { engineManagerContext, ManagerChanges } from './services';
import './calibration-panel';
import './design-check-panel';
import './design-controls';
import './design-map-chart';
import './export-menu';

/** A planned run at four significant digits, as the link carries it. */
function rounded(p: { readonly N: number; readonly D: number }): PlannedPoint {
  return { N: Number(p.N.toPrecision(4)), D: Number(p.D.toPrecision(4)) };
}

function samePlan(a: readonly PlannedPoint[], b: readonly PlannedPoint[]): boolean {
  return a.length === b.length && a.every((p, i) => p.N === b[i]!.N && p.D === b[i]!.D);
}

/** The designer's settings of the view's slice (the random batch's seed fixed at 1, as the CLI's default). */
function settingsOf(d: DesignState): DesignSettings {
  const { target, budgetFlops, candidates, side, classicK, maxRuns } = d;
  return { target, budgetFlops, candidates, side, classicK, maxRuns, seed: 1 };
}

@customElement('design-view')
export class DesignView extends LitElement {
  static override styles = designStyles;

  /** From the app shell, through `engineManagerContext`. */
  @consume({ context: engineManagerContext, subscribe: true })
  @state()
  manager: EngineManager | undefined;
  readonly managerChanges = new ManagerChanges(this, () => this.manager);

  /** The Approach-3 fit the design starts from, and the runs it was fitted on. */
  @property({ attribute: false }) fit: FitResult | undefined;
  @property({ attribute: false }) runs: readonly FitRun[] = [];
  /** What the runs are called in the plan's metadata (the dataset and series). */
  @property() dataLabel = '';
  /** Why there is no fit to plan from, when there is none. */
  @property() noFitReason = 'Fit the runs with Approach 3 in the Fit view first.';
  @property({ attribute: false }) design!: DesignState;
  @property({ attribute: false }) colourMap: ColourMapName = DEFAULT_COLOUR_MAP;
  /** False while the view is hidden: no job starts until it is shown. */
  @property({ type: Boolean }) active = true;

  /** The last simulation check and the plan it checked (for the JSON export). */
  private lastCheck: { plan: PlanValue; check: SimulationCheck } | undefined;
  /** The code of the last design error (for the pointer to the identifiability map). */
  private errorCode: string | undefined;

  private readonly planJob = new JobController<[string, PlanInput], PlanValue, DesignProgress>(
    this,
    {
      task: ([, input], { signal, onProgress }) => {
        const manager = this.manager;
        if (!manager) return Promise.reject(new Error('no engine yet'));
        this.errorCode = undefined;
        return manager
          .run(
            'fit',
            async (engine) => {
              const started = performance.now();
              const outcome = await planDesign(
                input.runs,
                input.fit,
                input.settings,
                (model, grid, job) => engine.designReductions(model, grid, job),
                { signal, onProgress },
              );
              const seconds = (performance.now() - started) / 1000;
              return { input, outcome, engine: engine.kind, seconds };
            },
            signal,
          )
          .catch((e: unknown) => {
            if (e instanceof DesignError) this.errorCode = e.code;
            throw e;
          });
      },
      argsEqual: (a, b) => a[0] === b[0],
      onComplete: (value) => this.storePlan(value.outcome.designer),
    },
  );

  /** The job key of the current inputs, or undefined when there is nothing to plan from. */
  private get planArgs(): [string, PlanInput] | undefined {
    const fit = this.fit;
    if (!fit || !this.design || this.runs.length === 0) return undefined;
    const settings = settingsOf(this.design);
    // The engine is part of the key: switching engines plans again on the new one.
    const engine = this.manager?.engineFor('fit')?.kind ?? '';
    const key = `${objectId(fit)}|${objectId(this.runs)}|${engine}|${JSON.stringify(settings)}`;
    return [key, { fit, runs: this.runs, settings }];
  }

  override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const args = this.planArgs;
    // Once per set of inputs (running, done, failed or cancelled): "Plan again" reruns it.
    if (!this.active || !args || !this.manager || this.lastStarted === args[0]) return;
    this.start(args);
  }

  /** The key of the last design started (a failed one is not retried until its inputs change). */
  private lastStarted: string | undefined;

  private start(args: [string, PlanInput]) {
    this.lastStarted = args[0];
    void this.planJob.run(args).catch(() => {});
  }

  /**
   * Writes the designer's plan into the link (four significant digits), if it changed; a plan
   * the link brought that differs is kept aside, so the view can say it was replaced.
   */
  private storePlan(plan: DesignPlan) {
    const points = plan.runs.map(rounded);
    const stored = this.design.plan;
    if (samePlan(points, stored)) return;
    if (stored.length > 0 && this.fromLink === undefined) this.fromLink = stored;
    this.dispatchEvent(
      new CustomEvent('design-plan', {
        detail: { plan: points },
        bubbles: true,
        composed: true,
      }),
    );
  }

  /** The plan the link brought, when the plan at this fit replaced it. */
  @state() private fromLink: readonly PlannedPoint[] | undefined;

  /** The current result, when it belongs to the inputs shown. */
  private get current(): PlanValue | undefined {
    const args = this.planArgs;
    const value = this.planJob.value;
    return args && value && this.planJob.isCurrent(args) ? value : undefined;
  }

  private exportActions(value: PlanValue) {
    const meta = (plan: DesignPlan) => () =>
      designPlanCsv(plan, {
        target: formatDesignTarget(value.input.settings.target),
        budgetFlops: value.input.settings.budgetFlops,
        law: value.input.fit.best.law,
        ...(this.dataLabel ? { data: this.dataLabel } : {}),
      });
    return [
      csvAction('design-plan', meta(value.outcome.designer), {
        id: 'design-plan-csv',
        label: "Designer's plan CSV",
        description: 'Download the designer’s runs: budget, N, D, FLOPs and a suggested name',
      }),
      csvAction('design-classic-plan', meta(value.outcome.classic), {
        id: 'design-classic-csv',
        label: 'Classic plan CSV',
        description: 'Download the classic plan’s runs',
      }),
      jsonAction(
        'design',
        () =>
          JSON.stringify(
            {
              target: formatDesignTarget(value.input.settings.target),
              budgetFlops: value.input.settings.budgetFlops,
              engine: value.engine,
              plans: [value.outcome.designer, value.outcome.classic, value.outcome.random],
              check: this.lastCheck?.plan === value ? this.lastCheck.check : null,
            },
            null,
            2,
          ),
        { id: 'design-json', description: 'Download the plans and the check as JSON' },
      ),
    ];
  }

  private renderPlanProgress() {
    const run = this.planJob.running;
    if (!run) return nothing;
    const p = run.progress;
    const label = p ? `Pick ${p.done} of at most ${p.total}` : 'Mapping the candidates…';
    return progressBar(
      'design-progress',
      p ? p.done / p.total : 0,
      label,
      formatDuration((performance.now() - run.startedAt) / 1000),
      () => this.planJob.cancel(),
    );
  }

  private renderError() {
    const error = this.planJob.error;
    if (!error) return nothing;
    const pointer =
      this.errorCode === 'not-identified'
        ? html`<button
            data-testid="design-open-identifiability"
            @click=${() =>
              this.dispatchEvent(
                new CustomEvent('design-open-fit', { bubbles: true, composed: true }),
              )}
          >
            Open the Fit view's identifiability map
          </button>`
        : nothing;
    const kept = this.planJob.value ? ' The last good plan is kept below.' : '';
    return errorLine('design-error', `${error}${kept}`, pointer);
  }

  /**
   * The link's plan: listed while there is no plan at a fit, and named when the plan at this fit
   * replaced it.
   */
  private renderLinkPlan(value: PlanValue | undefined) {
    const e3 = (x: number) => formatScientific(x, 3);
    if (!value && this.design.plan.length > 0)
      return html`<details class="card" data-testid="design-link-plan" open>
        <summary>This link carries a plan of ${this.design.plan.length} runs</summary>
        <p class="muted">Fit the runs to see its predicted and simulated effect at the fit.</p>
        <table>
          <thead><tr><th>Run</th><th>N</th><th>D</th><th>FLOPs (6ND)</th></tr></thead>
          <tbody>
            ${this.design.plan.map(
              (p, i) =>
                html`<tr><td>${i + 1}</td><td>${e3(p.N)}</td><td>${e3(p.D)}</td><td>${e3(trainingFlops(p.N, p.D))}</td></tr>`,
            )}
          </tbody>
        </table>
      </details>`;
    const replaced = this.fromLink;
    if (!value || !replaced) return nothing;
    return html`<p class="note" data-testid="design-link-plan-replaced">
      This link carried a plan of ${replaced.length} runs that differs from the plan at this fit;
      the plan shown, and now in the link, is the one at this fit.
    </p>`;
  }

  private renderResult(value: PlanValue) {
    const o = value.outcome;
    const target = value.input.settings.target;
    return html`<section class="card" aria-label="Plans">
        <h3>Plans for ${formatScientific(value.input.settings.budgetFlops, 3)} FLOPs</h3>
        ${plansTable(o, value.input.settings.budgetFlops)}
        ${designerRuns(o.designer)}
        <p class="muted" data-testid="design-engine" data-engine=${value.engine}>
          ${o.grid.width} x ${o.grid.height} candidates, ${o.candidates.inBudget.toLocaleString('en-US')}
          within the budget, mapped and picked on the ${value.engine.toUpperCase()} engine in
          ${formatDuration(value.seconds)}.
        </p>
        <export-menu data-testid="design-export" .actions=${this.exportActions(value)}></export-menu>
      </section>
      <section class="card map" aria-label="Candidate map">
        <design-map-chart
          .grid=${o.grid}
          .reductions=${o.reductions}
          .budgetFlops=${value.input.settings.budgetFlops}
          .runs=${value.input.runs}
          .plans=${[o.designer, o.classic, o.random]}
          .colourMap=${this.colourMap}
          .targetLabel=${formatDesignTarget(target)}
        ></design-map-chart>
      </section>
      <design-check-panel
        .plan=${value}
        .design=${this.design}
        @design-checked=${(e: CustomEvent<{ check: SimulationCheck }>) => {
          this.lastCheck = { plan: value, check: e.detail.check };
        }}
      ></design-check-panel>`;
  }

  override render() {
    if (!this.design) return nothing;
    const fit = this.fit;
    const value = this.current ?? this.planJob.value;
    const stale = value && value !== this.current;
    return html`<div class="layout">
      <aside>
        <design-controls .design=${this.design}></design-controls>
      </aside>
      <div class="main">
        ${
          fit
            ? html`<p class="muted" data-testid="design-fit">
                Planning from the Approach-3 fit of ${this.runs.length} runs${this.dataLabel ? ` (${this.dataLabel})` : ''}.
                <button
                  data-testid="design-plan"
                  ?disabled=${!!this.planJob.running}
                  @click=${() => {
                    const args = this.planArgs;
                    if (args) this.start(args);
                  }}
                >
                  Plan again
                </button>
              </p>`
            : html`<p class="card" data-testid="design-no-fit">${this.noFitReason}</p>`
        }
        ${this.renderPlanProgress()} ${this.renderError()}
        ${stale && !this.planJob.running ? html`<p class="muted" data-testid="design-stale">The plan below belongs to earlier inputs.</p>` : nothing}
        ${this.renderLinkPlan(this.current)}
        ${value ? this.renderResult(value) : nothing}
        ${
          fit
            ? html`<section class="card" aria-label="Calibration">
                <calibration-panel
                  .fit=${fit}
                  .runs=${this.runs}
                  .targetBudget=${'budget' in this.design.target ? this.design.target.budget : undefined}
                ></calibration-panel>
              </section>`
            : nothing
        }
      </div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'design-view': DesignView;
  }
}
