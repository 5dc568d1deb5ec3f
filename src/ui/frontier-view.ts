/**
 * The Frontier view: N_opt, D_opt, tokens per parameter and loss against budget C (1e18 to
 * 1e28, 512 budgets) in four small log-log panels. The active law is a line; a fit with
 * bootstrap replicas adds a median line and 5–95% / 25–75% bands (engine.frontier over replicas
 * x budgets); presets overlay with their sources; Kaplan 2020 and 20 tokens/param are drawn as
 * rules; reference models as markers; a readout table at chosen budgets. The scenario planner
 * sits in the side panel. What is shown (overlays, rules, readout budgets, the planner's inputs)
 * is the app state's frontier and planner slices, passed in; changes go back as
 * `frontier-change` and `planner-change` events. Geometry lives in src/ui/charts/frontier-panels.ts.
 */
import { consume } from '@lit/context';
import { css, html, LitElement, nothing, svg } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { EngineManager } from '../engine/manager';
import type { FrontierTableInput } from '../export/grids';
import type { ExportAction } from '../export/types';
import { frontierExportActions } from '../export/view-actions';
import { replicaLaws } from '../fit/replica-table';
import type { FitResult } from '../fit/types';
import { frontierBands, logBudgets, type ScenarioBands } from '../law/bands';
import {
  curveValues,
  type FrontierCurve,
  FrontierCurveCache,
  quantityOf,
} from '../law/frontier-curves';
import type { ScalingLaw } from '../law/law';
import { solveOptimum } from '../law/optimum';
import { PRESETS } from '../law/presets';
import {
  fixedRatioRule,
  KAPLAN_2020,
  kaplanRule,
  REFERENCE_MODELS,
  referenceCompute,
  TOKENS_PER_PARAM_HEURISTIC,
} from '../law/references';
import { repetitionConstants, type Scenario } from '../law/scenario';
import { scenarioFor as scenarioForConstraints } from '../law/scenario-policy';
import { type FrontierState, readoutIssue, withOverlay } from '../scenario/frontier-state';
import {
  type PlannerConstraints,
  type PlannerState,
  plannerConstraints,
} from '../scenario/planner-state';
import { formatCount, formatLoss, formatScientific } from './charts/format';
import {
  FRONTIER_QUANTITIES,
  type FrontierQuantity,
  logBandPath,
  logLinePath,
  panelGeometry,
  parseBudgetList,
  QUANTITY_LABELS,
} from './charts/frontier-panels';
import { inputText } from './charts/sweep-setup';
import { fitStyles } from './fit-styles';
import { JobController } from './job-controller';
import { engineManagerContext } from './services';
import './export-menu';
import './planner-panel';

const C_MIN = 1e18;
const C_MAX = 1e28;
const BUDGET_COUNT = 512;
const BUDGETS = logBudgets(C_MIN, C_MAX, BUDGET_COUNT);
const KAPLAN_ANCHOR_C = 1e21;

const M = { top: 8, right: 10, bottom: 30, left: 52 };
const W = 360;
const H = 210;

const PRESET_COLOURS = ['#d95f02', '#7570b3', '#e7298a', '#66a61e'];
const ACTIVE = '#1b5fa8';
const MEDIAN = '#111';

function scenarioFor(
  C: number,
  c: PlannerConstraints,
  extras?: Readonly<Record<string, number>>,
): Scenario {
  return scenarioForConstraints({ C, U: c.U, q: c.q, ...repetitionConstants(extras) });
}

/** A reference rule's N, D or tokens per parameter (rules give no loss: NaN). */
function ruleValue(r: { readonly N: number; readonly D: number }, q: FrontierQuantity): number {
  return quantityOf(q, r.N, r.D, Number.NaN);
}

interface BandsResult {
  readonly grid: ScenarioBands[];
  readonly readout: ScenarioBands[];
  readonly replicas: number;
}

type Band = keyof NonNullable<ScenarioBands['N']>;
function bandSeries(bands: readonly ScenarioBands[], q: FrontierQuantity, p: Band): Float64Array {
  return Float64Array.from(bands, (b) => b[q]?.[p] ?? Number.NaN);
}

const fitIds = new WeakMap<object, number>();
let nextFitId = 1;
function fitId(fit: object): number {
  let id = fitIds.get(fit);
  if (id === undefined) {
    id = nextFitId++;
    fitIds.set(fit, id);
  }
  return id;
}

/** What the band job solves. */
interface BandsInput {
  readonly manager: EngineManager;
  readonly laws: readonly ScalingLaw[];
  readonly scenarios: readonly Scenario[];
}

