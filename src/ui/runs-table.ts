/**
 * The runs of the dataset as a table with one "use in fit" checkbox per row, paginated so a
 * file of 100,000 runs renders as quickly as one of 100.
 *
 * Keyboard: the checkboxes share one Tab stop (a roving tabindex, as in the ARIA grid and
 * listbox patterns) so that a page of 100 runs is not 100 Tab stops. Tab enters at the row
 * last focused, Up and Down move between rows, Home and End to the first and last row of the
 * page, and Space toggles the focused checkbox (its native behaviour). Each checkbox keeps its
 * own label; the pager buttons stay ordinary Tab stops.
 *
 * When the runs carry series (two or more), a series column, the run count of each series and
 * a series filter appear: the filter edits the selection fits use (`series-selection`; empty
 * means every series) and the table shows the selected series' runs.
 */
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import type { Run } from '../data/runs';
import { listSeries, runsInSeries, type SeriesInfo } from '../data/series';
import { formatScientific } from './charts/format';
import { fitStyles } from './fit-styles';
import { listKeyTarget } from './keyboard-nav';

/** Rows per page. */
export const PAGE_SIZE = 100;

@customElement('runs-table')
export class RunsTable extends LitElement {
  static override styles = [
    fitStyles,
    css`
      .scroll {
        max-height: 420px;
        overflow-y: auto;
        /* A checkbox focused from the keyboard scrolls clear of the sticky header. */
        scroll-padding-top: 28px;
      }
      th {
        position: sticky;
        top: 0;
        background: #fff;
        z-index: 1;
      }
      tr.off td {
        color: var(--ink-3);
        text-decoration: line-through;
      }
      tr.off td:first-child {
        text-decoration: none;
      }
      .pager {
        justify-content: space-between;
        margin-top: 6px;
        font-size: 12px;
      }
      input[type='checkbox'] {
        margin: 0;
        accent-color: var(--accent);
      }
      .keys {
        margin: -4px 0 6px;
        font-size: 11.5px;
      }
      fieldset.series {
        border: 1px solid var(--line);
        border-radius: 4px;
        margin: 0 0 8px;
        padding: 4px 8px 6px;
        font-size: 12px;
      }
      fieldset.series label {
        display: inline-flex;
        align-items: center;
        gap: 4px;
        margin-right: 12px;
      }
    `,
  ];

  @property({ attribute: false }) runs: readonly Run[] = [];
  @property({ attribute: false }) excludedRows: readonly number[] = [];
  /** The selected series (empty: all). */
  @property({ attribute: false }) seriesSelection: readonly string[] = [];
  @state() private page = 0;
  /** Row of the page (0-based) whose checkbox is the table's one Tab stop. */
  @state() private current = 0;

  override willUpdate(changed: Map<string, unknown>) {
    if (changed.has('runs') || changed.has('seriesSelection')) {
      this.page = 0;
      this.current = 0;
    }
  }

  private showPage(page: number) {
    this.page = page;
    this.current = 0;
  }

  /** Up, Down, Home and End move focus between the checkboxes of the page. */
  private onKey(e: KeyboardEvent) {
    const boxes = [...this.renderRoot.querySelectorAll<HTMLInputElement>('tbody input')];
    const at = boxes.indexOf(e.target as HTMLInputElement);
    if (at < 0) return;
    const next = listKeyTarget(e.key, at, boxes.length, 'vertical');
    if (next === undefined) return;
    e.preventDefault();
    this.current = next;
    boxes[next]!.focus();
  }

  private toggle(row: number, e: Event) {
    const excluded = !(e.target as HTMLInputElement).checked;
    this.dispatchEvent(
      new CustomEvent('row-exclusion', {
        detail: { row, excluded },
        bubbles: true,
        composed: true,
      }),
    );
  }

