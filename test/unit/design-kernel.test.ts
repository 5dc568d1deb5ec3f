/**
 * Host-side checks of the designer kernel: the uniform layout matches the WGSL struct, and the
 * packed inputs reproduce the f64 twin when evaluated on the CPU from the same numbers.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type CandidateGrid, candidateReductions, designModel } from '../../src/fit/design';
import { fitInformation } from '../../src/fit/information';
import { DESIGN_PARAMS, designKernelInputs } from '../../src/gpu/design';
import { logLossLSE, thetaFromLaw } from '../../src/law/law';
import { findPreset } from '../../src/law/presets';

const theta = thetaFromLaw(findPreset('hoffmann2022')!.law);

describe('design kernel inputs', () => {
  it('DesignParams in design.wgsl matches the TS layout', () => {
    const source = readFileSync('shaders/design.wgsl', 'utf8');
    const body = /struct\s+DesignParams\s*\{([^}]*)\}/.exec(source)?.[1] ?? '';
    const fields = [...body.matchAll(/(\w+)\s*:\s*(\w+)/g)].map((m) => [m[1], m[2]]);
    expect(fields).toEqual(DESIGN_PARAMS.fields.map(([k, t]) => [k, t]));
    expect(DESIGN_PARAMS.byteSize).toBe(64);
  });

  it('the packed inputs, evaluated as the kernel does in f64, equal the twin', () => {
    const runs = [1e18, 1e19, 1e20].flatMap((C, i) =>
      [3e7, 1e8, 3e8, 1e9].map((N, k) => {
        const D = C / (6 * N);
        return {
          N,
          D,
          loss: Math.exp(logLossLSE(theta, Math.log(N), Math.log(D)) + 0.01 * (((i + k) % 3) - 1)),
        };
      }),
    );
    const model = designModel(fitInformation(theta, runs), { kind: 'nopt', budget: 1e24 });
    const grid: CandidateGrid = {
      kind: 'budgets-sizes',
      width: 9,
      height: 7,
      nMin: 1e7,
      nMax: 1e11,
      yMin: 1e18,
      yMax: 1e22,
    };
    const { params: p, model: m } = designKernelInputs(model, grid);
    const twin = candidateReductions(model, grid);
    for (let row = 0; row < grid.height; row++)
      for (let col = 0; col < grid.width; col++) {
        const n = p.n0 + col * p.nCol + row * p.nRow;
        const d = p.d0 + col * p.dCol + row * p.dRow;
        const x = [p.aC - p.alpha * n, p.bC - p.beta * d, p.e];
        const mx = Math.max(...x);
        const e = x.map((v) => Math.exp(v - mx));
        const s = e[0]! + e[1]! + e[2]!;
        const j = [e[2]! / s, e[0]! / s, e[1]! / s, (-e[0]! / s) * n, (-e[1]! / s) * d];
        let u = 0;
        let q = 0;
        for (let i = 0; i < 5; i++) {
          let cj = 0;
          for (let k = 0; k < 5; k++) cj += m[i * 5 + k]! * j[k]!;
          u += m[25 + i]! * cj;
          q += j[i]! * cj;
        }
        expect((u * u) / (p.s2 + q) / twin[row * grid.width + col]!).toBeCloseTo(1, 10);
      }
  });
});
