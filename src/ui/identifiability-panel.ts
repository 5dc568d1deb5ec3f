/**
 * The identifiability map panel of an Approach-3 fit: on request, the profile objective over a
 * grid of (alpha, beta) (profileMap, on the in-process CPU fitter, with progress and Cancel),
 * drawn as a heatmap with the joint 95% region outlined, the bootstrap replicas as dots and the
 * best fit as a cross, and the plain-language reading of the region underneath.
 */
import { css, html, LitElement, nothing, svg } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ColourMapName } from '../colour/colour-maps';
import { DEFAULT_COLOUR_MAP } from '../colour/colour-maps';
import { inProcessFitBackend } from '../fit/design-check';
import { type ProfileMap, type ProfileProgress, profileMap } from '../fit/identifiability';
import type { FitBackend } from '../fit/run-fit';
import type { FitResult, FitRun } from '../fit/types';
import { cloudPoints } from './charts/bootstrap-cloud';
import {
  identifiabilityChart,
  identifiabilityImage,
  MAP_FRAME,
} from './charts/identifiability-map';
import { JobController } from './job-controller';

/** The sides the user can pick; the default is the first listed after 32. */
export const MAP_SIDES = [32, 64, 128] as const;
const DEFAULT_SIDE = 64;

/** Starts per backend call: the page gets a turn between calls. */
const SLICE = 64;

/** The in-process fitter, handing the page a turn every {@link SLICE} starts. */
function yieldingBackend(): FitBackend {
  const inner = inProcessFitBackend();
  return {
    ...inner,
    fitStarts: async (runs, starts, options, job) => {
      const out = [];
      for (let first = 0; first < starts.length; first += SLICE) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        job.signal?.throwIfAborted();
        out.push(...(await inner.fitStarts(runs, starts.slice(first, first + SLICE), options, {})));
        job.onProgress?.(out.length, starts.length);
      }
      return out;
    },
  };
}

/** A cell image as a PNG data URL (a 2D canvas; empty where there is none). */
function imageUrl(rgba: Uint8ClampedArray<ArrayBuffer>, width: number): string {
  const height = rgba.length / 4 / width;
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return '';
  ctx.putImageData(new ImageData(rgba, width, height), 0, 0);
  return canvas.toDataURL('image/png');
}

@customElement('identifiability-panel')
export class IdentifiabilityPanel extends LitElement {
  static override styles = css`
    :host {
      display: block;
      max-width: 420px;
    }
    h4 {
      margin: 0 0 6px;
      font-size: 0.9rem;
    }
    .controls {
      display: flex;
      gap: 8px;
      align-items: center;
      flex-wrap: wrap;
    }
    .note {
      color: var(--muted, #5b6372);
      font-size: 0.85rem;
    }
    svg text {
      font-size: 10px;
      fill: currentColor;
    }
  `;

  @property({ attribute: false }) fit: FitResult | undefined;
  @property({ attribute: false }) runs: readonly FitRun[] = [];
  @property({ attribute: false }) colourMap: ColourMapName = DEFAULT_COLOUR_MAP;

  @state() private side: number = DEFAULT_SIDE;

  private readonly job = new JobController<
    [readonly FitRun[], FitResult, number],
    { map: ProfileMap; url: string },
    ProfileProgress
  >(this, {
    task: async ([runs, fit, side], { signal, onProgress }) => {
      const map = await profileMap(runs, fit, yieldingBackend(), {
        grid: { size: side },
        basins: 'none',
        signal,
        onProgress,
      });
      return { map, url: imageUrl(identifiabilityImage(map, this.colourMap), map.alphas.length) };
    },
    argsEqual: (a, b) => a[0] === b[0] && a[1] === b[1] && a[2] === b[2],
    phaseOf: (p) => p.phase,
  });

  private progressLine(p: ProfileProgress | undefined) {
    if (!p) return 'Starting…';
    const what = p.phase === 'coarse' ? 'Coarse grid' : p.phase === 'cells' ? 'Cells' : 'Basins';
    return `${what}: ${p.done} / ${p.total} profile fits`;
  }

