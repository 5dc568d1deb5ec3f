/**
 * The Frontier view's inputs, as templates for the view's shadow root: the legend, whose entries
 * toggle the preset overlays, the reference rules and the reference models, and the readout card
 * with its budgets and the table of optima at them. Changes go back through the callbacks; the
 * view owns the state and sends `frontier-change`.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { ScenarioBands } from '../law/bands';
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
  send(frontier: FrontierState): void;
}

/** The legend: the active law, the bands, and a toggle per preset, rule and the models. */
export function frontierLegend(l: FrontierLegendInput): TemplateResult {
  const f = l.frontier;
  const bands = l.bands;
  return html`<div class="legend" data-testid="frontier-legend">
    <span><span class="swatch" style="background:${ACTIVE}"></span> ${l.lawLabel}</span>
    ${bands ? html`<span><span class="swatch" style="background:${MEDIAN}"></span> bootstrap median, 25–75% and 5–95% bands</span>` : nothing}
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

/** What the readout card shows, and where its budgets go. */
export interface ReadoutInput {
  /** The readout budgets (the state's last good list) and the text as typed, if it does not parse. */
  readonly budgets: readonly number[];
  readonly draft: string | undefined;
  readonly error: string;
  readonly constraints: PlannerConstraints;
  readonly lawLabel: string;
  readonly bands: BandsResult | undefined;
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
    <p class="muted small">Values from the ${r.lawLabel}${bands ? html`; brackets are bootstrap 95% intervals (2.5–97.5th percentiles) over ${bands.replicas.toLocaleString('en-US')} replicas` : ''}.
      ${
        c.U === undefined
          ? 'Compute-optimal (no data cap).'
          : html`Data-constrained: U = ${formatCount(c.U)} unique tokens (from the planner). Where U binds hard the
            loss is flat in N over decades, so N_opt and D_opt there are ill-determined (the loss is not); f32 (GPU) and
            f64 (CPU) solves can pick different N.`
      }</p>
  </div>`;
}
