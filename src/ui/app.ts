/**
 * The app shell: holds the one copy of the scenario state, renders every panel from it and
 * applies the changes they send, and runs the fit jobs (results live beside the state, not in
 * it). The state is read from the page's link at start and mirrored in the address bar after
 * every change (share-sync.ts), so Back, Forward and a copied link reproduce it. Datasets and
 * finished fits are saved in the browser's workspace (workspace-sync.ts); after a reload the
 * data a link names by hash and the fit of the state are read back from it, not refitted.
 * Owns nothing GPU-related: the engine manager is passed in.
 */
import { provide } from '@lit/context';
import { html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ColourMode } from '../colour/colour-map';
import type { ColourMapName } from '../colour/colour-maps';
import type { ColumnMapping } from '../data/mapping';
import { parseRunsAsync } from '../data/parse-async';
import type { RunsImport } from '../data/runs';
import type { EngineManager, EnginePreference } from '../engine/manager';
import type { Approach2Result } from '../fit/approach2';
import { type ForecastCheck, runForecastCheck } from '../fit/forecast';
import type { AnyFitMethod } from '../fit/method';
import { findFitMethod } from '../fit/methods';
import { APPROACH2 } from '../fit/methods/approach2';
import { APPROACH3 } from '../fit/methods/approach3';
import { replicaLaws } from '../fit/replica-table';
import { fitResultKey, fittedSeries, planSeriesFits, type SeriesFit } from '../fit/series-fit';
import type { FitOptions, FitProgress, FitResult, FitRun } from '../fit/types';
import type { SurfaceGrid } from '../law/grid';
import type { ScalingLaw } from '../law/law';
import { builtinRef, cleanDatasetName, type UsableRuns, userRef } from '../scenario/dataset';
import type { ChangeKind } from '../scenario/history';
import {
  type CompareState,
  DEFAULT_STATE,
  type DesignState,
  type ForecastSettings,
  type FrontierState,
  type PlannerState,
  type ScenarioState,
  type SweepState,
  sameLaw,
  VIEW_IDS,
  type ViewId,
  withChanges,
  withCompare,
  withDataset,
  withDesign,
  withFittedLaw,
  withFrontier,
  withLaw,
  withPlanner,
  withPreset,
  withRowExcluded,
  withSweep,
} from '../scenario/state';
import type { Decoded } from '../scenario/url-codec';
import {
  canonicalJson,
  type FitInputs,
  fitInputsOf,
  type StoredFit,
} from '../workspace/app-records';
import { WorkspaceError } from '../workspace/errors';
import type { EntryMeta } from '../workspace/records';
import { appStyles } from './app-styles';
import type { FormOptions } from './charts/fit-option-fields';
import type { RefusedImport } from './data-panel';
import { DatasetCache } from './dataset-cache';
import type { JobView, MethodResultView } from './fit-view';
import { JobController } from './job-controller';
import { listKeyTarget } from './keyboard-nav';
import type { NoticeBoard } from './notices';
import { ShareSync } from './share-sync';
import './share-link';
import './share-notices';
import './bench-view';
import './colour-toggle';
import './compare-view';
import './design-view';
import './series-picker';
import './engine-badge';
import './engine-select';
import './fit-view';
import './frontier-view';
import './grid-controls';
import './law-controls';
import './surface-view';
import './sweep-view';
import { nextTask } from './next-task';
import { engineManagerContext, noticeBoardContext } from './services';
import './workspace-menu';
import { planOpen } from './workspace-open';
import { savedOn, WorkspaceSync } from './workspace-sync';

type Detail<T> = CustomEvent<T>;

/** The look of the workspace's notices (a note band, as the link's notices have). */
const NOTE_STYLE =
  'margin:8px 16px 0;padding:6px 12px;border:1px solid #e3c77a;background:#fff8e1;border-radius:6px;font-size:12.5px;color:#4a3b00';

/** What a fit job fits: the series plan of the usable runs, with the options and data name. */
interface FitJobInput {
  readonly plan: ReturnType<typeof planSeriesFits>;
  /** The method the state names (the default when the state names none registered). */
  readonly method: AnyFitMethod;
  readonly options: FitOptions;
  readonly name: string;
  /** What the fit depends on, its key in the workspace. */
  readonly inputs: FitInputs;
}

/** What a forecast check fits. */
interface ForecastJobInput {
  readonly runs: UsableRuns['runs'];
  readonly options: FitOptions;
  readonly holdOut: number;
}

@customElement('scaling-sweep-app')
export class ScalingSweepApp extends LitElement {
  static override styles = appStyles;

  /** Provided to every view through `engineManagerContext` (services.ts). */
  @provide({ context: engineManagerContext })
  @property({ attribute: false })
  manager!: EngineManager;
  /** Provided through `noticeBoardContext` (services.ts). */
  @provide({ context: noticeBoardContext })
  @property({ attribute: false })
  notices: NoticeBoard | undefined;
  @state() scenario: ScenarioState = DEFAULT_STATE;
  /** The last CSV the user offered, when it was refused; the dataset stays as it was. */
  @state() private refused: RefusedImport | undefined;
  /** The name of a CSV being parsed (on a worker), shown while it lasts. */
  @state() private parsing: string | undefined;
  /** What the link the page was opened with (or went back to) left out, until dismissed. */
  @state() private linkReport: Pick<Decoded, 'ignored' | 'notices'> | undefined;
  /** The address bar: read at start, written on every change, followed on Back and Forward. */
  private readonly share = new ShareSync(
    (decoded, atStart) => this.restore(decoded, atStart),
    () => this.requestUpdate(),
  );

