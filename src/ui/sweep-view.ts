/**
 * The Sweep view: two scenario axes (budget C, unique tokens U, inference tokens D_inf, target
 * loss, MFU), the scenario kind they imply, a Run button that solves the optimum in every cell
 * on the engine (with progress and Cancel), and a heatmap of a chosen output with axes,
 * contours, a colour legend and a hover readout. Optional replicas give the per-cell 5-95%
 * spread. The host passes `engine`, `law`, `replicas` and `sweep`, the app state's slice with
 * the axes, base values, output and cost assumption; changes go back as `sweep-change` events
 * (`transient` while a number is being typed). A typed number that does not pass stays as typed,
 * with its message, and the state keeps the last good value.
 *
 * A result belongs to the inputs it was run with (law, replicas, axes, base scenario); when any
 * of them changes the result is discarded and a run in flight is cancelled. The output, the
 * cost assumption and the spread toggle only change the picture, never the solve.
 */

import { consume } from '@lit/context';
import { html, LitElement, nothing, svg } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { ColourScale } from '../colour/colour-map';
import { type ColourMapName, colourMapCitation, DEFAULT_COLOUR_MAP } from '../colour/colour-maps';
import type { Engine } from '../engine/engine';
import type { EngineManager } from '../engine/manager';
import type { ExportAction } from '../export/types';
import { sweepExportActions } from '../export/view-actions';
import './export-menu';
import { ACCELERATOR_PRESETS } from '../law/hardware';
import type { ScalingLaw } from '../law/law';
import type { Scenario } from '../law/scenario';
import type { SweepAxis } from '../law/sweep';
import {
  type CostAssumption,
  extractOutput,
  replicaBudget,
  replicaSpread,
  type SweepContext,
} from '../law/sweep-output';
import { type SweepState, withAxisField } from '../scenario/sweep-state';
import { formatCount } from './charts/format';
import { mapGradientStops } from './charts/legend';
import { formatDuration, phaseEta } from './charts/progress';
import { sweepInBands } from './charts/sweep-bands';
import {
  sweepColourScale,
  sweepContours,
  sweepImage,
  sweepLegendTicks,
  sweepLevels,
} from './charts/sweep-image';
import {
  OUTPUT_INFO,
  outputApplies,
  SWEEP_OUTPUTS,
  type SweepOutput,
  sweepReadout,
} from './charts/sweep-output';
import {
  applySweepTexts,
  axisIssue,
  axisScale,
  baseFields,
  baseScenario,
  FIELD_LABELS,
  impliedKind,
  inputText,
  SWEEP_VIEW_FIELDS,
  type SweepBaseValues,
  type SweepTextKey,
  type SweepViewField,
} from './charts/sweep-setup';
import { JobController } from './job-controller';
import { centreCell, type GridCell, gridKeyTarget } from './keyboard-nav';
import { PlotSizeController } from './plot-size';
import { engineManagerContext, ManagerChanges } from './services';
import { sweepStyles } from './sweep-styles';

const MARGIN = { top: 10, right: 12, bottom: 44, left: 72 };

/** What a finished run holds: the raw engine result and the inputs it belongs to. */
interface SweepResult {
  readonly key: string;
  readonly raw: Float32Array;
  readonly law: ScalingLaw;
  readonly replicas: readonly ScalingLaw[];
  readonly base: Scenario;
  readonly x: SweepAxis;
  readonly y: SweepAxis;
  readonly seconds: number;
}

/** The picture of one output of a result. */
interface SweepPicture {
  readonly key: string;
  readonly values: Float32Array;
  readonly spread: Float32Array | undefined;
  /** What is coloured: the values, or their spread. */
  readonly shown: Float32Array;
  readonly scale: ColourScale | undefined;
  readonly image: Uint8ClampedArray<ArrayBuffer> | undefined;
  readonly contours: { value: number; lines: (readonly [number, number])[][] }[];
  readonly failed: number;
}

