/**
 * The "Copy link" control: the link that reopens the current state, with an "Include data"
 * switch for a CSV the user loaded. A link longer than about 8,000 characters (which some chats,
 * mail clients and servers cut) is not copied at once: the control warns and offers to copy it
 * without the data. Copies with the clipboard API; where that is refused, the link stays selected
 * in a read-only field for Ctrl+C.
 */
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { ScenarioState } from '../scenario/state';
import { encode } from '../scenario/url-codec';

/** Links longer than this get a warning before they are copied. */
export const LONG_LINK_CHARS = 8000;

/**
 * "Link copied." closes by itself after this long, unless the pointer or focus is in it (the
 * field stays for a reader who wants to see the link). A warning or a refused copy stays until
 * closed, since it asks for an action. Escape and a click elsewhere close any of them.
 */
export const COPIED_CLOSE_MS = 5000;

type Status = 'copied' | 'manual' | 'long' | '';

@customElement('share-link')
export class ShareLink extends LitElement {
  static override styles = css`
    :host {
      position: relative;
      display: inline-flex;
      align-items: center;
      gap: 6px;
      font-size: 12px;
    }
    button {
      font: inherit;
      font-size: 12px;
      white-space: nowrap;
    }
    label {
      display: inline-flex;
      gap: 3px;
      align-items: center;
      white-space: nowrap;
    }
    .panel {
      position: absolute;
      top: calc(100% + 6px);
      right: 0;
      z-index: 10;
      width: min(520px, 80vw);
      background: #fff;
      border: 1px solid var(--line, #d5d9e0);
      border-radius: 6px;
      box-shadow: 0 4px 14px rgb(0 0 0 / 12%);
      padding: 8px 10px;
      display: grid;
      gap: 6px;
    }
    input[readonly] {
      font-family: var(--mono, monospace);
      font-size: 11px;
      width: 100%;
      box-sizing: border-box;
    }
    .warn {
      color: #8a4b00;
    }
    .row {
      display: flex;
      gap: 6px;
      align-items: center;
      flex-wrap: wrap;
    }
  `;

  /** The state the link reproduces. */
  @property({ attribute: false }) state!: ScenarioState;

  @state() private includeData = false;
  @state() private link: string | undefined;
  @state() private status: Status = '';
  @query('input[readonly]') private field: HTMLInputElement | undefined;
  @query('.panel') private panel: HTMLElement | undefined;
  private closeTimer: ReturnType<typeof setTimeout> | undefined;

  private readonly onDocumentPointer = (e: PointerEvent) => {
    if (this.link !== undefined && !e.composedPath().includes(this)) this.close();
  };

  private readonly onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && this.link !== undefined) this.close();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('pointerdown', this.onDocumentPointer);
    document.addEventListener('keydown', this.onKey);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('pointerdown', this.onDocumentPointer);
    document.removeEventListener('keydown', this.onKey);
    this.stopTimer();
  }

  /** Closes the panel. */
  private close() {
    this.stopTimer();
    this.link = undefined;
    this.status = '';
  }

  private stopTimer() {
    if (this.closeTimer !== undefined) clearTimeout(this.closeTimer);
    this.closeTimer = undefined;
  }

  /** Closes "Link copied." after a while, unless the reader is in it; then checks again later. */
  private closeLater() {
    this.stopTimer();
    this.closeTimer = setTimeout(() => {
      this.closeTimer = undefined;
      if (this.status !== 'copied') return;
      const panel = this.panel;
      const busy = panel?.matches(':hover') || panel?.matches(':focus-within');
      if (busy) this.closeLater();
      else this.close();
    }, COPIED_CLOSE_MS);
  }

  private get hasUserData(): boolean {
    return this.state.dataset.source === 'user';
  }

  private linkFor(includeData: boolean): string {
    return `${location.origin}${location.pathname}${encode(this.state, { includeData })}`;
  }

  private async copy(includeData: boolean, force = false) {
    const link = this.linkFor(includeData && this.hasUserData);
    this.link = link;
    this.stopTimer();
    if (link.length > LONG_LINK_CHARS && !force) {
      this.status = 'long';
      return;
    }
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(link);
      this.status = 'copied';
      this.closeLater();
    } catch {
      this.status = 'manual';
      await this.updateComplete;
      this.field?.focus();
      this.field?.select();
    }
  }

  private renderPanel(link: string) {
    const long = this.status === 'long';
    return html`<div class="panel" data-testid="share-panel">
      <input readonly data-testid="share-url" aria-label="Link to this view" .value=${link}
        @focus=${(e: Event) => (e.target as HTMLInputElement).select()} />
      ${
        long
          ? html`<div class="warn" role="alert" data-testid="share-long">This link is
              ${link.length.toLocaleString('en-US')} characters long; links over about
              ${LONG_LINK_CHARS.toLocaleString('en-US')} characters are often cut by chats, mail and servers.</div>
            <div class="row">
              ${this.includeData && this.hasUserData ? html`<button data-testid="share-drop-data" @click=${() => this.copy(false)}>Copy without the data</button>` : nothing}
              <button data-testid="share-copy-anyway" @click=${() => this.copy(this.includeData, true)}>Copy anyway</button>
            </div>`
          : html`<div class="row" data-testid="share-status">${
              this.status === 'copied'
                ? 'Link copied.'
                : 'Copying was refused: the link is selected, press Ctrl+C (⌘C) to copy it.'
            }</div>`
      }
      <div class="row"><button data-testid="share-close" @click=${() => this.close()}>Close</button></div>
    </div>`;
  }

  override render() {
    return html`<button data-testid="copy-link" title="Copy a link that reopens this view exactly" @click=${() => this.copy(this.includeData)}>Copy link</button>
      <label title=${this.hasUserData ? 'Put your CSV in the link (compressed); otherwise the link carries only its hash' : 'Only a CSV you loaded can be included; the built-in data travels as its seed'}>
        <input type="checkbox" data-testid="include-data" ?disabled=${!this.hasUserData} .checked=${this.includeData}
          @change=${(e: Event) => {
            this.includeData = (e.target as HTMLInputElement).checked;
          }} />Include data</label>
      ${this.link ? this.renderPanel(this.link) : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'share-link': ShareLink;
  }
}
