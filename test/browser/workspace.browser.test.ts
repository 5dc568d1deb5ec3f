// The workspace on real IndexedDB in headless Chromium. Produced for real: round trips (Blob,
// Float64Array), reopening, migration, a damaged row written with raw IndexedDB, a blocked
// upgrade (a raw connection that ignores versionchange), another tab's upgrade closing this
// connection, and IndexedDB missing (deleted from globalThis). Simulated: the full disk, by the
// store's beforeWrite hook throwing a real DOMException('...', 'QuotaExceededError').
import { afterEach, describe, expect, it } from 'vitest';
import '../../src/ui/workspace-panel';
import { parseRuns } from '../../src/data/runs';
import { DEFAULT_FIT_OPTIONS } from '../../src/fit/types';
import { userRef } from '../../src/scenario/dataset';
import { DEFAULT_STATE, STATE_VERSION, withChanges, withDataset } from '../../src/scenario/state';
import { planOpen } from '../../src/ui/workspace-open';
import type { WorkspacePanel } from '../../src/ui/workspace-panel';
import { WorkspaceSync } from '../../src/ui/workspace-sync';
import {
  fitInputsOf,
  fitKeyOf,
  migrateEntry,
  scenarioSnapshot,
} from '../../src/workspace/app-records';
import { WorkspaceQuotaError, WorkspaceUnavailableError } from '../../src/workspace/errors';
import { openWorkspace, type WorkspaceStore } from '../../src/workspace/store';

let n = 0;
const opened: WorkspaceStore[] = [];
const fresh = () => `ws-test-${Date.now()}-${n++}`;
async function open(name: string, extra: Partial<Parameters<typeof openWorkspace>[0]> = {}) {
  const s = await openWorkspace({ name, stateVersion: 2, ...extra });
  opened.push(s);
  return s;
}
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
});

const key = { datasetHash: 'abc', series: 'recipe A', method: 'approach3', optionsHash: 'o1' };

