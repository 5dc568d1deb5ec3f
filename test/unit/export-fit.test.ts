import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { builtinDataset } from '../../src/data/builtin';
import { parseRuns, usableRuns } from '../../src/data/runs';
import { CpuEngine } from '../../src/engine/cpu-engine';
import { createInlineExecutor } from '../../src/engine/worker-pool';
import { lawMetadata } from '../../src/export/csv-metadata';
import { adapterFromLabel, fitJson, forecastCsv, replicasCsv, runsCsv } from '../../src/export/fit';
import { TOOL_VERSION } from '../../src/export/tool';
import type { ForecastCheck } from '../../src/fit/forecast';
import { fitReport } from '../../src/fit/report';
import { DEFAULT_FIT_OPTIONS, type FitOptions, type FitResult } from '../../src/fit/types';
import { builtinCsv, capture } from '../support/cli';
import { readCsv } from '../support/csv-read';

const { dir, csvPath } = builtinCsv('scaling-sweep-export-');
const options: FitOptions = {
  ...DEFAULT_FIT_OPTIONS,
  bootstrap: 12,
  seed: 5,
  starts: { kind: 'random', count: 24 },
};
const runs = usableRuns(parseRuns(builtinDataset(1).csv), new Set());
let result: FitResult;

beforeAll(async () => {
  const engine = new CpuEngine(createInlineExecutor());
  try {
    result = await engine.fit(runs, options);
  } finally {
    engine.dispose();
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A report without its wall-clock fields, which differ between two runs of one fit. */
function timeless(report: Record<string, unknown>) {
  const { seconds, fitsPerSecond, ...rest } = report;
  expect(seconds).toBeGreaterThan(0);
  expect(fitsPerSecond).toBeGreaterThan(0);
  return rest;
}

describe('fit JSON', () => {
  it('is what `cli fit --json` prints for the same data, options and seed', async () => {
    const io = capture();
    const code = await main(
      [
        'fit',
        csvPath,
        '--bootstrap',
        '12',
        '--seed',
        '5',
        '--starts',
        '24',
        '--engine',
        'cpu',
        '--json',
      ],
      io.streams,
    );
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    const cli = JSON.parse(io.out());
    const text = fitJson(result, null);
    const app = JSON.parse(text);
    expect(Object.keys(app)).toEqual(Object.keys(cli));
    expect(timeless(app)).toEqual(timeless(cli));
    expect(app.bootstrap.replicas).toBe(12);
    expect(app.rows).toBe(runs.length);
  });

  it('is the method id and fitReport, indented by two spaces, with a final newline', () => {
    const text = fitJson(result, 'SwiftShader Device');
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toMatch(/^ {2}"method": "approach3",$/);
    expect(text.split('\n')[2]).toMatch(/^ {2}"engine": "cpu",$/);
    expect(JSON.parse(text)).toEqual({
      method: 'approach3',
      ...JSON.parse(JSON.stringify(fitReport(result, 'SwiftShader Device'))),
    });
  });

  it('reads the adapter name out of a GPU engine label', () => {
    expect(adapterFromLabel('GPU · google swiftshader (software fallback adapter)')).toBe(
      'google swiftshader',
    );
    expect(adapterFromLabel('GPU · NVIDIA H100')).toBe('NVIDIA H100');
    expect(adapterFromLabel('CPU · 4 threads')).toBeNull();
    expect(adapterFromLabel('starting…')).toBeNull();
  });
});

describe('runs and replicas CSV', () => {
  it('lists every run with its prediction, residual and exclusion', () => {
    const excluded = new Set([runs[1]!.row]);
    const lines = runsCsv(result, runs, excluded).split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines[0]).toBe(
      'row,N (parameters),D (tokens),C (FLOPs),loss (nats/token),group,excluded,predicted loss (nats/token),residual (ln predicted - ln loss)',
    );
    expect(lines.length - 2).toBe(runs.length);
    const second = lines[2]!.split(',');
    expect(Number(second[0])).toBe(runs[1]!.row);
    expect(second[6]).toBe('true');
    expect(lines[1]!.split(',')[6]).toBe('false');
    const r = runs[0]!;
    const cells = lines[1]!.split(',').map(Number);
    expect(cells[1]).toBe(r.N);
    expect(cells[4]).toBe(r.loss);
    // The residual is ln(predicted) - ln(loss), and small for a good fit.
    expect(cells[8]).toBeCloseTo(Math.log(cells[7]!) - Math.log(r.loss), 12);
    expect(Math.abs(cells[8]!)).toBeLessThan(0.1);
  });

  it('lists every bootstrap replica with its constants', () => {
    const lines = replicasCsv(result)
      .trimEnd()
      .split('\r\n')
      .filter((l) => !l.startsWith('#'));
    expect(lines[0]).toBe('replica,converged,a,b,e,alpha,beta,E,A,B');
    expect(lines.length - 1).toBe(12);
    expect(lines[1]!.split(',')[0]).toBe('0');
    const converged = lines
      .slice(1)
      .map((l) => l.split(','))
      .find((c) => c[1] === 'true');
    expect(converged).toBeDefined();
    const [a, , e] = converged!.slice(2).map(Number);
    expect(Number(converged![7])).toBeCloseTo(Math.exp(e!), 10);
    expect(Number(converged![8]) / Math.exp(a!)).toBeCloseTo(1, 12);
    expect(lines.filter((l) => l.split(',')[1] === 'true').length).toBe(
      result.bootstrap!.converged,
    );
  });

  it('heads the replicas with the fit they come from, read back as pandas would', () => {
    const date = new Date('2026-01-02T03:04:05.000Z');
    const csv = readCsv(replicasCsv(result, { date }));
    const law = result.best.law;
    const boot = result.bootstrap!;
    expect(csv.comments).toEqual([
      `tool: scaling-sweep ${TOOL_VERSION}`,
      `law: ${lawMetadata(law, `point estimate of the approach3 fit over ${result.rows} runs`)}`,
      `fit: starts=random(24) bootstrap=12 seed=5 delta=0.001 tieExponents=false resampleGroups=true engine=cpu`,
      `replicas: ${boot.converged} of 12 converged`,
      'date: 2026-01-02T03:04:05.000Z',
    ]);
    // The point estimate reads back exactly from the header.
    const value = (k: string) => Number(new RegExp(` ?${k}=(\\S+)`).exec(csv.meta.law!)![1]);
    expect(['E', 'A', 'B', 'alpha', 'beta'].map(value)).toEqual([
      law.E,
      law.A,
      law.B,
      law.alpha,
      law.beta,
    ]);
    expect(csv.header).toEqual([
      'replica',
      'converged',
      'a',
      'b',
      'e',
      'alpha',
      'beta',
      'E',
      'A',
      'B',
    ]);
    expect(csv.rows).toHaveLength(12);
    expect(readCsv(replicasCsv(result, { lawSource: 'my fit', date })).meta.law).toMatch(
      / \(my fit\)$/,
    );
  });

  it('refuses a fit without bootstrap', () => {
    const { bootstrap: _, ...rest } = result;
    expect(() => replicasCsv(rest as FitResult)).toThrow(/no bootstrap replicas/);
  });
});

describe('forecast CSV', () => {
  it('lists every held-out run with its interval, error and coverage', () => {
    const row = {
      row: 130,
      N: 7.8e10,
      D: 6.4e11,
      C: 3e23,
      actual: 2.01,
      predicted: 2.03,
      lo: 1.98,
      hi: 2.09,
      paramLo: 2.0,
      paramHi: 2.06,
      relError: 0.00995,
      inside: true,
    };
    const check = {
      rows: [row, { ...row, row: 131, lo: Number.NaN, hi: Number.NaN, inside: false }],
    } as unknown as ForecastCheck;
    const lines = forecastCsv(check).trimEnd().split('\r\n');
    expect(lines[0]!.split(',')).toEqual([
      'row',
      'N (parameters)',
      'D (tokens)',
      'C (FLOPs)',
      'actual loss (nats/token)',
      'predicted loss (nats/token)',
      'interval 2.5% (nats/token)',
      'interval 97.5% (nats/token)',
      'parameter interval 2.5% (nats/token)',
      'parameter interval 97.5% (nats/token)',
      'relative error',
      'inside interval',
    ]);
    expect(lines[1]).toBe(
      '130,78000000000,640000000000,3e+23,2.01,2.03,1.98,2.09,2,2.06,0.00995,true',
    );
    expect(lines[2]).toBe('131,78000000000,640000000000,3e+23,2.01,2.03,,,2,2.06,0.00995,false');
  });
});
