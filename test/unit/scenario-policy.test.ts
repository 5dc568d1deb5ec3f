import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCENARIO_KINDS } from '../../src/law/scenario';
import {
  chooseScenario,
  kindFields,
  kindForAxes,
  kindForConstraints,
  scenarioFor,
} from '../../src/law/scenario-policy';

describe('the scenario-kind policy', () => {
  it('maps each combination of constraints to one kind', () => {
    const kind = (has: Parameters<typeof kindForConstraints>[0]) => {
      const r = kindForConstraints(has);
      return r.ok ? r.kind : 'refused';
    };
    expect(kind({})).toBe('compute');
    expect(kind({ U: true })).toBe('data-constrained');
    expect(kind({ Dinf: true })).toBe('inference-budget');
    expect(kind({ U: true, Dinf: true })).toBe('data-constrained-inference');
    expect(kind({ targetLoss: true })).toBe('target-loss');
    expect(kind({ targetLoss: true, Dinf: true })).toBe('inference-target');
    expect(kind({ targetLoss: true, U: true })).toBe('refused');
    expect(kind({ targetLoss: true, U: true, Dinf: true })).toBe('refused');
    expect(kind({ N: true })).toBe('fixed-model');
    expect(kind({ N: true, U: true })).toBe('refused');
  });

  it('builds the scenario from only the fields its kind reads', () => {
    expect(chooseScenario({ C: 1e22, U: 1e11, Dinf: 1e12, q: 2, RStarD: 5 })).toEqual({
      ok: true,
      kind: 'data-constrained-inference',
      scenario: {
        kind: 'data-constrained-inference',
        C: 1e22,
        U: 1e11,
        Dinf: 1e12,
        q: 2,
        RStarD: 5,
      },
      note: expect.stringMatching(/training \+ inference inside the budget and at most U unique/),
    });
    // A target loss makes the budget an output; R* only travels with U.
    expect(scenarioFor({ C: 1e22, targetLoss: 2.1, q: 1, RStarD: 5 })).toEqual({
      kind: 'target-loss',
      targetLoss: 2.1,
      q: 1,
    });
    const refused = chooseScenario({ U: 1e11, targetLoss: 2.1 });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.reason).toMatch(
      /unique tokens U cannot be combined with a target loss/,
    );
    expect(() => scenarioFor({ U: 1e11, targetLoss: 2.1 })).toThrow(/cannot be combined/);
  });

  it('gives every kind its fields', () => {
    for (const k of SCENARIO_KINDS) expect(kindFields(k).length).toBeGreaterThan(0);
  });

  it('maps swept axes through the same policy', () => {
    const kind = (a: string, b: string) => {
      const r = kindForAxes(a, b, (f) => f);
      return r.ok ? r.kind : r.reason;
    };
    expect(kind('C', 'U')).toBe('data-constrained');
    expect(kind('U', 'Dinf')).toBe('data-constrained-inference');
    expect(kind('mfu', 'Dinf')).toBe('inference-budget');
    expect(kind('Dinf', 'targetLoss')).toBe('inference-target');
    expect(kind('targetLoss', 'U')).toMatch(/only be swept against inference tokens/);
    expect(kind('C', 'C')).toMatch(/both axes sweep C/);
  });
});

/** Every .ts file under `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const KIND_LITERAL = `'(?:${SCENARIO_KINDS.join('|')})'`;
/**
 * A scenario kind literal used as a decision: compared (=== / !==), a switch case, a kind
 * property set to a literal, a ternary picking one, or a key of a per-kind table.
 */
const DECISIONS = [
  new RegExp(`[!=]==\\s*${KIND_LITERAL}`),
  new RegExp(`${KIND_LITERAL}\\s*[!=]==`),
  new RegExp(`case\\s+${KIND_LITERAL}`),
  new RegExp(`kind:\\s*${KIND_LITERAL}`),
  new RegExp(`\\?\\s*${KIND_LITERAL}\\s*:`),
  new RegExp(`^\\s*${KIND_LITERAL}\\s*:`),
  /\bcompute\s*:\s*\[/,
];

/** Lines of `text` (comments stripped) that decide a scenario kind. */
function kindDecisions(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/\/\/.*$/, ''))
    .filter((line) => !/^\s*\*/.test(line))
    .filter((line) => DECISIONS.some((re) => re.test(line)));
}

describe('no scenario-kind decision in src/ui', () => {
  it('finds none in any view or chart', () => {
    const found = sources('src/ui').flatMap((file) =>
      kindDecisions(readFileSync(file, 'utf8')).map((line) => `${file}: ${line.trim()}`),
    );
    expect(found).toEqual([]);
  });

  it('would have caught the decisions the views used to make', () => {
    // The shapes the Frontier view, the planner panel and the Sweep setup had.
    const before = [
      "    ? { kind: 'compute', C, q: c.q }",
      "    : { kind: 'data-constrained', C, U: c.U, q: c.q, ...repetitionConstants(extras) };",
      "  <p>{plan.scenario.kind === 'compute' ? '' : ', without'}</p>",
      "        kind: 'inference-target',",
      "  'data-constrained': ['C', 'U'],",
    ].join('\n');
    expect(kindDecisions(before)).toHaveLength(5);
    // Kind names in prose or as a type are not decisions.
    expect(kindDecisions("const label = 'a data-constrained plan';\n// kind: 'compute'")).toEqual(
      [],
    );
  });
});
