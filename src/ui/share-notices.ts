/**
 * What the app says about the link it was opened with: the fields it ignored and why, data not
 * included, a corrupt fragment, a fitted law that can be fitted again. Everything from the link
 * is rendered as text (Lit text bindings), never as HTML. Dismissable.
 */
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { IgnoredField } from '../scenario/url-codec';

function emit(el: HTMLElement, type: string) {
  el.dispatchEvent(new CustomEvent(type, { bubbles: true, composed: true }));
}

@customElement('share-notices')
export class ShareNotices extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    section {
      margin: 8px 16px 0;
      padding: 8px 12px;
      border: 1px solid #e3c77a;
      background: #fff8e1;
      border-radius: 6px;
      font-size: 12.5px;
      color: #4a3b00;
    }
    h2 {
      font-size: 12.5px;
      margin: 0 0 4px;
    }
    ul {
      margin: 0 0 6px;
      padding-left: 18px;
      max-height: 9em;
      overflow-y: auto;
      overflow-wrap: anywhere;
    }
    code {
      font-family: var(--mono, monospace);
    }
    button {
      font: inherit;
      font-size: 12px;
      margin-right: 6px;
    }
  `;

  /** Fields of the link that were not used. */
  @property({ attribute: false }) ignored: readonly IgnoredField[] = [];
  /** Sentences about the link as a whole. */
  @property({ attribute: false }) notices: readonly string[] = [];
  /** Offer to fit again (the link carries a fitted law and its data is here). */
  @property({ type: Boolean }) canRefit = false;

  override render() {
    if (this.ignored.length === 0 && this.notices.length === 0) return nothing;
    return html`<section role="status" data-testid="share-notices">
      <h2>About the link this page was opened with</h2>
      <ul>
        ${this.notices.map((n) => html`<li data-testid="share-notice">${n}</li>`)}
        ${this.ignored.map(
          (i) =>
            html`<li data-testid="share-ignored">Ignored <code>${i.field}</code>: ${i.reason}</li>`,
        )}
      </ul>
      ${
        this.canRefit
          ? html`<button data-testid="share-refit" @click=${() => emit(this, 'share-refit')}>Fit again</button>`
          : nothing
      }
      <button data-testid="share-dismiss" @click=${() => emit(this, 'share-notices-dismiss')}>Dismiss</button>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'share-notices': ShareNotices;
  }
}
