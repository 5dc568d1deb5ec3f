/**
 * "Which method to trust": a panel of the Fit view that fits Approach 3, Approach 2 and the
 * compute-only law to the same runs on the engine in use (`compareMethods`), and shows their
 * estimates side by side at one budget with intervals, where the intervals disagree, the
 * leave-one-budget-out cross-validation (the smallest error marked) and Approach 2's bias on
 * the runs' own design. The job has progress and Cancel; the numbers are the CLI's
 * (`fit --compare-methods`).
 */
import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { EngineManager } from '../engine/manager';
import { csvAction } from '../export/actions';
import { methodComparisonCsv } from '../export/method-compare';
import type { ExportAction } from '../export/types';
import type { IsoflopChoices } from '../fit/approach2';
import {
  ESTIMATE_NAMES,
  type Estimate,
  type EstimateField,
  METHOD_NAMES,
} from '../fit/method-compare';
import { compareMethods, type MethodComparison } from '../fit/method-compare-job';
import type { FitOptions, FitProgress, FitRun } from '../fit/types';
import { formatStat } from './charts/fit-table';
import { parseNumber } from './charts/format';
import { JobController } from './job-controller';
import { engineManagerContext } from './services';
import './export-menu';

const FIELD_NAMES = ESTIMATE_NAMES;

const STAGES = ['Approach 3', 'Approach 2', 'the compute-only law', 'cross-validation'];

const nameOf = (id: string) => METHOD_NAMES[id] ?? id;

function cell(e: Estimate | undefined) {
  if (!e) return html`<td class="muted">—</td>`;
  return html`<td>${formatStat(e.point)}${
    e.ci95
      ? html`<span class="muted"> (${formatStat(e.ci95[0])}–${formatStat(e.ci95[1])})</span>`
      : nothing
  }</td>`;
}

/** The panel. */
@customElement('method-compare-panel')
export class MethodComparePanel extends LitElement {
  static override styles = css`
    :host {
      display: block;
      margin-top: 14px;
    }
    table {
      border-collapse: collapse;
      font-size: 13px;
      margin: 6px 0;
    }
    th,
    td {
      text-align: left;
      padding: 3px 8px;
      border-bottom: 1px solid var(--line, #ddd);
      font-variant-numeric: tabular-nums;
    }
    .muted {
      color: var(--muted, #666);
    }
    .best {
      font-weight: 600;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      align-items: center;
    }
    ul {
      margin: 4px 0;
      padding-left: 18px;
    }
    input {
      width: 7em;
    }
  `;

  /** From the app shell, through `engineManagerContext`. */
  @consume({ context: engineManagerContext, subscribe: true })
  @state()
  manager: EngineManager | undefined;
  /** The usable runs the Fit view fits. */
  @property({ attribute: false }) runs: readonly FitRun[] = [];
  /** Identifies {@link runs}: a comparison of other runs is shown as stale. */
  @property() runsKey = '';
  /** Approach 3's options (bootstrap and seed drive the other methods too). */
  @property({ attribute: false }) options!: FitOptions & IsoflopChoices;

  @state() private budgetText = '1e22';
  @state() private budgetError = '';

  private readonly job = new JobController<
    [string, readonly FitRun[], FitOptions & IsoflopChoices, number],
    MethodComparison,
    FitProgress
  >(this, {
    task: async ([, runs, options, budget], { signal, onProgress }) => {
      const manager = this.manager;
      if (!manager) throw new Error('no engine yet');
      return manager.run(
        'fit',
        (engine) =>
          compareMethods(
            runs,
            {
              fit: options,
              budget,
              isoflop: {
                ...(options.tolerance !== undefined ? { tolerance: options.tolerance } : {}),
                ...(options.target !== undefined ? { target: options.target } : {}),
              },
            },
            (method, r, o, job) => engine.runMethod(method, r, o, job),
            { signal, onProgress },
          ),
        signal,
      );
    },
    argsEqual: (a, b) => a[0] === b[0] && a[3] === b[3] && a[2] === b[2],
  });

  private start() {
    const budget = parseNumber(this.budgetText);
    if (!(budget > 0 && Number.isFinite(budget))) {
      this.budgetError = `the budget must be a positive number of FLOPs, e.g. 1e22 (got "${this.budgetText.slice(0, 40)}")`;
      return;
    }
    this.budgetError = '';
    void this.job.run([this.runsKey, this.runs, this.options, budget]);
  }

  private exportActions(c: MethodComparison): ExportAction[] {
    return [
      csvAction('method-comparison', () => methodComparisonCsv(c), {
        description: 'Download the method table and the cross-validation as CSV',
      }),
    ];
  }

  private renderTable(c: MethodComparison) {
    const fields: EstimateField[] = ['a', 'b', 'tokensPerParam', 'loss'];
    return html`<table data-testid="method-table">
      <caption class="muted">At C = ${formatStat(c.budget)} FLOPs; 95% intervals over the bootstrap</caption>
      <thead><tr><th scope="col">Method</th>${fields.map((f) => html`<th scope="col">${FIELD_NAMES[f]}</th>`)}</tr></thead>
      <tbody>
        ${c.estimates.map(
          (e) =>
            html`<tr data-method=${e.method}><th scope="row">${nameOf(e.method)}</th>${fields.map((f) => cell(e[f]))}</tr>`,
        )}
      </tbody>
    </table>`;
  }

