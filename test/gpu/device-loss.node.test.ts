// Device loss on a real WebGPU device (Dawn in Node): the manager notices, acquires again or
// falls back, and a job in flight rejects instead of hanging.

import { describe, expect, it } from 'vitest';
import { create, globals } from 'webgpu';
import type { GpuEngine } from '../../src/engine/gpu-engine';
import { EngineManager } from '../../src/engine/manager';
import { createInlineExecutor } from '../../src/engine/worker-pool';
import { acquireGpu } from '../../src/gpu/device';
import { compileShader, KernelError } from '../../src/gpu/pipelines';
import { DEFAULT_GRID } from '../../src/law/grid';
import { findPreset } from '../../src/law/presets';

Object.assign(globalThis, globals);
const gpu = create([]);
const law = findPreset('hoffmann2022')!.law;

describe('device loss (node webgpu)', () => {
  it('recovers with a new device after device.destroy() from outside, and the job in flight rejects', async () => {
    const m = new EngineManager({
      acquireGpu: (onLost) => acquireGpu({ gpu, onLost }),
      createCpuExecutor: createInlineExecutor,
    });
    const first = await m.use('auto');
    expect(first.kind).toBe('gpu');
    const job = first.surface(law, { ...DEFAULT_GRID, width: 2048, height: 2048 });
    (first as unknown as GpuEngine).gpu.device.destroy();
    await expect(job).rejects.toBeDefined();
    await new Promise((r) => setTimeout(r, 50));
    expect(m.status.notice).toMatch(/^GPU device lost/);
    const second = await m.whenReady();
    expect(second.kind).toBe('gpu');
    expect(second).not.toBe(first);
    expect(m.status.notice).toMatch(/a new device was acquired$/);
    const values = await second.surface(law, { ...DEFAULT_GRID, width: 8, height: 8 });
    expect(values[0]).toBeGreaterThan(law.E);
    m.dispose();
  });

  it('reports a shader that fails to compile with the kernel name and line', async () => {
    const acquisition = await acquireGpu({ gpu });
    if (acquisition.kind !== 'gpu') throw new Error(`no WebGPU adapter: ${acquisition.reason}`);
    const { device } = acquisition.gpu;
    const bad = compileShader(
      device,
      'broken-kernel',
      '@compute @workgroup_size(1) fn main() { let x: f32 = y; }',
    );
    await expect(bad).rejects.toThrow(KernelError);
    await expect(bad).rejects.toThrow(/^broken-kernel: shader compilation failed: line 1:/);
    device.destroy();
  });
});
