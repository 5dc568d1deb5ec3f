/**
 * The Frontier view's inputs, as templates for the view's shadow root: the legend, whose entries
 * toggle the preset overlays, the reference rules and the reference models, the hover readout
 * (every drawn curve at the budget under the pointer), and the readout card with its budgets and
 * the table of optima at them. Changes go back through the callbacks; the
 * view owns the state and sends `frontier-change`.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { ScenarioBands } from '../law/bands';
import type { BandAt } from '../law/frontier-curves';
import type { OptimumResult } from '../law/optimum';
import { PRESETS } from '../law/presets';
import { type FrontierState, withOverlay } from '../scenario/frontier-state';
import type { PlannerConstraints } from '../scenario/planner-state';
import { formatCount, formatLoss, formatScientific } from './charts/format';
import type { FrontierQuantity } from './charts/frontier-panels';
import { inputText } from './charts/sweep-setup';
import { ACTIVE, type BandsResult, MEDIAN } from './frontier-plot';

/** Line colours of the presets, in the order of the preset list. */
export const PRESET_COLOURS = ['#d95f02', '#7570b3', '#e7298a', '#66a61e'];

/** What the legend shows, and where its toggles go. */
export interface FrontierLegendInput {
  readonly frontier: FrontierState;
  readonly lawLabel: string;
  /** Whether bootstrap bands are drawn (they get a legend entry). */
  readonly bands: boolean;
  /**
   * The fitted series of the last per-series fit, when there are two or more: the "Series
   * overlays" toggle, and an entry per series while they are drawn.
   */
  readonly series?: readonly { readonly name: string; readonly colour: string }[];
  send(frontier: FrontierState): void;
}

/** The legend: the active law, the bands, and a toggle per preset, rule and the models. */
export function frontierLegend(l: FrontierLegendInput): TemplateResult {
  const f = l.frontier;
  const bands = l.bands;
  return html`<div class="legend" data-testid="frontier-legend">
    <span><span class="swatch" style="background:${ACTIVE}"></span> ${l.lawLabel}</span>
    ${bands ? html`<span><span class="swatch" style="background:${MEDIAN}"></span> bootstrap median, 25–75% and 5–95% bands</span>` : nothing}
    ${seriesLegend(l)}
    ${PRESETS.map(
      (
        p,
        i,
      ) => html`<label title=${p.source}><input type="checkbox" data-testid=${`overlay-${p.id}`} .checked=${f.overlays.includes(p.id)}
        @change=${(e: Event) => l.send(withOverlay(f, p.id, (e.target as HTMLInputElement).checked))} />
        <span class="swatch" style="background:${PRESET_COLOURS[i % PRESET_COLOURS.length]}"></span>${p.name}</label>`,
    )}
    <label><input type="checkbox" data-testid="show-kaplan" .checked=${f.showKaplan} @change=${(
      e: Event,
    ) =>
      l.send({
        ...f,
        showKaplan: (e.target as HTMLInputElement).checked,
      })} /><span class="swatch" style="background:#b8860b"></span>Kaplan 2020 rule</label>
    <label><input type="checkbox" data-testid="show-ratio" .checked=${f.showRatio} @change=${(
      e: Event,
    ) =>
      l.send({
        ...f,
        showRatio: (e.target as HTMLInputElement).checked,
      })} /><span class="swatch" style="background:#888"></span>20 tokens/param</label>
    <label><input type="checkbox" data-testid="show-models" .checked=${f.showModels} @change=${(
      e: Event,
    ) =>
      l.send({
        ...f,
        showModels: (e.target as HTMLInputElement).checked,
      })} /><span style="color:#c0392b">◇</span> reference models</label>
  </div>`;
}

/** The series toggle and, while the series are drawn, one entry per series. */
function seriesLegend(l: FrontierLegendInput) {
  const f = l.frontier;
  const series = l.series ?? [];
  if (series.length < 2) return nothing;
  return html`<label title="Each fitted series of the last fit, with its 95% band over its bootstrap replicas"><input type="checkbox" data-testid="show-series" .checked=${f.showSeries}
      @change=${(e: Event) => l.send({ ...f, showSeries: (e.target as HTMLInputElement).checked })} />Series overlays</label>
    ${
      f.showSeries
        ? html`<span data-testid="series-legend">${series.map(
            (s) =>
              html`<span data-testid="series-legend-entry" data-series=${s.name}><span class="swatch" style="background:${s.colour}"></span> ${s.name}</span> `,
          )}<span class="muted small">(shaded: 95% bands)</span></span>`
        : nothing
    }`;
}

/** What the readout card shows, and where its budgets go. */
export interface ReadoutInput {
  /** The readout budgets (the state's last good list) and the text as typed, if it does not parse. */
  readonly budgets: readonly number[];
  readonly draft: string | undefined;
  readonly error: string;
  readonly constraints: PlannerConstraints;
  readonly lawLabel: string;
  readonly bands: BandsResult | undefined;
  /** False when the bands are a fit's but the active law is not that fit's point estimate. */
  readonly bandsOfActiveLaw: boolean;
  /** The active law's optimum at budget C under the constraints. */
  optimum(C: number): OptimumResult;
  onReadout(text: string): void;
}

