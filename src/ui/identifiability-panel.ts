/**
 * The identifiability map panel of an Approach-3 fit: on request, the profile objective over a
 * grid of (alpha, beta) on the engine fits run on (Engine.identifiabilityMap through the
 * EngineManager, with progress and Cancel), filled in progressively: a coarse 32 x 32 map is
 * drawn first, labelled as coarse, and stays on screen while the requested side computes from
 * it. Drawn as a heatmap with the joint 95% region outlined, the bootstrap replicas as dots, the
 * best fit as a cross, the basins of the fit's own starts as circles, and the plain-language
 * reading underneath.
 */
import { consume } from '@lit/context';
import { css, html, LitElement, nothing, svg } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ColourMapName } from '../colour/colour-maps';
import { DEFAULT_COLOUR_MAP } from '../colour/colour-maps';
import type { EngineKind } from '../engine/engine';
import type { EngineManager } from '../engine/manager';
import { PROFILE_LIMITS, type ProfileMap, type ProfileProgress } from '../fit/identifiability';
import type { FitResult, FitRun } from '../fit/types';
import { cloudPoints } from './charts/bootstrap-cloud';
import {
  basinLegend,
  basinMarks,
  identifiabilityChart,
  identifiabilityImage,
  MAP_FRAME,
} from './charts/identifiability-map';
import { imageUrl } from './charts/image-url';
import { JobController } from './job-controller';
import { engineManagerContext, ManagerChanges } from './services';

/** The sides the user can pick. */
export const MAP_SIDES = [32, 64, 128, 256, 512] as const;
const DEFAULT_SIDE = 128;
/** The largest side offered on the CPU engine; larger maps run only on the GPU. */
export const CPU_MAX_SIDE = 128;
const COARSE_SIDE = PROFILE_LIMITS.coarseSide;

/** Why a side is not offered on the CPU engine (the option's title). */
function cpuRefusal(side: number): string {
  const fits = 2 * side * side;
  return `${side} x ${side} runs on the GPU engine only: it is ${fits.toLocaleString('en-US')} profile fits, minutes on the CPU. Choose GPU in the engine menu.`;
}

/** A map as drawn: the map, its image, and whether it is the coarse stage of a finer one. */
interface DrawnMap {
  readonly fit: FitResult;
  readonly map: ProfileMap;
  readonly url: string;
  /** The side the run asked for; the coarse stage is drawn while it computes. */
  readonly requested: number;
  readonly coarse: boolean;
}

/** Progress of a run: which stage, and the map's own progress. */
interface MapProgress extends ProfileProgress {
  /** The side of the stage running, and the side the run asked for. */
  readonly side: number;
  readonly requested: number;
}

