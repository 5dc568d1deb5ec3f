import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import { EngineManager } from '../../src/engine/manager';
import { createInlineExecutor } from '../../src/engine/worker-pool';
import type { GpuAcquisition, GpuContext, GpuLoss } from '../../src/gpu/device';

/** A fake GPU acquisition whose loss the test triggers. */
function fakeGpu(name = 'Fake GPU') {
  let lose: (loss: GpuLoss) => void = () => {};
  let destroyed = false;
  const acquisition = (onLost: (loss: GpuLoss) => void): GpuAcquisition => {
    lose = onLost;
    const device = { destroy: () => (destroyed = true) } as unknown as GPUDevice;
    return { kind: 'gpu', gpu: { device, info: { name } } as unknown as GpuContext };
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
    frontier: async () => new Float32Array(4),
    sweep: async () => new Float32Array(4),
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
