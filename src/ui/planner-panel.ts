/**
 * The scenario planner (the Frontier view's side panel): a budget in FLOPs or from hardware,
 * price, optional constraints; the recommended N and D, loss, time and cost with bootstrap 95%
 * intervals (the replicas solved through engine.frontier), and the distance from optimal of a
 * model size the user picks. Its inputs are the app state's planner slice: a confirmed value
 * goes back as a `planner-change` event; a value that does not pass stays as typed, with its
 * message, while the state keeps the last good one. A plan the solver refuses shows the
 * solver's message and keeps the last good plan. Holds no math: src/law/planner.ts and
 * src/law/bands.ts do it.
 */
import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { EngineManager } from '../engine/manager';
import { ACCELERATOR_PRESETS, findAccelerator } from '../law/hardware';
import { DEFAULT_FLOPS_PER_PARAM_TOKEN, type ScalingLaw } from '../law/law';
import { computePenalty, type Plan, solvePlan } from '../law/planner';
import {
  type Interval95,
  type PlanInterval,
  planInterval,
  timeAndCostIntervals,
} from '../law/planner-intervals';
import type { Scenario } from '../law/scenario';
import {
  BUDGET_MODES,
  type BudgetMode,
  OPTIONAL_PLANNER_FIELDS,
  PLANNER_NUMBER_FIELDS,
  type PlannerNumberField,
  type PlannerState,
  plannerFieldIssue,
  plannerInputs,
  withAccelerator,
} from '../scenario/planner-state';
import { formatCount, formatLoss, formatScientific, parseNumber } from './charts/format';
import { inputText } from './charts/sweep-setup';
import { fitStyles } from './fit-styles';
import { FrameScheduler } from './frame-scheduler';
import { JobController } from './job-controller';
import { engineManagerContext } from './services';

const money = (v: number) =>
  `$${v >= 1e6 ? formatCount(v) : v.toLocaleString('en-US', { maximumFractionDigits: 0 })}`;
const days = (v: number) =>
  `${v < 10 ? v.toPrecision(2) : Math.round(v).toLocaleString('en-US')} d`;

/** What the interval job solves: the replicas' laws at the plan's scenario. */
interface PlanIntervalInput {
  readonly manager: EngineManager;
  readonly laws: readonly ScalingLaw[];
  readonly scenario: Scenario;
  readonly k: number;
}

@customElement('planner-panel')
export class PlannerPanel extends LitElement {
  static override styles = [
    fitStyles,
    css`
      label {
        display: grid;
        grid-template-columns: 118px 1fr;
        align-items: center;
        gap: 6px;
        font-size: 12px;
        margin: 4px 0;
      }
      input,
      select {
        font: inherit;
        font-size: 12px;
        min-width: 0;
        padding: 2px 4px;
      }
      h3 {
        font-size: 12.5px;
        margin: 10px 0 4px;
      }
      .out td.num {
        text-align: right;
      }
      .error {
        color: var(--bad, #b3261e);
        font-size: 12px;
        margin: 6px 0;
      }
    `,
  ];

  /** From the app shell, through `engineManagerContext`. */
  @consume({ context: engineManagerContext, subscribe: true })
  @state()
  manager: EngineManager | undefined;
  @property({ attribute: false }) law!: ScalingLaw;
  /** Bootstrap replica laws, when a fit with replicas exists. */
  @property({ attribute: false }) replicas: readonly ScalingLaw[] | undefined;
  /** Identifies {@link replicas}, for discarding stale intervals. */
  @property() replicasKey = '';
  /** False while the panel is hidden: no interval job starts until it is shown. */
  @property({ type: Boolean }) active = true;
  /** False when the replicas are a fit's and the active law is not its point estimate. */
  @property({ type: Boolean }) bandsOfActiveLaw = true;

  /** The planner's inputs (the app state's slice). */
  @property({ attribute: false }) planner!: PlannerState;