describe('workspace store (chromium IndexedDB)', () => {
  it('keeps a dataset, a fit with its replicas and a scenario across a reopen', async () => {
    const name = fresh();
    const s = await open(name);
    const csv = `N,D,loss\n${'1e8,2e9,3.1\n'.repeat(50_000)}`;
    await s.putDataset({ name: 'runs.csv', csv, mapping: { N: 'N' }, hash: 'abc' });
    const replicas = Float64Array.from({ length: 4000 * 5 }, (_, i) => i / 7);
    await s.putFit({ name: 'fit A', ...key, result: { law: { E: 1.7 } }, replicas });
    const sc = await s.putScenario({ name: 'plan', snapshot: { budget: 1e24 } });
    s.close();

    const again = await open(name);
    const { entries, skipped } = await again.list();
    expect(skipped).toEqual([]);
    expect(entries.map((e) => e.kind).sort()).toEqual(['dataset', 'fit', 'scenario']);
    expect(entries.find((e) => e.kind === 'fit')!.bytes).toBe(4000 * 5 * 8 + 17);
    const ds = await again.getDataset('abc');
    if (ds.status !== 'ok') throw new Error(JSON.stringify(ds));
    expect(ds.payload.csv).toBeInstanceOf(Blob);
    expect(await ds.payload.csv.text()).toBe(csv);
    expect(ds.payload.mapping).toEqual({ N: 'N' });
    const fit = await again.findFit(key);
    if (fit.status !== 'ok') throw new Error(JSON.stringify(fit));
    expect(fit.payload.replicas).toBeInstanceOf(Float64Array);
    expect(fit.payload.replicas).toEqual(replicas);
    expect(await again.findFit({ ...key, series: 'recipe B' })).toEqual({
      status: 'missing',
      id: expect.stringMatching(/^fit:/),
    });
    const scenario = await again.get(sc.id);
    expect(scenario.status === 'ok' && scenario.payload).toEqual({
      id: sc.id,
      snapshot: { budget: 1e24 },
    });
  });

  it('migrates an older record, or names it unreadable with the reason', async () => {
    const name = fresh();
    const old = await open(name, { stateVersion: 1 });
    const sc = await old.putScenario({ name: 'v1', snapshot: { b: 1 } });
    old.close();
    const none = await open(name);
    const r1 = await none.get(sc.id);
    expect(r1.status === 'unreadable' && r1.reason).toMatch(
      /state version 1, which this app cannot migrate/,
    );
    none.close();
    const migrating = await open(name, {
      migrate: (_k, p) => ({
        ...(p as object),
        snapshot: { budget: (p as { snapshot: { b: number } }).snapshot.b },
      }),
    });
    const r2 = await migrating.get(sc.id);
    expect(r2).toMatchObject({
      status: 'ok',
      migratedFrom: 1,
      payload: { snapshot: { budget: 1 } },
    });
    migrating.close();
    const throwing = await open(name, {
      migrate: () => {
        throw new Error('no budget field');
      },
    });
    const r3 = await throwing.get(sc.id);
    expect(r3.status === 'unreadable' && r3.reason).toMatch(
      /migration from state version 1 failed: Error: no budget field/,
    );
    throwing.close();
    const older = await open(name, { stateVersion: 0 });
    const r4 = await older.get(sc.id);
    expect(r4.status === 'unreadable' && r4.reason).toMatch(/newer version of the app/);
  });

  it('skips a damaged row written with raw IndexedDB and still lists the others', async () => {
    const name = fresh();
    const s = await open(name);
    await s.putScenario({ name: 'good', snapshot: 1 });
    await new Promise<void>((resolve, reject) => {
      const req = indexedDB.open(name);
      req.onsuccess = () => {
        const tx = req.result.transaction(['entries', 'fits'], 'readwrite');
        tx.objectStore('entries').put({ id: 'fit:bad', name: 'bad', kind: 'fit', bytes: 'lots' });
        tx.objectStore('fits').put({ id: 'fit:bad', replicas: [1, 2] });
        tx.oncomplete = () => {
          req.result.close();
          resolve();
        };
        tx.onerror = () => reject(tx.error);
      };
      req.onerror = () => reject(req.error);
    });
    const { entries, skipped } = await s.list();
    expect(entries.map((e) => e.name)).toEqual(['good']);
    expect(skipped).toEqual([{ id: 'fit:bad', reason: expect.stringMatching(/“bytes”/) }]);
    const read = await s.get('fit:bad');
    expect(read.status).toBe('unreadable');
    await s.delete('fit:bad');
    expect((await s.list()).skipped).toEqual([]);
  });

  it('reports a full disk with the entry size and what is free (simulated)', async () => {
    const s = await open(fresh(), {
      beforeWrite: (e) => {
        if (e.name === 'huge') throw new DOMException('disk full', 'QuotaExceededError');
      },
    });
    const err = await s.putScenario({ name: 'huge', snapshot: 'x'.repeat(5000) }).catch((e) => e);
    expect(err).toBeInstanceOf(WorkspaceQuotaError);
    expect(err.entryBytes).toBe(5002);
    expect(err.message).toMatch(
      /^Could not save “huge” \(5\.0 kB\): the browser’s storage is full \((.* free of .*|the browser does not say how much is free)\)\. The app goes on in memory/,
    );
    expect((await s.list()).entries).toEqual([]);
    await s.putScenario({ name: 'small', snapshot: 1 });
    expect((await s.list()).entries.map((e) => e.name)).toEqual(['small']);
  });

  it('says so when IndexedDB is missing', async () => {
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'indexedDB')!;
    // the property must be absent, as in a private window
    delete (globalThis as { indexedDB?: IDBFactory }).indexedDB;
    try {
      expect('indexedDB' in globalThis).toBe(false);
      const err = await openWorkspace({ name: fresh(), stateVersion: 2 }).catch((e) => e);
      expect(err).toBeInstanceOf(WorkspaceUnavailableError);
      expect(err.reason).toBe('missing');
      expect(err.message).toMatch(/no IndexedDB .* goes on in memory/);
    } finally {
      Object.defineProperty(globalThis, 'indexedDB', saved);
    }
  });

  it('is blocked by a connection that will not close, and closes itself for another tab', async () => {
    const name = fresh();
    const first = await open(name);
    await first.putScenario({ name: 'kept', snapshot: 1 });
    // a well-behaved older connection closes when another tab upgrades
    const second = await open(name, { version: 2 });
    expect(first.closedReason).toMatch(/Another tab opened a newer version/);
    await expect(first.list()).rejects.toBeInstanceOf(WorkspaceUnavailableError);
    expect((await second.list()).entries.map((e) => e.name)).toEqual(['kept']);
    second.close();
    // a raw connection that ignores versionchange blocks the next upgrade
    const raw = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(name, 2);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const err = await openWorkspace({ name, stateVersion: 2, version: 3 }).catch((e) => e);
    expect(err).toBeInstanceOf(WorkspaceUnavailableError);
    expect(err.reason).toBe('blocked');
    expect(err.message).toMatch(/Another tab .* cannot save/);
    raw.close();
  });
});

