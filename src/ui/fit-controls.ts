/**
 * The fit method and its options (Approach 3: starts, bootstrap K, seed, the objective: residual
 * loss, Huber delta fixed or from the data, the over-prediction penalty, run weights, fixed
 * parameters, tied exponents; Approach 2 and the compute-only law: bootstrap K, seed, the budget
 * grouping tolerance and the parabolas' target), the Fit and Cancel
 * buttons, the progress bar with its ETA, and what became of the last fit (error, cancel).
 * Option edits are sent only when every field parses; bad fields show an inline message.
 */
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { FIT_METHODS } from '../fit/methods';
import type { FitProgress, ResidualLoss, RunWeighting } from '../fit/types';
import {
  DEFAULT_DELTA_CONSTANT,
  type FormOptions,
  type OptionField,
  optionTexts,
  parseOptionTexts,
} from './charts/fit-option-fields';
import { formatDuration, progressView } from './charts/progress';
import { fitStyles } from './fit-styles';
import type { RunningJob } from './job-controller';

function emit<T>(el: HTMLElement, type: string, detail: T) {
  el.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}

@customElement('fit-controls')
export class FitControls extends LitElement {
  static override styles = [
    fitStyles,
    css`
      .options {
        display: flex;
        flex-wrap: wrap;
        align-items: flex-start;
        gap: 10px 16px;
      }
      label.field {
        display: flex;
        flex-direction: column;
        gap: 3px;
        font-size: 11.5px;
        color: var(--ink-2);
      }
      label.field input[type='text'] {
        width: 92px;
      }
      label.check {
        display: flex;
        align-items: center;
        gap: 6px;
        font-size: 12px;
        align-self: flex-end;
        height: 26px;
      }
      .starts {
        display: flex;
        gap: 4px;
      }
      .actions {
        margin-top: 12px;
      }
      .bar {
        flex: 1;
        min-width: 160px;
        height: 8px;
        border-radius: 4px;
        background: #e6e9ef;
        overflow: hidden;
      }
      .bar > div {
        height: 100%;
        background: var(--accent);
        transition: width 0.15s linear;
      }
      .progress {
        flex: 1;
        display: flex;
        align-items: center;
        gap: 10px;
        font-size: 12px;
        font-variant-numeric: tabular-nums;
      }
      .issue {
        max-width: 180px;
      }
      .engine {
        margin-left: auto;
        font-size: 11.5px;
      }
    `,
  ];

  @property({ attribute: false }) options!: FormOptions;
  /** The fit method's id. */
  @property() method = 'approach3';
  /** Whether the runs carry a weight column (the column weighting needs one). */
  @property({ type: Boolean }) hasWeights = false;
  @property({ attribute: false }) running: RunningJob<FitProgress> | undefined;
  @property({ attribute: false }) error: string | undefined;
  @property({ attribute: false }) notice: string | undefined;
  /** Why a fit cannot start now (too few runs, engine starting), or undefined. */
  @property({ attribute: false }) blocker: string | undefined;
  @property() engineLabel = '';
  /** Current time (ms, performance.now()), passed in so the ETA moves with the host's ticks. */
  @property({ attribute: false }) now = 0;

  @state() private texts: Record<OptionField, string> | undefined;
  @state() private random: boolean | undefined;
  @state() private issues: Partial<Record<OptionField, string>> = {};
  private sent: FormOptions | undefined;
  /** The options the form's selects and switches stand at (kept while a text field is bad). */
  private draft: FormOptions | undefined;

  /** Moves focus to the options' heading (focusable by script only). */
  focusHeading(): boolean {
    const heading = this.renderRoot.querySelector<HTMLElement>(
      '[data-testid="fit-options-heading"]',
    );
    heading?.focus();
    return heading !== null;
  }

  override willUpdate(changed: Map<string, unknown>) {
    if (changed.has('options') && this.options !== this.sent) {
      this.texts = undefined;
      this.random = undefined;
      this.draft = undefined;
      this.issues = {};
    }
  }

  private get currentTexts(): Record<OptionField, string> {
    return this.texts ?? optionTexts(this.options);
  }

  private get isRandom(): boolean {
    return this.random ?? this.options.starts.kind === 'random';
  }

  private apply(
    texts: Record<OptionField, string>,
    random: boolean,
    tie = this.options.tieExponents,
    base: FormOptions = this.shown,
  ) {
    this.texts = texts;
    this.random = random;
    this.draft = { ...base, tieExponents: tie };
    const parsed = parseOptionTexts(this.draft, texts, random);
    if ('issues' in parsed) {
      this.issues = parsed.issues;
      return;
    }
    this.issues = {};
    this.sent = parsed.options;
    emit(this, 'fit-options-change', { options: parsed.options });
  }