const ENGINE_TEXT: Record<EngineKind, string> = {
  gpu: 'the GPU engine (f32 fit kernel)',
  cpu: 'the CPU engine (f64)',
};

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
    .stage {
      font-size: 0.85rem;
      font-weight: 600;
    }
    svg text {
      font-size: 10px;
      fill: currentColor;
    }
    svg .basin-label {
      font-size: 9px;
      fill: #fff;
      paint-order: stroke;
      stroke: #000;
      stroke-width: 2px;
    }
  `;

  /** From the app shell, through `engineManagerContext`. */
  @consume({ context: engineManagerContext, subscribe: true })
  @state()
  manager: EngineManager | undefined;
  /** Redraws when the engine manager changes (the sides offered depend on the engine). */
  readonly managerChanges = new ManagerChanges(this, () => this.manager);

  @property({ attribute: false }) fit: FitResult | undefined;
  @property({ attribute: false }) runs: readonly FitRun[] = [];
  @property({ attribute: false }) colourMap: ColourMapName = DEFAULT_COLOUR_MAP;

  @state() private side: number = DEFAULT_SIDE;
  /** What is on screen: the coarse stage or the last finished map; kept on cancel and failure. */
  @state() private drawn: DrawnMap | undefined;

  private readonly job = new JobController<
    [readonly FitRun[], FitResult, number],
    ProfileMap,
    MapProgress
  >(this, {
    task: async ([runs, fit, side], { signal, onProgress }) => {
      const manager = this.manager;
      if (!manager) throw new Error('no engine yet');
      const stage = (size: number, options: { coarse?: ProfileMap; basins?: 'none' }) =>
        manager.run(
          'fit',
          (engine) => {
            if (engine.kind === 'cpu' && size > CPU_MAX_SIDE)
              throw new RangeError(cpuRefusal(size));
            return engine.identifiabilityMap(runs, fit, {
              grid: { size },
              ...options,
              signal,
              onProgress: (p) => onProgress({ ...p, side: size, requested: side }),
            });
          },
          signal,
        );
      let coarse: ProfileMap | undefined;
      if (side > COARSE_SIDE) {
        coarse = await stage(COARSE_SIDE, { basins: 'none' });
        if (!signal.aborted) this.draw(fit, coarse, side, true);
      }
      const map = await stage(side, coarse ? { coarse } : {});
      if (!signal.aborted) this.draw(fit, map, side, false);
      return map;
    },
    argsEqual: (a, b) => a[0] === b[0] && a[1] === b[1] && a[2] === b[2],
    phaseOf: (p) => `${p.side} ${p.phase}`,
  });

  private draw(fit: FitResult, map: ProfileMap, requested: number, coarse: boolean): void {
    const url = imageUrl(identifiabilityImage(map, this.colourMap), map.alphas.length);
    this.drawn = { fit, map, url, requested, coarse };
  }

  /** The kind of engine fits run on now (undefined before start-up). */
  private get engineKind(): EngineKind | undefined {
    return this.manager?.engineFor('fit')?.kind ?? this.manager?.status.kind;
  }

  private offered(side: number): boolean {
    return side <= CPU_MAX_SIDE || this.engineKind === 'gpu';
  }

  private progressLine(p: MapProgress | undefined) {
    if (!p) return 'Starting…';
    const stage = p.side < p.requested ? 'Coarse ' : '';
    const what =
      p.phase === 'coarse' ? 'coarse grid' : p.phase === 'cells' ? 'cells' : 'basins of the starts';
    return `${stage}${p.side} x ${p.side} map, ${what}: ${p.done} / ${p.total} fits`;
  }

  private stageLine(d: DrawnMap) {
    const side = d.map.alphas.length;
    if (!d.coarse) return nothing;
    const fine = `${d.requested} x ${d.requested}`;
    const why = this.job.running
      ? `the ${fine} map is computing from it`
      : `the ${fine} map did not finish`;
    return html`<p class="stage" data-testid="identifiability-coarse">
      Coarse ${side} x ${side} map (basins not drawn); ${why}.
    </p>`;
  }

  private chart(d: DrawnMap) {
    const { map, url, fit } = d;
    const replicas = fit.bootstrap ? cloudPoints(fit.bootstrap.replicas, 2000) : [];
    const c = identifiabilityChart(map, replicas, fit.best.theta);
    const marks = !d.coarse && map.basins ? basinMarks(map, map.basins) : [];
    const { width, height, margin } = MAP_FRAME;
    const bottom = height - margin.bottom;
    return html`<svg
      data-testid="identifiability-map"
      data-engine=${map.engine}
      data-side=${map.alphas.length}
      data-stage=${d.coarse ? 'coarse' : 'final'}
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
        ${
          marks.length > 0
            ? svg`<g data-testid="identifiability-basins" fill="none">
              ${marks.map(
                (
                  m,
                ) => svg`<circle cx=${m.x} cy=${m.y} r=${m.r} stroke="#fff" stroke-width="3"></circle>
                  <circle cx=${m.x} cy=${m.y} r=${m.r} stroke="#111" stroke-width="1.2" data-count=${m.count}></circle>`,
              )}
              ${marks
                .filter((m) => m.label)
                .map(
                  (m) =>
                    svg`<text class="basin-label" x=${m.x + m.r + 2} y=${m.y + 3}>${m.label}</text>`,
                )}
            </g>`
            : nothing
        }
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

  private reading(d: DrawnMap) {
    const { map } = d;
    const side = map.alphas.length;
    const basins = !d.coarse && map.basins;
    return html`<p class="note" data-testid="identifiability-reading">
        Reading: ${map.reading}. The region is the cells whose profile statistic is at most
        ${map.threshold.toFixed(3)} (chi-squared, 2 degrees of freedom, 95%); the statistic is
        ${map.scale.description}. Orange outline: the 95% region; white dots: bootstrap replicas;
        red cross: the best fit${basins ? '; black rings: the cells the fit’s starts converged into, sized by count' : ''}.
      </p>
      ${
        basins
          ? html`<p class="note" data-testid="identifiability-basin-legend">Basins: ${basinLegend(basins)}</p>`
          : nothing
      }
      <p class="note" data-testid="identifiability-engine">
        ${side} x ${side} cells, computed on ${ENGINE_TEXT[map.engine]} in ${map.seconds.toFixed(1)} s.
      </p>`;
  }

  override render() {
    const fit = this.fit;
    if (!fit) return nothing;
    const job = this.job;
    const drawn = this.drawn?.fit === fit ? this.drawn : undefined;
    const side = this.offered(this.side) ? this.side : CPU_MAX_SIDE;
    return html`<section aria-label="Identifiability map">
      <h4>Identifiability map of alpha and beta</h4>
      <div class="controls">
        <label
          >Grid
          <select
            data-testid="identifiability-size"
            .value=${String(side)}
            @change=${(e: Event) => {
              this.side = Number((e.target as HTMLSelectElement).value);
            }}
          >
            ${MAP_SIDES.map(
              (n) =>
                html`<option
                  value=${n}
                  ?selected=${n === side}
                  ?disabled=${!this.offered(n)}
                  title=${this.offered(n) ? `${n} x ${n} cells` : cpuRefusal(n)}
                >
                  ${n} x ${n}
                </option>`,
            )}
          </select></label
        >
        <button
          data-testid="identifiability-run"
          ?disabled=${job.running !== undefined}
          @click=${() => void job.run([this.runs, fit, side]).catch(() => {})}
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
      ${drawn ? html`${this.stageLine(drawn)}${this.chart(drawn)}${this.reading(drawn)}` : nothing}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'identifiability-panel': IdentifiabilityPanel;
  }
}
