/**
 * <export-menu>: a labelled group of export buttons ("SVG", "PNG 2x", "CSV", "JSON",
 * "Methods"…). A view passes `actions` (src/export/actions.ts); a click runs the producer and
 * saves the file, or, for a 'text' action, shows the text read-only with Copy and Download. A
 * producer that throws shows its message as text. Holds no export logic of its own.
 */
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { downloadFile } from '../export/download';
import type { ExportAction, ExportFile } from '../export/types';
import { theme } from './theme';

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

@customElement('export-menu')
export class ExportMenu extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: block;
        font-size: 12px;
      }
      .bar {
        display: inline-flex;
        align-items: center;
        gap: 4px;
        flex-wrap: wrap;
      }
      .lead {
        color: var(--ink-3);
        margin-right: 2px;
      }
      button {
        border: 1px solid var(--line);
        background: #fff;
        border-radius: 4px;
        padding: 1px 8px;
        height: 22px;
        font-size: 11.5px;
        cursor: pointer;
        white-space: nowrap;
      }
      button:hover {
        border-color: #b9c0cc;
        background: #f7f8fa;
      }
      button:focus-visible {
        outline: 2px solid color-mix(in srgb, var(--accent) 45%, transparent);
        outline-offset: 1px;
      }
      .status {
        color: var(--ink-3);
      }
      .error {
        color: var(--bad);
        margin-top: 4px;
        overflow-wrap: anywhere;
      }
      .text {
        margin-top: 6px;
        display: grid;
        gap: 4px;
      }
      textarea {
        width: 100%;
        min-height: 140px;
        font: 12px/1.4 var(--mono);
        border: 1px solid var(--line);
        border-radius: 4px;
        padding: 6px;
        resize: vertical;
        background: #fbfbfc;
        color: var(--ink);
      }
      .text .row {
        display: flex;
        gap: 6px;
        align-items: center;
      }
    `,
  ];

  /** What the menu offers, in button order. */
  @property({ attribute: false }) actions: readonly ExportAction[] = [];
  /** Accessible name of the group, e.g. "Export surface". */
  @property() label = 'Export';

  @state() private busy: string | undefined;
  @state() private error: string | undefined;
  @state() private shown: { action: ExportAction; file: ExportFile; text: string } | undefined;
  @state() private copyStatus = '';
  @query('textarea') private textarea: HTMLTextAreaElement | undefined;

  private async run(action: ExportAction) {
    if (this.busy) return;
    this.busy = action.id;
    this.error = undefined;
    this.copyStatus = '';
    try {
      const file = await action.produce();
      if (action.kind === 'text') {
        const text = typeof file.data === 'string' ? file.data : await file.data.text();
        this.shown = { action, file, text };
        await this.updateComplete;
        this.textarea?.focus();
        this.textarea?.select();
      } else {
        downloadFile(file);
      }
    } catch (e) {
      this.error = `${action.label} export failed: ${message(e)}`;
    } finally {
      this.busy = undefined;
    }
  }

  private async copy() {
    const shown = this.shown;
    if (!shown) return;
    try {
      await navigator.clipboard.writeText(shown.text);
      this.copyStatus = 'Copied.';
    } catch {
      this.textarea?.select();
      this.copyStatus = 'Copy was refused by the browser: the text is selected, press Ctrl+C.';
    }
  }

  /** Hides the text box and gives focus back to the button that opened it. */
  private close() {
    const id = this.shown?.action.id ?? '';
    this.shown = undefined;
    this.copyStatus = '';
    this.renderRoot
      .querySelector<HTMLButtonElement>(`.bar button[data-action="${CSS.escape(id)}"]`)
      ?.focus();
  }

  private renderText() {
    const s = this.shown;
    if (!s) return nothing;
    return html`<div class="text" @keydown=${(e: KeyboardEvent) => {
      if (e.key === 'Escape') this.close();
    }}>
      <label for="export-text">${s.action.label} (read-only; Escape closes)</label>
      <textarea id="export-text" readonly data-testid="export-text" .value=${s.text}></textarea>
      <div class="row">
        <button type="button" data-testid="export-copy" @click=${() => this.copy()}>Copy</button>
        <button type="button" @click=${() => downloadFile(s.file)}>
          Download ${s.file.filename}</button>
        <button type="button" @click=${() => this.close()}>Close</button>
        <span class="status" role="status">${this.copyStatus}</span>
      </div>
    </div>`;
  }

  override render() {
    return html`<div class="bar" role="group" aria-label=${this.label} aria-busy=${this.busy ? 'true' : 'false'}>
        <span class="lead" aria-hidden="true">Export</span>
        ${this.actions.map(
          (a) => html`<button
            type="button"
            data-action=${a.id}
            title=${a.description ?? a.label}
            aria-pressed=${a.kind === 'text' ? String(this.shown?.action.id === a.id) : nothing}
            @click=${() => this.run(a)}
          >${a.label}</button>`,
        )}
        ${this.busy ? html`<span class="status" role="status">Preparing…</span>` : nothing}
      </div>
      ${this.error ? html`<div class="error" role="alert" data-testid="export-error">${this.error}</div>` : nothing}
      ${this.renderText()}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'export-menu': ExportMenu;
  }
}
