/**
 * <design-check-panel>: the Design view's simulation check of a design's three plans: the sizes
 * (data sets per plan, bootstrap K, checked before anything runs, and the count of refits),
 * the run on the engine's batched fitter with progress and Cancel, and the widths before and
 * after with the verdict. Sends `design-change` with the sizes used, and `design-checked` with
 * each finished check.
 */
import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { EngineKind } from '../engine/engine';
import type { EngineManager } from '../engine/manager';
import {
  checkFitCount,
  MAX_CHECK_FITS,
  MAX_CHECK_REPLICAS,
  type SimulationCheck,
} from '../fit/design-check';
import {
  checkDesign,
  type DesignOutcome,
  type DesignProgress,
  type DesignSettings,
} from '../fit/design-job';
import { APPROACH3 } from '../fit/methods/approach3';
import type { FitResult, FitRun } from '../fit/types';
import { type DesignState, MAX_CHECK_BOOTSTRAP } from '../scenario/design-state';
import { formatDuration } from './charts/progress';
import { checkTable, errorLine, progressBar } from './design-results';
import { designStyles } from './design-styles';
import { JobController } from './job-controller';
import { objectId } from './object-id';
import { engineManagerContext } from './services';

/** What one design job plans from. */
export interface PlanInput {
  readonly fit: FitResult;
  readonly runs: readonly FitRun[];
  readonly settings: DesignSettings;
}

/** A finished design and where it ran. */
export interface PlanValue {
  readonly input: PlanInput;
  readonly outcome: DesignOutcome;
  readonly engine: EngineKind;
  readonly seconds: number;
}

/** A finished simulation check and where it ran. */
interface CheckValue {
  readonly check: SimulationCheck;
  readonly replicas: number;
  readonly bootstrap: number;
  readonly engine: EngineKind;
  readonly seconds: number;
}

@customElement('design-check-panel')
export class DesignCheckPanel extends LitElement {
  static override styles = [
    designStyles,
    css`
      :host {
        padding: 0;
      }
    `,
  ];

  /** From the app shell, through `engineManagerContext`. */
  @consume({ context: engineManagerContext, subscribe: true })
  @state()
  manager: EngineManager | undefined;

  /** The design whose plans are checked. */
  @property({ attribute: false }) plan: PlanValue | undefined;
  /** The Design view's slice: the check's sizes. */
  @property({ attribute: false }) design!: DesignState;

  @state() private checkReplicasText = '';
  @state() private checkBootstrapText = '';
  @state() private checkInputError: string | undefined;
  private readonly checkJob = new JobController<
    [string, PlanValue, number, number],
    CheckValue,
    DesignProgress
  >(this, {
    task: ([, plan, replicas, bootstrap], { signal, onProgress }) => {
      const manager = this.manager;
      if (!manager) return Promise.reject(new Error('no engine yet'));
      return manager.run(
        'fit',
        async (engine) => {
          const started = performance.now();
          const check = await checkDesign(
            plan.input.runs,
            plan.input.fit,
            plan.outcome,
            { replicas, bootstrap, seed: plan.input.settings.seed },
            (series, options, job) => engine.fitSeries(APPROACH3, series, options, job),
            { signal, onProgress },
          );
          const seconds = (performance.now() - started) / 1000;
          return { check, replicas, bootstrap, engine: engine.kind, seconds };
        },
        signal,
      );
    },
    argsEqual: (a, b) => a[0] === b[0],
    onComplete: (value) =>
      this.dispatchEvent(
        new CustomEvent('design-checked', {
          detail: { check: value.check },
          bubbles: true,
          composed: true,
        }),
      ),
  });

