/**
 * The CLI's `design` on a small synthetic isoFLOP design (1% noise on ln L), on the CPU engine
 * with a 64 x 64 candidate grid: the JSON shape, the greedy plan against the classic plan, the
 * plan CSV, the simulation check, the bad-input messages and exit codes, and `design --help`.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { designOnEngine } from '../../src/cli/design';
import { parseDesignCommand } from '../../src/cli/design-args';
import { SeededRandom } from '../../src/data/random';
import { CpuEngine } from '../../src/engine/cpu-engine';
import { createInlineExecutor } from '../../src/engine/worker-pool';
import { parseCandidates, parseDesignTarget } from '../../src/fit/design-spec';
import { DesignError } from '../../src/fit/information';
import type { FitResult } from '../../src/fit/types';
import { logLossLSE, thetaFromLaw } from '../../src/law/law';
import { findPreset } from '../../src/law/presets';
import { jsonNumbers as numbers, runMain as run } from '../support/cli-run';
import { isoflopRuns } from '../support/synthetic-runs';

const theta = thetaFromLaw(findPreset('hoffmann2022')!.law);
const runs = isoflopRuns(theta, {
  budgets: [1e18, 3e18, 1e19, 3e19, 1e20],
  sizes: [3e7, 6e7, 1.2e8, 2.5e8, 5e8, 1e9],
  sigma: 0.01,
  seed: 5,
});
const dir = mkdtempSync(join(tmpdir(), 'cli-design-'));
const csvPath = join(dir, 'runs.csv');
writeFileSync(csvPath, `N,D,loss\n${runs.map((r) => `${r.N},${r.D},${r.loss}`).join('\n')}\n`);

// One D for every run: nothing tells beta (or b) apart from E.
const rng = new SeededRandom(3);
const flatPath = join(dir, 'one-d.csv');
writeFileSync(
  flatPath,
  `N,D,loss\n${[3e7, 5e7, 8e7, 1.2e8, 2e8, 3e8, 5e8, 8e8, 1.2e9, 2e9]
    .map(
      (N) =>
        `${N},2e9,${Math.exp(logLossLSE(theta, Math.log(N), Math.log(2e9)) + 0.01 * rng.normal())}`,
    )
    .join('\n')}\n`,
);

const FAST = ['--starts', '60', '--grid', '64', '--engine', 'cpu'];
const BASE = ['design', csvPath, '--target', 'nopt@1e24', '--budget-flops', '1e21', ...FAST];

describe('CLI design', () => {
  it('prints both plans as versioned JSON, the greedy plan predicting the smaller SE', async () => {
    const r = await run([...BASE, '--json']);
    expect(r.code, r.err).toBe(0);
    const out = JSON.parse(r.out);
    expect(out).toMatchObject({ version: 1, command: 'design', budgetFlops: 1e21 });
    expect(out.engine).toEqual({ kind: 'cpu', adapter: null, threads: null });
    expect(out.target).toMatchObject({ text: 'nopt@1e24', kind: 'nopt', budget: 1e24 });
    expect(out.fit.runs).toBe(runs.length);
    expect(out.candidates).toMatchObject({ kind: 'nd', width: 64, height: 64, cells: 4096 });
    expect(out.candidates.inBudget).toBeGreaterThan(0);
    expect(out.plans.map((p: { kind: string }) => p.kind)).toEqual(['designer', 'classic']);
    for (const p of out.plans) {
      expect(p.flops).toBeLessThanOrEqual(1e21 * (1 + 1e-12));
      expect(p.seAfter).toBeLessThan(p.seBefore);
      expect(p.runs.length).toBeGreaterThan(0);
      for (const run of p.runs) {
        expect(Object.keys(run)).toEqual(['name', 'N', 'D', 'flops', 'reduction', 'seAfter']);
        expect(run.name).toMatch(new RegExp(`^${p.kind}-\\d\\d-N`));
        expect(run.flops).toBeCloseTo(6 * run.N * run.D, -Math.log10(run.flops) + 9);
      }
    }
    const [designer, classic] = out.plans;
    expect(classic.runs).toHaveLength(5);
    expect(designer.seAfter).toBeLessThan(classic.seAfter);
    expect(out.verdict.designerBelowClassic).toBe(true);
    expect(out.simulation).toBeNull();
    expect(numbers(out).every(Number.isFinite)).toBe(true);
  });

  it('prints the plans as text and writes the plan CSV', async () => {
    const csvOut = join(dir, 'plan.csv');
    const r = await run([...BASE, '--classic-k', '3', '--csv', csvOut]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^design: ln N_opt at C = 1\.00e24 FLOPs/);
    expect(r.out).toMatch(/designer plan \(greedy\): \d+ runs/);
    expect(r.out).toMatch(/classic plan \(one isoFLOP curve, 3 sizes\): 3 runs/);
    expect(r.out).toMatch(/verdict: the designer's plan predicts the smaller SE/);
    const csv = readFileSync(csvOut, 'utf8').split('\r\n');
    expect(csv[0]).toMatch(/^# tool: scaling-sweep /);
    expect(csv).toContain('# target: nopt@1e24');
    const header = csv.findIndex((l) => !l.startsWith('#'));
    expect(csv[header]).toBe('budget_flops,N,D,flops,name');
    expect(csv[header + 1]).toMatch(/^1e\+21,[\d.e+]+,[\d.e+]+,[\d.e+]+,designer-01-N/);
  });

  it('runs the simulation check with --simulate and says whether the designer beats both', async () => {
    const r = await run([...BASE, '--simulate', '1', '--bootstrap', '20', '--json']);
    expect(r.code, r.err).toBe(0);
    const sim = JSON.parse(r.out).simulation;
    expect(sim).toMatchObject({ replicas: 1, bootstrap: 20 });
    expect(sim.widthBefore).toBeGreaterThan(0);
    expect(sim.plans.map((p: { kind: string }) => p.kind)).toEqual([
      'designer',
      'classic',
      'random',
    ]);
    expect(typeof sim.designerBeatsAll).toBe('boolean');
    const text = await run([...BASE, '--simulate', '1', '--bootstrap', '20']);
    expect(text.out).toMatch(/simulation check \(1 data sets per plan, bootstrap 20\)/);
    expect(text.out).toMatch(/the designer (beats|does not beat) both: /);
  });

  it('refuses bad input with a specific message and exit code 2', async () => {
    const cases: [string[], RegExp][] = [
      [['--target', 'nopt@0'], /the target budget must be a finite number of FLOPs above 0, got 0/],
      [['--target', 'dopt@inf'], /the target budget must be a finite number .* got NaN/],
      [['--budget-flops', '-5'], /--budget-flops needs a finite number of FLOPs above 0/],
      [
        ['--candidates', 'N=1e12:1e13,D=1e12:1e13'],
        /no cell of the candidate region fits the compute budget of 1\.00e\+21 FLOPs/,
      ],
      [['--budget-flops', '30'], /too small for a single run/],
      [['--candidates', 'N=1e9:1e8,D=1e9:1e10'], /maximum below its minimum/],
      [['--target', 'nopt'], /--target needs nopt@C, dopt@C, a or loss@N,D/],
    ];
    for (const [extra, message] of cases) {
      const args = [...BASE];
      for (let i = 0; i < extra.length; i += 2) {
        const at = args.indexOf(extra[i]!);
        if (at >= 0) args.splice(at, 2);
        args.push(extra[i]!, extra[i + 1]!);
      }
      const r = await run(args);
      expect(r.code, `${extra.join(' ')}: ${r.err}`).toBe(2);
      expect(r.err).toMatch(message);
    }
  });

  it('names the parameter the runs do not identify and points to the identifiability map', async () => {
    const r = await run(['design', flatPath, '--target', 'a', '--budget-flops', '1e20', ...FAST]);
    expect(r.code, r.err).toBe(2);
    expect(r.err).toMatch(/beta/);
    expect(r.err).toMatch(/identifiability map/);
  });

  it('refuses a fit that did not converge', async () => {
    const command = parseDesignCommand(BASE);
    const fit = {
      best: { theta, converged: false, iterations: 500 },
      starts: { total: 60 },
    } as unknown as FitResult;
    const engine = new CpuEngine(createInlineExecutor());
    const refused = designOnEngine(runs, fit, command, engine);
    await expect(refused).rejects.toThrow(DesignError);
    await expect(refused).rejects.toThrow(/the fit did not converge .* fix the fit first/);
  });

  it('parses every kind of target and candidate region', () => {
    expect(parseDesignTarget('dopt@3e23')).toEqual({ kind: 'dopt', budget: 3e23 });
    expect(parseDesignTarget('a')).toEqual({ kind: 'exponent' });
    expect(parseDesignTarget('loss@7e10,1.4e12')).toEqual({ kind: 'loss', N: 7e10, D: 1.4e12 });
    expect(() => parseDesignTarget('loss@7e10,-1')).toThrow(/planned run's D/);
    expect(parseCandidates('C=1e20:1e22,k=16')).toEqual({
      kind: 'budgets-sizes',
      C: [1e20, 1e22],
      rows: 16,
    });
    expect(parseCandidates('N=1e8:1e11,D=1e9:1e12')).toEqual({
      kind: 'nd',
      N: [1e8, 1e11],
      D: [1e9, 1e12],
    });
    expect(() => parseCandidates('N=1e8:1e11')).toThrow(/both N=LO:HI and D=LO:HI/);
    expect(() => parseCandidates('C=1e20:1e22,D=1e9:1e10')).toThrow(/not both/);
  });

  it('prints its usage for design --help and exits 0', async () => {
    const r = await run(['design', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^usage: scaling-sweep design FILE --target T --budget-flops C/);
    const overview = await run(['--help']);
    expect(overview.out).toMatch(/design FILE {7}plan the next runs/);
  });
});
