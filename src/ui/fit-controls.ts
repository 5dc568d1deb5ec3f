/**
 * Fit options (starts, bootstrap K, seed, Huber delta, tied exponents), the Fit and Cancel
 * buttons, the progress bar with its ETA, and what became of the last fit (error, cancel).
 * Option edits are sent only when every field parses; bad fields show an inline message.
 */
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { FitOptions, FitProgress } from '../fit/types';
import { type OptionField, optionTexts, parseOptionTexts } from './charts/fit-option-fields';
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

  @property({ attribute: false }) options!: FitOptions;
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
  private sent: FitOptions | undefined;

  override willUpdate(changed: Map<string, unknown>) {
    if (changed.has('options') && this.options !== this.sent) {
      this.texts = undefined;
      this.random = undefined;
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
  ) {
    this.texts = texts;
    this.random = random;
    const parsed = parseOptionTexts({ ...this.options, tieExponents: tie }, texts, random);
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
      <h2>Fit options</h2>
      <div class="options">
        <label class="field" title="Hoffmann's 4,500-point grid, or N random starts">
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
        ${this.isRandom ? this.field('randomStarts', 'Random starts', 'How many random starts') : nothing}
        ${this.field('bootstrap', 'Bootstrap K', 'Bootstrap replicas (0 for none, up to 100,000)')}
        ${this.field('seed', 'Seed', 'Seed of the resampling and random starts')}
        ${this.field('delta', 'Huber δ', 'Huber threshold on log-loss residuals')}
        <label class="check">
          <input
            type="checkbox"
            data-option="tie"
            .checked=${this.options.tieExponents}
            @change=${(e: Event) =>
              this.apply(this.currentTexts, this.isRandom, (e.target as HTMLInputElement).checked)}
          />
          Tie exponents (α = β)
        </label>
      </div>
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