  private field(key: OptionField, label: string, title: string) {
    const issue = this.issues[key];
    return html`<label class="field" title=${title}>
      ${label}
      <input
        type="text"
        inputmode="numeric"
        autocomplete="off"
        spellcheck="false"
        data-option=${key}
        aria-invalid=${issue ? 'true' : 'false'}
        .value=${this.currentTexts[key]}
        @input=${(e: Event) =>
          this.apply(
            { ...this.currentTexts, [key]: (e.target as HTMLInputElement).value },
            this.isRandom,
          )}
      />
      ${issue ? html`<span class="issue" role="alert" data-issue=${key}>${issue}</span>` : nothing}
    </label>`;
  }

  /** Applies a select's choice: `next` replaces the options, the texts as they stand. */
  private choose(next: FormOptions) {
    this.apply(this.currentTexts, this.isRandom, next.tieExponents, next);
  }

  /** The options as the form shows them: the draft, else the given. */
  private get shown(): FormOptions {
    return this.draft ?? this.options;
  }

  private select<T extends string>(
    key: string,
    label: string,
    title: string,
    value: T,
    options: readonly (readonly [T, string, boolean?])[],
    pick: (v: T) => void,
  ) {
    return html`<label class="field" title=${title}>
      ${label}
      <select data-option=${key} @change=${(e: Event) => pick((e.target as HTMLSelectElement).value as T)}>
        ${options.map(
          ([v, text, disabled]) =>
            html`<option value=${v} ?selected=${v === value} ?disabled=${disabled === true}>${text}</option>`,
        )}
      </select>
    </label>`;
  }

  private renderStarts() {
    return html`<label class="field" title="Hoffmann's 4,500-point grid, or N random starts">
        Starts
        <span class="starts">
          <select
            data-option="starts"
            @change=${(e: Event) =>
              this.apply(this.currentTexts, (e.target as HTMLSelectElement).value === 'random')}
          >
            <option value="grid" ?selected=${!this.isRandom}>Hoffmann grid (4,500)</option>
            <option value="random" ?selected=${this.isRandom}>Random</option>
          </select>
        </span>
      </label>
      ${this.isRandom ? this.field('randomStarts', 'Random starts', 'How many random starts') : nothing}`;
  }

  private renderTie() {
    return html`<label class="check">
      <input
        type="checkbox"
        data-option="tie"
        .checked=${this.shown.tieExponents}
        @change=${(e: Event) =>
          this.apply(this.currentTexts, this.isRandom, (e.target as HTMLInputElement).checked)}
      />
      Tie exponents (α = β)
    </label>`;
  }

  /** The objective of Approach 3: residual loss, delta, penalty, weights, fixed parameters. */
  private renderObjective() {
    const o = this.shown;
    const loss: ResidualLoss = o.residualLoss ?? 'huber';
    const scaled = o.deltaRule?.kind === 'scaled';
    const weighting: RunWeighting = o.weighting ?? 'none';
    const { residualLoss: _r, ...withoutLoss } = o;
    const { deltaRule: _d, ...withoutRule } = o;
    const { weighting: _w, ...withoutWeights } = o;
    return html`<div class="options objective" data-testid="fit-objective">
      ${this.select<ResidualLoss>(
        'residualLoss',
        'Residual loss',
        'The penalty of each log-loss residual: Huber (Hoffmann et al. 2022) or least squares',
        loss,
        [
          ['huber', 'Huber on ln L'],
          ['squared', 'Least squares on ln L'],
        ],
        (v) => this.choose(v === 'huber' ? withoutLoss : { ...o, residualLoss: v }),
      )}
      ${
        loss === 'huber'
          ? html`${this.select<'fixed' | 'scaled'>(
              'deltaRule',
              'δ from',
              'A fixed Huber δ, or a constant times a robust scale (1.4826 MAD) of the residuals of a least-squares pilot fit',
              scaled ? 'scaled' : 'fixed',
              [
                ['fixed', 'the value given'],
                ['scaled', 'the data (c × robust scale)'],
              ],
              (v) =>
                this.choose(
                  v === 'fixed'
                    ? withoutRule
                    : { ...o, deltaRule: { kind: 'scaled', constant: DEFAULT_DELTA_CONSTANT } },
                ),
            )}
            ${
              scaled
                ? this.field(
                    'deltaConstant',
                    'δ constant c',
                    '1.345 is 95% efficient under Gaussian noise',
                  )
                : this.field('delta', 'Huber δ', 'Huber threshold on log-loss residuals')
            }`
          : nothing
      }
      ${this.field('overPenalty', 'Over-prediction ×', 'Factor on the penalty of residuals that over-predict the loss (1: symmetric; above 1 fits the lower envelope of under-tuned runs)')}
      ${this.select<RunWeighting>(
        'weighting',
        'Run weights',
        'Weights of the runs in the objective',
        weighting,
        [
          ['none', 'equal'],
          ['sqrt-compute', '√C (normalised)'],
          [
            'column',
            this.hasWeights ? 'weight column' : 'weight column (none mapped)',
            !this.hasWeights,
          ],
        ],
        (v) => this.choose(v === 'none' ? withoutWeights : { ...o, weighting: v }),
      )}
      ${this.field('fixE', 'Fix E', 'Blank: fitted; a number: E held at it')}
      ${this.field('fixAlpha', 'Fix α', 'Blank: fitted; a number: α held at it')}
      ${this.field('fixBeta', 'Fix β', 'Blank: fitted; a number: β held at it')}
    </div>`;
  }