/** What one run solves: the inputs as they stood when Run was pressed. */
interface SweepRunInput {
  readonly key: string;
  readonly engine: Engine;
  readonly manager: EngineManager | undefined;
  readonly law: ScalingLaw;
  readonly replicas: readonly ScalingLaw[];
  readonly base: Scenario;
  readonly x: SweepAxis;
  readonly y: SweepAxis;
}

/** Cells solved so far. */
interface SweepProgress {
  readonly done: number;
  readonly total: number;
}

const ids = new WeakMap<object, number>();
let nextId = 1;
function identity(o: object | undefined): number {
  if (!o) return 0;
  let id = ids.get(o);
  if (id === undefined) {
    id = nextId++;
    ids.set(o, id);
  }
  return id;
}

@customElement('sweep-view')
export class SweepView extends LitElement {
  static override styles = sweepStyles;

  /** The engine that solves the sweep; Run is disabled without one. */
  private get engine(): Engine | undefined {
    return this.manager?.engine;
  }
  /** Redraws when the engine manager changes (engine started, lost or switched). */
  readonly managerChanges = new ManagerChanges(this, () => this.manager);
  /** False while the view is hidden: it does not re-render until shown (a run in flight goes on). */
  @property({ type: Boolean }) active = true;
  /** Runs the job with a restart on the recovered engine after a device loss, where present. */
  /** From the app shell, through `engineManagerContext`. */
  @consume({ context: engineManagerContext, subscribe: true })
  @state()
  manager: EngineManager | undefined;
  /** The active law. */
  @property({ attribute: false }) law!: ScalingLaw;
  /** Bootstrap replicas for the per-cell spread (up to 200 are used). */
  @property({ attribute: false }) replicas: readonly ScalingLaw[] | undefined;
  /** The colour map of the heatmap and its legend (the app's one colour map preference). */
  @property() colourMap: ColourMapName = DEFAULT_COLOUR_MAP;

  /** Axes, base values, output and cost assumption (the app state's slice). */
  @property({ attribute: false }) sweep!: SweepState;

  /** Numbers as typed, so that an entry that does not pass stays visible with its message. */
  @state() private text: Partial<Record<SweepTextKey, string>> = {};
  private sent: SweepState | undefined;
  /** The sweep job: one run at a time, cancelled when the inputs change. */
  private readonly job = new JobController<[SweepRunInput], SweepResult, SweepProgress>(this, {
    task: async ([input], { signal, onProgress }) => {
      const startedAt = performance.now();
      const solve = (on: Engine) =>
        sweepInBands(on, [input.law, ...input.replicas], input.base, input.x, input.y, {
          signal,
          onProgress: (done, total) => onProgress({ done, total }),
        });
      const raw = input.manager
        ? await input.manager.run(solve, signal)
        : await solve(input.engine);
      const seconds = (performance.now() - startedAt) / 1000;
      const { key, law, replicas, base, x, y } = input;
      return { key, raw, law, replicas, base, x, y, seconds };
    },
    argsEqual: (a, b) => a[0].key === b[0].key,
  });
  /** The inputs of the run in flight, to cancel it when they change. */
  private runningKey: string | undefined;
  /** What happened to the last run when it did not finish, or why Spacing was not changed. */
  @state() private notice: string | undefined;

  /** The last finished result, while the inputs are still the ones it was solved for. */
  private get result(): SweepResult | undefined {
    const r = this.job.value;
    return r && r.key === this.inputKey() ? r : undefined;
  }

  private get running(): boolean {
    return this.job.running !== undefined;
  }
  private readonly plot = new PlotSizeController(this, MARGIN, () => this.chart);
  @state() private hover: { col: number; row: number } | undefined;
  @query('.chart') private chart!: HTMLElement;
  @query('canvas') private canvas: HTMLCanvasElement | undefined;

