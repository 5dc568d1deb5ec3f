import { describe, expect, it } from 'vitest';
import type { KindTiming } from '../../src/engine/auto-policy';
import type { Engine } from '../../src/engine/engine';
import { EngineManager } from '../../src/engine/manager';
import { createInlineExecutor } from '../../src/engine/worker-pool';
import type { GpuAcquisition, GpuContext, GpuInfo, GpuLoss } from '../../src/gpu/device';

/** A fake GPU acquisition whose loss the test triggers. */
function fakeGpu(name = 'Fake GPU', adapter: Partial<GpuInfo> = {}) {
  let lose: (loss: GpuLoss) => void = () => {};
  let destroyed = false;
  const acquisition = (onLost: (loss: GpuLoss) => void): GpuAcquisition => {
    lose = onLost;
    const device = { destroy: () => (destroyed = true) } as unknown as GPUDevice;
    const info = { name, vendor: '', architecture: '', description: '', ...adapter };
    return { kind: 'gpu', gpu: { device, info } as unknown as GpuContext };
  };
  const engine = (): Engine => ({
    kind: 'gpu',
    label: `GPU · ${name}`,
    surface: async () => new Float32Array(1),
    fit: async () => {
      throw new Error('not used');
    },
    runMethod: async () => {
      throw new Error('not used');
    },
    fitSeries: async () => {
      throw new Error('not used');
    },
    identifiabilityMap: async () => {
      throw new Error('not used');
    },
    frontier: async () => new Float32Array(4),
    sweep: async () => new Float32Array(4),
    multiplierCurves: async () => new Float64Array(0),
    designReductions: async () => new Float64Array(0),
    createPainter: () => ({ draw: async () => {}, dispose() {} }),
    dispose() {
      destroyed = true;
    },
  });
  return {
    acquisition,
    engine,
    lose: (m: string) => lose({ reason: 'unknown', message: m }),
    destroyed: () => destroyed,
  };
}

