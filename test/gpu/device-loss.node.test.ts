// Device loss on a real WebGPU device (Dawn in Node): the manager notices, acquires again or
// falls back, and a job in flight rejects instead of hanging.

import { describe, expect, it } from 'vitest';
import { create, globals } from 'webgpu';
import { builtinDataset } from '../../src/data/builtin';
import type { GpuEngine } from '../../src/engine/gpu-engine';
import { EngineManager } from '../../src/engine/manager';
import { createInlineExecutor } from '../../src/engine/worker-pool';
import { DEFAULT_FIT_OPTIONS } from '../../src/fit/types';
import { acquireGpu } from '../../src/gpu/device';
import { compileShader, KernelError } from '../../src/gpu/pipelines';
import { DEFAULT_GRID } from '../../src/law/grid';
import { readPair, solveOptima } from '../../src/law/optima';
import { findPreset } from '../../src/law/presets';
import type { Scenario } from '../../src/law/scenario';

Object.assign(globalThis, globals);
const gpu = create([]);
const law = findPreset('hoffmann2022')!.law;
const muennighoff = findPreset('muennighoff2023')!.law;

/** 200 laws x 512 budgets of the data-constrained optimum: long enough to lose the device in. */
function frontierJob(): { laws: (typeof law)[]; scenarios: Scenario[] } {
  const laws = Array.from({ length: 200 }, (_, i) => ({
    ...muennighoff,
    A: muennighoff.A * (1 + i / 1000),
  }));
  const scenarios: Scenario[] = Array.from({ length: 512 }, (_, i) => ({
    kind: 'data-constrained',
    C: 10 ** (18 + (10 * i) / 511),
    U: 1e11,
  }));
  return { laws, scenarios };
}

/** Replaces the WGSL of modules whose code contains `marker` with code that cannot compile. */
function breakShaders(device: GPUDevice, marker: string): void {
  const create = device.createShaderModule.bind(device);
  device.createShaderModule = (descriptor: GPUShaderModuleDescriptor) =>
    create(
      descriptor.code.includes(marker)
        ? { ...descriptor, code: `${descriptor.code}\nfn broken() -> f32 { return missing; }` }
        : descriptor,
    );
}

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

  it('restarts a frontier job lost mid-flight on the recovered engine, with the same answer', async () => {
    const m = new EngineManager({
      acquireGpu: (onLost) => acquireGpu({ gpu, onLost }),
      createCpuExecutor: createInlineExecutor,
    });
    const first = await m.use('auto');
    expect(first.kind).toBe('gpu');
    const { laws, scenarios } = frontierJob();
    const engines: string[] = [];
    const result = m.run((engine) => {
      engines.push(engine.label);
      const job = engine.frontier(laws, scenarios);
      if (engine === first) setTimeout(() => (first as GpuEngine).gpu.device.destroy(), 20);
      return job;
    });
    const values = await result;
    expect(engines).toHaveLength(2);
    expect(m.engine).not.toBe(first);
    expect(m.status.notice).toMatch(/^GPU device lost.*a new device was acquired$/);
    // the restarted job's answer is the whole job's: spot-check against the f64 twin
    const cpu = solveOptima([laws[7]!], scenarios);
    for (const i of [0, 100, 300, 511]) {
      const got = readPair(values, 7 * scenarios.length + i);
      const want = readPair(cpu, i);
      expect(got.status).toBe(want.status);
      expect(Math.abs(got.loss / want.loss - 1)).toBeLessThan(2e-6);
    }
    m.dispose();
  });

  it('does not retry a job that failed for another reason', async () => {
    const m = new EngineManager({
      acquireGpu: (onLost) => acquireGpu({ gpu, onLost }),
      createCpuExecutor: createInlineExecutor,
    });
    await m.use('auto');
    let calls = 0;
    const bad = m.run(async () => {
      calls++;
      throw new Error('not a device loss');
    });
    await expect(bad).rejects.toThrow('not a device loss');
    expect(calls).toBe(1);
    m.dispose();
  });

  it('runs fits on the CPU when the fit kernel fails to build, and keeps the GPU for the rest', async () => {
    const m = new EngineManager({
      acquireGpu: async (onLost) => {
        const a = await acquireGpu({ gpu, onLost });
        if (a.kind === 'gpu') breakShaders(a.gpu.device, 'struct FitRecord');
        return a;
      },
      createCpuExecutor: createInlineExecutor,
    });
    const engine = await m.use('auto');
    expect(engine.kind).toBe('gpu');
    const runs = builtinDataset(1).runs;
    const fit = await engine.fit(runs, {
      ...DEFAULT_FIT_OPTIONS,
      starts: { kind: 'random', count: 20 },
      bootstrap: 0,
    });
    expect(fit.engine).toBe('cpu');
    expect(fit.best.law.alpha).toBeGreaterThan(0);
    expect(m.status.kind).toBe('gpu');
    expect(m.status.notice).toMatch(
      /^The fit\.workgroup kernel failed to build \(fit\.workgroup: shader compilation failed: line \d+/,
    );
    expect(m.status.notice).toMatch(/its jobs run on the CPU, the rest stays on the GPU$/);
    // the surface and optimum kernels still run on the GPU
    const values = await engine.surface(law, { ...DEFAULT_GRID, width: 8, height: 8 });
    expect(values[0]).toBeGreaterThan(law.E);
    const optima = await engine.frontier([law], [{ kind: 'compute', C: 1e23 }]);
    expect(readPair(optima, 0).status).toBe(0);
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
