/**
 * The Bench view: measures the GPU and CPU engines on the visitor's own machine (surface
 * cells/s, fits/s for grid starts, bootstrap and calibration, frontier and multiplier-curve
 * scenarios/s, sweep cells/s, designer candidates/s) across problem sizes, with a progress bar and Cancel; plots throughput against size
 * (log-log), tables medians with spread and GPU time apart, and exports the rows as JSON.
 * Nothing runs until Run is pressed, and a run stops when the view is hidden. The suite lives
 * in src/bench; this component only starts it, shows its progress and renders what it returns.
 */
import { consume } from '@lit/context';
import { html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { BENCH_FAMILIES, BENCH_PRESETS, PRESET_IDS, type PresetId } from '../bench/plan';
import { benchExport, exportFileName, type RunRecord, type RunStatus } from '../bench/report';
import { type FitInput, type FitReport, runBench } from '../bench/run-bench';
import { type BenchSession, openBenchSession } from '../bench/session';
import type { BenchRow } from '../bench/suite';
import { builtinDataset } from '../data/builtin';
import type { EngineManager } from '../engine/manager';
import type { GpuInfo } from '../gpu/device';
import { plotTemplate, tableTemplate } from './bench-charts';
import { benchStyles } from './bench-styles';
import { crossovers } from './bench-table';
import { formatDuration } from './charts/progress';
import { JobController } from './job-controller';
import { engineManagerContext, ManagerChanges } from './services';

/** What the preset menu says about each preset. */
const PRESET_LABELS: Readonly<Record<PresetId, string>> = {
  smoke: 'Smoke: tiny sizes, seconds',
  quick: 'Quick: small sizes, ~30 s on a software GPU',
  full: 'Full: small to largest, minutes',
};

/** How far a run is: the case being measured, and cases done of all. */
interface BenchProgress {
  readonly stage: string;
  readonly done: number;
  readonly total: number;
}

let builtinFit: FitInput | undefined;
/** The fit cases' data: the built-in dataset (synthetic, seeded), never anything remote. */
function fitInput(): FitInput {
  if (!builtinFit) {
    const data = builtinDataset(1);
    builtinFit = {
      runs: data.runs.map((r) => ({ N: r.N, D: r.D, loss: r.loss })),
      label: `the built-in dataset (${data.runs.length} synthetic runs)`,
    };
  }
  return builtinFit;
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

@customElement('bench-view')
export class BenchView extends LitElement {
  static override styles = benchStyles;

  /** The app's engine manager: its status names the engine the app draws with. */
  /** From the app shell, through `engineManagerContext`. */
  @consume({ context: engineManagerContext, subscribe: true })
  @state()
  manager: EngineManager | undefined;
  /** Hidden by the app when another view is on screen; hiding stops a run. */
  @property({ type: Boolean, reflect: true }) override hidden = false;

  @state() private preset: PresetId = 'quick';
  @state() private rows: readonly BenchRow[] = [];
  @state() private adapter: GpuInfo | undefined;
  @state() private gpuSkipped: string | undefined;
  @state() private record: RunRecord | undefined;

  /** Identifies the latest run, whose rows and record are shown. */
  private latest: object | undefined;
  /** Redraws when the engine manager changes (engine started, lost or switched). */
  readonly managerChanges = new ManagerChanges(this, () => this.manager);

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.cancel('the Bench view was removed');
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('hidden') && this.hidden) this.cancel('the Bench view was left');
  }

  // ---- the run ------------------------------------------------------------------------------

  /** The run: one job at a time, cancelled by Cancel or by leaving the view. */
  private readonly job = new JobController<[PresetId], void, BenchProgress>(this, {
    task: ([preset], { signal, onProgress }) => this.measure(preset, signal, onProgress),
  });

  private run() {
    if (this.job.running || this.hidden) return;
    void this.job.run([this.preset]);
  }

  /**
   * Runs the suite for `preset`, appending rows as they come; whatever its outcome (complete,
   * cancelled, failed) the rows measured are kept in a record, so a cancelled run still exports.
   */
  private async measure(
    preset: PresetId,
    signal: AbortSignal,
    onProgress: (p: BenchProgress) => void,
  ): Promise<void> {
    const token = {};
    this.latest = token;
    const current = () => this.latest === token;
    const started = new Date();
    const startedAt = performance.now();
    this.rows = [];
    this.record = undefined;
    this.adapter = undefined;
    this.gpuSkipped = undefined;
    let progress: BenchProgress = {
      stage: 'Starting a GPU device and CPU workers…',
      done: 0,
      total: 0,
    };
    const update = (patch: Partial<BenchProgress>) => {
      progress = { ...progress, ...patch };
      onProgress(progress);
    };
    onProgress(progress);
    let session: BenchSession | undefined;
    let fit: FitReport | undefined;
    let status: RunStatus = 'complete';
    let error: string | undefined;
    try {
      session = await openBenchSession(signal);
      if (current()) {
        this.adapter = session.adapter;
        this.gpuSkipped = session.gpuSkipped;
      }
      const outcome = await runBench(session.engines, {
        plan: BENCH_PRESETS[preset],
        fit: fitInput(),
        signal: session.signal,
        onStage: (stage) => update({ stage }),
        onStart: (c, index, total) =>
          update({
            stage: `${c.kernel} · ${c.engine.toUpperCase()} · ${c.shape}`,
            done: index,
            total,
          }),
        onRow: ({ row, done, total }) => {
          if (!current()) return;
          this.rows = [...this.rows, row];
          update({ done, total });
        },
      });
      fit = outcome.fit;
    } catch (e) {
      // Cancelled only when the user's own signal aborted: an AbortError from elsewhere (a
      // mapping cut short by a lost device) is a failure to report, not a silent cancel.
      const sessionSignal = session?.signal ?? signal;
      status = signal.aborted ? 'cancelled' : 'failed';
      if (status === 'failed') error = describe(sessionSignal.aborted ? sessionSignal.reason : e);
    } finally {
      session?.dispose();
    }
    if (!current()) return;
    const skipped = session?.gpuSkipped ? [`GPU rows: ${session.gpuSkipped}`] : [];
    const cancelReason = signal.reason;
    this.record = {
      adapter: session?.adapter,
      cpuThreads: session?.cpuThreads ?? navigator.hardwareConcurrency ?? 0,
      rows: this.rows,
      preset,
      status,
      error: status === 'cancelled' && cancelReason instanceof Error ? cancelReason.message : error,
      started,
      wallSeconds: (performance.now() - startedAt) / 1000,
      userAgent: navigator.userAgent,
      fit,
      skipped,
    };
    // The engine manager's `auto` takes these timings over its own short measurements.
    this.manager?.adoptBench(session?.adapter, this.rows);
  }

  /** Stops the run in flight; `why` ends up in the status line. */
  private cancel(why = 'cancelled by the user') {
    this.job.cancel(why);
  }

  private exportJson() {
    const record = this.record;
    if (!record) return;
    const text = `${JSON.stringify(benchExport(record), null, 2)}\n`;
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = exportFileName(record.started);
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  // ---- rendering ----------------------------------------------------------------------------

  private renderMachine() {
    const a = this.adapter;
    const adapter = a
      ? `${a.name}${a.isFallbackAdapter ? ' (software fallback adapter)' : ''}`
      : this.gpuSkipped
        ? `none (${this.gpuSkipped})`
        : 'named when a run starts';
    const threads = this.record?.cpuThreads ?? navigator.hardwareConcurrency;
    return html`<div class="machine">
      <span data-testid="bench-adapter">Adapter: <b>${adapter}</b></span>
      ${a ? html`<span data-testid="bench-machine-timestamps">Timestamp queries: <b>${a.timestampQuery ? 'yes' : 'no'}</b></span>` : nothing}
      <span data-testid="bench-threads">CPU engine: <b>${threads}</b> worker threads
        (navigator.hardwareConcurrency)</span>
      <span class="muted">The app draws with: ${this.manager?.status.label ?? '—'}</span>
    </div>`;
  }

  private renderProgress() {
    const running = this.job.running;
    if (!running) return nothing;
    const r = running.progress ?? { stage: 'Starting…', done: 0, total: 0 };
    const elapsed = (performance.now() - running.startedAt) / 1000;
    return html`<div class="progress" role="status">
      <progress data-testid="bench-progress" max=${Math.max(1, r.total)} value=${r.done}></progress>
      <span data-testid="bench-progress-text">${r.total > 0 ? `${r.done} / ${r.total} · ` : ''}${r.stage}
        · ${formatDuration(elapsed)}</span>
    </div>`;
  }

  private renderOutcome() {
    const rec = this.record;
    if (!rec || this.job.running) return nothing;
    const n = rec.rows.length;
    const took = formatDuration(rec.wallSeconds);
    if (rec.status === 'complete')
      return html`<p class="note" data-testid="bench-status">Done: ${n} rows in ${took}.</p>`;
    if (rec.status === 'cancelled')
      return html`<p class="note" data-testid="bench-status">Cancelled (${rec.error ?? 'cancelled'}) after
        ${took}; the ${n} rows measured before are kept.</p>`;
    return html`<p class="note error" role="alert" data-testid="bench-error">The run stopped: ${rec.error}.
      ${n > 0 ? `The ${n} rows measured before are kept.` : ''}</p>`;
  }

  override render() {
    const running = this.job.running !== undefined;
    const rows = this.rows;
    const cross = crossovers(rows);
    return html`
      <div class="controls">
        <label class="field">Sizes
          <select data-testid="bench-preset" ?disabled=${running}
            @change=${(e: Event) => {
              this.preset = (e.target as HTMLSelectElement).value as PresetId;
            }}>
            ${PRESET_IDS.map((id) => html`<option value=${id} ?selected=${id === this.preset}>${PRESET_LABELS[id]}</option>`)}
          </select>
        </label>
        <button class="primary" data-testid="bench-run" ?disabled=${running} @click=${() => this.run()}>Run</button>
        <button data-testid="bench-cancel" ?disabled=${!running} @click=${() => this.cancel()}>Cancel</button>
        <button data-testid="bench-export" ?disabled=${running || !this.record} @click=${() => this.exportJson()}>
          Export JSON
        </button>
      </div>
      ${this.renderMachine()}
      <p class="note muted">
        Each case is timed after a warm-up; the table gives the median over repeats with the range
        and interquartile range, and GPU time from timestamp queries apart from end-to-end time
        where the adapter has them. Fits use the built-in dataset. The GPU engine runs on a device
        of its own, the CPU engine on its own workers; both are freed after the run.
      </p>
      ${this.renderProgress()}
      ${this.renderOutcome()}
      ${
        rows.length > 0
          ? html`<div class="plots">${BENCH_FAMILIES.map((f) => plotTemplate(rows, f, cross))}</div>
            ${tableTemplate(rows)}`
          : nothing
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bench-view': BenchView;
  }
}
