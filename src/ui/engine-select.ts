/** The engine preference: auto (per kind of job, see src/engine/auto-policy.ts), GPU or CPU. */
import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { ENGINE_PREFERENCES, type EnginePreference } from '../engine/manager';
import { theme } from './theme';

const NAMES: Record<EnginePreference, string> = { auto: 'Auto', gpu: 'GPU', cpu: 'CPU' };

/** What each choice does (the options' titles). */
const TITLES: Record<EnginePreference, string> = {
  auto: 'Each kind of job on the engine that is faster here: fits never on a software GPU, the rest as measured',
  gpu: 'Every job on the GPU',
  cpu: 'Every job on the CPU workers',
};

/** Fired with the chosen preference. */
export type EnginePreferenceEvent = CustomEvent<{ preference: EnginePreference }>;

@customElement('engine-select')
export class EngineSelect extends LitElement {
  static override styles = [
    theme,
    css`
      label {
        display: inline-flex;
        align-items: center;
        gap: 6px;
        font-size: 12px;
        color: var(--ink-2);
      }
    `,
  ];

  @property() preference: EnginePreference = 'auto';

  private onChange(e: Event) {
    const preference = (e.target as HTMLSelectElement).value as EnginePreference;
    this.dispatchEvent(
      new CustomEvent('engine-preference-change', {
        detail: { preference },
        bubbles: true,
        composed: true,
      }),
    );
  }

  override render() {
    return html`<label
      >Engine
      <select data-testid="engine-select" @change=${this.onChange}>
        ${ENGINE_PREFERENCES.map(
          (p) =>
            html`<option value=${p} title=${TITLES[p]} ?selected=${p === this.preference}>${NAMES[p]}</option>`,
        )}
      </select></label
    >`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'engine-select': EngineSelect;
  }
}
