import { expose, transfer, wrap } from 'comlink';
import { describe, expect, it } from 'vitest';
import { colourise } from '../../src/colour/colour-map';
import { CpuEngine } from '../../src/engine/cpu-engine';
import { createCpuWorkerApi } from '../../src/engine/cpu-worker-api';
import { createInlineExecutor, WorkerPool } from '../../src/engine/worker-pool';
import { DEFAULT_GRID } from '../../src/law/grid';
import { findPreset } from '../../src/law/presets';
import { evaluateSurface } from '../../src/law/surface';

const law = findPreset('besiroglu2024')!.law;
const grid = { ...DEFAULT_GRID, width: 64, height: 48 };
const scale = { mode: 'log-reducible' as const, lo: 2, hi: 5, E: law.E, map: 'cividis' as const };

/** A stand-in Worker over a MessageChannel, serving the real worker API through comlink. */
class ChannelWorker extends EventTarget {
  private readonly port: MessagePort;
  constructor() {
    super();
    const { port1, port2 } = new MessageChannel();
    expose(createCpuWorkerApi(transfer), port2);
    this.port = port1;
  }
  postMessage(message: unknown, transferList?: Transferable[]) {
    this.port.postMessage(message, transferList ?? []);
  }
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null) {
    if (type === 'message') this.port.addEventListener('message', listener as EventListener);
    else super.addEventListener(type, listener);
    this.port.start();
  }
  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null) {
    if (type === 'message') this.port.removeEventListener('message', listener as EventListener);
    else super.removeEventListener(type, listener);
  }
  terminate() {
    this.port.close();
  }
  crash() {
    this.dispatchEvent(Object.assign(new Event('error'), { message: 'boom' }));
  }
}

describe('CPU worker API over a MessageChannel (as in a Worker)', () => {
  it('returns the twin values and image rows', async () => {
    const worker = new ChannelWorker();
    const api = wrap<ReturnType<typeof createCpuWorkerApi>>(worker as unknown as Worker);
    const rows = { start: 10, count: 5 };
    const values = await api.surfaceRows(law, grid, rows);
    expect(values).toEqual(evaluateSurface(law, grid, rows));
    const rgba = await api.surfaceImageRows(law, grid, rows, scale);
    expect(rgba).toEqual(colourise(evaluateSurface(law, grid, rows), grid.width, scale));
    worker.terminate();
  });
});

describe('CpuEngine', () => {
  it('assembles bands from several threads into the twin surface', async () => {
    const pool = new WorkerPool(3, () => new ChannelWorker() as unknown as Worker);
    const engine = new CpuEngine(pool);
    expect(engine.label).toBe('CPU · 3 threads');
    expect(await engine.surface(law, grid)).toEqual(evaluateSurface(law, grid));
    engine.dispose();
  });

  it('assembles the image with the last grid row at the top', async () => {
    const engine = new CpuEngine(createInlineExecutor());
    const frame = { law, grid, scale, pixelWidth: 10, pixelHeight: 10 };
    const image = await engine.image(frame);
    expect(image).toEqual(colourise(evaluateSurface(law, grid), grid.width, scale));
  });

  it('rejects with the abort reason when cancelled', async () => {
    const engine = new CpuEngine(createInlineExecutor());
    const controller = new AbortController();
    const job = engine.surface(
      law,
      { ...grid, width: 2048, height: 2048 },
      { signal: controller.signal },
    );
    controller.abort(new DOMException('superseded', 'AbortError'));
    await expect(job).rejects.toThrow('superseded');
  });
});

describe('WorkerPool', () => {
  it('replaces a worker that dies mid-call and retries the call once', async () => {
    const spawned: ChannelWorker[] = [];
    let crashNext = true;
    const pool = new WorkerPool(1, () => {
      const w = new ChannelWorker();
      spawned.push(w);
      return w as unknown as Worker;
    });
    const result = pool.run(async (api) => {
      if (crashNext) {
        crashNext = false;
        spawned.at(-1)!.crash();
        return new Promise<Float32Array>(() => {});
      }
      return api.surfaceRows(law, grid, { start: 0, count: 2 });
    });
    await expect(result).resolves.toEqual(evaluateSurface(law, grid, { start: 0, count: 2 }));
    expect(spawned).toHaveLength(2);
    pool.dispose();
  });

  it('reports an error when the retry dies too', async () => {
    const spawned: ChannelWorker[] = [];
    const pool = new WorkerPool(1, () => {
      const w = new ChannelWorker();
      spawned.push(w);
      return w as unknown as Worker;
    });
    const result = pool.run(async () => {
      spawned.at(-1)!.crash();
      return new Promise<never>(() => {});
    });
    await expect(result).rejects.toThrow(/CPU worker failed: boom/);
    expect(spawned).toHaveLength(2);
    pool.dispose();
  });
});
