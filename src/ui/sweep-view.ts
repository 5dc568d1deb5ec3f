/**
 * The Sweep view: two scenario axes (budget C, unique tokens U, inference tokens D_inf, target
 * loss, MFU), the scenario kind they imply, the optimum in every cell solved on the engine (with
 * progress and Cancel), and a heatmap of a chosen output with axes, labelled contours, a colour
 * legend and a hover readout. Optional replicas give the per-cell 5-95%
 * spread. The host passes `engine`, `law`, `replicas` and `sweep`, the app state's slice with
 * the axes, base values, output and cost assumption, and, for the multiplier output, the
 * reference series (`reference`) with the replica tables that pair replica k of the law with
 * replica k of the reference (`replicaTable`); changes go back as `sweep-change` events
 * (`transient` while a number is being typed). A typed number that does not pass stays as typed,
 * with its message, and the state keeps the last good value.
 *
 * Live runs: every change of the law, the replicas, the axes or the base scenario asks for a new
 * solve, coalesced per animation frame. It runs in two passes, a coarse grid first (at most
 * 64 x 64) and then the full grid, each by itself while its estimated time is within about a
 * second (src/law/sweep-plan.ts, from the throughput measured in this session per engine and
 * scenario kind). A pass over that budget waits for the Run button, which shows its estimate.
 *
 * A result belongs to the inputs it was run with (law, replicas, axes, base scenario); when any
 * of them changes, the run in flight is superseded and its late result is dropped, and the old
 * picture stays (dimmed) only until the new inputs' first pass arrives. The output, the cost
 * assumption, the spread toggle and the reference only change the picture, never the solve.
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
import { pairedReplicaLaws } from '../fit/replica-table';
import './export-menu';
import { ACCELERATOR_PRESETS } from '../law/hardware';
import type { ScalingLaw } from '../law/law';
import { OptimumTable } from '../law/optimum-table';
import type { Scenario } from '../law/scenario';
import type { SweepAxis } from '../law/sweep';
import {
  type CostAssumption,
  extractOutput,
  replicaBudget,
  replicaOutputs,
  replicaSpread,
  type SweepContext,
} from '../law/sweep-output';
import {
  AUTO_BUDGET_SECONDS,
  COARSE_SIDE,
  coarseAxis,
  isCoarseEnough,
  type PassPlan,
  PROBE_SIDE,
  planPass,
  ThroughputLog,
  throughputKey,
} from '../law/sweep-plan';
import { type SweepState, withAxisField } from '../scenario/sweep-state';
import { formatCount } from './charts/format';
import { formatDuration, phaseEta } from './charts/progress';
import { sweepInBands } from './charts/sweep-bands';
import { sweepColourScale, sweepContours, sweepImage, sweepLevels } from './charts/sweep-image';
import { multiplierIssue, OUTPUT_INFO, outputLabel, type SweepOutput } from './charts/sweep-output';
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
import { FrameScheduler } from './frame-scheduler';
import { JobController } from './job-controller';
import { centreCell, type GridCell, gridKeyTarget } from './keyboard-nav';
import { PlotSizeController } from './plot-size';
import { engineManagerContext, ManagerChanges } from './services';
import { sweepControls } from './sweep-controls';
import {
  SWEEP_MARGIN,
  type SweepPass,
  type SweepPicture,
  type SweepResult,
  sweepPlot,
} from './sweep-plot';
import { sweepStyles } from './sweep-styles';

/** What one run solves: the inputs as they stood when it was asked for. */
interface SweepRunInput {
  /** The inputs' key (of the full grid, whichever pass this is). */
  readonly key: string;
  /** The coarse preview or the full grid; `x` and `y` are the axes of this pass. */
  readonly pass: SweepPass;
  readonly engine: Engine;
  readonly manager: EngineManager | undefined;
  readonly law: ScalingLaw;
  readonly replicas: readonly ScalingLaw[];
  readonly base: Scenario;
  readonly x: SweepAxis;
  readonly y: SweepAxis;
}

/** The reference series of the multiplier output (the Compare view's reference). */
export interface SweepReference {
  /** The series' name, for labels. */
  readonly name: string;
  /** Its point law. */
  readonly law: ScalingLaw;
  /** Its bootstrap replica table (K x 5, src/fit/replica-table.ts), when it has one. */
  readonly replicaTable: Float64Array | undefined;
  /** Whether the active law is this series' own fit: the output is then not offered. */
  readonly isActive: boolean;
}

