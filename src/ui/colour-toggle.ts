/**
 * The colour controls of the heatmaps: the colour mode (log of the reducible loss, the default,
 * or linear in L) and the colour map (viridis, the default, cividis, magma, inferno, plasma).
 * Fires `colour-mode-change` ({mode}) and `colour-map-change` ({map}); the app keeps the state.
 */
import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ColourMode } from '../colour/colour-map';
import {
  COLOUR_MAP_NAMES,
  COLOUR_MAPS,
  type ColourMapName,
  DEFAULT_COLOUR_MAP,
  isColourMapName,
} from '../colour/colour-maps';
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
      button:focus-visible {
        outline: 2px solid var(--accent);
        outline-offset: -3px;
        box-shadow: inset 0 0 0 3px #fff;
      }
      .map {
        display: flex;
        align-items: center;
        gap: 8px;
        margin-top: 8px;
        font-size: 12px;
        color: var(--ink-2);
      }
      .map select {
        flex: 1;
      }
    `,
  ];

  @property() mode: ColourMode = 'log-reducible';
  /** The colour map in use. */
  @property() colourMap: ColourMapName = DEFAULT_COLOUR_MAP;

  private choose(mode: ColourMode) {
    if (mode === this.mode) return;
    this.dispatchEvent(
      new CustomEvent('colour-mode-change', { detail: { mode }, bubbles: true, composed: true }),
    );
  }

  private onMap(e: Event) {
    const map = (e.target as HTMLSelectElement).value;
    if (!isColourMapName(map) || map === this.colourMap) return;
    this.dispatchEvent(
      new CustomEvent('colour-map-change', { detail: { map }, bubbles: true, composed: true }),
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
      </div>
      <label class="map">
        Colour map
        <select data-testid="colour-map" .value=${this.colourMap} @change=${this.onMap}>
          ${COLOUR_MAP_NAMES.map(
            (name) =>
              html`<option value=${name} title=${COLOUR_MAPS[name].source} ?selected=${name === this.colourMap}>
                ${COLOUR_MAPS[name].label}
              </option>`,
          )}
        </select>
      </label>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'colour-toggle': ColourToggle;
  }
}