  /** The fit job: every selected series fitted with the same method and options. */
  private readonly fitJob = new JobController<
    [string, FitJobInput],
    readonly SeriesFit<unknown>[],
    FitProgress
  >(this, {
    task: ([, input], job) => {
      this.fitJobsStarted++;
      return this.manager.run(
        'fit',
        (engine) => engine.fitSeries(input.method, input.plan, input.options, job),
        job.signal,
      );
    },
    argsEqual: (a, b) => a[0] === b[0],
    phaseOf: (p) => p.phase,
    onComplete: (fits, [key, input]) => {
      this.fittedName = input.name;
      this.lastByMethod.set(input.method.id, { key, fits, plan: input.plan });
      const chosen = fittedSeries(fits).find((f) => f.series === this.chosenSeries);
      const first = chosen ?? fittedSeries(fits)[0];
      this.chosenSeries = first?.series ?? null;
      const law = first ? input.method.law(first.result) : undefined;
      if (law) this.setScenario(withFittedLaw(this.scenario, law));
      this.restoredFit = undefined;
      const stored = {
        inputs: input.inputs,
        datasetName: input.name,
        chosenSeries: this.chosenSeries,
        fits,
      };
      void this.workspace.saveFit(stored, this.fitEntryName(stored, input.method));
    },
  });
  /**
   * The last fit job of each method, kept when another method is fitted next, so the Frontier
   * can draw Approach 2's allocation beside Approach 3's bands; each is shown while its runs
   * are the usable runs.
   */
  private readonly lastByMethod = new Map<
    string,
    { key: string; fits: readonly SeriesFit<unknown>[]; plan: FitJobInput['plan'] }
  >();

  /**
   * The chosen series' fit (else the first that fitted) in the last job of `methodId`, with that
   * job's series plan, when the job fitted the runs shown now.
   */
  private lastPickOf(methodId: string) {
    const last = this.lastByMethod.get(methodId);
    if (!last || last.key !== this.fitKey(this.usable, methodId)) return undefined;
    const fitted = fittedSeries(last.fits);
    const pick = fitted.find((f) => f.series === this.chosenSeries) ?? fitted[0];
    return pick && { pick, plan: last.plan };
  }

  /** The last result of `methodId` for the chosen series, when it fitted the runs shown now. */
  private lastResultOf(methodId: string): unknown {
    return this.lastPickOf(methodId)?.pick.result;
  }

  /**
   * What the Design view plans from: the Approach-3 fit of the chosen series (else the first
   * that fitted) in the fit shown or, after another method, the last Approach-3 fit of the same
   * runs, with the runs it was fitted on; or why there is none.
   */
  private get designInput():
    | { fit: FitResult; runs: readonly FitRun[]; label: string }
    | { reason: string } {
    const last = this.lastPickOf(APPROACH3.id);
    if (!last)
      return {
        reason:
          'Fit the runs with Approach 3 in the Fit view first: the designer plans from that fit.',
      };
    const { pick, plan } = last;
    const runs = plan.find((p) => p.series === pick.series)?.runs;
    if (!runs) return { reason: 'The last Approach-3 fit has no fitted series to plan from.' };
    const series = pick.series === null ? '' : `, series ${pick.series}`;
    return { fit: pick.result as FitResult, runs, label: `${this.fittedName}${series}` };
  }

  /** The last Approach-2 result of the chosen series, when it fitted the runs shown now. */
  private get approach2Result(): Approach2Result | undefined {
    return this.lastResultOf(APPROACH2.id) as Approach2Result | undefined;
  }

  /**
   * The Approach-3 fit whose bands the Frontier draws: the fit shown, or, after another
   * method was fitted, the last Approach-3 fit of the same runs.
   */
  private get frontierFit(): FitResult | undefined {
    return this.fitResult ?? (this.lastResultOf(APPROACH3.id) as FitResult | undefined);
  }

