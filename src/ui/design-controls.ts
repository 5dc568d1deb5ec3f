/**
 * <design-controls>: the Design view's inputs: the target (N_opt or D_opt at a budget, the
 * exponent a, or the loss of a planned run), the compute for new runs, the candidate region
 * (the runs' own, N x D ranges, or budgets x sizes), the grid side, the classic plan's sizes and
 * the most runs. Every field is checked as typed; a bad value shows its reason beside the field
 * and is not sent. Sends `design-change` with the whole new slice.
 */
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { parseQuantity } from '../data/number';
import { type DesignTarget, validateTarget } from '../fit/design';
import type { CandidateSpec, Span } from '../fit/design-spec';
import { formatQuantity } from '../law/scenario';
import {
  candidateSpecIssue,
  DESIGN_SIDES,
  type DesignState,
  MAX_PLAN_RUNS,
} from '../scenario/design-state';

type TargetKind = DesignTarget['kind'];
type RegionKind = 'default' | CandidateSpec['kind'];

const TARGET_LABELS: Readonly<Record<TargetKind, string>> = {
  nopt: 'N_opt at a budget',
  dopt: 'D_opt at a budget',
  exponent: 'the exponent a of N_opt(C)',
  loss: 'the loss of a planned run',
};

const REGION_LABELS: Readonly<Record<RegionKind, string>> = {
  default: "the runs' N and D, up to 10x",
  nd: 'N x D ranges',
  'budgets-sizes': 'budgets x sizes',
};

/** A positive number typed in a field, or the reason it is not one. */
function positiveField(label: string, text: string): number | string {
  const r = parseQuantity(text);
  if (!r.ok) return `${label}: ${r.reason}`;
  if (!(r.value > 0) || !Number.isFinite(r.value))
    return `${label} must be a positive number, got ${text}`;
  return r.value;
}

/** A whole number in [min, max], or the reason it is not one. */
function wholeField(label: string, text: string, min: number, max: number): number | string {
  const v = Number(text);
  return /^\d+$/.test(text.trim()) && v >= min && v <= max
    ? v
    : `${label} must be a whole number from ${min} to ${max}, got ${text}`;
}

/** The spans of the region fields, with defaults for a kind just chosen. */
function spansOf(spec: CandidateSpec | null): { N: Span; D: Span; C: Span; rows?: number } {
  const N: Span = spec?.N ?? [1e8, 1e11];
  if (spec?.kind === 'nd') return { N, D: spec.D, C: [1e20, 1e22] };
  if (spec?.kind === 'budgets-sizes')
    return { N, D: [1e9, 1e12], C: spec.C, ...(spec.rows ? { rows: spec.rows } : {}) };
  return { N, D: [1e9, 1e12], C: [1e20, 1e22] };
}