/** The readout card: budgets as typed, and the optimum at each with its bootstrap interval. */
export function readoutCard(r: ReadoutInput): TemplateResult {
  const bands = r.bands;
  const c = r.constraints;
  const iv = (b: ScenarioBands | undefined, q: FrontierQuantity, fmt: (v: number) => string) => {
    const x = b?.[q];
    return x ? html`<span class="muted small">[${fmt(x.p2_5)} – ${fmt(x.p97_5)}]</span>` : nothing;
  };
  const tpp = (v: number) => v.toPrecision(3);
  return html`<div class="card">
    <div class="chart-title">Readout
      <input class="budgets" data-testid="readout-budgets" aria-label="Readout budgets (FLOPs, comma-separated)" .value=${r.draft ?? r.budgets.map(inputText).join(', ')}
        @change=${(e: Event) => r.onReadout((e.target as HTMLInputElement).value)} />
    </div>
    ${r.error ? html`<div class="small" role="alert" style="color: var(--bad, #b3261e)">${r.error}</div>` : nothing}
    <table data-testid="frontier-readout">
      <thead><tr><th>C (FLOPs)</th><th>N</th><th>D</th><th>D/N</th><th>loss</th></tr></thead>
      <tbody>
        ${r.budgets.map((C, i) => {
          const o = r.optimum(C);
          const b = bands?.readout[i];
          return o.ok
            ? html`<tr data-budget=${C}>
                <td class="num">${formatScientific(C)}</td>
                <td class="num">${formatCount(o.N)} ${iv(b, 'N', formatCount)}</td>
                <td class="num">${formatCount(o.D)} ${iv(b, 'D', formatCount)}</td>
                <td class="num">${tpp(o.tokensPerParam)} ${iv(b, 'tokensPerParam', tpp)}</td>
                <td class="num">${formatLoss(o.loss)} ${iv(b, 'loss', formatLoss)}</td>
              </tr>`
            : html`<tr data-budget=${C}><td class="num">${formatScientific(C)}</td><td colspan="4" class="small">${o.reason}</td></tr>`;
        })}
      </tbody>
    </table>
    <p class="muted small">Values from the ${r.lawLabel}${bands ? html`; brackets are bootstrap 95% intervals (2.5–97.5th percentiles) over ${bands.replicas.toLocaleString('en-US')} replicas${r.bandsOfActiveLaw ? '' : html` <b data-testid="bands-of-fit">of the last fit, not of the active law</b> (its constants were changed since)`}` : ''}.
      ${
        c.U === undefined
          ? 'Compute-optimal (no data cap).'
          : html`Data-constrained: U = ${formatCount(c.U)} unique tokens (from the planner). Where U binds hard the
            loss is flat in N over decades, so N_opt and D_opt there are ill-determined (the loss is not); f32 (GPU) and
            f64 (CPU) solves can pick different N.`
      }</p>
  </div>`;
}

/** One drawn curve at the hovered budget (loss NaN for a rule, which gives none). */
export interface HoverRow {
  readonly label: string;
  readonly colour: string;
  readonly N: number;
  readonly D: number;
  readonly tokensPerParam: number;
  readonly loss: number;
  /** The bootstrap band of each quantity there (the median's row). */
  readonly band?: Readonly<Record<FrontierQuantity, BandAt | null>>;
  /** Why the curve has no optimum there. */
  readonly reason?: string;
}

/** What the hover readout shows. */
export interface HoverReadoutInput {
  /** The hovered budget, or undefined when no panel is hovered. */
  readonly C: number | undefined;
  readonly rows: readonly HoverRow[];
  /** The largest budget among the fit's runs, when there is a fit. */
  readonly dataC: number | undefined;
}

/** The hover readout: each drawn curve's N, D, D/N and loss at the hovered C, with its band. */
export function hoverReadout(h: HoverReadoutInput): TemplateResult {
  if (h.C === undefined) {
    return html`<div class="hover-readout muted" data-testid="frontier-hover" aria-live="polite">
      Hover a panel, or focus one and use the arrow keys, for every curve's optimum at that budget.</div>`;
  }
  const tpp = (v: number) => v.toPrecision(3);
  const cell = (row: HoverRow, q: FrontierQuantity, value: number, fmt: (v: number) => string) => {
    const b = row.band?.[q];
    return html`<td class="num">${Number.isFinite(value) ? fmt(value) : '—'}${
      b ? html` <span class="muted small">[${fmt(b.p5)} – ${fmt(b.p95)}]</span>` : nothing
    }</td>`;
  };
  const beyond = h.dataC !== undefined && h.C > h.dataC;
  return html`<div class="hover-readout" data-testid="frontier-hover" data-c=${h.C} aria-live="polite">
    <b>C = ${formatScientific(h.C)} FLOPs</b>${
      beyond
        ? html` <span class="small" data-testid="hover-extrapolated">· extrapolated: beyond the largest budget among the fit's runs (${formatScientific(h.dataC!)})</span>`
        : nothing
    }
    <table>
      <thead><tr><th></th><th>N_opt</th><th>D_opt</th><th>D/N</th><th>loss</th></tr></thead>
      <tbody>
        ${h.rows.map((r) =>
          r.reason !== undefined
            ? html`<tr data-curve=${r.label}><th><span class="swatch" style="background:${r.colour}"></span> ${r.label}</th><td colspan="4" class="small">${r.reason}</td></tr>`
            : html`<tr data-curve=${r.label}>
                <th><span class="swatch" style="background:${r.colour}"></span> ${r.label}</th>
                ${cell(r, 'N', r.N, formatCount)}${cell(r, 'D', r.D, formatCount)}
                ${cell(r, 'tokensPerParam', r.tokensPerParam, tpp)}${cell(r, 'loss', r.loss, formatLoss)}
              </tr>`,
        )}
      </tbody>
    </table>
    ${h.rows.some((r) => r.band) ? html`<span class="muted small">Brackets: the 5–95% band over the bootstrap replicas.</span>` : nothing}
  </div>`;
}