  /**
   * How many fit jobs this page started. The end-to-end tests read it to prove that a fit shown
   * after a reload came from the workspace, not from a refit.
   */
  fitJobsStarted = 0;
  /** The workspace (IndexedDB): datasets and fits saved as they come, read back after a reload. */
  private readonly workspace = new WorkspaceSync(() => this.requestUpdate());
  /** The fit job result read back from the workspace, with its entry, while it is the one shown. */
  private restoredFit: { fits: readonly SeriesFit<unknown>[]; entry: EntryMeta } | undefined;
  /** What the app found (or could not read) in the workspace, until dismissed. */
  @state() private workspaceNote: string | undefined;
  /** The series whose fit the views show (null: the first that fitted). */
  @state() private chosenSeries: string | null = null;
  /** The method of the last finished fit job. */
  private get fittedMethod(): AnyFitMethod {
    return this.fitJob.result?.args[1].method ?? APPROACH3;
  }
  /** Fit results keyed by (series, method), from the last finished fit job. */
  private get fitResults(): ReadonlyMap<string, unknown> {
    const out = new Map<string, unknown>();
    const method = this.fittedMethod.id;
    for (const f of fittedSeries(this.fitJob.result?.value ?? [])) {
      out.set(fitResultKey(f.series, method), f.result);
    }
    return out;
  }
  /** The result the views show: the chosen series' result, else the first series that fitted. */
  private get chosenResult(): unknown {
    const results = this.fitResults;
    return (
      results.get(fitResultKey(this.chosenSeries, this.fittedMethod.id)) ??
      results.values().next().value
    );
  }
  /**
   * The chosen result as an Approach-3 fit, which the parameter table, charts, bands and
   * replicas read; undefined for another method (its result shows through its own rows).
   */
  private get fitResult(): FitResult | undefined {
    return this.fittedMethod.id === APPROACH3.id
      ? (this.chosenResult as FitResult | undefined)
      : undefined;
  }
  /** The chosen result of a method other than Approach 3, as its rows and summary. */
  private get methodView(): MethodResultView | undefined {
    const method = this.fittedMethod;
    const result = this.chosenResult;
    if (method.id === APPROACH3.id || result === undefined) return undefined;
    return {
      id: method.id,
      result,
      label: method.label,
      summary: method.summary(result),
      rows: method.rows(result),
    };
  }
  /** The law of the chosen result, whatever the method. */
  private get chosenLaw(): ScalingLaw | undefined {
    const result = this.chosenResult;
    return result === undefined ? undefined : this.fittedMethod.law(result);
  }
  /** The hold-out forecast check: refit without the largest runs, predict them. */
  private readonly forecastJob = new JobController<
    [string, ForecastJobInput],
    ForecastCheck,
    FitProgress
  >(this, {
    task: ([, input], job) =>
      this.manager.run(
        'fit',
        (engine) =>
          runForecastCheck(
            (r, o, j) => engine.fit(r, o, j),
            input.runs,
            input.options,
            input.holdOut,
            job,
          ),
        job.signal,
      ),
    argsEqual: (a, b) => a[0] === b[0],
    phaseOf: (p) => p.phase,
  });
  /** Name of the dataset the current fit result came from. */
  private fittedName = '';
  private readonly data = new DatasetCache(() => this.requestUpdate());

  private readonly onManagerChange = () => this.requestUpdate();

  /** Replica laws of a fit, one array per fit so the Sweep view keeps its result across renders. */
  private readonly replicaCache = new WeakMap<FitResult, readonly ScalingLaw[]>();
  private replicaLaws(fit: FitResult | undefined): readonly ScalingLaw[] | undefined {
    if (!fit?.bootstrap) return undefined;
    let laws = this.replicaCache.get(fit);
    if (!laws) {
      laws = replicaLaws(fit.bootstrap.replicas);
      this.replicaCache.set(fit, laws);
    }
    return laws;
  }