/** Replica x budget pairs solved so far. */
interface BandsProgress {
  readonly done: number;
  readonly total: number;
}

@customElement('frontier-view')
export class FrontierView extends LitElement {
  static override styles = [
    fitStyles,
    css`
      :host {
        flex: 1;
        display: grid;
        grid-template-columns: 330px 1fr;
        min-height: 0;
        overflow: hidden;
      }
      aside {
        background: var(--panel);
        border-right: 1px solid var(--line);
        padding: 12px 14px;
        overflow-y: auto;
      }
      .content {
        overflow-y: auto;
        padding: 12px 16px;
      }
      .panels {
        display: grid;
        grid-template-columns: repeat(2, minmax(0, ${W}px));
        gap: 10px 18px;
      }
      .legend {
        display: flex;
        flex-wrap: wrap;
        gap: 4px 14px;
        font-size: 12px;
        margin: 8px 0;
      }
      .legend label {
        display: inline-flex;
        gap: 4px;
        align-items: center;
      }
      .swatch {
        display: inline-block;
        width: 16px;
        height: 3px;
        vertical-align: middle;
      }
      .sources {
        font-size: 11px;
        color: var(--ink-3);
        margin: 4px 0 0 0;
        padding-left: 16px;
      }
      td.num {
        text-align: right;
      }
      /* Not "chart": other views' tests look their plot up by that class. */
      svg.panel-chart {
        display: block;
        max-width: 100%;
        height: auto;
        overflow: visible;
      }
      svg.panel-chart text {
        font-size: 10.5px;
        fill: var(--ink-2);
        font-variant-numeric: tabular-nums;
      }
      svg.panel-chart .axis-title {
        font-size: 11px;
        fill: var(--ink);
      }
      svg.panel-chart .tick {
        stroke: var(--ink-3);
      }
      svg.panel-chart .grid {
        stroke: #eceef2;
      }
      svg.panel-chart .frame {
        fill: none;
        stroke: #c3c8d1;
      }
      input.budgets {
        font: inherit;
        font-size: 12px;
        width: 220px;
      }
    `,
  ];

  /** From the app shell, through `engineManagerContext`. */
  @consume({ context: engineManagerContext, subscribe: true })
  @state()
  manager!: EngineManager;
  @property({ attribute: false }) law!: ScalingLaw;
  @property({ attribute: false }) fit: FitResult | undefined;
  /** What the active law is called in the legend. */
  @property() lawLabel = 'active law';
  /** False while the view is hidden: no band job starts until it is shown. */
  @property({ type: Boolean }) active = true;

  /** Overlays, rules and readout budgets (the app state's slice). */
  @property({ attribute: false }) frontier!: FrontierState;
  /** The planner's inputs (the app state's slice); its U cap and quality shape the curves. */
  @property({ attribute: false }) planner!: PlannerState;

  /** The readout budgets as typed, while they do not parse (the state keeps the last good). */
  @state() private readoutDraft: string | undefined;
  @state() private readoutError = '';
  private sent: FrontierState | undefined;

  /** The band job: every replica's optimum at every budget of the panels and the readout. */
  private readonly bandsJob = new JobController<[string, BandsInput], BandsResult, BandsProgress>(
    this,
    {
      task: async ([, input], { signal, onProgress }) => {
        const res = await input.manager.run(
          (engine) =>
            engine.frontier(input.laws, input.scenarios, {
              signal,
              onProgress: (done, total) => onProgress({ done, total }),
            }),
          signal,
        );
        const all = frontierBands(res, input.laws.length, input.scenarios.length);
        return {
          grid: all.slice(0, BUDGETS.length),
          readout: all.slice(BUDGETS.length),
          replicas: input.laws.length,
        };
      },
      argsEqual: (a, b) => a[0] === b[0],
    },
  );
  /** The curves drawn, each solved once per (law, constraints). */
  private readonly curves = new FrontierCurveCache<PlannerConstraints>(BUDGETS, scenarioFor);
  private replicaCache: { fit: FitResult; laws: ScalingLaw[] } | undefined;
  private requestedKey = '';

  private get replicas(): ScalingLaw[] | undefined {
    const reps = this.fit?.bootstrap?.replicas;
    if (!this.fit || !reps) return undefined;
    if (this.replicaCache?.fit !== this.fit)
      this.replicaCache = { fit: this.fit, laws: replicaLaws(reps) };
    return this.replicaCache.laws.length > 0 ? this.replicaCache.laws : undefined;
  }

  private get replicasKey(): string {
    return this.fit ? `fit${fitId(this.fit)}` : '';
  }

