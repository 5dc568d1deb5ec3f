/**
 * The mapping step: which column of a file supplies which run field. One select per field over
 * the file's headers (prefilled from the parser's guess or the mapping in effect), a unit
 * multiplier for N and D, and, when a step column is mapped, how a run's checkpoints are
 * reduced. "Apply" sends the mapping (`mapping-apply`); the app re-parses the same text with it.
 * The component only edits a plain mapping value: reading the file is the data layer's job.
 */
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { FIELD_LABELS, RUN_FIELDS, type RunField } from '../data/columns';
import {
  type ColumnMapping,
  EMPTY_MAPPING,
  PER_RUN_CHOICES,
  PER_RUN_LABELS,
  type PerRun,
  type ScaledField,
} from '../data/mapping';
import { fitStyles } from './fit-styles';

/** Unit multipliers offered for N and D, as (value, label). */
const SCALES: readonly (readonly [number, string])[] = [
  [1, '× 1'],
  [1e3, '× 10³ (thousands)'],
  [1e6, '× 10⁶ (millions)'],
  [1e9, '× 10⁹ (billions)'],
  [1e12, '× 10¹² (trillions)'],
];

/** Fields that must be mapped (D or C is checked by the parser, which names what is missing). */
const REQUIRED: ReadonlySet<RunField> = new Set(['N', 'loss']);

/**
 * The mapping a draft describes: empty selections dropped, multipliers of 1 dropped, and the
 * per-run choice kept only while a step column is mapped (lowest loss needs no step, but is
 * offered with it, as the reduction of a run's checkpoints).
 */
export function draftMapping(
  fields: Partial<Record<RunField, string>>,
  scale: Partial<Record<ScaledField, number>>,
  perRun: PerRun,
): ColumnMapping {
  const kept: Partial<Record<RunField, string>> = {};
  for (const f of RUN_FIELDS) {
    const v = fields[f];
    if (v !== undefined && v !== '') kept[f] = v;
  }
  const keptScale: Partial<Record<ScaledField, number>> = {};
  for (const f of ['N', 'D'] as const) {
    const v = scale[f];
    if (v !== undefined && v !== 1) keptScale[f] = v;
  }
  const reduce = kept.step !== undefined && perRun !== 'all' ? { perRun } : {};
  return { fields: kept, scale: keptScale, ...reduce };
}

@customElement('column-mapping')
export class ColumnMappingStep extends LitElement {
  static override styles = [
    fitStyles,
    css`
      .grid {
        display: grid;
        grid-template-columns: auto 1fr auto;
        gap: 4px 8px;
        align-items: center;
        margin-top: 8px;
        font-size: 12px;
      }
      select {
        min-width: 0;
        max-width: 100%;
      }
      .actions {
        margin-top: 10px;
      }
    `,
  ];

  /** The file's header names, in file order. */
  @property({ attribute: false }) headers: readonly string[] = [];
  /** The mapping to start from (the parser's guess, or the mapping in effect). */
  @property({ attribute: false }) mapping: ColumnMapping = EMPTY_MAPPING;
  /** The file's name, for the heading. */
  @property() fileName = '';
  /** Whether a Cancel button is offered (when a loaded file's mapping is being changed). */
  @property({ type: Boolean }) cancellable = false;

  @state() private fields: Partial<Record<RunField, string>> = {};
  @state() private scale: Partial<Record<ScaledField, number>> = {};
  @state() private perRun: PerRun = 'all';

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('mapping')) {
      this.fields = { ...this.mapping.fields };
      this.scale = { ...this.mapping.scale };
      this.perRun = this.mapping.perRun ?? 'all';
    }
  }

  /** The mapping the controls describe now. */
  get value(): ColumnMapping {
    return draftMapping(this.fields, this.scale, this.perRun);
  }

  private emit(type: string, detail: unknown) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  private renderField(f: RunField) {
    const chosen = this.fields[f] ?? '';
    const scaled = f === 'N' || f === 'D';
    return html`<label for=${`map-${f}`}>${FIELD_LABELS[f]}${REQUIRED.has(f) ? ' *' : ''}</label>
      <select
        id=${`map-${f}`}
        data-testid=${`mapping-field-${f}`}
        @change=${(e: Event) => {
          this.fields = { ...this.fields, [f]: (e.target as HTMLSelectElement).value };
        }}
      >
        <option value="" ?selected=${chosen === ''}>(none)</option>
        ${this.headers.map((h) => html`<option .value=${h} ?selected=${h === chosen}>${h}</option>`)}
      </select>
      ${
        scaled
          ? html`<select
            aria-label=${`Unit of ${FIELD_LABELS[f]}`}
            data-testid=${`mapping-scale-${f}`}
            @change=${(e: Event) => {
              this.scale = { ...this.scale, [f]: Number((e.target as HTMLSelectElement).value) };
            }}
          >
            ${SCALES.map(
              ([v, label]) =>
                html`<option .value=${String(v)} ?selected=${(this.scale[f] ?? 1) === v}>${label}</option>`,
            )}
          </select>`
          : html`<span></span>`
      }`;
  }

  override render() {
    const stepMapped = (this.fields.step ?? '') !== '';
    return html`<div class="card" data-testid="mapping-step">
      <h2>Map the columns${this.fileName ? html` of <b>${this.fileName}</b>` : nothing}</h2>
      <p class="small muted">
        Choose the column for each field (* required; D or C is needed too). The best guess is filled in.
      </p>
      <div class="grid">${RUN_FIELDS.map((f) => this.renderField(f))}</div>
      ${
        stepMapped
          ? html`<label class="small" style="display:block;margin-top:8px">
            Checkpoints of a run:
            <select
              data-testid="mapping-perrun"
              @change=${(e: Event) => {
                this.perRun = (e.target as HTMLSelectElement).value as PerRun;
              }}
            >
              ${PER_RUN_CHOICES.map(
                (c) =>
                  html`<option .value=${c} ?selected=${c === this.perRun}>${PER_RUN_LABELS[c]}</option>`,
              )}
            </select>
          </label>`
          : nothing
      }
      <div class="row actions">
        <button data-testid="mapping-apply" @click=${() => this.emit('mapping-apply', { mapping: this.value })}>
          Apply
        </button>
        ${
          this.cancellable
            ? html`<button data-testid="mapping-cancel" @click=${() => this.emit('mapping-cancel', {})}>Cancel</button>`
            : nothing
        }
      </div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'column-mapping': ColumnMappingStep;
  }
}