  /**
   * The Sweep's multiplier reference: the Compare view's reference series (else the first that
   * fitted) in the last fit job, its point law and replica table, and whether it is the active
   * law.
   */
  private get sweepReference() {
    const fitted = fittedSeries(this.fitJob.result?.value ?? []);
    const name = this.scenario.compare.reference ?? fitted[0]?.series;
    const ref = fitted.find((f) => f.series === name);
    const law = ref && this.fittedMethod.law(ref.result);
    if (!ref || ref.series === null || !law) return undefined;
    const replicaTable =
      this.fittedMethod.id === APPROACH3.id
        ? (ref.result as FitResult).bootstrap?.replicas
        : undefined;
    return {
      name: ref.series,
      law,
      replicaTable,
      isActive: sameLaw(law, this.scenario.law),
    };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.manager.addEventListener('change', this.onManagerChange);
    this.notices?.addEventListener('change', this.onManagerChange);
    const decoded = this.share.start();
    if (decoded) this.showLinkReport(decoded, true);
    void this.recover();
    if (this.manager.status.state === 'starting' && !this.manager.engine) {
      void this.manager.use(this.scenario.enginePreference);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.manager.removeEventListener('change', this.onManagerChange);
    this.notices?.removeEventListener('change', this.onManagerChange);
    this.share.stop();
  }

  /**
   * Applies a new state and mirrors it in the address bar: 'commit' adds a history entry,
   * 'transient' (a drag, typing) coalesces into one (src/scenario/history.ts).
   */
  private setScenario(next: ScenarioState, kind: ChangeKind = 'commit') {
    this.scenario = next;
    this.share.record(next, kind);
    this.keepDataset(next);
  }

  /** Saves the state's user dataset (with its mapping) in the workspace, once per session. */
  private keepDataset(s: ScenarioState) {
    if (s.dataset.source === 'user') void this.workspace.saveDataset(s.dataset, s.columnMapping);
  }

  /**
   * Takes a decoded link's state and lists what it ignored. At start, a fitted law also gets a
   * note on fitting again; on Back and Forward a list appears only when there is one.
   */
  private showLinkReport(decoded: Decoded, atStart = false) {
    const s = decoded.state;
    this.scenario = s;
    this.keepDataset(s);
    if (decoded.imported) this.data.remember(s.dataset, decoded.imported, s.columnMapping);
    const step = decoded.mappingStep;
    if (step) {
      const reason = step.imported.errors.join(' ');
      this.refused = { name: step.name, reason, imported: step.imported, csv: step.csv };
    }
    const notices = [...decoded.notices];
    if (atStart && s.lawSource === 'fit')
      notices.push(
        `This link carries a fitted law (its point estimate). Fitting again with seed ${s.fitOptions.seed} and the same options reproduces its bootstrap.`,
      );
    if (decoded.ignored.length > 0 || notices.length > 0)
      this.linkReport = { ignored: decoded.ignored, notices };
  }

  /** Back or Forward (or a link whose data was read): its state, with the engine it names. */
  private restore(decoded: Decoded, atStart = false) {
    const preference = this.scenario.enginePreference;
    this.showLinkReport(decoded, atStart);
    if (decoded.state.enginePreference !== preference) {
      this.notices?.clear();
      void this.manager.use(decoded.state.enginePreference);
    }
    void this.recover();
  }

  private get imported(): RunsImport {
    return this.data.imported(this.scenario.dataset, this.scenario.columnMapping);
  }

  private get usable(): UsableRuns {
    const s = this.scenario;
    return this.data.usable(s.dataset, s.excludedRows, s.columnMapping);
  }

  /** Counts dataset loads, so a slow parse that a newer load superseded is ignored. */
  private datasetLoads = 0;

  /**
   * Parses a CSV off the UI thread (src/data/parse-async.ts), through `mapping` when the mapping
   * step gave one (else by header names), then adopts it with that mapping or refuses it.
   */
  private async onDatasetText(
    fileName: string,
    text: string,
    mapping: ColumnMapping | null = null,
  ) {
    const name = cleanDatasetName(fileName);
    const load = ++this.datasetLoads;
    this.parsing = name;
    const imported = await parseRunsAsync(text, mapping ?? undefined);
    // Rebuilding a big import's runs took one task; showing them (checks, history, render)
    // starts in the next, so that neither blocks the page for their sum.
    await nextTask();
    if (load !== this.datasetLoads) return;
    this.parsing = undefined;
    const made = userRef(name, text, imported);
    if ('refused' in made) {
      const csv = imported.needsMapping ? { csv: text } : {};
      this.refused = { name, reason: made.refused, imported, ...csv };
      return;
    }
    this.refused = undefined;
    this.data.remember(made.ref, imported, mapping);
    const next = withDataset(this.scenario, made.ref);
    this.setScenario(withChanges(next, { columnMapping: mapping, seriesSelection: [] }));
  }

  private onBuiltin() {
    this.refused = undefined;
    if (this.scenario.dataset.source === 'builtin') return;
    const next = withDataset(this.scenario, builtinRef(1));
    this.setScenario(withChanges(next, { columnMapping: null, seriesSelection: [] }));
  }

  /** Identifies what a fit job fits: the usable runs, the method and the series selection. */
  private fitKey(usable: UsableRuns, methodId: string = this.scenario.fitMethod): string {
    const s = this.scenario;
    return `${usable.key}|${methodId}|${s.seriesSelection.map(encodeURIComponent).join(',')}`;
  }

  private startFit() {
    const usable = this.usable;
    const s = this.scenario;
    void this.fitJob.run([
      this.fitKey(usable),
      {
        plan: planSeriesFits(usable.runs, s.seriesSelection),
        method: findFitMethod(s.fitMethod) ?? APPROACH3,
        options: s.fitOptions,
        name: s.dataset.name,
        inputs: fitInputsOf(s),
      },
    ]);
  }

  /** The workspace entry's name for a finished fit job. */
  private fitEntryName(fit: StoredFit, method: AnyFitMethod): string {
    const o = fit.inputs.options;
    const k = o.bootstrap > 0 ? `, K = ${o.bootstrap.toLocaleString('en-US')}` : '';
    return `${method.label} fit of ${fit.datasetName} (seed ${o.seed}${k})`;
  }

  /**
   * After the start, a reload, Back or Forward: the data the link named without carrying it,
   * then the fit of this state, read back from the workspace when they are there.
   */
  private async recover() {
    if (this.share.reading || !(await this.workspace.ready())) return;
    await this.recoverData();
    await this.recoverFit();
  }

  /** The data a link named by its hash, found in the workspace: it is loaded and the receiver told. */
  private async recoverData() {
    const missing = this.scenario.dataset;
    if (missing.source !== 'missing') return;
    const found = await this.workspace.findDataset(missing.hash);
    if (this.scenario.dataset !== missing || found.status === 'missing') return;
    if (found.status === 'unreadable') {
      this.workspaceNote = `“${missing.name}” is in this browser’s workspace but cannot be read (${found.reason}).`;
      return;
    }
    const { ref, imported, mapping, entry } = found.value;
    this.data.remember(ref, imported, mapping);
    const decoded = this.share.adoptFound(ref);
    this.showLinkReport(decoded);
    const note = `The link’s data was not included: “${ref.name}” (hash ${ref.hash}) was found in this browser’s workspace, saved on ${savedOn(entry)}, and loaded.`;
    this.linkReport = { ignored: decoded.ignored, notices: [...decoded.notices, note] };
  }

  /** The fit of the current state, read back from the workspace instead of fitted again. */
  private async recoverFit() {
    const inputs = fitInputsOf(this.scenario);
    const jobKey = this.fitKey(this.usable);
    const shown = this.fitJob.result?.args[1].inputs;
    if (this.fitJob.running || (shown && canonicalJson(shown) === canonicalJson(inputs))) return;
    const found = await this.workspace.findFit(inputs);
    const same = canonicalJson(fitInputsOf(this.scenario)) === canonicalJson(inputs);
    const moved = this.fitJob.running || this.fitJob.result?.args[1].inputs !== shown;
    if (!same || moved || found.status === 'missing') return;
    if (found.status === 'unreadable') {
      this.workspaceNote = `A fit of this data is saved in the workspace${found.entry ? ` (“${found.entry.name}”)` : ''} but cannot be read (${found.reason}). Fit again to replace it.`;
      return;
    }
    this.adoptFit(found.value, found.entry, jobKey);
  }

  /** Shows a stored fit job as if it had just finished (the law is left as the state has it). */
  private adoptFit(fit: StoredFit, entry: EntryMeta, jobKey: string) {
    const method = findFitMethod(fit.inputs.method) ?? APPROACH3;
    const input: FitJobInput = {
      // The stored fit belongs to the usable runs of this state (recoverFit and planOpen check).
      plan: planSeriesFits(this.usable.runs, this.scenario.seriesSelection),
      method,
      options: fit.inputs.options,
      name: fit.datasetName,
      inputs: fit.inputs,
    };
    this.fitJob.result = { value: fit.fits, args: [jobKey, input] };
    this.lastByMethod.set(method.id, { key: jobKey, fits: fit.fits, plan: input.plan });
    this.fittedName = fit.datasetName;
    this.chosenSeries = fit.chosenSeries;
    this.restoredFit = { fits: fit.fits, entry };
    this.requestUpdate();
  }

  /** The restored fit's entry, while the fit shown is the one read back from the workspace. */
  private get restoredEntry(): EntryMeta | undefined {
    const r = this.restoredFit;
    return r && this.fitJob.result?.value === r.fits ? r.entry : undefined;
  }

  /** Opens a workspace entry: a dataset, a fit (with its data and options), or a scenario. */
  private async openEntry(entry: EntryMeta) {
    this.workspaceNote = undefined;
    const plan = await planOpen(entry, this.scenario, this.workspace);
    if ('problem' in plan) {
      this.workspaceNote = `“${entry.name}” could not be opened: ${plan.problem}.`;
      return;
    }
    const preference = this.scenario.enginePreference;
    if (plan.imported)
      this.data.remember(plan.imported.ref, plan.imported.imported, plan.imported.mapping);
    this.refused = undefined;
    this.setScenario(plan.state);
    const report = plan.report;
    if (report && (report.ignored.length > 0 || report.notices.length > 0))
      this.linkReport = report;
    if (plan.state.enginePreference !== preference) {
      this.notices?.clear();
      void this.manager.use(plan.state.enginePreference);
    }
    if (plan.fit) this.adoptFit(plan.fit.fit, plan.fit.entry, this.fitKey(this.usable));
    else await this.recoverFit();
  }

  private async saveScenario(name: string) {
    const saved = await this.workspace.saveScenario(name, this.scenario);
    if (saved) this.workspaceNote = `Saved this view as “${saved.name}” in the workspace.`;
  }

  /** The workspace's notices: storage that failed (once), and what was found or not read. */
  private renderWorkspaceNotes() {
    const failed = this.workspace.notice;
    const note = this.workspaceNote;
    return html`${
      failed
        ? html`<p role="alert" class="workspace-note" style=${NOTE_STYLE} data-testid="workspace-notice">${failed}
          <button @click=${() => this.workspace.dismissNotice()}>Dismiss</button></p>`
        : nothing
    }${
      note
        ? html`<p role="status" class="workspace-note" style=${NOTE_STYLE} data-testid="workspace-note">${note}
          <button @click=${() => {
            this.workspaceNote = undefined;
          }}>Dismiss</button></p>`
        : nothing
    }`;
  }

  private startForecast() {
    const usable = this.usable;
    const { holdOut, bootstrap } = this.scenario.forecast;
    const options: FitOptions = { ...this.scenario.fitOptions, bootstrap };
    void this.forecastJob.run([
      `${usable.key}|${holdOut}`,
      { runs: usable.runs, options, holdOut },
    ]);
  }

  private jobView<T, I>(job: JobController<[string, I], T, FitProgress>, key: string): JobView<T> {
    return {
      value: job.result?.value,
      stale: job.result !== undefined && job.result.args[0] !== key,
      running: job.running,
      error: job.error,
      notice: job.notice,
    };
  }

  /** The law controls' source line for a fitted law. */
  private get fitLabel(): string {
    const fit = this.fitResult;
    if (!fit || !sameLaw(fit.best.law, this.scenario.law)) {
      const o = this.scenario.fitOptions;
      return this.scenario.lawSource === 'fit'
        ? `Fitted law from a link: its point estimate, from a fit with seed ${o.seed} and ${o.bootstrap.toLocaleString('en-US')} bootstrap replicas. Fit again on ${this.scenario.dataset.name} to reproduce its intervals.`
        : '';
    }
    const k = fit.bootstrap
      ? `, ${fit.bootstrap.converged.toLocaleString('en-US')} bootstrap replicas`
      : '';
    const restored = this.restoredEntry;
    const from = restored ? ` Restored from the workspace (saved on ${savedOn(restored)}).` : '';
    return `Fitted to ${fit.rows} runs of ${this.fittedName}${k} (${fit.engine.toUpperCase()}).${from}`;
  }

  private get fitActive(): boolean {
    const fit = this.fitResult;
    return this.scenario.lawSource === 'fit' && !!fit && sameLaw(fit.best.law, this.scenario.law);
  }

  private renderFitView() {
    const s = this.scenario;
    const usable = this.usable;
    const status = this.manager.status;
    const restored = s.view === 'fit' ? this.restoredEntry : undefined;
    return html`${this.parsing && s.view === 'fit' ? html`<p role="status" class="parsing" data-testid="dataset-parsing">Reading ${this.parsing}…</p>` : nothing}${
      restored
        ? html`<p role="status" class="workspace-note" style=${NOTE_STYLE} data-testid="fit-restored">Restored from the workspace: this fit (“${restored.name}”) was saved on ${savedOn(restored)} and was not run again.</p>`
        : nothing
    }<fit-view
      id="panel-fit"
      role="tabpanel"
      aria-labelledby="tab-fit"
      ?hidden=${s.view !== 'fit'}
      .scenario=${s}
      .imported=${this.imported}
      .refused=${this.refused}
      .usableCount=${usable.runs.length}
      .usableWarnings=${usable.warnings}
      .blocker=${usable.blocker ?? undefined}
      .fit=${{ ...this.jobView(this.fitJob, this.fitKey(usable)), value: this.fitResult }}
      .seriesFits=${this.fitJob.result?.value ?? []}
      .lawOf=${(result: unknown) => this.fittedMethod.law(result)}
      .methodView=${this.methodView}
      .chosenSeries=${this.chosenResult !== undefined ? this.chosenSeries : null}
      .forecast=${this.jobView(this.forecastJob, `${usable.key}|${s.forecast.holdOut}`)}
      .engineLabel=${status.label}
      ?fitActive=${this.fitActive}
      .now=${performance.now()}
      @dataset-text=${(e: Detail<{ name: string; text: string }>) => this.onDatasetText(e.detail.name, e.detail.text)}
      @dataset-mapping=${(e: Detail<{ name: string; text: string; mapping: ColumnMapping }>) =>
        this.onDatasetText(e.detail.name, e.detail.text, e.detail.mapping)}
      @dataset-refused=${(e: Detail<{ name: string; reason: string }>) => {
        this.refused = { name: e.detail.name, reason: e.detail.reason };
      }}
      @refused-dismiss=${() => {
        this.refused = undefined;
      }}
      @dataset-builtin=${() => this.onBuiltin()}
      @row-exclusion=${(e: Detail<{ row: number; excluded: boolean }>) =>
        this.setScenario(withRowExcluded(this.scenario, e.detail.row, e.detail.excluded))}
      @exclusions-clear=${() => this.setScenario(withChanges(this.scenario, { excludedRows: [] }))}
      @series-selection=${(e: Detail<{ selection: readonly string[] }>) =>
        this.setScenario(withChanges(this.scenario, { seriesSelection: [...e.detail.selection] }))}
      @fit-options-change=${(e: Detail<{ options: FormOptions }>) =>
        this.setScenario(withChanges(this.scenario, { fitOptions: e.detail.options }), 'transient')}
      @fit-method-change=${(e: Detail<{ method: string }>) =>
        this.setScenario(withChanges(this.scenario, { fitMethod: e.detail.method }))}
      @fit-start=${() => this.startFit()}
      @fit-cancel=${() => this.fitJob.cancel()}
      @fit-series-choose=${(e: Detail<{ series: string | null }>) => this.chooseSeries(e.detail.series)}
      @fit-apply=${() => {
        const law = this.chosenLaw;
        if (law) this.setScenario(withFittedLaw(this.scenario, law));
      }}
      @forecast-settings-change=${(e: Detail<Partial<ForecastSettings>>) =>
        this.setScenario(
          withChanges(this.scenario, { forecast: { ...this.scenario.forecast, ...e.detail } }),
          'transient',
        )}
      @forecast-start=${() => this.startForecast()}
      @forecast-cancel=${() => this.forecastJob.cancel()}
    ></fit-view>`;
  }

  /** Shows `series`' fit in the views and makes its law the active law. */
  private chooseSeries(series: string | null): void {
    this.chosenSeries = series;
    const law = this.chosenLaw;
    if (law) this.setScenario(withFittedLaw(this.scenario, law));
  }

  /** The Design view, on the Approach-3 fit shown (designInput). */
  private renderDesignView() {
    const s = this.scenario;
    const input = this.designInput;
    return html`<design-view
      id="panel-design"
      role="tabpanel"
      aria-labelledby="tab-design"
      ?hidden=${s.view !== 'design'}
      .active=${s.view === 'design'}
      .fit=${'fit' in input ? input.fit : undefined}
      .runs=${'fit' in input ? input.runs : []}
      .dataLabel=${'fit' in input ? input.label : ''}
      .noFitReason=${'reason' in input ? input.reason : ''}
      .design=${s.design}
      .colourMap=${s.colourMap}
      @design-change=${(e: Detail<{ design: DesignState }>) =>
        this.setScenario(withDesign(this.scenario, e.detail.design))}
      @design-plan=${(e: Detail<{ plan: DesignState['plan'] }>) =>
        this.setScenario(
          withDesign(this.scenario, { ...this.scenario.design, plan: e.detail.plan }),
          'transient',
        )}
      @design-open-fit=${() => this.setScenario(withChanges(this.scenario, { view: 'fit' }))}
    ></design-view>`;
  }

  /** The Compare view, on the last fit job's per-series results. */
  private renderCompareView() {
    const s = this.scenario;
    const last = this.fitJob.result;
    const input = last?.args[1];
    return html`<compare-view
      id="panel-compare"
      role="tabpanel"
      aria-labelledby="tab-compare"
      ?hidden=${s.view !== 'compare'}
      .active=${s.view === 'compare'}
      .fits=${last?.value ?? []}
      .plan=${input?.plan ?? []}
      .method=${input?.method.id ?? 'approach3'}
      .options=${input?.options}
      .fitKey=${last?.args[0] ?? ''}
      .compare=${s.compare}
      @compare-change=${(e: Detail<{ compare: CompareState }>) =>
        this.setScenario(withCompare(this.scenario, e.detail.compare))}
    ></compare-view>`;
  }

  private renderLinkReport(s: ScenarioState) {
    if (this.share.reading)
      return html`<p role="status" class="parsing" data-testid="link-reading">Reading the data in this link…</p>`;
    const r = this.linkReport;
    if (!r) return nothing;
    const refit = s.lawSource === 'fit' && s.dataset.source !== 'missing' && !this.fitActive;
    return html`<share-notices
      .ignored=${r.ignored}
      .notices=${r.notices}
      ?canRefit=${refit}
      @share-notices-dismiss=${() => {
        this.linkReport = undefined;
      }}
      @share-refit=${() => this.startFit()}
    ></share-notices>`;
  }

  /**
   * The view tabs (ARIA tabs pattern): each tab controls its panel (`panel-<view>`), only the
   * selected tab is in the Tab order, and Left, Right (wrapping), Home and End move to another
   * tab and show its view at once (automatic activation: switching views is cheap, as hidden
   * views stay mounted).
   */
  private renderTabs(view: ViewId) {
    const tab = (id: ViewId, label: string) =>
      html`<button
        role="tab"
        id=${`tab-${id}`}
        data-testid=${`tab-${id}`}
        aria-selected=${view === id ? 'true' : 'false'}
        aria-controls=${`panel-${id}`}
        tabindex=${view === id ? 0 : -1}
        @click=${() => this.setScenario(withChanges(this.scenario, { view: id }))}
        @keydown=${(e: KeyboardEvent) => this.onTabKey(e, id)}
      >
        ${label}
      </button>`;
    return html`<nav role="tablist" aria-label="Views">${tab('surface', 'Surface')}${tab('fit', 'Fit')}${tab('compare', 'Compare')}${tab('design', 'Design')}${tab('frontier', 'Frontier')}${tab('sweep', 'Sweep')}${tab('bench', 'Bench')}</nav>`;
  }

  /** Arrow keys, Home and End on the tab of view `from`: select the tab they reach and focus it. */
  private onTabKey(e: KeyboardEvent, from: ViewId) {
    const next = listKeyTarget(e.key, VIEW_IDS.indexOf(from), VIEW_IDS.length, 'horizontal', true);
    if (next === undefined) return;
    e.preventDefault();
    const view = VIEW_IDS[next]!;
    if (view !== this.scenario.view) this.setScenario(withChanges(this.scenario, { view }));
    this.renderRoot.querySelector<HTMLElement>(`#tab-${view}`)?.focus();
  }

  private onEngine(preference: EnginePreference) {
    this.setScenario(withChanges(this.scenario, { enginePreference: preference }));
    this.notices?.clear();
    void this.manager.use(preference);
  }

  override render() {
    const s = this.scenario;
    return html`
      <header>
        <h1>Scaling Sweep</h1>
        ${this.renderTabs(s.view)}
        <span class="tagline">${
          s.view === 'fit'
            ? 'Fit L(N, D) = E + A/Nᵅ + B/Dᵝ to training runs (Hoffmann et al. Approach 3) with bootstrap intervals'
            : s.view === 'compare'
              ? 'Recipe against recipe: the effective compute multiplier with paired bootstrap intervals, and joint fits with shared parameters'
              : s.view === 'design'
                ? 'Which runs to train next: the runs that pin down the target most per FLOP, checked by simulation, and whether the intervals are honest'
                : s.view === 'frontier'
                  ? 'Compute-optimal N, D, tokens/param and loss against budget, with bootstrap bands, and a scenario planner'
                  : s.view === 'sweep'
                    ? 'The constrained optimum in every cell of two scenario axes, solved on the engine in use'
                    : s.view === 'bench'
                      ? 'GPU against CPU throughput on this machine: surface, fits, frontier and sweep'
                      : 'Loss surface L(N, D) of the two-term scaling law, with isoFLOP lines and the compute-optimal frontier'
        }</span>
        <engine-badge .status=${this.manager.status} .extraNotice=${this.notices?.latest}></engine-badge>
        <engine-select
          .preference=${s.enginePreference}
          @engine-preference-change=${(e: CustomEvent<{ preference: EnginePreference }>) => this.onEngine(e.detail.preference)}
        ></engine-select>
        <share-link .state=${s}></share-link>
        <workspace-menu
          .store=${this.workspace.store}
          .notice=${this.workspace.unavailable ?? ''}
          .revision=${this.workspace.revision}
          @workspace-open=${(e: Detail<{ entry: EntryMeta }>) => this.openEntry(e.detail.entry)}
          @workspace-save-scenario=${(e: Detail<{ name: string }>) => this.saveScenario(e.detail.name)}
          @workspace-error=${(e: Detail<{ message: string }>) => this.workspace.fail(new WorkspaceError(e.detail.message))}
        ></workspace-menu>
      </header>
      ${this.renderWorkspaceNotes()}
      ${this.renderLinkReport(s)}
      <main>
      <div class="surface-panel" id="panel-surface" role="tabpanel" aria-labelledby="tab-surface" ?hidden=${s.view !== 'surface'}>
        <aside>
          <series-picker
            .series=${fittedSeries(this.fitJob.result?.value ?? []).flatMap((f) => (f.series === null ? [] : [f.series]))}
            .chosen=${this.fitActive ? this.chosenSeries : null}
            @fit-series-choose=${(e: Detail<{ series: string | null }>) => this.chooseSeries(e.detail.series)}
          ></series-picker>
          <law-controls
            .law=${s.law}
            .presetId=${s.presetId}
            .source=${s.lawSource}
            .fitLabel=${this.fitLabel}
            @law-change=${(e: CustomEvent<{ law: ScalingLaw }>) => this.setScenario(withLaw(s, e.detail.law), 'transient')}
            @preset-change=${(e: CustomEvent<{ id: string }>) => this.setScenario(withPreset(s, e.detail.id))}
          ></law-controls>
          <grid-controls
            .grid=${s.grid}
            @grid-change=${(e: CustomEvent<{ grid: SurfaceGrid }>) => {
              const g = e.detail.grid;
              const resized = g.width !== s.grid.width || g.height !== s.grid.height;
              this.setScenario(withChanges(s, { grid: g }), resized ? 'commit' : 'transient');
            }}
          ></grid-controls>
          <colour-toggle
            .mode=${s.colourMode}
            .colourMap=${s.colourMap}
            @colour-mode-change=${(e: CustomEvent<{ mode: ColourMode }>) =>
              this.setScenario(withChanges(s, { colourMode: e.detail.mode }))}
            @colour-map-change=${(e: CustomEvent<{ map: ColourMapName }>) =>
              this.setScenario(withChanges(s, { colourMap: e.detail.map }))}
          ></colour-toggle>
        </aside>
        <surface-view
          .law=${s.law}
          .grid=${s.grid}
          .colourMode=${s.colourMode}
          .colourMap=${s.colourMap}
          .runs=${this.data.points(s.dataset, s.excludedRows, s.columnMapping)}
          .runsLabel=${s.dataset.name}
        ></surface-view>
      </div>
      ${this.renderFitView()}
      ${this.renderCompareView()}
      ${this.renderDesignView()}
      <frontier-view
        id="panel-frontier"
        role="tabpanel"
        aria-labelledby="tab-frontier"
        ?hidden=${s.view !== 'frontier'}
        .active=${s.view === 'frontier'}
        .law=${s.law}
        .fit=${this.frontierFit}
        .seriesFits=${this.fittedMethod.id === APPROACH3.id ? this.fitJob.result?.value : undefined}
        .approach2=${this.approach2Result}
        .fitRuns=${this.usable.runs}
        .lawLabel=${s.lawSource === 'fit' ? 'fitted law' : s.lawSource === 'preset' ? `active law (${s.presetId})` : 'active law (custom)'}
        .frontier=${s.frontier}
        .planner=${s.planner}
        @frontier-change=${(e: Detail<{ frontier: FrontierState }>) =>
          this.setScenario(withFrontier(this.scenario, e.detail.frontier))}
        @planner-change=${(e: Detail<{ planner: PlannerState }>) =>
          this.setScenario(withPlanner(this.scenario, e.detail.planner))}
      ></frontier-view>
      <sweep-view
        id="panel-sweep"
        role="tabpanel"
        aria-labelledby="tab-sweep"
        ?hidden=${s.view !== 'sweep'}
        .active=${s.view === 'sweep'}
        .law=${s.law}
        .replicas=${this.replicaLaws(this.fitResult)}
        .replicaTable=${this.fitResult?.bootstrap?.replicas}
        .reference=${this.sweepReference}
        .sweep=${s.sweep}
        .colourMap=${s.colourMap}
        @sweep-change=${(e: Detail<{ sweep: SweepState; transient: boolean }>) =>
          this.setScenario(
            withSweep(this.scenario, e.detail.sweep),
            e.detail.transient ? 'transient' : 'commit',
          )}
      ></sweep-view>
      <bench-view id="panel-bench" role="tabpanel" aria-labelledby="tab-bench" ?hidden=${s.view !== 'bench'}></bench-view>
      </main>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'scaling-sweep-app': ScalingSweepApp;
  }
}