  /** The choices of Approach 2 and the compute-only law: grouping and parabola target. */
  private renderIsoflop() {
    const o = this.shown;
    const { target: _t, ...withoutTarget } = o;
    return html`${this.field('tolerance', 'Budget grouping %', 'Runs whose C lie within this relative tolerance of a budget form one isoFLOP group')}
      ${this.select<'loss' | 'log-loss'>(
        'target',
        'Parabola of',
        'Fit each budget’s parabola to the loss or to ln L, against ln N',
        o.target ?? 'loss',
        [
          ['loss', 'L'],
          ['log-loss', 'ln L'],
        ],
        (v) => this.choose(v === 'loss' ? withoutTarget : { ...o, target: v }),
      )}`;
  }

  private renderProgress(run: RunningJob<FitProgress>) {
    const phaseElapsed = (this.now - run.phaseStartedAt) / 1000;
    const v = progressView(run.progress, phaseElapsed);
    return html`<div class="progress" data-testid="fit-progress" data-phase=${run.progress?.phase ?? ''}>
      <div class="bar" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow=${Math.round(v.fraction * 100)}>
        <div style="width:${(v.fraction * 100).toFixed(1)}%"></div>
      </div>
      <span data-testid="fit-progress-label">${v.label}</span>
      <span class="muted">${formatDuration((this.now - run.startedAt) / 1000)}${v.eta ? ` · ${v.eta}` : ''}</span>
    </div>`;
  }

  override render() {
    const run = this.running;
    const issuesNow = Object.keys(this.issues).length > 0;
    return html`<div class="card">
      <h2 tabindex="-1" data-testid="fit-options-heading">Fit options</h2>
      <div class="options">
        ${this.select(
          'method',
          'Method',
          'Approach 3 fits the two-term law to every run; Approach 2 fits a parabola per isoFLOP budget; the compute-only law fits L*(C) to the budgets’ minima',
          this.method,
          FIT_METHODS.map((m) => [m.id, m.label] as const),
          (id) => emit(this, 'fit-method-change', { method: id }),
        )}
        ${this.method === 'approach3' ? this.renderStarts() : nothing}
        ${this.field('bootstrap', 'Bootstrap K', 'Bootstrap replicas (0 for none, up to 100,000)')}
        ${this.field('seed', 'Seed', 'Seed of the resampling and random starts')}
        ${this.method === 'approach3' ? this.renderTie() : this.renderIsoflop()}
      </div>
      ${this.method === 'approach3' ? this.renderObjective() : nothing}
      <div class="row actions">
        <button
          class="primary"
          data-testid="fit"
          ?disabled=${!!run || !!this.blocker || issuesNow}
          title=${this.blocker ?? ''}
          @click=${() => emit(this, 'fit-start', {})}
        >
          Fit
        </button>
        <button data-testid="fit-cancel" ?disabled=${!run} @click=${() => emit(this, 'fit-cancel', {})}>
          Cancel
        </button>
        ${run ? this.renderProgress(run) : nothing}
        <span class="engine muted">Engine: ${this.engineLabel}</span>
      </div>
      <ul class="messages">
        ${this.blocker && !run ? html`<li class="warning" data-testid="fit-blocker">${this.blocker}</li>` : nothing}
        ${this.error ? html`<li class="error" role="alert" data-testid="fit-error"><b>Fit failed:</b> ${this.error}</li>` : nothing}
        ${this.notice ? html`<li class="note" data-testid="fit-notice">${this.notice}</li>` : nothing}
      </ul>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fit-controls': FitControls;
  }
}
