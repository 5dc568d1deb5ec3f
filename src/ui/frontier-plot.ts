/**
 * The Frontier view's figure, as templates for the view's shadow root: four small log-log
 * panels (N_opt, D_opt, tokens per parameter and loss against budget C) with the active law, the
 * preset overlays, the bootstrap median and bands, the reference rules and the reference
 * models. The curves come solved (one per law and constraints); these templates only place
 * them. Geometry lives in `charts/frontier-panels.ts`.
 */
import { html, nothing, svg, type TemplateResult } from 'lit';
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
import {
  FRONTIER_QUANTITIES,
  type FrontierQuantity,
  logBandPath,
  logLinePath,
  panelGeometry,
  QUANTITY_LABELS,
} from './charts/frontier-panels';

/** The budget range of the panels, in FLOPs. */
export const C_MIN = 1e18;
export const C_MAX = 1e28;

const M = { top: 8, right: 10, bottom: 30, left: 52 };
/** Size of one panel's drawing (it scales to the column it gets). */
export const PANEL_W = 360;
const W = PANEL_W;
const H = 210;

/** Colour of the active law's line and of the bootstrap median. */
export const ACTIVE = '#1b5fa8';
export const MEDIAN = '#111';

/** Band results of the replicas at the panels' budgets and at the readout budgets. */
export interface BandsResult {
  readonly grid: ScenarioBands[];
  readonly readout: ScenarioBands[];
  readonly replicas: number;
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
}

/** The four panels, in a grid that uses the width it has. */
export function frontierPanels(p: FrontierPlotInput): TemplateResult {
  return html`<div class="panels">
      ${FRONTIER_QUANTITIES.map((q) => panel(p.frontier, q, p.budgets, p.active, p.overlays, p.bands, p.anchor))}
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

function panel(
  f: FrontierState,
  q: FrontierQuantity,
  budgets: readonly number[],
  active: FrontierCurve,
  overlays: readonly FrontierOverlay[],
  bands: BandsResult | undefined,
  anchor: { C: number; N: number; D: number } | undefined,
) {
  const w = W - M.left - M.right;
  const h = H - M.top - M.bottom;
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
  for (const m of models) values.push(m.v);
  if (q === 'tokensPerParam' && f.showRatio) values.push(TOKENS_PER_PARAM_HEURISTIC.ratio);
  const g = panelGeometry(Math.log10(C_MIN), Math.log10(C_MAX), values, w, h);
  const clipId = `clip-${q}`;
  return html`<div data-testid=${`frontier-panel-${q}`}>
    <div class="chart-title">${QUANTITY_LABELS[q]}</div>
    <svg class="panel-chart" width=${W} height=${H} viewBox="0 0 ${W} ${H}">
      <defs><clipPath id=${clipId}><rect width=${w} height=${h}></rect></clipPath></defs>
      <g transform="translate(${M.left}, ${M.top})">
        ${g.yTicks.filter((t) => t.major).map((t) => svg`<line class="grid" x1="0" x2=${w} y1=${t.at} y2=${t.at}></line>`)}
        <g clip-path="url(#${clipId})">
          ${
            bands
              ? svg`<path d=${logBandPath(budgets, bandSeries(bands.grid, q, 'p5'), bandSeries(bands.grid, q, 'p95'), g)} fill=${MEDIAN} fill-opacity="0.1"></path>
                <path d=${logBandPath(budgets, bandSeries(bands.grid, q, 'p25'), bandSeries(bands.grid, q, 'p75'), g)} fill=${MEDIAN} fill-opacity="0.18"></path>
                <path data-testid="median-line" d=${logLinePath(budgets, bandSeries(bands.grid, q, 'p50'), g)} fill="none" stroke=${MEDIAN} stroke-width="1.3"></path>`
              : nothing
          }
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
        )}
        <rect class="frame" width=${w} height=${h}></rect>
      </g>
    </svg>
  </div>`;
}
