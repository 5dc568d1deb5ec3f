/**
 * The Frontier view's figure, as templates for the view's shadow root: four small log-log
 * panels (N_opt, D_opt, tokens per parameter and loss against budget C) with the active law, the
 * preset overlays, the bootstrap median and bands, the fitted series with their 95% bands, the
 * reference rules and the reference models. The curves come solved (one per law and
 * constraints); these templates only place them, with the shading beyond the data and the hover
 * line (a `crosshair`, left out of exports). Geometry lives in `charts/frontier-panels.ts`,
 * `charts/frontier-series.ts` and `charts/frontier-hover.ts`.
 */
import { html, nothing, svg, type TemplateResult } from 'lit';
import type { Approach2Frontier } from '../fit/approach2-band';
import type { ScenarioBands } from '../law/bands';
import { curveValues, type FrontierCurve, quantityOf } from '../law/frontier-curves';
import {
  fixedRatioRule,
  kaplanRule,
  REFERENCE_MODELS,
  referenceCompute,
  TOKENS_PER_PARAM_HEURISTIC,
} from '../law/references';
import type { FrontierState } from '../scenario/frontier-state';
import { formatCount, formatScientific } from './charts/format';
import { extrapolationSpan, hoverKeyTarget, hoverLog10C } from './charts/frontier-hover';
import {
  FRONTIER_QUANTITIES,
  type FrontierQuantity,
  logBandPath,
  logLinePath,
  panelGeometry,
  QUANTITY_LABELS,
} from './charts/frontier-panels';
import { type SeriesOverlay, seriesPanelValues, seriesPaths } from './charts/frontier-series';

/** The budget range of the panels, in FLOPs. */
export const C_MIN = 1e18;
export const C_MAX = 1e28;
const LOG_MIN = Math.log10(C_MIN);
const LOG_MAX = Math.log10(C_MAX);

const M = { top: 8, right: 10, bottom: 30, left: 52 };
/** Size of one panel's drawing (it scales to the column it gets). */
export const PANEL_W = 360;
const W = PANEL_W;
const H = 210;

/** Colour of the active law's line and of the bootstrap median. */
export const ACTIVE = '#1b5fa8';
export const MEDIAN = '#111';
/** Colour of Approach 2's allocation and its band. */
export const APPROACH2_COLOUR = '#0f8b7d';

/** Band results of one set of replicas at the panels' budgets and at the readout budgets. */
export interface ReplicaBands {
  readonly grid: ScenarioBands[];
  readonly readout: ScenarioBands[];
  readonly replicas: number;
}

/** The bands of the fit shown, and of each overlaid series solved with them (in order). */
export interface BandsResult extends ReplicaBands {
  readonly series?: readonly ReplicaBands[];
}

/** A preset drawn over the active law. */
export interface FrontierOverlay {
  readonly id: string;
  readonly colour: string;
  readonly curve: FrontierCurve;
}

/** What the four panels draw. */
export interface FrontierPlotInput {
  readonly frontier: FrontierState;
  /** The budgets the curves and bands were solved at. */
  readonly budgets: readonly number[];
  readonly active: FrontierCurve;
  readonly overlays: readonly FrontierOverlay[];
  readonly bands: BandsResult | undefined;
  /** The active law's optimum the Kaplan rule is anchored through. */
  readonly anchor: { C: number; N: number; D: number } | undefined;
  /** log10 of the largest budget among the fit's runs: the panels are shaded beyond it. */
  readonly dataLog10C?: number | undefined;
  /** Approach 2's allocation and its band at `budgets`, beside the law's (no loss panel). */
  readonly approach2?: Approach2Frontier | undefined;
  /** The fitted series of the last per-series fit, each with its curve and 95% band. */
  readonly series?: readonly SeriesOverlay[] | undefined;
}

/** The hover readout's budget (drawn as a line across the panels) and where its moves go. */
export interface PanelHover {
  /** log10 C of the readout; undefined for none. */
  readonly log10C: number | undefined;
  /** The pointer or a key moved the readout (undefined: it left the panels). */
  readonly onHover: (log10C: number | undefined) => void;
}

/** One panel's drawing without the hover line: its scales and its marks. */
interface PanelBody {
  readonly q: FrontierQuantity;
  readonly g: ReturnType<typeof panelGeometry>;
  readonly marks: TemplateResult;
}

/** Drawings per input: a hover redraws only its line, not 4 x 512-point paths. */
const bodies = new WeakMap<FrontierPlotInput, readonly PanelBody[]>();

/**
 * The four panels, in a grid that uses the width it has. Their marks are drawn once per input
 * object: pass the same `p` while only the hover moves.
 */
export function frontierPanels(p: FrontierPlotInput, hover?: PanelHover): TemplateResult {
  let drawn = bodies.get(p);
  if (!drawn) {
    drawn = FRONTIER_QUANTITIES.map((q) => panelBody(p, q));
    bodies.set(p, drawn);
  }
  return html`<div class="panels">
      ${drawn.map((b) => panel(b, hover))}
    </div>`;
}

