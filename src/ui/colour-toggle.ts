/** The colour mode toggle: log of the reducible loss (default) or linear in L. */
import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ColourMode } from '../colour/colour-map';
import { theme } from './theme';

const MODES: { mode: ColourMode; label: string; title: string }[] = [
  {
    mode: 'log-reducible',
    label: 'log(L − E)',
    title: 'Colour by the log of the reducible loss L − E',
  },
  { mode: 'linear', label: 'linear L', title: 'Colour linearly in L' },
];

@customElement('colour-toggle')
export class ColourToggle extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: block;
      }
      .seg {
        display: inline-flex;
        border: 1px solid var(--line);
        border-radius: 5px;
        overflow: hidden;
      }
      button {
        border: 0;
        background: #fff;
        padding: 4px 12px;
        cursor: pointer;
        font-size: 12px;
        color: var(--ink-2);
      }
      button + button {
        border-left: 1px solid var(--line);
      }
      button[aria-pressed='true'] {
        background: var(--accent);
        color: #fff;
      }
    `,
  ];

  @property() mode: ColourMode = 'log-reducible';

  private choose(mode: ColourMode) {
    if (mode === this.mode) return;
    this.dispatchEvent(
      new CustomEvent('colour-mode-change', { detail: { mode }, bubbles: true, composed: true }),
    );
  }

  override render() {
    return html`<h2>Colour</h2>
      <div class="seg" role="group" aria-label="Colour mode">
        ${MODES.map(
          (m) =>
            html`<button
              type="button"
              title=${m.title}
              data-mode=${m.mode}
              aria-pressed=${m.mode === this.mode ? 'true' : 'false'}
              @click=${() => this.choose(m.mode)}
            >
              ${m.label}
            </button>`,
        )}
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'colour-toggle': ColourToggle;
  }
}