describe('the app’s workspace link (chromium IndexedDB)', () => {
  const csv = [
    'params,tokens,loss',
    ...Array.from(
      { length: 30 },
      (_, i) =>
        `${1e8 * 1.5 ** (i % 6)},${2e9 * 1.7 ** Math.floor(i / 6)},${(2 + i / 100).toFixed(3)}`,
    ),
  ].join('\n');
  const ref = () => {
    const made = userRef('runs.csv', csv, parseRuns(csv));
    if (!('ref' in made)) throw new Error(made.refused);
    return made.ref;
  };
  const syncOn = (name: string, extra: Partial<Parameters<typeof openWorkspace>[0]> = {}) =>
    new WorkspaceSync(
      () => {},
      async () => {
        const st = await openWorkspace({
          name,
          stateVersion: STATE_VERSION,
          migrate: migrateEntry,
          ...extra,
        });
        opened.push(st);
        return st;
      },
    );

  it('reads entries of an older state version: data and scenarios migrate, a fit is named unreadable', async () => {
    const name = fresh();
    const old = await open(name, { stateVersion: STATE_VERSION - 1 });
    const data = ref();
    await old.putDataset({ name: 'runs.csv', csv, mapping: null, hash: data.hash });
    const sc = await old.putScenario({ name: 'plan', snapshot: scenarioSnapshot(DEFAULT_STATE) });
    const inputs = fitInputsOf(DEFAULT_STATE);
    const f = await old.putFit({
      name: 'old fit',
      ...fitKeyOf(inputs),
      result: { format: 0 },
      replicas: new Float64Array(0),
    });
    old.close();

    const sync = syncOn(name);
    const found = await sync.findDataset(data.hash);
    expect(found.status).toBe('ok');
    if (found.status === 'ok') {
      expect(found.value.ref).toEqual(data);
      expect(found.value.imported.runs).toHaveLength(30);
    }
    const scenario = await sync.readScenario(sc.id);
    expect(scenario.status === 'ok' && scenario.value.link).toBe(
      scenarioSnapshot(DEFAULT_STATE).link,
    );
    const fit = await sync.findFit(inputs);
    expect(fit).toMatchObject({ status: 'unreadable', entry: { id: f.id, name: 'old fit' } });
    expect(fit.status === 'unreadable' && fit.reason).toMatch(
      /state version 0 cannot be read .* fit again/,
    );
    expect(await sync.findDataset('0123456789abcdef')).toEqual({ status: 'missing' });
    expect(sync.notice).toBeUndefined();
  });

  it('a full disk gives one notice, keeps the store for later saves, and throws nothing', async () => {
    let full = true;
    const sync = syncOn(fresh(), {
      beforeWrite: () => {
        if (full) throw new DOMException('quota', 'QuotaExceededError');
      },
    });
    await sync.saveDataset(ref(), null);
    expect(sync.notice).toMatch(
      /Could not save “runs.csv” .* storage is full .* goes on in memory/,
    );
    expect(sync.store).toBeDefined();
    sync.dismissNotice();
    await sync.saveScenario('plan', DEFAULT_STATE);
    expect(sync.notice).toBeUndefined();
    full = false;
    expect(await sync.saveScenario('plan', DEFAULT_STATE)).toMatchObject({
      kind: 'scenario',
      name: 'plan',
    });
    expect(sync.revision).toBe(1);
  });

  it('plans opening a dataset, a fit (with its data and options) and a scenario', async () => {
    const sync = syncOn(fresh());
    const data = ref();
    await sync.saveDataset(data, null);
    const planned = withChanges(withDataset(DEFAULT_STATE, data), {
      view: 'frontier',
      fitOptions: { ...DEFAULT_FIT_OPTIONS, seed: 9 },
    });
    await sync.saveScenario('plan', planned);
    const law = { E: 1.8, A: 400, B: 2000, alpha: 0.35, beta: 0.36 };
    const result = {
      engine: 'cpu',
      rows: 29,
      best: { theta: {}, objective: 0, iterations: 1, evaluations: 1, converged: true, law },
    };
    const fitState = withChanges(withDataset(DEFAULT_STATE, data), {
      excludedRows: [3],
      fitOptions: { ...DEFAULT_FIT_OPTIONS, bootstrap: 0 },
    });
    await sync.saveFit(
      {
        inputs: fitInputsOf(fitState),
        datasetName: 'runs.csv',
        chosenSeries: null,
        fits: [{ series: null, runs: 29, result }],
      },
      'fit of runs.csv',
    );
    const { entries } = await sync.store!.list();
    const entry = (kind: string) => entries.find((e) => e.kind === kind)!;

    const d = await planOpen(entry('dataset'), DEFAULT_STATE, sync);
    if ('problem' in d) throw new Error(d.problem);
    expect(d.state.dataset).toEqual(data);
    expect(d.state.view).toBe('fit');
    expect(d.imported?.imported.runs).toHaveLength(30);

    const f = await planOpen(entry('fit'), DEFAULT_STATE, sync);
    if ('problem' in f) throw new Error(f.problem);
    expect(f.state).toMatchObject({ excludedRows: [3], lawSource: 'fit', law, view: 'fit' });
    expect(f.state.fitOptions.bootstrap).toBe(0);
    expect(f.fit?.fit.fits).toEqual([{ series: null, runs: 29, result }]);

    const sc = await planOpen(entry('scenario'), DEFAULT_STATE, sync);
    if ('problem' in sc) throw new Error(sc.problem);
    expect(sc.state).toEqual(planned);
    expect(sc.report).toEqual({ ignored: [], notices: [] });

    await sync.store!.delete(entry('dataset').id);
    const lost = await planOpen(entry('fit'), DEFAULT_STATE, sync);
    expect('problem' in lost && lost.problem).toMatch(
      /its data \(hash [0-9a-f]{16}\) is not in the workspace/,
    );
  });

  it('with IndexedDB refused, every call answers quietly and the notice names why', async () => {
    const sync = new WorkspaceSync(
      () => {},
      () =>
        Promise.reject(
          new WorkspaceUnavailableError('open-failed', 'refused. The app goes on in memory'),
        ),
    );
    expect(await sync.ready()).toBeUndefined();
    await sync.saveDataset(ref(), null);
    expect(await sync.findFit(fitInputsOf(DEFAULT_STATE))).toEqual({ status: 'missing' });
    expect(sync.notice).toBe('refused. The app goes on in memory');
    expect(sync.unavailable).toBe('refused. The app goes on in memory');
  });
});

