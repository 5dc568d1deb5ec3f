import { describe, expect, it } from 'vitest';
import { CpuEngine } from '../../src/engine/cpu-engine';
import { createInlineExecutor } from '../../src/engine/worker-pool';
import { PAIR_STRIDE, readPair, solveOptima, solveSweep } from '../../src/law/optima';
import { PRESETS } from '../../src/law/presets';
import type { Scenario } from '../../src/law/scenario';
import type { SweepAxis } from '../../src/law/sweep';

const laws = PRESETS.map((p) => p.law);
const budgets: Scenario[] = Array.from({ length: 37 }, (_, i) => ({
  kind: 'data-constrained',
  C: 10 ** (18 + i / 4),
  U: 1e11,
}));

/** An inline executor that claims several threads, so the engine really splits the work. */
function threaded(threads: number) {
  return { ...createInlineExecutor(), threads };
}

describe('CpuEngine.frontier and sweep', () => {
  it('assemble chunks into exactly the twin layout, split by scenarios or by laws', async () => {
    const engine = new CpuEngine(threaded(3));
    const progress: number[] = [];
    const byScenario = await engine.frontier(laws, budgets, {
      onProgress: (d) => progress.push(d),
    });
    expect(byScenario).toEqual(solveOptima(laws, budgets));
    expect(progress.at(-1)).toBe(budgets.length);
    const manyLaws = Array.from({ length: 50 }, (_, i) => ({
      ...laws[i % 4]!,
      alpha: 0.3 + i * 0.002,
    }));
    const few = budgets.slice(0, 5);
    expect(await engine.frontier(manyLaws, few)).toEqual(solveOptima(manyLaws, few));
  });

  it('solves every sweep cell like the twin, row-major per law', async () => {
    const x: SweepAxis = { field: 'C', min: 1e19, max: 1e25, count: 17, spacing: 'log' };
    const y: SweepAxis = { field: 'U', min: 1e9, max: 1e13, count: 11, spacing: 'log' };
    const base: Scenario = { kind: 'data-constrained', C: 1e21, U: 1e11 };
    const engine = new CpuEngine(threaded(2));
    const two = laws.slice(0, 2);
    const got = await engine.sweep(two, base, x, y);
    expect(got).toEqual(solveSweep(two, base, x, y));
    expect(got).toHaveLength(2 * 17 * 11 * PAIR_STRIDE);
    // Cell (col 16, row 10): the largest budget with the most unique tokens.
    const cell = readPair(got, 10 * 17 + 16);
    expect(cell.status).toBe(0);
    expect(6 * cell.N * cell.D).toBeCloseTo(1e25, -20);
  });

  it('rejects an unusable axis with its name, and a cancelled job with the reason', async () => {
    const engine = new CpuEngine(threaded(2));
    const x: SweepAxis = { field: 'C', min: 1e25, max: 1e19, count: 8, spacing: 'log' };
    const y: SweepAxis = { field: 'mfu', min: 0.2, max: 1.5, count: 8, spacing: 'linear' };
    const base: Scenario = { kind: 'compute', C: 1e21 };
    await expect(engine.sweep(laws, base, x, { ...y, max: 0.5 })).rejects.toThrow(
      /x axis range is inverted/,
    );
    await expect(engine.sweep(laws, base, { ...x, min: 1e19, max: 1e25 }, y)).rejects.toThrow(
      /MFU must lie in \(0, 1\]/,
    );
    const controller = new AbortController();
    const job = engine.frontier(laws, budgets, { signal: controller.signal });
    controller.abort(new Error('stop'));
    await expect(job).rejects.toThrow('stop');
  });
});
