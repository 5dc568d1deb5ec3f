/**
 * Law controls: a preset picker with its citation, and a text field plus slider for each of
 * E, A, B, alpha and beta. Valid edits are sent at once (redraw as you type or drag); invalid
 * ones show an inline message and send nothing, so the last good picture stays.
 */
import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { LAW_FIELDS, type LawField, type ScalingLaw } from '../law/law';
import { findPreset, PRESETS, type PresetId } from '../law/presets';
import { validateLaw } from '../law/validate';
import type { LawSource } from '../scenario/state';
import { formatParam, parseNumber } from './charts/format';
import { fromSlider, SLIDERS, toSlider } from './charts/slider';
import { theme } from './theme';

const SYMBOLS: Record<LawField, string> = { E: 'E', A: 'A', B: 'B', alpha: 'α', beta: 'β' };

@customElement('law-controls')
export class LawControls extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: block;
      }
      select {
        width: 100%;
      }
      .source {
        font-size: 11.5px;
        color: var(--ink-3);
        margin: 4px 0 10px;
        line-height: 1.35;
      }
      .formula {
        font-family: var(--mono);
        font-size: 11.5px;
        color: var(--ink-2);
        margin-bottom: 8px;
      }
      .field {
        display: grid;
        grid-template-columns: 18px 86px 1fr;
        align-items: center;
        column-gap: 8px;
        margin-bottom: 6px;
      }
      .field label {
        font-family: var(--mono);
        font-weight: 600;
      }
      .field .issue {
        grid-column: 2 / 4;
      }
      .fit-badge {
        display: inline-block;
        margin-left: 4px;
        padding: 0 6px;
        border-radius: 8px;
        background: #e8eefc;
        color: var(--accent);
        letter-spacing: 0;
        text-transform: none;
        font-size: 10.5px;
        vertical-align: 1px;
      }
    `,
  ];

  @property({ attribute: false }) law!: ScalingLaw;
  @property() presetId: PresetId | 'custom' = 'custom';
  /** 'fit' shows the law as fitted to data, with a badge and `fitLabel` as its source line. */
  @property() source: LawSource = 'preset';
  @property() fitLabel = '';

  /** Text typed into each field that differs from the law's value (kept while invalid). */
  @state() private drafts: Partial<Record<LawField, string>> = {};
  @state() private issues: Partial<Record<LawField, string>> = {};
  private sent: ScalingLaw | undefined;

  override willUpdate(changed: Map<string, unknown>) {
    if (changed.has('law') && this.law !== this.sent) {
      this.drafts = {};
      this.issues = {};
    }
  }

  private candidate(drafts: Partial<Record<LawField, string>>): ScalingLaw {
    const law: Record<LawField, number> = { ...this.law };
    for (const f of LAW_FIELDS) {
      const text = drafts[f];
      if (text !== undefined) law[f] = parseNumber(text);
    }
    return law;
  }

  private apply(drafts: Partial<Record<LawField, string>>, overrides: Partial<ScalingLaw> = {}) {
    const law = { ...this.candidate(drafts), ...overrides };
    const issues: Partial<Record<LawField, string>> = {};
    for (const issue of validateLaw(law)) issues[issue.field as LawField] ??= issue.message;
    this.drafts = drafts;
    this.issues = issues;
    if (Object.keys(issues).length > 0) return;
    this.sent = law;
    this.dispatchEvent(
      new CustomEvent('law-change', { detail: { law }, bubbles: true, composed: true }),
    );
  }

  private onText(field: LawField, e: Event) {
    this.apply({ ...this.drafts, [field]: (e.target as HTMLInputElement).value });
  }

  private onSlider(field: LawField, e: Event) {
    const value = fromSlider(SLIDERS[field], Number((e.target as HTMLInputElement).value));
    const drafts = { ...this.drafts };
    delete drafts[field];
    this.apply(drafts, { [field]: value });
  }

  private onPreset(e: Event) {
    const id = (e.target as HTMLSelectElement).value;
    this.dispatchEvent(
      new CustomEvent('preset-change', { detail: { id }, bubbles: true, composed: true }),
    );
  }

  private renderField(field: LawField) {
    const spec = SLIDERS[field];
    const issue = this.issues[field];
    const id = `law-${field}`;
    return html`<div class="field">
      <label for=${id} title=${field}>${SYMBOLS[field]}</label>
      <input
        id=${id}
        type="text"
        inputmode="decimal"
        autocomplete="off"
        spellcheck="false"
        data-field=${field}
        aria-invalid=${issue ? 'true' : 'false'}
        aria-describedby=${issue ? `${id}-issue` : ''}
        .value=${this.drafts[field] ?? formatParam(this.law[field])}
        @input=${(e: Event) => this.onText(field, e)}
      />
      <input
        type="range"
        aria-label=${`${field} slider${spec.log ? ' (log scale)' : ''}`}
        data-slider=${field}
        min=${spec.min}
        max=${spec.max}
        step=${spec.step}
        .value=${String(toSlider(spec, this.law[field]))}
        @input=${(e: Event) => this.onSlider(field, e)}
      />
      ${issue ? html`<div class="issue" id=${`${id}-issue`} role="alert" data-issue=${field}>${issue}</div>` : ''}
    </div>`;
  }

  override render() {
    const fitted = this.source === 'fit';
    const preset = fitted ? undefined : findPreset(this.presetId);
    return html`
      <h2>Scaling law ${fitted ? html`<span class="fit-badge" data-testid="law-fit-badge">fit</span>` : ''}</h2>
      <select data-testid="preset" aria-label="Preset" @change=${this.onPreset}>
        ${PRESETS.map(
          (p) =>
            html`<option value=${p.id} title=${p.source} ?selected=${!fitted && p.id === this.presetId}>${p.name}</option>`,
        )}
        <option value="custom" disabled ?selected=${!fitted && this.presetId === 'custom'}>Custom</option>
        <option value="fit" disabled ?selected=${fitted}>Fitted to data</option>
      </select>
      <div class="source" data-testid="preset-source">
        ${fitted ? this.fitLabel : preset ? preset.source : 'Custom constants (edited from a preset).'}
      </div>
      <div class="formula">L(N, D) = E + A / N<sup>α</sup> + B / D<sup>β</sup></div>
      ${LAW_FIELDS.map((f) => this.renderField(f))}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'law-controls': LawControls;
  }
}
