/**
 * "Are my intervals honest?": calibrates the 95% bootstrap intervals of an Approach-3 fit on
 * its own design (src/fit/calibration.ts). R data sets are simulated from the fitted law on the
 * runs' (N, D), each is fitted with the fit's options on the engine in use (its batched
 * per-series fit), and the panel shows per quantity the coverage with its Wilson margin, the
 * bias in SEs, the SE ratio, the scale factor that restores 95%, the readings and the
 * remedies, with progress, Cancel and CSV and JSON exports (the JSON is `calibrate --json`'s).
 * The fit itself is not redone. Self-contained: properties in, the engine from the context.
 */
import { consume } from '@lit/context';
import { html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { EngineKind } from '../engine/engine';
import type { EngineManager } from '../engine/manager';
import { csvAction, jsonAction } from '../export/actions';
import { calibrationCsv, calibrationJson } from '../export/calibration';
import type { ExportAction } from '../export/types';
import { type CalibrationResult, calibrate, defaultTarget } from '../fit/calibration';
import { APPROACH3 } from '../fit/methods/approach3';
import type { FitResult, FitRun } from '../fit/types';
import { calibrationStyles } from './calibration-styles';
import {
  budgetText,
  type CalibrationDraft,
  type CalibrationRequest,
  calibrationProgressText,
  calibrationRows,
  defaultCalibrationDraft,
  localFitsText,
  type ParsedCalibration,
  parseCalibrationDraft,
  sentence,
  VERDICT_TEXT,
} from './charts/calibration-table';
import { formatDuration } from './charts/progress';
import { JobController } from './job-controller';
import { engineManagerContext, ManagerChanges } from './services';
import { theme } from './theme';
import './export-menu';

/** A finished calibration and what it ran on. */
interface CalibrationRun {
  readonly runs: readonly FitRun[];
  readonly fit: FitResult;
  readonly result: CalibrationResult;
  readonly engine: EngineKind;
  readonly engineLabel: string;
}

type CalibrationArgs = [readonly FitRun[], FitResult, CalibrationRequest];
type CalibrationProgress = { readonly done: number; readonly total: number };

const ENGINE_NAMES: Readonly<Record<EngineKind, string>> = { gpu: 'GPU', cpu: 'CPU' };

const FIELDS: readonly { key: keyof CalibrationDraft; label: string; title: string }[] = [
  {
    key: 'replicas',
    label: 'Simulated data sets R',
    title: 'How many data sets to simulate from the fitted law (2 to 9,999)',
  },
  {
    key: 'bootstrap',
    label: 'Bootstrap K per data set',
    title: 'Bootstrap replicas of every simulated data set’s fit (at least 10)',
  },
  {
    key: 'budget',
    label: 'Target budget C* (FLOPs)',
    title: 'The target quantity is N_opt at this training compute, e.g. 1e24',
  },
  { key: 'seed', label: 'Seed', title: 'Seed of the simulated residuals and of the fits' },
];

@customElement('calibration-panel')
export class CalibrationPanel extends LitElement {
  static override styles = [theme, calibrationStyles];

  /** The runs the fit saw, in its order. */
  @property({ attribute: false }) runs: readonly FitRun[] = [];
  /** The Approach-3 fit to calibrate; its options are those of every simulated fit but K. */
  @property({ attribute: false }) fit: FitResult | undefined;
  /** The target budget in FLOPs when the field is blank (default: the calibration's). */
  @property({ attribute: false }) targetBudget: number | undefined;
  /** What the runs are called in the JSON export's `file`. */
  @property() source = 'runs';
  /** The panel's heading; blank for none (a host that titles it itself). */
  @property() heading = 'Are the intervals honest? Calibration on this design';

  /** From the app shell, through `engineManagerContext`. */
  @consume({ context: engineManagerContext, subscribe: true })
  @state()
  manager: EngineManager | undefined;
  /** Redraws when the engine in use changes (the line that names it). */
  readonly managerChanges = new ManagerChanges(this, () => this.manager);

  /** The fields the user typed in; the others follow the fit. */
  @state() private edited: Partial<CalibrationDraft> = {};
  /** Set when a run was stopped because the fit or the runs changed under it. */
  @state() private stoppedNote = '';
  /** The fit and runs of the run in flight. */
  private runningOn: { fit: FitResult; runs: readonly FitRun[] } | undefined;

  private readonly job = new JobController<CalibrationArgs, CalibrationRun, CalibrationProgress>(
    this,
    {
      task: async ([runs, fit, request], { signal, onProgress }) => {
        const manager = this.manager;
        if (!manager) throw new Error('no engine yet');
        return manager.run(
          'fit',
          async (engine) => {
            const result = await calibrate(runs, fit, request.options, {
              replicas: request.replicas,
              ...(request.target ? { target: request.target } : {}),
              seed: request.seed,
              fitSeries: (plan, o, j) => engine.fitSeries(APPROACH3, plan, o, j),
              signal,
              onProgress,
            });
            return { runs, fit, result, engine: engine.kind, engineLabel: engine.label };
          },
          signal,
        );
      },
      argsEqual: (a, b) => a[0] === b[0] && a[1] === b[1] && a[2] === b[2],
    },
  );

  protected override willUpdate(changed: Map<string, unknown>): void {
    if (!changed.has('fit') && !changed.has('runs')) return;
    const on = this.runningOn;
    if (this.job.running && on && (on.fit !== this.fit || on.runs !== this.runs)) {
      this.job.cancel('the fit changed');
      this.runningOn = undefined;
      this.stoppedNote =
        'The fit changed while the calibration ran, so it was stopped; calibrate again for this fit.';
    }
  }

  private get draft(): CalibrationDraft {
    return { ...defaultCalibrationDraft(this.fit), ...this.edited };
  }

  private parsedMemo: { key: readonly unknown[]; value: ParsedCalibration } | undefined;

  /** The fields parsed against the fit, again only when one of them changed. */
  private parsed(fit: FitResult): ParsedCalibration {
    const d = this.draft;
    const key = [d.replicas, d.bootstrap, d.budget, d.seed, this.runs, fit, this.targetBudget];
    const memo = this.parsedMemo;
    if (memo?.key.every((k, i) => k === key[i])) return memo.value;
    const value = parseCalibrationDraft(d, this.runs, fit, this.targetBudget);
    this.parsedMemo = { key, value };
    return value;
  }

  private start(args: CalibrationArgs) {
    this.stoppedNote = '';
    this.runningOn = { fit: args[1], runs: args[0] };
    void this.job.run(args).catch(() => {});
  }

  private exportActions(run: CalibrationRun): ExportAction[] {
    return [
      csvAction('calibration', () => calibrationCsv(run.result, run.engineLabel), {
        description: 'Download the calibration table as CSV',
      }),
      jsonAction(
        'calibration',
        () => calibrationJson(run.fit, run.result, this.source, run.engineLabel),
        { description: 'Download the full calibration as JSON (the shape of calibrate --json)' },
      ),
    ];
  }

  private renderField(f: (typeof FIELDS)[number], draft: CalibrationDraft, placeholder: string) {
    return html`<label title=${f.title}
      >${f.label}
      <input
        type="text"
        inputmode="decimal"
        data-testid=${`calibration-${f.key}`}
        .value=${draft[f.key]}
        placeholder=${f.key === 'budget' ? placeholder : ''}
        @input=${(e: Event) => {
          this.edited = { ...this.edited, [f.key]: (e.target as HTMLInputElement).value };
        }}
    /></label>`;
  }

  private renderResult(run: CalibrationRun) {
    const c = run.result;
    const rows = calibrationRows(c.quantities, c.nominal);
    const engine = ENGINE_NAMES[run.engine];
    const stale = run.fit !== this.fit || run.runs !== this.runs;
    return html`<div data-testid="calibration-result" data-engine=${run.engine}>
      ${
        stale
          ? html`<p class="note" data-testid="calibration-stale">
              This calibration is of an earlier fit; calibrate again for the fit shown.
            </p>`
          : nothing
      }
      <p class="note" data-testid="calibration-summary">
        ${c.used} of ${c.replicas} simulated data sets fitted${c.failed > 0 ? ` (${c.failed} failed)` : ''}
        · ${c.starts.toLocaleString('en-US')} starts · K = ${c.bootstrap} · seed ${c.seed}
        · ${formatDuration(c.seconds)} on the ${engine} engine (${run.engineLabel}) · residual
        scale ${c.residualScale.toPrecision(2)} on ln L
      </p>
      <div class="table">
      <table>
        <caption class="note">
          Target: N_opt at ${budgetText(c.target.budget)}. Bias in bootstrap SEs and SE ratio
          (bootstrap SE over the spread of the estimates): medians, the means below them. The
          scale factor on the half-widths restores 95% coverage.
        </caption>
        <thead>
          <tr>
            <th scope="col">Quantity</th>
            <th scope="col">Under the fit</th>
            <th scope="col">Nominal</th>
            <th scope="col">Coverage</th>
            <th scope="col">Wilson 95% margin</th>
            <th scope="col">Bias (SEs)</th>
            <th scope="col">SE ratio</th>
            <th scope="col">Scale factor</th>
            <th scope="col">Intervals</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (r) => html`<tr
              data-testid="calibration-row"
              data-quantity=${r.quantity}
              data-coverage=${String(r.coverageValue)}
              data-verdict=${r.verdict}
            >
              <th scope="row">${r.label}</th>
              <td>${r.truth}</td>
              <td>${r.nominal}</td>
              <td>${r.coverage}</td>
              <td>${r.margin}</td>
              <td>${r.bias}<span class="mean">${r.biasMean}</span></td>
              <td>${r.seRatio}<span class="mean">${r.seRatioMean}</span></td>
              <td>${r.scale}</td>
              <td class="verdict">${VERDICT_TEXT[r.verdict]}</td>
            </tr>`,
          )}
        </tbody>
      </table>
      </div>
      <ul>
        ${c.readings.map((t) => html`<li data-testid="calibration-reading">${sentence(t)}</li>`)}
      </ul>
      ${
        c.remedies.length > 0
          ? html`<p class="note">Remedies:</p>
              <ul data-testid="calibration-remedies">
                ${c.remedies.map(
                  (r) =>
                    html`<li data-kind=${r.kind}>${sentence(`${r.text}${r.computed ? ' (computed)' : ''}`)}</li>`,
                )}
              </ul>`
          : html`<p class="note" data-testid="calibration-remedies">
              Every quantity covers about as a 95% interval should: no remedy needed.
            </p>`
      }
      <export-menu label="Export the calibration" .actions=${this.exportActions(run)}></export-menu>
    </div>`;
  }

  override render() {
    const fit = this.fit;
    if (!fit) return nothing;
    const job = this.job;
    const running = job.running;
    const draft = this.draft;
    const parsed = this.parsed(fit);
    const defaultBudget = this.targetBudget ?? defaultTarget(this.runs).budget;
    const engine = this.manager?.engineFor('fit');
    const problems = parsed.ok ? [] : parsed.problems;
    const failure = job.error;
    const last = job.value;
    return html`<section data-testid="calibration-panel" aria-label="Calibration of the intervals">
      ${this.heading ? html`<h4>${this.heading}</h4>` : nothing}
      <p class="note">
        Simulates R data sets on these runs’ (N, D) from the fitted law, with the fit’s residuals
        on ln L resampled, fits each with the fit’s options and K replicas, and counts how often
        the 95% intervals contain the law’s own value. The fit itself is not redone.
      </p>
      <div class="controls">
        ${FIELDS.map((f) => this.renderField(f, draft, `default ${budgetText(defaultBudget)}`))}
        <button
          data-testid="calibration-run"
          ?disabled=${running !== undefined || !parsed.ok || !this.manager}
          @click=${() => {
            if (parsed.ok) this.start([this.runs, fit, parsed.request]);
          }}
        >
          Calibrate
        </button>
        ${
          running
            ? html`<span class="note" data-testid="calibration-progress" role="status"
                  >${calibrationProgressText(
                    running.progress,
                    (performance.now() - running.startedAt) / 1000,
                  )}</span
                >
                <button data-testid="calibration-cancel" @click=${() => job.cancel()}>Cancel</button>`
            : nothing
        }
      </div>
      ${
        parsed.ok
          ? html`<p class="note" data-testid="calibration-cost">
              ${localFitsText(parsed.request)}${engine ? `, on the ${ENGINE_NAMES[engine.kind]} engine` : ''}.
            </p>`
          : nothing
      }
      ${
        problems.length > 0 || failure
          ? html`<div class="problem" role="alert" data-testid="calibration-error">
              ${problems.map((p) => html`<p>${sentence(p)}</p>`)}
              ${failure ? html`<p>The calibration failed: ${sentence(failure)}${last ? ' The previous result is kept.' : ''}</p>` : nothing}
            </div>`
          : nothing
      }
      ${this.stoppedNote && !running ? html`<p class="note">${this.stoppedNote}</p>` : nothing}
      ${job.notice && !running && !this.stoppedNote ? html`<p class="note" data-testid="calibration-notice">${job.notice}</p>` : nothing}
      ${last ? this.renderResult(last) : nothing}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'calibration-panel': CalibrationPanel;
  }
}