describe('EngineManager', () => {
  it('uses the GPU when one is found and says which', async () => {
    const gpu = fakeGpu('SwiftShader Device');
    const m = new EngineManager({
      acquireGpu: async (onLost) => gpu.acquisition(onLost),
      createCpuExecutor: createInlineExecutor,
      createGpuEngine: async () => gpu.engine(),
    });
    const engine = await m.use('auto');
    expect(engine.kind).toBe('gpu');
    expect(m.status).toMatchObject({
      state: 'ready',
      kind: 'gpu',
      label: 'GPU · SwiftShader Device',
    });
    expect(m.status.notice).toBeUndefined();
  });

  it('falls back to the CPU with the reason when there is no adapter', async () => {
    const m = new EngineManager({
      acquireGpu: async () => ({ kind: 'cpu', reason: 'no WebGPU adapter was found' }),
      createCpuExecutor: createInlineExecutor,
    });
    const engine = await m.use('gpu');
    expect(engine.kind).toBe('cpu');
    expect(m.status.notice).toBe(
      'GPU requested but unavailable: no WebGPU adapter was found; using the CPU',
    );
  });

  it('falls back to the CPU, naming the kernel, when a shader fails to build', async () => {
    const gpu = fakeGpu();
    const m = new EngineManager({
      acquireGpu: async (onLost) => gpu.acquisition(onLost),
      createCpuExecutor: createInlineExecutor,
      createGpuEngine: async () => {
        throw new Error('surface: shader compilation failed: line 3:1 bad');
      },
    });
    expect((await m.use('auto')).kind).toBe('cpu');
    expect(m.status.notice).toMatch(
      /GPU kernels failed to build \(surface: shader compilation failed/,
    );
    expect(gpu.destroyed()).toBe(true);
  });

  it('honours a CPU preference without touching the GPU', async () => {
    let asked = false;
    const m = new EngineManager({
      acquireGpu: async () => {
        asked = true;
        return { kind: 'cpu', reason: 'unused' };
      },
      createCpuExecutor: createInlineExecutor,
    });
    expect((await m.use('cpu')).kind).toBe('cpu');
    expect(asked).toBe(false);
    expect(m.status.notice).toBeUndefined();
  });

  it('after a device loss, acquires a new device, or switches to the CPU and says so', async () => {
    const gpu = fakeGpu();
    let adapters = 1;
    const changes: string[] = [];
    const m = new EngineManager({
      acquireGpu: async (onLost) =>
        adapters-- > 0 ? gpu.acquisition(onLost) : { kind: 'cpu', reason: 'adapter gone' },
      createCpuExecutor: createInlineExecutor,
      createGpuEngine: async () => gpu.engine(),
    });
    m.addEventListener('change', () => changes.push(m.status.state));
    await m.use('auto');
    gpu.lose('GPU hung');
    expect(m.status).toMatchObject({ state: 'starting', notice: 'GPU device lost (GPU hung)' });
    const engine = await m.whenReady();
    expect(engine.kind).toBe('cpu');
    expect(m.status.notice).toMatch(/^GPU device lost \(GPU hung\).*switched to the CPU$/);
    expect(changes.at(-1)).toBe('ready');
  });

  it('ignores the loss of a device it already replaced', async () => {
    const first = fakeGpu('first');
    const second = fakeGpu('second');
    const queue = [first, second];
    const m = new EngineManager({
      acquireGpu: async (onLost) => queue[0]!.acquisition(onLost),
      createCpuExecutor: createInlineExecutor,
      createGpuEngine: async () => queue.shift()!.engine(),
    });
    await m.use('auto');
    await m.use('auto');
    first.lose('late');
    expect(m.status).toMatchObject({ state: 'ready', label: 'GPU · second' });
  });

  it('keeps only the latest of overlapping switches', async () => {
    const gpu = fakeGpu();
    const m = new EngineManager({
      acquireGpu: async (onLost) => gpu.acquisition(onLost),
      createCpuExecutor: createInlineExecutor,
      createGpuEngine: async () => gpu.engine(),
    });
    const a = m.use('gpu');
    const b = m.use('cpu');
    expect((await a).kind).toBe('cpu');
    expect((await b).kind).toBe('cpu');
    expect(m.engine?.kind).toBe('cpu');
  });
});

/** SwiftShader as Chromium reports it. */
const SOFTWARE: Partial<GpuInfo> = {
  vendor: 'google',
  architecture: 'swiftshader',
  description: 'SwiftShader driver 5.0.0',
  isFallbackAdapter: true,
};

/**
 * A manager on a fake software adapter whose measurements return `timing(kind)`; `calls` lists
 * the kinds measured, in order.
 */
function routedManager(timing: (kind: string) => KindTiming | Error, adapter = SOFTWARE) {
  const gpu = fakeGpu('google swiftshader', adapter);
  const calls: string[] = [];
  const m = new EngineManager({
    acquireGpu: async (onLost) => gpu.acquisition(onLost),
    createCpuExecutor: createInlineExecutor,
    createGpuEngine: async () => gpu.engine(),
    measureKind: async (kind, onGpu, onCpu) => {
      calls.push(`${kind}:${onGpu.kind}/${onCpu.kind}`);
      const t = timing(kind);
      if (t instanceof Error) throw t;
      return t;
    },
  });
  return { m, gpu, calls };
}

const gpuFaster: KindTiming = { gpuSeconds: 0.004, cpuSeconds: 0.03, source: 'probe' };
const cpuFaster: KindTiming = { gpuSeconds: 0.03, cpuSeconds: 0.004, source: 'probe' };

describe('EngineManager under auto, per kind of job', () => {
  it('never fits on a software adapter; the engine in use stays the GPU', async () => {
    const { m, calls } = routedManager(() => gpuFaster);
    expect((await m.use('auto')).kind).toBe('gpu');
    expect(m.engineFor('fit')?.kind).toBe('cpu');
    expect(await m.run('fit', async (e) => e.kind)).toBe('cpu');
    expect(m.status.routes?.find((r) => r.kind === 'fit')).toEqual({
      kind: 'fit',
      name: 'Fits',
      engine: 'cpu',
      reason: 'the GPU is a software adapter',
    });
    expect(calls).toEqual([]);
  });

  it('measures a kind on first use, once, and routes it to the faster engine', async () => {
    const { m, calls } = routedManager((kind) => (kind === 'sweep' ? cpuFaster : gpuFaster));
    await m.use('auto');
    expect(m.status.routes?.find((r) => r.kind === 'sweep')).toMatchObject({
      engine: undefined,
      reason: 'measured on first use',
    });
    expect(m.engineFor('sweep')).toBeUndefined();
    const [sweep, again, surface] = await Promise.all([
      m.run('sweep', async (e) => e.kind),
      m.whenReadyFor('sweep'),
      m.run('surface', async (e) => e.kind),
    ]);
    expect([sweep, again.kind, surface]).toEqual(['cpu', 'cpu', 'gpu']);
    expect(calls).toEqual(['sweep:gpu/cpu', 'surface:gpu/cpu']);
    expect(m.engineFor('sweep')?.kind).toBe('cpu');
    expect(m.status.routes?.find((r) => r.kind === 'sweep')).toMatchObject({
      engine: 'cpu',
      reason: 'GPU 30 ms, CPU 4 ms measured',
    });
    expect(m.status.routes?.find((r) => r.kind === 'frontier')?.engine).toBeUndefined();
  });

  it('keeps measurements for the session, across a switch to the CPU and back', async () => {
    const { m, calls } = routedManager(() => cpuFaster);
    await m.use('auto');
    expect((await m.whenReadyFor('frontier')).kind).toBe('cpu');
    await m.use('cpu');
    expect(m.engineFor('frontier')?.kind).toBe('cpu');
    expect(m.status.routes).toBeUndefined();
    await m.use('auto');
    expect(m.engineFor('frontier')?.kind).toBe('cpu');
    expect(calls).toEqual(['frontier:gpu/cpu']);
  });

  it('sends every kind to the GPU when the GPU is chosen, without measuring', async () => {
    const { m, calls } = routedManager(() => cpuFaster);
    await m.use('gpu');
    for (const kind of ['fit', 'surface', 'frontier', 'sweep'] as const) {
      expect((await m.whenReadyFor(kind)).kind).toBe('gpu');
    }
    expect(m.status.routes).toBeUndefined();
    expect(calls).toEqual([]);
  });

  it('keeps the GPU for a kind whose measurement failed, and says why', async () => {
    const { m } = routedManager(() => new Error('probe broke'));
    await m.use('auto');
    expect((await m.whenReadyFor('surface')).kind).toBe('gpu');
    expect(m.status.routes?.find((r) => r.kind === 'surface')?.reason).toBe(
      'kept on the GPU: the measurement failed (probe broke)',
    );
  });

  it("takes the Bench view's last run on the same adapter over its own measurements", async () => {
    const { m, calls } = routedManager(() => gpuFaster);
    await m.use('auto');
    expect((await m.whenReadyFor('sweep')).kind).toBe('gpu');
    const other = { name: 'another adapter', vendor: '', architecture: '', description: '' };
    const rows = [
      { kernel: 'sweep', engine: 'gpu', size: 4096, seconds: 0.2 },
      { kernel: 'sweep', engine: 'cpu', size: 4096, seconds: 0.1 },
      { kernel: 'frontier', engine: 'gpu', size: 512, seconds: 0.2 },
      { kernel: 'frontier', engine: 'cpu', size: 512, seconds: 0.1 },
    ];
    m.adoptBench(other as GpuInfo, rows);
    expect(m.engineFor('sweep')?.kind).toBe('gpu');
    expect(m.status.label).toBe('GPU · google swiftshader');
    m.adoptBench({ name: 'google swiftshader', ...SOFTWARE } as GpuInfo, rows);
    expect(m.engineFor('sweep')?.kind).toBe('cpu');
    expect(m.engineFor('frontier')?.kind).toBe('cpu');
    expect(m.status.routes?.find((r) => r.kind === 'frontier')?.reason).toMatch(
      /in the last Bench run/,
    );
    expect(calls).toEqual(['sweep:gpu/cpu']);
  });

  it('a job waiting for a measurement follows a switch to the CPU, even if the measurement never ends', async () => {
    const gpu = fakeGpu('google swiftshader', SOFTWARE);
    const m = new EngineManager({
      acquireGpu: async (onLost) => gpu.acquisition(onLost),
      createCpuExecutor: createInlineExecutor,
      createGpuEngine: async () => gpu.engine(),
      measureKind: () => new Promise(() => {}),
    });
    await m.use('auto');
    const waiting = m.run('sweep', async (e) => e.kind);
    await m.use('cpu');
    expect(await waiting).toBe('cpu');
  });

  it('fits on a hardware adapter', async () => {
    const { m } = routedManager(() => gpuFaster, {
      vendor: 'nvidia',
      architecture: 'hopper',
      description: 'NVIDIA H200',
      isFallbackAdapter: false,
    });
    await m.use('auto');
    expect((await m.whenReadyFor('fit')).kind).toBe('gpu');
  });
});
