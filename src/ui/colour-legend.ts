/**
 * The colour legend: the ramp of the scale's colour map as a vertical bar with loss ticks from
 * the ColourScale, and the map's name under it (so exported figures name it too).
 */
import { css, html, LitElement, svg } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ColourScale } from '../colour/colour-map';
import { colourMapCitation } from '../colour/colour-maps';
import { legendTicks, mapGradientStops } from './charts/legend';
import { theme } from './theme';

const BAR = 12;

@customElement('colour-legend')
export class ColourLegend extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: block;
      }
      svg {
        display: block;
        overflow: visible;
      }
      text {
        font-size: 11px;
        fill: var(--ink-2);
        font-variant-numeric: tabular-nums;
      }
      .sub {
        font-size: 10px;
        fill: var(--ink-3);
      }
      .title {
        font-weight: 600;
        fill: var(--ink);
      }
    `,
  ];

  @property({ attribute: false }) scale: ColourScale | undefined;
  /** Height of the bar in CSS pixels (the plot area's height). */
  @property({ type: Number }) barHeight = 300;
  /** Distance from the top of the element to the top of the bar. */
  @property({ type: Number }) barTop = 0;

  override render() {
    const s = this.scale;
    if (!s) return html``;
    const h = Math.max(10, this.barHeight);
    const stops = mapGradientStops(s.map);
    const ticks = legendTicks(s);
    const sub = s.mode === 'log-reducible' ? 'log(L − E)' : 'linear';
    return html`<svg width="64" height=${this.barTop + h + 22} data-testid="legend" data-map=${s.map} role="img" aria-label=${`Colour legend, ${colourMapCitation(s.map)}`}>
      <defs>
        <linearGradient id="ramp" x1="0" y1="1" x2="0" y2="0">
          ${stops.map((st) => svg`<stop offset=${st.offset} stop-color=${st.colour}></stop>`)}
        </linearGradient>
      </defs>
      <text class="title" x="0" y=${this.barTop - 20}>L</text>
      <text class="sub" x="0" y=${this.barTop - 7}>${sub}</text>
      <rect x="0" y=${this.barTop} width=${BAR} height=${h} fill="url(#ramp)"></rect>
      <text class="sub map-name" x="0" y=${this.barTop + h + 16}>${s.map}</text>
      ${ticks.map((t) => {
        const y = this.barTop + (1 - t.t) * h;
        return svg`<line x1=${BAR} x2=${BAR + 4} y1=${y} y2=${y} stroke="#7b8394"></line>
          <text x=${BAR + 7} y=${y} dy="0.32em">${t.label}</text>`;
      })}
    </svg>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'colour-legend': ColourLegend;
  }
}