  private get constraints(): PlannerConstraints {
    return plannerConstraints(this.planner);
  }

  private get readoutBudgets(): readonly number[] {
    return this.frontier.readoutBudgets;
  }

  private get bandsKey(): string {
    return `${this.replicasKey}|${JSON.stringify(this.constraints)}|${this.readoutBudgets.join(',')}`;
  }

  /** A hidden view does no work: it catches up on every change when it is shown again. */
  protected override shouldUpdate(): boolean {
    return this.active;
  }

  override willUpdate(changed: Map<string, unknown>): void {
    // 'active': changes made while hidden were not seen (shouldUpdate skipped them).
    if ((changed.has('frontier') || changed.has('active')) && this.frontier !== this.sent) {
      this.readoutDraft = undefined;
      this.readoutError = '';
    }
  }

  private send(frontier: FrontierState) {
    this.sent = frontier;
    this.dispatchEvent(
      new CustomEvent('frontier-change', { detail: { frontier }, bubbles: true, composed: true }),
    );
  }

  /** Starts the band job when its inputs changed; a superseded job's result is discarded. */
  override updated(): void {
    const laws = this.replicas;
    if (!laws || !this.manager || !this.active) return;
    const key = this.bandsKey;
    if (key === this.requestedKey) return;
    this.requestedKey = key;
    const manager = this.manager;
    const c = this.constraints;
    const readout = this.readoutBudgets;
    const budgets = [...BUDGETS, ...readout];
    const scenarios = budgets.map((C) => scenarioFor(C, c));
    void this.bandsJob.run([key, { manager, laws, scenarios }]);
  }

  /** Figure, frontier CSV and readout CSV of what the view shows (src/export/view-actions.ts). */
  private get exportActions(): ExportAction[] {
    this.exportCache ??= frontierExportActions(
      this.renderRoot,
      () => this.tableInput(BUDGETS, this.currentBands?.grid),
      () => this.tableInput(this.readoutBudgets, this.currentBands?.readout),
      () =>
        `${this.constraints.U === undefined ? 'Compute-optimal frontier' : `Data-constrained frontier (U = ${formatCount(this.constraints.U)} unique tokens)`}: ${this.lawLabel}`,
    );
    return this.exportCache;
  }
  private exportCache: ExportAction[] | undefined;

  private tableInput(
    budgets: readonly number[],
    bands: readonly ScenarioBands[] | undefined,
  ): FrontierTableInput {
    const c = this.constraints;
    return {
      law: this.law,
      budgets,
      scenario: (C) => scenarioFor(C, c),
      ...(bands ? { bands } : {}),
    };
  }

  private get currentBands(): BandsResult | undefined {
    const r = this.bandsJob.result;
    return r && r.args[0] === this.bandsKey && this.replicas ? r.value : undefined;
  }

  private onReadout(text: string) {
    this.readoutDraft = text;
    const list = parseBudgetList(text);
    const issue = list ? readoutIssue(list) : 'budgets must be positive numbers, e.g. 1e21, 1e23';
    if (issue) {
      this.readoutError = `Readout ${issue} (previous budgets kept)`;
      return;
    }
    this.readoutError = '';
    this.readoutDraft = undefined;
    this.send({ ...this.frontier, readoutBudgets: list! });
  }

  private renderPanel(
    q: FrontierQuantity,
    active: FrontierCurve,
    overlays: { id: string; colour: string; curve: FrontierCurve }[],
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
    if (this.frontier.showRatio) {
      rules.push({
        id: 'ratio',
        colour: '#888',
        dash: '2 3',
        v: ends.map((C) => ruleValue(fixedRatioRule(C), q)),
      });
    }
    if (this.frontier.showKaplan && anchor) {
      rules.push({
        id: 'kaplan',
        colour: '#b8860b',
        dash: '6 3',
        v: ends.map((C) => ruleValue(kaplanRule(anchor, C), q)),
      });
    }
    const models =
      this.frontier.showModels && q !== 'loss'
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
    if (q === 'tokensPerParam' && this.frontier.showRatio)
      values.push(TOKENS_PER_PARAM_HEURISTIC.ratio);
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
                ? svg`<path d=${logBandPath(BUDGETS, bandSeries(bands.grid, q, 'p5'), bandSeries(bands.grid, q, 'p95'), g)} fill=${MEDIAN} fill-opacity="0.1"></path>
                  <path d=${logBandPath(BUDGETS, bandSeries(bands.grid, q, 'p25'), bandSeries(bands.grid, q, 'p75'), g)} fill=${MEDIAN} fill-opacity="0.18"></path>
                  <path data-testid="median-line" d=${logLinePath(BUDGETS, bandSeries(bands.grid, q, 'p50'), g)} fill="none" stroke=${MEDIAN} stroke-width="1.3"></path>`
                : nothing
            }
            ${rules.map((r) => svg`<path d=${logLinePath(ends, r.v, g)} fill="none" stroke=${r.colour} stroke-width="1.2" stroke-dasharray=${r.dash}></path>`)}
            ${overlayV.map((o) => svg`<path d=${logLinePath(BUDGETS, o.v, g)} fill="none" stroke=${o.colour} stroke-width="1.4"></path>`)}
            <path d=${logLinePath(BUDGETS, activeV, g)} fill="none" stroke=${ACTIVE} stroke-width="2"></path>
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

