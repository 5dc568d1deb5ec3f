/**
 * The diagnostic charts of the fit shown, whatever its method: for Approach 3, predicted
 * against observed loss per run, the isoFLOP profiles of the runs (Approach 2's parabolas,
 * point fit only, beside the fitted law's profile per budget), the identifiability map and the
 * calibration of the intervals; for Approach 2, its profiles with the bootstrap spread of each
 * minimum and N_opt and D_opt against compute; for the compute-only law, the profiles its
 * minima come from and L*(C) against each minimum.
 */
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ColourMapName } from '../colour/colour-maps';
import { DEFAULT_COLOUR_MAP } from '../colour/colour-maps';
import type { Run } from '../data/types';
import {
  type Approach2Result,
  DEFAULT_APPROACH2_OPTIONS,
  fitApproach2,
  resolveApproach2Options,
} from '../fit/approach2';
import type { ComputeOnlyResult } from '../fit/compute-only';
import type { FitResult, FitRun } from '../fit/types';
import type { ScalingLaw } from '../law/law';
import { computeOnlyPredictedObserved, predictedObserved } from './charts/predicted-observed';
import './calibration-panel';
import './identifiability-panel';
import './isoflop-charts';

/** The fit shown, tagged by its method. */
export type DiagnosedFit =
  | { readonly method: 'approach3'; readonly result: FitResult }
  | { readonly method: 'approach2'; readonly result: Approach2Result }
  | { readonly method: 'compute-only'; readonly result: ComputeOnlyResult };

@customElement('fit-diagnostics')
export class FitDiagnostics extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    .grid {
      display: flex;
      flex-wrap: wrap;
      gap: 12px 18px;
    }
    h3 {
      display: inline;
      margin: 0 0 6px;
      font-size: 0.95rem;
    }
    summary {
      cursor: pointer;
      margin-bottom: 6px;
    }
    .note {
      color: var(--muted, #5b6372);
      font-size: 0.85rem;
    }
  `;

  @property({ attribute: false }) fit: DiagnosedFit | undefined;
  /** The runs the fit saw, in its order (usable runs of the series shown). */
  @property({ attribute: false }) runs: readonly FitRun[] = [];
  /** Every imported run (excluded ones drawn hollow in predicted-observed). */
  @property({ attribute: false }) allRuns: readonly Run[] = [];
  @property({ attribute: false }) excludedRows: readonly number[] = [];
  /** The active law, overlaid on Approach 2's profiles when the fit has no law of its own. */
  @property({ attribute: false }) activeLaw: ScalingLaw | undefined;
  /** The colour map of the identifiability map. */
  @property({ attribute: false }) colourMap: ColourMapName = DEFAULT_COLOUR_MAP;

  /** The charts are drawn only while the section is open (they hold a node per run). */
  @state() private open = false;

  /** The charts inside a disclosure: drawn only while it is open. */
  private section(label: string, title: string, charts: () => unknown) {
    return html`<details
      data-testid="fit-diagnostics"
      aria-label=${label}
      ?open=${this.open}
      @toggle=${(e: Event) => {
        this.open = (e.target as HTMLDetailsElement).open;
      }}
    >
      <summary data-testid="fit-diagnostics-toggle"><h3>${title}</h3></summary>
      ${this.open ? html`<div class="grid">${charts()}</div>` : nothing}
    </details>`;
  }

  /** Approach 2's point fit of the runs of an Approach-3 fit, for the profiles. */
  @state() private profiles: { runs: readonly FitRun[]; result?: Approach2Result; why?: string } = {
    runs: [],
  };

  protected override willUpdate(changed: Map<string, unknown>): void {
    if (!changed.has('fit') && !changed.has('runs')) return;
    if (this.fit?.method !== 'approach3' || this.profiles.runs === this.runs) return;
    const runs = this.runs;
    this.profiles = { runs };
    const options = resolveApproach2Options({ ...DEFAULT_APPROACH2_OPTIONS, bootstrap: 0 });
    fitApproach2(runs, options).then(
      (result) => {
        if (this.runs === runs) this.profiles = { runs, result };
      },
      (e: unknown) => {
        if (this.runs === runs) this.profiles = { runs, why: (e as Error).message };
      },
    );
  }

  override render() {
    const f = this.fit;
    if (!f) return nothing;
    if (f.method === 'approach3') {
      const law = f.result.best.law;
      const p = this.profiles.runs === this.runs ? this.profiles : { runs: this.runs };
      return this.section(
        'Fit diagnostics',
        'Diagnostics: predicted against observed, isoFLOP profiles, identifiability map, calibration',
        () => html`<predicted-observed-chart
            .points=${predictedObserved(f.result.best.theta, this.allRuns, new Set(this.excludedRows))}
          ></predicted-observed-chart>
          ${
            p.result
              ? html`<isoflop-profile-chart
                  .result=${p.result}
                  .runs=${this.runs}
                  .law=${law}
                  lawLabel="Approach 3 law"
                ></isoflop-profile-chart>`
              : p.why
                ? html`<p class="note" data-testid="isoflop-none">No isoFLOP profiles: ${p.why}</p>`
                : nothing
          }
          <identifiability-panel
            .fit=${f.result}
            .runs=${this.runs}
            .colourMap=${this.colourMap}
          ></identifiability-panel>
          <calibration-panel .fit=${f.result} .runs=${this.runs}></calibration-panel>`,
      );
    }
    if (f.method === 'approach2') {
      return this.section(
        'Approach 2 charts',
        'Approach 2: isoFLOP profiles, N_opt and D_opt against C',
        () => html`<isoflop-profile-chart
            .result=${f.result}
            .runs=${this.runs}
            .law=${this.activeLaw}
            lawLabel="active law"
          ></isoflop-profile-chart>
          <optimum-scaling-chart .result=${f.result} quantity="N"></optimum-scaling-chart>
          <optimum-scaling-chart .result=${f.result} quantity="D"></optimum-scaling-chart>`,
      );
    }
    return this.section(
      'Compute-only charts',
      'Compute-only law: isoFLOP profiles, L*(C) against the minima',
      () => html`<isoflop-profile-chart .result=${f.result.isoflop} .runs=${this.runs}></isoflop-profile-chart>
        <predicted-observed-chart
          .points=${computeOnlyPredictedObserved(f.result)}
          what="budget minima (L*(C) against each parabola's minimum)"
        ></predicted-observed-chart>`,
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fit-diagnostics': FitDiagnostics;
  }
}
