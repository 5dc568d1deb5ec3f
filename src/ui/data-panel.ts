/**
 * The Fit view's data panel: pick the built-in sweep, open or drop a CSV, or paste one; then
 * the import summary (usable count, rejected rows with row/column/reason, notes, warnings) and
 * the runs table with an exclusion checkbox per row. File text is only ever rendered as text.
 */
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ColumnMapping } from '../data/mapping';
import type { RejectedRow, RunsImport } from '../data/runs';
import { type DatasetRef, fileSizeRefusal } from '../scenario/dataset';
import { fitStyles } from './fit-styles';
import './column-mapping';
import './runs-table';

/** The last CSV the user offered, when it was refused (the previous dataset stays). */
export interface RefusedImport {
  readonly name: string;
  readonly reason: string;
  /** What the parser said, when the file was read at all. */
  readonly imported?: RunsImport;
  /** The file's text, kept when a column mapping could still read it (the mapping step). */
  readonly csv?: string;
}

/** Whether a refused file gets the mapping step: its text is kept and a mapping could read it. */
export function offersMapping(r: RefusedImport | undefined): r is RefusedImport & {
  csv: string;
  imported: RunsImport;
} {
  return r?.csv !== undefined && r.imported?.needsMapping === true;
}

function emit<T>(el: HTMLElement, type: string, detail: T) {
  el.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}

@customElement('data-panel')
export class DataPanel extends LitElement {
  static override styles = [
    fitStyles,
    css`
      .name {
        font-weight: 600;
        margin-right: 4px;
      }
      .sources {
        margin-top: 10px;
      }
      .drop {
        margin-top: 10px;
        border: 1.5px dashed #c6ccd6;
        border-radius: 6px;
        padding: 10px;
        text-align: center;
        color: var(--ink-3);
        font-size: 12px;
      }
      .drop.over {
        border-color: var(--accent);
        background: #f1f5fe;
        color: var(--accent);
      }
      details {
        margin-top: 8px;
      }
      summary {
        cursor: pointer;
        font-size: 12px;
        color: var(--ink-2);
      }
      textarea {
        width: 100%;
        height: 110px;
        margin-top: 6px;
        font-family: var(--mono);
        font-size: 11.5px;
        border: 1px solid var(--line);
        border-radius: 4px;
        padding: 6px;
        resize: vertical;
      }
      .counts {
        margin-top: 12px;
        font-size: 12px;
      }
      .counts b {
        font-variant-numeric: tabular-nums;
      }
      .rejected {
        max-height: 170px;
        overflow-y: auto;
        margin-top: 6px;
        border: 1px solid #f1d1ce;
        border-radius: 4px;
      }
      .rejected td {
        white-space: normal;
        font-size: 11.5px;
        vertical-align: top;
        overflow-wrap: anywhere;
      }
      .rejected th {
        position: sticky;
        top: 0;
        background: #fff;
      }
      ul.notes {
        margin: 8px 0 0;
        padding-left: 16px;
        color: var(--ink-2);
        font-size: 11.5px;
        line-height: 1.4;
      }
      ul.notes li + li {
        margin-top: 3px;
      }
      input[type='file'] {
        display: none;
      }
    `,
  ];

  @property({ attribute: false }) datasetRef!: DatasetRef;
  @property({ attribute: false }) imported!: RunsImport;
  @property({ attribute: false }) excludedRows: readonly number[] = [];
  /** The selected series (empty: all), for the runs table's series filter. */
  @property({ attribute: false }) seriesSelection: readonly string[] = [];
  @property({ attribute: false }) refused: RefusedImport | undefined;
  /** Warnings on the runs left after exclusions, and why they cannot be fitted (if so). */
  @property({ attribute: false }) usableWarnings: readonly string[] = [];
  @property({ attribute: false }) usableCount = 0;

  /** True while the user changes the column mapping of the file that loaded. */
  @state() private editingMapping = false;
  @state() private dragOver = false;
  @state() private pasted = '';

  private async readFile(file: File | undefined) {
    if (!file) return;
    const tooBig = fileSizeRefusal(file.size);
    if (tooBig) {
      emit(this, 'dataset-refused', { name: file.name, reason: tooBig });
      return;
    }
    let text: string;
    try {
      text = await file.text();
    } catch (e) {
      emit(this, 'dataset-refused', {
        name: file.name,
        reason: `The file could not be read (${e instanceof Error ? e.message : String(e)}).`,
      });
      return;
    }
    emit(this, 'dataset-text', { name: file.name, text });
  }

  private onDrop(e: DragEvent) {
    e.preventDefault();
    this.dragOver = false;
    void this.readFile(e.dataTransfer?.files[0]);
  }

  private onPick(e: Event) {
    const input = e.target as HTMLInputElement;
    void this.readFile(input.files?.[0]);
    input.value = '';
  }

  private loadPasted() {
    emit(this, 'dataset-text', { name: 'Pasted CSV', text: this.pasted });
  }