  /** Text typed into fields that does not pass, shown with its message until corrected. */
  @state() private drafts: Partial<Record<PlannerNumberField, string>> = {};
  private sent: PlannerState | undefined;
  private lastGood: Plan | undefined;
  private error: string | undefined;
  /** The interval job: the plan's scenario solved for every bootstrap replica. */
  private readonly job = new JobController<[string, PlanIntervalInput], PlanInterval>(this, {
    task: async ([, input], { signal }) => {
      const res = await input.manager.run(
        'frontier',
        (engine) => engine.frontier(input.laws, [input.scenario], { signal }),
        signal,
      );
      return planInterval(res, input.laws.length, input.k);
    },
    argsEqual: (a, b) => a[0] === b[0],
  });

  private send(planner: PlannerState) {
    this.sent = planner;
    this.dispatchEvent(
      new CustomEvent('planner-change', { detail: { planner }, bubbles: true, composed: true }),
    );
  }

  /** The value a field's text stands for: empty is "none" for the optional fields, 1 for q. */
  private fieldValue(field: PlannerNumberField, text: string): number | null {
    if (text.trim() === '') {
      if (OPTIONAL_PLANNER_FIELDS.has(field)) return null;
      if (field === 'q') return 1;
    }
    return parseNumber(text);
  }

  /** A confirmed field: sent when it passes (the field then shows the value as the state has
   * it), else kept as typed with its message. */
  private onNumber(field: PlannerNumberField, text: string) {
    const value = this.fieldValue(field, text);
    const { [field]: _, ...others } = this.drafts;
    if (plannerFieldIssue(field, value) === null) {
      this.drafts = others;
      this.send({ ...this.planner, [field]: value });
    } else {
      this.drafts = { ...others, [field]: text };
    }
  }

  private onAccelerator(id: string) {
    const { peak: _, ...drafts } = this.drafts;
    this.drafts = drafts;
    this.send(withAccelerator(this.planner, id));
  }

  /** The first problem with what is typed, in field order. */
  private get draftIssue(): string | undefined {
    for (const f of PLANNER_NUMBER_FIELDS) {
      const text = this.drafts[f];
      if (text === undefined) continue;
      const issue = plannerFieldIssue(f, this.fieldValue(f, text));
      if (issue) return issue;
    }
    return undefined;
  }