@customElement('design-controls')
export class DesignControls extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    fieldset {
      border: 1px solid var(--border, #d0d4db);
      border-radius: 6px;
      margin: 0 0 8px;
      padding: 6px 10px 8px;
    }
    legend {
      font-weight: 600;
      font-size: 0.9rem;
    }
    label {
      display: flex;
      gap: 6px;
      align-items: center;
      justify-content: space-between;
      margin: 4px 0;
      font-size: 0.9rem;
    }
    input {
      width: 8.5em;
    }
    input.short {
      width: 4.5em;
    }
    .error {
      color: var(--error, #b00020);
      font-size: 0.85rem;
      margin: 2px 0;
    }
    .hint {
      color: var(--muted, #5b6372);
      font-size: 0.8rem;
      margin: 2px 0;
    }
  `;

  @property({ attribute: false }) design!: DesignState;
  /** Field errors by field name, shown until the field is corrected. */
  @state() private errors: Readonly<Record<string, string>> = {};

  private send(patch: Partial<DesignState>) {
    this.dispatchEvent(
      new CustomEvent('design-change', {
        detail: { design: { ...this.design, ...patch } },
        bubbles: true,
        composed: true,
      }),
    );
  }

  private setError(field: string, message: string | undefined) {
    const next = { ...this.errors };
    if (message === undefined) delete next[field];
    else next[field] = message;
    this.errors = next;
  }

  /** Checks a target, shows why it is refused, or sends it. */
  private sendTarget(field: string, target: DesignTarget) {
    try {
      validateTarget(target);
    } catch (e) {
      this.setError(field, (e as Error).message);
      return;
    }
    this.setError(field, undefined);
    this.send({ target });
  }

  private onTargetKind(kind: TargetKind) {
    const t = this.design.target;
    const budget = 'budget' in t ? t.budget : 1e24;
    const target: DesignTarget =
      kind === 'nopt' || kind === 'dopt'
        ? { kind, budget }
        : kind === 'exponent'
          ? { kind }
          : { kind, N: 7e10, D: 1.4e12 };
    this.sendTarget('target', target);
  }

  private onNumber(field: string, text: string, apply: (v: number) => void) {
    const v = positiveField(field, text);
    if (typeof v === 'string') return this.setError(field, v);
    this.setError(field, undefined);
    apply(v);
  }

  private onWhole(field: string, text: string, min: number, max: number, key: keyof DesignState) {
    const v = wholeField(field, text, min, max);
    if (typeof v === 'string') return this.setError(field, v);
    this.setError(field, undefined);
    this.send({ [key]: v });
  }

  private sendRegion(spec: CandidateSpec | null) {
    const issue = candidateSpecIssue(spec);
    if (issue) return this.setError('region', issue);
    this.setError('region', undefined);
    this.send({ candidates: spec });
  }

  private onRegionKind(kind: RegionKind) {
    const s = spansOf(this.design.candidates);
    this.sendRegion(
      kind === 'default'
        ? null
        : kind === 'nd'
          ? { kind, N: s.N, D: s.D }
          : { kind, C: s.C, ...(s.rows ? { rows: s.rows } : {}) },
    );
  }

  /** A span's low or high end typed into the region. */
  private onSpan(key: 'N' | 'D' | 'C', end: 0 | 1, text: string) {
    const spec = this.design.candidates;
    if (spec === null) return;
    const v = positiveField(`the region's ${key}`, text);
    if (typeof v === 'string') return this.setError('region', v);
    const s = spansOf(spec);
    const old = s[key];
    const next: Span = end === 0 ? [v, old[1]] : [old[0], v];
    if (spec.kind === 'nd') this.sendRegion({ ...spec, [key]: next } as CandidateSpec);
    else this.sendRegion({ ...spec, [key]: next } as CandidateSpec);
  }

  private spanInputs(key: 'N' | 'D' | 'C', span: Span | undefined, placeholder = '') {
    const q = (v: number | undefined) => (v === undefined ? '' : formatQuantity(v));
    return html`<label
      >${key}
      <span>
        <input
          class="short"
          data-testid=${`design-region-${key}-lo`}
          aria-label=${`${key} from`}
          .value=${q(span?.[0])}
          placeholder=${placeholder}
          @change=${(e: Event) => this.onSpan(key, 0, (e.target as HTMLInputElement).value)}
        />
        to
        <input
          class="short"
          data-testid=${`design-region-${key}-hi`}
          aria-label=${`${key} to`}
          .value=${q(span?.[1])}
          placeholder=${placeholder}
          @change=${(e: Event) => this.onSpan(key, 1, (e.target as HTMLInputElement).value)}
        />
      </span>
    </label>`;
  }

  private renderRegion() {
    const spec = this.design.candidates;
    const kind: RegionKind = spec?.kind ?? 'default';
    return html`<fieldset>
      <legend>Candidate runs</legend>
      <label
        >Region
        <select
          data-testid="design-region"
          @change=${(e: Event) => this.onRegionKind((e.target as HTMLSelectElement).value as RegionKind)}
        >
          ${(Object.keys(REGION_LABELS) as RegionKind[]).map(
            (k) => html`<option value=${k} ?selected=${k === kind}>${REGION_LABELS[k]}</option>`,
          )}
        </select>
      </label>
      ${spec?.kind === 'nd' ? html`${this.spanInputs('N', spec.N)}${this.spanInputs('D', spec.D)}` : nothing}
      ${
        spec?.kind === 'budgets-sizes'
          ? html`${this.spanInputs('C', spec.C)}${this.spanInputs('N', spec.N, 'auto')}
            <p class="hint">Rows are budgets C, columns sizes N, and D = C / (6 N); N left empty spans N_opt(C) / 8 to 8 N_opt(C) under the fit.</p>`
          : nothing
      }
      ${this.errors.region ? html`<p class="error" role="alert" data-testid="design-region-error">${this.errors.region}</p>` : nothing}
      <label
        >Grid
        <select
          data-testid="design-side"
          @change=${(e: Event) => this.send({ side: Number((e.target as HTMLSelectElement).value) })}
        >
          ${DESIGN_SIDES.map(
            (s) =>
              html`<option value=${s} ?selected=${s === this.design.side}>${s} x ${s}</option>`,
          )}
        </select>
      </label>
    </fieldset>`;
  }

  private renderTarget() {
    const t = this.design.target;
    return html`<fieldset>
      <legend>What to pin down</legend>
      <label
        >Target
        <select
          data-testid="design-target-kind"
          @change=${(e: Event) => this.onTargetKind((e.target as HTMLSelectElement).value as TargetKind)}
        >
          ${(Object.keys(TARGET_LABELS) as TargetKind[]).map(
            (k) => html`<option value=${k} ?selected=${k === t.kind}>${TARGET_LABELS[k]}</option>`,
          )}
        </select>
      </label>
      ${
        t.kind === 'nopt' || t.kind === 'dopt'
          ? html`<label
              >Budget C* (FLOPs)
              <input
                data-testid="design-target-budget"
                .value=${formatQuantity(t.budget)}
                @change=${(e: Event) =>
                  this.onNumber('target', (e.target as HTMLInputElement).value, (budget) =>
                    this.sendTarget('target', { kind: t.kind, budget }),
                  )}
              />
            </label>`
          : nothing
      }
      ${
        t.kind === 'loss'
          ? html`${(['N', 'D'] as const).map(
              (key) => html`<label
                >Planned ${key}
                <input
                  data-testid=${`design-target-${key}`}
                  .value=${formatQuantity(t[key])}
                  @change=${(e: Event) =>
                    this.onNumber('target', (e.target as HTMLInputElement).value, (v) =>
                      this.sendTarget('target', { ...t, [key]: v }),
                    )}
                />
              </label>`,
            )}`
          : nothing
      }
      ${this.errors.target ? html`<p class="error" role="alert" data-testid="design-target-error">${this.errors.target}</p>` : nothing}
    </fieldset>`;
  }

  private renderBudget() {
    const d = this.design;
    return html`<fieldset>
      <legend>Compute for the new runs</legend>
      <label
        >Budget (FLOPs)
        <input
          data-testid="design-budget"
          .value=${formatQuantity(d.budgetFlops)}
          @change=${(e: Event) =>
            this.onNumber('budget', (e.target as HTMLInputElement).value, (budgetFlops) =>
              this.send({ budgetFlops }),
            )}
        />
      </label>
      ${this.errors.budget ? html`<p class="error" role="alert" data-testid="design-budget-error">${this.errors.budget}</p>` : nothing}
      <label
        >Most runs
        <input
          class="short"
          data-testid="design-max-runs"
          .value=${String(d.maxRuns)}
          @change=${(e: Event) =>
            this.onWhole(
              'most runs',
              (e.target as HTMLInputElement).value,
              1,
              MAX_PLAN_RUNS,
              'maxRuns',
            )}
        />
      </label>
      <label
        >Classic plan sizes
        <input
          class="short"
          data-testid="design-classic-k"
          .value=${String(d.classicK)}
          @change=${(e: Event) =>
            this.onWhole(
              'classic plan sizes',
              (e.target as HTMLInputElement).value,
              1,
              64,
              'classicK',
            )}
        />
      </label>
      ${
        this.errors['most runs'] || this.errors['classic plan sizes']
          ? html`<p class="error" role="alert">${this.errors['most runs'] ?? this.errors['classic plan sizes']}</p>`
          : nothing
      }
    </fieldset>`;
  }

  override render() {
    if (!this.design) return nothing;
    return html`${this.renderTarget()}${this.renderBudget()}${this.renderRegion()}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'design-controls': DesignControls;
  }
}
