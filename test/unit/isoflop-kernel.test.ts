/**
 * The host side of the isoFLOP parabola kernel: the uniform the shader declares is the one the
 * wrapper packs, the record is one vec4f, and replica bands respect the binding and dispatch
 * limits.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PARABOLA_RECORD } from '../../src/fit/isoflop-parabola';
import { ISOFLOP_PARAMS, planReplicaBands } from '../../src/gpu/isoflop';

const source = readFileSync('shaders/isoflop.wgsl', 'utf8');

describe('isoFLOP kernel layout', () => {
  it('declares the IsoflopParams the wrapper packs, and vec4f records', () => {
    const body = /struct\s+IsoflopParams\s*\{([^}]*)\}/.exec(source)?.[1] ?? '';
    const fields = [...body.matchAll(/(\w+)\s*:\s*(\w+)/g)].map((m) => [m[1], m[2]]);
    expect(fields).toEqual(ISOFLOP_PARAMS.fields.map(([k, t]) => [k, t]));
    expect(ISOFLOP_PARAMS.byteSize).toBe(16);
    expect(PARABOLA_RECORD).toBe(4);
    expect(source).toMatch(/var<storage, read_write> records: array<vec4f>/);
  });
});

describe('replica bands', () => {
  const limits = {
    maxStorageBufferBindingSize: 1 << 20,
    maxBufferSize: 1 << 30,
    maxComputeWorkgroupsPerDimension: 65535,
  };

  it('keeps every replica in one band when the weights fit one binding', () => {
    // WebGPU's default 128 MiB binding holds 4000 replicas of 133 runs (2.1 MB) many times over.
    const wide = { ...limits, maxStorageBufferBindingSize: 128 << 20 };
    expect(planReplicaBands(4000, 133, 10, wide)).toEqual([{ first: 0, count: 4000 }]);
  });

  it('splits replicas whose weights pass one binding, covering each once', () => {
    // 1 MiB / (1000 runs x 4 bytes) = 262 replicas a band.
    const bands = planReplicaBands(1000, 1000, 10, limits);
    expect(bands.map((b) => b.count)).toEqual([262, 262, 262, 214]);
    expect(bands.map((b) => b.first)).toEqual([0, 262, 524, 786]);
  });

  it('bounds a band by the records too, and by the 2D dispatch', () => {
    // 300 budgets: the records (16 bytes each) outweigh 1000 runs' weights.
    expect(planReplicaBands(1000, 1000, 300, limits)[0]!.count).toBe(Math.floor((1 << 20) / 4800));
    const tiny = {
      ...limits,
      maxStorageBufferBindingSize: 1 << 30,
      maxComputeWorkgroupsPerDimension: 4,
    };
    // 4 x 4 workgroups of 64 threads = 1024 pairs, 10 budgets: 102 replicas a band.
    expect(planReplicaBands(250, 20, 10, tiny).map((b) => b.count)).toEqual([102, 102, 46]);
  });

  it('says which replica does not fit a binding', () => {
    expect(() => planReplicaBands(1, 1 << 20, 10, limits)).toThrow(
      /one bootstrap replica of 1048576 runs in 10 budgets \(4194304 bytes\) exceeds the device's largest binding \(1048576 bytes\)/,
    );
  });
});