  private intervalKey(plan: Plan): string {
    return `${this.replicasKey}|${JSON.stringify(plan.scenario)}`;
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('planner') && this.planner !== this.sent) this.drafts = {};
    const r = this.plan();
    if (r.ok) this.lastGood = r.plan;
    this.error = this.draftIssue ?? (r.ok ? undefined : r.reason);
  }

  /**
   * The plan of the current law and inputs, solved once per change of either: the redraws of a
   * running interval job (twice a second) and of the Frontier view solve nothing again.
   */
  private plan(): ReturnType<typeof solvePlan> {
    const last = this.solved;
    if (last && last.law === this.law && last.planner === this.planner) return last.result;
    const result = solvePlan(this.law, plannerInputs(this.planner));
    this.solved = { law: this.law, planner: this.planner, result };
    return result;
  }

  override updated(): void {
    const plan = this.lastGood;
    const laws = this.replicas;
    if (!plan || !laws || laws.length === 0 || !this.manager || !this.active) return;
    const key = this.intervalKey(plan);
    if (this.job.result?.args[0] === key || this.runningKey === key) return;
    this.runningKey = key;
    const manager = this.manager;
    const scenario = plan.scenario;
    const k = scenario.k ?? DEFAULT_FLOPS_PER_PARAM_TOKEN;
    this.intervalFrames.request([key, { manager, laws, scenario, k }]);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.intervalFrames.cancel();
    this.runningKey = '';
  }

  private runningKey = '';
  private solved:
    | { law: ScalingLaw; planner: PlannerState; result: ReturnType<typeof solvePlan> }
    | undefined;
  /**
   * Interval requests, started at most once a frame: edits in quick succession make one job,
   * and the one they supersede is aborted with its late result dropped (JobController).
   */
  private readonly intervalFrames = new FrameScheduler<[string, PlanIntervalInput]>(
    async (args) => {
      void this.job.run(args);
    },
  );

  private field(id: PlannerNumberField, label: string, placeholder = '') {
    const value = this.planner[id];
    const text = this.drafts[id] ?? (value === null ? '' : inputText(value));
    const bad =
      this.drafts[id] !== undefined && plannerFieldIssue(id, this.fieldValue(id, text)) !== null;
    return html`<label
      >${label}<input
        data-testid=${`planner-${id}`}
        .value=${text}
        placeholder=${placeholder}
        aria-invalid=${bad ? 'true' : 'false'}
        @change=${(e: Event) => this.onNumber(id, (e.target as HTMLInputElement).value)}
    /></label>`;
  }

  private interval(q: Interval95 | null | undefined, fmt: (v: number) => string) {
    if (!q || !(Math.abs(q.p97_5 - q.p2_5) > 1e-6 * Math.abs(q.p97_5))) return nothing;
    return html`<span class="muted small">[${fmt(q.p2_5)} – ${fmt(q.p97_5)}]</span>`;
  }

  private renderOutput(plan: Plan) {
    const current =
      this.replicas && this.job.result?.args[0] === this.intervalKey(plan)
        ? this.job.result.value
        : undefined;
    const inputs = plannerInputs(this.planner);
    const hw = inputs.hardware;
    const o = plan.optimum;
    const b = current?.bands;
    const C = current?.C ?? null;
    const tc = timeAndCostIntervals(inputs, C);
    const dq = tc?.days ?? null;
    const costq = tc?.cost ?? null;
    const q = plan.scenario.q ?? 1;
    const ref = computePenalty(this.law, o.C, o.N, q, plan.scenario.k);
    const Nopt = ref.ok ? ref.Nopt : o.N;
    const compareN = this.planner.compareN ?? 0.3 * Nopt;
    const pen = computePenalty(this.law, o.C, compareN, q, plan.scenario.k);
    return html`<table class="out" data-testid="plan-output">
        <tbody>
          <tr><th>N</th><td class="num" data-testid="plan-N">${formatCount(o.N)}</td><td>${this.interval(b?.N, formatCount)}</td></tr>
          <tr><th>D</th><td class="num" data-testid="plan-D">${formatCount(o.D)}</td><td>${this.interval(b?.D, formatCount)}</td></tr>
          <tr><th>D/N</th><td class="num">${o.tokensPerParam.toPrecision(3)}</td><td>${this.interval(b?.tokensPerParam, (v) => v.toPrecision(3))}</td></tr>
          <tr><th>loss</th><td class="num" data-testid="plan-loss">${formatLoss(o.loss)}</td><td>${this.interval(b?.loss, formatLoss)}</td></tr>
          <tr><th>training C</th><td class="num">${formatScientific(o.C)}</td><td>${this.interval(C, formatScientific)}</td></tr>
          <tr><th>time</th><td class="num" data-testid="plan-days">${days(plan.days)}</td><td>${this.interval(dq, days)}</td></tr>
          ${plan.servingDays === undefined ? nothing : html`<tr><th>then serving D_inf</th><td class="num" data-testid="plan-serving-days">${days(plan.servingDays)}</td><td></td></tr>`}
          <tr><th>cost</th><td class="num" data-testid="plan-cost">${money(plan.cost)}</td><td>${this.interval(costq, money)}</td></tr>
        </tbody>
      </table>
      <p class="muted small">${plan.note} Time on ${formatCount(hw.count)} accelerators at MFU ${hw.mfu}.
      ${
        this.replicas
          ? this.job.running
            ? 'Solving the bootstrap replicas…'
            : b
              ? html`Brackets: bootstrap 95% intervals over ${b.solved.toLocaleString('en-US')} replicas${this.bandsOfActiveLaw ? '' : html` <b data-testid="plan-bands-of-fit">of the last fit, not of the active law</b> (its constants were changed since)`}.`
              : ''
          : 'Run a fit with bootstrap replicas for intervals.'
      }${this.job.error ? html`<span class="error">${this.job.error}</span>` : nothing}</p>
      <h3>Distance from optimal</h3>
      ${this.field('compareN', 'your N', `${formatScientific(0.3 * Nopt)} (30% of N_opt)`)}
      <p class="small" data-testid="plan-penalty">${
        pen.ok
          ? Number.isFinite(pen.computeNeeded)
            ? html`A model of ${formatCount(pen.N)} (${Math.round(pen.sizeRatio * 100)}% of N_opt) needs
                <b>${(pen.extraCompute * 100).toPrecision(3)}% more compute</b> for the same loss
                ${formatLoss(pen.optimalLoss)}; with the same budget it reaches ${formatLoss(pen.lossAtBudget)}.`
            : html`A model of ${formatCount(pen.N)} never reaches loss ${formatLoss(pen.optimalLoss)}, whatever the data.`
          : html`<span class="error">${pen.reason}</span>`
      }<br /><span class="muted">Against the compute-optimal model (N_opt = ${formatCount(Nopt)}) at the plan's training compute
        ${formatScientific(o.C)}${plan.computeOnly ? '' : ", without the plan's other constraints"}.</span></p>`;
  }

  private renderCount = 0;
  /**
   * How many times this panel has rendered. The end-to-end tests read it to prove that a hidden
   * panel does no work while the law changes.
   */
  get renders(): number {
    return this.renderCount;
  }

  override render() {
    this.renderCount++;
    const f = this.planner;
    const plan = this.lastGood;
    return html`<div class="card">
      <div class="chart-title">Scenario planner</div>
      <label
        >budget as<select
          data-testid="planner-budgetMode"
          .value=${f.budgetMode}
          @change=${(e: Event) => {
            const mode = (e.target as HTMLSelectElement).value as BudgetMode;
            if (BUDGET_MODES.includes(mode)) this.send({ ...this.planner, budgetMode: mode });
          }}
        >
          <option value="flops" ?selected=${f.budgetMode === 'flops'}>FLOPs</option>
          <option value="hardware" ?selected=${f.budgetMode === 'hardware'}>accelerators x days</option>
        </select></label
      >
      ${f.budgetMode === 'flops' ? this.field('flops', 'budget C (FLOPs)') : nothing}
      <label
        >hardware<select
          data-testid="planner-accelerator"
          .value=${f.accelerator}
          @change=${(e: Event) => this.onAccelerator((e.target as HTMLSelectElement).value)}
        >
          ${ACCELERATOR_PRESETS.map((p) => html`<option value=${p.id} title=${p.source} ?selected=${p.id === f.accelerator}>${p.name}</option>`)}
        </select></label
      >
      <div class="muted small">${findAccelerator(f.accelerator)?.source ?? ''}</div>
      ${this.field('peak', 'peak FLOP/s')} ${this.field('count', 'accelerators')}
      ${f.budgetMode === 'hardware' ? this.field('days', 'days') : nothing}
      ${f.budgetMode === 'hardware' ? html`<div class="muted small" data-testid="planner-budget-covers">The budget is what these accelerators do in these days at this MFU. With inference tokens, it covers training and then serving them (2 N FLOPs a token) on the same cluster.</div>` : nothing}
      ${this.field('mfu', 'MFU (0, 1]')} ${this.field('price', '$ / accel-hour')}
      <h3>Constraints (optional)</h3>
      ${this.field('U', 'unique tokens U', 'no cap')}
      ${this.field('Dinf', 'inference tokens', 'none')}
      ${this.field('targetLoss', 'target loss', 'none')} ${this.field('q', 'data quality q')}
      ${this.error ? html`<div class="error" role="alert" data-testid="planner-error">${this.error}${plan ? html`<br /><span class="muted">Showing the last good plan.</span>` : nothing}</div>` : nothing}
      <h3>Recommendation</h3>
      ${plan ? this.renderOutput(plan) : html`<p class="muted small">No plan yet.</p>`}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'planner-panel': PlannerPanel;
  }
}