  private picture: SweepPicture | undefined;
  private painted: SweepPicture | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.cancel();
  }

  // ---- inputs -------------------------------------------------------------------------------

  private get x(): SweepAxis {
    return this.sweep.x;
  }

  private get y(): SweepAxis {
    return this.sweep.y;
  }

  private get values(): SweepBaseValues {
    return this.sweep.base;
  }

  private get output(): SweepOutput {
    return this.sweep.output;
  }

  /** The slice as typed, usable or not: what the inputs and messages show. */
  private get shown(): SweepState {
    return applySweepTexts(this.sweep, this.text).shown;
  }

  private send(sweep: SweepState, transient = false) {
    this.sent = sweep;
    this.dispatchEvent(
      new CustomEvent('sweep-change', {
        detail: { sweep, transient },
        bubbles: true,
        composed: true,
      }),
    );
  }

  private get kind() {
    return impliedKind(this.x.field as SweepViewField, this.y.field as SweepViewField);
  }

  private get base(): Scenario | undefined {
    const k = this.kind;
    return k.ok ? baseScenario(k.kind, this.values) : undefined;
  }

  private get replicaCount(): number {
    if (!this.sweep.useReplicas || !this.replicas) return 0;
    return replicaBudget(this.x.count * this.y.count, this.replicas.length);
  }

  private get costAssumption(): CostAssumption {
    const acc =
      ACCELERATOR_PRESETS.find((a) => a.id === this.sweep.accelerator) ?? ACCELERATOR_PRESETS[0]!;
    return { peakFlops: acc.peakFlops, mfu: this.values.mfu, pricePerHour: this.sweep.price };
  }

  /** Identifies the inputs of a solve; a result with another key is stale. */
  private inputKey(): string {
    return JSON.stringify([
      this.law,
      identity(this.replicas),
      this.replicaCount,
      this.x,
      this.y,
      this.base,
    ]);
  }

  private get issues(): string[] {
    const out: string[] = [];
    const k = this.kind;
    if (!k.ok) out.push(k.reason);
    const shown = this.shown;
    for (const [axis, name] of [
      [shown.x, 'x'],
      [shown.y, 'y'],
    ] as const) {
      const issue = axisIssue(axis, name);
      if (issue) out.push(issue);
    }
    const v = shown.base;
    if (k.ok) {
      for (const f of baseFields(k.kind, this.x, this.y))
        if (!Number.isFinite(v[f]) || v[f] <= 0 || (f === 'mfu' && v[f] > 1))
          out.push(
            `${FIELD_LABELS[f]} must be a ${f === 'mfu' ? 'number in (0, 1]' : 'positive number'}`,
          );
    }
    return out;
  }

  private setField(which: 'x' | 'y', field: SweepViewField) {
    this.text = Object.fromEntries(
      Object.entries(this.text).filter(([k]) => !k.startsWith(which)),
    ) as Partial<Record<SweepTextKey, string>>;
    this.send(withAxisField(this.sweep, which, field));
  }

  /** A number typed into `key`: kept as typed, and sent where it makes its part usable. */
  private onNumber(key: SweepTextKey, text: string) {
    this.text = { ...this.text, [key]: text };
    const { usable } = applySweepTexts(this.sweep, this.text);
    if (JSON.stringify(usable) !== JSON.stringify(this.sweep)) this.send(usable, true);
  }

  // ---- the job ------------------------------------------------------------------------------

  private run() {
    const engine = this.engine;
    const base = this.base;
    if (!engine || !base || this.issues.length > 0) return;
    const key = this.inputKey();
    const replicas = (this.replicas ?? []).slice(0, this.replicaCount);
    const { x, y, law, manager } = this;
    this.notice = undefined;
    this.runningKey = key;
    void this.job.run([{ key, engine, manager, law, replicas, base, x, y }]);
  }

  /** Heatmap figure and per-cell CSV of what the view shows (src/export/view-actions.ts). */
  private get exportActions(): ExportAction[] {
    this.exportCache ??= sweepExportActions(
      this.renderRoot,
      () => {
        const r = this.result;
        const p = this.picture;
        if (!r || !p) return undefined;
        return {
          raw: r.raw,
          law: r.law,
          base: r.base,
          x: r.x,
          y: r.y,
          output: {
            label: OUTPUT_INFO[this.output].label,
            values: p.values,
            ...(p.spread ? { spread: p.spread } : {}),
          },
        };
      },
      () => `Sweep: ${OUTPUT_INFO[this.output].label}; ${colourMapCitation(this.colourMap)}`,
    );
    return this.exportCache;
  }
  private exportCache: ExportAction[] | undefined;

  private cancel(notice?: string) {
    if (!this.job.running) return;
    this.job.cancel();
    this.runningKey = undefined;
    if (notice) this.notice = notice;
  }

  // ---- derived picture ----------------------------------------------------------------------

  /** A hidden view does no work: it catches up on every change when it is shown again. */
  protected override shouldUpdate(): boolean {
    return this.active;
  }

  override willUpdate(changed: Map<string, unknown>): void {
    // 'active': changes made while hidden were not seen (shouldUpdate skipped them).
    if ((changed.has('sweep') || changed.has('active')) && this.sweep !== this.sent) this.text = {};
    const key = this.inputKey();
    if (this.running && this.runningKey !== key)
      this.cancel('The inputs changed, so the run in flight was cancelled.');
    if (!this.result) this.hover = undefined;
    this.picture = this.result ? this.pictureOf(this.result) : undefined;
  }

  private pictureOf(r: SweepResult): SweepPicture {
    const cost = this.costAssumption;
    const spreadOn = this.sweep.showSpread && r.replicas.length > 0;
    const key = JSON.stringify([r.key, this.output, cost, spreadOn, this.colourMap]);
    if (this.picture?.key === key) return this.picture;
    const ctx: SweepContext = { base: r.base, x: r.x, y: r.y, cost };
    const info = OUTPUT_INFO[this.output];
    const values = extractOutput(r.raw, 0, r.law, this.output, ctx);
    let spread: Float32Array | undefined;
    if (spreadOn) {
      const per = r.replicas.map((law, i) => extractOutput(r.raw, i + 1, law, this.output, ctx));
      spread = replicaSpread(per, info.log);
    }
    const shown = spread ?? values;
    const range = spread
      ? sweepColourScale(shown, false)
      : sweepColourScale(shown, info.log, this.output === 'loss' ? r.law.E : undefined);
    const scale: ColourScale | undefined = range && { ...range, map: this.colourMap };
    let failed = 0;
    for (const v of values) if (Number.isNaN(v)) failed++;
    return {
      key,
      values,
      spread,
      shown,
      scale,
      image: scale && sweepImage(shown, r.x.count, scale),
      contours: scale ? sweepContours(shown, r.x.count, r.y.count, sweepLevels(scale)) : [],
      failed,
    };
  }

  override updated(): void {
    const p = this.picture;
    const canvas = this.canvas;
    if (!p?.image || !canvas || !this.result || this.painted === p) return;
    const { x, y } = this.result;
    canvas.width = x.count;
    canvas.height = y.count;
    canvas.getContext('2d')?.putImageData(new ImageData(p.image, x.count, y.count), 0, 0);
    this.painted = p;
  }

  // ---- rendering ----------------------------------------------------------------------------

  private renderAxisControls(which: 'x' | 'y') {
    const a = this.sweep[which];
    const t = (k: 'min' | 'max' | 'count', v: number) => this.text[`${which}.${k}`] ?? inputText(v);
    const issue = axisIssue(this.shown[which], which);
    return html`<fieldset data-testid="sweep-axis-${which}">
      <legend>${which === 'x' ? 'Horizontal' : 'Vertical'} axis</legend>
      <label class="field">Field
        <select
          data-testid="sweep-field-${which}"
          @change=${(e: Event) => this.setField(which, (e.target as HTMLSelectElement).value as SweepViewField)}
        >
          ${SWEEP_VIEW_FIELDS.map((f) => html`<option value=${f} ?selected=${a.field === f}>${FIELD_LABELS[f]}</option>`)}
        </select>
      </label>
      <label class="field">Min
        <input type="text" data-testid="sweep-min-${which}" .value=${t('min', a.min)} aria-invalid=${issue !== null}
          @input=${(e: Event) => this.onNumber(`${which}.min`, (e.target as HTMLInputElement).value)} />
      </label>
      <label class="field">Max
        <input type="text" data-testid="sweep-max-${which}" .value=${t('max', a.max)} aria-invalid=${issue !== null}
          @input=${(e: Event) => this.onNumber(`${which}.max`, (e.target as HTMLInputElement).value)} />
      </label>
      <label class="field">Cells
        <input type="text" class="count" data-testid="sweep-count-${which}" .value=${t('count', a.count)}
          @input=${(e: Event) => this.onNumber(`${which}.count`, (e.target as HTMLInputElement).value)} />
      </label>
      <label class="field">Spacing
        <select data-testid="sweep-spacing-${which}" @change=${(e: Event) => {
          const spacing = (e.target as HTMLSelectElement).value === 'log' ? 'log' : 'linear';
          const axis = { ...a, spacing } as const;
          const issue = axisIssue(axis, which);
          if (issue === null) this.send({ ...this.sweep, [which]: axis });
          else {
            (e.target as HTMLSelectElement).value = a.spacing;
            this.notice = `Spacing not changed: ${issue}`;
          }
        }}>
          <option value="log" ?selected=${a.spacing === 'log'}>log</option>
          <option value="linear" ?selected=${a.spacing === 'linear'}>linear</option>
        </select>
      </label>
      ${issue ? html`<span class="issue" role="alert" data-testid="sweep-axis-issue">${issue}</span>` : nothing}
    </fieldset>`;
  }

  private renderBaseControls() {
    const k = this.kind;
    const fields = k.ok ? baseFields(k.kind, this.x, this.y) : [];
    const mfuSwept = this.x.field === 'mfu' || this.y.field === 'mfu';
    const number = (key: keyof SweepBaseValues, label: string) =>
      html`<label class="field">${label}
        <input type="text" data-testid="sweep-base-${key}" .value=${this.text[`base.${key}`] ?? inputText(this.values[key])}
          @input=${(e: Event) => this.onNumber(`base.${key}`, (e.target as HTMLInputElement).value)} />
      </label>`;
    return html`<fieldset>
      <legend>Scenario</legend>
      ${
        k.ok
          ? html`<span class="kind" data-testid="sweep-kind">Kind <b>${k.kind}</b>: ${k.note}${mfuSwept ? ' · C is the budget at MFU 1, each cell trains on C × MFU' : ''}</span>`
          : html`<span class="issue" role="alert" data-testid="sweep-kind-issue">${k.reason}</span>`
      }
      ${fields.map((f) => number(f, f === 'C' && mfuSwept ? 'Budget C at MFU 1' : FIELD_LABELS[f]))}
    </fieldset>`;
  }

  private renderOutputControls() {
    const r = this.result;
    const base = this.base;
    const mfuSwept = this.x.field === 'mfu' || this.y.field === 'mfu';
    const nRep = this.replicaCount;
    const avail = this.replicas?.length ?? 0;
    return html`<fieldset>
      <legend>Output</legend>
      <label class="field">Show
        <select data-testid="sweep-output" @change=${(e: Event) => {
          const output = SWEEP_OUTPUTS.find((o) => o === (e.target as HTMLSelectElement).value);
          if (output) this.send({ ...this.sweep, output });
        }}>
          ${SWEEP_OUTPUTS.filter((o) => !base || outputApplies(o, base, this.x, this.y)).map(
            (o) =>
              html`<option value=${o} ?selected=${this.output === o}>${OUTPUT_INFO[o].label}</option>`,
          )}
        </select>
      </label>
      <label class="field">Accelerator
        <select data-testid="sweep-accelerator" @change=${(e: Event) => {
          const acc = ACCELERATOR_PRESETS.find(
            (a) => a.id === (e.target as HTMLSelectElement).value,
          );
          if (acc) this.send({ ...this.sweep, accelerator: acc.id });
        }}>
          ${ACCELERATOR_PRESETS.map((a) => html`<option value=${a.id} ?selected=${this.sweep.accelerator === a.id} title=${a.source}>${a.name}</option>`)}
        </select>
      </label>
      <label class="field">$ / accelerator-hour
        <input type="text" class="count" data-testid="sweep-price" .value=${this.text.price ?? inputText(this.sweep.price)}
          @input=${(e: Event) => this.onNumber('price', (e.target as HTMLInputElement).value)} />
      </label>
      ${
        mfuSwept
          ? nothing
          : html`<label class="field">MFU (cost)
        <input type="text" class="count" data-testid="sweep-cost-mfu" .value=${this.text['base.mfu'] ?? inputText(this.values.mfu)}
          @input=${(e: Event) => this.onNumber('base.mfu', (e.target as HTMLInputElement).value)} />
      </label>`
      }
      <label class="field" title=${avail === 0 ? 'No replicas: fit with bootstrap first' : `Up to 200 replicas, fewer for large sweeps (memory): ${nRep} of ${avail} at this size`}>
        <span><input type="checkbox" data-testid="sweep-replicas" ?disabled=${avail === 0} .checked=${this.sweep.useReplicas}
          @change=${(e: Event) => this.send({ ...this.sweep, useReplicas: (e.target as HTMLInputElement).checked })} />
          Replicas${this.sweep.useReplicas ? ` (${nRep})` : ''}</span>
        <span><input type="checkbox" data-testid="sweep-spread" ?disabled=${!r || r.replicas.length === 0} .checked=${this.sweep.showSpread}
          @change=${(e: Event) => this.send({ ...this.sweep, showSpread: (e.target as HTMLInputElement).checked })} />
          Show 5–95% spread</span>
      </label>
    </fieldset>`;
  }

  private renderActions() {
    const run = this.job.running;
    const issues = this.issues;
    const blocked = !this.engine
      ? 'No engine yet.'
      : issues.length > 0
        ? 'Fix the inputs above to run.'
        : '';
    const cells = this.x.count * this.y.count;
    let progress: unknown = nothing;
    if (run) {
      const elapsed = (performance.now() - run.startedAt) / 1000;
      const done = run.progress?.done ?? 0;
      const total = run.progress?.total ?? 0;
      const fraction = total > 0 ? done / total : 0;
      const eta = phaseEta(done, total, elapsed);
      progress = html`<span class="progress" data-testid="sweep-progress">
        <span class="bar" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow=${Math.round(fraction * 100)}>
          <div style="width:${(fraction * 100).toFixed(1)}%"></div></span>
        <span>${Math.round(fraction * 100)}%</span>
        <span class="muted">${formatDuration(elapsed)}${eta === undefined ? '' : ` · ~${formatDuration(eta)} left`}</span>
      </span>`;
    }
    const r = this.result;
    return html`<div class="actions">
      <button class="primary" data-testid="sweep-run" ?disabled=${!!blocked || !!run} @click=${() => this.run()}>
        Run ${formatCount(cells)} cells${this.replicaCount > 0 ? ` × ${this.replicaCount + 1} laws` : ''}
      </button>
      ${run ? html`<button data-testid="sweep-cancel" @click=${() => this.cancel('Cancelled.')}>Cancel</button>` : nothing}
      ${progress}
      ${blocked && !run ? html`<span class="muted">${blocked}</span>` : nothing}
      ${this.job.error ? html`<span class="error" role="alert" data-testid="sweep-error">${this.job.error}</span>` : nothing}
      ${this.notice ? html`<span class="muted" data-testid="sweep-notice">${this.notice}</span>` : nothing}
      <export-menu data-testid="export-sweep" label="Export the sweep" .actions=${this.exportActions}></export-menu>
      ${r && !run ? html`<span class="muted" data-testid="sweep-done">${formatCount(r.x.count * r.y.count)} cells in ${formatDuration(r.seconds)} on ${this.engine?.label ?? 'the engine'}${this.picture && this.picture.failed > 0 ? ` · ${formatCount(this.picture.failed)} without a solution (hatched)` : ''}</span>` : nothing}
    </div>`;
  }

  private renderPlot() {
    const { width: w, height: h } = this.plot;
    const r = this.result;
    const p = this.picture;
    const ready = w > 0 && h > 0 && r;
    const xs = ready ? axisScale(r.x, w) : undefined;
    const ys = ready ? axisScale(r.y, h, true) : undefined;
    const path = (line: readonly (readonly [number, number])[]) =>
      line
        .map(
          (q, i) =>
            `${i ? 'L' : 'M'}${xs!.pixelOf(q[0]).toFixed(1)},${ys!.pixelOf(q[1]).toFixed(1)}`,
        )
        .join('');
    const hv = this.hover;
    return html`<div class="chart">
      <div class="layer" style="left:${MARGIN.left}px;top:${MARGIN.top}px;width:${w}px;height:${h}px">
        ${r && p?.image ? html`<canvas data-testid="sweep-canvas"></canvas>` : nothing}
      </div>
      <svg class="overlay" width=${w + MARGIN.left + MARGIN.right} height=${h + MARGIN.top + MARGIN.bottom}>
        <g transform="translate(${MARGIN.left}, ${MARGIN.top})">
          ${
            xs && ys && r
              ? svg`
            <g class="contours">${p?.contours.flatMap((c) => c.lines.map((l) => svg`<path class="contour" d=${path(l)}></path>`))}</g>
            <g class="axis x" transform="translate(0, ${h})">
              ${xs.ticks().map((t) => svg`<line x1=${t.at} x2=${t.at} y2=${t.major ? 6 : 3}></line>${t.label ? svg`<text x=${t.at} y="18" text-anchor="middle">${t.label}</text>` : nothing}`)}
              <text class="title" x=${w / 2} y="36" text-anchor="middle">${FIELD_LABELS[r.x.field as SweepViewField]}</text>
            </g>
            <g class="axis y">
              ${ys.ticks().map((t) => svg`<line x1=${t.major ? -6 : -3} x2="0" y1=${t.at} y2=${t.at}></line>${t.label ? svg`<text x="-9" y=${t.at} dy="0.32em" text-anchor="end">${t.label}</text>` : nothing}`)}
              <text class="title" transform="translate(-60, ${h / 2}) rotate(-90)" text-anchor="middle">${FIELD_LABELS[r.y.field as SweepViewField]}</text>
            </g>
            ${hv ? svg`<rect class="cell" x=${xs.pixelOf(hv.col - 0.5)} y=${ys.pixelOf(hv.row + 0.5)} width=${Math.max(2, w / r.x.count)} height=${Math.max(2, h / r.y.count)}></rect>` : nothing}
            <rect class="frame" width=${w} height=${h}></rect>
            <rect class="hit" data-testid="sweep-hit" width=${w} height=${h}
              tabindex="0" role="img" aria-label=${this.plotLabel(r)}
              @focus=${() => {
                this.hover ??= centreCell(r.x.count, r.y.count);
              }}
              @blur=${() => {
                this.hover = undefined;
              }}
              @keydown=${this.onPlotKey}
              @pointermove=${(e: PointerEvent) => {
                const b = (e.currentTarget as SVGRectElement).getBoundingClientRect();
                const col = xs.cellAt(e.clientX - b.left);
                const row = ys.cellAt(e.clientY - b.top);
                this.hover = col >= 0 && row >= 0 ? { col, row } : undefined;
              }}
              @pointerleave=${() => {
                this.hover = undefined;
              }}></rect>`
              : svg`<rect class="frame" width=${w} height=${h}></rect>
                <text x=${w / 2} y=${h / 2} text-anchor="middle" fill="#7b8394">${this.running ? 'Solving…' : 'Press Run to solve the optimum in every cell.'}</text>`
          }
        </g>
      </svg>
    </div>`;
  }

  /** What the focusable plot is and how to read it from the keyboard. */
  private plotLabel(r: SweepResult): string {
    return `Sweep heatmap of ${OUTPUT_INFO[this.output].label}, ${r.x.count} by ${r.y.count} cells. Arrow keys move between cells (Shift for a tenth of the axis, Home and End to the ends of the row); the readout below gives the cell's optimum.`;
  }

  /** Keyboard readout: moves the read cell as src/ui/keyboard-nav.ts says (Shift: big steps). */
  private onPlotKey(e: KeyboardEvent) {
    const r = this.result;
    if (!r) return;
    const from: GridCell = this.hover ?? centreCell(r.x.count, r.y.count);
    const ctrl = e.ctrlKey || e.metaKey;
    const next = gridKeyTarget(e.key, from, r.x.count, r.y.count, e.shiftKey, ctrl);
    if (!next) return;
    e.preventDefault();
    this.hover = next;
  }

  private renderLegend() {
    const p = this.picture;
    const s = p?.scale;
    const h = Math.max(10, this.plot.height - 30);
    const top = MARGIN.top + 30;
    if (!s || !p) return html`<div class="legend"></div>`;
    const spread = p.spread !== undefined;
    const info = OUTPUT_INFO[this.output];
    const fmt = spread
      ? (v: number) => (info.log ? `×${Number(v.toPrecision(3))}` : info.format(v))
      : this.output === 'savings'
        ? (v: number) => `×${Number(v.toPrecision(3))}`
        : info.format;
    const ticks = sweepLegendTicks(s, fmt);
    const stops = mapGradientStops(s.map);
    return html`<svg class="legend" width="92" height=${top + h + 22} data-testid="sweep-legend" data-map=${s.map} role="img" aria-label=${`Colour legend, ${colourMapCitation(s.map)}`}>
      <defs><linearGradient id="sweep-ramp" x1="0" y1="1" x2="0" y2="0">
        ${stops.map((st) => svg`<stop offset=${st.offset} stop-color=${st.colour}></stop>`)}
      </linearGradient></defs>
      <text class="title" x="0" y=${top - 20}>${spread ? '5–95% spread' : info.short}</text>
      <text x="0" y=${top - 7}>${s.mode === 'linear' ? 'linear' : this.output === 'loss' && !spread ? 'log(L − E)' : 'log'}</text>
      <rect x="0" y=${top} width="12" height=${h} fill="url(#sweep-ramp)"></rect>
      <text x="0" y=${top + h + 16}>${s.map}</text>
      ${ticks.map((t) => {
        const y = top + (1 - t.t) * h;
        return svg`<line x1="12" x2="16" y1=${y} y2=${y} stroke="#7b8394"></line><text x="19" y=${y} dy="0.32em">${t.label}</text>`;
      })}
    </svg>`;
  }

  /** The readout, in one live region that stays in place so that its changes are announced. */
  private renderReadout() {
    return html`<div class="readout" data-testid="sweep-readout" aria-live="polite" aria-atomic="true">${this.readoutContent()}</div>`;
  }

  private readoutContent() {
    const r = this.result;
    const p = this.picture;
    const hv = this.hover;
    if (!r || !p || !hv)
      return html`<span class="k">${r ? 'Hover a cell, or focus the plot and use the arrow keys, to read its optimum.' : 'No result yet.'}</span>`;
    const ctx: SweepContext = { base: r.base, x: r.x, y: r.y, cost: this.costAssumption };
    const c = hv.row * r.x.count + hv.col;
    const { lines, reason } = sweepReadout(
      r.law,
      ctx,
      hv.col,
      hv.row,
      this.output,
      p.values[c]!,
      p.spread?.[c],
    );
    return html`${lines.map((l) => html`<span><span class="k">${l.label}</span> <span class="v">${l.value}</span></span>`)}
      ${reason ? html`<span class="error" data-testid="sweep-reason">No optimum: ${reason}</span>` : nothing}`;
  }

  override render() {
    return html`
      <div class="controls">
        ${this.renderAxisControls('x')} ${this.renderAxisControls('y')} ${this.renderBaseControls()}
        ${this.renderOutputControls()}
      </div>
      ${this.renderActions()}
      <div class="figure">${this.renderPlot()} ${this.renderLegend()}</div>
      ${this.renderReadout()}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sweep-view': SweepView;
  }
}
