/**
 * Opening a workspace entry, as a plan the app shell applies: the state to show (a dataset with
 * its mapping, a fit's data and options with its law, or a scenario's link read back), the
 * parsed runs to remember, the stored fit to show without fitting, and what a scenario's link
 * ignored. Reads the workspace; changes nothing itself.
 */
import type { ColumnMapping } from '../data/mapping';
import type { RunsImport } from '../data/runs';
import { findFitMethod } from '../fit/methods';
import { fittedSeries } from '../fit/series-fit';
import { builtinRef, type DatasetRef, type UserDatasetRef } from '../scenario/dataset';
import { type ScenarioState, withChanges, withDataset, withFittedLaw } from '../scenario/state';
import { type Decoded, decode } from '../scenario/url-codec';
import type { StoredFit } from '../workspace/app-records';
import type { EntryMeta } from '../workspace/records';
import type { WorkspaceSync } from './workspace-sync';

/** What opening an entry does, or why it cannot. */
export type OpenPlan =
  | {
      readonly state: ScenarioState;
      /** Runs read back from the workspace, for the app's dataset cache. */
      readonly imported?: {
        readonly ref: UserDatasetRef;
        readonly imported: RunsImport;
        readonly mapping: ColumnMapping | null;
      };
      /** The stored fit to show as it was (a fit entry). */
      readonly fit?: { readonly fit: StoredFit; readonly entry: EntryMeta };
      /** What a scenario's link ignored, and its notices. */
      readonly report?: Pick<Decoded, 'ignored' | 'notices'>;
    }
  | { readonly problem: string };

type Found = Exclude<OpenPlan, { problem: string }>;

/** The data with `hash`: the current dataset, the built-in one, or one saved in the workspace. */
async function datasetFor(
  hash: string,
  current: ScenarioState,
  sync: WorkspaceSync,
): Promise<
  { ref: DatasetRef; mapping: ColumnMapping | null; imported?: Found['imported'] } | string
> {
  const ref = current.dataset;
  if (ref.hash === hash && ref.source !== 'missing') return { ref, mapping: current.columnMapping };
  const builtin = builtinRef(1);
  if (builtin.hash === hash) return { ref: builtin, mapping: null };
  const found = await sync.findDataset(hash);
  if (found.status === 'missing') return `its data (hash ${hash}) is not in the workspace`;
  if (found.status === 'unreadable') return `its data cannot be read (${found.reason})`;
  const { ref: stored, imported, mapping } = found.value;
  return { ref: stored, mapping, imported: { ref: stored, imported, mapping } };
}

const gone = (status: 'missing' | 'unreadable', reason?: string) => ({
  problem: status === 'missing' ? 'it is no longer in the workspace' : (reason ?? 'unreadable'),
});

/** The plan for opening `entry` over the `current` state. */
export async function planOpen(
  entry: EntryMeta,
  current: ScenarioState,
  sync: WorkspaceSync,
): Promise<OpenPlan> {
  if (entry.kind === 'dataset') {
    const data = await datasetFor(entry.id.slice('dataset:'.length), current, sync);
    if (typeof data === 'string') return { problem: data };
    const state = withChanges(withDataset(current, data.ref), {
      columnMapping: data.mapping,
      seriesSelection: [],
      view: 'fit',
    });
    return data.imported ? { state, imported: data.imported } : { state };
  }
  if (entry.kind === 'fit') {
    const found = await sync.readFit(entry.id);
    if (found.status !== 'ok')
      return gone(found.status, found.status === 'unreadable' ? found.reason : undefined);
    const fit = found.value;
    const data = await datasetFor(fit.inputs.datasetHash, current, sync);
    if (typeof data === 'string') return { problem: data };
    const { excludedRows, seriesSelection, method, options } = fit.inputs;
    const state = withChanges(withDataset(current, data.ref), {
      columnMapping: data.mapping,
      excludedRows: [...excludedRows],
      seriesSelection: [...seriesSelection],
      fitMethod: method,
      fitOptions: options,
      view: 'fit',
    });
    const fits = fittedSeries(fit.fits);
    const chosen = fits.find((f) => f.series === fit.chosenSeries) ?? fits[0];
    const law = chosen && findFitMethod(method)?.law(chosen.result);
    const withLaw = law ? withFittedLaw(state, law) : state;
    const plan = { state: withLaw, fit: { fit, entry: found.entry } };
    return data.imported ? { ...plan, imported: data.imported } : plan;
  }
  const found = await sync.readScenario(entry.id);
  if (found.status !== 'ok')
    return gone(found.status, found.status === 'unreadable' ? found.reason : undefined);
  const snap = found.value;
  const data = await datasetFor(snap.datasetHash, current, sync);
  const known = typeof data !== 'string' && data.ref.source === 'user' ? data.ref : undefined;
  const decoded = decode(snap.link, '', {
    knownData: (h) => (known?.hash === h ? known : undefined),
  });
  const report = { ignored: decoded.ignored, notices: decoded.notices };
  const imported = typeof data !== 'string' ? data.imported : undefined;
  return imported ? { state: decoded.state, report, imported } : { state: decoded.state, report };
}