/** A reference rule's N, D or tokens per parameter (rules give no loss: NaN). */
function ruleValue(r: { readonly N: number; readonly D: number }, q: FrontierQuantity): number {
  return quantityOf(q, r.N, r.D, Number.NaN);
}

type Band = keyof NonNullable<ScenarioBands['N']>;
function bandSeries(bands: readonly ScenarioBands[], q: FrontierQuantity, p: Band): Float64Array {
  return Float64Array.from(bands, (b) => b[q]?.[p] ?? Number.NaN);
}

/** The pointer's and the keys' handlers of one panel, reporting log10 C to `onHover`. */
function hoverHandlers(hover: PanelHover | undefined, w: number) {
  const onHover = hover?.onHover;
  return {
    move: (e: PointerEvent) => {
      const r = (e.currentTarget as Element).getBoundingClientRect();
      if (!onHover || !(r.width > 0)) return;
      onHover(hoverLog10C((e.clientX - r.left) * (W / r.width) - M.left, w, LOG_MIN, LOG_MAX));
    },
    leave: () => onHover?.(undefined),
    key: (e: KeyboardEvent) => {
      if (!onHover) return;
      if (e.key === 'Escape') {
        onHover(undefined);
        return;
      }
      const next = hoverKeyTarget(e.key, hover?.log10C, LOG_MIN, LOG_MAX, e.shiftKey);
      if (next === undefined) return;
      e.preventDefault();
      onHover(next);
    },
  };
}

const PLOT_W = W - M.left - M.right;
const PLOT_H = H - M.top - M.bottom;

/** A panel: its drawn marks, the hover line, and the pointer and key handlers. */
function panel(b: PanelBody, hover: PanelHover | undefined) {
  const { q, g } = b;
  const hoverX = hover?.log10C === undefined ? undefined : g.x(hover.log10C);
  const on = hoverHandlers(hover, PLOT_W);
  return html`<div data-testid=${`frontier-panel-${q}`}>
    <div class="chart-title">${QUANTITY_LABELS[q]}</div>
    <svg class="panel-chart" width=${W} height=${H} viewBox="0 0 ${W} ${H}" tabindex="0"
      role="img" aria-label=${`${QUANTITY_LABELS[q]} against training compute. Arrow keys move the readout along C (Shift: a decade), Escape hides it.`}
      @pointermove=${on.move} @pointerleave=${on.leave} @keydown=${on.key}>
      <defs><clipPath id=${`clip-${q}`}><rect width=${PLOT_W} height=${PLOT_H}></rect></clipPath></defs>
      <g transform="translate(${M.left}, ${M.top})">
        ${b.marks}
        ${hoverX === undefined ? nothing : svg`<line class="hover crosshair" data-testid="hover-line" x1=${hoverX} x2=${hoverX} y1="0" y2=${PLOT_H}></line>`}
        <rect class="frame" width=${PLOT_W} height=${PLOT_H}></rect>
      </g>
    </svg>
  </div>`;
}

