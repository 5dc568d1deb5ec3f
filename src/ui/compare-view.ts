/**
 * The Compare view: is recipe B better than recipe A, by how much, and does the gap grow with
 * scale? It reads the Fit view's last per-series fit, compares every series with the chosen
 * reference (src/fit/compare-job.ts, the same function the CLI's `compare` calls), and shows
 * L*(C) per series, the effective compute multiplier m(C) with its paired bootstrap band, a
 * table at the chosen budgets, one verdict per series, and, with parameters shared, a joint fit
 * with its likelihood-ratio test. Its choices (reference, budgets, shared parameters) go into
 * the link through the `compare-change` event.
 */
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { csvAction, jsonAction } from '../export/actions';
import { toCsv } from '../export/csv';
import { type CompareJobResult, runComparison } from '../fit/compare-job';
import type { RecipeComparison } from '../fit/compare-recipes';
import {
  formatBudget,
  formatMultiplier,
  formatMultiplierInterval,
  verdictsAtFirstBudget,
} from '../fit/compare-verdict';
import { SHARED_PARAMS, type SharedParam } from '../fit/joint-objective';
import type { SeriesFit, SeriesPlan } from '../fit/series-fit';
import type { FitOptions, FitProgress, FitRun } from '../fit/types';
import { comparisonsAt, defaultTableBudgets, lossBand } from '../law/compare-curves';
import type { CompareRow, SeriesComparison } from '../law/recipe-compare';
import { type CompareState, compareBudgetIssue } from '../scenario/compare-state';
import { COMPARE_CSV_HEADER, compareCsvRows } from './charts/compare-charts';
import { parseBudgetList } from './charts/frontier-panels';
import { formatDuration, progressView } from './charts/progress';
import { inputText } from './charts/sweep-setup';
import { compareStyles } from './compare-styles';
import { JobController } from './job-controller';
import './compare-charts';
import './export-menu';

/** What one comparison job compares. */
interface CompareArgs {
  readonly key: string;
  readonly method: string;
  readonly fits: readonly SeriesFit<unknown>[];
  readonly plan: readonly SeriesPlan<FitRun>[];
  readonly reference: string;
  readonly shared: readonly SharedParam[];
  readonly options: FitOptions;
}

/** How the parameters read in the controls. */
const PARAM_LABELS: Readonly<Record<SharedParam, string>> = {
  E: 'E',
  A: 'A',
  B: 'B',
  alpha: 'α',
  beta: 'β',
};

function emit(host: HTMLElement, compare: CompareState): void {
  host.dispatchEvent(
    new CustomEvent('compare-change', { detail: { compare }, bubbles: true, composed: true }),
  );
}

/** JSON with every non-finite number written as null (JSON has no NaN or Infinity). */
function finiteJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v),
    2,
  );
}

function pValueText(p: number): string {
  if (p < 1e-4) return p.toExponential(1);
  return p.toPrecision(2);
}

@customElement('compare-view')
export class CompareView extends LitElement {
  static override styles = compareStyles;

  /** True while the view is shown; a hidden view starts no work and catches up when shown. */
  @property({ type: Boolean }) active = false;
  /** The last fit job's per-series results and plan, and the method and options it used. */
  @property({ attribute: false }) fits: readonly SeriesFit<unknown>[] = [];
  @property({ attribute: false }) plan: readonly SeriesPlan<FitRun>[] = [];
  @property() method = 'approach3';
  @property({ attribute: false }) options: FitOptions | undefined;
  /** Identifies the fit job result (a new one reruns the comparison). */
  @property() fitKey = '';
  /** The view's slice of the state. */
  @property({ attribute: false }) compare: CompareState = {
    reference: null,
    budgets: [],
    shared: [],
  };
  /** The budgets as typed, while they do not parse. */
  @state() private budgetDraft: { text: string; issue: string } | undefined;
  /** What the separate and the joint comparison last ran on (their keys). */
  private separateKey: string | undefined;
  private jointKey: string | undefined;
  /** A serial per fits array seen, so a refit of the same runs (new options) compares again. */
  private readonly fitsSerial = new WeakMap<readonly SeriesFit<unknown>[], number>();
  private nextSerial = 0;

