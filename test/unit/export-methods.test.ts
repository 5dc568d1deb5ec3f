import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtinDataset } from '../../src/data/builtin';
import { datasetHash } from '../../src/data/hash';
import { parseRuns } from '../../src/data/runs';
import type { Run } from '../../src/data/types';
import { fitProvenance, methodsNumber, methodsText } from '../../src/export/methods';
import { TOOL_NAME, TOOL_VERSION } from '../../src/export/tool';
import {
  DEFAULT_FIT_OPTIONS,
  type FitResult,
  SUMMARY_PARAMS,
  type SummaryParam,
} from '../../src/fit/types';
import { lawFromTheta } from '../../src/law/law';

const packageVersion = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
).version;

const theta = { a: 6.18, b: 7.64, e: 0.597, alpha: 0.348, beta: 0.366 };
const params = Object.fromEntries(
  SUMMARY_PARAMS.map((p, i) => [p, { median: i + 1, se: 0.1, ci95: [i + 0.5, i + 1.5] }]),
) as Record<SummaryParam, { median: number; se: number; ci95: [number, number] }>;

/** A fit as the engines return it, with round numbers. */
function fitResult(overrides: Partial<FitResult> = {}): FitResult {
  return {
    engine: 'gpu',
    rows: 133,
    best: {
      theta,
      law: lawFromTheta(theta),
      objective: 0.0123,
      iterations: 40,
      evaluations: 60,
      converged: true,
    },
    starts: { total: 4500, converged: 4480, minima: { best: 0.0123, median: 0.02, worst: 0.5 } },
    bootstrap: {
      requested: 200,
      converged: 198,
      excluded: 2,
      params,
      correlation: [],
      replicas: new Float64Array(1000),
    },
    warnings: [],
    options: { ...DEFAULT_FIT_OPTIONS, bootstrap: 200, seed: 7 },
    seconds: 3.2,
    ...overrides,
  };
}

const runs = parseRuns(builtinDataset(1).csv).runs;
const excludedRows = [runs[0]!.row, runs[5]!.row];
const provenance = fitProvenance(
  'Synthetic isoFLOP sweep',
  runs,
  excludedRows,
  'GPU · google swiftshader (software fallback adapter)',
);

describe('fitProvenance', () => {
  it('hashes the runs the fit used and counts the excluded ones', () => {
    const used = runs.filter((r) => !excludedRows.includes(r.row));
    expect(provenance).toEqual({
      datasetName: 'Synthetic isoFLOP sweep',
      datasetRuns: runs.length,
      excluded: 2,
      hash: datasetHash(used),
      groups: 0,
      ungrouped: used.length,
      adapter: 'google swiftshader',
    });
    expect(provenance.hash).not.toBe(datasetHash(runs));
    expect(fitProvenance('x', runs, [], 'CPU · 2 threads').adapter).toBeNull();
  });
});

describe('methodsText', () => {
  const text = methodsText({ result: fitResult(), provenance });

  it('states the law, objective, optimiser and starts', () => {
    expect(text).toContain('L(N, D) = E + A/N^α + B/D^β');
    expect(text).toContain('Approach 3 of Hoffmann et al. (2022)');
    expect(text).toContain('LSE(a − α ln N, b − β ln D, e)');
    expect(text).toContain('Huber loss (δ = 0.001)');
    expect(text).toContain('L-BFGS');
    expect(text).toMatch(
      /start grid of Hoffmann et al\. \(4,500 starts: α, β ∈ \{0, 0\.5, 1, 1\.5, 2\}/,
    );
    expect(text).toContain('4,480 of 4,500 starts converged');
  });

  it('states K, the resampling unit, the seed and the replicas kept', () => {
    expect(text).toContain('K = 200 bootstrap replicas that resample the 133 runs');
    expect(text).toContain('seed 7');
    expect(text).toContain('198 replicas converged and the 2 that did not were excluded');
    expect(text).toContain('α ∈ [3.5, 4.5]');
  });

  it('states the data, its hash, the estimates, the engine and the tool version', () => {
    expect(text).toContain('133 training runs of the dataset “Synthetic isoFLOP sweep”');
    expect(text).toContain(`2 runs of ${runs.length} excluded by hand`);
    expect(text).toContain(provenance.hash);
    expect(provenance.hash).toMatch(/^[0-9a-f]{16}$/);
    expect(text).toContain(`α = ${methodsNumber(0.348)}, β = ${methodsNumber(0.366)}`);
    expect(text).toContain('the GPU engine (WebGPU, f32, adapter google swiftshader)');
    expect(TOOL_VERSION).toBe(packageVersion);
    expect(text).toContain(`Computed with ${TOOL_NAME} ${packageVersion} on`);
  });

  it('is deterministic and carries no date unless one is passed', () => {
    expect(methodsText({ result: fitResult(), provenance })).toBe(text);
    expect(text).not.toMatch(/\b20\d\d-\d\d-\d\d\b/);
    const dated = methodsText({ result: fitResult(), provenance, date: '2025-03-14' });
    expect(dated.endsWith('adapter google swiftshader) on 2025-03-14.')).toBe(true);
    const tool = methodsText({
      result: fitResult(),
      provenance,
      tool: { name: 'T', version: '9.9.9' },
    });
    expect(tool).toContain('Computed with T 9.9.9 on');
  });

  it('describes random starts, tied exponents, the CPU engine and a fit without bootstrap', () => {
    const { bootstrap: _, ...noBoot } = fitResult();
    const t = methodsText({
      result: {
        ...noBoot,
        engine: 'cpu',
        starts: { ...noBoot.starts, total: 300, converged: 290 },
        options: {
          ...noBoot.options,
          bootstrap: 0,
          tieExponents: true,
          starts: { kind: 'random', count: 300 },
        },
      },
      provenance: { ...provenance, adapter: null },
    });
    expect(t).toContain('with one shared exponent (α = β)');
    expect(t).toContain('from 300 starts drawn uniformly');
    expect(t).toContain('290 of 300 starts converged');
    expect(t).toContain('No bootstrap was run (K = 0)');
    expect(t).toContain('on the CPU engine (f64).');
    expect(t).not.toContain('adapter');
  });

  it('names groups as the resampling unit when runs carry group ids', () => {
    const grouped: Run[] = [
      { row: 2, N: 1e8, D: 1e9, loss: 3.1, C: 6e17, group: 'r1' },
      { row: 3, N: 1e8, D: 2e9, loss: 3.0, C: 1.2e18, group: 'r1' },
      { row: 4, N: 2e8, D: 1e9, loss: 2.9, C: 1.2e18, group: 'r2' },
      { row: 5, N: 4e8, D: 1e9, loss: 2.8, C: 2.4e18 },
    ];
    const p = fitProvenance('ckpts', grouped, [], 'CPU · 2 threads');
    expect(p.groups).toBe(2);
    expect(p.ungrouped).toBe(1);
    const t = methodsText({ result: fitResult({ rows: 4 }), provenance: p });
    expect(t).toContain('resample the 3 groups of runs');
    expect(t).toContain('1 run without a group id count as groups of one');
    const rows = methodsText({
      result: fitResult({ rows: 4, options: { ...fitResult().options, resampleGroups: false } }),
      provenance: p,
    });
    expect(rows).toContain('resample the 4 runs with replacement');
  });
});
