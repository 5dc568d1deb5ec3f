/** The hover readout strip under the Surface view (a template, no state of its own). */
import { html, nothing } from 'lit';
import { frontierCoefficients } from '../law/frontier';
import type { ScalingLaw } from '../law/law';
import { formatCount, formatLoss, formatScientific } from './charts/format';
import type { Readout } from './charts/readout';

const item = (name: string, value: string, key: string) =>
  html`<span class="item"><span class="k">${name}</span> <span class="v" data-readout=${key}>${value}</span></span>`;

/** The readout at the pointer, or the frontier exponents when the pointer is elsewhere. */
export function renderReadout(law: ScalingLaw, r: Readout | undefined, error: string | undefined) {
  const err = error ? html`<div class="draw-error" role="status">${error}</div>` : nothing;
  if (!r) {
    const { a, b } = frontierCoefficients(law);
    return html`<div class="readout" data-testid="readout" aria-live="polite">
        <span class="hint">Hover the surface, or focus it and use the arrow keys, to read N, D, C and L.</span>
        <span class="item"><span class="k">Frontier</span>
          <span class="v">N<sub>opt</sub> ∝ C<sup>${a.toFixed(3)}</sup>, D<sub>opt</sub> ∝ C<sup>${b.toFixed(3)}</sup></span></span>
        <span class="item"><span class="k">C</span> <span class="v">= 6 N D</span></span>
      </div>
      ${err}`;
  }
  const o = r.optimum;
  return html`<div class="readout" data-testid="readout" aria-live="polite">
      ${item('N', formatCount(r.N), 'N')} ${item('D', formatCount(r.D), 'D')}
      ${item('C', `${formatScientific(r.C, 3)} FLOPs`, 'C')} ${item('L', formatLoss(r.L, 5), 'L')}
      ${item('D/N', formatLoss(r.tokensPerParam, 3), 'tpp')}
      <span class="sep"></span>
      <span class="item opt"><span class="k">Optimum at this C</span>
        <span class="v">N ${formatCount(o.N)} · D ${formatCount(o.D)} · L ${formatLoss(o.loss, 5)} · D/N ${formatLoss(o.tokensPerParam, 3)}</span></span>
    </div>
    ${err}`;
}
