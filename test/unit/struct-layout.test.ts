import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIT_PARAMS, FIT_RECORD } from '../../src/gpu/fit';
import { HEATMAP_PARAMS } from '../../src/gpu/heatmap';
import { MULTIPLIER_PAIR, MULTIPLIER_PARAMS } from '../../src/gpu/multiplier';
import { OPTIMUM_LAW, OPTIMUM_PARAMS, OPTIMUM_SCENARIO } from '../../src/gpu/optimum-pack';
import { defineStruct, type StructLayout } from '../../src/gpu/struct';
import { SURFACE_PARAMS } from '../../src/gpu/surface';

/** Field names and types of `struct name { ... }` in a WGSL source. */
function wgslStruct(source: string, name: string): [string, string][] {
  const body = new RegExp(`struct\\s+${name}\\s*\\{([^}]*)\\}`).exec(source)?.[1];
  if (!body) throw new Error(`struct ${name} not found`);
  return [...body.matchAll(/(\w+)\s*:\s*(\w+)/g)].map((m) => [m[1]!, m[2]!]);
}

const layouts: [string, StructLayout<string>][] = [
  ['shaders/surface.wgsl', SURFACE_PARAMS],
  ['shaders/heatmap.wgsl', HEATMAP_PARAMS],
  ['shaders/fit.wgsl', FIT_PARAMS],
  ['shaders/fit.wgsl', FIT_RECORD],
  ['shaders/optimum.wgsl', OPTIMUM_PARAMS],
  ['shaders/optimum.wgsl', OPTIMUM_LAW],
  ['shaders/optimum.wgsl', OPTIMUM_SCENARIO],
  ['shaders/multiplier.wgsl', MULTIPLIER_PARAMS],
  ['shaders/multiplier.wgsl', MULTIPLIER_PAIR],
];

describe('uniform layouts', () => {
  it.each(layouts)('%s declares the struct the TS layout packs', (file, layout) => {
    const fields = wgslStruct(readFileSync(file, 'utf8'), layout.name);
    expect(fields).toEqual(layout.fields.map(([k, t]) => [k, t]));
    expect(layout.byteSize % 16).toBe(0);
    expect(layout.byteSize).toBeGreaterThanOrEqual(fields.length * 4);
  });

  it('packs f32 and u32 fields at 4-byte offsets', () => {
    const s = defineStruct('S', [
      ['a', 'f32'],
      ['n', 'u32'],
      ['b', 'f32'],
    ] as const);
    const buf = s.pack({ a: 1.5, n: 7, b: -2 });
    expect(buf.byteLength).toBe(16);
    expect(new Float32Array(buf)[0]).toBe(1.5);
    expect(new Uint32Array(buf)[1]).toBe(7);
    expect(new Float32Array(buf)[2]).toBe(-2);
  });
});
