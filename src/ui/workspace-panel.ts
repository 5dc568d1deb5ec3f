/**
 * The Workspace panel: lists the saved entries (name, kind, size, dates) and offers open,
 * rename, delete and clear (clear asks to confirm). It holds no storage logic: it calls the
 * store it is given and fires `workspace-change` after each change, `workspace-open` with the
 * entry to open (the app opens it), or `workspace-error` with the store's message, which it
 * also shows. With no store it shows `notice` (why storage is off). A new `revision` (the app
 * saved something) reloads the listing.
 */
import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { formatBytes } from '../workspace/format';
import type { EntryMeta } from '../workspace/records';
import type { Listing, WorkspaceStore } from '../workspace/store';

const when = (ms: number) => new Date(ms).toLocaleString();

@customElement('workspace-panel')
export class WorkspacePanel extends LitElement {
  static override styles = css`
    :host { display: block; padding: 0.5rem; }
    table { border-collapse: collapse; width: 100%; }
    th, td { text-align: left; padding: 0.25rem 0.5rem; }
    .notice { color: var(--warn, #a05a00); }
  `;

  /** The store to list; undefined while storage is unavailable. */
  @property({ attribute: false }) store: WorkspaceStore | undefined;
  /** Why storage is unavailable, shown when there is no store. */
  @property() notice = '';
  /** Changes whenever the app saved an entry: the listing is reloaded. */
  @property({ type: Number }) revision = 0;

  @state() private listing: Listing = { entries: [], skipped: [] };
  @state() private message = '';
  @state() private editing: string | undefined;
  @state() private confirmingClear = false;

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('store') || changed.has('revision')) void this.refresh();
  }

  /** Reloads the listing from the store. */
  async refresh(): Promise<void> {
    if (!this.store) {
      const { entries, skipped } = this.listing;
      if (entries.length > 0 || skipped.length > 0) this.listing = { entries: [], skipped: [] };
      return;
    }
    await this.attempt(async (store) => {
      this.listing = await store.list();
    });
  }

  private async attempt(action: (store: WorkspaceStore) => Promise<void>): Promise<boolean> {
    const store = this.store;
    if (!store) return false;
    try {
      await action(store);
      this.message = '';
      return true;
    } catch (err) {
      this.message = err instanceof Error ? err.message : String(err);
      this.dispatchEvent(
        new CustomEvent('workspace-error', {
          detail: { message: this.message },
          bubbles: true,
          composed: true,
        }),
      );
      return false;
    }
  }

  private async change(
    action: (store: WorkspaceStore) => Promise<unknown>,
    what: string,
    id?: string,
  ) {
    const ok = await this.attempt(async (store) => {
      await action(store);
    });
    if (!ok) return;
    await this.refresh();
    this.dispatchEvent(
      new CustomEvent('workspace-change', {
        detail: { action: what, id },
        bubbles: true,
        composed: true,
      }),
    );
  }

  private rename(entry: EntryMeta, form: HTMLFormElement) {
    const name = (form.elements.namedItem('name') as HTMLInputElement).value;
    this.editing = undefined;
    void this.change((s) => s.rename(entry.id, name), 'rename', entry.id);
  }

  private openEntry(entry: EntryMeta) {
    this.dispatchEvent(
      new CustomEvent('workspace-open', { detail: { entry }, bubbles: true, composed: true }),
    );
  }

  private row(entry: EntryMeta) {
    const name =
      this.editing === entry.id
        ? html`<form
            @submit=${(e: Event) => {
              e.preventDefault();
              this.rename(entry, e.currentTarget as HTMLFormElement);
            }}
          >
            <input name="name" aria-label="New name" .value=${entry.name} />
            <button type="submit">Save</button>
            <button type="button" @click=${() => (this.editing = undefined)}>Cancel</button>
          </form>`
        : entry.name;
    return html`<tr data-id=${entry.id}>
      <td class="name">${name}</td>
      <td>${entry.kind}</td>
      <td>${formatBytes(entry.bytes)}</td>
      <td>${when(entry.created)}</td>
      <td>${when(entry.updated)}</td>
 <td>
        <button class="open" @click=${() => this.openEntry(entry)}>Open</button>
        <button class="rename" @click=${() => (this.editing = entry.id)}>Rename</button>
        <button class="delete" @click=${() => this.change((s) => s.delete(entry.id), 'delete', entry.id)}>
          Delete
        </button>
      </td>
    </tr>`;
  }

  private clearControls() {
    if (!this.confirmingClear)
      return html`<button class="clear" ?disabled=${this.listing.entries.length === 0 && this.listing.skipped.length === 0}
        @click=${() => (this.confirmingClear = true)}>Clear workspace…</button>`;
    return html`<span role="alert">Delete every saved entry?</span>
      <button class="confirm-clear" @click=${() => {
        this.confirmingClear = false;
        void this.change((s) => s.clear(), 'clear');
      }}>Delete all</button>
      <button class="cancel-clear" @click=${() => (this.confirmingClear = false)}>Cancel</button>`;
  }

  override render() {
    if (!this.store)
      return html`<p class="notice" role="status">${this.notice || 'Storage is unavailable.'}</p>`;
    const { entries, skipped } = this.listing;
    return html`
      ${this.message ? html`<p class="notice" role="status">${this.message}</p>` : ''}
      ${
        entries.length === 0
          ? html`<p class="empty">Nothing saved yet.</p>`
          : html`<table>
            <thead><tr><th>Name</th><th>Kind</th><th>Size</th><th>Created</th><th>Updated</th><th></th></tr></thead>
            <tbody>${entries.map((e) => this.row(e))}</tbody>
          </table>`
      }
      ${skipped.map(
        (s) => html`<p class="skipped notice">Skipped “${s.id}”: ${s.reason}
          <button class="delete" @click=${() => this.change((st) => st.delete(s.id), 'delete', s.id)}>Delete</button></p>`,
      )}
      <p>${this.clearControls()}</p>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'workspace-panel': WorkspacePanel;
  }
}
