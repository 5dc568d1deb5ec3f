import { describe, expect, it } from 'vitest';
import { frontierBands, quantiles } from '../../src/law/bands';
import { trainingCost, trainingDays } from '../../src/law/hardware';
import { solveOptima } from '../../src/law/optima';
import { solveOptimum } from '../../src/law/optimum';
import { planInterval, timeAndCostIntervals } from '../../src/law/planner-intervals';
import { findPreset } from '../../src/law/presets';
import type { Scenario } from '../../src/law/scenario';
import { DEFAULT_PLANNER, plannerInputs } from '../../src/scenario/planner-state';

const base = findPreset('hoffmann2022')!.law;
/** Replica-like laws around the preset. */
const laws = [0.97, 1, 1.04, 1.1].map((f) => ({ ...base, A: base.A * f, B: base.B / f }));
const scenario: Scenario = { kind: 'compute', C: 1e23 };

describe('planInterval', () => {
  it('bands the replicas and gives the quantiles of k N D over those that solved', () => {
    const bad = { ...base, alpha: -1 };
    const all = [...laws, bad];
    const res = solveOptima(all, [scenario]);
    const got = planInterval(res, all.length, 6);
    expect(got.bands).toEqual(frontierBands(res, all.length, 1)[0]);
    expect(got.bands.solved).toBe(laws.length);
    const want = laws.map((l) => {
      const r = solveOptimum(l, scenario);
      if (!r.ok) throw new Error(r.reason);
      return 6 * Math.fround(r.N) * Math.fround(r.D);
    });
    expect(got.C).toEqual(quantiles(want));
  });

  it('has no compute interval when no replica solved', () => {
    const res = solveOptima([{ ...base, alpha: -1 }], [scenario]);
    expect(planInterval(res, 1).C).toBeNull();
    expect(() => planInterval(new Float32Array(3), 1)).toThrow(RangeError);
  });
});

describe('timeAndCostIntervals', () => {
  it('maps the compute bounds to days and cost on the hardware', () => {
    const inputs = plannerInputs(DEFAULT_PLANNER);
    const { count, peakFlops, mfu } = inputs.hardware;
    const C = quantiles([1e22, 2e22, 4e22])!;
    const got = timeAndCostIntervals(inputs, C)!;
    expect(got.days.p2_5).toBe(trainingDays(C.p2_5, count, peakFlops, mfu));
    expect(got.days.p97_5).toBe(trainingDays(C.p97_5, count, peakFlops, mfu));
    expect(got.cost.p97_5).toBe(trainingCost(C.p97_5, peakFlops, mfu, inputs.pricePerHour));
    expect(got.cost.p2_5).toBeLessThan(got.cost.p97_5);
    expect(timeAndCostIntervals(inputs, null)).toBeNull();
  });
});