  /** The comparison of the separate per-series fits: fast, rerun on every change. */
  private readonly separate = new JobController<[CompareArgs], CompareJobResult>(this, {
    task: ([a], job) =>
      runComparison(
        {
          method: a.method,
          fits: a.fits,
          plan: a.plan,
          reference: a.reference,
          options: a.options,
        },
        { signal: job.signal },
      ),
    argsEqual: ([a], [b]) => a.key === b.key && a.reference === b.reference,
  });
  /** The joint fit with the shared parameters: seconds, with progress and Cancel. */
  private readonly joint = new JobController<[CompareArgs], CompareJobResult, FitProgress>(this, {
    task: ([a], job) =>
      runComparison(
        {
          method: a.method,
          fits: a.fits,
          plan: a.plan,
          reference: a.reference,
          shared: a.shared,
          options: a.options,
        },
        job,
      ),
    argsEqual: ([a], [b]) =>
      a.key === b.key && a.reference === b.reference && a.shared.join() === b.shared.join(),
    phaseOf: (p) => p.phase,
  });

  /** The fitted series' names, in the fit's order. */
  private get fittedNames(): string[] {
    return this.fits.flatMap((f) => ('result' in f && f.series !== null ? [f.series] : []));
  }

  /** The reference in use: the state's, else the first fitted series. */
  private get reference(): string | undefined {
    return this.compare.reference ?? this.fittedNames[0];
  }

  private args(): CompareArgs | undefined {
    const reference = this.reference;
    if (!this.options || reference === undefined || this.fittedNames.length < 2) return undefined;
    return {
      key: this.fitKey,
      method: this.method,
      fits: this.fits,
      plan: this.plan,
      reference,
      shared: this.compare.shared,
      options: this.options,
    };
  }

  /** Starts the comparisons whose inputs changed: the separate one always, the joint one when asked. */
  protected override updated(changed: PropertyValues): void {
    if (!['fits', 'compare', 'fitKey', 'active'].some((k) => changed.has(k))) return;
    const args = this.active ? this.args() : undefined;
    if (!args) return;
    let serial = this.fitsSerial.get(args.fits);
    if (serial === undefined) {
      serial = this.nextSerial++;
      this.fitsSerial.set(args.fits, serial);
    }
    const separate = `${args.key}|${serial}|${args.reference}`;
    if (separate !== this.separateKey) {
      this.separateKey = separate;
      void this.separate.run([args]).catch(() => {});
    }
    const joint =
      args.shared.length > 0 && this.method === 'approach3'
        ? `${separate}|${args.shared.join()}`
        : undefined;
    if (joint !== this.jointKey) {
      this.jointKey = joint;
      if (joint) void this.joint.run([args]).catch(() => {});
      else this.joint.cancel('no parameters shared');
    }
  }

  private setCompare(patch: Partial<CompareState>): void {
    emit(this, { ...this.compare, ...patch });
  }

  private onBudgets(text: string): void {
    const trimmed = text.trim();
    if (trimmed === '') {
      this.budgetDraft = undefined;
      this.setCompare({ budgets: [] });
      return;
    }
    const list = parseBudgetList(trimmed);
    const issue = list
      ? compareBudgetIssue(list)
      : 'give budgets as positive numbers, e.g. 1e20, 1e21';
    if (!list || issue) {
      this.budgetDraft = { text, issue: issue ?? 'unreadable budgets' };
      return;
    }
    this.budgetDraft = undefined;
    this.setCompare({ budgets: list });
  }

  private toggleShared(p: SharedParam, on: boolean): void {
    const set = new Set(this.compare.shared);
    if (on) set.add(p);
    else set.delete(p);
    this.setCompare({ shared: SHARED_PARAMS.filter((q) => set.has(q)) });
  }

