/**
 * Grid controls: resolution (256 to 4096 per side) and the log10 ranges of N and D, with inline
 * messages for invalid, inverted or empty ranges. Only valid grids are sent.
 */
import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { GRID_RESOLUTIONS, type SurfaceGrid, validateGrid } from '../law/grid';
import { formatParam, parseNumber } from './charts/format';
import { theme } from './theme';

type RangeKey = 'log10NMin' | 'log10NMax' | 'log10DMin' | 'log10DMax';
const AXES = [
  { field: 'log10N', name: 'N (params)', min: 'log10NMin', max: 'log10NMax' },
  { field: 'log10D', name: 'D (tokens)', min: 'log10DMin', max: 'log10DMax' },
] as const;

@customElement('grid-controls')
export class GridControls extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: block;
      }
      .row {
        display: grid;
        grid-template-columns: 78px 1fr;
        align-items: center;
        column-gap: 8px;
        margin-bottom: 6px;
      }
      .row > span {
        color: var(--ink-2);
      }
      .range {
        display: flex;
        align-items: center;
        gap: 4px;
        font-family: var(--mono);
        font-size: 12px;
        color: var(--ink-2);
      }
      .range input {
        width: 52px;
      }
      .issue {
        grid-column: 2;
      }
      select {
        width: 100%;
      }
    `,
  ];

  @property({ attribute: false }) grid!: SurfaceGrid;
  @state() private drafts: Partial<Record<RangeKey, string>> = {};
  @state() private issues: Record<string, string> = {};
  private sent: SurfaceGrid | undefined;

  override willUpdate(changed: Map<string, unknown>) {
    if (changed.has('grid') && this.grid !== this.sent) {
      this.drafts = {};
      this.issues = {};
    }
  }

  private send(grid: SurfaceGrid) {
    this.sent = grid;
    this.dispatchEvent(
      new CustomEvent('grid-change', { detail: { grid }, bubbles: true, composed: true }),
    );
  }

  private onRange(key: RangeKey, e: Event) {
    const drafts = { ...this.drafts, [key]: (e.target as HTMLInputElement).value };
    const grid = { ...this.grid };
    for (const [k, text] of Object.entries(drafts)) grid[k as RangeKey] = parseNumber(text);
    const issues: Record<string, string> = {};
    for (const issue of validateGrid(grid)) issues[issue.field] ??= issue.message;
    this.drafts = drafts;
    this.issues = issues;
    if (Object.keys(issues).length === 0) this.send(grid);
  }

  private onResolution(e: Event) {
    const side = Number((e.target as HTMLSelectElement).value);
    this.send({ ...this.grid, width: side, height: side });
  }

  override render() {
    const g = this.grid;
    return html`
      <h2>Grid</h2>
      <div class="row">
        <span>Resolution</span>
        <select data-testid="resolution" aria-label="Grid resolution" @change=${this.onResolution}>
          ${GRID_RESOLUTIONS.map(
            (r) =>
              html`<option value=${r} ?selected=${r === g.width && r === g.height}>${r} × ${r}</option>`,
          )}
        </select>
      </div>
      ${AXES.map((axis) => {
        const issue = this.issues[axis.field];
        const input = (key: RangeKey, label: string) =>
          html`<input
            type="text"
            inputmode="decimal"
            autocomplete="off"
            aria-label=${`${label} log10 ${axis.name}`}
            data-field=${key}
            aria-invalid=${issue ? 'true' : 'false'}
            .value=${this.drafts[key] ?? formatParam(g[key])}
            @input=${(e: Event) => this.onRange(key, e)}
          />`;
        return html`<div class="row">
          <span>${axis.name}</span>
          <span class="range">1e${input(axis.min, 'Minimum')} to 1e${input(axis.max, 'Maximum')}</span>
          ${issue ? html`<div class="issue" role="alert" data-issue=${axis.field}>${issue}</div>` : ''}
        </div>`;
      })}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'grid-controls': GridControls;
  }
}