  private renderReadout(bands: BandsResult | undefined) {
    const c = this.constraints;
    const iv = (b: ScenarioBands | undefined, q: FrontierQuantity, fmt: (v: number) => string) => {
      const x = b?.[q];
      return x
        ? html`<span class="muted small">[${fmt(x.p2_5)} – ${fmt(x.p97_5)}]</span>`
        : nothing;
    };
    const tpp = (v: number) => v.toPrecision(3);
    return html`<div class="card">
      <div class="chart-title">Readout
        <input class="budgets" data-testid="readout-budgets" aria-label="Readout budgets (FLOPs, comma-separated)" .value=${this.readoutDraft ?? this.readoutBudgets.map(inputText).join(', ')}
          @change=${(e: Event) => this.onReadout((e.target as HTMLInputElement).value)} />
      </div>
      ${this.readoutError ? html`<div class="small" role="alert" style="color: var(--bad, #b3261e)">${this.readoutError}</div>` : nothing}
      <table data-testid="frontier-readout">
        <thead><tr><th>C (FLOPs)</th><th>N</th><th>D</th><th>D/N</th><th>loss</th></tr></thead>
        <tbody>
          ${this.readoutBudgets.map((C, i) => {
            const r = solveOptimum(this.law, scenarioFor(C, c));
            const b = bands?.readout[i];
            return r.ok
              ? html`<tr data-budget=${C}>
                  <td class="num">${formatScientific(C)}</td>
                  <td class="num">${formatCount(r.N)} ${iv(b, 'N', formatCount)}</td>
                  <td class="num">${formatCount(r.D)} ${iv(b, 'D', formatCount)}</td>
                  <td class="num">${tpp(r.tokensPerParam)} ${iv(b, 'tokensPerParam', tpp)}</td>
                  <td class="num">${formatLoss(r.loss)} ${iv(b, 'loss', formatLoss)}</td>
                </tr>`
              : html`<tr data-budget=${C}><td class="num">${formatScientific(C)}</td><td colspan="4" class="small">${r.reason}</td></tr>`;
          })}
        </tbody>
      </table>
      <p class="muted small">Values from the ${this.lawLabel}${bands ? html`; brackets are bootstrap 95% intervals (2.5–97.5th percentiles) over ${bands.replicas.toLocaleString('en-US')} replicas` : ''}.
        ${
          c.U === undefined
            ? 'Compute-optimal (no data cap).'
            : html`Data-constrained: U = ${formatCount(c.U)} unique tokens (from the planner). Where U binds hard the
              loss is flat in N over decades, so N_opt and D_opt there are ill-determined (the loss is not); f32 (GPU) and
              f64 (CPU) solves can pick different N.`
        }</p>
    </div>`;
  }

  private renderProgress() {
    const run = this.bandsJob.running;
    if (!this.replicas) {
      return html`<span class="muted small" data-testid="bands-status">No fit with bootstrap replicas yet: bands appear after a fit (Fit tab).</span>`;
    }
    if (run) {
      const p = run.progress;
      const pct = p && p.total > 0 ? Math.round((100 * p.done) / p.total) : 0;
      return html`<span class="small" data-testid="bands-status">Solving ${this.replicas.length.toLocaleString('en-US')} replicas x ${BUDGET_COUNT} budgets… ${pct}%
        <button @click=${() => this.bandsJob.cancel()}>Cancel</button></span>`;
    }
    if (this.bandsJob.error)
      return html`<span class="small" data-testid="bands-status">Bands failed: ${this.bandsJob.error}</span>`;
    return this.currentBands
      ? html`<span class="muted small" data-testid="bands-status">Median and 25–75% / 5–95% bands over ${this.currentBands.replicas.toLocaleString('en-US')} bootstrap replicas.</span>`
      : html`<span class="muted small" data-testid="bands-status">${this.bandsJob.notice ?? ''}</span>`;
  }