  override render() {
    const names = this.fittedNames;
    if (this.fits.length === 0)
      return html`<div class="card" data-testid="compare-empty">
        <h2>Compare recipes</h2>
        <p>Load runs with a series column (a recipe, data mix or architecture per run) and fit them
          in the Fit view; each series is fitted with the same method and options, and compared here
          against a reference series of your choice.</p>
      </div>`;
    if (names.length < 2) {
      const left = this.fits.filter((f) => 'problem' in f);
      return html`<div class="card" data-testid="compare-empty">
        <h2>Compare recipes</h2>
        <p>${
          this.fits.every((f) => f.series === null)
            ? 'The last fit had no series: the runs carry one recipe. Map a series column in the Fit view to compare recipes.'
            : `Only ${names.length} series could be fitted; a comparison needs two.`
        }</p>
        ${left.length > 0 ? this.renderLeftOut(left.map((f) => ({ name: f.series ?? '', problem: 'problem' in f ? f.problem : '' }))) : nothing}
      </div>`;
    }
    return html`${this.renderControls(names)}
      ${this.renderSeparate()}
      ${this.compare.shared.length > 0 ? this.renderJoint() : nothing}`;
  }

  private renderControls(names: readonly string[]) {
    const ref = this.reference;
    const approach3 = this.method === 'approach3';
    const budgets = this.budgetDraft?.text ?? this.compare.budgets.map(inputText).join(', ');
    return html`<div class="card">
      <h2>Compare recipes</h2>
      <div class="controls">
        <label>Reference
          <select data-testid="compare-reference" @change=${(e: Event) => this.setCompare({ reference: (e.target as HTMLSelectElement).value })}>
            ${names.map((n) => html`<option value=${n} ?selected=${n === ref}>${n}</option>`)}
          </select>
        </label>
        <label>Budgets of the table (FLOPs)
          <input type="text" data-testid="compare-budgets" aria-label="Budgets of the table (FLOPs, comma-separated; empty: from the data)"
            placeholder="from the data" .value=${budgets}
            @change=${(e: Event) => this.onBudgets((e.target as HTMLInputElement).value)} />
          ${this.budgetDraft ? html`<span class="issue" role="alert" data-testid="compare-budgets-issue">${this.budgetDraft.issue}</span>` : nothing}
        </label>
        <fieldset ?disabled=${!approach3}>
          <legend>Joint fit: shared parameters</legend>
          ${SHARED_PARAMS.map(
            (
              p,
            ) => html`<label><input type="checkbox" data-testid=${`compare-share-${p}`} .checked=${this.compare.shared.includes(p)}
              ?disabled=${!this.compare.shared.includes(p) && this.compare.shared.length >= SHARED_PARAMS.length - 1}
              @change=${(e: Event) => this.toggleShared(p, (e.target as HTMLInputElement).checked)} />${PARAM_LABELS[p]}</label>`,
          )}
        </fieldset>
      </div>
      <p class="muted small" data-testid="compare-help">L*(C): a series’ compute-optimal loss at training
        compute C under its fitted law. C(L): the least compute at which a series reaches loss L (none at or
        below its floor E). m(C) = C_ref(L*_X(C)) / C: the compute the reference needs to reach what series X
        reaches at C, over C; m = 2 means the reference needs twice the compute, and where X’s loss lies
        below the reference’s floor m is unbounded. Intervals pair bootstrap replica k of each series with
        replica k of the reference. Budgets beyond either series’ runs are extrapolated (dashed, and marked
        in the table). With no budgets given, the table shows the largest budget all series reach, and ten
        and a hundred times it.${
          approach3
            ? ' Sharing E, α and β makes m the same at every budget; the likelihood-ratio test says whether the data allow that.'
            : ' Joint fits need Approach 3.'
        }</p>
    </div>`;
  }

  private tableBudgets(result: RecipeComparison): number[] {
    return this.compare.budgets.length > 0
      ? [...this.compare.budgets]
      : defaultTableBudgets(result.frontiers);
  }

  private renderSeparate() {
    const job = this.separate;
    if (job.error)
      return html`<div class="card error" role="alert" data-testid="compare-error">${job.error}</div>`;
    const result = job.value?.separate;
    if (!result)
      return html`<div class="card muted" data-testid="compare-pending">Comparing…</div>`;
    return this.renderComparison(result, 'separate fits', 'compare');
  }

