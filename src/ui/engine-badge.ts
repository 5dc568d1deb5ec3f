/** The engine status badge: which engine draws (adapter name or CPU threads) and why. */
import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { EngineStatus } from '../engine/manager';
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
      ${notices.map((n) => html`<span class="notice" role="status" data-testid="engine-notice">${n}</span>`)}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'engine-badge': EngineBadge;
  }
}