  private checkSizes(): { replicas: number; bootstrap: number } | string {
    const d = this.design;
    const rText = this.checkReplicasText || String(d.checkReplicas);
    const kText = this.checkBootstrapText || String(d.checkBootstrap);
    const replicas = Number(rText);
    const bootstrap = Number(kText);
    if (!/^\d+$/.test(rText) || replicas < 1 || replicas > MAX_CHECK_REPLICAS)
      return `simulated data sets must be a whole number from 1 to ${MAX_CHECK_REPLICAS}, got ${rText}`;
    if (!/^\d+$/.test(kText) || bootstrap < 10 || bootstrap > MAX_CHECK_BOOTSTRAP)
      return `bootstrap replicas must be a whole number from 10 to ${MAX_CHECK_BOOTSTRAP}, got ${kText}`;
    const fits = checkFitCount(3, replicas, bootstrap);
    if (fits > MAX_CHECK_FITS)
      return `(1 + 3 x ${replicas}) x (1 + ${bootstrap}) = ${fits.toLocaleString('en-US')} refits is above the cap of ${MAX_CHECK_FITS.toLocaleString('en-US')}; use fewer data sets or replicas`;
    return { replicas, bootstrap };
  }

  private startCheck(value: PlanValue) {
    const sizes = this.checkSizes();
    if (typeof sizes === 'string') {
      this.checkInputError = sizes;
      return;
    }
    this.checkInputError = undefined;
    const d = this.design;
    if (sizes.replicas !== d.checkReplicas || sizes.bootstrap !== d.checkBootstrap)
      this.dispatchEvent(
        new CustomEvent('design-change', {
          detail: {
            design: { ...d, checkReplicas: sizes.replicas, checkBootstrap: sizes.bootstrap },
          },
          bubbles: true,
          composed: true,
        }),
      );
    const key = `${objectId(value)}|${sizes.replicas}|${sizes.bootstrap}`;
    void this.checkJob.run([key, value, sizes.replicas, sizes.bootstrap]).catch(() => {});
  }

  override render() {
    const value = this.plan;
    if (!value || !this.design) return nothing;
    const job = this.checkJob;
    const run = job.running;
    const d = this.design;
    const shown = job.value && job.result?.args[1] === value ? job.value : undefined;
    const stale = job.value && !shown;
    const fits = (r: number, k: number) => checkFitCount(3, r, k).toLocaleString('en-US');
    return html`<section class="card" aria-label="Simulation check">
      <h3>Check by simulation</h3>
      <p class="muted">
        Simulates each plan's new runs from the fitted law with residuals drawn from the fit, refits
        the runs with them (bootstrap), and measures the target's 95% interval before and after:
        ${fits(d.checkReplicas, d.checkBootstrap)} local fits on the engine in use.
      </p>
      <div class="row">
        <label
          >Data sets per plan
          <input
            class="short"
            data-testid="design-check-replicas"
            .value=${this.checkReplicasText || String(d.checkReplicas)}
            @input=${(e: Event) => {
              this.checkReplicasText = (e.target as HTMLInputElement).value.trim();
            }}
          />
        </label>
        <label
          >Bootstrap K
          <input
            class="short"
            data-testid="design-check-bootstrap"
            .value=${this.checkBootstrapText || String(d.checkBootstrap)}
            @input=${(e: Event) => {
              this.checkBootstrapText = (e.target as HTMLInputElement).value.trim();
            }}
          />
        </label>
        <button data-testid="design-check-run" ?disabled=${!!run} @click=${() => this.startCheck(value)}>
          Check the plans
        </button>
      </div>
      ${errorLine('design-check-input-error', this.checkInputError)}
      ${
        run
          ? progressBar(
              'design-check-progress',
              run.progress ? run.progress.done / run.progress.total : 0,
              run.progress
                ? `Refits ${Math.round(run.progress.done).toLocaleString('en-US')} / ${run.progress.total.toLocaleString('en-US')}`
                : 'Starting…',
              formatDuration((performance.now() - run.startedAt) / 1000),
              () => job.cancel(),
            )
          : nothing
      }
      ${errorLine('design-check-error', job.error)}
      ${job.notice && !run ? html`<p class="muted" data-testid="design-check-notice">${job.notice}</p>` : nothing}
      ${
        shown
          ? html`${checkTable(shown.check, shown.replicas, shown.bootstrap, shown.engine)}
            <p class="muted">${formatDuration(shown.seconds)} on the ${shown.engine.toUpperCase()} engine.</p>`
          : stale
            ? html`<p class="muted" data-testid="design-check-stale">The last check belongs to an earlier plan; check again.</p>`
            : nothing
      }
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'design-check-panel': DesignCheckPanel;
  }
}