  private renderCrossValidation(c: MethodComparison) {
    const cv = c.crossValidation;
    if (!cv) return nothing;
    const pct = (x: number | undefined) => (x === undefined ? '—' : `${(100 * x).toFixed(2)}%`);
    return html`<h3>Leave one budget out</h3>
      <p class="muted">Each of the largest budgets is held out in turn; every method is refitted on
      the other runs and predicts the held-out budget's own parabola minimum. Errors: predicted /
      observed loss − 1, and ln(predicted / observed N_opt).</p>
      ${
        cv.heldOut.length === 0
          ? html`<p data-testid="cv-none">No budget could be held out.</p>`
          : html`<table data-testid="cv-table">
        <thead><tr><th scope="col">Method</th><th scope="col">RMS loss error</th><th scope="col">RMS N_opt error</th></tr></thead>
        <tbody>${cv.rms.map(
          (r) => html`<tr data-method=${r.method}>
            <th scope="row">${nameOf(r.method)}</th>
            <td class=${cv.best.loss === r.method ? 'best' : ''}>${pct(r.loss)}${cv.best.loss === r.method ? ' ★' : ''}</td>
            <td class=${cv.best.NOpt === r.method ? 'best' : ''}>${r.NOpt === undefined ? '—' : formatStat(r.NOpt)}${cv.best.NOpt === r.method ? ' ★' : ''}</td>
          </tr>`,
        )}</tbody>
      </table>
      <p class="muted">Held out: ${cv.heldOut.map((h) => `${formatStat(h.C)} FLOPs (${h.runs} runs)`).join(', ')}. ★ the smallest error.</p>`
      }
      ${
        cv.skipped.length > 0
          ? html`<ul>${cv.skipped.map((s) => html`<li>${formatStat(s.C)} FLOPs not held out: ${s.reason}</li>`)}</ul>`
          : nothing
      }`;
  }

  private renderResult(c: MethodComparison) {
    const bias = c.designBias;
    return html`${this.renderTable(c)}
      ${
        c.disagreements.length > 0
          ? html`<ul data-testid="method-disagreements">${c.disagreements.map(
              (d) =>
                html`<li>${FIELD_NAMES[d.field]}: the 95% intervals of ${nameOf(d.methods[0])} and ${nameOf(d.methods[1])} do not overlap.</li>`,
            )}</ul>`
          : html`<p class="muted" data-testid="method-disagreements">Every pair of intervals overlaps.</p>`
      }
      ${
        c.problems.length > 0
          ? html`<ul data-testid="method-problems">${c.problems.map(
              (p) => html`<li>${nameOf(p.method)} not fitted: ${p.problem}</li>`,
            )}</ul>`
          : nothing
      }
      ${this.renderCrossValidation(c)}
      ${
        bias
          ? html`<p data-testid="design-bias">Design bias: on these runs' own design, simulated without noise from the
            Approach-3 law (a = ${formatStat(bias.aTrue)}), Approach 2 finds a = ${formatStat(bias.aFitted)}
            (${bias.bias >= 0 ? '+' : ''}${formatStat(bias.bias)}, over ${bias.budgetsUsed} budgets).</p>`
          : nothing
      }
      <export-menu label="Export the method comparison" .actions=${this.exportActions(c)}></export-menu>`;
  }

  override render() {
    const run = this.job.running;
    const last = this.job.result?.value;
    const stale = this.job.result && this.job.result.args[0] !== this.runsKey;
    const stage = run?.progress ? Math.min(run.progress.done, 3) : 0;
    return html`<section data-testid="method-compare" aria-label="Which method to trust">
      <h2>Which method to trust</h2>
      <div class="row">
        <label>Budget (FLOPs) <input data-testid="method-budget" .value=${this.budgetText}
          @change=${(e: Event) => {
            this.budgetText = (e.target as HTMLInputElement).value;
          }} /></label>
        <button data-testid="method-compare-run" ?disabled=${!!run || this.runs.length === 0}
          @click=${() => this.start()}>Compare methods</button>
        ${
          run
            ? html`<span data-testid="method-compare-progress">Fitting ${STAGES[stage]} (${stage + 1} of 4)…
                <button @click=${() => this.job.cancel()}>Cancel</button></span>`
            : nothing
        }
      </div>
      ${this.budgetError ? html`<p role="alert">${this.budgetError}</p>` : nothing}
      ${this.job.error ? html`<p role="alert">The comparison failed: ${this.job.error}</p>` : nothing}
      ${stale ? html`<p class="muted">The runs changed since this comparison; compare again to update it.</p>` : nothing}
      ${last ? this.renderResult(last) : nothing}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'method-compare-panel': MethodComparePanel;
  }
}