  private renderRejected(rows: readonly RejectedRow[]) {
    if (rows.length === 0) return nothing;
    return html`<div class="rejected" data-testid="rejected-rows">
      <table>
        <thead><tr><th class="num">Row</th><th>Column</th><th>Reason</th></tr></thead>
        <tbody>
          ${rows.map(
            (r) => html`<tr data-row=${r.row}>
              <td class="num">${r.row}</td>
              <td>${r.column ?? '(row)'}</td>
              <td>${r.reason}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  /** Re-reads `text` with `mapping` (the app parses it and adopts or refuses it). */
  private applyMapping(name: string, text: string, mapping: ColumnMapping) {
    this.editingMapping = false;
    emit(this, 'dataset-mapping', { name, text, mapping });
  }

  private renderMapping() {
    const r = this.refused;
    if (offersMapping(r)) {
      return html`<column-mapping
        .headers=${r.imported.headers}
        .mapping=${r.imported.mapping}
        .fileName=${r.name}
        @mapping-apply=${(e: CustomEvent<{ mapping: ColumnMapping }>) => {
          e.stopPropagation();
          this.applyMapping(r.name, r.csv, e.detail.mapping);
        }}
      ></column-mapping>`;
    }
    const ref = this.datasetRef;
    if (!this.editingMapping || ref.source !== 'user') return nothing;
    return html`<column-mapping
      .headers=${this.imported.headers}
      .mapping=${this.imported.mapping}
      .fileName=${ref.name}
      cancellable
      @mapping-apply=${(e: CustomEvent<{ mapping: ColumnMapping }>) => {
        e.stopPropagation();
        this.applyMapping(ref.name, ref.csv, e.detail.mapping);
      }}
      @mapping-cancel=${(e: Event) => {
        e.stopPropagation();
        this.editingMapping = false;
      }}
    ></column-mapping>`;
  }

  private renderRefused(r: RefusedImport) {
    const imp = r.imported;
    return html`<div class="card" data-testid="import-refused" role="alert">
      <h2>Not loaded</h2>
      <ul class="messages">
        <li class="error"><b>${r.name}:</b> ${r.reason}</li>
        ${(imp?.warnings ?? [])
          .filter((w) => w !== r.reason)
          .map((w) => html`<li class="warning">${w}</li>`)}
      </ul>
      ${
        imp && imp.rejected.length > 0
          ? html`<div class="counts">${imp.rejected.length} of ${imp.dataRows} rows rejected:</div>
            ${this.renderRejected(imp.rejected)}`
          : nothing
      }
      <div class="small muted" style="margin-top:8px">
        Still using <b>${this.datasetRef.name}</b>.
        <button style="margin-left:6px" data-testid="refused-dismiss" @click=${() => emit(this, 'refused-dismiss', {})}>Dismiss</button>
      </div>
    </div>`;
  }

  override render() {
    const imp = this.imported;
    const excluded = this.excludedRows.length;
    return html`
      <div class="card">
        <h2>Data</h2>
        <div data-testid="dataset-name">
          <span class="name">${this.datasetRef.name}</span>
          <span class="badge">${this.datasetRef.source === 'builtin' ? 'built-in' : 'your CSV'}</span>
          ${
            this.datasetRef.source === 'user' && imp.headers.length >= 3 && !this.editingMapping
              ? html`<button style="margin-left:6px;height:22px" data-testid="mapping-change" @click=${() => {
                  this.editingMapping = true;
                }}>Change column mapping</button>`
              : nothing
          }
        </div>
        <div class="row sources">
          <button data-testid="builtin" @click=${() => emit(this, 'dataset-builtin', {})}>
            Built-in sweep
          </button>
          <button @click=${() => this.renderRoot.querySelector<HTMLInputElement>('input[type=file]')?.click()}>
            Open CSV…
          </button>
          <input type="file" accept=".csv,.tsv,.txt,text/csv" data-testid="file" @change=${this.onPick} />
        </div>
        <div
          class="drop ${this.dragOver ? 'over' : ''}"
          data-testid="drop"
          @dragover=${(e: DragEvent) => {
            e.preventDefault();
            this.dragOver = true;
          }}
          @dragleave=${() => {
            this.dragOver = false;
          }}
          @drop=${this.onDrop}
        >
          Drop a CSV here · columns params, tokens (or flops), loss
        </div>
        <details>
          <summary>Paste CSV text</summary>
          <textarea
            data-testid="paste"
            spellcheck="false"
            placeholder=${'params,tokens,loss\n70B,1.4T,1.94\n…'}
            .value=${this.pasted}
            @input=${(e: Event) => {
              this.pasted = (e.target as HTMLTextAreaElement).value;
            }}
          ></textarea>
          <div class="row"><button data-testid="paste-load" ?disabled=${this.pasted.trim() === ''} @click=${this.loadPasted}>Load pasted CSV</button></div>
        </details>
      </div>
      ${this.refused ? this.renderRefused(this.refused) : nothing}
      ${this.renderMapping()}
      <div class="card" data-testid="import-summary">
        <div class="counts" style="margin-top:0" data-testid="usable-count">
          <b>${this.usableCount}</b> usable run${this.usableCount === 1 ? '' : 's'}
          <span class="muted">
            · ${imp.dataRows} data rows · ${imp.rejected.length} rejected${
              excluded > 0
                ? html` · ${excluded} excluded by hand
                  <button style="margin-left:4px;height:22px" @click=${() => emit(this, 'exclusions-clear', {})}>Include all</button>`
                : nothing
            }
          </span>
        </div>
        <ul class="messages">
          ${this.usableWarnings.map((w) => html`<li class="warning">${w}</li>`)}
        </ul>
        <ul class="notes" data-testid="import-notes">
          ${imp.notes.map((n) => html`<li>${n}</li>`)}
        </ul>
        ${this.renderRejected(imp.rejected)}
      </div>
      <div class="card">
        <runs-table
          .runs=${imp.runs}
          .excludedRows=${this.excludedRows}
          .seriesSelection=${this.seriesSelection}
        ></runs-table>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'data-panel': DataPanel;
  }
}