  private renderComparison(result: RecipeComparison, fitLabel: string, testPrefix: string) {
    const budgets = this.tableBudgets(result);
    const rows = comparisonsAt(result.frontiers, budgets);
    // Colours follow the fit's order (as in the Frontier), whichever series is the reference.
    const names = this.fittedNames;
    const curves = result.frontiers.map((f) => ({
      name: f.name,
      points: lossBand(f, result.budgets),
    }));
    const verdicts = verdictsAtFirstBudget(result.frontiers, rows);
    const nested = testPrefix !== 'compare';
    return html`<div class=${nested ? 'nested' : 'card'} data-testid=${`${testPrefix}-result`}>
      <h3>Verdict <span class="muted small">(${fitLabel})</span></h3>
      <ul class="verdicts" data-testid=${`${testPrefix}-verdicts`}>
        ${verdicts.map((v) => html`<li data-testid="compare-verdict">${v}</li>`)}
      </ul>
      ${result.leftOut.length > 0 ? this.renderLeftOut(result.leftOut) : nothing}
      <div class="charts">
        <div class="chart-box"><compare-loss-chart .series=${curves} .names=${names} fitLabel=${fitLabel}></compare-loss-chart></div>
        <div class="chart-box"><compare-multiplier-chart .comparisons=${result.comparisons} .names=${names} fitLabel=${fitLabel}></compare-multiplier-chart></div>
      </div>
      ${this.renderTable(rows, testPrefix)}
    </div>`;
  }

