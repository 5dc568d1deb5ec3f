import { describe, expect, it } from 'vitest';
import {
  type AdapterFacts,
  autoChoice,
  autoChoices,
  isSoftwareAdapter,
  timingsFromBench,
} from '../../src/engine/auto-policy';

/** What Chromium and Node's `webgpu` package report for SwiftShader. */
const SWIFTSHADER: AdapterFacts = {
  vendor: 'google',
  architecture: 'swiftshader',
  description: 'SwiftShader driver 5.0.0',
  isFallbackAdapter: true,
};
const HARDWARE: AdapterFacts = {
  vendor: 'nvidia',
  architecture: 'hopper',
  description: 'NVIDIA H200',
  isFallbackAdapter: false,
};

describe('isSoftwareAdapter', () => {
  it('believes the fallback flag, and recognises software rasterisers that do not set it', () => {
    expect(isSoftwareAdapter(SWIFTSHADER)).toBe(true);
    expect(isSoftwareAdapter({ ...SWIFTSHADER, isFallbackAdapter: false })).toBe(true);
    expect(
      isSoftwareAdapter({ ...HARDWARE, vendor: 'mesa', description: 'llvmpipe (LLVM 15.0.7)' }),
    ).toBe(true);
    expect(
      isSoftwareAdapter({ ...HARDWARE, vendor: '', description: 'Microsoft Basic Render Driver' }),
    ).toBe(true);
    expect(isSoftwareAdapter(HARDWARE)).toBe(false);
  });
});

describe('autoChoice', () => {
  it('never fits on a software adapter, even when a measurement says the GPU is faster', () => {
    const fast = { gpuSeconds: 0.001, cpuSeconds: 1, source: 'bench' } as const;
    for (const m of [undefined, fast]) {
      expect(autoChoice('fit', SWIFTSHADER, m)).toEqual({
        engine: 'cpu',
        reason: 'the GPU is a software adapter',
        pending: false,
      });
    }
  });

  it('fits on a hardware adapter unless the Bench run timed the CPU faster', () => {
    expect(autoChoice('fit', HARDWARE, undefined)).toMatchObject({ engine: 'gpu', pending: false });
    const slowGpu = { gpuSeconds: 2, cpuSeconds: 1, source: 'bench' } as const;
    expect(autoChoice('fit', HARDWARE, slowGpu)).toMatchObject({
      engine: 'cpu',
      reason: 'GPU 2000 ms, CPU 1000 ms in the last Bench run',
    });
    // A probe of fits never exists; one passed in is not a reason to leave the GPU.
    const probe = { gpuSeconds: 2, cpuSeconds: 1, source: 'probe' } as const;
    expect(autoChoice('fit', HARDWARE, probe).engine).toBe('gpu');
  });

  it('waits for a measurement for the other kinds, then takes the faster engine', () => {
    for (const adapter of [SWIFTSHADER, HARDWARE]) {
      expect(autoChoice('sweep', adapter, undefined).pending).toBe(true);
      const gpuWins = { gpuSeconds: 0.0042, cpuSeconds: 0.031, source: 'probe' } as const;
      expect(autoChoice('sweep', adapter, gpuWins)).toEqual({
        engine: 'gpu',
        reason: 'GPU 4.2 ms, CPU 31 ms measured',
        pending: false,
      });
      const cpuWins = { gpuSeconds: 0.01, cpuSeconds: 0.002, source: 'probe' } as const;
      expect(autoChoice('surface', adapter, cpuWins)).toMatchObject({
        engine: 'cpu',
        pending: false,
      });
    }
  });

  it('keeps the GPU when the measurement failed, and says why', () => {
    expect(autoChoice('frontier', SWIFTSHADER, { error: 'device lost' })).toEqual({
      engine: 'gpu',
      reason: 'kept on the GPU: the measurement failed (device lost)',
      pending: false,
    });
  });

  it('answers for every kind at once', () => {
    const all = autoChoices(SWIFTSHADER, {
      surface: { gpuSeconds: 1, cpuSeconds: 2, source: 'probe' },
    });
    expect(Object.keys(all).sort()).toEqual(['fit', 'frontier', 'surface', 'sweep']);
    expect(all.fit.engine).toBe('cpu');
    expect(all.surface).toMatchObject({ engine: 'gpu', pending: false });
    expect(all.sweep.pending).toBe(true);
  });
});

describe('timingsFromBench', () => {
  const row = (kernel: string, engine: string, size: number, seconds: number) => ({
    kernel,
    engine,
    size,
    seconds,
  });

  it('compares the engines at the largest size both were timed at', () => {
    const t = timingsFromBench([
      row('sweep', 'gpu', 4096, 0.01),
      row('sweep', 'cpu', 4096, 0.02),
      row('sweep', 'gpu', 65536, 0.05),
      row('sweep', 'cpu', 65536, 0.4),
      row('sweep', 'gpu', 1 << 20, 0.3), // no CPU row at this size
      row('fit-bootstrap', 'gpu', 64, 3),
      row('fit-bootstrap', 'cpu', 64, 1),
      row('surface-readback', 'gpu', 1024, 1),
      row('surface-readback', 'cpu', 1024, 2),
    ]);
    expect(t).toEqual({
      sweep: { gpuSeconds: 0.05, cpuSeconds: 0.4, source: 'bench' },
      fit: { gpuSeconds: 3, cpuSeconds: 1, source: 'bench' },
    });
  });

  it('leaves out kinds measured on one engine only', () => {
    expect(timingsFromBench([row('frontier', 'cpu', 512, 0.1)])).toEqual({});
  });
});
