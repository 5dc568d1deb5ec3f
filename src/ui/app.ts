/**
 * The app shell: holds the one copy of the scenario state, renders every panel from it and
 * applies the changes they send. Owns nothing GPU-related: the engine manager is passed in.
 */
import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ColourMode } from '../colour/colour-map';
import type { EngineManager, EnginePreference } from '../engine/manager';
import type { SurfaceGrid } from '../law/grid';
import type { ScalingLaw } from '../law/law';
import {
  DEFAULT_STATE,
  type ScenarioState,
  withChanges,
  withLaw,
  withPreset,
} from '../scenario/state';
import type { NoticeBoard } from './notices';
import { theme } from './theme';
import './colour-toggle';
import './engine-badge';
import './engine-select';
import './grid-controls';
import './law-controls';
import './surface-view';

@customElement('scaling-sweep-app')
export class ScalingSweepApp extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: flex;
        flex-direction: column;
        height: 100vh;
        background: var(--bg);
      }
      header {
        display: flex;
        align-items: center;
        gap: 16px;
        padding: 8px 16px;
        background: var(--panel);
        border-bottom: 1px solid var(--line);
      }
      h1 {
        font-size: 15px;
        font-weight: 650;
        margin: 0;
        white-space: nowrap;
      }
      .tagline {
        color: var(--ink-3);
        font-size: 12px;
        flex: 1;
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      main {
        flex: 1;
        display: grid;
        grid-template-columns: 292px 1fr;
        min-height: 0;
      }
      aside {
        background: var(--panel);
        border-right: 1px solid var(--line);
        padding: 14px 16px;
        overflow-y: auto;
      }
      aside > * + * {
        margin-top: 18px;
        padding-top: 14px;
        border-top: 1px solid var(--line);
      }
      surface-view {
        padding: 12px 16px 12px 8px;
        min-width: 0;
      }
    `,
  ];

  @property({ attribute: false }) manager!: EngineManager;
  @property({ attribute: false }) notices: NoticeBoard | undefined;
  @state() scenario: ScenarioState = DEFAULT_STATE;

  private readonly onManagerChange = () => this.requestUpdate();

  override connectedCallback(): void {
    super.connectedCallback();
    this.manager.addEventListener('change', this.onManagerChange);
    this.notices?.addEventListener('change', this.onManagerChange);
    if (this.manager.status.state === 'starting' && !this.manager.engine) {
      void this.manager.use(this.scenario.enginePreference);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.manager.removeEventListener('change', this.onManagerChange);
    this.notices?.removeEventListener('change', this.onManagerChange);
  }

  private setScenario(next: ScenarioState) {
    this.scenario = next;
  }

  private onEngine(preference: EnginePreference) {
    this.setScenario(withChanges(this.scenario, { enginePreference: preference }));
    this.notices?.clear();
    void this.manager.use(preference);
  }

  override render() {
    const s = this.scenario;
    return html`
      <header>
        <h1>Scaling Sweep</h1>
        <span class="tagline">Loss surface L(N, D) of the two-term scaling law, with isoFLOP lines and the compute-optimal frontier</span>
        <engine-badge .status=${this.manager.status} .extraNotice=${this.notices?.latest}></engine-badge>
        <engine-select
          .preference=${s.enginePreference}
          @engine-preference-change=${(e: CustomEvent<{ preference: EnginePreference }>) => this.onEngine(e.detail.preference)}
        ></engine-select>
      </header>
      <main>
        <aside>
          <law-controls
            .law=${s.law}
            .presetId=${s.presetId}
            @law-change=${(e: CustomEvent<{ law: ScalingLaw }>) => this.setScenario(withLaw(s, e.detail.law))}
            @preset-change=${(e: CustomEvent<{ id: string }>) => this.setScenario(withPreset(s, e.detail.id))}
          ></law-controls>
          <grid-controls
            .grid=${s.grid}
            @grid-change=${(e: CustomEvent<{ grid: SurfaceGrid }>) => this.setScenario(withChanges(s, { grid: e.detail.grid }))}
          ></grid-controls>
          <colour-toggle
            .mode=${s.colourMode}
            @colour-mode-change=${(e: CustomEvent<{ mode: ColourMode }>) =>
              this.setScenario(withChanges(s, { colourMode: e.detail.mode }))}
          ></colour-toggle>
        </aside>
        <surface-view .manager=${this.manager} .law=${s.law} .grid=${s.grid} .colourMode=${s.colourMode}></surface-view>
      </main>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'scaling-sweep-app': ScalingSweepApp;
  }
}