/** The marks of one panel (shading, grid, bands, curves, rules, models, axes). */
function panelBody(p: FrontierPlotInput, q: FrontierQuantity): PanelBody {
  const { frontier: f, budgets, active, overlays, bands, anchor } = p;
  const w = PLOT_W;
  const h = PLOT_H;
  const activeV = curveValues(active, q);
  const overlayV = overlays.map((o) => ({ ...o, v: curveValues(o.curve, q) }));
  // Rules in this panel: (C, value) at the ends.
  const rules: { id: string; colour: string; dash: string; v: number[] }[] = [];
  const ends = [C_MIN, C_MAX];
  if (f.showRatio) {
    rules.push({
      id: 'ratio',
      colour: '#888',
      dash: '2 3',
      v: ends.map((C) => ruleValue(fixedRatioRule(C), q)),
    });
  }
  if (f.showKaplan && anchor) {
    rules.push({
      id: 'kaplan',
      colour: '#b8860b',
      dash: '6 3',
      v: ends.map((C) => ruleValue(kaplanRule(anchor, C), q)),
    });
  }
  const models =
    f.showModels && q !== 'loss'
      ? REFERENCE_MODELS.map((m, i) => ({
          dy: i < 2 ? -5 : 11,
          m,
          C: referenceCompute(m),
          v: quantityOf(q, m.N, m.D, 0),
        }))
      : [];
  const values: number[] = [...activeV];
  for (const o of overlayV) values.push(...o.v);
  if (bands) {
    values.push(...bandSeries(bands.grid, q, 'p5'), ...bandSeries(bands.grid, q, 'p95'));
  }
  const a2 = p.approach2 && q !== 'loss' ? p.approach2 : undefined;
  const a2V = a2
    ? Float64Array.from(a2.N, (N, i) => quantityOf(q, N, a2.D[i]!, Number.NaN))
    : undefined;
  if (a2V) values.push(...a2V);
  if (a2?.bands) {
    values.push(...bandSeries(a2.bands, q, 'p2_5'), ...bandSeries(a2.bands, q, 'p97_5'));
  }
  const seriesV = (p.series ?? []).map((s) => ({ s, v: seriesPanelValues(s, q) }));
  for (const { v } of seriesV) values.push(...v.v, ...v.lo, ...v.hi);
  for (const m of models) values.push(m.v);
  if (q === 'tokensPerParam' && f.showRatio) values.push(TOKENS_PER_PARAM_HEURISTIC.ratio);
  const g = panelGeometry(Math.log10(C_MIN), Math.log10(C_MAX), values, w, h);
  const clipId = `clip-${q}`;
  const extra = p.dataLog10C === undefined ? null : extrapolationSpan(g.x, p.dataLog10C, w);
  const marks = svg`${
    extra
      ? svg`<g data-testid="extrapolation"><rect class="extrapolation" x=${extra.x} width=${extra.width} height=${h}></rect>
              ${extra.width > 64 ? svg`<text class="extrapolation-label" x=${extra.x + 4} y="11">extrapolation</text>` : nothing}
              <title>Beyond the largest budget among the fit's runs (C = ${formatScientific(10 ** p.dataLog10C!)}): extrapolated</title></g>`
      : nothing
  }
        ${g.yTicks.filter((t) => t.major).map((t) => svg`<line class="grid" x1="0" x2=${w} y1=${t.at} y2=${t.at}></line>`)}
        <g clip-path="url(#${clipId})">
          ${
            bands
              ? svg`<path d=${logBandPath(budgets, bandSeries(bands.grid, q, 'p5'), bandSeries(bands.grid, q, 'p95'), g)} fill=${MEDIAN} fill-opacity="0.1"></path>
                <path d=${logBandPath(budgets, bandSeries(bands.grid, q, 'p25'), bandSeries(bands.grid, q, 'p75'), g)} fill=${MEDIAN} fill-opacity="0.18"></path>
                <path data-testid="median-line" d=${logLinePath(budgets, bandSeries(bands.grid, q, 'p50'), g)} fill="none" stroke=${MEDIAN} stroke-width="1.3"></path>`
              : nothing
          }
          ${
            a2?.bands
              ? svg`<path data-testid="approach2-band" d=${logBandPath(budgets, bandSeries(a2.bands, q, 'p2_5'), bandSeries(a2.bands, q, 'p97_5'), g)} fill=${APPROACH2_COLOUR} fill-opacity="0.16"><title>Approach 2: 95% band over ${a2.replicas} bootstrap replicas</title></path>`
              : nothing
          }
          ${a2V ? svg`<path data-testid="approach2-line" d=${logLinePath(budgets, a2V, g)} fill="none" stroke=${APPROACH2_COLOUR} stroke-width="1.8" stroke-dasharray="7 3"></path>` : nothing}
          ${seriesV.map(({ s, v }) => {
            const d = seriesPaths(budgets, v, g);
            return svg`${d.band ? svg`<path data-testid="series-band" data-series=${s.name} d=${d.band} fill=${s.colour} fill-opacity="0.12"><title>${s.name}: 95% band over its bootstrap replicas</title></path>` : nothing}
              <path data-testid="series-line" data-series=${s.name} d=${d.line} fill="none" stroke=${s.colour} stroke-width="1.5" stroke-dasharray=${s.dash ?? nothing}><title>${s.name}</title></path>`;
          })}
          ${rules.map((r) => svg`<path d=${logLinePath(ends, r.v, g)} fill="none" stroke=${r.colour} stroke-width="1.2" stroke-dasharray=${r.dash}></path>`)}
          ${overlayV.map((o) => svg`<path d=${logLinePath(budgets, o.v, g)} fill="none" stroke=${o.colour} stroke-width="1.4"></path>`)}
          <path d=${logLinePath(budgets, activeV, g)} fill="none" stroke=${ACTIVE} stroke-width="2"></path>
          ${models.map(
            (m) => svg`<g transform="translate(${g.x(Math.log10(m.C))}, ${g.y(Math.log10(m.v))})">
              <path d="M0,-5L5,0L0,5L-5,0Z" fill="#fff" stroke="#c0392b" stroke-width="1.4"><title>${m.m.name}: ${formatCount(m.m.N)} params, ${formatCount(m.m.D)} tokens, C = ${formatScientific(m.C)} (${m.m.source})</title></path>
              <text x="6" y=${m.dy} font-size="9.5" fill="#c0392b">${m.m.name}</text></g>`,
          )}
        </g>
        <g transform="translate(0, ${h})">
          ${g.xTicks.map(
            (t) => svg`<line class="tick" x1=${t.at} x2=${t.at} y2=${t.major ? 5 : 2.5}></line>
              ${t.label && t.at >= 0 && t.at <= w ? svg`<text x=${t.at} y="16" text-anchor="middle">${t.label}</text>` : nothing}`,
          )}
          <text class="axis-title" x=${w / 2} y="27" text-anchor="middle">training compute C (FLOPs)</text>
        </g>
        ${g.yTicks.map(
          (
            t,
          ) => svg`<line class="tick" x1=${t.major ? -5 : -2.5} x2="0" y1=${t.at} y2=${t.at}></line>
            ${t.label ? svg`<text x="-8" y=${t.at} dy="0.32em" text-anchor="end">${t.label}</text>` : nothing}`,
        )}`;
  return { q, g, marks };
}