  /** Selects or deselects one series; the last selected one cannot be deselected. */
  private toggleSeries(all: readonly SeriesInfo[], name: string, on: boolean) {
    const current =
      this.seriesSelection.length === 0 ? all.map((s) => s.name) : this.seriesSelection;
    const chosen = new Set(current);
    if (on) chosen.add(name);
    else chosen.delete(name);
    if (chosen.size === 0) {
      this.requestUpdate();
      return;
    }
    const selection =
      chosen.size === all.length ? [] : all.map((s) => s.name).filter((n) => chosen.has(n));
    this.dispatchEvent(
      new CustomEvent('series-selection', {
        detail: { selection },
        bubbles: true,
        composed: true,
      }),
    );
  }

  private renderSeriesFilter(all: readonly SeriesInfo[]) {
    const selected = new Set(this.seriesSelection);
    const isOn = (name: string) => selected.size === 0 || selected.has(name);
    return html`<fieldset class="series" data-testid="series-filter">
      <legend>Series (fits use the ticked ones)</legend>
      ${all.map(
        (s) => html`<label data-testid="series-option" data-series=${s.name}>
          <input
            type="checkbox"
            .checked=${live(isOn(s.name))}
            @change=${(e: Event) => this.toggleSeries(all, s.name, (e.target as HTMLInputElement).checked)}
          />
          ${s.name} <span class="muted" data-testid="series-count">(${s.count} run${s.count === 1 ? '' : 's'})</span>
        </label>`,
      )}
    </fieldset>`;
  }

  override render() {
    const all = listSeries(this.runs);
    const series = all.length > 1;
    const runs = series ? runsInSeries(this.runs, this.seriesSelection) : this.runs;
    const pages = Math.max(1, Math.ceil(runs.length / PAGE_SIZE));
    const page = Math.min(this.page, pages - 1);
    const shown = runs.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
    const excluded = new Set(this.excludedRows);
    const groups = runs.some((r) => r.group !== undefined);
    const current = Math.min(this.current, Math.max(0, shown.length - 1));
    return html`
      <h2>Runs</h2>
      ${series ? this.renderSeriesFilter(all) : nothing}
      <p class="muted keys" id="runs-keys">
        One Tab stop for all rows: ↑ ↓ move between rows, Home and End to the first and last, Space
        includes or excludes the run.
      </p>
      <div class="scroll">
        <table data-testid="runs-table" aria-describedby="runs-keys">
          <thead>
            <tr>
              <th title="Use this run in fits">Use</th>
              <th class="num">Row</th>
              <th class="num">N</th>
              <th class="num">D</th>
              <th class="num">C</th>
              <th class="num">Loss</th>
              ${series ? html`<th>Series</th>` : ''}
              ${groups ? html`<th>Group</th>` : ''}
            </tr>
          </thead>
          <tbody @keydown=${this.onKey}>
            ${shown.map((r, i) => {
              const off = excluded.has(r.row);
              return html`<tr class=${off ? 'off' : ''}>
                <td>
                  <input
                    type="checkbox"
                    data-row=${r.row}
                    aria-label=${`Use row ${r.row} in fits`}
                    tabindex=${i === current ? 0 : -1}
                    .checked=${!off}
                    @focus=${() => {
                      this.current = i;
                    }}
                    @change=${(e: Event) => this.toggle(r.row, e)}
                  />
                </td>
                <td class="num">${r.row}</td>
                <td class="num">${formatScientific(r.N, 3)}</td>
                <td class="num">${formatScientific(r.D, 3)}</td>
                <td class="num">${formatScientific(r.C, 3)}</td>
                <td class="num">${r.loss.toFixed(4)}</td>
                ${series ? html`<td data-cell="series">${r.series ?? ''}</td>` : ''}
                ${groups ? html`<td>${r.group ?? ''}</td>` : ''}
              </tr>`;
            })}
          </tbody>
        </table>
      </div>
      ${
        pages > 1
          ? html`<div class="row pager">
            <button ?disabled=${page === 0} @click=${() => this.showPage(page - 1)}>‹ Prev</button>
            <span class="muted">rows ${page * PAGE_SIZE + 1}–${page * PAGE_SIZE + shown.length} of ${runs.length}</span>
            <button ?disabled=${page >= pages - 1} @click=${() => this.showPage(page + 1)}>Next ›</button>
          </div>`
          : ''
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'runs-table': RunsTable;
  }
}
