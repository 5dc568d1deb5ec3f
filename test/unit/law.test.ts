import { describe, expect, it } from 'vitest';
import {
  lawFromTheta,
  logLossLSE,
  logSumExp3,
  loss,
  lossFromLogs,
  thetaFromLaw,
  tokensForBudget,
  trainingFlops,
} from '../../src/law/law';
import { findPreset, PRESETS } from '../../src/law/presets';

const hoffmann = findPreset('hoffmann2022')!.law;

describe('loss', () => {
  it('predicts Chinchilla (70B params, 1.4T tokens) at 1.93665 with the rounded Hoffmann law', () => {
    // 1.69 + 406.4 / 7e10^0.34 + 410.7 / 1.4e12^0.28 = 1.69 + 0.0834873 + 0.1631582
    expect(loss(hoffmann, 70e9, 1.4e12)).toBeCloseTo(1.93665, 5);
  });

  it('equals E plus each term worked by hand at round numbers', () => {
    const law = { E: 2, A: 100, B: 1000, alpha: 0.5, beta: 1 };
    // 2 + 100 / sqrt(1e4) + 1000 / 1e3 = 2 + 1 + 1
    expect(loss(law, 1e4, 1e3)).toBe(4);
  });

  it('agrees with the log form the GPU uses, up to N = 1e15', () => {
    for (const [N, D] of [
      [1e3, 1e8],
      [7e10, 1.4e12],
      [1e15, 1e14],
    ] as const) {
      const direct = loss(hoffmann, N, D);
      expect(lossFromLogs(hoffmann, Math.log(N), Math.log(D)) / direct - 1).toBeLessThan(1e-14);
    }
  });
});

describe('fitting form', () => {
  it('LSE(a - alpha ln N, b - beta ln D, e) is ln L', () => {
    const theta = thetaFromLaw(hoffmann);
    const N = 70e9;
    const D = 1.4e12;
    expect(logLossLSE(theta, Math.log(N), Math.log(D))).toBeCloseTo(Math.log(1.9366454705587), 12);
  });

  it('round-trips law and theta', () => {
    for (const p of PRESETS) {
      const back = lawFromTheta(thetaFromLaw(p.law));
      expect(back.E).toBeCloseTo(p.law.E, 12);
      expect(back.A / p.law.A).toBeCloseTo(1, 12);
      expect(back.B / p.law.B).toBeCloseTo(1, 12);
      expect(back.alpha).toBe(p.law.alpha);
    }
  });

  it('log-sum-exp is stable for large and -Infinity arguments', () => {
    expect(logSumExp3(1000, 1000, 1000)).toBeCloseTo(1000 + Math.log(3), 12);
    expect(logSumExp3(Number.NEGATIVE_INFINITY, 0, Number.NEGATIVE_INFINITY)).toBe(0);
    expect(logSumExp3(-Infinity, -Infinity, -Infinity)).toBe(-Infinity);
  });
});

describe('compute convention', () => {
  it('C = 6ND by default, with the multiplier as a named parameter', () => {
    expect(trainingFlops(70e9, 1.4e12)).toBeCloseTo(5.88e23, -19);
    expect(trainingFlops(1e9, 1e10, 8)).toBe(8e19);
    expect(tokensForBudget(6e19, 1e9)).toBe(1e10);
    expect(tokensForBudget(8e19, 1e9, 8)).toBe(1e10);
  });
});