  override render() {
    const c = this.constraints;
    const active = this.curves.curve(this.law, c);
    const f = this.frontier;
    const overlays = PRESETS.filter((p) => f.overlays.includes(p.id)).map((p) => ({
      id: p.id,
      colour: PRESET_COLOURS[PRESETS.indexOf(p) % PRESET_COLOURS.length]!,
      curve: this.curves.curve(p.law, c, p.extras),
    }));
    const bands = this.currentBands;
    const a = solveOptimum(this.law, scenarioFor(KAPLAN_ANCHOR_C, c));
    const anchor = a.ok ? { C: KAPLAN_ANCHOR_C, N: a.N, D: a.D } : undefined;
    return html`<aside>
        <planner-panel
          ?active=${this.active}
          .law=${this.law}
          .replicas=${this.replicas}
          .replicasKey=${this.replicasKey}
          .planner=${this.planner}
        ></planner-panel>
      </aside>
      <div class="content">
        <export-menu data-testid="export-frontier" label="Export the frontier" .actions=${this.exportActions}></export-menu>
        <div class="legend" data-testid="frontier-legend">
          <span><span class="swatch" style="background:${ACTIVE}"></span> ${this.lawLabel}</span>
          ${bands ? html`<span><span class="swatch" style="background:${MEDIAN}"></span> bootstrap median, 25–75% and 5–95% bands</span>` : nothing}
          ${PRESETS.map(
            (
              p,
              i,
            ) => html`<label title=${p.source}><input type="checkbox" data-testid=${`overlay-${p.id}`} .checked=${f.overlays.includes(p.id)}
              @change=${(e: Event) => this.send(withOverlay(f, p.id, (e.target as HTMLInputElement).checked))} />
              <span class="swatch" style="background:${PRESET_COLOURS[i % PRESET_COLOURS.length]}"></span>${p.name}</label>`,
          )}
          <label><input type="checkbox" data-testid="show-kaplan" .checked=${f.showKaplan} @change=${(
            e: Event,
          ) =>
            this.send({
              ...f,
              showKaplan: (e.target as HTMLInputElement).checked,
            })} /><span class="swatch" style="background:#b8860b"></span>Kaplan 2020 rule</label>
          <label><input type="checkbox" data-testid="show-ratio" .checked=${f.showRatio} @change=${(
            e: Event,
          ) =>
            this.send({
              ...f,
              showRatio: (e.target as HTMLInputElement).checked,
            })} /><span class="swatch" style="background:#888"></span>20 tokens/param</label>
          <label><input type="checkbox" data-testid="show-models" .checked=${f.showModels} @change=${(
            e: Event,
          ) =>
            this.send({
              ...f,
              showModels: (e.target as HTMLInputElement).checked,
            })} /><span style="color:#c0392b">◇</span> reference models</label>
        </div>
        <div>${this.renderProgress()}</div>
        <div class="panels">
          ${FRONTIER_QUANTITIES.map((q) => this.renderPanel(q, active, overlays, bands, anchor))}
        </div>
        <p class="small">Tokens per parameter at the optimum is not a constant: it follows
          (C/6)<sup>(α−β)/(α+β)</sup>, so it drifts with budget whenever α ≠ β (see the third panel against the flat 20 tokens/param rule).</p>
        ${this.renderReadout(bands)}
        <ul class="sources" data-testid="frontier-sources">
          ${overlays.map((o) => html`<li>${PRESETS.find((p) => p.id === o.id)!.name}: ${PRESETS.find((p) => p.id === o.id)!.source}</li>`)}
          ${f.showKaplan ? html`<li>Kaplan rule: ${KAPLAN_2020.source}; a rule, not a fit, anchored through the ${this.lawLabel}'s optimum at C = 1e21${anchor ? ` (N = ${formatCount(anchor.N)}, D = ${formatCount(anchor.D)})` : ''}.</li>` : nothing}
          ${f.showRatio ? html`<li>20 tokens/param: ${TOKENS_PER_PARAM_HEURISTIC.source}; with C = 6ND, N = √(C/120).</li>` : nothing}
          ${f.showModels ? REFERENCE_MODELS.map((m) => html`<li>${m.name} (${formatCount(m.N)} params, ${formatCount(m.D)} tokens, C = 6ND = ${formatScientific(referenceCompute(m))}): ${m.source}</li>`) : nothing}
        </ul>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'frontier-view': FrontierView;
  }
}