  private chart(map: ProfileMap, url: string, fit: FitResult) {
    const replicas = fit.bootstrap ? cloudPoints(fit.bootstrap.replicas, 2000) : [];
    const c = identifiabilityChart(map, replicas, fit.best.theta);
    const { width, height, margin } = MAP_FRAME;
    const bottom = height - margin.bottom;
    return html`<svg
      data-testid="identifiability-map"
      width=${width}
      height=${height}
      role="img"
      aria-label="Profile objective over alpha and beta, with the 95% region outlined"
    >
      <image
        href=${url}
        x=${c.image.x}
        y=${c.image.y}
        width=${c.image.width}
        height=${c.image.height}
        preserveAspectRatio="none"
        style="image-rendering: pixelated"
      ></image>
      ${svg`<path d=${c.outline} fill="none" stroke="#ff7f0e" stroke-width="1.5"></path>
        <path d=${c.dots} stroke="#fff" stroke-opacity="0.8" stroke-width="3" stroke-linecap="round"></path>
        <path
          d=${`M${c.best.x - 6},${c.best.y}H${c.best.x + 6}M${c.best.x},${c.best.y - 6}V${c.best.y + 6}`}
          stroke="#d62728"
          stroke-width="2"
        ></path>
        ${c.xTicks.map(
          (
            t,
          ) => svg`<line x1=${t.at} x2=${t.at} y1=${bottom} y2=${bottom + 4} stroke="currentColor"></line>
            <text x=${t.at} y=${bottom + 15} text-anchor="middle">${t.label}</text>`,
        )}
        ${c.yTicks.map(
          (
            t,
          ) => svg`<line x1=${margin.left - 4} x2=${margin.left} y1=${t.at} y2=${t.at} stroke="currentColor"></line>
            <text x=${margin.left - 6} y=${t.at + 3} text-anchor="end">${t.label}</text>`,
        )}
        <text x=${(margin.left + width - margin.right) / 2} y=${height - 4} text-anchor="middle">alpha</text>
        <text x="10" y=${(margin.top + bottom) / 2} text-anchor="middle" transform=${`rotate(-90 10 ${(margin.top + bottom) / 2})`}>beta</text>`}
    </svg>`;
  }

  override render() {
    const fit = this.fit;
    if (!fit) return nothing;
    const job = this.job;
    const shown = job.value && job.result?.args[1] === fit ? job.value : undefined;
    return html`<section aria-label="Identifiability map">
      <h4>Identifiability map of alpha and beta</h4>
      <div class="controls">
        <label
          >Grid
          <select
            data-testid="identifiability-size"
            .value=${String(this.side)}
            @change=${(e: Event) => {
              this.side = Number((e.target as HTMLSelectElement).value);
            }}
          >
            ${MAP_SIDES.map((n) => html`<option value=${n} ?selected=${n === this.side}>${n} x ${n}</option>`)}
          </select></label
        >
        <button
          data-testid="identifiability-run"
          ?disabled=${job.running !== undefined}
          @click=${() => void job.run([this.runs, fit, this.side]).catch(() => {})}
        >
          Map alpha and beta
        </button>
        ${
          job.running
            ? html`<span class="note" data-testid="identifiability-progress"
                  >${this.progressLine(job.running.progress)}</span
                >
                <button data-testid="identifiability-cancel" @click=${() => job.cancel()}>Cancel</button>`
            : nothing
        }
      </div>
      ${job.error ? html`<p class="note" role="alert">Map failed: ${job.error}</p>` : nothing}
      ${job.notice && !job.running ? html`<p class="note">${job.notice}</p>` : nothing}
      ${
        shown
          ? html`${this.chart(shown.map, shown.url, fit)}
              <p class="note" data-testid="identifiability-reading">
                Reading: ${shown.map.reading}. The region is the cells whose profile statistic is at most
                ${shown.map.threshold.toFixed(3)} (chi-squared, 2 degrees of freedom, 95%); the
                statistic is ${shown.map.scale.description}. Orange outline: the 95% region; white dots:
                bootstrap replicas; red cross: the best fit.
              </p>`
          : nothing
      }
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'identifiability-panel': IdentifiabilityPanel;
  }
}
