/**
 * The engine status badge: which engine draws (adapter name or CPU threads) and why; under
 * `auto` with a GPU, also which engine each kind of job uses and why.
 */
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { EngineRoute, EngineStatus } from '../engine/manager';
import { theme } from './theme';

@customElement('engine-badge')
export class EngineBadge extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: flex;
        flex-direction: column;
        align-items: flex-end;
        gap: 2px;
        min-width: 0;
      }
      .badge {
        display: inline-flex;
        align-items: center;
        gap: 6px;
        padding: 3px 10px;
        border-radius: 999px;
        border: 1px solid var(--line);
        background: var(--panel);
        font-size: 12px;
        white-space: nowrap;
        max-width: 100%;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      .dot {
        width: 8px;
        height: 8px;
        border-radius: 50%;
        background: var(--ink-3);
        flex: none;
      }
      .gpu .dot {
        background: var(--ok);
      }
      .cpu .dot {
        background: var(--warn);
      }
      .routes {
        position: relative;
        font-size: 11.5px;
        color: var(--ink-2);
        text-align: right;
      }
      .routes {
        max-width: 100%;
      }
      .routes summary {
        cursor: pointer;
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      .routes ul {
        position: absolute;
        right: 0;
        top: calc(100% + 4px);
        z-index: 30;
        margin: 0;
        padding: 8px 12px;
        list-style: none;
        width: max-content;
        max-width: min(460px, 90vw);
        text-align: left;
        background: var(--panel);
        border: 1px solid var(--line);
        border-radius: 6px;
        box-shadow: 0 4px 14px rgba(20, 30, 50, 0.14);
      }
      .routes li + li {
        margin-top: 3px;
      }
      .notice {
        font-size: 11.5px;
        color: var(--warn);
        max-width: 520px;
        text-align: right;
      }
    `,
  ];

  /** The manager's status. */
  @property({ attribute: false }) status: EngineStatus | undefined;
  /** An extra notice (uncaptured GPU errors, failed draws). */
  @property({ attribute: false }) extraNotice: string | undefined;

  override render() {
    const s = this.status;
    const kind = s?.state === 'ready' ? (s.kind ?? '') : 'starting';
    const notices = [s?.notice, this.extraNotice].filter(Boolean);
    return html`
      <span class="badge ${kind}" data-testid="engine-badge" title=${s?.label ?? ''}>
        <span class="dot"></span><span class="label">${s?.label ?? 'starting…'}</span>
      </span>
      ${s?.routes ? this.renderRoutes(s.routes) : nothing}
      ${notices.map((n) => html`<span class="notice" role="status" data-testid="engine-notice">${n}</span>`)}
    `;
  }

  /**
   * One line (each kind and its engine) that opens on the reasons: the header stays one row high.
   * Each reason's entry carries the route for tests and assistive technology alike.
   */
  private renderRoutes(routes: readonly EngineRoute[]) {
    return html`<details class="routes" data-testid="engine-routes">
      <summary title="Which engine each kind of job uses, and why">${routes
        .map(
          (r) =>
            `${SHORT_NAMES[r.kind] ?? r.name} ${r.engine ? r.engine.toUpperCase() : 'pending'}`,
        )
        .join(' · ')}</summary>
      <ul>
        ${routes.map(
          (r) =>
            html`<li data-testid="engine-route" data-kind=${r.kind} data-engine=${r.engine ?? 'pending'}>${routeText(r)}</li>`,
        )}
      </ul>
    </details>`;
  }
}

/** The summary's short names of the job kinds (the full names are in the list). */
const SHORT_NAMES: Partial<Record<EngineRoute['kind'], string>> = {
  fit: 'Fits',
  surface: 'Surface',
  frontier: 'Frontier',
  sweep: 'Sweep',
};

function routeText(r: EngineRoute): string {
  return r.engine ? `${r.name}: ${r.engine.toUpperCase()} (${r.reason})` : `${r.name}: ${r.reason}`;
}

declare global {
  interface HTMLElementTagNameMap {
    'engine-badge': EngineBadge;
  }
}
