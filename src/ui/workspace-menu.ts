/**
 * The header's "Workspace" control: a button that opens a panel with a form to save the current
 * state as a named scenario and the list of saved entries (`<workspace-panel>`). Escape and a
 * click elsewhere close it. It fires `workspace-save-scenario` with the name; the app saves.
 */
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { WorkspaceStore } from '../workspace/store';
import './workspace-panel';

@customElement('workspace-menu')
export class WorkspaceMenu extends LitElement {
  static override styles = css`
    :host {
      position: relative;
      display: inline-flex;
      font-size: 12px;
    }
    button,
    input {
      font: inherit;
      font-size: 12px;
    }
    .panel {
      position: absolute;
      top: calc(100% + 6px);
      right: 0;
      z-index: 10;
      width: min(760px, 92vw);
      max-height: 70vh;
      overflow: auto;
      background: #fff;
      border: 1px solid var(--line, #d5d9e0);
      border-radius: 6px;
      box-shadow: 0 4px 14px rgb(0 0 0 / 12%);
      padding: 8px 10px;
    }
    form {
      display: flex;
      gap: 6px;
      align-items: center;
      flex-wrap: wrap;
      margin: 0 0 6px;
    }
    h2 {
      font-size: 12.5px;
      margin: 0 0 6px;
    }
    @media (max-width: 600px) {
      .panel {
        position: fixed;
        top: 56px;
        left: 8px;
        right: 8px;
        width: auto;
      }
    }
  `;

  /** The open store; undefined while storage is unavailable. */
  @property({ attribute: false }) store: WorkspaceStore | undefined;
  /** Why storage is unavailable. */
  @property() notice = '';
  /** Changes whenever the app saved an entry. */
  @property({ type: Number }) revision = 0;

  @state() private open = false;

  private readonly onDocumentPointer = (e: PointerEvent) => {
    if (this.open && !e.composedPath().includes(this)) this.open = false;
  };

  private readonly onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && this.open) this.open = false;
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
  }

  private save(form: HTMLFormElement) {
    const field = form.elements.namedItem('scenario-name') as HTMLInputElement;
    const name = field.value.trim();
    if (name === '') return;
    field.value = '';
    this.dispatchEvent(
      new CustomEvent('workspace-save-scenario', {
        detail: { name },
        bubbles: true,
        composed: true,
      }),
    );
  }

  private renderPanel() {
    return html`<div class="panel" data-testid="workspace-panel" role="dialog" aria-label="Workspace">
      <h2>Workspace: saved in this browser</h2>
      ${
        this.store
          ? html`<form
              @submit=${(e: Event) => {
                e.preventDefault();
                this.save(e.currentTarget as HTMLFormElement);
              }}
            >
              <label>Save this view as <input name="scenario-name" data-testid="scenario-name"
                required maxlength="200" placeholder="scenario name" /></label>
              <button type="submit" data-testid="save-scenario">Save scenario</button>
            </form>`
          : nothing
      }
      <workspace-panel .store=${this.store} .notice=${this.notice} .revision=${this.revision}></workspace-panel>
    </div>`;
  }

  override render() {
    return html`<button data-testid="workspace-toggle" aria-expanded=${this.open ? 'true' : 'false'}
        title="Datasets, fits and scenarios kept in this browser" @click=${() => {
          this.open = !this.open;
        }}>Workspace</button>
      ${this.open ? this.renderPanel() : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'workspace-menu': WorkspaceMenu;
  }
}
