// The f32 fit kernel and its f64 twin run the same line search: the constants in
// shaders/fit.wgsl must equal those in src/fit/line-search.ts and src/fit/lbfgs.ts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LBFGS_DEFAULTS } from '../../src/fit/lbfgs';
import { WOLFE } from '../../src/fit/line-search';

const wgsl = readFileSync('shaders/fit.wgsl', 'utf8');

function wgslConst(name: string): number {
  const m = new RegExp(`const ${name}: (?:f32|u32) = ([0-9.e+-]+)u?;`).exec(wgsl);
  if (!m) throw new Error(`const ${name} not found in shaders/fit.wgsl`);
  return Number(m[1]);
}

describe('fit kernel constants', () => {
  it.each([
    ['C1', WOLFE.c1],
    ['C2', WOLFE.c2],
    ['MAX_LINE_EVALS', WOLFE.maxEvaluations],
    ['MAX_STEP', WOLFE.maxStep],
    ['EXPANSION', WOLFE.expansion],
    ['MEMORY', LBFGS_DEFAULTS.memory],
  ])('%s in the shader equals the CPU twin (%s)', (name, value) => {
    expect(wgslConst(name)).toBe(value);
  });
});