  private renderTable(comparisons: readonly SeriesComparison[], testPrefix: string) {
    const all = comparisons.flatMap((c) => c.rows);
    const interval = (iv: readonly [number, number] | null) =>
      iv
        ? `${iv[0] >= 0 ? '+' : ''}${iv[0].toFixed(4)} to ${iv[1] >= 0 ? '+' : ''}${iv[1].toFixed(4)}`
        : '—';
    const signed = (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(4)}`;
    const mCell = (r: CompareRow) =>
      r.unbounded
        ? html`<span data-testid="compare-unbounded">unbounded</span>`
        : formatMultiplier(r.multiplier);
    return html`<h3>At the chosen budgets</h3>
      <div class="table-wrap">
        <table data-testid=${`${testPrefix}-table`}>
          <thead><tr><th>Series</th><th>Budget</th><th>m against ${comparisons[0]?.reference ?? ''}</th><th>95% interval</th><th>Loss gap L*_X − L*_ref</th><th>95% interval</th><th></th></tr></thead>
          <tbody>
            ${all.map(
              (
                r,
              ) => html`<tr data-testid="compare-row" data-series=${r.series} data-budget=${r.budget} data-extrapolated=${r.extrapolated}>
                <td>${r.series}</td>
                <td class="num">${formatBudget(r.budget)}</td>
                <td class="num" data-cell="multiplier">${mCell(r)}</td>
                <td class="num" data-cell="interval">${formatMultiplierInterval(r.interval)}</td>
                <td class="num">${signed(r.lossGap)}</td>
                <td class="num">${interval(r.lossGapInterval)}</td>
                <td>${r.extrapolated ? html`<span class="extrapolated" data-testid="compare-extrapolated" title="This budget lies beyond the runs of one of the two series">extrapolated</span>` : html`<span class="muted">within the data</span>`}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <table data-testid=${`${testPrefix}-exponents`} style="margin-top:8px">
        <thead><tr><th>Series</th><th>a − a_ref (N_opt ∝ C^a)</th><th>95% interval</th><th>Reference cannot match from</th></tr></thead>
        <tbody>
          ${comparisons.map(
            (c) => html`<tr data-series=${c.series}>
              <td>${c.series}</td>
              <td class="num">${c.exponentGap ? signed(c.exponentGap.point) : '—'}</td>
              <td class="num">${c.exponentGap ? interval(c.exponentGap.interval) : '—'}</td>
              <td class="num">${c.unboundedFrom !== null ? `${formatBudget(c.unboundedFrom)} FLOPs` : 'never'}</td>
            </tr>`,
          )}
        </tbody>
      </table>
      <export-menu data-testid=${`export-${testPrefix}-table`} label="Export the comparison table" .actions=${[
        csvAction(`${testPrefix}-table`, () => toCsv(COMPARE_CSV_HEADER, compareCsvRows(all)), {
          description: 'Download the table as CSV (unbounded values read "unbounded")',
        }),
        jsonAction(
          `${testPrefix}-table`,
          () =>
            finiteJson({
              rows: all,
              exponents: comparisons.map((c) => ({
                series: c.series,
                reference: c.reference,
                exponentGap: c.exponentGap,
                unboundedFrom: c.unboundedFrom,
              })),
            }),
          { description: 'Download the rows and the exponent differences as JSON' },
        ),
      ]}></export-menu>`;
  }

  private renderLeftOut(leftOut: readonly { name: string; problem: string }[]) {
    return html`<ul class="small" data-testid="compare-left-out">
      ${leftOut.map((l) => html`<li>Left out <b>${l.name}</b>: ${l.problem}</li>`)}
    </ul>`;
  }

  private renderJoint() {
    const job = this.joint;
    if (this.method !== 'approach3')
      return html`<div class="card muted">Joint fits need Approach 3; the last fit used ${this.method}.</div>`;
    const run = job.running;
    const shared = this.compare.shared.map((p) => PARAM_LABELS[p]).join(', ');
    const head = html`<h3>Joint fit, ${shared} shared</h3>`;
    if (run) {
      const v = progressView(run.progress, (performance.now() - run.phaseStartedAt) / 1000);
      return html`<div class="card" data-testid="compare-joint-running">${head}
        <div class="progress" data-testid="compare-joint-progress">
          <div class="bar" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow=${Math.round(v.fraction * 100)}>
            <div style="width:${(v.fraction * 100).toFixed(1)}%"></div>
          </div>
          <span>${v.label}</span>
          <span class="muted">${formatDuration((performance.now() - run.startedAt) / 1000)}${v.eta ? ` · ${v.eta}` : ''}</span>
          <button data-testid="compare-joint-cancel" @click=${() => job.cancel()}>Cancel</button>
        </div>
      </div>`;
    }
    if (job.error)
      return html`<div class="card" data-testid="compare-joint-error">${head}<p class="error" role="alert">${job.error}</p></div>`;
    const joint = job.value?.joint;
    if (!joint)
      return html`<div class="card" data-testid="compare-joint-idle">${head}
        <p class="muted">${job.notice ?? 'Waiting for the joint fit.'}</p>
        <button data-testid="compare-joint-run" @click=${() => {
          const a = this.args();
          if (a) void job.run([a]).catch(() => {});
        }}>Fit jointly</button>
      </div>`;
    const t = joint.test;
    const rejected = t.pValue < 0.05;
    return html`<div class="card" data-testid="compare-joint">${head}
      <p data-testid="compare-lr">Likelihood-ratio test of the shared model against separate fits:
        statistic <b>${t.statistic.toFixed(2)}</b> on ${t.df} degrees of freedom, p = <b>${pValueText(t.pValue)}</b>.
        ${
          rejected
            ? html`<span>Rejected at 5%: the recipes differ in ${shared}, not only in what is left free.</span>`
            : html`<span>Not rejected at 5%: the data are consistent with the recipes sharing ${shared}.</span>`
        }</p>
      ${
        joint.constant.length > 0
          ? html`<p class="small">With E, α and β shared the multiplier is the same at every budget:</p>
            <ul class="verdicts" data-testid="compare-constant">
              ${joint.constant.map(
                (c) =>
                  html`<li>${c.series}: <b>${formatMultiplier(c.multiplier)}</b> the compute of ${c.reference}${
                    c.interval
                      ? ` (95% interval ${formatMultiplier(c.interval[0])} to ${formatMultiplier(c.interval[1])}, ${c.pairs} replicas)`
                      : ''
                  }</li>`,
              )}
            </ul>`
          : nothing
      }
      ${this.renderComparison(joint.comparison, `joint fit, ${shared} shared`, 'compare-joint')}
      <export-menu data-testid="export-compare-joint" label="Export the joint fit" .actions=${[
        jsonAction(
          'compare-joint-fit',
          () =>
            finiteJson({
              shared: joint.fit.shared,
              series: joint.fit.series,
              test: joint.test,
              constant: joint.constant,
            }),
          {
            description:
              'Download the joint fit’s laws, its test and the constant multipliers as JSON',
          },
        ),
      ]}></export-menu>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'compare-view': CompareView;
  }
}
