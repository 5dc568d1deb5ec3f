/**
 * Tests of a published law against the fit, in the Fit view: the Wald chi-squared test of a
 * preset (or the Surface view's law) on the bootstrap covariance, and the likelihood-ratio test
 * of tied exponents, which refits the runs with alpha = beta on the engine in use (progress and
 * Cancel). The statistics are `lawTestReport`'s, as `fit --test-law` prints them.
 */
import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { EngineManager } from '../engine/manager';
import { type LawTestReport, lawTestReport } from '../fit/law-tests';
import { APPROACH3 } from '../fit/methods/approach3';
import type { FitProgress, FitResult, FitRun } from '../fit/types';
import type { ScalingLaw } from '../law/law';
import { PRESETS } from '../law/presets';
import { formatStat } from './charts/fit-table';
import { JobController } from './job-controller';
import { engineManagerContext } from './services';

/** The choice of law to test: a preset id, or "surface" for the Surface view's law. */
const SURFACE = 'surface';

const pText = (p: number) => (p < 1e-4 ? p.toExponential(1) : formatStat(p, 3));

/** The panel. */
@customElement('law-test-panel')
export class LawTestPanel extends LitElement {
  static override styles = css`
    :host {
      display: block;
      margin-top: 14px;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      align-items: center;
    }
    ul {
      margin: 6px 0;
      padding-left: 18px;
    }
    .muted {
      color: var(--muted, #666);
    }
  `;

  /** From the app shell, through `engineManagerContext`. */
  @consume({ context: engineManagerContext, subscribe: true })
  @state()
  manager: EngineManager | undefined;
  /** The Approach-3 fit to test against, and the runs it fitted. */
  @property({ attribute: false }) result: FitResult | undefined;
  @property({ attribute: false }) runs: readonly FitRun[] = [];
  /** The Surface view's law (the "law in the Surface view" choice). */
  @property({ attribute: false }) surfaceLaw: ScalingLaw | undefined;

  @state() private choice: string = PRESETS[0]!.id;

  private readonly job = new JobController<
    [FitResult, readonly FitRun[], ScalingLaw, string],
    LawTestReport,
    FitProgress
  >(this, {
    task: async ([fit, runs, law], { signal, onProgress }) => {
      let tied: FitResult | string | null = null;
      if (!fit.options.tieExponents) {
        const manager = this.manager;
        if (!manager) throw new Error('no engine yet');
        try {
          tied = await manager.run(
            'fit',
            (engine) =>
              engine.runMethod(
                APPROACH3,
                runs,
                { ...fit.options, tieExponents: true, bootstrap: 0 },
                { signal, onProgress },
              ),
            signal,
          );
        } catch (e) {
          if (signal.aborted) throw e;
          tied = e instanceof Error ? e.message : String(e);
        }
      }
      return lawTestReport(runs, fit, tied, law);
    },
    argsEqual: (a, b) => a[0] === b[0] && a[3] === b[3] && a[2] === b[2],
  });

  private lawOf(choice: string): ScalingLaw | undefined {
    if (choice === SURFACE) return this.surfaceLaw;
    return PRESETS.find((p) => p.id === choice)?.law;
  }

  private nameOf(choice: string): string {
    if (choice === SURFACE) return 'the law in the Surface view';
    return PRESETS.find((p) => p.id === choice)?.name ?? choice;
  }

  private renderReport(report: LawTestReport, name: string) {
    const { wald, tiedExponents: lr } = report;
    return html`<ul data-testid="law-test-result">
      <li data-testid="law-test-wald">${
        'problem' in wald
          ? html`Wald test of ${name}: not computed: ${wald.problem}`
          : html`Wald test of ${name}: W = ${formatStat(wald.statistic)} on ${wald.df} degrees of freedom,
            p = ${pText(wald.pValue)}${wald.pValue < 0.05 ? ' (rejected at 5%)' : ' (not rejected at 5%)'}
            <span class="muted">(bootstrap covariance of ${wald.params.join(', ')} over ${wald.replicas} replicas)</span>`
      }</li>
      <li data-testid="law-test-lr">${
        'problem' in lr
          ? html`Likelihood ratio, tied exponents (α = β): not computed: ${lr.problem}`
          : html`Likelihood ratio, tied exponents (α = β): LR = ${formatStat(lr.statistic)} on ${lr.df} degree of freedom,
            p = ${pText(lr.pValue)} <span class="muted">(Gaussian errors on ln L, n = ${lr.n})</span>`
      }</li>
    </ul>`;
  }

  override render() {
    const fit = this.result;
    if (!fit) return nothing;
    const run = this.job.running;
    const last = this.job.result;
    const shown = last && last.args[0] === fit ? last : undefined;
    const law = this.lawOf(this.choice);
    return html`<section data-testid="law-test" aria-label="Test a published law">
      <h2>Test a law against this fit</h2>
      <div class="row">
        <label>Law <select data-testid="law-test-choice" .value=${this.choice}
          @change=${(e: Event) => {
            this.choice = (e.target as HTMLSelectElement).value;
          }}>
          ${PRESETS.map((p) => html`<option value=${p.id} ?selected=${p.id === this.choice}>${p.name}</option>`)}
          <option value=${SURFACE} ?selected=${this.choice === SURFACE} ?disabled=${!this.surfaceLaw}>The law in the Surface view</option>
        </select></label>
        <button data-testid="law-test-run" ?disabled=${!!run || !law}
          @click=${() => law && void this.job.run([fit, this.runs, law, this.choice])}>Test</button>
        ${
          run
            ? html`<span data-testid="law-test-progress">Refitting with tied exponents…
              <button @click=${() => this.job.cancel()}>Cancel</button></span>`
            : nothing
        }
      </div>
      ${this.job.error ? html`<p role="alert">The test failed: ${this.job.error}</p>` : nothing}
      ${shown ? this.renderReport(shown.value, this.nameOf(shown.args[3])) : nothing}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'law-test-panel': LawTestPanel;
  }
}
