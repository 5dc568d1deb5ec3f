/**
 * Which series' fitted law the Surface shows, when the last fit covered several series: a
 * select over the fitted series that sends `fit-series-choose` (the app makes that series'
 * law the active law, as choosing it in the Fit view does). Hidden with fewer than two.
 */
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';

@customElement('series-picker')
export class SeriesPicker extends LitElement {
  static override styles = css`
    :host {
      display: block;
      margin: 0 0 10px;
      font: 13px/1.4 system-ui, sans-serif;
    }
    label {
      display: flex;
      flex-direction: column;
      gap: 3px;
    }
    select {
      font: inherit;
      min-height: 28px;
    }
    select:focus-visible {
      outline: 2px solid #2f5fd0;
      outline-offset: 1px;
    }
    .muted {
      color: #5b6375;
      font-size: 12px;
    }
  `;

  /** The fitted series, in the fit's order. */
  @property({ attribute: false }) series: readonly string[] = [];
  /** The series whose law is active, or null when the active law is not a series' fit. */
  @property({ attribute: false }) chosen: string | null = null;

  override render() {
    if (this.series.length < 2) return nothing;
    const choose = (e: Event) =>
      this.dispatchEvent(
        new CustomEvent('fit-series-choose', {
          detail: { series: (e.target as HTMLSelectElement).value },
          bubbles: true,
          composed: true,
        }),
      );
    return html`<label
      >Series shown
      <select data-testid="surface-series" @change=${choose}>
        ${this.chosen === null ? html`<option value="" selected disabled>the active law</option>` : nothing}
        ${this.series.map((s) => html`<option value=${s} ?selected=${s === this.chosen}>${s}</option>`)}
      </select>
      <span class="muted">Its fitted law becomes the active law, as in the Fit view.</span>
    </label>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'series-picker': SeriesPicker;
  }
}
