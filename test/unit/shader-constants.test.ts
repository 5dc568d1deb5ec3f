import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  KIND_CODES,
  OPTIMUM_CONSTANTS_MARKER,
  optimumConstantsWgsl,
  TARGET_FIRST,
  wgslConstantName,
} from '../../src/gpu/optimum-pack';
import { KernelError, withGeneratedConstants } from '../../src/gpu/pipelines';
import { OptimumStatus, SCENARIO_KINDS } from '../../src/law/scenario';

const raw = readFileSync('shaders/optimum.wgsl', 'utf8');

/** `const NAME: u32 = Vu;` declarations of a WGSL source, by name. */
function u32Constants(source: string): Map<string, number> {
  return new Map(
    [...source.matchAll(/^const\s+(\w+)\s*:\s*u32\s*=\s*(0x[0-9a-f]+|\d+)u\s*;/gim)].map((m) => [
      m[1]!,
      Number(m[2]!),
    ]),
  );
}

/** Identifiers a WGSL source uses that look like generated constants. */
function usedConstants(source: string): Set<string> {
  const code = source.replace(/\/\/.*$/gm, '');
  return new Set(
    [...code.matchAll(/\b(?:KIND|STATUS)_[A-Z_]+\b|\bTARGET_FIRST\b/g)].map((m) => m[0]),
  );
}

describe('optimum.wgsl constants generated from TypeScript', () => {
  const generated = withGeneratedConstants(
    'optimum',
    raw,
    OPTIMUM_CONSTANTS_MARKER,
    optimumConstantsWgsl(),
  );
  const consts = u32Constants(generated);

  it('writes no kind or status constant by hand', () => {
    expect(
      [...u32Constants(raw).keys()].filter((k) => /^(KIND|STATUS)_|^TARGET_FIRST$/.test(k)),
    ).toEqual([]);
  });

  it('generates one constant per kind and status code with the TypeScript value', () => {
    for (const kind of SCENARIO_KINDS)
      expect(consts.get(wgslConstantName('KIND', kind))).toBe(KIND_CODES[kind]);
    for (const [name, code] of Object.entries(OptimumStatus))
      expect(consts.get(wgslConstantName('STATUS', name))).toBe(code);
    expect(consts.get('TARGET_FIRST')).toBe(TARGET_FIRST);
    expect(new Set(Object.values(KIND_CODES)).size).toBe(SCENARIO_KINDS.length);
  });

  it('defines every constant the kernel uses', () => {
    const missing = [...usedConstants(generated)].filter((name) => !consts.has(name));
    expect(missing).toEqual([]);
    // Every kind has a branch (or, for the target kinds, the default branch names it).
    for (const kind of SCENARIO_KINDS) expect(generated).toContain(wgslConstantName('KIND', kind));
  });

  it('refuses a shader without exactly one marker', () => {
    expect(() =>
      withGeneratedConstants('optimum', 'fn main() {}', OPTIMUM_CONSTANTS_MARKER, ''),
    ).toThrow(KernelError);
    expect(() =>
      withGeneratedConstants(
        'optimum',
        `${OPTIMUM_CONSTANTS_MARKER}\n${OPTIMUM_CONSTANTS_MARKER}`,
        OPTIMUM_CONSTANTS_MARKER,
        '',
      ),
    ).toThrow(/exactly one '\/\/ @generated-constants' line .* found 2/);
  });

  it('names constants in upper snake case', () => {
    expect(wgslConstantName('KIND', 'data-constrained-inference')).toBe(
      'KIND_DATA_CONSTRAINED_INFERENCE',
    );
    expect(wgslConstantName('STATUS', 'budgetTooSmall')).toBe('STATUS_BUDGET_TOO_SMALL');
  });
});