/** Cells solved so far. */
interface SweepProgress {
  readonly done: number;
  readonly total: number;
}

/** Measured sweep throughput in this session, shared by every Sweep view of the page. */
const throughput = new ThroughputLog();

/** Resolves when `work` ends or `signal` aborts, whichever is first. */
function untilAborted(work: Promise<unknown>, signal: AbortSignal): Promise<unknown> {
  if (signal.aborted) return Promise.resolve();
  return Promise.race([
    work,
    new Promise<void>((resolve) =>
      signal.addEventListener('abort', () => resolve(), { once: true }),
    ),
  ]);
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
    return this.manager?.engineFor('sweep');
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
  /**
   * The replica table `replicas` were read from (its converged rows, in order), so that the
   * multiplier pairs replica k of the law with replica k of the reference.
   */
  @property({ attribute: false }) replicaTable: Float64Array | undefined;
  /** The reference series of the multiplier output; undefined when there is none. */
  @property({ attribute: false }) reference: SweepReference | undefined;
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
      let engine = input.engine;
      const solve = (on: Engine) => {
        engine = on;
        return sweepInBands(on, [input.law, ...input.replicas], input.base, input.x, input.y, {
          signal,
          onProgress: (done, total) => onProgress({ done, total }),
        });
      };
      const raw = input.manager
        ? await input.manager.run('sweep', solve, signal)
        : await solve(input.engine);
      const seconds = (performance.now() - startedAt) / 1000;
      const { key, pass, law, replicas, base, x, y } = input;
      throughput.record(throughputKey(engine.kind, base.kind), {
        pairs: x.count * y.count * (1 + replicas.length),
        seconds,
      });
      return { key, pass, raw, law, replicas, base, x, y, seconds, engine: engine.label };
    },
    argsEqual: (a, b) => a[0].key === b[0].key && a[0].pass === b[0].pass,
  });
  /** Live runs: the latest change's passes, one request per animation frame. */
  private readonly live = new FrameScheduler<SweepRunInput>(
    (input, signal) => this.livePasses(input, signal),
    { abortSuperseded: true },
  );
  /** The inputs (and engine) the live runs were last asked for. */
  private liveKey: string | undefined;
  /** The inputs' key while their live passes are pending or running. */
  private liveFor: string | undefined;
  /** The inputs of the run in flight, to cancel it when they change, and its pass. */
  private runningKey: string | undefined;
  private runningPass: SweepPass | undefined;
  /** What happened to the last run when it did not finish, or why Spacing was not changed. */
  @state() private notice: string | undefined;

  /** The last finished result, while the inputs are still the ones it was solved for. */
  private get result(): SweepResult | undefined {
    const r = this.job.value;
    return r && r.key === this.inputKey() ? r : undefined;
  }

  /**
   * What the figure draws: the current result or, while the new inputs' first pass is on its
   * way, the previous one (dimmed), so that a drag does not flash the placeholder.
   */
  private get drawn(): { result: SweepResult; stale: boolean } | undefined {
    const current = this.result;
    if (current) return { result: current, stale: false };
    const r = this.job.value;
    return r && this.liveFor !== undefined && this.liveFor === this.inputKey()
      ? { result: r, stale: true }
      : undefined;
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
  private paintedOn: HTMLCanvasElement | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.cancel();
    this.liveKey = undefined;
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

  /** Why the multiplier output is not offered, or null. */
  private get multiplierIssue(): string | null {
    return multiplierIssue(this.reference);
  }

  /** The reference's replica laws paired with `replicas` by bootstrap index, kept per table pair. */
  private pairCache:
    | { x: Float64Array; ref: Float64Array; laws: readonly (ScalingLaw | null)[] }
    | undefined;
  private get pairedReplicas(): readonly (ScalingLaw | null)[] {
    const x = this.replicaTable;
    const ref = this.reference?.replicaTable;
    if (!x || !ref) return [];
    const c = this.pairCache;
    if (c && c.x === x && c.ref === ref) return c.laws;
    const laws = pairedReplicaLaws(x, ref);
    this.pairCache = { x, ref, laws };
    return laws;
  }

  /**
   * The reference laws aligned with a result's laws (the point law, then its replicas), or
   * undefined while the multiplier has no reference.
   */
  private referenceLaws(r: SweepResult): (ScalingLaw | null)[] | undefined {
    const ref = this.reference;
    if (!ref || this.multiplierIssue) return undefined;
    const paired = this.pairedReplicas;
    return [ref.law, ...r.replicas.map((_, i) => paired[i] ?? null)];
  }

  /** What the picture of the multiplier depends on besides the result. */
  private referenceKey(): unknown {
    const ref = this.reference;
    if (this.output !== 'multiplier' || !ref) return null;
    return [
      ref.name,
      ref.law,
      ref.isActive,
      identity(ref.replicaTable),
      identity(this.replicaTable),
    ];
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

  /** The full-grid run of the inputs as they stand, or undefined while they cannot run. */
  private runInput(key: string): SweepRunInput | undefined {
    const engine = this.engine;
    const base = this.base;
    if (!engine || !base || this.issues.length > 0) return undefined;
    const replicas = (this.replicas ?? []).slice(0, this.replicaCount);
    const { x, y, law, manager } = this;
    return { key, pass: 'full', engine, manager, law, replicas, base, x, y };
  }

  /** Starts one pass; it supersedes the run in flight, whose result is then dropped. */
  private start(input: SweepRunInput): Promise<void> {
    this.notice = undefined;
    this.runningKey = input.key;
    this.runningPass = input.pass;
    return this.job.run([input]);
  }

  /** The Run button: the full grid now, whatever its estimate. */
  private run() {
    const input = this.runInput(this.inputKey());
    if (!input) return;
    this.live.cancel();
    this.liveFor = undefined;
    void this.start(input);
  }

  /** The plans of the full grid and of its coarse pass (undefined where the grid is that small). */
  private plans(input: SweepRunInput): { coarse: PassPlan | undefined; full: PassPlan } {
    const laws = 1 + input.replicas.length;
    const key = this.rateKey(input);
    const probe = COARSE_SIDE * COARSE_SIDE * laws;
    const coarse = coarseAxis(input.x).count * coarseAxis(input.y).count * laws;
    const full = input.x.count * input.y.count * laws;
    return {
      // A cold first measurement never holds the coarse pass back: that pass is the probe.
      coarse: isCoarseEnough(input.x, input.y)
        ? undefined
        : planPass(
            coarse,
            throughput.isCold(key) ? undefined : throughput.estimate(key, coarse),
            probe,
          ),
      full: planPass(full, throughput.estimate(key, full), probe),
    };
  }

  /** Where the throughput of a run's engine and scenario kind is kept. */
  private rateKey(input: SweepRunInput): string {
    return throughputKey(input.engine.kind, input.base.kind);
  }

  /** The live passes of one change: coarse (where the grid is larger), then full, within budget. */
  private async livePasses(input: SweepRunInput, signal: AbortSignal): Promise<void> {
    try {
      const last = this.job.value;
      if (last?.key === input.key && last.pass === 'full') return;
      const { coarse } = this.plans(input);
      if (coarse) {
        if (!coarse.auto) return this.dropOlderRun(input.key);
        const pass: SweepRunInput = {
          ...input,
          pass: 'coarse',
          x: coarseAxis(input.x),
          y: coarseAxis(input.y),
        };
        // Superseded, cancelled or failed: the full pass waits for the next change or Run.
        const ended = () =>
          signal.aborted || this.job.error !== undefined || this.job.value?.key !== input.key;
        await untilAborted(this.start(pass), signal);
        if (ended()) return;
        // An estimate from one run size (or from the cold first run, which paid one-time
        // costs) overstates larger passes: measure a second size, warm, before deciding.
        // The probe is at most 4x the coarse pass; it runs only while even the proportional
        // estimate of it (four times the coarse pass's time at most) is within 4 budgets.
        const key = this.rateKey(input);
        const x = coarseAxis(input.x, PROBE_SIDE);
        const y = coarseAxis(input.y, PROBE_SIDE);
        const probe = throughput.estimate(key, x.count * y.count * (1 + input.replicas.length));
        if (
          !this.plans(input).full.auto &&
          throughput.samples(key).length < 2 &&
          probe !== undefined &&
          probe <= 4 * AUTO_BUDGET_SECONDS
        ) {
          if (x.count === input.x.count && y.count === input.y.count) {
            await untilAborted(this.start(input), signal);
            return;
          }
          await untilAborted(this.start({ ...pass, x, y }), signal);
          if (ended()) return;
        }
      }
      // Planned again: the coarse pass has just measured the throughput.
      if (signal.aborted) return;
      if (!this.plans(input).full.auto) return this.dropOlderRun(input.key);
      await untilAborted(this.start(input), signal);
    } finally {
      if (!signal.aborted && this.liveFor === input.key) {
        this.liveFor = undefined;
        this.requestUpdate();
      }
    }
  }

  /** Cancels a run of other inputs than `key` that no live pass is to supersede. */
  private dropOlderRun(key: string) {
    if (this.running && this.runningKey !== key)
      this.cancel('The inputs changed, so the run in flight was cancelled.');
  }

  /** Asks for live runs where the inputs (or the engine) changed since they were last asked. */
  private requestLive(key: string) {
    const liveKey = `${key}|${identity(this.engine)}`;
    if (liveKey === this.liveKey) return;
    this.liveKey = liveKey;
    const input = this.runInput(key);
    if (!input) {
      this.live.cancel();
      this.liveFor = undefined;
      return;
    }
    this.liveFor = key;
    this.live.request(input);
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
            label: outputLabel(this.output, this.reference?.name),
            values: p.values,
            ...(p.spread ? { spread: p.spread } : {}),
          },
        };
      },
      () =>
        `Sweep: ${outputLabel(this.output, this.reference?.name)}; ${colourMapCitation(this.colourMap)}`,
    );
    return this.exportCache;
  }
  private exportCache: ExportAction[] | undefined;

  private cancel(notice?: string) {
    this.live.cancel();
    this.liveFor = undefined;
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
    this.requestLive(key);
    // A run of older inputs is superseded by the live pass of the new ones; with none coming
    // (inputs that cannot run) it is cancelled here.
    if (this.running && this.runningKey !== key && this.liveFor !== key)
      this.cancel('The inputs changed, so the run in flight was cancelled.');
    const drawn = this.drawn;
    if (!drawn) this.hover = undefined;
    this.picture = drawn ? this.pictureOf(drawn.result) : undefined;
  }

  private pictureOf(r: SweepResult): SweepPicture {
    const cost = this.costAssumption;
    const spreadOn = this.sweep.showSpread && r.replicas.length > 0;
    const key = JSON.stringify([
      r.key,
      r.pass,
      this.output,
      cost,
      spreadOn,
      this.colourMap,
      this.referenceKey(),
    ]);
    if (this.picture?.key === key) return this.picture;
    const reference = this.output === 'multiplier' ? this.referenceLaws(r) : undefined;
    const ctx: SweepContext = {
      base: r.base,
      x: r.x,
      y: r.y,
      cost,
      ...(reference && { reference }),
    };
    const info = OUTPUT_INFO[this.output];
    const values = extractOutput(r.raw, 0, r.law, this.output, ctx);
    let spread: Float32Array | undefined;
    if (spreadOn) {
      spread = replicaSpread(replicaOutputs(r.raw, r.replicas, this.output, ctx), info.log);
    }
    const shown = spread ?? values;
    const range = spread
      ? sweepColourScale(shown, false)
      : sweepColourScale(shown, info.log, this.output === 'loss' ? r.law.E : undefined);
    const scale: ColourScale | undefined = range && { ...range, map: this.colourMap };
    // Failed cells are those without an optimum; a solved cell's NaN multiplier is one the
    // reference cannot reach.
    const table = new OptimumTable(r.raw, 1, values.length);
    let failed = 0;
    let unreachable = 0;
    values.forEach((v, c) => {
      if (!table.ok(0, c)) failed++;
      else if (Number.isNaN(v)) unreachable++;
    });
    return {
      key,
      values,
      spread,
      shown,
      scale,
      image: scale && sweepImage(shown, r.x.count, scale),
      contours: scale ? sweepContours(shown, r.x.count, r.y.count, sweepLevels(scale)) : [],
      failed,
      unreachable: reference ? unreachable : 0,
    };
  }

  override updated(): void {
    const p = this.picture;
    const canvas = this.canvas;
    const r = this.drawn?.result;
    if (!p?.image || !canvas || !r || (this.painted === p && this.paintedOn === canvas)) return;
    const { x, y } = r;
    canvas.width = x.count;
    canvas.height = y.count;
    canvas.getContext('2d')?.putImageData(new ImageData(p.image, x.count, y.count), 0, 0);
    this.painted = p;
    this.paintedOn = canvas;
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
      progress = html`<span class="progress" data-testid="sweep-progress" data-pass=${this.runningPass ?? nothing}>
        ${this.runningPass === 'coarse' ? html`<span class="muted">Coarse pass</span>` : nothing}
        <span class="bar" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow=${Math.round(fraction * 100)}>
          <div style="width:${(fraction * 100).toFixed(1)}%"></div></span>
        <span>${Math.round(fraction * 100)}%</span>
        <span class="muted">${formatDuration(elapsed)}${eta === undefined ? '' : ` · ~${formatDuration(eta)} left`}</span>
      </span>`;
    }
    const r = this.result;
    const input = blocked ? undefined : this.runInput(this.inputKey());
    const full = input && this.plans(input).full;
    const where = input?.engine.kind === 'gpu' ? 'the GPU' : 'the CPU';
    // Over the budget the full grid waits for Run, which says how long it should take.
    const estimate =
      full && !full.auto && full.estimate !== undefined
        ? ` · ~${formatDuration(full.estimate)} on ${where}`
        : '';
    // The last result's note; none after a failed run, whose error says what happened.
    const coarse = r?.pass === 'coarse' && !run && !this.job.error;
    return html`<div class="actions">
      <button class="primary" data-testid="sweep-run" ?disabled=${!!blocked || !!run} @click=${() => this.run()}>
        Run ${formatCount(cells)} cells${this.replicaCount > 0 ? ` × ${this.replicaCount + 1} laws` : ''}${estimate}
      </button>
      ${run ? html`<button data-testid="sweep-cancel" @click=${() => this.cancel('Cancelled.')}>Cancel</button>` : nothing}
      ${progress}
      ${blocked && !run ? html`<span class="muted">${blocked}</span>` : nothing}
      ${this.job.error ? html`<span class="error" role="alert" data-testid="sweep-error">${this.job.error}</span>` : nothing}
      ${this.notice ? html`<span class="muted" data-testid="sweep-notice">${this.notice}</span>` : nothing}
      <export-menu data-testid="export-sweep" label="Export the sweep" .actions=${this.exportActions}></export-menu>
      ${coarse ? html`<span class="muted" data-testid="sweep-coarse">Coarse preview, ${r.x.count} × ${r.y.count} cells${full && !full.auto ? ': press Run for the full grid' : ''}</span>` : nothing}
      ${r && !run && r.pass === 'full' && !this.job.error ? html`<span class="muted" data-testid="sweep-done">${formatCount(r.x.count * r.y.count)} cells in ${formatDuration(r.seconds)} on ${r.engine}${this.picture && this.picture.failed > 0 ? ` · ${formatCount(this.picture.failed)} without a solution (hatched)` : ''}${this.picture && this.picture.unreachable > 0 ? ` · ${formatCount(this.picture.unreachable)} the reference cannot reach at any compute (hatched)` : ''}</span>` : nothing}
    </div>`;
  }

  /** Keyboard readout: moves the read cell as src/ui/keyboard-nav.ts says (Shift: big steps). */
  private onPlotKey(e: KeyboardEvent) {
    const r = this.drawn?.result;
    if (!r) return;
    const from: GridCell = this.hover ?? centreCell(r.x.count, r.y.count);
    const ctrl = e.ctrlKey || e.metaKey;
    const next = gridKeyTarget(e.key, from, r.x.count, r.y.count, e.shiftKey, ctrl);
    if (!next) return;
    e.preventDefault();
    this.hover = next;
  }

  private renderCount = 0;
  /**
   * How many times this view has rendered. The end-to-end tests read it to prove that a hidden
   * view does no work while the law changes.
   */
  get renders(): number {
    return this.renderCount;
  }

  override render() {
    this.renderCount++;
    const drawn = this.drawn;
    const r = drawn?.result;
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
        referenceName: this.reference?.name,
        multiplierIssue: this.multiplierIssue,
        pairedReplicas: r
          ? this.referenceLaws(r)
              ?.slice(1)
              .filter((l) => l !== null).length
          : undefined,
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
        stale: drawn?.stale ?? false,
        picture: this.picture,
        output: this.output,
        cost: this.costAssumption,
        reference:
          this.reference && !this.multiplierIssue
            ? { name: this.reference.name, law: this.reference.law }
            : undefined,
        running: this.running || this.liveFor !== undefined,
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
