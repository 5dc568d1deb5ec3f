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
 *
 * This element is the shell: state, events and the job. The inputs are drawn by
 * `sweep-controls.ts`, the figure and its readout by `sweep-plot.ts`, both into this element's
 * shadow root.
 */

import { consume } from '@lit/context';
import { html, LitElement, nothing } from 'lit';
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
import { formatDuration, phaseEta } from './charts/progress';
import { sweepInBands } from './charts/sweep-bands';
import { sweepColourScale, sweepContours, sweepImage, sweepLevels } from './charts/sweep-image';
import { OUTPUT_INFO, type SweepOutput } from './charts/sweep-output';
import {
  applySweepTexts,
  axisIssue,
  baseFields,
  baseScenario,
  FIELD_LABELS,
  impliedKind,
  type SweepBaseValues,
  type SweepTextKey,
  type SweepViewField,
} from './charts/sweep-setup';
import { JobController } from './job-controller';
import { centreCell, type GridCell, gridKeyTarget } from './keyboard-nav';
import { PlotSizeController } from './plot-size';
import { engineManagerContext, ManagerChanges } from './services';
import { sweepControls } from './sweep-controls';
import { SWEEP_MARGIN, type SweepPicture, type SweepResult, sweepPlot } from './sweep-plot';
import { sweepStyles } from './sweep-styles';

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
  private readonly plot = new PlotSizeController(this, SWEEP_MARGIN, () => this.chart);
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

  override render() {
    const r = this.result;
    return html`
      ${sweepControls({
        sweep: this.sweep,
        shown: this.shown,
        text: this.text,
        kind: this.kind,
        base: this.base,
        replicaCount: this.replicaCount,
        replicasAvailable: this.replicas?.length ?? 0,
        resultReplicas: r?.replicas.length,
        send: (sweep) => this.send(sweep),
        setField: (which, field) => this.setField(which, field),
        onNumber: (key, text) => this.onNumber(key, text),
        setNotice: (notice) => {
          this.notice = notice;
        },
      })}
      ${this.renderActions()}
      ${sweepPlot({
        width: this.plot.width,
        height: this.plot.height,
        result: r,
        picture: this.picture,
        output: this.output,
        cost: this.costAssumption,
        running: this.running,
        hover: this.hover,
        cells: { x: this.x.count, y: this.y.count },
        setHover: (cell) => {
          this.hover = cell;
        },
        onKey: (e) => this.onPlotKey(e),
      })}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sweep-view': SweepView;
  }
}
