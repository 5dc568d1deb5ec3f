/**
 * EngineManager.run when the device's loss is reported late: a job whose mapping was cut short
 * (an AbortError its signal did not cause) waits up to ABORTED_GRACE_MS for the loss and then
 * runs again on the recovered engine; any other error waits only LOSS_GRACE_MS. On SwiftShader
 * the loss of a device destroyed mid-frontier arrives about 0.8 s after the job fails.
 */
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import { ABORTED_GRACE_MS, EngineManager, LOSS_GRACE_MS } from '../../src/engine/manager';
import { createInlineExecutor } from '../../src/engine/worker-pool';
import type { GpuAcquisition, GpuContext, GpuLoss } from '../../src/gpu/device';

/** Late enough to miss LOSS_GRACE_MS, well inside ABORTED_GRACE_MS. */
const LATE_MS = LOSS_GRACE_MS + 300;

/** Fake GPUs whose engines report a loss when the test says so; each engine has an id. */
function fakeGpus() {
  let made = 0;
  let resolveLost: () => void = () => {};
  const acquire = async (onLost: (loss: GpuLoss) => void): Promise<GpuAcquisition> => {
    const lost = new Promise<GpuLoss>((resolve) => {
      resolveLost = () => resolve({ reason: 'unknown', message: 'late loss' });
    });
    lost.then(onLost);
    const device = { destroy() {} } as unknown as GPUDevice;
    return { kind: 'gpu', gpu: { device, info: { name: 'fake' }, lost } as unknown as GpuContext };
  };
  const createGpuEngine = async (a: Extract<GpuAcquisition, { kind: 'gpu' }>): Promise<Engine> => {
    const id = ++made;
    return {
      kind: 'gpu',
      label: `GPU · fake #${id}`,
      lost: a.gpu.lost,
      surface: async () => new Float32Array([id]),
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
      frontier: async () => new Float32Array([id]),
      sweep: async () => new Float32Array([id]),
      multiplierCurves: async () => new Float64Array(0),
      designReductions: async () => new Float64Array(0),
      createPainter: () => ({ draw: async () => {}, dispose() {} }),
      dispose() {},
    };
  };
  return {
    factories: { acquireGpu: acquire, createCpuExecutor: createInlineExecutor, createGpuEngine },
    /** Reports the current device's loss after `ms`. */
    loseAfter: (ms: number) => setTimeout(() => resolveLost(), ms),
  };
}

describe('EngineManager.run with a late loss report', () => {
  it('keeps the longer grace below the job timeouts people notice', () => {
    expect(ABORTED_GRACE_MS).toBeGreaterThan(LATE_MS);
    expect(ABORTED_GRACE_MS).toBeLessThanOrEqual(10_000);
  });

  it('reruns a job whose mapping was aborted when the loss arrives after LOSS_GRACE_MS', async () => {
    const gpus = fakeGpus();
    const m = new EngineManager(gpus.factories);
    await m.use('auto');
    const engines: string[] = [];
    const result = m.run(async (engine) => {
      engines.push(engine.label);
      if (engines.length === 1) {
        gpus.loseAfter(LATE_MS);
        throw new DOMException('Buffer was unmapped before mapping was resolved.', 'AbortError');
      }
      return engine.frontier([], []);
    });
    expect(Array.from(await result)).toEqual([2]);
    expect(engines).toEqual(['GPU · fake #1', 'GPU · fake #2']);
    expect(m.status.notice).toMatch(/^GPU device lost \(late loss\); a new device was acquired$/);
    m.dispose();
  });

  it('does not rerun a job that failed otherwise, even if a loss follows later', async () => {
    const gpus = fakeGpus();
    const m = new EngineManager(gpus.factories);
    await m.use('auto');
    let calls = 0;
    const result = m.run(async () => {
      calls++;
      gpus.loseAfter(LATE_MS);
      throw new Error('not a device loss');
    });
    await expect(result).rejects.toThrow('not a device loss');
    expect(calls).toBe(1);
    m.dispose();
  });

  it('does not rerun an aborted job when no loss comes at all', async () => {
    const gpus = fakeGpus();
    const m = new EngineManager(gpus.factories);
    await m.use('auto');
    const controller = new AbortController();
    controller.abort(new DOMException('cancelled', 'AbortError'));
    let calls = 0;
    const result = m.run(async () => {
      calls++;
      throw controller.signal.reason;
    }, controller.signal);
    await expect(result).rejects.toThrow('cancelled');
    expect(calls).toBe(1);
    m.dispose();
  });
});