describe('workspace panel (chromium)', () => {
  const click = (panel: WorkspacePanel, sel: string) =>
    (panel.shadowRoot!.querySelector(sel) as HTMLButtonElement).click();
  const settle = async (panel: WorkspacePanel, until: () => boolean) => {
    for (let i = 0; i < 200 && !until(); i++) await new Promise((r) => setTimeout(r, 10));
    await panel.updateComplete;
  };
  const names = (panel: WorkspacePanel) =>
    [...panel.shadowRoot!.querySelectorAll('td.name')].map((td) => td.textContent!.trim());

  it('lists entries and drives rename, delete and clear with a confirm step', async () => {
    const s = await open(fresh());
    await s.putScenario({ name: 'alpha', snapshot: 1 });
    await s.putFit({ name: 'beta', ...key, result: null, replicas: new Float64Array(10) });
    const panel = document.createElement('workspace-panel');
    const events: string[] = [];
    panel.addEventListener('workspace-change', (e) =>
      events.push((e as CustomEvent).detail.action),
    );
    panel.store = s;
    document.body.append(panel);
    await settle(panel, () => names(panel).length === 2);
    expect(names(panel).sort()).toEqual(['alpha', 'beta']);
    expect(panel.shadowRoot!.textContent).toMatch(/84 B/); // 80 replica bytes + 4 for the JSON null result
    const openedEntries: string[] = [];
    panel.addEventListener('workspace-open', (e) =>
      openedEntries.push((e as CustomEvent).detail.entry.name),
    );
    click(panel, 'tr[data-id^="scenario:"] button.open');
    expect(openedEntries).toEqual(['alpha']);

    const alphaRow = () => panel.shadowRoot!.querySelector('tr[data-id^="scenario:"]')!;
    (alphaRow().querySelector('button.rename') as HTMLButtonElement).click();
    await panel.updateComplete;
    const input = alphaRow().querySelector('input') as HTMLInputElement;
    input.value = 'gamma';
    (alphaRow().querySelector('button[type=submit]') as HTMLButtonElement).click();
    await settle(panel, () => names(panel).includes('gamma'));
    expect((await s.list()).entries.map((e) => e.name).sort()).toEqual(['beta', 'gamma']);

    (
      panel.shadowRoot!.querySelector('tr[data-id^="fit:"] button.delete') as HTMLButtonElement
    ).click();
    await settle(panel, () => names(panel).length === 1);
    expect((await s.list()).entries.map((e) => e.name)).toEqual(['gamma']);

    click(panel, 'button.clear');
    await panel.updateComplete;
    expect((await s.list()).entries).toHaveLength(1); // nothing deleted before the confirm
    click(panel, 'button.confirm-clear');
    await settle(panel, () => names(panel).length === 0);
    expect((await s.list()).entries).toEqual([]);
    expect(events).toEqual(['rename', 'delete', 'clear']);
    panel.remove();
  });

  it('shows the notice when storage is unavailable', async () => {
    const panel = document.createElement('workspace-panel');
    panel.notice = 'This browser offers no IndexedDB';
    document.body.append(panel);
    await panel.updateComplete;
    expect(panel.shadowRoot!.querySelector('.notice')!.textContent).toBe(
      'This browser offers no IndexedDB',
    );
    panel.remove();
  });
});
